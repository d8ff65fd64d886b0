// mmioInstallIOProc rules, procedure selection in mmioOpen, mmioSendMessage.
#include <catch.hpp>
#include <cstring>
#include <string>

#include "rec_proc.h"

namespace {
LRESULT CALLBACK other_proc(LPSTR, UINT msg, LPARAM, LPARAM) { return msg == MMIOM_OPEN ? 0 : 7; }
const FOURCC kXYZ = mmioFOURCC('X', 'Y', 'Z', ' ');
}  // namespace

TEST_CASE("install / find / remove: newest first, one remove per install", "[registry]") {
    RecScope rs;
    REQUIRE(mmioInstallIOProcA(kXYZ, nullptr, MMIO_FINDPROC) == nullptr);
    REQUIRE(mmioInstallIOProcA(kXYZ, rec_proc_a, MMIO_INSTALLPROC) == rec_proc_a);
    REQUIRE(mmioInstallIOProcA(kXYZ, other_proc, MMIO_INSTALLPROC) == other_proc);
    REQUIRE(mmioInstallIOProcA(kXYZ, nullptr, MMIO_FINDPROC) == other_proc);
    REQUIRE(mmioInstallIOProcA(kXYZ, nullptr, MMIO_REMOVEPROC) == other_proc);
    REQUIRE(mmioInstallIOProcA(kXYZ, nullptr, MMIO_FINDPROC) == rec_proc_a);
    REQUIRE(mmioInstallIOProcA(kXYZ, rec_proc_a, MMIO_INSTALLPROC) == rec_proc_a);
    REQUIRE(mmioInstallIOProcA(kXYZ, nullptr, MMIO_REMOVEPROC) == rec_proc_a);
    REQUIRE(mmioInstallIOProcA(kXYZ, nullptr, MMIO_FINDPROC) == rec_proc_a);  // installed twice: one left
    REQUIRE(mmioInstallIOProcA(kXYZ, nullptr, MMIO_REMOVEPROC) == rec_proc_a);
    REQUIRE(mmioInstallIOProcA(kXYZ, nullptr, MMIO_REMOVEPROC) == nullptr);
    REQUIRE(mmioInstallIOProcA(kXYZ, nullptr, MMIO_FINDPROC) == nullptr);
}

TEST_CASE("install edge cases", "[registry]") {
    RecScope rs;
    REQUIRE(mmioInstallIOProcA(kXYZ, nullptr, MMIO_INSTALLPROC) == nullptr);
    REQUIRE(mmioInstallIOProcA(kXYZ, rec_proc_a, 0) == nullptr);  // no operation
    REQUIRE(mmioInstallIOProcA(kXYZ, rec_proc_a, MMIO_INSTALLPROC) == rec_proc_a);
    REQUIRE(mmioInstallIOProcA(kXYZ, other_proc, MMIO_REMOVEPROC) == nullptr);  // not installed under XYZ
    REQUIRE(mmioInstallIOProcA(kXYZ, rec_proc_a, MMIO_REMOVEPROC) == rec_proc_a);
}

TEST_CASE("local procedures are found before global ones", "[registry]") {
    RecScope rs;
    REQUIRE(mmioInstallIOProcA(kXYZ, rec_proc_a, MMIO_INSTALLPROC) == rec_proc_a);
    REQUIRE(mmioInstallIOProcA(kXYZ, other_proc, MMIO_INSTALLPROC | MMIO_GLOBALPROC) == other_proc);
    REQUIRE(mmioInstallIOProcA(kXYZ, nullptr, MMIO_FINDPROC) == rec_proc_a);
    REQUIRE(mmioInstallIOProcA(kXYZ, nullptr, MMIO_REMOVEPROC) == rec_proc_a);  // local first
    REQUIRE(mmioInstallIOProcA(kXYZ, nullptr, MMIO_FINDPROC) == other_proc);
    REQUIRE(mmioInstallIOProcA(kXYZ, nullptr, MMIO_REMOVEPROC | MMIO_GLOBALPROC) == other_proc);
}

TEST_CASE("DOS and MEM built-ins: findable, shadowable, never removable", "[registry]") {
    RecScope rs;
    LPMMIOPROC dos = mmioInstallIOProcA(FOURCC_DOS, nullptr, MMIO_FINDPROC);
    LPMMIOPROC mem = mmioInstallIOProcA(FOURCC_MEM, nullptr, MMIO_FINDPROC);
    REQUIRE(dos != nullptr);
    REQUIRE(mem != nullptr);
    REQUIRE(dos != mem);
    REQUIRE(mmioInstallIOProcA(FOURCC_DOS, nullptr, MMIO_REMOVEPROC) == nullptr);
    REQUIRE(mmioInstallIOProcA(FOURCC_DOS, rec_proc_a, MMIO_INSTALLPROC) == rec_proc_a);
    REQUIRE(mmioInstallIOProcA(FOURCC_DOS, nullptr, MMIO_FINDPROC) == rec_proc_a);
    // a plain file name now goes to the shadowing procedure
    HMMIO h = mmioOpenA(const_cast<char*>("plain.txt"), nullptr, MMIO_READ);
    REQUIRE(h);
    REQUIRE(rs.rec.log == seq({"OPEN plain.txt"}));
    mmioClose(h, 0);
    REQUIRE(mmioInstallIOProcA(FOURCC_DOS, nullptr, MMIO_REMOVEPROC) == rec_proc_a);
    REQUIRE(mmioInstallIOProcA(FOURCC_DOS, nullptr, MMIO_FINDPROC) == dos);
    REQUIRE(mmioInstallIOProcA(FOURCC_DOS, nullptr, MMIO_REMOVEPROC) == nullptr);
    REQUIRE(mmioInstallIOProcA(FOURCC_MEM, nullptr, MMIO_REMOVEPROC) == nullptr);
}

