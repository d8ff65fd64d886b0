// mci-avi: Wine's real digital-video driver (mciavi32.dll, found through MCI32) driven by our mciSendCommand: it
// opens an AVI this program writes with avifil32, reports its length and position in frames and milliseconds, plays
// it to the end (MCI_NOTIFY_SUCCESSFUL) and closes. Without a display, Wine's null graphics driver gives mciavi32
// the window it creates (HKCU\Software\Wine\Drivers Graphics=null, set for this program's run only).
#include <catch.hpp>

#include <windows.h>

#include <mmsystem.h>
#include <digitalv.h>
#include <vfw.h>

#include <string>
#include <vector>

#include "mci_support.h"

namespace {

constexpr int kWidth = 32, kHeight = 24, kFrames = 10, kRate = 10;  // one second of video

std::wstring temp_file(const wchar_t* name) {
    wchar_t dir[MAX_PATH];
    GetTempPathW(MAX_PATH, dir);
    return std::wstring(dir) + name;
}

// A video-only AVI: kFrames uncompressed 24-bit frames at kRate frames per second.
bool write_avi(const std::wstring& path) {
    DeleteFileW(path.c_str());
    AVIFileInit();
    PAVIFILE file = nullptr;
    bool ok = AVIFileOpenW(&file, path.c_str(), OF_CREATE | OF_WRITE, nullptr) == AVIERR_OK;
    PAVISTREAM stream = nullptr;
    if (ok) {
        AVISTREAMINFOW info = {};
        info.fccType = streamtypeVIDEO;
        info.fccHandler = mmioFOURCC('D', 'I', 'B', ' ');
        info.dwScale = 1;
        info.dwRate = kRate;
        info.dwSuggestedBufferSize = kWidth * kHeight * 3;
        SetRect(&info.rcFrame, 0, 0, kWidth, kHeight);
        ok = AVIFileCreateStreamW(file, &stream, &info) == AVIERR_OK;
    }
    if (ok) {
        BITMAPINFOHEADER bih = {};
        bih.biSize = sizeof(bih);
        bih.biWidth = kWidth;
        bih.biHeight = kHeight;
        bih.biPlanes = 1;
        bih.biBitCount = 24;
        bih.biCompression = BI_RGB;
        bih.biSizeImage = kWidth * kHeight * 3;
        ok = AVIStreamSetFormat(stream, 0, &bih, sizeof(bih)) == AVIERR_OK;
    }
    for (int i = 0; ok && i < kFrames; ++i) {
        std::vector<BYTE> frame(kWidth * kHeight * 3, static_cast<BYTE>(i * 20));
        ok = AVIStreamWrite(stream, i, 1, frame.data(), static_cast<LONG>(frame.size()), AVIIF_KEYFRAME, nullptr,
                            nullptr) == AVIERR_OK;
    }
    if (stream) AVIStreamRelease(stream);
    if (file) AVIFileRelease(file);
    AVIFileExit();
    return ok;
}

MCIERROR set_time_format(MCIDEVICEID id, DWORD format) {
    MCI_SET_PARMS s = {};
    s.dwTimeFormat = format;
    return mciSendCommandW(id, MCI_SET, MCI_SET_TIME_FORMAT | MCI_WAIT, reinterpret_cast<DWORD_PTR>(&s));
}

DWORD_PTR status(MCIDEVICEID id, DWORD item) {
    MCI_STATUS_PARMS st = {};
    st.dwItem = item;
    MCIERROR e = mciSendCommandW(id, MCI_STATUS, MCI_STATUS_ITEM | MCI_WAIT, reinterpret_cast<DWORD_PTR>(&st));
    return e ? static_cast<DWORD_PTR>(-1) : st.dwReturn;
}

}  // namespace

TEST_CASE("mciavi32 opens a generated AVI, reports its length, plays it to the end and closes", "[avi]") {
    mci_support::RegistryValue graphics(L"Software\\Wine\\Drivers", L"Graphics", L"null", HKEY_CURRENT_USER);
    const std::wstring path = temp_file(L"winmm_ng_mci.avi");
    REQUIRE(write_avi(path));

    MCI_DGV_OPEN_PARMSW p = {};
    p.lpstrDeviceType = const_cast<LPWSTR>(L"avivideo");
    p.lpstrElementName = const_cast<LPWSTR>(path.c_str());
    MCIERROR err = mciSendCommandW(0, MCI_OPEN, MCI_OPEN_TYPE | MCI_OPEN_ELEMENT | MCI_WAIT,
                                   reinterpret_cast<DWORD_PTR>(&p));
    INFO("MCI_OPEN avivideo: " << err);
    REQUIRE(err == 0);
    const MCIDEVICEID id = p.wDeviceID;
    CHECK(mciGetDeviceIDW(path.c_str()) == id);

    MCI_GETDEVCAPS_PARMS caps = {};
    caps.dwItem = MCI_GETDEVCAPS_DEVICE_TYPE;
    REQUIRE(mciSendCommandW(id, MCI_GETDEVCAPS, MCI_GETDEVCAPS_ITEM, reinterpret_cast<DWORD_PTR>(&caps)) == 0);
    CHECK(caps.dwReturn == MCI_DEVTYPE_DIGITAL_VIDEO);

    CHECK(status(id, MCI_STATUS_TIME_FORMAT) == MCI_FORMAT_FRAMES);  // digital video counts frames by default
    CHECK(status(id, MCI_STATUS_LENGTH) == kFrames);
    CHECK(status(id, MCI_STATUS_POSITION) == 0);
    CHECK(status(id, MCI_STATUS_MODE) == MCI_MODE_STOP);
    REQUIRE(set_time_format(id, MCI_FORMAT_MILLISECONDS) == 0);
    CHECK(status(id, MCI_STATUS_LENGTH) == 1000);
    CHECK(set_time_format(id, MCI_FORMAT_BYTES) == MCIERR_BAD_TIME_FORMAT);
    REQUIRE(set_time_format(id, MCI_FORMAT_FRAMES) == 0);

    mci_support::NotifyWindow w;
    MCI_DGV_PLAY_PARMS play = {};
    play.dwCallback = w.callback();
    DWORD start = GetTickCount();
    REQUIRE(mciSendCommandW(id, MCI_PLAY, MCI_NOTIFY, reinterpret_cast<DWORD_PTR>(&play)) == 0);
    auto note = w.next(15000);
    CHECK(note.status == MCI_NOTIFY_SUCCESSFUL);
    CHECK(note.device == static_cast<LPARAM>(id));
    CHECK(GetTickCount() - start >= 800);  // it took the movie's time
    CHECK(status(id, MCI_STATUS_POSITION) == kFrames);

    REQUIRE(mciSendCommandW(id, MCI_CLOSE, MCI_WAIT, 0) == 0);
    CHECK(mciGetDeviceIDW(path.c_str()) == 0);
    DeleteFileW(path.c_str());
}
