// Conformance: mmioOpenA / mmioOpenW (and mmioClose's MMIO_FHOPEN).
// Spec: mmioOpen.md, mmioOpenA.md, mmioOpenW.md, mmioClose.md, mmioAdvance.md,
// concepts-opening-a-file-with-mmioopen.md, concepts-creating-and-deleting-a-file.md,
// concepts-buffered-services.md, concepts-custom-services.md.
#include <catch.hpp>

#include "support_files.h"

using namespace confa;

namespace {

const Bytes kContent = pattern(300, 7);

// A minimal I/O procedure serving a fixed, read-only byte string. It counts
// the messages it gets so a test can tell that mmio routed through it.
const char kProcData[] = "data served by the test I/O procedure";
struct ProcLog {
    int open = 0, close = 0, read = 0, other = 0;
};
ProcLog g_log;

LRESULT CALLBACK servingProc(LPSTR lpmmioinfo, UINT msg, LPARAM l1, LPARAM l2) {
    MMIOINFO* mi = reinterpret_cast<MMIOINFO*>(lpmmioinfo);
    const LONG size = (LONG)sizeof kProcData - 1;
    switch (msg) {
    case MMIOM_OPEN:
        ++g_log.open;
        mi->lDiskOffset = 0;
        return MMSYSERR_NOERROR;
    case MMIOM_CLOSE:
        ++g_log.close;
        return 0;
    case MMIOM_READ: {
        ++g_log.read;
        LONG want = (LONG)l2;
        LONG left = size - mi->lDiskOffset;
        LONG n = want < left ? want : left;
        if (n < 0) n = 0;
        if (n > 0) std::memcpy(reinterpret_cast<char*>(l1), kProcData + mi->lDiskOffset, (size_t)n);
        mi->lDiskOffset += n;
        return n;
    }
    case MMIOM_SEEK: {
        LONG base = l2 == SEEK_SET ? 0 : l2 == SEEK_CUR ? mi->lDiskOffset : size;
        LONG pos = base + (LONG)l1;
        if (pos < 0) return -1;
        mi->lDiskOffset = pos;
        return pos;
    }
    default:
        ++g_log.other;
        return msg == MMIOM_WRITE || msg == MMIOM_WRITEFLUSH ? -1 : 0;
    }
}

struct InstalledProc {
    FOURCC fcc;
    LPMMIOPROC result;
    InstalledProc(FOURCC f, LPMMIOPROC p) : fcc(f) { result = mmioInstallIOProcA(f, p, MMIO_INSTALLPROC); }
    ~InstalledProc() {
        if (result) mmioInstallIOProcA(fcc, nullptr, MMIO_REMOVEPROC);
    }
};

std::string readAll(HMMIO h, LONG max = 4096) {
    std::string s((size_t)max, '\0');
    LONG n = mmioRead(h, &s[0], max);
    s.resize(n > 0 ? (size_t)n : 0);
    return s;
}

Bytes readN(HMMIO h, LONG n) {
    Bytes b((size_t)n);
    LONG got = mmioRead(h, reinterpret_cast<HPSTR>(b.data()), n);
    b.resize(got > 0 ? (size_t)got : 0);
    return b;
}

bool sameFileName(const char* a, const char* b) { return lstrcmpiA(a, b) == 0; }

// Whether an exclusive (share 0) CreateFile of the path succeeds, i.e. no other
// handle is open on it.
bool nobodyHasItOpen(const std::wstring& path) {
    HANDLE h = CreateFileW(path.c_str(), GENERIC_READ, 0, nullptr, OPEN_EXISTING, 0, nullptr);
    if (h == INVALID_HANDLE_VALUE) return false;
    CloseHandle(h);
    return true;
}

}  // namespace

// ------------------------------------------------------------ access modes

TEST_CASE("mmioOpen: MMIO_READ opens an existing file with NULL lpmmioinfo", "[mmioOpen]") {
    TempDir d;
    REQUIRE(d.ok());
    REQUIRE(writeFile(d.w(L"in.dat"), kContent));
    // concepts-opening-a-file-with-mmioopen.md: "To open a file for basic I/O operations, set the
    // lpmmioinfo parameter of the mmioOpen function to NULL."
    Hmmio h(openA(d.a("in.dat"), nullptr, MMIO_READ));
    REQUIRE(h);
    // mmioRead.md: "Returns the number of bytes actually read."
    Bytes got = readN(h, 1000);
    CHECK(got == kContent);
    CHECK(h.close() == 0);
}

TEST_CASE("mmioOpen: MMIO_READ is the default when no access flag is given", "[mmioOpen]") {
    TempDir d;
    REQUIRE(d.ok());
    REQUIRE(writeFile(d.w(L"in.dat"), kContent));
    // mmioOpen.md: "MMIO_READ | Opens the file for reading only. This is the default if MMIO_WRITE
    // and MMIO_READWRITE are not specified."
    Hmmio h(openA(d.a("in.dat"), nullptr, 0));
    REQUIRE(h);
    CHECK(readN(h, 10) == Bytes(kContent.begin(), kContent.begin() + 10));
    // (reading only) mmioWrite.md: "If there is an error writing to the file, the return value is -1."
    CHECK(mmioWrite(h, "xxxx", 4) == -1);
    h.close();
    CHECK(readFile(d.w(L"in.dat")) == kContent);
}

TEST_CASE("mmioOpen: MMIO_READ files are not written", "[mmioOpen]") {
    TempDir d;
    REQUIRE(d.ok());
    REQUIRE(writeFile(d.w(L"in.dat"), kContent));
    SECTION("unbuffered") {
        Hmmio h(openA(d.a("in.dat"), nullptr, MMIO_READ));
        REQUIRE(h);
        // mmioOpen.md: "Opens the file for reading only." / mmioWrite.md: "If there is an error
        // writing to the file, the return value is -1."
        CHECK(mmioWrite(h, "xxxx", 4) == -1);
        h.close();
    }
    SECTION("buffered") {
        Hmmio h(openA(d.a("in.dat"), nullptr, MMIO_READ | MMIO_ALLOCBUF));
        REQUIRE(h);
        mmioWrite(h, "xxxx", 4);  // may be taken into the buffer; it must never reach the file
        mmioFlush(h, 0);
        h.close();
    }
    // mmioOpen.md: "MMIO_READ | Opens the file for reading only."
    CHECK(readFile(d.w(L"in.dat")) == kContent);
}

