// mmio conformance suite, part B: installing, finding and removing custom I/O procedures (mmioInstallIOProcA/W),
// choosing the procedure when a file is opened, and the ANSI/Unicode form of the names a procedure receives.
//
// Public API only. Each test uses its own four-character codes so that tests do not see each other's procedures.
// Checks of behaviour the documentation leaves open are in test cases tagged [decision].
#include <catch.hpp>

#include "support/recording_ioproc.h"

#include <string>
#include <vector>

using namespace confb;

namespace {

FOURCC fcc(const char* s) { return mmioFOURCC(s[0], s[1], s[2], s[3]); }

// Removes a procedure at scope exit if a failed check left it installed.
struct Cleanup {
    FOURCC id;
    int times;
    Cleanup(FOURCC i, int n = 4) : id(i), times(n) {}
    ~Cleanup() {
        for (int i = 0; i < times; ++i)
            if (!mmioInstallIOProcA(id, nullptr, MMIO_REMOVEPROC)) break;
    }
};

struct Closer {
    HMMIO h;
    explicit Closer(HMMIO x) : h(x) {}
    ~Closer() {
        if (h) mmioClose(h, 0);
    }
    void close() {
        if (h) mmioClose(h, 0);
        h = nullptr;
    }
};

HMMIO open_a(const std::string& name, DWORD flags = MMIO_READ, MMIOINFO* mi = nullptr) {
    std::vector<char> b(name.begin(), name.end());
    b.push_back(0);
    b.resize(b.size() + 260, 0);
    return mmioOpenA(b.data(), mi, flags);
}
HMMIO open_w(const std::wstring& name, DWORD flags = MMIO_READ, MMIOINFO* mi = nullptr) {
    std::vector<wchar_t> b(name.begin(), name.end());
    b.push_back(0);
    b.resize(b.size() + 260, 0);
    return mmioOpenW(b.data(), mi, flags);
}

MMIOINFO zero_info() {
    MMIOINFO mi;
    std::memset(&mi, 0, sizeof mi);
    return mi;
}

// First recorded event of a message (a copy; `found` tells whether there was one).
struct Found {
    bool found = false;
    Event ev;
    const Event* operator->() const { return &ev; }
};
Found first_of(const Recorder& r, UINT msg) {
    Found f;
    auto v = r.events_of(msg);
    if (!v.empty()) {
        f.found = true;
        f.ev = v[0];
    }
    return f;
}

std::string narrow(const std::wstring& w) {
    std::string s;
    for (wchar_t c : w) s.push_back(c < 128 ? static_cast<char>(c) : '?');
    return s;
}

}  // namespace

// ===============================================================================================================
// Install / find / remove
// ===============================================================================================================

TEST_CASE("mmioInstallIOProcA: MMIO_INSTALLPROC, MMIO_FINDPROC and MMIO_REMOVEPROC return the procedure",
          "[mmioInstallIOProc]") {
    Recorder p;
    const FOURCC id = fcc("CBI1");
    Cleanup c(id);
    REQUIRE(p.proc() != nullptr);
    // mmioInstallIOProc: "Returns the address of the I/O procedure installed, removed, or located."
    CHECK(mmioInstallIOProcA(id, p.proc(), MMIO_INSTALLPROC) == p.proc());
    // mmioInstallIOProc: "MMIO_FINDPROC: Searches for the specified I/O procedure." / "To remove or locate an I/O
    // procedure, set this parameter to NULL."
    CHECK(mmioInstallIOProcA(id, nullptr, MMIO_FINDPROC) == p.proc());
    CHECK(mmioInstallIOProcA(id, nullptr, MMIO_REMOVEPROC) == p.proc());
    // Once removed it can no longer be found: "Returns NULL if there is an error."
    CHECK(mmioInstallIOProcA(id, nullptr, MMIO_FINDPROC) == nullptr);
}

TEST_CASE("mmioInstallIOProcW: MMIO_INSTALLPROC, MMIO_FINDPROC and MMIO_REMOVEPROC return the procedure",
          "[mmioInstallIOProc]") {
    Recorder p;
    const FOURCC id = fcc("CBI2");
    Cleanup c(id);
    // mmioInstallIOProcW: "Returns the address of the I/O procedure installed, removed, or located."
    CHECK(mmioInstallIOProcW(id, p.proc(), MMIO_INSTALLPROC) == p.proc());
    CHECK(mmioInstallIOProcW(id, nullptr, MMIO_FINDPROC) == p.proc());
    CHECK(mmioInstallIOProcW(id, nullptr, MMIO_REMOVEPROC) == p.proc());
    CHECK(mmioInstallIOProcW(id, nullptr, MMIO_FINDPROC) == nullptr);
}

TEST_CASE("mmioInstallIOProcA: finding or removing an identifier with no procedure returns NULL",
          "[mmioInstallIOProc]") {
    // mmioInstallIOProc: "Returns NULL if there is an error."
    CHECK(mmioInstallIOProcA(fcc("CBN0"), nullptr, MMIO_FINDPROC) == nullptr);
    CHECK(mmioInstallIOProcA(fcc("CBN0"), nullptr, MMIO_REMOVEPROC) == nullptr);
    CHECK(mmioInstallIOProcW(fcc("CBN0"), nullptr, MMIO_FINDPROC) == nullptr);
    CHECK(mmioInstallIOProcW(fcc("CBN0"), nullptr, MMIO_REMOVEPROC) == nullptr);
}

