// ANSI / Unicode name translation between the A/W entry points and ANSI/Unicode procedures.
#include <catch.hpp>
#include <cstring>
#include <string>

#include "rec_proc.h"

namespace {
const FOURCC kANS = mmioFOURCC('A', 'N', 'S', ' ');
const FOURCC kUNI = mmioFOURCC('U', 'N', 'I', ' ');
}  // namespace

TEST_CASE("Unicode procedures get WCHAR names from mmioOpenA; ANSI ones narrow names from mmioOpenW", "[names]") {
    RecScope rs;
    REQUIRE(mmioInstallIOProcA(kANS, rec_proc_a, MMIO_INSTALLPROC) == rec_proc_a);
    REQUIRE(mmioInstallIOProcW(kUNI, rec_proc_w, MMIO_INSTALLPROC) == rec_proc_w);
    HMMIO h = mmioOpenA(const_cast<char*>("a.uni+caf\xC3\xA9"), nullptr, MMIO_READ);  // UTF-8 is the native "ACP"
    REQUIRE(h);
    REQUIRE(rs.rec.last_name_was_wide);
    REQUIRE(rs.rec.last_name_w == u"a.uni+caf\u00E9");
    mmioClose(h, 0);
    h = mmioOpenW(const_cast<WCHAR*>(u"b.ans+\u00FCber"), nullptr, MMIO_READ);
    REQUIRE(h);
    REQUIRE_FALSE(rs.rec.last_name_was_wide);
    REQUIRE(rs.rec.last_name_a == "b.ans+\xC3\xBC" "ber");
    mmioClose(h, 0);
    h = mmioOpenW(const_cast<WCHAR*>(u"c.uni+x"), nullptr, MMIO_READ);
    REQUIRE(rs.rec.last_name_was_wide);
    REQUIRE(rs.rec.last_name_w == u"c.uni+x");
    mmioClose(h, 0);
}

TEST_CASE("MMIO_UNICODEPROC through mmioInstallIOProcA makes a Unicode procedure", "[names]") {
    RecScope rs;
    REQUIRE(mmioInstallIOProcA(kUNI, rec_proc_w, MMIO_INSTALLPROC | MMIO_UNICODEPROC) == rec_proc_w);
    HMMIO h = mmioOpenA(const_cast<char*>("z.uni+e"), nullptr, MMIO_READ);
    REQUIRE(h);
    REQUIRE(rs.rec.last_name_w == u"z.uni+e");
    mmioClose(h, 0);
}

TEST_CASE("a passed pIOProc is ANSI unless installed as Unicode or MMIO_UNICODEPROC is in fdwOpen", "[names]") {
    RecScope rs;
    MMIOINFO mi;
    std::memset(&mi, 0, sizeof mi);
    mi.pIOProc = rec_proc_a;
    HMMIO h = mmioOpenW(const_cast<WCHAR*>(u"wide.txt"), &mi, MMIO_READ);
    REQUIRE(h);
    REQUIRE(rs.rec.last_name_a == "wide.txt");
    mmioClose(h, 0);
    mi.pIOProc = rec_proc_w;
    h = mmioOpenA(const_cast<char*>("narrow.txt"), &mi, MMIO_READ | MMIO_UNICODEPROC);
    REQUIRE(h);
    REQUIRE(rs.rec.last_name_w == u"narrow.txt");
    mmioClose(h, 0);
}

TEST_CASE("PARSE / GETTEMP answers are translated back to the caller's form", "[names][special]") {
    RecScope rs;
    REQUIRE(mmioInstallIOProcA(kANS, rec_proc_a, MMIO_INSTALLPROC) == rec_proc_a);
    REQUIRE(mmioInstallIOProcW(kUNI, rec_proc_w, MMIO_INSTALLPROC) == rec_proc_w);
    WCHAR wname[128];
    std::u16string in = u"q.ans+e";
    std::memcpy(wname, in.c_str(), (in.size() + 1) * 2);
    rs.rec.special_answer = "/abs/q.ans+e";
    REQUIRE(mmioOpenW(wname, nullptr, MMIO_PARSE) == reinterpret_cast<HMMIO>(1));
    REQUIRE(std::u16string(reinterpret_cast<char16_t*>(wname)) == u"/abs/q.ans+e");
    char aname[128] = "q.uni+e";
    REQUIRE(mmioOpenA(aname, nullptr, MMIO_PARSE) == reinterpret_cast<HMMIO>(1));
    REQUIRE(std::string(aname) == "/abs/q.ans+e");
    REQUIRE(rs.rec.last_name_was_wide);
}

TEST_CASE("mmioRename goes to the chosen procedure with translated names", "[names][rename]") {
    RecScope rs;
    REQUIRE(mmioInstallIOProcW(kUNI, rec_proc_w, MMIO_INSTALLPROC) == rec_proc_w);
    REQUIRE(mmioRenameA("old.uni+a", "new.uni+b", nullptr, 0) == 0);
    REQUIRE(rs.rec.log == seq({"RENAME old.uni+a>new.uni+b"}));
    REQUIRE(rs.rec.last_name_was_wide);
    MMIOINFO mi;
    std::memset(&mi, 0, sizeof mi);
    mi.pIOProc = rec_proc_a;
    REQUIRE(mmioRenameW(u"w1", u"w2", &mi, 0) == 0);
    REQUIRE(rs.rec.log.back() == "RENAME w1>w2");
    REQUIRE_FALSE(rs.rec.last_name_was_wide);
    REQUIRE(mmioRenameA(nullptr, "x", nullptr, 0) == MMSYSERR_INVALPARAM);
    REQUIRE(mmioRenameW(u"x", nullptr, nullptr, 0) == MMSYSERR_INVALPARAM);
    REQUIRE(mmioRenameA("a.none+b", "c", nullptr, 0) == MMIOERR_FILENOTFOUND);  // as mmioOpen on Windows
}

TEST_CASE("paths with '+' that are not compound names use DOS", "[names][open]") {
    RecScope rs;
    MMIOINFO mi;
    std::memset(&mi, 0, sizeof mi);
    // "Notepad++\x.wav": no extension before the last '+' -> DOS, which fails: the file does not exist
    REQUIRE(mmioOpenA(const_cast<char*>("/nonexistent/Notepad++/x.wav"), &mi, MMIO_READ) == nullptr);
    REQUIRE(mi.wErrorRet == MMIOERR_FILENOTFOUND);
}