TEST_CASE("mmioOpen: MMIO_WRITE opens for writing only, without truncating", "[mmioOpen]") {
    TempDir d;
    REQUIRE(d.ok());
    REQUIRE(writeFile(d.w(L"f.dat"), Bytes{'A', 'B', 'C', 'D', 'E', 'F', 'G', 'H'}));
    SECTION("unbuffered") {
        Hmmio h(openA(d.a("f.dat"), nullptr, MMIO_WRITE));
        REQUIRE(h);
        // mmioOpen.md: "MMIO_WRITE | Opens the file for writing only." / mmioRead.md: "If there is
        // an error reading from the file, the return value is -1."
        char buf[8];
        CHECK(mmioRead(h, buf, 4) == -1);
        // mmioWrite.md: "Returns the number of bytes actually written."
        CHECK(mmioWrite(h, "xyz", 3) == 3);
        CHECK(h.close() == 0);
    }
    SECTION("buffered") {
        Hmmio h(openA(d.a("f.dat"), nullptr, MMIO_WRITE | MMIO_ALLOCBUF));
        REQUIRE(h);
        CHECK(mmioWrite(h, "xyz", 3) == 3);
        CHECK(h.close() == 0);
    }
    // mmioOpen.md: only MMIO_CREATE is described as truncating ("If the file already exists, it
    // is truncated to zero length."); a plain MMIO_WRITE open overwrites in place.
    CHECK(readFile(d.w(L"f.dat")) == Bytes{'x', 'y', 'z', 'D', 'E', 'F', 'G', 'H'});
}

TEST_CASE("mmioOpen: MMIO_READWRITE allows reading and writing", "[mmioOpen]") {
    TempDir d;
    REQUIRE(d.ok());
    REQUIRE(writeFile(d.w(L"f.dat"), kContent));
    for (DWORD extra : {0ul, (DWORD)MMIO_ALLOCBUF}) {
        INFO("extra flags " << extra);
        REQUIRE(writeFile(d.w(L"f.dat"), kContent));
        Hmmio h(openA(d.a("f.dat"), nullptr, MMIO_READWRITE | extra));
        REQUIRE(h);
        // mmioOpen.md: "MMIO_READWRITE | Opens the file for reading and writing."
        CHECK(readN(h, 4) == Bytes(kContent.begin(), kContent.begin() + 4));
        CHECK(mmioWrite(h, "WXYZ", 4) == 4);
        CHECK(mmioSeek(h, 0, SEEK_SET) == 0);
        Bytes expect = kContent;
        std::memcpy(&expect[4], "WXYZ", 4);
        CHECK(readN(h, 8) == Bytes(expect.begin(), expect.begin() + 8));
        CHECK(h.close() == 0);
        CHECK(readFile(d.w(L"f.dat")) == expect);
    }
}

// ------------------------------------------------------------ MMIO_CREATE

TEST_CASE("mmioOpen: MMIO_CREATE creates a new file", "[mmioOpen]") {
    TempDir d;
    REQUIRE(d.ok());
    // concepts-creating-and-deleting-a-file.md: "hFile = mmioOpen("NEWFILE.TXT", NULL,
    // MMIO_CREATE | MMIO_READWRITE); if (hFile != NULL) // File created successfully."
    CurrentDir cd(d.path());
    REQUIRE(cd.ok());
    Hmmio h(openA("NEWFILE.TXT", nullptr, MMIO_CREATE | MMIO_READWRITE));
    REQUIRE(h);
    CHECK(fileExists(d.w(L"NEWFILE.TXT")));
    CHECK(fileSize(d.w(L"NEWFILE.TXT")) == 0);
    CHECK(mmioWrite(h, "hello", 5) == 5);
    CHECK(mmioSeek(h, 0, SEEK_SET) == 0);
    CHECK(readAll(h) == "hello");
    CHECK(h.close() == 0);
    CHECK(readFile(d.w(L"NEWFILE.TXT")) == Bytes{'h', 'e', 'l', 'l', 'o'});
}

TEST_CASE("mmioOpen: MMIO_CREATE truncates an existing file", "[mmioOpen]") {
    TempDir d;
    REQUIRE(d.ok());
    for (DWORD mode : {(DWORD)MMIO_WRITE, (DWORD)MMIO_READWRITE}) {
        INFO("mode " << mode);
        REQUIRE(writeFile(d.w(L"old.dat"), kContent));
        Hmmio h(openA(d.a("old.dat"), nullptr, MMIO_CREATE | mode));
        REQUIRE(h);
        // mmioOpen.md: "MMIO_CREATE | Creates a new file. If the file already exists, it is
        // truncated to zero length."
        CHECK(fileSize(d.w(L"old.dat")) == 0);
        // mmioSeek.md: "To locate the end of a file, call mmioSeek with lOffset set to zero and
        // iOrigin set to SEEK_END."
        CHECK(mmioSeek(h, 0, SEEK_END) == 0);
        CHECK(mmioWrite(h, "ab", 2) == 2);
        CHECK(h.close() == 0);
        CHECK(readFile(d.w(L"old.dat")) == Bytes{'a', 'b'});
    }
}

// ------------------------------------------------------------ errors

TEST_CASE("mmioOpen: a missing file cannot be opened and NULL is returned", "[mmioOpen]") {
    TempDir d;
    REQUIRE(d.ok());
    MMIOINFO info = zeroInfo();
    // mmioOpen.md: "If the file cannot be opened, the return value is NULL."
    HMMIO h = openA(d.a("missing.dat"), &info, MMIO_READ);
    CHECK(h == nullptr);
    if (h) mmioClose(h, 0);
    // mmioOpen.md: "If lpmmioinfo is not NULL, the wErrorRet member of the MMIOINFO structure will
    // contain one of the following error values." (some error, not success)
    CHECK(info.wErrorRet != 0);
    HMMIO h2 = openA(d.a("missing.dat"), nullptr, MMIO_READWRITE);
    CHECK(h2 == nullptr);
    if (h2) mmioClose(h2, 0);
    CHECK_FALSE(fileExists(d.w(L"missing.dat")));
}