TEST_CASE("mmioInstallIOProcA: the most recently installed procedure takes precedence and is removed first",
          "[mmioInstallIOProc]") {
    Recorder a, b;
    const FOURCC id = fcc("CBI3");
    Cleanup c(id);
    // MMIOPROC: "mmioInstallIOProc will not prevent an application from installing two different I/O procedures
    // with the same identifier"
    REQUIRE(mmioInstallIOProcA(id, a.proc(), MMIO_INSTALLPROC) == a.proc());
    REQUIRE(mmioInstallIOProcA(id, b.proc(), MMIO_INSTALLPROC) == b.proc());
    // MMIOPROC: "The most recently installed procedure takes precedence, and the most recently installed procedure
    // is the first one to be removed."
    CHECK(mmioInstallIOProcA(id, nullptr, MMIO_FINDPROC) == b.proc());
    {
        HMMIO h = open_a("prec.CBI3+x");
        Closer cl(h);
        CHECK(h != nullptr);
        CHECK(b.count(MMIOM_OPEN) == 1);
        CHECK(a.count(MMIOM_OPEN) == 0);
    }
    CHECK(mmioInstallIOProcA(id, nullptr, MMIO_REMOVEPROC) == b.proc());
    CHECK(mmioInstallIOProcA(id, nullptr, MMIO_FINDPROC) == a.proc());
    {
        HMMIO h = open_a("prec.CBI3+x");
        Closer cl(h);
        CHECK(h != nullptr);
        CHECK(a.count(MMIOM_OPEN) == 1);
    }
    CHECK(mmioInstallIOProcA(id, nullptr, MMIO_REMOVEPROC) == a.proc());
    CHECK(mmioInstallIOProcA(id, nullptr, MMIO_FINDPROC) == nullptr);
}

TEST_CASE("mmioInstallIOProcA: a procedure installed twice must be removed twice", "[mmioInstallIOProc]") {
    Recorder p;
    const FOURCC id = fcc("CBI4");
    Cleanup c(id);
    REQUIRE(mmioInstallIOProcA(id, p.proc(), MMIO_INSTALLPROC) == p.proc());
    REQUIRE(mmioInstallIOProcA(id, p.proc(), MMIO_INSTALLPROC) == p.proc());
    // MMIOPROC: "If an application calls mmioInstallIOProc more than once to register the same I/O procedure, then
    // it must call mmioInstallIOProc to remove the procedure once for each time it installed the procedure."
    CHECK(mmioInstallIOProcA(id, nullptr, MMIO_REMOVEPROC) == p.proc());
    CHECK(mmioInstallIOProcA(id, nullptr, MMIO_FINDPROC) == p.proc());
    CHECK(mmioInstallIOProcA(id, nullptr, MMIO_REMOVEPROC) == p.proc());
    CHECK(mmioInstallIOProcA(id, nullptr, MMIO_FINDPROC) == nullptr);
    CHECK(mmioInstallIOProcA(id, nullptr, MMIO_REMOVEPROC) == nullptr);
}

TEST_CASE("mmioInstallIOProcA: a procedure remains installed until it is removed", "[mmioInstallIOProc]") {
    Recorder p;
    const FOURCC id = fcc("CBI5");
    Cleanup c(id);
    REQUIRE(mmioInstallIOProcA(id, p.proc(), MMIO_INSTALLPROC) == p.proc());
    // Installing Custom I/O Procedures: "When you install an I/O procedure using mmioInstallIOProc, the procedure
    // remains installed until you remove it. The I/O procedure is used for any file you open as long as the file has
    // the appropriate filename extension."
    for (const char* name : {"one.CBI5+a", "two.CBI5+b", "one.CBI5+a"}) {
        INFO(name);
        HMMIO h = open_a(name);
        CHECK(h != nullptr);
        if (h) CHECK(mmioClose(h, 0) == MMSYSERR_NOERROR);
    }
    CHECK(p.count(MMIOM_OPEN) == 3);
    CHECK(p.count(MMIOM_CLOSE) == 3);
    CHECK(mmioInstallIOProcA(id, nullptr, MMIO_FINDPROC) == p.proc());
    CHECK(mmioInstallIOProcA(id, nullptr, MMIO_REMOVEPROC) == p.proc());
}

TEST_CASE("mmioInstallIOProcA: MMIO_GLOBALPROC installs a procedure that can be found and used",
          "[mmioInstallIOProc]") {
    Recorder g;
    const FOURCC id = fcc("CBG1");
    Cleanup c(id);
    // mmioInstallIOProc: "MMIO_GLOBALPROC: This flag is a modifier to the MMIO_INSTALLPROC flag and indicates the I/O
    // procedure should be installed for global use."
    CHECK(mmioInstallIOProcA(id, g.proc(), MMIO_INSTALLPROC | MMIO_GLOBALPROC) == g.proc());
    CHECK(mmioInstallIOProcA(id, nullptr, MMIO_FINDPROC) == g.proc());
    HMMIO h = open_a("glob.CBG1+e");
    CHECK(h != nullptr);
    if (h) CHECK(mmioClose(h, 0) == MMSYSERR_NOERROR);
    CHECK(g.count(MMIOM_OPEN) == 1);
    CHECK(mmioInstallIOProcA(id, nullptr, MMIO_REMOVEPROC) == g.proc());
    CHECK(mmioInstallIOProcA(id, nullptr, MMIO_FINDPROC) == nullptr);
}

