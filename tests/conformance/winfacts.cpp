// mmio conformance: behaviour Windows pins down where Microsoft's pages are silent.
//
// Every check here states a fact of real Windows: the behaviour asserted by a conformance suite that passes on
// Windows (Wine's dlls/winmm/tests/mmio.c; lines marked todo_wine there are Windows facts Wine misses). The tests
// are our own, written from those facts: buffer set-up by mmioOpen and mmioSetBuffer, the MMIO_ALLOCBUF bit,
// SEEK_END, long MMIO_PARSE answers, the search for bare file names, and the MMIOINFO fields after buffered I/O.
// Choices Windows leaves open are in test cases tagged [decision] (docs/mmio.md says why).
#include <catch.hpp>

#include "support_files.h"

#include <memory>
#include <string>
#include <vector>

using namespace confa;

namespace {

constexpr LONG kFileSize = 520;

// A 520-byte file for the disk variants (the bytes do not matter to these checks).
struct DiskFile {
    TempDir dir;
    std::string path;
    DiskFile() {
        if (dir.ok() && writeFile(dir.w(L"f.bin"), pattern(kFileSize, 77))) path = dir.a("f.bin");
    }
    bool ok() const { return !path.empty(); }
};

MMIOINFO info_of(HMMIO h) {
    MMIOINFO mi;
    std::memset(&mi, 0x55, sizeof mi);
    if (mmioGetInfo(h, &mi, 0) != MMSYSERR_NOERROR) std::memset(&mi, 0, sizeof mi);
    return mi;
}

// Opens a memory file (no name) or the disk file with the given buffer fields.
HMMIO open_with(bool memory, const DiskFile& df, char* pch, LONG cch, DWORD flags, MMIOINFO& mi) {
    mi = zeroInfo();
    mi.fccIOProc = memory ? FOURCC_MEM : FOURCC_DOS;
    mi.pchBuffer = pch;
    mi.cchBuffer = cch;
    if (memory) return mmioOpenA(nullptr, &mi, flags);
    return openA(df.path, &mi, flags);
}

}  // namespace

// ============================================================================================================
// mmioOpen: which buffer a file gets
// ============================================================================================================

namespace {
enum class BufPtr { Caller, Null };
enum class Expect { Caller, Null, Internal };
struct OpenCase {
    const char* name;
    BufPtr ptr;
    LONG cch;
    DWORD extra;
    DWORD flags;       // dwFlags reported by mmioGetInfo (opened with MMIO_READ = 0)
    LONG reported;     // cchBuffer reported
    Expect buffer;
};
// One rule gives every row: the size is cchBuffer, or MMIO_DEFAULTBUFFER when MMIO_ALLOCBUF is given with 0; a
// caller pointer is used with that size; without one a size above 0 gets a buffer allocated by mmio; otherwise
// there is no buffer. MMIO_ALLOCBUF in dwFlags means "allocated by mmio".
const OpenCase kOpenCases[] = {
    {"A: caller buffer 8192", BufPtr::Caller, 8192, 0, 0, 8192, Expect::Caller},
    {"B: caller pointer, size 0", BufPtr::Caller, 0, 0, 0, 0, Expect::Caller},
    {"C: NULL, size 0", BufPtr::Null, 0, 0, 0, 0, Expect::Null},
    {"D: NULL, size 256, no MMIO_ALLOCBUF", BufPtr::Null, 256, 0, MMIO_ALLOCBUF, 256, Expect::Internal},
    {"E: caller buffer 8192 with MMIO_ALLOCBUF", BufPtr::Caller, 8192, MMIO_ALLOCBUF, 0, 8192, Expect::Caller},
    {"F: NULL, size 0, MMIO_ALLOCBUF", BufPtr::Null, 0, MMIO_ALLOCBUF, MMIO_ALLOCBUF, MMIO_DEFAULTBUFFER,
     Expect::Internal},
    {"G: NULL, size 256, MMIO_ALLOCBUF", BufPtr::Null, 256, MMIO_ALLOCBUF, MMIO_ALLOCBUF, 256, Expect::Internal},
    {"H: caller pointer, size 0, MMIO_ALLOCBUF", BufPtr::Caller, 0, MMIO_ALLOCBUF, 0, MMIO_DEFAULTBUFFER,
     Expect::Caller},
};
}  // namespace