TEST_CASE("mmioOpen: a missing file reports MMIOERR_FILENOTFOUND", "[mmioOpen][decision]") {
    TempDir d;
    REQUIRE(d.ok());
    // [decision] mmioOpen.md's wErrorRet table does not list a "file not found" case; we expect
    // MMIOERR_FILENOTFOUND (the code whose name says exactly this) rather than the default
    // MMIOERR_INVALIDFILE.
    for (DWORD mode : {(DWORD)MMIO_READ, (DWORD)MMIO_WRITE, (DWORD)MMIO_READWRITE}) {
        MMIOINFO info = zeroInfo();
        HMMIO h = openA(d.a("missing.dat"), &info, mode);
        CHECK(h == nullptr);
        if (h) mmioClose(h, 0);
        CHECK(info.wErrorRet == MMIOERR_FILENOTFOUND);
    }
}

TEST_CASE("mmioOpen: a missing directory reports MMIOERR_PATHNOTFOUND", "[mmioOpen]") {
    TempDir d;
    REQUIRE(d.ok());
    for (DWORD mode : {(DWORD)MMIO_READ, (DWORD)(MMIO_CREATE | MMIO_WRITE)}) {
        INFO("flags " << mode);
        MMIOINFO info = zeroInfo();
        HMMIO h = openA(d.a("nodir\\file.dat"), &info, mode);
        // mmioOpen.md: "If the file cannot be opened, the return value is NULL."
        CHECK(h == nullptr);
        if (h) mmioClose(h, 0);
        // mmioOpen.md: "MMIOERR_PATHNOTFOUND | The directory specification is incorrect."
        CHECK(info.wErrorRet == MMIOERR_PATHNOTFOUND);
    }
}

TEST_CASE("mmioOpen: a protected file reports MMIOERR_ACCESSDENIED", "[mmioOpen][decision]") {
    TempDir d;
    REQUIRE(d.ok());
    // [decision] mmioOpen.md: "MMIOERR_ACCESSDENIED | The file is protected and cannot be
    // opened." We take "protected" to cover every open the system refuses with "access denied":
    // a folder opened as a file, and a read-only file opened for writing.
    REQUIRE(CreateDirectoryW(d.w(L"folder").c_str(), nullptr));
    {
        MMIOINFO info = zeroInfo();
        HMMIO h = openA(d.a("folder"), &info, MMIO_READ);
        // mmioOpen.md: "If the file cannot be opened, the return value is NULL."
        CHECK(h == nullptr);
        if (h) mmioClose(h, 0);
        CHECK(info.wErrorRet == MMIOERR_ACCESSDENIED);
    }
    REQUIRE(writeFile(d.w(L"ro.dat"), kContent));
    REQUIRE(SetFileAttributesW(d.w(L"ro.dat").c_str(), FILE_ATTRIBUTE_READONLY));
    HANDLE probe = CreateFileW(d.w(L"ro.dat").c_str(), GENERIC_WRITE, FILE_SHARE_READ, nullptr,
                               OPEN_EXISTING, 0, nullptr);
    if (probe != INVALID_HANDLE_VALUE) {
        // The file system here lets anyone write read-only files (for example Wine run as
        // root), so there is no protected file to test with.
        CloseHandle(probe);
        WARN("read-only attribute not enforced by this file system; read-only case not checked");
    } else {
        MMIOINFO info = zeroInfo();
        HMMIO h = openA(d.a("ro.dat"), &info, MMIO_READWRITE);
        CHECK(h == nullptr);
        if (h) mmioClose(h, 0);
        CHECK(info.wErrorRet == MMIOERR_ACCESSDENIED);
    }
    // Reading stays possible.
    Hmmio r(openA(d.a("ro.dat"), nullptr, MMIO_READ));
    CHECK(r);
    r.close();
    SetFileAttributesW(d.w(L"ro.dat").c_str(), FILE_ATTRIBUTE_NORMAL);
}

// ------------------------------------------------------------ sharing

TEST_CASE("mmioOpen: MMIO_COMPAT opens a file any number of times", "[mmioOpen]") {
    TempDir d;
    REQUIRE(d.ok());
    REQUIRE(writeFile(d.w(L"s.dat"), kContent));
    // mmioOpen.md: "MMIO_COMPAT | Opens the file with compatibility mode, allowing any process on
    // a given machine to open the file any number of times."
    Hmmio a(openA(d.a("s.dat"), nullptr, MMIO_READ | MMIO_COMPAT));
    Hmmio b(openA(d.a("s.dat"), nullptr, MMIO_READ | MMIO_COMPAT));
    Hmmio c(openA(d.a("s.dat"), nullptr, MMIO_READWRITE | MMIO_COMPAT));
    CHECK(a);
    CHECK(b);
    CHECK(c);
    CHECK(a.get() != b.get());
    if (a && b) {
        CHECK(readN(a, 5) == Bytes(kContent.begin(), kContent.begin() + 5));
        CHECK(readN(b, 5) == Bytes(kContent.begin(), kContent.begin() + 5));
    }
}

TEST_CASE("mmioOpen: MMIO_EXCLUSIVE fails when the file is already open, even in this process",
          "[mmioOpen]") {
    TempDir d;
    REQUIRE(d.ok());
    REQUIRE(writeFile(d.w(L"s.dat"), kContent));
    for (DWORD firstMode : {(DWORD)MMIO_READ, (DWORD)MMIO_WRITE}) {
        INFO("first open mode " << firstMode);
        Hmmio first(openA(d.a("s.dat"), nullptr, firstMode | MMIO_DENYNONE));
        REQUIRE(first);
        MMIOINFO info = zeroInfo();
        HMMIO second = openA(d.a("s.dat"), &info, MMIO_READ | MMIO_EXCLUSIVE);
        // mmioOpen.md: "MMIO_EXCLUSIVE ... If the file has been opened in any other mode for read
        // or write access, even by the current process, mmioOpen fails."
        CHECK(second == nullptr);
        if (second) mmioClose(second, 0);
        // mmioOpen.md: "MMIOERR_SHARINGVIOLATION | The file is being used by another application
        // and is unavailable."
        CHECK(info.wErrorRet == MMIOERR_SHARINGVIOLATION);
    }
    // Once the other handle is closed, the exclusive open works.
    Hmmio only(openA(d.a("s.dat"), nullptr, MMIO_READ | MMIO_EXCLUSIVE));
    CHECK(only);
}

