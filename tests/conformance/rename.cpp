// Conformance: mmioRenameA / mmioRenameW with the standard (DOS) I/O procedure, and the
// routing of the result of a custom procedure.
// Spec: mmioRename.md, mmioRenameA.md, mmioRenameW.md, MMIOM_RENAME.md.
#include <catch.hpp>

#include "support_files.h"

using namespace confa;

namespace {

const Bytes kContent = pattern(123, 80);

struct RenameLog {
    int calls = 0;
    std::string oldName, newName;
};
RenameLog g_rename;
const MMRESULT kProcResult = MMIOERR_CANNOTWRITE;  // an arbitrary, recognisable error

LRESULT CALLBACK renameProc(LPSTR, UINT msg, LPARAM l1, LPARAM l2) {
    if (msg == MMIOM_RENAME) {
        ++g_rename.calls;
        g_rename.oldName = l1 ? reinterpret_cast<const char*>(l1) : "(null)";
        g_rename.newName = l2 ? reinterpret_cast<const char*>(l2) : "(null)";
        return kProcResult;
    }
    return 0;
}

struct InstalledProc {
    FOURCC fcc;
    LPMMIOPROC result;
    InstalledProc(FOURCC f, LPMMIOPROC p) : fcc(f) { result = mmioInstallIOProcA(f, p, MMIO_INSTALLPROC); }
    ~InstalledProc() {
        if (result) mmioInstallIOProcA(fcc, nullptr, MMIO_REMOVEPROC);
    }
};

}  // namespace

TEST_CASE("mmioRename: renames a file", "[mmioRename]") {
    TempDir d;
    REQUIRE(d.ok());
    REQUIRE(writeFile(d.w(L"old.dat"), kContent));
    // mmioRename.md: "The mmioRename function renames the specified file." / "Returns zero if the
    // file was renamed."
    CHECK(mmioRenameA(d.a("old.dat").c_str(), d.a("new.dat").c_str(), nullptr, 0) == 0);
    CHECK_FALSE(fileExists(d.w(L"old.dat")));
    CHECK(readFile(d.w(L"new.dat")) == kContent);
    // And back again with the Unicode version.
    CHECK(mmioRenameW(d.w(L"new.dat").c_str(), d.w(L"old.dat").c_str(), nullptr, 0) == 0);
    CHECK_FALSE(fileExists(d.w(L"new.dat")));
    CHECK(readFile(d.w(L"old.dat")) == kContent);
}

TEST_CASE("mmioRename: relative names are relative to the current directory", "[mmioRename]") {
    TempDir d;
    REQUIRE(d.ok());
    REQUIRE(writeFile(d.w(L"a.dat"), kContent));
    CurrentDir cd(d.path());
    REQUIRE(cd.ok());
    // mmioRename.md: "pszFileName | Pointer to a string containing the file name of the file to
    // rename." (an ordinary file name, resolved like any other)
    CHECK(mmioRenameA("a.dat", "b.dat", nullptr, 0) == 0);
    CHECK(readFile(d.w(L"b.dat")) == kContent);
    CHECK_FALSE(fileExists(d.w(L"a.dat")));
}

TEST_CASE("mmioRename: a zeroed MMIOINFO or FOURCC_DOS selects the standard procedure", "[mmioRename]") {
    TempDir d;
    REQUIRE(d.ok());
    REQUIRE(writeFile(d.w(L"one.dat"), kContent));
    // mmioRename.md: "pmmioinfo | Pointer to an MMIOINFO structure containing extra parameters used
    // by mmioRename. If this parameter is not NULL, all unused members of the MMIOINFO structure it
    // references must be set to zero"
    MMIOINFO zero = zeroInfo();
    CHECK(mmioRenameA(d.a("one.dat").c_str(), d.a("two.dat").c_str(), &zero, 0) == 0);
    CHECK(readFile(d.w(L"two.dat")) == kContent);
    MMIOINFO dos = zeroInfo();
    dos.fccIOProc = FOURCC_DOS;
    CHECK(mmioRenameA(d.a("two.dat").c_str(), d.a("three.dat").c_str(), &dos, 0) == 0);
    CHECK(readFile(d.w(L"three.dat")) == kContent);
    CHECK(mmioRenameW(d.w(L"three.dat").c_str(), d.w(L"four.dat").c_str(), &dos, 0) == 0);
    CHECK(readFile(d.w(L"four.dat")) == kContent);
    CHECK_FALSE(fileExists(d.w(L"one.dat")));
    CHECK_FALSE(fileExists(d.w(L"two.dat")));
    CHECK_FALSE(fileExists(d.w(L"three.dat")));
}

TEST_CASE("mmioRename: a missing file gives MMIOERR_FILENOTFOUND", "[mmioRename]") {
    TempDir d;
    REQUIRE(d.ok());
    // mmioRename.md: "Otherwise, returns an error code returned from mmioRename or from the I/O
    // procedure." MMIOM_RENAME.md: "If the specified file was not found, the return value is
    // MMIOERR_FILENOTFOUND."
    CHECK(mmioRenameA(d.a("missing.dat").c_str(), d.a("new.dat").c_str(), nullptr, 0) == MMIOERR_FILENOTFOUND);
    CHECK(mmioRenameW(d.w(L"missing.dat").c_str(), d.w(L"new.dat").c_str(), nullptr, 0) ==
          MMIOERR_FILENOTFOUND);
    CHECK_FALSE(fileExists(d.w(L"new.dat")));
}