TEST_CASE("mmioInstallIOProcA: MMIO_GLOBALPROC is ignored with MMIO_FINDPROC and MMIO_REMOVEPROC",
          "[mmioInstallIOProc]") {
    Recorder l;
    const FOURCC id = fcc("CBG2");
    Cleanup c(id);
    REQUIRE(mmioInstallIOProcA(id, l.proc(), MMIO_INSTALLPROC) == l.proc());
    // mmioInstallIOProc: "This flag is ignored if MMIO_FINDPROC or MMIO_REMOVEPROC is specified."
    CHECK(mmioInstallIOProcA(id, nullptr, MMIO_FINDPROC | MMIO_GLOBALPROC) == l.proc());
    CHECK(mmioInstallIOProcA(id, nullptr, MMIO_REMOVEPROC | MMIO_GLOBALPROC) == l.proc());
    CHECK(mmioInstallIOProcA(id, nullptr, MMIO_FINDPROC) == nullptr);
}

TEST_CASE("mmioInstallIOProcA: local procedures are searched before global procedures", "[mmioInstallIOProc]") {
    Recorder local, global;
    const FOURCC id = fcc("CBG3");
    Cleanup c(id);
    // Local installed first, global installed later: the local one is still found first.
    REQUIRE(mmioInstallIOProcA(id, local.proc(), MMIO_INSTALLPROC) == local.proc());
    REQUIRE(mmioInstallIOProcA(id, global.proc(), MMIO_INSTALLPROC | MMIO_GLOBALPROC) == global.proc());
    // MMIOPROC: "When searching for a specified I/O procedure, local procedures are searched first, then global
    // procedures."
    CHECK(mmioInstallIOProcA(id, nullptr, MMIO_FINDPROC) == local.proc());
    HMMIO h = open_a("order.CBG3+e");
    CHECK(h != nullptr);
    if (h) mmioClose(h, 0);
    CHECK(local.count(MMIOM_OPEN) == 1);
    CHECK(global.count(MMIOM_OPEN) == 0);
}

TEST_CASE("mmioInstallIOProcA: MMIO_REMOVEPROC removes the procedure a search would find",
          "[mmioInstallIOProc][decision]") {
    Recorder local, global;
    const FOURCC id = fcc("CBG4");
    Cleanup c(id);
    REQUIRE(mmioInstallIOProcA(id, local.proc(), MMIO_INSTALLPROC) == local.proc());
    REQUIRE(mmioInstallIOProcA(id, global.proc(), MMIO_INSTALLPROC | MMIO_GLOBALPROC) == global.proc());
    // Decision: removal follows the search order (local list first, most recent first), so the local procedure
    // goes first even though the global one was installed later.
    CHECK(mmioInstallIOProcA(id, nullptr, MMIO_REMOVEPROC) == local.proc());
    CHECK(mmioInstallIOProcA(id, nullptr, MMIO_FINDPROC) == global.proc());
    CHECK(mmioInstallIOProcA(id, nullptr, MMIO_REMOVEPROC) == global.proc());
    CHECK(mmioInstallIOProcA(id, nullptr, MMIO_FINDPROC) == nullptr);
}

TEST_CASE("mmioInstallIOProcA: the predefined DOS and MEM procedures can be shadowed", "[mmioInstallIOProc]") {
    Recorder mem;
    Cleanup c(FOURCC_MEM, 1);
    // MMIOPROC: "mmioInstallIOProc will not prevent an application from ... installing an I/O procedure with one of
    // the predefined identifiers ("DOS ", "MEM "). The most recently installed procedure takes precedence"
    REQUIRE(mmioInstallIOProcA(FOURCC_MEM, mem.proc(), MMIO_INSTALLPROC) == mem.proc());
    CHECK(mmioInstallIOProcA(FOURCC_MEM, nullptr, MMIO_FINDPROC) == mem.proc());
    {
        MMIOINFO mi = zero_info();
        mi.fccIOProc = FOURCC_MEM;
        char buf[64] = {0};
        mi.pchBuffer = buf;
        mi.cchBuffer = sizeof buf;
        HMMIO h = mmioOpenA(nullptr, &mi, MMIO_READWRITE);
        Closer cl(h);
        CHECK(h != nullptr);
        CHECK(mem.count(MMIOM_OPEN) == 1);
    }
    CHECK(mmioInstallIOProcA(FOURCC_MEM, nullptr, MMIO_REMOVEPROC) == mem.proc());
    // With the shadowing procedure removed, memory files work again.
    {
        MMIOINFO mi = zero_info();
        mi.fccIOProc = FOURCC_MEM;
        char buf[64] = "predefined";
        mi.pchBuffer = buf;
        mi.cchBuffer = sizeof buf;
        HMMIO h = mmioOpenA(nullptr, &mi, MMIO_READWRITE);
        Closer cl(h);
        REQUIRE(h != nullptr);
        char got[10] = {0};
        CHECK(mmioRead(h, got, 10) == 10);
        CHECK(std::string(got, 10) == "predefined");
        CHECK(mem.count(MMIOM_OPEN) == 1);
    }

    Recorder dos;
    Cleanup c2(FOURCC_DOS, 1);
    REQUIRE(mmioInstallIOProcA(FOURCC_DOS, dos.proc(), MMIO_INSTALLPROC) == dos.proc());
    CHECK(mmioInstallIOProcA(FOURCC_DOS, nullptr, MMIO_FINDPROC) == dos.proc());
    {
        MMIOINFO mi = zero_info();
        mi.fccIOProc = FOURCC_DOS;
        HMMIO h = open_a("shadowed-dos.bin", MMIO_READ, &mi);
        Closer cl(h);
        CHECK(h != nullptr);
        CHECK(dos.count(MMIOM_OPEN) == 1);
    }
    CHECK(mmioInstallIOProcA(FOURCC_DOS, nullptr, MMIO_REMOVEPROC) == dos.proc());
}