TEST_CASE("mmioOpen: deny modes are enforced between two opens in one process",
          "[mmioOpen][decision]") {
    // [decision] mmioOpen.md states the deny modes for "other processes"; for two opens in the
    // same process we expect the same per-handle enforcement (as Windows' file sharing does).
    TempDir d;
    REQUIRE(d.ok());
    REQUIRE(writeFile(d.w(L"s.dat"), kContent));
    struct Case {
        DWORD first, second;
        bool secondOpens;
        const char* what;
    };
    const Case cases[] = {
        // "MMIO_DENYWRITE ... If the file has been opened ... for write access ..., mmioOpen fails."
        {MMIO_WRITE | MMIO_DENYNONE, MMIO_READ | MMIO_DENYWRITE, false, "DENYWRITE after a writer"},
        // "MMIO_DENYREAD ... If the file has been opened ... for read access ..., mmioOpen fails."
        {MMIO_READ | MMIO_DENYNONE, MMIO_READ | MMIO_DENYREAD, false, "DENYREAD after a reader"},
        // "MMIO_DENYWRITE | Opens the file and denies other processes write access to the file."
        {MMIO_READ | MMIO_DENYWRITE, MMIO_WRITE | MMIO_DENYNONE, false, "writer after DENYWRITE"},
        {MMIO_READ | MMIO_DENYWRITE, MMIO_READ | MMIO_DENYNONE, true, "reader after DENYWRITE"},
        // "MMIO_DENYREAD | Opens the file and denies other processes read access to the file."
        {MMIO_WRITE | MMIO_DENYREAD, MMIO_READ | MMIO_DENYNONE, false, "reader after DENYREAD"},
        {MMIO_WRITE | MMIO_DENYREAD, MMIO_WRITE | MMIO_DENYNONE, true, "writer after DENYREAD"},
        // "MMIO_EXCLUSIVE | Opens the file and denies other processes read and write access"
        {MMIO_READ | MMIO_EXCLUSIVE, MMIO_READ | MMIO_DENYNONE, false, "reader after EXCLUSIVE"},
        {MMIO_READ | MMIO_EXCLUSIVE, MMIO_WRITE | MMIO_DENYNONE, false, "writer after EXCLUSIVE"},
        // "MMIO_DENYNONE | Opens the file without denying other processes read or write access"
        {MMIO_READWRITE | MMIO_DENYNONE, MMIO_READWRITE | MMIO_DENYNONE, true, "DENYNONE twice"},
    };
    for (const Case& c : cases) {
        INFO(c.what);
        Hmmio first(openA(d.a("s.dat"), nullptr, c.first));
        REQUIRE(first);
        MMIOINFO info = zeroInfo();
        Hmmio second(openA(d.a("s.dat"), &info, c.second));
        CHECK(bool(second) == c.secondOpens);
        if (!c.secondOpens) CHECK(info.wErrorRet == MMIOERR_SHARINGVIOLATION);
    }
}

// ------------------------------------------------------------ buffering

TEST_CASE("mmioOpen: MMIO_ALLOCBUF gives an 8 KiB buffer by default", "[mmioOpen]") {
    TempDir d;
    REQUIRE(d.ok());
    REQUIRE(writeFile(d.w(L"f.dat"), kContent));
    for (bool withInfo : {false, true}) {
        INFO("lpmmioinfo " << (withInfo ? "zeroed" : "NULL"));
        MMIOINFO in = zeroInfo();
        Hmmio h(openA(d.a("f.dat"), withInfo ? &in : nullptr, MMIO_READ | MMIO_ALLOCBUF));
        REQUIRE(h);
        MMIOINFO info = zeroInfo();
        REQUIRE(mmioGetInfo(h, &info, 0) == 0);
        // mmioOpen.md: "MMIO_ALLOCBUF | Opens a file for buffered I/O. ... the default buffer size
        // (8K, defined as MMIO_DEFAULTBUFFER) ... If cchBuffer is zero, the default buffer size is
        // used."
        CHECK(info.cchBuffer == MMIO_DEFAULTBUFFER);
        CHECK(MMIO_DEFAULTBUFFER == 8192);
        CHECK(info.pchBuffer != nullptr);
        // mmioAdvance.md: "MMIOERR_UNBUFFERED | The specified file is not opened for buffered
        // I/O." (so a buffered file advances)
        CHECK(mmioAdvance(h, &info, MMIO_READ) == 0);
        CHECK(info.pchEndRead - info.pchNext == (LONG)kContent.size());
        mmioSetInfo(h, &info, 0);
    }
}

TEST_CASE("mmioOpen: MMIO_ALLOCBUF uses cchBuffer as the buffer size", "[mmioOpen]") {
    TempDir d;
    REQUIRE(d.ok());
    REQUIRE(writeFile(d.w(L"f.dat"), kContent));
    for (LONG size : {100L, 1000L, 20000L}) {
        INFO("cchBuffer " << size);
        MMIOINFO in = zeroInfo();
        in.cchBuffer = size;
        Hmmio h(openA(d.a("f.dat"), &in, MMIO_READ | MMIO_ALLOCBUF));
        REQUIRE(h);
        MMIOINFO info = zeroInfo();
        REQUIRE(mmioGetInfo(h, &info, 0) == 0);
        // mmioOpen.md: "To allocate a buffer larger or smaller than the default buffer size ...,
        // set the cchBuffer member of the MMIOINFO structure to the desired buffer size."
        CHECK(info.cchBuffer == size);
        CHECK(info.pchBuffer != nullptr);
        // The data read through it is the file's.
        CHECK(readN(h, 300) == kContent);
    }
}