TEST_CASE("mmioOpen: the buffer a file gets from pchBuffer, cchBuffer and MMIO_ALLOCBUF", "[mmioOpen][buffer]") {
    const bool memory = GENERATE(true, false);
    DiskFile df;
    REQUIRE(df.ok());
    for (const OpenCase& c : kOpenCases) {
        INFO((memory ? "memory file, " : "DOS file, ") << c.name);
        std::vector<char> caller(8192, 0);  // 8192 bytes: case H's buffer is trusted to hold the default size
        char* p = c.ptr == BufPtr::Caller ? caller.data() : nullptr;
        MMIOINFO in;
        Hmmio h(open_with(memory, df, p, c.cch, MMIO_READ | c.extra, in));
        REQUIRE(h);
        CHECK(in.wErrorRet == 0);
        MMIOINFO mi = info_of(h);
        CHECK(mi.fccIOProc == (memory ? FOURCC_MEM : FOURCC_DOS));
        CHECK(mi.dwFlags == c.flags);
        CHECK(mi.cchBuffer == c.reported);
        switch (c.buffer) {
        case Expect::Caller: CHECK(mi.pchBuffer == p); break;
        case Expect::Null: CHECK(mi.pchBuffer == nullptr); break;
        case Expect::Internal:
            CHECK(mi.pchBuffer != nullptr);
            CHECK(mi.pchBuffer != caller.data());
            break;
        }
        CHECK(mi.pchNext == mi.pchBuffer);
        CHECK(mi.pchEndWrite == mi.pchBuffer + mi.cchBuffer);
        // A memory file holds its whole block; a disk buffer starts empty.
        CHECK(mi.pchEndRead == (memory ? mi.pchBuffer + mi.cchBuffer : mi.pchBuffer));
        CHECK(mi.lBufOffset == 0);
        CHECK(mi.lDiskOffset == 0);
        CHECK(mmioSeek(h, 0, SEEK_CUR) == 0);
    }
}

TEST_CASE("mmioOpen: a memory block allocated by mmio starts zero-filled", "[mmioOpen][memory][decision]") {
    // [decision] Windows leaves the contents of a block it allocates open; zeros never show stale heap memory.
    for (DWORD extra : {0ul, (DWORD)MMIO_ALLOCBUF}) {
        INFO("extra flags " << extra);
        MMIOINFO mi = zeroInfo();
        mi.fccIOProc = FOURCC_MEM;
        mi.cchBuffer = extra ? 0 : 300;
        Hmmio h(mmioOpenA(nullptr, &mi, MMIO_READ | extra));
        REQUIRE(h);
        const LONG size = extra ? MMIO_DEFAULTBUFFER : 300;
        std::vector<char> got(static_cast<size_t>(size), 1);
        CHECK(mmioRead(h, got.data(), size) == size);
        CHECK(got == std::vector<char>(static_cast<size_t>(size), 0));
    }
}

TEST_CASE("mmioOpen: a caller pointer with size 0 works as no buffer", "[mmioOpen][buffer][decision]") {
    // [decision] Windows reports the pointer with cchBuffer 0 (test above) and leaves the I/O open; ours reads and
    // writes straight through the I/O procedure, and a memory file so opened holds 0 bytes.
    DiskFile df;
    REQUIRE(df.ok());
    char p[16] = {};
    MMIOINFO in;
    Hmmio h(open_with(false, df, p, 0, MMIO_READ, in));
    REQUIRE(h);
    const Bytes want = pattern(kFileSize, 77);
    Bytes got(10);
    CHECK(mmioRead(h, reinterpret_cast<char*>(got.data()), 10) == 10);
    CHECK(got == Bytes(want.begin(), want.begin() + 10));
    CHECK(mmioSeek(h, 100, SEEK_SET) == 100);
    CHECK(mmioRead(h, reinterpret_cast<char*>(got.data()), 10) == 10);
    CHECK(got == Bytes(want.begin() + 100, want.begin() + 110));
    MMIOINFO mi = info_of(h);
    CHECK(mi.pchBuffer == p);
    CHECK(mi.lBufOffset == 110);
    Hmmio m(open_with(true, df, p, 0, MMIO_READ, in));
    REQUIRE(m);
    CHECK(mmioRead(m, reinterpret_cast<char*>(got.data()), 10) == 0);
}