TEST_CASE("mmioInstallIOProcA: the predefined DOS and MEM procedures are found but cannot be removed",
          "[mmioInstallIOProc][decision]") {
    // Decision: MMIO_FINDPROC locates the predefined procedures; MMIO_REMOVEPROC refuses them (returns NULL) and
    // they keep working.
    LPMMIOPROC memProc = mmioInstallIOProcA(FOURCC_MEM, nullptr, MMIO_FINDPROC);
    LPMMIOPROC dosProc = mmioInstallIOProcA(FOURCC_DOS, nullptr, MMIO_FINDPROC);
    CHECK(memProc != nullptr);
    CHECK(dosProc != nullptr);
    CHECK(mmioInstallIOProcA(FOURCC_MEM, nullptr, MMIO_REMOVEPROC) == nullptr);
    CHECK(mmioInstallIOProcA(FOURCC_DOS, nullptr, MMIO_REMOVEPROC) == nullptr);
    CHECK(mmioInstallIOProcA(FOURCC_MEM, nullptr, MMIO_FINDPROC) == memProc);
    CHECK(mmioInstallIOProcA(FOURCC_DOS, nullptr, MMIO_FINDPROC) == dosProc);
    MMIOINFO mi = zero_info();
    mi.fccIOProc = FOURCC_MEM;
    char buf[16] = "abc";
    mi.pchBuffer = buf;
    mi.cchBuffer = sizeof buf;
    HMMIO h = mmioOpenA(nullptr, &mi, MMIO_READ);
    CHECK(h != nullptr);
    if (h) mmioClose(h, 0);
}

TEST_CASE("mmioInstallIOProcA: removing a procedure that open files use is refused", "[mmioInstallIOProc][decision]") {
    Recorder p;
    const FOURCC id = fcc("CBU1");
    Cleanup c(id);
    REQUIRE(mmioInstallIOProcA(id, p.proc(), MMIO_INSTALLPROC) == p.proc());
    HMMIO h = open_a("busy.CBU1+e");
    Closer cl(h);
    REQUIRE(h != nullptr);
    // Decision: while a file opened through it is open, MMIO_REMOVEPROC returns NULL and the procedure stays.
    CHECK(mmioInstallIOProcA(id, nullptr, MMIO_REMOVEPROC) == nullptr);
    CHECK(mmioInstallIOProcA(id, nullptr, MMIO_FINDPROC) == p.proc());
    char b[4];
    CHECK(mmioRead(h, b, 4) == 0);  // the file still works (empty file)
    cl.close();
    CHECK(mmioInstallIOProcA(id, nullptr, MMIO_REMOVEPROC) == p.proc());
    CHECK(mmioInstallIOProcA(id, nullptr, MMIO_FINDPROC) == nullptr);
}

TEST_CASE("mmioInstallIOProcA: installing a NULL procedure or passing no action flag fails",
          "[mmioInstallIOProc][decision]") {
    Recorder p;
    const FOURCC id = fcc("CBE1");
    Cleanup c(id);
    // Decision: MMIO_INSTALLPROC with pIOProc NULL installs nothing and returns NULL; dwFlags without
    // INSTALLPROC/REMOVEPROC/FINDPROC returns NULL and changes nothing.
    CHECK(mmioInstallIOProcA(id, nullptr, MMIO_INSTALLPROC) == nullptr);
    CHECK(mmioInstallIOProcA(id, nullptr, MMIO_FINDPROC) == nullptr);
    CHECK(mmioInstallIOProcA(id, p.proc(), 0) == nullptr);
    CHECK(mmioInstallIOProcA(id, nullptr, MMIO_FINDPROC) == nullptr);
}

// ===============================================================================================================
// Choosing the procedure when a file is opened
// ===============================================================================================================

