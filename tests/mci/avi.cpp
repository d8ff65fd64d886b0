// mci-avi: Wine's real digital-video driver (mciavi32.dll, found through MCI32) driven by our mciSendCommand: it
// opens an AVI this program writes, reports its length and position in frames and milliseconds, plays
// it to the end (MCI_NOTIFY_SUCCESSFUL) and closes. mciavi32 creates a video window, and there is no display here:
// the program sets Wine's null graphics driver (HKCU\Software\Wine\Drivers Graphics=null, removed again at the
// end) and runs the checks in a child process on a desktop of its own, whose desktop process starts with that
// driver (the default desktop's already failed to start without a display).
#include <catch.hpp>

#include <windows.h>

#include <mmsystem.h>
#include <digitalv.h>
#include <vfw.h>

#include <cstdio>
#include <cstring>
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

void put32(std::vector<BYTE>& out, DWORD v) {
    for (int i = 0; i < 4; ++i) out.push_back(static_cast<BYTE>(v >> (8 * i)));
}
void put_bytes(std::vector<BYTE>& out, const void* p, size_t n) {
    const BYTE* b = static_cast<const BYTE*>(p);
    out.insert(out.end(), b, b + n);
}
void put_fourcc(std::vector<BYTE>& out, const char* f) { put_bytes(out, f, 4); }
// Patches the size field of a chunk or list whose header starts at `at`.
void end_chunk(std::vector<BYTE>& out, size_t at) {
    DWORD size = static_cast<DWORD>(out.size() - at - 8);
    std::memcpy(&out[at + 4], &size, 4);
}

// A video-only AVI written by hand (RIFF 'AVI ': hdrl with avih, strl with strh and strf; movi with one '00db'
// chunk per frame; idx1): kFrames uncompressed 24-bit frames at kRate frames per second.
bool write_avi(const std::wstring& path) {
    const DWORD frame_bytes = kWidth * kHeight * 3;
    std::vector<BYTE> out;
    put_fourcc(out, "RIFF");
    put32(out, 0);
    put_fourcc(out, "AVI ");
    size_t hdrl = out.size();
    put_fourcc(out, "LIST");
    put32(out, 0);
    put_fourcc(out, "hdrl");
    MainAVIHeader avih = {};
    avih.dwMicroSecPerFrame = 1000000 / kRate;
    avih.dwMaxBytesPerSec = frame_bytes * kRate;
    avih.dwFlags = AVIF_HASINDEX;
    avih.dwTotalFrames = kFrames;
    avih.dwStreams = 1;
    avih.dwSuggestedBufferSize = frame_bytes;
    avih.dwWidth = kWidth;
    avih.dwHeight = kHeight;
    put_fourcc(out, "avih");
    put32(out, sizeof(avih));
    put_bytes(out, &avih, sizeof(avih));
    size_t strl = out.size();
    put_fourcc(out, "LIST");
    put32(out, 0);
    put_fourcc(out, "strl");
    AVIStreamHeader strh = {};
    strh.fccType = streamtypeVIDEO;
    strh.fccHandler = mmioFOURCC('D', 'I', 'B', ' ');
    strh.dwScale = 1;
    strh.dwRate = kRate;
    strh.dwLength = kFrames;
    strh.dwSuggestedBufferSize = frame_bytes;
    strh.dwQuality = static_cast<DWORD>(-1);
    strh.rcFrame.right = kWidth;
    strh.rcFrame.bottom = kHeight;
    put_fourcc(out, "strh");
    put32(out, sizeof(strh));
    put_bytes(out, &strh, sizeof(strh));
    BITMAPINFOHEADER bih = {};
    bih.biSize = sizeof(bih);
    bih.biWidth = kWidth;
    bih.biHeight = kHeight;
    bih.biPlanes = 1;
    bih.biBitCount = 24;
    bih.biCompression = BI_RGB;
    bih.biSizeImage = frame_bytes;
    put_fourcc(out, "strf");
    put32(out, sizeof(bih));
    put_bytes(out, &bih, sizeof(bih));
    end_chunk(out, strl);
    end_chunk(out, hdrl);
    size_t movi = out.size();
    put_fourcc(out, "LIST");
    put32(out, 0);
    put_fourcc(out, "movi");
    std::vector<AVIINDEXENTRY> index;
    for (int i = 0; i < kFrames; ++i) {
        AVIINDEXENTRY e = {};
        e.ckid = mmioFOURCC('0', '0', 'd', 'b');
        e.dwFlags = AVIIF_KEYFRAME;
        e.dwChunkOffset = static_cast<DWORD>(out.size() - (movi + 8));  // from the 'movi' fourcc
        e.dwChunkLength = frame_bytes;
        index.push_back(e);
        put_fourcc(out, "00db");
        put32(out, frame_bytes);
        out.insert(out.end(), frame_bytes, static_cast<BYTE>(i * 20));
    }
    end_chunk(out, movi);
    put_fourcc(out, "idx1");
    put32(out, static_cast<DWORD>(index.size() * sizeof(AVIINDEXENTRY)));
    put_bytes(out, index.data(), index.size() * sizeof(AVIINDEXENTRY));
    end_chunk(out, 0);
    FILE* f = _wfopen(path.c_str(), L"wb");
    if (!f) return false;
    bool ok = fwrite(out.data(), 1, out.size(), f) == out.size();
    fclose(f);
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

TEST_CASE("child: mciavi32 opens a generated AVI, reports its length, plays it to the end and closes",
          "[.][child-avi]") {
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
    // At the end: the last frame (Wine's mciavi32) or the length.
    DWORD_PTR end_position = status(id, MCI_STATUS_POSITION);
    CHECK(end_position >= kFrames - 1);
    CHECK(end_position <= kFrames);

    REQUIRE(mciSendCommandW(id, MCI_CLOSE, MCI_WAIT, 0) == 0);
    CHECK(mciGetDeviceIDW(path.c_str()) == 0);
    DeleteFileW(path.c_str());
}

TEST_CASE("mciavi32 opens a generated AVI, reports its length, plays it to the end and closes", "[avi]") {
    mci_support::RegistryValue graphics(L"Software\\Wine\\Drivers", L"Graphics", L"null", HKEY_CURRENT_USER);
    REQUIRE(graphics.ok());
    wchar_t exe[MAX_PATH];
    GetModuleFileNameW(nullptr, exe, MAX_PATH);
    std::wstring cmd = L"\"" + std::wstring(exe) + L"\" [child-avi]";
    STARTUPINFOW si = {};
    si.cb = sizeof(si);
    si.lpDesktop = const_cast<LPWSTR>(L"winmm_ng_mci_avi");
    si.dwFlags = STARTF_USESTDHANDLES;
    si.hStdInput = GetStdHandle(STD_INPUT_HANDLE);
    si.hStdOutput = GetStdHandle(STD_OUTPUT_HANDLE);
    si.hStdError = GetStdHandle(STD_ERROR_HANDLE);
    PROCESS_INFORMATION pi = {};
    REQUIRE(CreateProcessW(nullptr, &cmd[0], nullptr, nullptr, TRUE, 0, nullptr, nullptr, &si, &pi));
    CHECK(WaitForSingleObject(pi.hProcess, 120000) == WAIT_OBJECT_0);
    DWORD code = 1;
    GetExitCodeProcess(pi.hProcess, &code);
    CloseHandle(pi.hThread);
    CloseHandle(pi.hProcess);
    CHECK(code == 0);  // the child's own report is printed above
}