TEST_CASE("mmioOpen: without MMIO_ALLOCBUF the file is unbuffered", "[mmioOpen]") {
    TempDir d;
    REQUIRE(d.ok());
    REQUIRE(writeFile(d.w(L"f.dat"), kContent));
    Hmmio h(openA(d.a("f.dat"), nullptr, MMIO_READ));
    REQUIRE(h);
    MMIOINFO info = zeroInfo();
    // mmioGetInfo.md: "Returns zero if successful or an error otherwise."
    REQUIRE(mmioGetInfo(h, &info, 0) == 0);
    // mmioOpen.md: "The mmioOpen function opens a file for unbuffered or buffered I/O";
    // mmioAdvance.md: "MMIOERR_UNBUFFERED | The specified file is not opened for buffered I/O."
    CHECK(mmioAdvance(h, &info, MMIO_READ) == MMIOERR_UNBUFFERED);
    CHECK(info.pchBuffer == nullptr);
}

TEST_CASE("mmioOpen: a caller buffer in pchBuffer/cchBuffer is used for buffered I/O", "[mmioOpen]") {
    TempDir d;
    REQUIRE(d.ok());
    REQUIRE(writeFile(d.w(L"f.dat"), kContent));
    static char mine[512];
    std::memset(mine, 0, sizeof mine);
    MMIOINFO in = zeroInfo();
    in.pchBuffer = mine;
    in.cchBuffer = sizeof mine;
    // mmioOpen.md: "If you are providing your own I/O buffer, this flag [MMIO_ALLOCBUF] should not
    // be used."
    Hmmio h(openA(d.a("f.dat"), &in, MMIO_READ));
    REQUIRE(h);
    MMIOINFO info = zeroInfo();
    REQUIRE(mmioGetInfo(h, &info, 0) == 0);
    CHECK(info.pchBuffer == mine);
    CHECK(info.cchBuffer == (LONG)sizeof mine);
    CHECK(readN(h, 20) == Bytes(kContent.begin(), kContent.begin() + 20));
    // The bytes went through the caller's buffer.
    CHECK(contains(mine, sizeof mine, kContent.data(), 16));
}

// ------------------------------------------------------------ EXIST / PARSE

TEST_CASE("mmioOpen: MMIO_EXIST tells whether a file exists without opening it", "[mmioOpen]") {
    TempDir d;
    REQUIRE(d.ok());
    REQUIRE(writeFile(d.w(L"here.dat"), kContent));
    // mmioOpen.md: "MMIO_EXIST ... The return value is TRUE (cast to HMMIO) if the qualification
    // was successful and the file exists or FALSE otherwise."
    CHECK(statusA(d.a("here.dat"), MMIO_EXIST) == kTrue);
    CHECK(statusA(d.a("gone.dat"), MMIO_EXIST) == kFalse);
    CHECK(statusA(d.a("nodir\\gone.dat"), MMIO_EXIST) == kFalse);
    CHECK(statusW(d.w(L"here.dat"), MMIO_EXIST) == kTrue);
    CHECK(statusW(d.w(L"gone.dat"), MMIO_EXIST) == kFalse);
    // "The file is not opened" (nothing holds it open).
    CHECK(nobodyHasItOpen(d.w(L"here.dat")));
    CHECK_FALSE(fileExists(d.w(L"gone.dat")));
}

TEST_CASE("mmioOpen: MMIO_EXIST with MMIO_CREATE does not create the file", "[mmioOpen][decision]") {
    TempDir d;
    REQUIRE(d.ok());
    // [decision] mmioOpen.md says of MMIO_EXIST only "The file is not opened"; we take it that
    // the flags that open (and create) files are ignored, as the page says for PARSE and DELETE.
    CHECK(statusA(d.a("gone.dat"), MMIO_EXIST | MMIO_CREATE | MMIO_READWRITE) == kFalse);
    CHECK_FALSE(fileExists(d.w(L"gone.dat")));
}

TEST_CASE("mmioOpen: MMIO_PARSE copies back the fully qualified name", "[mmioOpen]") {
    TempDir d;
    REQUIRE(d.ok());
    CurrentDir cd(d.path());
    REQUIRE(cd.ok());
    char expected[MAX_PATH];
    REQUIRE(GetFullPathNameA("parsed.wav", MAX_PATH, expected, nullptr) > 0);

    char buf[MAX_PATH + 128] = "parsed.wav";
    HMMIO r = statusResult(mmioOpenA(buf, nullptr, MMIO_PARSE));
    // mmioOpen.md: "MMIO_PARSE ... If the function succeeds, the return value is TRUE (cast to
    // HMMIO)."
    CHECK(r == kTrue);
    // "Creates a fully qualified file name from the path specified in szFilename. The fully
    // qualified name is copied to the buffer pointed to by szFilename."
    INFO("got \"" << buf << "\", expected \"" << expected << "\"");
    CHECK(sameFileName(buf, expected));
    // "The file is not opened" (the name needs no existing file, and none is created).
    CHECK_FALSE(fileExists(d.w(L"parsed.wav")));
}

TEST_CASE("mmioOpen: MMIO_PARSE resolves . and .. components", "[mmioOpen]") {
    TempDir d;
    REQUIRE(d.ok());
    REQUIRE(CreateDirectoryW(d.w(L"sub").c_str(), nullptr));
    char buf[MAX_PATH + 128];
    lstrcpynA(buf, d.a("sub\\..\\.\\x.dat").c_str(), sizeof buf);
    // mmioOpen.md: "MMIO_PARSE | Creates a fully qualified file name from the path specified in
    // szFilename. The fully qualified name is copied to the buffer pointed to by szFilename."
    CHECK(statusResult(mmioOpenA(buf, nullptr, MMIO_PARSE)) == kTrue);
    INFO("got \"" << buf << "\"");
    CHECK(sameFileName(buf, d.a("x.dat").c_str()));
}