TEST_CASE("mmioOpen: a name of the form FILE.EXT+ELEMENT uses the procedure installed for EXT",
          "[mmioOpen][mmioInstallIOProc]") {
    Recorder p, other;
    const FOURCC id = fcc("CBX1");
    Cleanup c(id), c2(fcc("CBX2"));
    REQUIRE(mmioInstallIOProcA(id, p.proc(), MMIO_INSTALLPROC) == p.proc());
    REQUIRE(mmioInstallIOProcA(fcc("CBX2"), other.proc(), MMIO_INSTALLPROC) == other.proc());
    // mmioOpen: "If the file name is of the form EXAMPLE.EXT+ABC, the extension EXT is assumed to identify an
    // installed I/O procedure which is called to perform I/O on the file."
    HMMIO h = open_a("archive.CBX1+member", MMIO_READ);
    Closer cl(h);
    REQUIRE(h != nullptr);
    CHECK(p.count(MMIOM_OPEN) == 1);
    CHECK(other.size() == 0);
    // MMIOPROC: "The four-character code specified by the fccMMIOProc member in the MMIOINFO structure associated
    // with a file identifies a file name extension for a custom storage system."
    MMIOINFO info = zero_info();
    REQUIRE(mmioGetInfo(h, &info, 0) == MMSYSERR_NOERROR);
    CHECK(info.fccIOProc == id);
    cl.close();
    CHECK(p.count(MMIOM_CLOSE) == 1);
}

TEST_CASE("mmioOpen: a lower-case extension selects the procedure of the upper-case code",
          "[mmioOpen][mmioInstallIOProc]") {
    Recorder p;
    const FOURCC id = fcc("CBX3");
    Cleanup c(id);
    // mmioInstallIOProc: "All characters in this code should be uppercase."
    REQUIRE(mmioInstallIOProcA(id, p.proc(), MMIO_INSTALLPROC) == p.proc());
    // MMIOPROC: "When an application calls mmioOpen with a file name such as "one.xyz+two", the I/O procedure
    // associated with the four-character code "XYZ" is called to open the "two" element of the file "one.xyz"."
    HMMIO h = open_a("one.cbx3+two", MMIO_READ);
    Closer cl(h);
    CHECK(h != nullptr);
    CHECK(p.count(MMIOM_OPEN) == 1);
}

TEST_CASE("mmioOpen: a three-letter extension selects the procedure of the space-padded code",
          "[mmioOpen][mmioInstallIOProc]") {
    Recorder p;
    // Installing Custom I/O Procedures: "To install an I/O procedure associated with the .ARC filename extension"
    // ... "mmioFOURCC('A', 'R', 'C', ' ')"
    const FOURCC id = mmioFOURCC('C', 'B', 'Z', ' ');
    Cleanup c(id);
    REQUIRE(mmioInstallIOProcA(id, p.proc(), MMIO_INSTALLPROC) == p.proc());
    // Custom Services: "mmioOpen("filename.arc+element", NULL, MMIO_READ);" ... "the file I/O manager would attempt to
    // use the I/O procedure associated with the .ARC filename extension"
    HMMIO h = open_a("filename.cbz+element", MMIO_READ);
    Closer cl(h);
    CHECK(h != nullptr);
    CHECK(p.count(MMIOM_OPEN) == 1);
}

TEST_CASE("mmioOpen: FILE.EXT+ELEMENT with no procedure installed for EXT fails", "[mmioOpen][mmioInstallIOProc]") {
    REQUIRE(mmioInstallIOProcA(fcc("CBQ9"), nullptr, MMIO_FINDPROC) == nullptr);
    // Custom Services: "If no I/O procedure is installed, mmioOpen returns an error."
    HMMIO h = open_a("nothing.CBQ9+element", MMIO_READ);
    CHECK(h == nullptr);
    if (h) mmioClose(h, 0);
    MMIOINFO mi = zero_info();
    h = open_a("nothing.CBQ9+element", MMIO_READ, &mi);
    CHECK(h == nullptr);
    // mmioOpen: "If lpmmioinfo is not NULL, the wErrorRet member of the MMIOINFO structure will contain one of the
    // following error values."
    CHECK(mi.wErrorRet != 0);
    if (h) mmioClose(h, 0);
}

TEST_CASE("mmioOpen: a compound name whose extension has no procedure gives MMIOERR_FILENOTFOUND",
          "[mmioOpen][mmioInstallIOProc]") {
    REQUIRE(mmioInstallIOProcA(fcc("CBQ8"), nullptr, MMIO_FINDPROC) == nullptr);
    // Windows (Wine's conformance test, mmio.c): the open fails with wErrorRet = MMIOERR_FILENOTFOUND.
    MMIOINFO mi = zero_info();
    HMMIO h = open_a("nothing.CBQ8+element", MMIO_READ, &mi);
    CHECK(h == nullptr);
    CHECK(mi.wErrorRet == MMIOERR_FILENOTFOUND);
    if (h) mmioClose(h, 0);
}