TEST_CASE("mmioRename: an existing target is not replaced", "[mmioRename][decision]") {
    // [decision] The pages do not say what happens when the new name exists; we expect an error and
    // both files left as they were (a rename, not a replace).
    TempDir d;
    REQUIRE(d.ok());
    const Bytes other = pattern(10, 81);
    REQUIRE(writeFile(d.w(L"src.dat"), kContent));
    REQUIRE(writeFile(d.w(L"dst.dat"), other));
    CHECK(mmioRenameA(d.a("src.dat").c_str(), d.a("dst.dat").c_str(), nullptr, 0) != 0);
    CHECK(readFile(d.w(L"src.dat")) == kContent);
    CHECK(readFile(d.w(L"dst.dat")) == other);
}

TEST_CASE("mmioRename: a new name in another folder moves the file", "[mmioRename][decision]") {
    // [decision] docs silent on folders; we expect the file system's rename (a move within one
    // volume).
    TempDir d;
    REQUIRE(d.ok());
    REQUIRE(CreateDirectoryW(d.w(L"sub").c_str(), nullptr));
    REQUIRE(writeFile(d.w(L"f.dat"), kContent));
    CHECK(mmioRenameA(d.a("f.dat").c_str(), d.a("sub\\g.dat").c_str(), nullptr, 0) == 0);
    CHECK(readFile(d.w(L"sub\\g.dat")) == kContent);
    CHECK_FALSE(fileExists(d.w(L"f.dat")));
}

TEST_CASE("mmioRenameW: renames files with non-ASCII names", "[mmioRename]") {
    TempDir d;
    REQUIRE(d.ok());
    const std::wstring from = L"\u4e2d\u6587-\u00e9.dat";
    const std::wstring to = L"\u0436\u03a9-\u65b0.dat";
    REQUIRE(writeFile(d.w(from), kContent));
    // mmioRenameW.md: the Unicode version; "Returns zero if the file was renamed."
    CHECK(mmioRenameW(d.w(from).c_str(), d.w(to).c_str(), nullptr, 0) == 0);
    CHECK_FALSE(fileExists(d.w(from)));
    CHECK(readFile(d.w(to)) == kContent);
}

TEST_CASE("mmioRenameA: names are in the ANSI code page", "[mmioRename]") {
    TempDir d;
    REQUIRE(d.ok());
    REQUIRE(d.ansiOk());
    std::wstring wfrom = L"caf\u00e9.dat", wto = L"na\u00efve-\u00fc.dat";
    bool lossy1 = false, lossy2 = false;
    std::string afrom = toAnsi(wfrom, &lossy1), ato = toAnsi(wto, &lossy2);
    if (lossy1 || lossy2) {
        WARN("ANSI code page " << GetACP() << " lacks the accented letters; using ASCII names");
        wfrom = L"cafe.dat";
        wto = L"naive-u.dat";
        afrom = "cafe.dat";
        ato = "naive-u.dat";
    }
    REQUIRE(writeFile(d.w(wfrom), kContent));
    // mmioRenameA.md: the ANSI version.
    CHECK(mmioRenameA(d.a(afrom).c_str(), d.a(ato).c_str(), nullptr, 0) == 0);
    CHECK_FALSE(fileExists(d.w(wfrom)));
    CHECK(readFile(d.w(wto)) == kContent);
}

TEST_CASE("mmioRename: the I/O procedure's MMIOM_RENAME result is returned", "[mmioRename]") {
    // mmioRename.md: "Otherwise, returns an error code returned from mmioRename or from the I/O
    // procedure." MMIOM_RENAME.md: "lParam1 = (LPARAM) lpszOldFilename / lParam2 = (LPARAM)
    // lpszNewFilename"
    SECTION("uninstalled procedure in pIOProc") {
        g_rename = RenameLog();
        MMIOINFO in = zeroInfo();
        in.pIOProc = renameProc;
        CHECK(mmioRenameA("first.name", "second.name", &in, 0) == kProcResult);
        CHECK(g_rename.calls == 1);
        CHECK(g_rename.oldName == "first.name");
        CHECK(g_rename.newName == "second.name");
    }
    SECTION("installed procedure in fccIOProc") {
        g_rename = RenameLog();
        const FOURCC fcc = mmioFOURCC('Q', 'Z', 'R', ' ');
        InstalledProc installed(fcc, renameProc);
        REQUIRE(installed.result == renameProc);
        MMIOINFO in = zeroInfo();
        in.fccIOProc = fcc;
        CHECK(mmioRenameA("third.name", "fourth.name", &in, 0) == kProcResult);
        CHECK(g_rename.calls == 1);
        CHECK(g_rename.oldName == "third.name");
        CHECK(g_rename.newName == "fourth.name");
    }
}
