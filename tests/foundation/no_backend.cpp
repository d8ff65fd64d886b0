// The default is no backend: a process that loads ours without WINMM_BACKEND loads no other winmm. Every export
// still delegated answers with its winmm.spec failure value, and the process holds exactly one module named
// winmm.dll, ours, also after Wine DLLs that import winmm (and the drivers our own code loads) have come in: a
// second one would let GetModuleHandle("winmm.dll") find the wrong module.
// Runs with WINMM_LOG_LEVEL=info and WINMM_LOG_PATH set (see meson.build).
#include <catch.hpp>

#include <string>
#include <vector>

#include <windows.h>
#include <mmsystem.h>
#include <tlhelp32.h>

#include "call_measured.h"
#include "log_file.h"
#include "loaded_winmm.h"
#include "spec_exports.h"

using namespace winmm_test;

namespace {

// The backend is chosen on the first delegated call, so clearing the variable here, before any such call, gives
// the DLL the view of a process started without it (whatever the shell running meson had set).
void without_backend_variable() {
    REQUIRE(SetEnvironmentVariableW(L"WINMM_BACKEND", nullptr));
}

// Every module of this process whose base name is winmm.dll, compared case-insensitively.
std::vector<HMODULE> modules_named_winmm() {
    std::vector<HMODULE> found;
    HANDLE snap = CreateToolhelp32Snapshot(TH32CS_SNAPMODULE, 0);
    REQUIRE(snap != INVALID_HANDLE_VALUE);
    MODULEENTRY32W entry;
    entry.dwSize = sizeof entry;
    for (BOOL more = Module32FirstW(snap, &entry); more; more = Module32NextW(snap, &entry)) {
        if (CompareStringOrdinal(entry.szModule, -1, L"winmm.dll", -1, TRUE) == CSTR_EQUAL)
            found.push_back(entry.hModule);
    }
    CloseHandle(snap);
    return found;
}

void require_only_ours() {
    HMODULE ours = loaded_winmm().module;
    REQUIRE(ours);
    REQUIRE(loaded_winmm().ours());
    std::vector<HMODULE> named = modules_named_winmm();
    CHECK(named.size() == 1);
    for (HMODULE m : named) CHECK(m == ours);
    CHECK(GetModuleHandleW(L"winmm.dll") == ours);
    CHECK(GetModuleHandleW(L"WINMM") == ours);
}

}  // namespace

TEST_CASE("no backend: without WINMM_BACKEND delegated exports fail and nothing is loaded", "[foundation]") {
    without_backend_variable();
    std::string log = fresh_log();
    REQUIRE_FALSE(log.empty());
    HMODULE ours = loaded_winmm().module;
    REQUIRE(ours);
    unsigned delegated = 0;
    for (const SpecExport& e : spec_exports) {
        if (!e.delegated) continue;
        INFO(e.name);
        const void* fn = reinterpret_cast<const void*>(GetProcAddress(ours, e.name));
        REQUIRE(fn);
        int delta = 12345;
        CHECK(call_measured(fn, e.arg_bytes, &delta) == e.fail);
        CHECK(delta == (e.varargs && sizeof(void*) == 4 ? -static_cast<int>(e.arg_bytes) : 0));
        ++delegated;
    }
    require_only_ours();
    // The choice is logged at info level when the first delegated export is resolved; once winmm.spec delegates
    // nothing, nothing is resolved and there is nothing to log.
    std::string text = read_file(log);
    INFO(text);
    if (delegated) {
        CHECK(text.find("no backend (WINMM_BACKEND is not set)") != std::string::npos);
        CHECK(text.find("backend C:") == std::string::npos);
    }
}

TEST_CASE("no backend: one winmm.dll after Wine DLLs that import winmm and our own drivers load", "[foundation]") {
    without_backend_variable();
    // Our own code loads the audio endpoints and the Drivers32 drivers, whose modules import winmm themselves.
    waveOutGetNumDevs();
    waveInGetNumDevs();
    mixerGetNumDevs();
    auxGetNumDevs();
    CHECK(timeGetTime() != 0);
    // Wine DLLs that import winmm.dll resolve that import to the module already loaded: ours.
    std::vector<HMODULE> loaded;
    for (const wchar_t* name : {L"msacm32.dll", L"avifil32.dll", L"msvfw32.dll", L"dsound.dll"}) {
        INFO(std::string(name, name + wcslen(name)));
        HMODULE m = LoadLibraryW(name);
        CHECK(m != nullptr);
        if (m) loaded.push_back(m);
    }
    require_only_ours();
    for (HMODULE m : loaded) FreeLibrary(m);
}