// ============================================================================================================
// mmioSetBuffer
// ============================================================================================================

TEST_CASE("mmioSetBuffer: NULL/0, MMIO_ALLOCBUF, a pointer of size 0 and a new internal buffer, in sequence",
          "[mmioSetBuffer][buffer]") {
    const bool memory = GENERATE(true, false);
    INFO((memory ? "memory file" : "DOS file"));
    DiskFile df;
    REQUIRE(df.ok());
    std::vector<char> p(256, 0);
    MMIOINFO in;
    Hmmio h(open_with(memory, df, p.data(), 256, MMIO_READ, in));
    REQUIRE(h);
    auto common = [&](const MMIOINFO& mi) {
        CHECK(mi.wErrorRet == 0);
        CHECK(mi.fccIOProc == (memory ? FOURCC_MEM : FOURCC_DOS));
        CHECK(mi.lBufOffset == 0);
        CHECK(mi.lDiskOffset == 0);
        CHECK(mi.pchNext == mi.pchBuffer);
        CHECK(mmioSeek(h, 0, SEEK_CUR) == 0);
    };
    // fuBuffer is ignored; NULL/0 leaves the file without a buffer, memory files included.
    CHECK(mmioSetBuffer(h, nullptr, 0, 0) == MMSYSERR_NOERROR);
    MMIOINFO mi = info_of(h);
    common(mi);
    CHECK(mi.pchBuffer == nullptr);
    CHECK(mi.cchBuffer == 0);
    CHECK(mi.pchEndRead == nullptr);
    CHECK(mi.pchEndWrite == nullptr);
    CHECK(mi.dwFlags == 0);
    // MMIO_ALLOCBUF with NULL/0 neither allocates nor picks the default size.
    CHECK(mmioSetBuffer(h, nullptr, 0, MMIO_ALLOCBUF) == MMSYSERR_NOERROR);
    mi = info_of(h);
    common(mi);
    CHECK(mi.pchBuffer == nullptr);
    CHECK(mi.cchBuffer == 0);
    CHECK(mi.dwFlags == 0);
    // A pointer with size 0 is accepted and reported.
    CHECK(mmioSetBuffer(h, p.data(), 0, MMIO_ALLOCBUF) == MMSYSERR_NOERROR);
    mi = info_of(h);
    common(mi);
    CHECK(mi.pchBuffer == p.data());
    CHECK(mi.cchBuffer == 0);
    CHECK(mi.pchEndRead == p.data());
    CHECK(mi.pchEndWrite == p.data());
    CHECK(mi.dwFlags == 0);
    // NULL with a size: a new buffer allocated by mmio, empty, even though the current one is the caller's; the
    // MMIO_WRITE of fuBuffer is not merged into dwFlags.
    CHECK(mmioSetBuffer(h, nullptr, 256, MMIO_WRITE | MMIO_ALLOCBUF) == MMSYSERR_NOERROR);
    mi = info_of(h);
    common(mi);
    CHECK(mi.pchBuffer != nullptr);
    CHECK(mi.pchBuffer != p.data());
    CHECK(mi.cchBuffer == 256);
    CHECK(mi.pchEndRead == mi.pchBuffer);
    CHECK(mi.pchEndWrite == mi.pchBuffer + 256);
    CHECK(mi.dwFlags == MMIO_ALLOCBUF);
}