TEST_CASE("mmioOpen: MMIO_PARSE ignores the flags that open files", "[mmioOpen]") {
    TempDir d;
    REQUIRE(d.ok());
    char buf[MAX_PATH + 128];
    lstrcpynA(buf, d.a("notcreated.dat").c_str(), sizeof buf);
    // mmioOpen.md: "If this flag is specified, all flags that open files are ignored."
    HMMIO r = statusResult(mmioOpenA(buf, nullptr, MMIO_PARSE | MMIO_CREATE | MMIO_READWRITE));
    CHECK(r == kTrue);
    CHECK_FALSE(fileExists(d.w(L"notcreated.dat")));
    CHECK(sameFileName(buf, d.a("notcreated.dat").c_str()));
}

TEST_CASE("mmioOpenW: MMIO_PARSE copies back a Unicode fully qualified name", "[mmioOpen]") {
    TempDir d;
    REQUIRE(d.ok());
    CurrentDir cd(d.path());
    REQUIRE(cd.ok());
    const wchar_t* name = L"\u4e2d\u6587\u00e9.wav";
    wchar_t expected[MAX_PATH];
    REQUIRE(GetFullPathNameW(name, MAX_PATH, expected, nullptr) > 0);
    wchar_t buf[MAX_PATH + 128];
    lstrcpyW(buf, name);
    // mmioOpenW.md (Unicode version): "The fully qualified name is copied to the buffer pointed to
    // by szFilename."
    CHECK(statusResult(mmioOpenW(buf, nullptr, MMIO_PARSE)) == kTrue);
    INFO("got \"" << toUtf8(buf) << "\", expected \"" << toUtf8(expected) << "\"");
    CHECK(lstrcmpiW(buf, expected) == 0);
}

// ------------------------------------------------------------ DELETE

TEST_CASE("mmioOpen: MMIO_DELETE deletes a file and returns TRUE", "[mmioOpen]") {
    TempDir d;
    REQUIRE(d.ok());
    REQUIRE(writeFile(d.w(L"del.dat"), kContent));
    // mmioOpen.md: "MMIO_DELETE | Deletes a file. ... The return value is TRUE (cast to HMMIO) if
    // the file was deleted successfully or FALSE otherwise."
    CHECK(statusA(d.a("del.dat"), MMIO_DELETE) == kTrue);
    CHECK_FALSE(fileExists(d.w(L"del.dat")));
    // A second delete has nothing to delete.
    CHECK(statusA(d.a("del.dat"), MMIO_DELETE) == kFalse);
}

TEST_CASE("mmioOpen: MMIO_DELETE of a missing file returns FALSE", "[mmioOpen]") {
    TempDir d;
    REQUIRE(d.ok());
    // mmioOpen.md: "... or FALSE otherwise."
    CHECK(statusA(d.a("never.dat"), MMIO_DELETE) == kFalse);
    CHECK(statusA(d.a("nodir\\never.dat"), MMIO_DELETE) == kFalse);
    CHECK(statusW(d.w(L"never.dat"), MMIO_DELETE) == kFalse);
}

TEST_CASE("mmioOpen: MMIO_DELETE ignores the flags that open files", "[mmioOpen]") {
    TempDir d;
    REQUIRE(d.ok());
    REQUIRE(writeFile(d.w(L"del.dat"), kContent));
    // mmioOpen.md: "If this flag is specified, all other flags that open files are ignored."
    CHECK(statusA(d.a("del.dat"), MMIO_DELETE | MMIO_CREATE | MMIO_READWRITE | MMIO_ALLOCBUF) == kTrue);
    CHECK_FALSE(fileExists(d.w(L"del.dat")));
}

TEST_CASE("mmioOpen: MMIO_DELETE of a file that another handle holds fails", "[mmioOpen][decision]") {
    // [decision] docs silent; a file that cannot be deleted gives "FALSE otherwise".
    TempDir d;
    REQUIRE(d.ok());
    REQUIRE(writeFile(d.w(L"held.dat"), kContent));
    HANDLE held = CreateFileW(d.w(L"held.dat").c_str(), GENERIC_READ, FILE_SHARE_READ, nullptr,
                              OPEN_EXISTING, 0, nullptr);
    REQUIRE(held != INVALID_HANDLE_VALUE);
    CHECK(statusA(d.a("held.dat"), MMIO_DELETE) == kFalse);
    CloseHandle(held);
    CHECK(fileExists(d.w(L"held.dat")));
}

// ------------------------------------------------------------ GETTEMP

TEST_CASE("mmioOpen: MMIO_GETTEMP creates a temporary file name", "[mmioOpen]") {
    char buf[MAX_PATH + 128] = "";
    // mmioOpen.md: "MMIO_GETTEMP | Creates a temporary file name, optionally using the parameters
    // passed in szFilename. ... The resulting file name is copied to the buffer pointed to by
    // szFilename. ... If the temporary file name was created successfully, the return value is
    // MMSYSERR_NOERROR (cast to HMMIO)."
    HMMIO r = statusResult(mmioOpenA(buf, nullptr, MMIO_GETTEMP));
    CHECK(r == (HMMIO)(UINT_PTR)MMSYSERR_NOERROR);
    INFO("name: \"" << buf << "\"");
    CHECK(lstrlenA(buf) > 0);
    // A usable (fully qualified) name: "X:\..." or "\\server\...".
    CHECK(lstrlenA(buf) > 3);
    CHECK((buf[1] == ':' || (buf[0] == '\\' && buf[1] == '\\')));
    CHECK(lstrlenA(buf) < 128);
    if (buf[0] && fileExists(toWide(buf))) DeleteFileA(buf);  // in case the name was reserved by creating the file
}

TEST_CASE("mmioOpen: MMIO_GETTEMP with \"C:F\" names a file on drive C starting with F", "[mmioOpen]") {
    char buf[MAX_PATH + 128] = "C:F";
    // mmioOpen.md: "For example, you can specify "C:F" to create a temporary file residing on
    // drive C, starting with letter "F"."
    HMMIO r = statusResult(mmioOpenA(buf, nullptr, MMIO_GETTEMP));
    CHECK(r == (HMMIO)(UINT_PTR)MMSYSERR_NOERROR);
    INFO("name: \"" << buf << "\"");
    CHECK((buf[0] == 'C' || buf[0] == 'c'));
    CHECK(buf[1] == ':');
    const char* slash = nullptr;
    for (const char* p = buf; *p; ++p)
        if (*p == '\\') slash = p;
    REQUIRE(slash != nullptr);
    CHECK((slash[1] == 'F' || slash[1] == 'f'));
    if (lstrcmpA(buf, "C:F") != 0 && fileExists(toWide(buf))) DeleteFileA(buf);
}

