// The waveIn device list against MMDevAPI's capture endpoints: count, capabilities, ids, the preferred device,
// the endpoint id behind each device (DRV_QUERYFUNCTIONINSTANCEID) and the error texts.
#include <catch.hpp>

#include <windows.h>

#include <initguid.h>

#include <mmsystem.h>

#include <mmddk.h>
#include <mmdeviceapi.h>

#include <string>
#include <vector>

#include "support.h"

using namespace wave_in_test;

namespace {

// The capture endpoints as MMDevAPI sees them: the active ones, and the default console one.
struct Endpoints {
    std::vector<std::wstring> ids;
    std::wstring default_id;
    bool ok = false;
};

Endpoints capture_endpoints() {
    Endpoints e;
    HRESULT init = CoInitializeEx(nullptr, COINIT_MULTITHREADED);
    IMMDeviceEnumerator* en = nullptr;
    if (SUCCEEDED(CoCreateInstance(__uuidof(MMDeviceEnumerator), nullptr, CLSCTX_ALL, __uuidof(IMMDeviceEnumerator),
                                   reinterpret_cast<void**>(&en)))) {
        IMMDeviceCollection* col = nullptr;
        if (SUCCEEDED(en->EnumAudioEndpoints(eCapture, DEVICE_STATE_ACTIVE, &col))) {
            UINT n = 0;
            col->GetCount(&n);
            for (UINT i = 0; i < n; ++i) {
                IMMDevice* d = nullptr;
                if (SUCCEEDED(col->Item(i, &d))) {
                    LPWSTR id = nullptr;
                    if (SUCCEEDED(d->GetId(&id))) {
                        e.ids.push_back(id);
                        CoTaskMemFree(id);
                    }
                    d->Release();
                }
            }
            col->Release();
            e.ok = true;
        }
        IMMDevice* d = nullptr;
        if (SUCCEEDED(en->GetDefaultAudioEndpoint(eCapture, eConsole, &d))) {
            LPWSTR id = nullptr;
            if (SUCCEEDED(d->GetId(&id))) {
                e.default_id = id;
                CoTaskMemFree(id);
            }
            d->Release();
        }
        en->Release();
    }
    if (SUCCEEDED(init)) CoUninitialize();
    return e;
}

std::wstring instance_id(UINT device, MMRESULT* rc_out = nullptr) {
    ULONG bytes = 0;
    MMRESULT rc = waveInMessage(reinterpret_cast<HWAVEIN>(static_cast<UINT_PTR>(device)),
                                DRV_QUERYFUNCTIONINSTANCEIDSIZE, reinterpret_cast<DWORD_PTR>(&bytes), 0);
    if (rc_out) *rc_out = rc;
    if (rc != MMSYSERR_NOERROR || bytes < sizeof(WCHAR)) return L"";
    std::vector<WCHAR> buf(bytes / sizeof(WCHAR) + 1, L'#');
    rc = waveInMessage(reinterpret_cast<HWAVEIN>(static_cast<UINT_PTR>(device)), DRV_QUERYFUNCTIONINSTANCEID,
                       reinterpret_cast<DWORD_PTR>(buf.data()), bytes);
    if (rc_out) *rc_out = rc;
    if (rc != MMSYSERR_NOERROR) return L"";
    // The size counts the terminating NUL.
    if (buf[bytes / sizeof(WCHAR) - 1] != L'\0') return L"<not terminated at the reported size>";
    return buf.data();
}

}  // namespace

TEST_CASE("waveInGetNumDevs counts the active capture endpoints, in MMDevAPI's order", "[devices]") {
    sound_server::require_or_skip();
    Endpoints e = capture_endpoints();
    REQUIRE(e.ok);
    UINT n = waveInGetNumDevs();
    CHECK(n == e.ids.size());
    CHECK(n >= 1);  // the server's input
    // Each device's function instance id is one endpoint's id, each endpoint appears once.
    std::vector<std::wstring> seen;
    for (UINT i = 0; i < n; ++i) {
        MMRESULT rc = 0;
        std::wstring id = instance_id(i, &rc);
        CHECK(rc == MMSYSERR_NOERROR);
        CHECK(std::find(e.ids.begin(), e.ids.end(), id) != e.ids.end());
        CHECK(std::find(seen.begin(), seen.end(), id) == seen.end());
        seen.push_back(id);
    }
}

