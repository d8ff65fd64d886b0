// The DOS procedure (POSIX twin in the native build) through the public API on real files.
#include <catch.hpp>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fcntl.h>
#include <string>
#include <unistd.h>

#include "winmm_ng/mmio_abi.h"

namespace {
struct TempDir {
    std::string path;
    TempDir() {
        char t[] = "/tmp/mmio_native_XXXXXX";
        path = mkdtemp(t);
    }
    ~TempDir() { (void)!std::system(("rm -rf '" + path + "'").c_str()); }
    std::string file(const char* n) const { return path + "/" + n; }
};
std::string slurp(const std::string& p) {
    FILE* f = std::fopen(p.c_str(), "rb");
    if (!f) return "<missing>";
    std::string s;
    char b[256];
    size_t n;
    while ((n = std::fread(b, 1, sizeof b, f)) > 0) s.append(b, n);
    std::fclose(f);
    return s;
}
}  // namespace

TEST_CASE("DOS: create, write, read back, seek, size", "[dos]") {
    TempDir d;
    std::string p = d.file("a.bin");
    HMMIO h = mmioOpenA(&p[0], nullptr, MMIO_CREATE | MMIO_READWRITE | MMIO_ALLOCBUF);
    REQUIRE(h);
    REQUIRE(mmioWrite(h, "hello world", 11) == 11);
    REQUIRE(mmioSeek(h, 0, SEEK_END) == 11);
    REQUIRE(mmioSeek(h, 6, SEEK_SET) == 6);
    char b[16] = {};
    REQUIRE(mmioRead(h, b, 16) == 5);
    REQUIRE(std::string(b) == "world");
    REQUIRE(mmioClose(h, 0) == 0);
    REQUIRE(slurp(p) == "hello world");
    h = mmioOpenA(&p[0], nullptr, MMIO_READ);
    REQUIRE(h);
    REQUIRE(mmioWrite(h, "x", 1) == -1);
    REQUIRE(mmioRead(h, b, 5) == 5);
    REQUIRE(mmioClose(h, 0) == 0);
}

TEST_CASE("DOS: MMIO_CREATE truncates; open errors map to MMIOERR codes", "[dos]") {
    TempDir d;
    std::string p = d.file("t.bin");
    HMMIO h = mmioOpenA(&p[0], nullptr, MMIO_CREATE | MMIO_WRITE);
    REQUIRE(mmioWrite(h, "12345", 5) == 5);
    mmioClose(h, 0);
    h = mmioOpenA(&p[0], nullptr, MMIO_CREATE | MMIO_WRITE);
    mmioClose(h, 0);
    REQUIRE(slurp(p).empty());
    MMIOINFO mi;
    std::memset(&mi, 0, sizeof mi);
    std::string missing = d.file("missing.bin");
    REQUIRE(mmioOpenA(&missing[0], &mi, MMIO_READ) == nullptr);
    REQUIRE(mi.wErrorRet == MMIOERR_FILENOTFOUND);
    std::string nodir = d.file("a.bin/x");
    REQUIRE(mmioOpenA(&p[0], &mi, MMIO_READ) != nullptr);
}

TEST_CASE("DOS: MMIO_EXIST, MMIO_PARSE, MMIO_DELETE, MMIO_GETTEMP", "[dos][special]") {
    TempDir d;
    std::string p = d.file("e.bin");
    char name[260];
    std::strcpy(name, p.c_str());
    REQUIRE(mmioOpenA(name, nullptr, MMIO_EXIST) == nullptr);
    mmioClose(mmioOpenA(&p[0], nullptr, MMIO_CREATE | MMIO_WRITE), 0);
    REQUIRE(mmioOpenA(name, nullptr, MMIO_EXIST) == reinterpret_cast<HMMIO>(1));
    REQUIRE(mmioOpenA(name, nullptr, MMIO_EXIST | MMIO_READWRITE) == reinterpret_cast<HMMIO>(1));
    char dir[260];
    std::strcpy(dir, d.path.c_str());
    REQUIRE(mmioOpenA(dir, nullptr, MMIO_EXIST) == nullptr);  // a directory is not a file
    char rel[128] = "relative.wav";
    REQUIRE(mmioOpenA(rel, nullptr, MMIO_PARSE) == reinterpret_cast<HMMIO>(1));
    char cwd[256];
    REQUIRE(getcwd(cwd, sizeof cwd));
    REQUIRE(std::string(rel) == std::string(cwd) + "/relative.wav");
    REQUIRE(mmioOpenA(name, nullptr, MMIO_DELETE) == reinterpret_cast<HMMIO>(1));
    REQUIRE(slurp(p) == "<missing>");
    MMIOINFO mi;
    std::memset(&mi, 0, sizeof mi);
    REQUIRE(mmioOpenA(name, &mi, MMIO_DELETE) == nullptr);
    REQUIRE(mi.wErrorRet == MMIOERR_FILENOTFOUND);
    char temp[128];
    std::snprintf(temp, sizeof temp, "%s/F", d.path.c_str());
    REQUIRE(mmioOpenA(temp, nullptr, MMIO_GETTEMP) == nullptr);  // MMSYSERR_NOERROR
    REQUIRE(std::string(temp).rfind(d.path + "/F", 0) == 0);
    REQUIRE(std::string(temp).size() > d.path.size() + 2);
    char bad[128] = "/nonexistent-dir/F";
    REQUIRE(mmioOpenA(bad, nullptr, MMIO_GETTEMP) == reinterpret_cast<HMMIO>(MMIOERR_FILENOTFOUND));
}