TEST_CASE("mmioOpen: MMIO_GETTEMP overrides all other flags", "[mmioOpen]") {
    char buf[MAX_PATH + 128] = "";
    // mmioOpen.md: "The file is not opened, and the function does not return a valid multimedia
    // file I/O file handle ... This flag overrides all other flags."
    HMMIO r = statusResult(mmioOpenA(buf, nullptr, MMIO_GETTEMP | MMIO_CREATE | MMIO_READWRITE | MMIO_ALLOCBUF));
    CHECK(r == (HMMIO)(UINT_PTR)MMSYSERR_NOERROR);
    CHECK(lstrlenA(buf) > 3);
    // If a file of that name exists, nothing holds it open.
    if (buf[0] && fileExists(toWide(buf))) {
        CHECK(nobodyHasItOpen(toWide(buf)));
        DeleteFileA(buf);
    }
}

// ------------------------------------------------------------ standard file handles

TEST_CASE("mmioOpen: a NULL name with adwInfo uses an open standard file handle", "[mmioOpen]") {
    TempDir d;
    REQUIRE(d.ok());
    REQUIRE(writeFile(d.w(L"h.dat"), kContent));
    for (bool dosProc : {false, true}) {
        INFO((dosProc ? "fccIOProc = FOURCC_DOS" : "no I/O procedure given"));
        HANDLE file = CreateFileW(d.w(L"h.dat").c_str(), GENERIC_READ | GENERIC_WRITE, 0, nullptr,
                                  OPEN_EXISTING, FILE_ATTRIBUTE_NORMAL, nullptr);
        REQUIRE(file != INVALID_HANDLE_VALUE);
        REQUIRE(SetFilePointer(file, 5, nullptr, FILE_BEGIN) == 5);
        MMIOINFO in = zeroInfo();
        // mmioOpen.md: "If the file name is NULL and no I/O procedure is given, the adwInfo member
        // of the MMIOINFO structure is assumed to be the standard (non-HMMIO) file handle of a
        // currently open file." / "set fccIOProc to FOURCC_DOS, pchBuffer to NULL, and adwInfo to
        // the standard file handle."
        if (dosProc) in.fccIOProc = FOURCC_DOS;
        in.adwInfo[0] = (DWORD)(UINT_PTR)file;
        HMMIO h = mmioOpenA(nullptr, &in, MMIO_READWRITE);
        CHECK(h != nullptr);
        if (!h) {
            CloseHandle(file);
            continue;
        }
        // "the initial multimedia file I/O offset will be the same as the offset in the standard
        // file when mmioOpen is called."
        CHECK(mmioSeek(h, 0, SEEK_CUR) == 5);
        CHECK(readN(h, 4) == Bytes(kContent.begin() + 5, kContent.begin() + 9));
        // "Offsets within the file will be relative to the beginning of the file"
        CHECK(mmioSeek(h, 0, SEEK_SET) == 0);
        CHECK(readN(h, 4) == Bytes(kContent.begin(), kContent.begin() + 4));
        CHECK(mmioSeek(h, 0, SEEK_END) == (LONG)kContent.size());
        // mmioClose.md: "MMIO_FHOPEN | ... tells the mmioClose function to close the multimedia
        // file handle, but not the standard file handle."
        CHECK(mmioClose(h, MMIO_FHOPEN) == 0);
        CHECK(GetFileSize(file, nullptr) == kContent.size());
        CHECK_FALSE(nobodyHasItOpen(d.w(L"h.dat")));
        CHECK(CloseHandle(file));
        CHECK(nobodyHasItOpen(d.w(L"h.dat")));
    }
}

TEST_CASE("mmioClose: without MMIO_FHOPEN the standard file handle is closed too", "[mmioClose]") {
    TempDir d;
    REQUIRE(d.ok());
    REQUIRE(writeFile(d.w(L"h.dat"), kContent));
    HANDLE file = CreateFileW(d.w(L"h.dat").c_str(), GENERIC_READ, 0, nullptr, OPEN_EXISTING,
                              FILE_ATTRIBUTE_NORMAL, nullptr);
    REQUIRE(file != INVALID_HANDLE_VALUE);
    MMIOINFO in = zeroInfo();
    in.fccIOProc = FOURCC_DOS;
    in.adwInfo[0] = (DWORD)(UINT_PTR)file;
    HMMIO h = mmioOpenA(nullptr, &in, MMIO_READ);
    REQUIRE(h != nullptr);
    CHECK(readN(h, 3) == Bytes(kContent.begin(), kContent.begin() + 3));
    CHECK(mmioClose(h, 0) == 0);
    // mmioClose.md: "MMIO_FHOPEN | If the file was opened by passing a file handle whose type is
    // not HMMIO, using this flag tells the mmioClose function to close the multimedia file
    // handle, but not the standard file handle." (without the flag, both are closed)
    bool closed = nobodyHasItOpen(d.w(L"h.dat"));
    CHECK(closed);
    if (!closed) CloseHandle(file);  // still ours to close
}

// ------------------------------------------------------------ I/O procedure selection

TEST_CASE("mmioOpen: fccIOProc FOURCC_DOS with a file name opens a standard file", "[mmioOpen]") {
    TempDir d;
    REQUIRE(d.ok());
    REQUIRE(writeFile(d.w(L"f.dat"), kContent));
    MMIOINFO in = zeroInfo();
    // mmioOpen.md: "To request that a file be opened with an installed I/O procedure, set
    // fccIOProc to the four-character code of the I/O procedure, and set pIOProc to NULL."
    // (FOURCC_DOS names the predefined procedure for standard files)
    in.fccIOProc = FOURCC_DOS;
    Hmmio h(openA(d.a("f.dat"), &in, MMIO_READ));
    REQUIRE(h);
    CHECK(readN(h, 300) == kContent);
}