TEST_CASE("DRVM_MAPPER_PREFERRED_GET names the default capture endpoint", "[devices]") {
    sound_server::require_or_skip();
    Endpoints e = capture_endpoints();
    DWORD preferred = 0xdeadbeef, status = 0xdeadbeef;
    MMRESULT rc = waveInMessage(reinterpret_cast<HWAVEIN>(static_cast<UINT_PTR>(WAVE_MAPPER)),
                                DRVM_MAPPER_PREFERRED_GET, reinterpret_cast<DWORD_PTR>(&preferred),
                                reinterpret_cast<DWORD_PTR>(&status));
    REQUIRE(rc == MMSYSERR_NOERROR);
    REQUIRE(preferred < waveInGetNumDevs());
    CHECK((status & ~DWORD(DRVM_MAPPER_PREFERRED_FLAGS_PREFERREDONLY)) == 0);
    CHECK(instance_id(preferred) == e.default_id);

    // Either pointer missing: Windows answers MMSYSERR_INVALPARAM (Wine's capture tests, on Windows).
    rc = waveInMessage(reinterpret_cast<HWAVEIN>(static_cast<UINT_PTR>(WAVE_MAPPER)), DRVM_MAPPER_PREFERRED_GET,
                       reinterpret_cast<DWORD_PTR>(&preferred), 0);
    CHECK((rc == MMSYSERR_INVALPARAM || rc == MMSYSERR_BADDEVICEID));
    rc = waveInMessage(reinterpret_cast<HWAVEIN>(static_cast<UINT_PTR>(WAVE_MAPPER)), DRVM_MAPPER_PREFERRED_GET, 0,
                       reinterpret_cast<DWORD_PTR>(&status));
    CHECK((rc == MMSYSERR_INVALPARAM || rc == MMSYSERR_BADDEVICEID));
    // capture.c's own call: an unusable first pointer and no second one; nothing is written.
    rc = waveInMessage(reinterpret_cast<HWAVEIN>(static_cast<UINT_PTR>(WAVE_MAPPER)), DRVM_MAPPER_PREFERRED_GET,
                       static_cast<DWORD_PTR>(-1), 0);
    CHECK((rc == MMSYSERR_INVALPARAM || rc == MMSYSERR_BADDEVICEID));
}

TEST_CASE("DRV_QUERYFUNCTIONINSTANCEID: a too small buffer, a bad device and an open handle are refused", "[devices]") {
    sound_server::require_or_skip();
    ULONG bytes = 0;
    REQUIRE(waveInMessage(reinterpret_cast<HWAVEIN>(0), DRV_QUERYFUNCTIONINSTANCEIDSIZE,
                          reinterpret_cast<DWORD_PTR>(&bytes), 0) == MMSYSERR_NOERROR);
    REQUIRE(bytes > 2);
    std::vector<WCHAR> buf(bytes / 2);
    CHECK(waveInMessage(reinterpret_cast<HWAVEIN>(0), DRV_QUERYFUNCTIONINSTANCEID,
                        reinterpret_cast<DWORD_PTR>(buf.data()), bytes - 2) == MMSYSERR_MOREDATA);
    UINT bad = waveInGetNumDevs() + 3;
    CHECK(waveInMessage(reinterpret_cast<HWAVEIN>(static_cast<UINT_PTR>(bad)), DRV_QUERYFUNCTIONINSTANCEIDSIZE,
                        reinterpret_cast<DWORD_PTR>(&bytes), 0) == MMSYSERR_INVALHANDLE);
    CHECK(waveInMessage(reinterpret_cast<HWAVEIN>(0), DRV_QUERYFUNCTIONINSTANCEIDSIZE, 0, 0) == MMSYSERR_INVALPARAM);
    // The documentation: a handle in place of a device id fails with MMSYSERR_NOTSUPPORTED.
    HWAVEIN h = nullptr;
    Format f = pcm(44100, 16, 2);
    REQUIRE(waveInOpen(&h, 0, f.ex(), 0, 0, CALLBACK_NULL) == MMSYSERR_NOERROR);
    CHECK(waveInMessage(h, DRV_QUERYFUNCTIONINSTANCEIDSIZE, reinterpret_cast<DWORD_PTR>(&bytes), 0) ==
          MMSYSERR_NOTSUPPORTED);
    CHECK(waveInClose(h) == MMSYSERR_NOERROR);
}