TEST_CASE("mmioSetBuffer: a memory file without a block reads nothing and cannot be written",
          "[mmioSetBuffer][memory][decision]") {
    // [decision] Windows leaves I/O on a memory file without a block open; ours: reads give 0 bytes, writes fail
    // (-1), seeks stay at 0, mmioAdvance says MMIOERR_UNBUFFERED; a new block makes it usable again.
    std::vector<char> block(64, 'x');
    MMIOINFO mi = zeroInfo();
    mi.fccIOProc = FOURCC_MEM;
    mi.pchBuffer = block.data();
    mi.cchBuffer = 64;
    Hmmio h(mmioOpenA(nullptr, &mi, MMIO_READWRITE));
    REQUIRE(h);
    CHECK(mmioSeek(h, 10, SEEK_SET) == 10);
    REQUIRE(mmioSetBuffer(h, nullptr, 0, 0) == MMSYSERR_NOERROR);
    char b[4];
    CHECK(mmioSeek(h, 0, SEEK_CUR) == 0);
    CHECK(mmioRead(h, b, 4) == 0);
    CHECK(mmioWrite(h, "abcd", 4) == -1);
    CHECK(mmioAdvance(h, nullptr, MMIO_WRITE) == MMIOERR_UNBUFFERED);
    REQUIRE(mmioSetBuffer(h, nullptr, 32, 0) == MMSYSERR_NOERROR);
    CHECK(mmioWrite(h, "abcd", 4) == 4);
    CHECK(mmioSeek(h, 0, SEEK_SET) == 0);
    CHECK(mmioRead(h, b, 4) == 4);
    CHECK(std::string(b, 4) == "abcd");
}

// ============================================================================================================
// mmioSeek SEEK_END and the MMIOINFO at the end of a file
// ============================================================================================================

TEST_CASE("mmioSeek: SEEK_END with a positive offset goes back from the end; MMIOINFO at the end of the file",
          "[mmioSeek]") {
    DiskFile df;
    REQUIRE(df.ok());
    SECTION("memory file") {
        std::vector<char> block(kFileSize, 0);
        MMIOINFO in;
        Hmmio h(open_with(true, df, block.data(), kFileSize, MMIO_READ, in));
        REQUIRE(h);
        CHECK(mmioSeek(h, 0, SEEK_END) == kFileSize);
        MMIOINFO mi = info_of(h);
        CHECK(mi.pchNext == mi.pchBuffer + kFileSize);
        CHECK(mi.pchEndRead == mi.pchBuffer + kFileSize);
        CHECK(mi.pchEndWrite == mi.pchBuffer + kFileSize);
        CHECK(mi.lBufOffset == 0);
        CHECK(mi.lDiskOffset == 0);
        CHECK(mmioSeek(h, 16, SEEK_END) == kFileSize - 16);
    }
    for (DWORD extra : {0ul, (DWORD)MMIO_ALLOCBUF}) {
        DYNAMIC_SECTION("DOS file, extra flags " << extra) {
            MMIOINFO in;
            Hmmio h(open_with(false, df, nullptr, 0, MMIO_READ | extra, in));
            REQUIRE(h);
            CHECK(mmioSeek(h, 0, SEEK_END) == kFileSize);
            MMIOINFO mi = info_of(h);
            CHECK(mi.pchNext == mi.pchBuffer);
            CHECK(mi.pchEndRead == mi.pchBuffer);
            CHECK(mi.pchEndWrite == mi.pchBuffer + mi.cchBuffer);
            CHECK(mi.cchBuffer == (extra ? MMIO_DEFAULTBUFFER : 0));
            CHECK(mi.lBufOffset == kFileSize);
            CHECK(mi.lDiskOffset == kFileSize);
            CHECK(mmioSeek(h, 16, SEEK_END) == kFileSize - 16);
        }
    }
}

TEST_CASE("mmioRead and mmioAdvance at the end of a file give 0", "[mmioRead][mmioAdvance]") {
    DiskFile df;
    REQUIRE(df.ok());
    std::vector<char> p(128, 0);
    MMIOINFO in;
    Hmmio h(open_with(false, df, p.data(), 128, MMIO_READ, in));
    REQUIRE(h);
    CHECK(mmioSeek(h, 0, SEEK_END) == kFileSize);
    char b[16];
    CHECK(mmioRead(h, b, 16) == 0);
    MMIOINFO mi = info_of(h);
    CHECK(mmioAdvance(h, &mi, MMIO_READ) == MMSYSERR_NOERROR);
    CHECK(mi.pchNext == mi.pchEndRead);
}

// ============================================================================================================
// A tiny caller buffer: what mmioRead, mmioAdvance and mmioSeek leave in MMIOINFO
// ============================================================================================================