TEST_CASE("mmioOpen: a procedure removed for an extension is not replaced by an installed DOS procedure",
          "[mmioOpen][mmioInstallIOProc]") {
    // Windows: with a procedure installed for FOURCC_DOS that would accept any open, removing the procedure of the
    // extension makes the open of "a+b.ext+c" fail with MMIOERR_FILENOTFOUND; the DOS procedure is not asked.
    Recorder dos, ext;
    const FOURCC id = fcc("CBX7");
    REQUIRE(mmioInstallIOProcA(FOURCC_DOS, dos.proc(), MMIO_INSTALLPROC) == dos.proc());
    REQUIRE(mmioInstallIOProcA(id, ext.proc(), MMIO_INSTALLPROC) == ext.proc());
    // The extension is the one before the last '+' (a rule keyed on the first '+' finds none in "file").
    HMMIO h = open_a("file+name.cbx7+one.two", MMIO_READ);
    CHECK(h != nullptr);
    CHECK(ext.count(MMIOM_OPEN) == 1);
    CHECK(ext.count(MMIOM_SEEK) == 0);  // Windows sends no MMIOM_SEEK while opening
    CHECK(dos.count(MMIOM_OPEN) == 0);
    if (h) mmioClose(h, 0);
    REQUIRE(mmioInstallIOProcA(id, ext.proc(), MMIO_REMOVEPROC) == ext.proc());
    MMIOINFO mi = zero_info();
    h = open_a("file+name.cbx7+one.two", MMIO_READ, &mi);
    CHECK(h == nullptr);
    CHECK(mi.wErrorRet == MMIOERR_FILENOTFOUND);
    CHECK(dos.count(MMIOM_OPEN) == 0);
    if (h) mmioClose(h, 0);
    REQUIRE(mmioInstallIOProcA(FOURCC_DOS, dos.proc(), MMIO_REMOVEPROC) == dos.proc());
}

TEST_CASE("mmioOpen: an fccIOProc with no installed procedure gives MMIOERR_INVALIDFILE",
          "[mmioOpen][mmioInstallIOProc][decision]") {
    REQUIRE(mmioInstallIOProcA(fcc("CBQ8"), nullptr, MMIO_FINDPROC) == nullptr);
    // Decision (docs/mmio.md, mmioOpen): an explicit fccIOProc that names no procedure fails with wErrorRet =
    // MMIOERR_INVALIDFILE ("the default error for an open-file failure", mmioOpen); Windows' value is not known.
    MMIOINFO mi = zero_info();
    mi.fccIOProc = fcc("CBQ8");
    HMMIO h = open_a("plain.bin", MMIO_READ, &mi);
    CHECK(h == nullptr);
    CHECK(mi.wErrorRet == MMIOERR_INVALIDFILE);
    if (h) mmioClose(h, 0);
}

TEST_CASE("mmioOpen: fccIOProc selects an installed procedure regardless of the file name",
          "[mmioOpen][mmioInstallIOProc]") {
    Recorder p;
    const FOURCC id = fcc("CBF1");
    Cleanup c(id);
    REQUIRE(mmioInstallIOProcA(id, p.proc(), MMIO_INSTALLPROC) == p.proc());
    // mmioOpen: "To request that a file be opened with an installed I/O procedure, set fccIOProc to the
    // four-character code of the I/O procedure, and set pIOProc to NULL."
    MMIOINFO mi = zero_info();
    mi.fccIOProc = id;
    HMMIO h = open_a("plain-name.bin", MMIO_READ, &mi);
    Closer cl(h);
    REQUIRE(h != nullptr);
    auto ev = p.events();
    REQUIRE(!ev.empty());
    CHECK(ev[0].msg == MMIOM_OPEN);
    // MMIOM_OPEN: "lParam1 = (LPARAM) lpszFileName"
    CHECK(ev[0].name1A == "plain-name.bin");
}

TEST_CASE("mmioOpen: pIOProc selects an uninstalled procedure over the one installed for the extension",
          "[mmioOpen][mmioInstallIOProc]") {
    Recorder installed, temp;
    const FOURCC id = fcc("CBF2");
    Cleanup c(id);
    REQUIRE(mmioInstallIOProcA(id, installed.proc(), MMIO_INSTALLPROC) == installed.proc());
    // mmioOpen: "To request that a file be opened with an uninstalled I/O procedure, set IOProc to point to the I/O
    // procedure, and set fccIOProc to NULL."
    MMIOINFO mi = zero_info();
    mi.pIOProc = temp.proc();
    HMMIO h = open_a("pick.CBF2+element", MMIO_READ, &mi);
    Closer cl(h);
    REQUIRE(h != nullptr);
    CHECK(temp.count(MMIOM_OPEN) == 1);
    CHECK(installed.size() == 0);
    cl.close();
    CHECK(temp.count(MMIOM_CLOSE) == 1);
    CHECK(installed.size() == 0);
}

TEST_CASE("mmioOpen: with neither fccIOProc nor pIOProc the name decides", "[mmioOpen][mmioInstallIOProc]") {
    Recorder p;
    const FOURCC id = fcc("CBF3");
    Cleanup c(id);
    REQUIRE(mmioInstallIOProcA(id, p.proc(), MMIO_INSTALLPROC) == p.proc());
    // mmioOpen: "To request that mmioOpen determine which I/O procedure to use to open the file based on the file
    // name contained in szFilename, set fccIOProc and pIOProc to NULL."
    MMIOINFO mi = zero_info();
    HMMIO h = open_a("decide.CBF3+element", MMIO_READ, &mi);
    Closer cl(h);
    CHECK(h != nullptr);
    CHECK(p.count(MMIOM_OPEN) == 1);
}

TEST_CASE("mmioOpen: MMIOM_OPEN receives the whole FILE.EXT+ELEMENT name", "[mmioOpen][MMIOM_OPEN][decision]") {
    Recorder p;
    const FOURCC id = fcc("CBF4");
    Cleanup c(id);
    REQUIRE(mmioInstallIOProcA(id, p.proc(), MMIO_INSTALLPROC) == p.proc());
    HMMIO h = open_a("whole.CBF4+element", MMIO_READ);
    Closer cl(h);
    REQUIRE(h != nullptr);
    Found e = first_of(p, MMIOM_OPEN);
    REQUIRE(e.found);
    // Decision: the procedure gets the name exactly as passed to mmioOpen and parses the element itself.
    CHECK(e->name1A == "whole.CBF4+element");
}