TEST_CASE("DRV_QUERYDEVICEINTERFACE: the size counts the NUL", "[devices]") {
    sound_server::require_or_skip();
    ULONG size = 0;
    MMRESULT rc = waveInMessage(reinterpret_cast<HWAVEIN>(0), DRV_QUERYDEVICEINTERFACESIZE,
                                reinterpret_cast<DWORD_PTR>(&size), 0);
    REQUIRE((rc == MMSYSERR_NOERROR || rc == MMSYSERR_NOTSUPPORTED));
    if (rc == MMSYSERR_NOERROR) {
        std::vector<WCHAR> name(size / sizeof(WCHAR) + 1, L'#');
        REQUIRE(waveInMessage(reinterpret_cast<HWAVEIN>(0), DRV_QUERYDEVICEINTERFACE,
                              reinterpret_cast<DWORD_PTR>(name.data()), size) == MMSYSERR_NOERROR);
        CHECK(lstrlenW(name.data()) + 1 == static_cast<int>(size / sizeof(WCHAR)));
        // The interface path names the endpoint.
        std::wstring id = instance_id(0);
        CHECK(std::wstring(name.data()).find(id) != std::wstring::npos);
    }
}

TEST_CASE("waveInGetDevCaps: ids, the mapper, an open handle, bad pointers and sizes", "[devices]") {
    sound_server::require_or_skip();
    UINT n = waveInGetNumDevs();
    REQUIRE(n >= 1);
    for (UINT i = 0; i < n; ++i) {
        WAVEINCAPSW w;
        WAVEINCAPSA a;
        std::memset(&w, 0xcc, sizeof w);
        std::memset(&a, 0xcc, sizeof a);
        REQUIRE(waveInGetDevCapsW(i, &w, sizeof w) == MMSYSERR_NOERROR);
        REQUIRE(waveInGetDevCapsA(i, &a, sizeof a) == MMSYSERR_NOERROR);
        // The name is NUL-terminated within the 32 characters and the A name is the W name converted.
        CHECK(wcsnlen(w.szPname, MAXPNAMELEN) < MAXPNAMELEN);
        CHECK(strnlen(a.szPname, MAXPNAMELEN) < MAXPNAMELEN);
        CHECK(wcslen(w.szPname) > 0);
        char conv[MAXPNAMELEN * 2] = "";
        WideCharToMultiByte(CP_ACP, 0, w.szPname, -1, conv, sizeof conv, nullptr, nullptr);
        CHECK(std::string(conv).substr(0, MAXPNAMELEN - 1) == a.szPname);
        CHECK((w.wChannels == 1 || w.wChannels == 2));
        CHECK(w.dwFormats != 0);
        CHECK((w.dwFormats & ~0xFFFFFu) == 0);  // only the defined WAVE_FORMAT_* bits
        CHECK(a.wMid == w.wMid);
        CHECK(a.wPid == w.wPid);
        CHECK(a.dwFormats == w.dwFormats);
    }
    WAVEINCAPSA a;
    CHECK(waveInGetDevCapsA(WAVE_MAPPER, &a, sizeof a) == MMSYSERR_NOERROR);
    WAVEINCAPSW w;
    CHECK(waveInGetDevCapsW(WAVE_MAPPER, &w, sizeof w) == MMSYSERR_NOERROR);
    CHECK(waveInGetDevCapsA(n + 1, &a, sizeof a) == MMSYSERR_BADDEVICEID);
    CHECK(waveInGetDevCapsW(n + 1, &w, sizeof w) == MMSYSERR_BADDEVICEID);
    CHECK(waveInGetDevCapsA(0, nullptr, sizeof a) == MMSYSERR_INVALPARAM);
    CHECK(waveInGetDevCapsW(0, nullptr, sizeof w) == MMSYSERR_INVALPARAM);

    // Only cbwic bytes are written (Windows: a 4-byte size succeeds).
    WAVEINCAPSA small;
    std::memset(&small, 0xcc, sizeof small);
    CHECK(waveInGetDevCapsA(0, &small, 4) == MMSYSERR_NOERROR);
    const BYTE* p = reinterpret_cast<const BYTE*>(&small);
    bool rest_untouched = true;
    for (size_t i = 4; i < sizeof small; ++i) rest_untouched = rest_untouched && p[i] == 0xcc;
    CHECK(rest_untouched);
    WAVEINCAPSA full;
    REQUIRE(waveInGetDevCapsA(0, &full, sizeof full) == MMSYSERR_NOERROR);
    CHECK(std::memcmp(&small, &full, 4) == 0);

    // An open handle serves as a device id.
    HWAVEIN h = nullptr;
    Format f = pcm(44100, 16, 2);
    REQUIRE(waveInOpen(&h, 0, f.ex(), 0, 0, CALLBACK_NULL) == MMSYSERR_NOERROR);
    WAVEINCAPSW byhandle;
    CHECK(waveInGetDevCapsW(static_cast<UINT>(reinterpret_cast<UINT_PTR>(h)), &byhandle, sizeof byhandle) ==
          MMSYSERR_NOERROR);
    WAVEINCAPSW byid;
    REQUIRE(waveInGetDevCapsW(0, &byid, sizeof byid) == MMSYSERR_NOERROR);
    CHECK(std::wstring(byhandle.szPname) == byid.szPname);
    CHECK(waveInClose(h) == MMSYSERR_NOERROR);
}