TEST_CASE("MMIOINFO with a 5-byte caller buffer: reads, advances and seeks", "[mmioRead][mmioSeek][buffer]") {
    DiskFile df;
    REQUIRE(df.ok());
    char p[5] = {};
    MMIOINFO in;
    Hmmio h(open_with(false, df, p, 5, MMIO_READ, in));
    REQUIRE(h);
    char b[16];
    // A read of 0 bytes loads nothing.
    CHECK(mmioRead(h, b, 0) == 0);
    MMIOINFO mi = info_of(h);
    CHECK(mi.pchEndRead == mi.pchBuffer);
    // mmioAdvance fills exactly the buffer.
    CHECK(mmioAdvance(h, &mi, MMIO_READ) == MMSYSERR_NOERROR);
    CHECK(mi.pchEndRead - mi.pchBuffer == 5);
    CHECK(mi.lBufOffset == 0);
    // A seek inside the loaded bytes keeps them.
    CHECK(mmioSeek(h, 2, SEEK_SET) == 2);
    mi = info_of(h);
    CHECK(mi.lBufOffset == 0);
    CHECK(mi.pchNext - mi.pchBuffer == 2);
    CHECK(mi.pchEndRead - mi.pchBuffer == 5);
    // A seek outside empties the buffer at exactly the target (no alignment).
    CHECK(mmioSeek(h, 17, SEEK_SET) == 17);
    mi = info_of(h);
    CHECK(mi.lBufOffset == 17);
    CHECK(mi.pchNext == mi.pchBuffer);
    CHECK(mi.pchEndRead == mi.pchBuffer);
    // A read larger than the buffer bypasses it and leaves it empty after the bytes read.
    CHECK(mmioRead(h, b, 16) == 16);
    const Bytes want = pattern(kFileSize, 77);
    CHECK(Bytes(b, b + 16) == Bytes(want.begin() + 17, want.begin() + 33));
    mi = info_of(h);
    CHECK(mi.lBufOffset == 33);
    CHECK(mi.pchEndRead == mi.pchBuffer);
}

// ============================================================================================================
// Opening an already open file handle with a buffer
// ============================================================================================================

TEST_CASE("mmioOpen: a buffered open of an existing file handle starts at the handle's position", "[mmioOpen]") {
    DiskFile df;
    REQUIRE(df.ok());
    HANDLE fh = CreateFileA(df.path.c_str(), GENERIC_READ, FILE_SHARE_READ, nullptr, OPEN_EXISTING, 0, nullptr);
    REQUIRE(fh != INVALID_HANDLE_VALUE);
    REQUIRE(SetFilePointer(fh, 16, nullptr, FILE_BEGIN) == 16);
    MMIOINFO mi = zeroInfo();
    mi.fccIOProc = FOURCC_DOS;
    mi.adwInfo[0] = static_cast<DWORD>(reinterpret_cast<UINT_PTR>(fh));
    HMMIO h = mmioOpenA(nullptr, &mi, MMIO_READ | MMIO_DENYWRITE | MMIO_ALLOCBUF);
    CHECK(h != nullptr);
    if (h) {
        CHECK(mmioSeek(h, 0, SEEK_CUR) == 16);
        char b[4];
        CHECK(mmioRead(h, b, 4) == 4);
        const Bytes want = pattern(kFileSize, 77);
        CHECK(Bytes(b, b + 4) == Bytes(want.begin() + 16, want.begin() + 20));
        CHECK(mmioClose(h, MMIO_FHOPEN) == MMSYSERR_NOERROR);
    }
    CloseHandle(fh);
}

// ============================================================================================================
// MMIO_PARSE, MMIO_EXIST and the search for bare names
// ============================================================================================================

