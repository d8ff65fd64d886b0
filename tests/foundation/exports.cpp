// The DLL's export directory holds every winmm.spec name of this architecture, undecorated, and nothing else;
// it depends on no MinGW runtime DLL and does not import winmm.
#include <catch.hpp>

#include <algorithm>
#include <cctype>
#include <set>
#include <string>

#include "call_measured.h"
#include "loaded_winmm.h"
#include "pe_image.h"
#include "spec_exports.h"

using winmm_test::loaded_winmm;

TEST_CASE("exports: every winmm.spec name is exported, undecorated", "[foundation]") {
    HMODULE ours = loaded_winmm().module;
    REQUIRE(ours);
    std::vector<std::string> names = winmm_test::export_names(ours);
    std::set<std::string> have(names.begin(), names.end());
    for (const SpecExport& e : spec_exports) {
        INFO(e.name);
        CHECK(have.count(e.name) == 1);
        CHECK(GetProcAddress(ours, e.name) != nullptr);
    }
}

TEST_CASE("exports: nothing beyond winmm.spec is exported", "[foundation]") {
    HMODULE ours = loaded_winmm().module;
    REQUIRE(ours);
    std::set<std::string> spec;
    for (const SpecExport& e : spec_exports) spec.insert(e.name);
    for (const std::string& name : winmm_test::export_names(ours)) {
        INFO(name);
        CHECK(spec.count(name) == 1);
        CHECK(name.find('@') == std::string::npos);
    }
    CHECK(winmm_test::export_names(ours).size() == sizeof spec_exports / sizeof *spec_exports);
}

TEST_CASE("exports: the DLL imports only Windows system DLLs, and not winmm", "[foundation]") {
    HMODULE ours = loaded_winmm().module;
    REQUIRE(ours);
    for (std::string dll : winmm_test::imported_dlls(ours)) {
        std::transform(dll.begin(), dll.end(), dll.begin(), [](unsigned char c) { return std::tolower(c); });
        INFO(dll);
        CHECK(dll != "winmm.dll");
        CHECK(dll.find("libstdc++") == std::string::npos);
        CHECK(dll.find("libgcc") == std::string::npos);
        CHECK(dll.find("libwinpthread") == std::string::npos);
    }
}

TEST_CASE("exports: every export pops exactly its argument bytes (stdcall), or none (varargs)", "[foundation]") {
    // Called with all-zero arguments, which every export rejects or serves without touching memory: a NULL
    // handle, NULL pointers, a zero period or delay. On x86 a wrong argument size would leave the stack unbalanced.
    HMODULE ours = loaded_winmm().module;
    REQUIRE(ours);
    unsigned checked = 0;
    for (const SpecExport& e : spec_exports) {
        INFO(e.name);
        // mciExecute shows its error in a message box, which waits for a click; mci_strings-parser calls it.
        if (std::string(e.name) == "mciExecute") continue;
        if (std::string(e.name) == "mmTaskBlock") {
            // It returns once the calling thread has the task signal (WM_USER) in its queue: post it first.
            MSG msg;
            PeekMessageW(&msg, nullptr, 0, 0, PM_NOREMOVE);
            REQUIRE(PostThreadMessageW(GetCurrentThreadId(), WM_USER, 0, 0));
        }
        int delta = 12345;
        call_measured(reinterpret_cast<const void*>(GetProcAddress(ours, e.name)), e.arg_bytes, &delta);
        // A varargs export (winmmDbgOut) is cdecl: on x86 its caller pops the arguments.
        CHECK(delta == (e.varargs && sizeof(void*) == 4 ? -static_cast<int>(e.arg_bytes) : 0));
        ++checked;
    }
    CHECK(checked == sizeof spec_exports / sizeof *spec_exports - 1);
}