TEST_CASE("waveInGetID: the id an open handle was opened with", "[devices]") {
    sound_server::require_or_skip();
    UINT n = waveInGetNumDevs();
    Format f = pcm(22050, 16, 1);
    for (UINT i = 0; i < n; ++i) {
        HWAVEIN h = nullptr;
        REQUIRE(waveInOpen(&h, i, f.ex(), 0, 0, CALLBACK_NULL) == MMSYSERR_NOERROR);
        UINT id = 0xdead;
        CHECK(waveInGetID(h, &id) == MMSYSERR_NOERROR);
        CHECK(id == i);
        CHECK(waveInGetID(h, nullptr) == MMSYSERR_INVALPARAM);
        CHECK(waveInClose(h) == MMSYSERR_NOERROR);
        CHECK(waveInGetID(h, &id) == MMSYSERR_INVALHANDLE);
    }
    UINT id = 0;
    CHECK(waveInGetID(nullptr, &id) == MMSYSERR_INVALHANDLE);
}

TEST_CASE("waveInGetErrorText: every waveIn error has a text; truncation and bad numbers", "[devices]") {
    const MMRESULT codes[] = {MMSYSERR_NOERROR,    MMSYSERR_ERROR,      MMSYSERR_BADDEVICEID, MMSYSERR_NOTENABLED,
                              MMSYSERR_ALLOCATED,  MMSYSERR_INVALHANDLE, MMSYSERR_NODRIVER,   MMSYSERR_NOMEM,
                              MMSYSERR_NOTSUPPORTED, MMSYSERR_BADERRNUM, MMSYSERR_INVALFLAG,  MMSYSERR_INVALPARAM,
                              WAVERR_BADFORMAT,    WAVERR_STILLPLAYING, WAVERR_UNPREPARED,   WAVERR_SYNC};
    for (MMRESULT c : codes) {
        char a[MAXERRORLENGTH];
        WCHAR w[MAXERRORLENGTH];
        INFO("error " << c);
        CHECK(waveInGetErrorTextA(c, a, MAXERRORLENGTH) == MMSYSERR_NOERROR);
        CHECK(waveInGetErrorTextW(c, w, MAXERRORLENGTH) == MMSYSERR_NOERROR);
        CHECK(std::strlen(a) > 0);
        CHECK(std::strlen(a) < MAXERRORLENGTH);
        char conv[MAXERRORLENGTH * 2];
        WideCharToMultiByte(CP_ACP, 0, w, -1, conv, sizeof conv, nullptr, nullptr);
        CHECK(std::string(conv) == a);
    }
    char a[8];
    std::memset(a, 'x', sizeof a);
    CHECK(waveInGetErrorTextA(WAVERR_BADFORMAT, a, 5) == MMSYSERR_NOERROR);
    CHECK(std::strlen(a) == 4);  // truncated, NUL-terminated
    CHECK(a[5] == 'x');
    char big[MAXERRORLENGTH];
    CHECK(waveInGetErrorTextA(12345, big, sizeof big) == MMSYSERR_BADERRNUM);
    CHECK(waveInGetErrorTextA(WAVERR_BADFORMAT, nullptr, 10) == MMSYSERR_INVALPARAM);
}