TEST_CASE("removing a procedure that open files use is refused", "[registry]") {
    RecScope rs;
    REQUIRE(mmioInstallIOProcA(kXYZ, rec_proc_a, MMIO_INSTALLPROC) == rec_proc_a);
    HMMIO h = mmioOpenA(const_cast<char*>("archive.xyz+element"), nullptr, MMIO_READ);
    REQUIRE(h);
    REQUIRE(mmioInstallIOProcA(kXYZ, nullptr, MMIO_REMOVEPROC) == nullptr);
    REQUIRE(mmioInstallIOProcA(kXYZ, nullptr, MMIO_FINDPROC) == rec_proc_a);
    REQUIRE(mmioClose(h, 0) == 0);
    REQUIRE(mmioInstallIOProcA(kXYZ, nullptr, MMIO_REMOVEPROC) == rec_proc_a);
}

TEST_CASE("compound names select the procedure by extension", "[registry][open]") {
    RecScope rs;
    REQUIRE(mmioInstallIOProcA(kXYZ, rec_proc_a, MMIO_INSTALLPROC) == rec_proc_a);
    HMMIO h = mmioOpenA(const_cast<char*>("C:\\dir\\one.xyz+two"), nullptr, MMIO_READ);
    REQUIRE(h);
    REQUIRE(rs.rec.log == seq({"OPEN C:\\dir\\one.xyz+two"}));  // the whole name is passed
    mmioClose(h, 0);
    h = mmioOpenA(const_cast<char*>("one.Xy+two"), nullptr, MMIO_READ);  // extension upper-cased, padded
    REQUIRE(h == nullptr);
    MMIOINFO mi;
    std::memset(&mi, 0, sizeof mi);
    REQUIRE(mmioOpenA(const_cast<char*>("one.abc+two"), &mi, MMIO_READ) == nullptr);  // not installed
    REQUIRE(mi.wErrorRet == MMIOERR_FILENOTFOUND);  // as on Windows
    REQUIRE(mmioInstallIOProcA(mmioFOURCC('X', 'Y', ' ', ' '), rec_proc_a, MMIO_INSTALLPROC) == rec_proc_a);
    rs.rec.clear_log();
    h = mmioOpenA(const_cast<char*>("one.xY+two"), nullptr, MMIO_READ);
    REQUIRE(h);
    mmioClose(h, 0);
    REQUIRE(rs.rec.log.size() == 2);
}

TEST_CASE("fccIOProc and pIOProc choose explicitly; pIOProc wins", "[registry][open]") {
    RecScope rs;
    REQUIRE(mmioInstallIOProcA(kXYZ, other_proc, MMIO_INSTALLPROC) == other_proc);
    MMIOINFO mi;
    std::memset(&mi, 0, sizeof mi);
    mi.fccIOProc = kXYZ;
    HMMIO h = mmioOpenA(const_cast<char*>("x"), &mi, MMIO_READ);
    REQUIRE(h);
    REQUIRE(mmioSendMessage(h, MMIOM_USER, 0, 0) == 7);
    mmioClose(h, 0);
    mi.pIOProc = rec_proc_a;
    h = mmioOpenA(const_cast<char*>("x"), &mi, MMIO_READ);
    REQUIRE(h);
    REQUIRE(mmioSendMessage(h, MMIOM_USER + 1, 0, 0) == 42);
    MMIOINFO got;
    REQUIRE(mmioGetInfo(h, &got, 0) == 0);
    FOURCC fcc = got.fccIOProc;
    REQUIRE(fcc == kXYZ);
    mmioClose(h, 0);
    REQUIRE(rs.rec.log == seq({"OPEN x", "USER 32769", "CLOSE 0"}));
    mi.pIOProc = nullptr;
    mi.fccIOProc = mmioFOURCC('N', 'O', 'N', 'E');
    REQUIRE(mmioOpenA(const_cast<char*>("x"), &mi, MMIO_READ) == nullptr);
    REQUIRE(mi.wErrorRet == MMIOERR_INVALIDFILE);
}