// ===============================================================================================================
// ANSI / Unicode procedures
// ===============================================================================================================

TEST_CASE("mmioOpenA: an ANSI procedure receives the ANSI name unchanged", "[mmioOpen][MMIOM_OPEN]") {
    Recorder p;
    const FOURCC id = fcc("CBA1");
    Cleanup c(id);
    REQUIRE(mmioInstallIOProcA(id, p.proc(), MMIO_INSTALLPROC) == p.proc());
    HMMIO h = open_a("ansi.CBA1+x");
    Closer cl(h);
    REQUIRE(h != nullptr);
    Found e = first_of(p, MMIOM_OPEN);
    REQUIRE(e.found);
    // MMIOM_OPEN: "lpszFileName: Null-terminated string containing the name of the file to open."
    CHECK(e->name1A.find("ansi.CBA1") != std::string::npos);
}

TEST_CASE("mmioOpenW: a procedure installed with mmioInstallIOProcW receives the Unicode name unchanged",
          "[mmioOpen][MMIOM_OPEN][decision]") {
    Recorder::Options o;
    o.unicode = true;
    Recorder p(o);
    const FOURCC id = fcc("CBW1");
    Cleanup c(id);
    REQUIRE(mmioInstallIOProcW(id, p.proc(), MMIO_INSTALLPROC) == p.proc());
    HMMIO h = open_w(L"wide.CBW1+x");
    Closer cl(h);
    REQUIRE(h != nullptr);
    Found e = first_of(p, MMIOM_OPEN);
    REQUIRE(e.found);
    // Decision: a procedure installed through mmioInstallIOProcW is a Unicode procedure; its names are UTF-16.
    INFO("received: " << narrow(e->name1W));
    CHECK(e->name1W == L"wide.CBW1+x");
}

TEST_CASE("mmioOpenA: a Unicode procedure (mmioInstallIOProcW) receives the name as UTF-16",
          "[mmioOpen][MMIOM_OPEN][decision]") {
    Recorder::Options o;
    o.unicode = true;
    Recorder p(o);
    const FOURCC id = fcc("CBW2");
    Cleanup c(id);
    REQUIRE(mmioInstallIOProcW(id, p.proc(), MMIO_INSTALLPROC) == p.proc());
    HMMIO h = open_a("narrow.CBW2+x");
    Closer cl(h);
    REQUIRE(h != nullptr);
    Found e = first_of(p, MMIOM_OPEN);
    REQUIRE(e.found);
    // Decision: mmioOpenA converts the name (CP_ACP) for a Unicode procedure.
    INFO("received: " << narrow(e->name1W));
    CHECK(e->name1W == L"narrow.CBW2+x");
}

TEST_CASE("mmioOpenA: a procedure installed with MMIO_UNICODEPROC receives the name as UTF-16",
          "[mmioOpen][MMIOM_OPEN][decision]") {
    Recorder::Options o;
    o.unicode = true;
    Recorder p(o);
    const FOURCC id = fcc("CBW3");
    Cleanup c(id);
    REQUIRE(mmioInstallIOProcA(id, p.proc(), MMIO_INSTALLPROC | MMIO_UNICODEPROC) == p.proc());
    HMMIO h = open_a("flag.CBW3+x");
    Closer cl(h);
    REQUIRE(h != nullptr);
    Found e = first_of(p, MMIOM_OPEN);
    REQUIRE(e.found);
    // Decision: MMIO_UNICODEPROC marks the procedure as Unicode whichever export installed it.
    INFO("received: " << narrow(e->name1W));
    CHECK(e->name1W == L"flag.CBW3+x");
}

TEST_CASE("mmioOpenW: an ANSI procedure receives the name converted to ANSI", "[mmioOpen][MMIOM_OPEN][decision]") {
    Recorder p;
    const FOURCC id = fcc("CBA2");
    Cleanup c(id);
    REQUIRE(mmioInstallIOProcA(id, p.proc(), MMIO_INSTALLPROC) == p.proc());
    HMMIO h = open_w(L"wide2.CBA2+x");
    Closer cl(h);
    REQUIRE(h != nullptr);
    Found e = first_of(p, MMIOM_OPEN);
    REQUIRE(e.found);
    // Decision: mmioOpenW converts the name (CP_ACP) for an ANSI procedure.
    CHECK(e->name1A == "wide2.CBA2+x");
}