TEST_CASE("mmioOpen: MMIO_PARSE of a full path longer than 127 characters", "[mmioOpen][parse]") {
    TempDir d;
    REQUIRE(d.ok());
    CurrentDir cd(d.path());
    REQUIRE(cd.ok());
    const std::string rel = "very_long_filename_" + std::string(150, 'x');
    wchar_t fullW[1024] = {};
    const DWORD n = GetFullPathNameW(toWide(rel).c_str(), 1024, fullW, nullptr);
    REQUIRE(n > 128);
    SECTION("mmioOpenW: fails with MMIOERR_OUTOFMEMORY and leaves the first 127 characters") {
        std::vector<wchar_t> buf(400, L'#');
        std::wstring relW = toWide(rel);
        std::copy(relW.begin(), relW.end(), buf.begin());
        buf[relW.size()] = 0;
        MMIOINFO mi = zeroInfo();
        mi.wErrorRet = 0xDEAD;
        CHECK(mmioOpenW(buf.data(), &mi, MMIO_PARSE) == kFalse);
        CHECK(mi.wErrorRet == MMIOERR_OUTOFMEMORY);
        CHECK(std::wstring(buf.data(), 127) == std::wstring(fullW, 127));
        CHECK(buf[127] == 0);
    }
    SECTION("mmioOpenA: fails with MMIOERR_OUTOFMEMORY and leaves the buffer unchanged") {
        std::vector<char> buf(400, '#');
        std::copy(rel.begin(), rel.end(), buf.begin());
        buf[rel.size()] = 0;
        const std::vector<char> before = buf;
        MMIOINFO mi = zeroInfo();
        mi.wErrorRet = 0xDEAD;
        CHECK(mmioOpenA(buf.data(), &mi, MMIO_PARSE) == kFalse);
        CHECK(mi.wErrorRet == MMIOERR_OUTOFMEMORY);
        CHECK(buf == before);
    }
}

TEST_CASE("mmioOpen: MMIO_EXIST of a missing file sets MMIOERR_FILENOTFOUND", "[mmioOpen]") {
    TempDir d;
    REQUIRE(d.ok());
    MMIOINFO mi = zeroInfo();
    CHECK(openA(d.a("missing.bin"), &mi, MMIO_EXIST) == kFalse);
    CHECK(mi.wErrorRet == MMIOERR_FILENOTFOUND);
}

namespace {
// The directory of this executable, with a trailing backslash.
std::wstring exe_dir() {
    wchar_t p[MAX_PATH] = {};
    DWORD n = GetModuleFileNameW(nullptr, p, MAX_PATH);
    while (n > 0 && p[n - 1] != L'\\' && p[n - 1] != L'/') --n;
    return std::wstring(p, n);
}
}  // namespace

TEST_CASE("mmioOpen: a bare name opened without MMIO_CREATE is found in the application's directory",
          "[mmioOpen][search]") {
    // Windows finds such a name as OpenFile does: the application's directory comes before the current one.
    TempDir d;
    REQUIRE(d.ok());
    const std::wstring name = L"wng_search_" + std::to_wstring(GetCurrentProcessId()) + L".bin";
    const std::wstring beside = exe_dir() + name;
    REQUIRE(writeFile(beside, pattern(40, 3)));
    {
        CurrentDir cd(d.path());
        REQUIRE(cd.ok());
        MMIOINFO mi = zeroInfo();
        Hmmio h(openW(name, &mi, MMIO_WRITE));
        CHECK(h);
        CHECK(mi.wErrorRet == 0);
        h.close();
        CHECK_FALSE(fileExists(d.w(name)));  // nothing was created in the current directory
        Hmmio r(openW(name, nullptr, MMIO_READ));
        CHECK(r);
        // MMIO_EXIST and MMIO_PARSE do not search: they answer for the current directory.
        mi = zeroInfo();
        CHECK(openW(name, &mi, MMIO_EXIST) == kFalse);
        CHECK(mi.wErrorRet == MMIOERR_FILENOTFOUND);
        wchar_t buf[MAX_PATH + 128] = {};
        lstrcpynW(buf, name.c_str(), MAX_PATH);
        CHECK(mmioOpenW(buf, nullptr, MMIO_PARSE) == kTrue);
        CHECK(std::wstring(buf) == d.w(name));
        // MMIO_CREATE creates in the current directory.
        Hmmio c(openW(name, nullptr, MMIO_WRITE | MMIO_CREATE));
        CHECK(c);
        c.close();
        CHECK(fileExists(d.w(name)));
        CHECK(DeleteFileW(d.w(name).c_str()));
    }
    CHECK(fileExists(beside));
    DeleteFileW(beside.c_str());
}