TEST_CASE("mmioSendMessage refuses reserved messages", "[registry]") {
    RecScope rs;
    HMMIO h = open_rec(MMIO_READ);
    for (UINT m : {0u, 1u, 2u, 3u, 4u, 5u, 6u, 7u, 0x7FFFu}) REQUIRE(mmioSendMessage(h, m, 0, 0) == MMSYSERR_INVALPARAM);
    REQUIRE(mmioSendMessage(h, 0xFFFF, 0, 0) == 42);
    mmioClose(h, 0);
    REQUIRE(mmioSendMessage(h, MMIOM_USER, 0, 0) == MMSYSERR_INVALHANDLE);
    REQUIRE(rs.rec.log == seq({"OPEN file.bin", "USER 65535", "CLOSE 0"}));
}

TEST_CASE("open failure: wErrorRet carries the procedure's answer, nothing leaks", "[open]") {
    RecScope rs;
    rs.rec.open_result = MMIOERR_SHARINGVIOLATION;
    MMIOINFO mi;
    std::memset(&mi, 0, sizeof mi);
    mi.pIOProc = rec_proc_a;
    REQUIRE(mmioOpenA(const_cast<char*>("f"), &mi, MMIO_READ | MMIO_ALLOCBUF) == nullptr);
    REQUIRE(mi.wErrorRet == MMIOERR_SHARINGVIOLATION);
    REQUIRE(rs.rec.log == seq({"OPEN f"}));
    rs.rec.open_result = 0;
    REQUIRE(mmioOpenA(const_cast<char*>("f"), &mi, MMIO_READWRITE | MMIO_WRITE) == nullptr);
    REQUIRE(mi.wErrorRet == MMSYSERR_INVALPARAM);
    mi.cchBuffer = -1;
    REQUIRE(mmioOpenA(const_cast<char*>("f"), &mi, MMIO_READ) == nullptr);
    REQUIRE(mi.wErrorRet == MMSYSERR_INVALPARAM);
}

TEST_CASE("MMIOM_OPEN sees the open flags, adwInfo and the buffer", "[open]") {
    RecScope rs;
    MMIOINFO mi;
    std::memset(&mi, 0, sizeof mi);
    mi.pIOProc = rec_proc_a;
    mi.adwInfo[1] = 0x1234;
    HMMIO h = mmioOpenA(const_cast<char*>("f"), &mi, MMIO_WRITE | MMIO_CREATE | MMIO_DENYWRITE | MMIO_ALLOCBUF);
    REQUIRE(h);
    REQUIRE(rs.rec.last_open_flags == (MMIO_WRITE | MMIO_CREATE | MMIO_DENYWRITE | MMIO_ALLOCBUF));
    MMIOINFO got;
    REQUIRE(mmioGetInfo(h, &got, 0) == 0);
    REQUIRE(got.adwInfo[1] == 0x1234);
    mmioClose(h, 0);
}

TEST_CASE("special open requests go to the procedure as MMIOM_OPEN with one flag", "[open][special]") {
    RecScope rs;
    MMIOINFO mi;
    std::memset(&mi, 0, sizeof mi);
    mi.pIOProc = rec_proc_a;
    char name[128] = "short";
    rs.rec.special_answer = "/full/path/short";
    REQUIRE(mmioOpenA(name, &mi, MMIO_PARSE | MMIO_READWRITE) == reinterpret_cast<HMMIO>(1));
    REQUIRE(std::string(name) == "/full/path/short");
    REQUIRE(rs.rec.last_open_flags == MMIO_PARSE);
    REQUIRE(mmioOpenA(name, &mi, MMIO_EXIST | MMIO_DELETE) == reinterpret_cast<HMMIO>(1));
    REQUIRE(rs.rec.last_open_flags == MMIO_DELETE);
    REQUIRE(mmioOpenA(name, &mi, MMIO_EXIST | MMIO_PARSE) == reinterpret_cast<HMMIO>(1));
    REQUIRE(rs.rec.last_open_flags == (MMIO_PARSE | MMIO_EXIST));
    std::strcpy(name, "F");
    rs.rec.special_answer = "/tmp/F1234";
    REQUIRE(mmioOpenA(name, &mi, MMIO_GETTEMP | MMIO_PARSE | MMIO_DELETE) == nullptr);  // MMSYSERR_NOERROR
    REQUIRE(rs.rec.last_open_flags == MMIO_GETTEMP);
    REQUIRE(std::string(name) == "/tmp/F1234");
    rs.rec.open_result = MMIOERR_FILENOTFOUND;
    REQUIRE(mmioOpenA(name, &mi, MMIO_EXIST) == nullptr);  // FALSE
    REQUIRE(mi.wErrorRet == MMIOERR_FILENOTFOUND);
    REQUIRE(mmioOpenA(name, &mi, MMIO_GETTEMP) == reinterpret_cast<HMMIO>(MMIOERR_FILENOTFOUND));
    REQUIRE(mmioOpenA(nullptr, &mi, MMIO_DELETE) == nullptr);
    rs.rec.open_result = 0;
    rs.rec.special_answer = std::string(200, 'L');  // longer than the documented 128-char buffer
    std::strcpy(name, "x");
    REQUIRE(mmioOpenA(name, &mi, MMIO_PARSE) == nullptr);
    REQUIRE(std::string(name) == "x");
}
