// winmmDbgOut and winmmSetDebugLevel (undocumented; what they do here is docs/misc.md's decision): the formatted
// text reaches the log (WINMM_LOG_PATH, info level), a NULL format or a level of 0 writes nothing, and text longer
// than the line buffer is cut, never overflows it.
#include <catch.hpp>

#include <string>

#include <windows.h>
#include <mmsystem.h>

#include "../foundation/log_file.h"
#include "loaded_winmm.h"

// No public header declares them; MinGW's import library exports both.
extern "C" {
void WINAPIV winmmDbgOut(LPCSTR format, ...);
void WINAPI winmmSetDebugLevel(int level);
}

using namespace winmm_test;

namespace {

size_t count_of(const std::string& text, const std::string& what) {
    size_t n = 0;
    for (size_t at = text.find(what); at != std::string::npos; at = text.find(what, at + 1)) ++n;
    return n;
}

}  // namespace

TEST_CASE("winmmDbgOut: formats its arguments into the log, on by default", "[misc][decision]") {
    REQUIRE(loaded_winmm().ours());
    std::string log = fresh_log();
    REQUIRE_FALSE(log.empty());
    winmmDbgOut("dbgout %d|%s|%04x|%c", 42, "text", 0xbeef, 'z');
    std::string text = read_file(log);
    INFO(text);
    CHECK(count_of(text, "winmmDbgOut: dbgout 42|text|beef|z") == 1);
}

TEST_CASE("winmmDbgOut: a NULL format writes nothing and returns", "[misc]") {
    std::string log = fresh_log();
    winmmDbgOut(nullptr);
    winmmDbgOut(nullptr, 1, 2, 3);
    winmmDbgOut("after null");
    std::string text = read_file(log);
    INFO(text);
    CHECK(count_of(text, "winmmDbgOut:") == 1);
    CHECK(count_of(text, "winmmDbgOut: after null") == 1);
}

TEST_CASE("winmmDbgOut: text longer than a line is cut, not overflowed", "[misc][decision]") {
    std::string log = fresh_log();
    std::string big(5000, 'x');
    winmmDbgOut("%s|end", big.c_str());
    winmmDbgOut("still %s", "alive");
    std::string text = read_file(log);
    INFO(text.substr(0, 200));
    CHECK(count_of(text, "winmmDbgOut: still alive") == 1);
    CHECK(text.find("|end") == std::string::npos);
    // 511 characters of the 5000 survive (a 512-byte line with its terminator).
    CHECK(text.find(std::string(511, 'x')) != std::string::npos);
    CHECK(text.find(std::string(512, 'x')) == std::string::npos);
}

TEST_CASE("winmmSetDebugLevel: 0 silences winmmDbgOut, a positive level turns it back on", "[misc][decision]") {
    std::string log = fresh_log();
    winmmSetDebugLevel(0);
    winmmDbgOut("silenced %d", 1);
    winmmSetDebugLevel(-3);
    winmmDbgOut("silenced %d", 2);
    winmmSetDebugLevel(2);
    winmmDbgOut("heard %d", 3);
    winmmSetDebugLevel(1);  // the default again, for whatever runs next
    std::string text = read_file(log);
    INFO(text);
    CHECK(text.find("silenced") == std::string::npos);
    CHECK(count_of(text, "winmmDbgOut: heard 3") == 1);
    CHECK(count_of(text, "winmmSetDebugLevel(0)") == 1);
    CHECK(count_of(text, "winmmSetDebugLevel(2)") == 1);
}
