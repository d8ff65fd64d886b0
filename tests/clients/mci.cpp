// Real client: MCI's waveaudio device. mciSendString goes through our winmm.dll (which delegates MCI to the
// backend winmm); the backend loads Wine's MCI driver mciwave.dll, and mciwave reads the WAV file with mmio through
// its own imports of winmm.dll. Each visible test case runs in a child process with our trace log on (see
// client_support.h) and proves from the log, and from mciwave's import table, that our mmio served the driver.
//
// Only playing needs a sound device. That check is a separate hidden test case ([play], its own meson test): with
// no wave output device it prints why and exits with 77, which meson reports as SKIP, not as a pass.
#include <windows.h>
#include <mmsystem.h>

#include <catch.hpp>

#include <cstdio>
#include <cstdlib>
#include <string>

#include "client_support.h"

using namespace clients;

namespace {

struct Clip {
    const wchar_t* file;
    WORD channels;
    DWORD rate;
    WORD bits;
    DWORD bytes;
    bool odd_chunks;
    unsigned seed;
    DWORD block() const { return static_cast<DWORD>(channels) * bits / 8; }
    DWORD samples() const { return bytes / block(); }
    DWORD milliseconds() const { return static_cast<DWORD>(static_cast<unsigned long long>(samples()) * 1000 / rate); }
};

const Clip kMono8 = {L"mono8.wav", 1, 8000, 8, 8000, false, 1};            // 1 s, extra LIST and junk chunks
const Clip kStereo16Odd = {L"stereo16.wav", 2, 22050, 16, 44100, true, 2};  // 0.5 s, odd-sized chunks + pad bytes

void prepare_clip(const std::wstring& dir, const Clip& c) {
    REQUIRE(write_file(dir + L"\\" + c.file, make_wav(c.channels, c.rate, c.bits, pcm_pattern(c.bytes, c.seed),
                                                       c.odd_chunks, c.odd_chunks)));
}

// mciSendStringW; returns the error code, the reply in *reply.
MCIERROR mci(const std::wstring& command, std::wstring* reply = nullptr) {
    wchar_t buf[256] = L"";
    MCIERROR err = mciSendStringW(command.c_str(), buf, 256, nullptr);
    if (reply) *reply = buf;
    return err;
}

std::string mci_error_text(MCIERROR err) {
    wchar_t text[256] = L"";
    mciGetErrorStringW(err, text, 256);
    return std::to_string(err) + " (" + narrow(text) + ")";
}

#define REQUIRE_MCI(cmd)                                                   \
    do {                                                                   \
        MCIERROR err_ = mci(cmd);                                          \
        INFO("mciSendString(\"" << narrow(cmd) << "\") = " << mci_error_text(err_)); \
        REQUIRE(err_ == 0);                                                \
    } while (0)

std::wstring status(const std::wstring& what) {
    std::wstring reply;
    MCIERROR err = mci(L"status clip " + what, &reply);
    INFO("status clip " << narrow(what) << " = " << mci_error_text(err));
    CHECK(err == 0);
    return reply;
}

const std::initializer_list<const char*> kMciwaveMmio = {"mmioOpenW", "mmioDescend", "mmioRead", "mmioSeek",
                                                        "mmioClose"};

void child_status(const Clip& c) {
    const std::wstring path = work_dir() + L"\\" + c.file;
    REQUIRE_MCI(L"open \"" + path + L"\" type waveaudio alias clip");
    // mciwave is loaded now: it must be Wine's driver, importing mmio from the winmm beside this executable.
    require_imports_served_by_app_winmm(L"mciwave.dll", kMciwaveMmio);

    REQUIRE_MCI(L"set clip time format milliseconds");
    CHECK(status(L"length") == std::to_wstring(c.milliseconds()));
    REQUIRE_MCI(L"set clip time format samples");
    CHECK(status(L"length") == std::to_wstring(c.samples()));
    REQUIRE_MCI(L"set clip time format bytes");
    CHECK(status(L"length") == std::to_wstring(c.bytes));
    CHECK(status(L"channels") == std::to_wstring(c.channels));
    CHECK(status(L"samplespersec") == std::to_wstring(c.rate));
    CHECK(status(L"bitspersample") == std::to_wstring(c.bits));
    CHECK(status(L"bytespersec") == std::to_wstring(c.rate * c.block()));
    CHECK(status(L"alignment") == std::to_wstring(c.block()));
    REQUIRE_MCI(L"close clip");

    // The command interface too: MCI_OPEN with an element, MCI_STATUS length in milliseconds.
    MCI_OPEN_PARMSW open{};
    open.lpstrDeviceType = L"waveaudio";
    open.lpstrElementName = path.c_str();
    MCIERROR err = mciSendCommandW(0, MCI_OPEN, MCI_OPEN_TYPE | MCI_OPEN_ELEMENT | MCI_WAIT,
                                   reinterpret_cast<DWORD_PTR>(&open));
    INFO("MCI_OPEN = " << mci_error_text(err));
    REQUIRE(err == 0);
    MCI_SET_PARMS set{};
    set.dwTimeFormat = MCI_FORMAT_MILLISECONDS;
    CHECK(mciSendCommandW(open.wDeviceID, MCI_SET, MCI_SET_TIME_FORMAT | MCI_WAIT,
                          reinterpret_cast<DWORD_PTR>(&set)) == 0);
    MCI_STATUS_PARMS st{};
    st.dwItem = MCI_STATUS_LENGTH;
    CHECK(mciSendCommandW(open.wDeviceID, MCI_STATUS, MCI_STATUS_ITEM | MCI_WAIT, reinterpret_cast<DWORD_PTR>(&st)) ==
          0);
    CHECK(st.dwReturn == c.milliseconds());
    CHECK(mciSendCommandW(open.wDeviceID, MCI_CLOSE, MCI_WAIT, 0) == 0);
}

void require_driver_read_calls(const ClientProof& p) {
    // Opened twice: by the string interface and by the command interface.
    require_child_served_by_our_mmio(p, {{"mmioOpen", 2}, {"mmioDescend", 2}, {"mmioRead", 1}, {"mmioClose", 2}});
}

}  // namespace