TEST_CASE("mmioOpen: names with non-ASCII characters are converted with the ANSI code page",
          "[mmioOpen][MMIOM_OPEN][decision]") {
    // U+00E9 and U+00FC, converted with the process ANSI code page (whatever it is).
    const std::wstring wname = L"caf\u00e9-\u00fc.CBA3+x";
    char acp[128] = {0};
    REQUIRE(WideCharToMultiByte(CP_ACP, 0, wname.c_str(), -1, acp, sizeof acp, nullptr, nullptr) > 0);
    const std::string aname = acp;
    wchar_t back[128] = {0};
    REQUIRE(MultiByteToWideChar(CP_ACP, 0, aname.c_str(), -1, back, 128) > 0);
    const std::wstring wFromA = back;

    Recorder ansi;
    Recorder::Options o;
    o.unicode = true;
    Recorder uni(o);
    Cleanup c(fcc("CBA3")), c2(fcc("CBW4"));
    REQUIRE(mmioInstallIOProcA(fcc("CBA3"), ansi.proc(), MMIO_INSTALLPROC) == ansi.proc());
    REQUIRE(mmioInstallIOProcW(fcc("CBW4"), uni.proc(), MMIO_INSTALLPROC) == uni.proc());
    {
        HMMIO h = open_w(wname);
        Closer cl(h);
        REQUIRE(h != nullptr);
        Found e = first_of(ansi, MMIOM_OPEN);
        REQUIRE(e.found);
        CHECK(e->name1A == aname);
    }
    {
        std::string a2 = aname;
        a2.replace(a2.find("CBA3"), 4, "CBW4");
        std::wstring w2 = wFromA;
        w2.replace(w2.find(L"CBA3"), 4, L"CBW4");
        HMMIO h = open_a(a2);
        Closer cl(h);
        REQUIRE(h != nullptr);
        Found e = first_of(uni, MMIOM_OPEN);
        REQUIRE(e.found);
        CHECK(e->name1W == w2);
    }
}

TEST_CASE("mmioRenameA: a Unicode procedure receives both names as UTF-16", "[mmioRename][MMIOM_RENAME][decision]") {
    Recorder::Options o;
    o.unicode = true;
    Recorder p(o);
    const FOURCC id = fcc("CBR1");
    Cleanup c(id);
    REQUIRE(mmioInstallIOProcW(id, p.proc(), MMIO_INSTALLPROC) == p.proc());
    MMIOINFO mi = zero_info();
    mi.fccIOProc = id;
    // mmioRename: "Returns zero if the file was renamed."
    CHECK(mmioRenameA("old.CBR1+a", "new.CBR1+b", &mi, 0) == MMSYSERR_NOERROR);
    Found e = first_of(p, MMIOM_RENAME);
    REQUIRE(e.found);
    // Decision: mmioRenameA converts both names for a Unicode procedure.
    INFO("received: " << narrow(e->name1W) << " -> " << narrow(e->name2W));
    CHECK(e->name1W == L"old.CBR1+a");
    CHECK(e->name2W == L"new.CBR1+b");
}

TEST_CASE("mmioRenameW: an ANSI procedure receives both names as ANSI", "[mmioRename][MMIOM_RENAME][decision]") {
    Recorder p;
    const FOURCC id = fcc("CBR2");
    Cleanup c(id);
    REQUIRE(mmioInstallIOProcA(id, p.proc(), MMIO_INSTALLPROC) == p.proc());
    MMIOINFO mi = zero_info();
    mi.fccIOProc = id;
    CHECK(mmioRenameW(L"old.CBR2+a", L"new.CBR2+b", &mi, 0) == MMSYSERR_NOERROR);
    Found e = first_of(p, MMIOM_RENAME);
    REQUIRE(e.found);
    // Decision: mmioRenameW converts both names for an ANSI procedure.
    CHECK(e->name1A == "old.CBR2+a");
    CHECK(e->name2A == "new.CBR2+b");
}

TEST_CASE("mmioRenameA: an ANSI procedure receives both names unchanged", "[mmioRename][MMIOM_RENAME]") {
    Recorder p;
    const FOURCC id = fcc("CBR3");
    Cleanup c(id);
    REQUIRE(mmioInstallIOProcA(id, p.proc(), MMIO_INSTALLPROC) == p.proc());
    MMIOINFO mi = zero_info();
    mi.fccIOProc = id;
    CHECK(mmioRenameA("old.CBR3+a", "new.CBR3+b", &mi, 0) == MMSYSERR_NOERROR);
    Found e = first_of(p, MMIOM_RENAME);
    REQUIRE(e.found);
    // MMIOM_RENAME: "lParam1 = (LPARAM) lpszOldFilename" / "lParam2 = (LPARAM) lpszNewFilename"
    CHECK(e->name1A == "old.CBR3+a");
    CHECK(e->name2A == "new.CBR3+b");
}

TEST_CASE("mmioRenameW: a Unicode procedure receives both names unchanged", "[mmioRename][MMIOM_RENAME][decision]") {
    Recorder::Options o;
    o.unicode = true;
    Recorder p(o);
    const FOURCC id = fcc("CBR4");
    Cleanup c(id);
    REQUIRE(mmioInstallIOProcA(id, p.proc(), MMIO_INSTALLPROC | MMIO_UNICODEPROC) == p.proc());
    MMIOINFO mi = zero_info();
    mi.fccIOProc = id;
    CHECK(mmioRenameW(L"old.CBR4+a", L"new.CBR4+b", &mi, 0) == MMSYSERR_NOERROR);
    Found e = first_of(p, MMIOM_RENAME);
    REQUIRE(e.found);
    INFO("received: " << narrow(e->name1W) << " -> " << narrow(e->name2W));
    CHECK(e->name1W == L"old.CBR4+a");
    CHECK(e->name2W == L"new.CBR4+b");
}