TEST_CASE("mmioOpen: pIOProc selects an uninstalled I/O procedure", "[mmioOpen]") {
    g_log = ProcLog();
    MMIOINFO in = zeroInfo();
    // mmioOpen.md: "To request that a file be opened with an uninstalled I/O procedure, set IOProc
    // to point to the I/O procedure, and set fccIOProc to NULL."
    in.pIOProc = servingProc;
    Hmmio h(openA("whatever.dat", &in, MMIO_READ));
    REQUIRE(h);
    CHECK(g_log.open == 1);
    CHECK(readAll(h) == kProcData);
    CHECK(g_log.read >= 1);
    CHECK(h.close() == 0);
    CHECK(g_log.close == 1);
}

TEST_CASE("mmioOpen: fccIOProc selects an installed I/O procedure", "[mmioOpen]") {
    g_log = ProcLog();
    const FOURCC fcc = mmioFOURCC('Q', 'Z', 'A', ' ');
    InstalledProc installed(fcc, servingProc);
    REQUIRE(installed.result == servingProc);
    MMIOINFO in = zeroInfo();
    // mmioOpen.md: "To request that a file be opened with an installed I/O procedure, set
    // fccIOProc to the four-character code of the I/O procedure, and set pIOProc to NULL."
    in.fccIOProc = fcc;
    Hmmio h(openA("element-name", &in, MMIO_READ));
    REQUIRE(h);
    CHECK(g_log.open == 1);
    CHECK(readAll(h) == kProcData);
    CHECK(h.close() == 0);
    CHECK(g_log.close == 1);
}

TEST_CASE("mmioOpen: a name of the form EXAMPLE.EXT+ABC selects the EXT I/O procedure", "[mmioOpen]") {
    g_log = ProcLog();
    const FOURCC fcc = mmioFOURCC('Q', 'Z', 'B', ' ');
    InstalledProc installed(fcc, servingProc);
    REQUIRE(installed.result == servingProc);
    // mmioOpen.md: "If the file name is of the form EXAMPLE.EXT+ABC, the extension EXT is assumed
    // to identify an installed I/O procedure which is called to perform I/O on the file."
    {
        Hmmio h(openA("archive.QZB+element", nullptr, MMIO_READ));
        CHECK(h);
        CHECK(g_log.open == 1);
        if (h) CHECK(readAll(h) == kProcData);
    }
    // concepts-custom-services.md: "mmioOpen("filename.arc+element", NULL, MMIO_READ); ... the file
    // I/O manager would attempt to use the I/O procedure associated with the .ARC filename
    // extension" (a lower-case extension finds the upper-case code)
    {
        Hmmio h(openA("archive.qzb+element", nullptr, MMIO_READ));
        CHECK(h);
        CHECK(g_log.open == 2);
    }
}

TEST_CASE("mmioOpen: an unknown I/O procedure cannot open a file", "[mmioOpen]") {
    // concepts-custom-services.md: "If no I/O procedure is installed, mmioOpen returns an error."
    HMMIO h = openA("archive.QZN+element", nullptr, MMIO_READ);
    CHECK(h == nullptr);
    if (h) mmioClose(h, 0);
    MMIOINFO in = zeroInfo();
    in.fccIOProc = mmioFOURCC('Q', 'Z', 'N', ' ');
    h = openA("element", &in, MMIO_READ);
    CHECK(h == nullptr);
    if (h) mmioClose(h, 0);
}

// ------------------------------------------------------------ A and W names

TEST_CASE("mmioOpenW: creates, reads and finds files with non-ASCII names", "[mmioOpen]") {
    TempDir d;
    REQUIRE(d.ok());
    // Characters outside any single ANSI code page: the name must reach the file system intact.
    const std::wstring name = L"\u4e2d\u6587-\u00e9\u0436-\u03a9.dat";
    const std::wstring path = d.w(name);
    // mmioOpenW.md: the Unicode version of mmioOpen ("MMIO_CREATE | Creates a new file.")
    {
        Hmmio h(openW(path, nullptr, MMIO_CREATE | MMIO_WRITE));
        REQUIRE(h);
        CHECK(mmioWrite(h, "unicode", 7) == 7);
        CHECK(h.close() == 0);
    }
    CHECK(readFile(path) == Bytes{'u', 'n', 'i', 'c', 'o', 'd', 'e'});
    {
        Hmmio h(openW(path, nullptr, MMIO_READ));
        REQUIRE(h);
        CHECK(readAll(h) == "unicode");
    }
    // "MMIO_EXIST ... TRUE (cast to HMMIO) if the qualification was successful and the file exists"
    CHECK(statusW(path, MMIO_EXIST) == kTrue);
    // "MMIO_DELETE ... TRUE (cast to HMMIO) if the file was deleted successfully"
    CHECK(statusW(path, MMIO_DELETE) == kTrue);
    CHECK_FALSE(fileExists(path));
}

TEST_CASE("mmioOpenA: names are in the ANSI code page", "[mmioOpen]") {
    TempDir d;
    REQUIRE(d.ok());
    REQUIRE(d.ansiOk());
    // "caf" + e-acute: representable in most single-byte ANSI code pages.
    std::wstring wname = L"caf\u00e9-\u00fc.dat";
    bool lossy = false;
    std::string aname = toAnsi(wname, &lossy);
    if (lossy) {
        WARN("ANSI code page " << GetACP() << " lacks e-acute/u-umlaut; using an ASCII name");
        wname = L"cafe-u.dat";
        aname = "cafe-u.dat";
    }
    // mmioOpenA.md: the ANSI version of mmioOpen.
    {
        Hmmio h(openA(d.a(aname), nullptr, MMIO_CREATE | MMIO_READWRITE));
        REQUIRE(h);
        CHECK(mmioWrite(h, "ansi", 4) == 4);
        CHECK(h.close() == 0);
    }
    // The file has the Unicode name that the ANSI name stands for.
    CHECK(readFile(d.w(wname)) == Bytes{'a', 'n', 's', 'i'});
    CHECK(statusA(d.a(aname), MMIO_EXIST) == kTrue);
    {
        Hmmio h(openW(d.w(wname), nullptr, MMIO_READ));
        CHECK(h);
        if (h) CHECK(readAll(h) == "ansi");
    }
}