// ------------------------------------------------------------------------------------------ child test cases

TEST_CASE("child: mci waveaudio open, status, close (8-bit mono)", "[.][child-mci-mono8]") { child_status(kMono8); }

TEST_CASE("child: mci waveaudio open, status, close (16-bit stereo, odd-sized chunks)", "[.][child-mci-stereo16]") {
    child_status(kStereo16Odd);
}

TEST_CASE("child: mci waveaudio play", "[.][child-mci-play]") {
    const std::wstring path = work_dir() + L"\\" + kMono8.file;
    REQUIRE_MCI(L"open \"" + path + L"\" type waveaudio alias clip");
    require_imports_served_by_app_winmm(L"mciwave.dll", kMciwaveMmio);
    REQUIRE_MCI(L"set clip time format milliseconds");
    REQUIRE_MCI(L"play clip wait");
    CHECK(status(L"position") == std::to_wstring(kMono8.milliseconds()));
    REQUIRE_MCI(L"close clip");
}

// ------------------------------------------------------------------------------------------ visible test cases

TEST_CASE("mci waveaudio: open, status length and close are served by our mmio (8-bit mono, extra chunks)",
          "[mci]") {
    require_driver_read_calls(
        run_client(L"mcimono", L"[child-mci-mono8]", [](const std::wstring& dir) { prepare_clip(dir, kMono8); }));
}

// RIFF: "a null pad byte if the size of the data portion is odd". mciwave finds 'fmt ' and 'data' with
// mmioDescend(MMIO_FINDCHUNK), which must step over the pad bytes of the chunks before them.
TEST_CASE("mci waveaudio: a WAV with odd-sized chunks opens through our mmio (16-bit stereo)", "[mci]") {
    require_driver_read_calls(run_client(L"mcistereo", L"[child-mci-stereo16]",
                                         [](const std::wstring& dir) { prepare_clip(dir, kStereo16Odd); }));
}

// Its own meson test ('client-mci-play'): skipped (exit code 77) without a wave output device.
TEST_CASE("mci waveaudio: play reads the samples through our mmio (needs a sound device)", "[.][play]") {
    UINT devices = waveOutGetNumDevs();
    if (devices == 0) {
        std::printf("SKIP: 'play' needs a wave output device and waveOutGetNumDevs() is 0: not tested, not passed\n");
        std::fflush(stdout);
        std::exit(77);
    }
    require_child_served_by_our_mmio(
        run_client(L"mciplay", L"[child-mci-play]", [](const std::wstring& dir) { prepare_clip(dir, kMono8); }),
        {{"mmioOpen", 1}, {"mmioRead", 2}});
}
