// With no backend (WINMM_BACKEND=none) every delegated export returns its winmm.spec failure value and, on x86,
// pops exactly its argument bytes. Each export is called through its export-table address, as an application would.
#include <catch.hpp>

#include "call_measured.h"
#include "log_file.h"
#include "loaded_winmm.h"
#include "spec_exports.h"

using namespace winmm_test;

TEST_CASE("fallback: every delegated export returns its failure value with no backend", "[foundation]") {
    std::string log = fresh_log();
    REQUIRE(env("WINMM_BACKEND") == "none");
    HMODULE ours = loaded_winmm().module;
    REQUIRE(ours);
    unsigned checked = 0;
    for (const SpecExport& e : spec_exports) {
        if (!e.delegated) continue;
        INFO(e.name);
        const void* fn = reinterpret_cast<const void*>(GetProcAddress(ours, e.name));
        REQUIRE(fn);
        // Twice: the first call goes through the resolver stub, the second through the resolved slot.
        for (int round = 0; round < 2; ++round) {
            int delta = 12345;
            CHECK(call_measured(fn, e.arg_bytes, &delta) == e.fail);
            CHECK(delta == (e.varargs && sizeof(void*) == 4 ? -static_cast<int>(e.arg_bytes) : 0));
        }
        ++checked;
    }
    // The delegated set shrinks as subsystems become ours; what remains (MCI, joystick and a few others) is
    // still over 30 exports on either architecture: a much smaller count means the list was not read.
    CHECK(checked > 25);
    std::string text = read_file(log);
    INFO(text);
    CHECK(text.find("no backend") != std::string::npos);
}