TEST_CASE("DOS: mmioRename uses the file system", "[dos][rename]") {
    TempDir d;
    std::string a = d.file("old.bin"), b = d.file("new.bin");
    mmioClose(mmioOpenA(&a[0], nullptr, MMIO_CREATE | MMIO_WRITE), 0);
    REQUIRE(mmioRenameA(a.c_str(), b.c_str(), nullptr, 0) == 0);
    REQUIRE(slurp(b).empty());
    REQUIRE(slurp(a) == "<missing>");
    REQUIRE(mmioRenameA(a.c_str(), b.c_str(), nullptr, 0) == MMIOERR_FILENOTFOUND);
    std::u16string wb(b.begin(), b.end()), wa(a.begin(), a.end());
    REQUIRE(mmioRenameW(reinterpret_cast<const WCHAR*>(wb.c_str()), reinterpret_cast<const WCHAR*>(wa.c_str()), nullptr, 0) == 0);
    REQUIRE(slurp(a).empty());
}

TEST_CASE("DOS: open an existing file handle (NULL name); MMIO_FHOPEN leaves it open", "[dos]") {
    TempDir d;
    std::string p = d.file("fh.bin");
    int fd = open(p.c_str(), O_RDWR | O_CREAT, 0644);
    REQUIRE(fd >= 0);
    REQUIRE(write(fd, "0123456789", 10) == 10);
    REQUIRE(lseek(fd, 4, SEEK_SET) == 4);
    MMIOINFO mi;
    std::memset(&mi, 0, sizeof mi);
    mi.adwInfo[0] = static_cast<DWORD>(fd);
    HMMIO h = mmioOpenA(nullptr, &mi, MMIO_READ);
    REQUIRE(h);
    REQUIRE(mmioSeek(h, 0, SEEK_CUR) == 4);  // starts at the handle's position
    char b[3];
    REQUIRE(mmioRead(h, b, 3) == 3);
    REQUIRE(std::string(b, 3) == "456");
    REQUIRE(mmioClose(h, MMIO_FHOPEN) == 0);
    REQUIRE(lseek(fd, 0, SEEK_CUR) >= 0);  // still open
    mi.fccIOProc = FOURCC_DOS;
    h = mmioOpenA(nullptr, &mi, MMIO_READ);
    REQUIRE(h);
    REQUIRE(mmioClose(h, 0) == 0);  // closes the handle too
    REQUIRE(lseek(fd, 0, SEEK_CUR) == -1);
}

TEST_CASE("DOS: large buffered file round trip with odd sizes", "[dos]") {
    TempDir d;
    std::string p = d.file("big.bin");
    HMMIO h = mmioOpenA(&p[0], nullptr, MMIO_CREATE | MMIO_WRITE | MMIO_ALLOCBUF);
    std::string all;
    for (int i = 0; i < 3000; ++i) {
        std::string piece(static_cast<size_t>(i % 37 + 1), static_cast<char>('a' + i % 26));
        REQUIRE(mmioWrite(h, piece.data(), static_cast<LONG>(piece.size())) == static_cast<LONG>(piece.size()));
        all += piece;
    }
    REQUIRE(mmioClose(h, 0) == 0);
    REQUIRE(slurp(p) == all);
    h = mmioOpenA(&p[0], nullptr, MMIO_READ | MMIO_ALLOCBUF);
    std::string back;
    char b[50];
    LONG n;
    int i = 0;
    while ((n = mmioRead(h, b, i++ % 50 + 1)) > 0) back.append(b, static_cast<size_t>(n));
    REQUIRE(back == all);
    REQUIRE(mmioClose(h, 0) == 0);
}