TEST_CASE("mmioOpen: a name with a directory component is not searched", "[mmioOpen][search][decision]") {
    // [decision] Windows' search is pinned for bare names only; a name naming a directory ("." included) means that
    // directory, as CreateFile reads it.
    TempDir d;
    REQUIRE(d.ok());
    const std::wstring name = L"wng_nosearch_" + std::to_wstring(GetCurrentProcessId()) + L".bin";
    const std::wstring beside = exe_dir() + name;
    REQUIRE(writeFile(beside, pattern(8, 4)));
    {
        CurrentDir cd(d.path());
        REQUIRE(cd.ok());
        MMIOINFO mi = zeroInfo();
        Hmmio h(openW(L".\\" + name, &mi, MMIO_READ));
        CHECK_FALSE(h);
        CHECK(mi.wErrorRet == MMIOERR_FILENOTFOUND);
    }
    DeleteFileW(beside.c_str());
}

// ============================================================================================================
// Writing a RIFF file through direct buffer access
// ============================================================================================================

TEST_CASE("RIFF writing with direct buffer access: MMIO_DIRTY from mmioGetInfo carries the bytes",
          "[mmioCreateChunk][mmioAdvance][riff]") {
    TempDir d;
    REQUIRE(d.ok());
    CurrentDir cd(d.path());
    REQUIRE(cd.ok());
    Hmmio h(openA("test_write.wav", nullptr, MMIO_ALLOCBUF | MMIO_CREATE | MMIO_READWRITE));
    REQUIRE(h);
    MMCKINFO riff;
    std::memset(&riff, 0, sizeof riff);
    riff.fccType = mmioFOURCC('W', 'A', 'V', 'E');
    REQUIRE(mmioCreateChunk(h, &riff, MMIO_CREATERIFF) == MMSYSERR_NOERROR);
    CHECK(riff.ckid == FOURCC_RIFF);
    CHECK(riff.cksize == 0u);
    CHECK(riff.dwDataOffset == 8u);
    CHECK(riff.dwFlags == (DWORD)MMIO_DIRTY);
    MMCKINFO ck;
    std::memset(&ck, 0, sizeof ck);
    ck.ckid = mmioFOURCC('d', 'a', 't', 'a');
    REQUIRE(mmioCreateChunk(h, &ck, 0) == MMSYSERR_NOERROR);
    CHECK(ck.dwDataOffset == 20u);
    const Bytes data = pattern(27, 9);
    const char* src = reinterpret_cast<const char*>(data.data());
    REQUIRE(mmioWrite(h, src, 8) == 8);  // buffered: the structure below carries MMIO_DIRTY
    MMIOINFO mi;
    REQUIRE(mmioGetInfo(h, &mi, 0) == MMSYSERR_NOERROR);
    CHECK((mi.dwFlags & MMIO_DIRTY) != 0);
    std::memcpy(mi.pchNext, src + 8, 8);  // direct write, MMIO_DIRTY not set by us
    mi.pchNext += 8;
    REQUIRE(mmioAdvance(h, &mi, MMIO_WRITE) == MMSYSERR_NOERROR);
    CHECK(mi.lBufOffset == 36);
    std::memcpy(mi.pchNext, src + 16, 8);
    mi.pchNext += 8;
    mi.dwFlags |= MMIO_DIRTY;
    REQUIRE(mmioAdvance(h, &mi, MMIO_WRITE) == MMSYSERR_NOERROR);
    CHECK(mi.lBufOffset == 44);
    REQUIRE(mmioSetInfo(h, &mi, 0) == MMSYSERR_NOERROR);
    REQUIRE(mmioWrite(h, src + 24, 3) == 3);
    REQUIRE(mmioAscend(h, &ck, 0) == MMSYSERR_NOERROR);
    CHECK(ck.cksize == 0x1Bu);
    REQUIRE(mmioAscend(h, &riff, 0) == MMSYSERR_NOERROR);
    CHECK(riff.cksize == 0x28u);  // the pad byte is inside the RIFF chunk
    REQUIRE(h.close() == MMSYSERR_NOERROR);
    const Bytes file = readFile(d.w(L"test_write.wav"));
    REQUIRE(file.size() == 48u);
    CHECK(file[4] == 0x28);
    CHECK(file[16] == 0x1B);
    CHECK(Bytes(file.begin() + 20, file.begin() + 47) == data);
    CHECK(file[47] == 0);
}
