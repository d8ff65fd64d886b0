// RIFF: mmioDescend / mmioAscend / mmioCreateChunk, well-formed and malformed input.
#include <catch.hpp>
#include <chrono>
#include <cstring>
#include <string>
#include <vector>

#include "rec_proc.h"

namespace {

struct Riff {
    std::vector<char> b;
    void fcc(const char* s) { b.insert(b.end(), s, s + 4); }
    void u32(uint32_t v) {
        for (int i = 0; i < 4; ++i) b.push_back(static_cast<char>(v >> (8 * i)));
    }
    void chunk(const char* id, const std::string& data) {
        fcc(id);
        u32(static_cast<uint32_t>(data.size()));
        b.insert(b.end(), data.begin(), data.end());
        if (data.size() & 1) b.push_back(0);
    }
};

// A WAVE-like file: RIFF(WAVE){ fmt (odd 5 bytes), LIST(INFO){ INAM "abc" }, data "0123456789" }
std::vector<char> sample_wave() {
    Riff inner;
    inner.chunk("INAM", "abc");
    Riff body;
    body.fcc("WAVE");
    body.chunk("fmt ", "FFFFF");
    body.fcc("LIST");
    body.u32(static_cast<uint32_t>(4 + inner.b.size()));
    body.fcc("INFO");
    body.b.insert(body.b.end(), inner.b.begin(), inner.b.end());
    body.chunk("data", "0123456789");
    Riff f;
    f.fcc("RIFF");
    f.u32(static_cast<uint32_t>(body.b.size()));
    f.b.insert(f.b.end(), body.b.begin(), body.b.end());
    return f.b;
}

HMMIO open_mem_copy(std::vector<char>& data, DWORD flags = MMIO_READ) {
    MMIOINFO mi;
    std::memset(&mi, 0, sizeof mi);
    mi.fccIOProc = FOURCC_MEM;
    mi.pchBuffer = data.data();
    mi.cchBuffer = static_cast<LONG>(data.size());
    return mmioOpenA(nullptr, &mi, flags);
}

}  // namespace

TEST_CASE("descend into RIFF/WAVE, find fmt, odd padding, LIST, data; ascend", "[riff]") {
    std::vector<char> f = sample_wave();
    HMMIO h = open_mem_copy(f);
    MMCKINFO riff{}, ck{}, list{};
    riff.fccType = mmioFOURCC('W', 'A', 'V', 'E');
    REQUIRE(mmioDescend(h, &riff, nullptr, MMIO_FINDRIFF) == 0);
    REQUIRE(riff.ckid == FOURCC_RIFF);
    REQUIRE(riff.dwDataOffset == 8);
    REQUIRE(riff.cksize == f.size() - 8);
    REQUIRE(riff.dwFlags == 0);
    REQUIRE(mmioSeek(h, 0, SEEK_CUR) == 12);

    ck.ckid = mmioFOURCC('d', 'a', 't', 'a');
    REQUIRE(mmioDescend(h, &ck, &riff, MMIO_FINDCHUNK) == 0);
    REQUIRE(ck.cksize == 10);
    REQUIRE(ck.fccType == 0);
    REQUIRE(mmioSeek(h, 0, SEEK_CUR) == static_cast<LONG>(ck.dwDataOffset));
    char d[10];
    REQUIRE(mmioRead(h, d, 10) == 10);
    REQUIRE(std::string(d, 10) == "0123456789");
    REQUIRE(mmioAscend(h, &ck, 0) == 0);
    REQUIRE(mmioSeek(h, 0, SEEK_CUR) == static_cast<LONG>(f.size()));

    // search again from the start of the form: LIST INFO, then INAM inside it
    REQUIRE(mmioSeek(h, riff.dwDataOffset + 4, SEEK_SET) == 12);
    list.fccType = mmioFOURCC('I', 'N', 'F', 'O');
    REQUIRE(mmioDescend(h, &list, &riff, MMIO_FINDLIST) == 0);
    REQUIRE(list.ckid == FOURCC_LIST);
    REQUIRE(list.dwDataOffset == 12 + 8 + 6 + 8);  // after fmt (5 + pad)
    REQUIRE(mmioSeek(h, 0, SEEK_CUR) == static_cast<LONG>(list.dwDataOffset + 4));
    MMCKINFO inam{};
    REQUIRE(mmioDescend(h, &inam, &list, 0) == 0);  // no flags: the chunk at the current position
    REQUIRE(inam.ckid == mmioFOURCC('I', 'N', 'A', 'M'));
    REQUIRE(inam.cksize == 3);
    REQUIRE(mmioAscend(h, &inam, 0) == 0);  // past the pad byte
    REQUIRE(mmioSeek(h, 0, SEEK_CUR) == static_cast<LONG>(inam.dwDataOffset + 4));
    MMCKINFO none{};
    none.ckid = mmioFOURCC('n', 'o', 'n', 'e');
    REQUIRE(mmioDescend(h, &none, &list, MMIO_FINDCHUNK) == MMIOERR_CHUNKNOTFOUND);  // stops at the parent's end
    REQUIRE(none.ckid == mmioFOURCC('n', 'o', 'n', 'e'));  // no header was left to examine: untouched
    REQUIRE(mmioSeek(h, list.dwDataOffset + 4, SEEK_SET) == static_cast<LONG>(list.dwDataOffset + 4));
    REQUIRE(mmioDescend(h, &none, &list, MMIO_FINDCHUNK) == MMIOERR_CHUNKNOTFOUND);
    REQUIRE(none.ckid == mmioFOURCC('I', 'N', 'A', 'M'));  // as on Windows: the last header examined is left there
    REQUIRE(none.cksize == 3);
    REQUIRE(none.fccType == 0);
    REQUIRE(none.dwDataOffset == inam.dwDataOffset);
    REQUIRE(mmioClose(h, 0) == 0);
}

TEST_CASE("FINDRIFF with another form type fails; fccType 0 matches any form", "[riff]") {
    std::vector<char> f = sample_wave();
    HMMIO h = open_mem_copy(f);
    MMCKINFO ck{};
    ck.fccType = mmioFOURCC('A', 'V', 'I', ' ');
    REQUIRE(mmioDescend(h, &ck, nullptr, MMIO_FINDRIFF) == MMIOERR_CHUNKNOTFOUND);
    REQUIRE(mmioSeek(h, 0, SEEK_SET) == 0);
    ck.fccType = 0;
    REQUIRE(mmioDescend(h, &ck, nullptr, MMIO_FINDRIFF) == 0);
    REQUIRE(ck.fccType == mmioFOURCC('W', 'A', 'V', 'E'));
    REQUIRE(mmioDescend(h, &ck, nullptr, MMIO_FINDRIFF | MMIO_FINDLIST) == MMSYSERR_INVALPARAM);
    REQUIRE(mmioDescend(h, nullptr, nullptr, 0) == MMSYSERR_INVALPARAM);
    REQUIRE(mmioAscend(h, nullptr, 0) == MMSYSERR_INVALPARAM);
    REQUIRE(mmioCreateChunk(h, nullptr, 0) == MMSYSERR_INVALPARAM);
    mmioClose(h, 0);
}

TEST_CASE("create RIFF with LIST and odd chunk; ascend fixes sizes and pads", "[riff]") {
    HMMIO h;
    {
        MMIOINFO mi;
        std::memset(&mi, 0, sizeof mi);
        mi.fccIOProc = FOURCC_MEM;
        mi.cchBuffer = 16;
        mi.adwInfo[0] = 64;
        h = mmioOpenA(nullptr, &mi, MMIO_READWRITE | MMIO_CREATE);
    }
    MMCKINFO riff{}, list{}, ck{};
    riff.fccType = mmioFOURCC('T', 'E', 'S', 'T');
    REQUIRE(mmioCreateChunk(h, &riff, MMIO_CREATERIFF) == 0);
    REQUIRE(riff.ckid == FOURCC_RIFF);
    REQUIRE(riff.dwDataOffset == 8);
    REQUIRE(riff.dwFlags == MMIO_DIRTY);
    REQUIRE(mmioSeek(h, 0, SEEK_CUR) == 12);
    list.fccType = mmioFOURCC('L', 'S', 'T', '1');
    REQUIRE(mmioCreateChunk(h, &list, MMIO_CREATELIST) == 0);
    ck.ckid = mmioFOURCC('o', 'd', 'd', ' ');
    ck.cksize = 3;  // correct already: no rewrite needed
    REQUIRE(mmioCreateChunk(h, &ck, 0) == 0);
    REQUIRE(mmioSeek(h, 0, SEEK_CUR) == 32);
    REQUIRE(mmioWrite(h, "abc", 3) == 3);
    REQUIRE(mmioAscend(h, &ck, 0) == 0);
    REQUIRE(mmioSeek(h, 0, SEEK_CUR) == 36);
    REQUIRE(mmioAscend(h, &list, 0) == 0);
    REQUIRE(list.cksize == 4 + 8 + 4);
    REQUIRE(mmioAscend(h, &riff, 0) == 0);
    REQUIRE(riff.cksize == 4 + 8 + 16);
    REQUIRE(mmioSeek(h, 0, SEEK_END) == 36);

    // read it back
    REQUIRE(mmioSeek(h, 0, SEEK_SET) == 0);
    MMCKINFO r2{}, l2{}, c2{};
    r2.fccType = mmioFOURCC('T', 'E', 'S', 'T');
    REQUIRE(mmioDescend(h, &r2, nullptr, MMIO_FINDRIFF) == 0);
    REQUIRE(r2.cksize == 28);
    l2.fccType = mmioFOURCC('L', 'S', 'T', '1');
    REQUIRE(mmioDescend(h, &l2, &r2, MMIO_FINDLIST) == 0);
    REQUIRE(l2.cksize == 16);
    c2.ckid = mmioFOURCC('o', 'd', 'd', ' ');
    REQUIRE(mmioDescend(h, &c2, &l2, MMIO_FINDCHUNK) == 0);
    REQUIRE(c2.cksize == 3);
    MMIOINFO info;
    REQUIRE(mmioGetInfo(h, &info, 0) == 0);
    REQUIRE(info.pchBuffer[35] == 0);  // pad byte
    REQUIRE(mmioClose(h, 0) == 0);
}

TEST_CASE("create chunk on a buffered disk file: header goes through the buffer", "[riff][sequence]") {
    RecScope rs;
    HMMIO h = open_rec(MMIO_READWRITE | MMIO_CREATE | MMIO_ALLOCBUF, 64);
    MMCKINFO ck{};
    ck.ckid = mmioFOURCC('a', 'b', 'c', 'd');
    REQUIRE(mmioCreateChunk(h, &ck, 0) == 0);
    REQUIRE(mmioWrite(h, "12345", 5) == 5);
    REQUIRE(mmioAscend(h, &ck, 0) == 0);
    REQUIRE(ck.cksize == 5);
    REQUIRE(rs.rec.log == seq({"OPEN file.bin"}));  // nothing reached the procedure yet
    REQUIRE(mmioClose(h, 0) == 0);
    REQUIRE(rs.rec.log == seq({"OPEN file.bin", "WRITEFLUSH 14@0", "CLOSE 0"}));
    REQUIRE(rs.rec.disk == std::vector<char>({'a', 'b', 'c', 'd', 5, 0, 0, 0, '1', '2', '3', '4', '5', 0}));
}

TEST_CASE("create chunk on an unbuffered file writes the header with one MMIOM_WRITE", "[riff][sequence]") {
    RecScope rs;
    HMMIO h = open_rec(MMIO_READWRITE | MMIO_CREATE);
    MMCKINFO ck{};
    ck.fccType = mmioFOURCC('F', 'O', 'R', 'M');
    REQUIRE(mmioCreateChunk(h, &ck, MMIO_CREATERIFF) == 0);
    REQUIRE(mmioWrite(h, "x", 1) == 1);
    REQUIRE(mmioAscend(h, &ck, 0) == 0);
    REQUIRE(rs.rec.log == seq({"OPEN file.bin", "WRITE 12@0", "WRITE 1@12", "SEEK 4,0", "WRITE 4@4", "SEEK 13,0", "WRITE 1@13"}));
    REQUIRE(rs.rec.disk.size() == 14);
    REQUIRE(rs.rec.disk[4] == 5);
    rs.rec.fail_writes = 1;
    REQUIRE(mmioCreateChunk(h, &ck, MMIO_CREATELIST) == MMIOERR_CANNOTWRITE);
    REQUIRE(mmioCreateChunk(h, &ck, MMIO_CREATELIST | MMIO_CREATERIFF) == MMSYSERR_INVALPARAM);
    mmioClose(h, 0);
}

TEST_CASE("malformed RIFF input never hangs or reads out of bounds", "[riff][malformed]") {
    SECTION("truncated header") {
        std::vector<char> f = {'R', 'I', 'F', 'F', 4, 0};
        HMMIO h = open_mem_copy(f);
        MMCKINFO ck{};
        REQUIRE(mmioDescend(h, &ck, nullptr, 0) == MMIOERR_CHUNKNOTFOUND);
        mmioClose(h, 0);
    }
    SECTION("RIFF without room for its form type") {
        std::vector<char> f = {'R', 'I', 'F', 'F', 2, 0, 0, 0, 'W', 'A'};
        HMMIO h = open_mem_copy(f);
        MMCKINFO ck{};
        REQUIRE(mmioDescend(h, &ck, nullptr, MMIO_FINDRIFF) == MMIOERR_INVALIDFILE);
        mmioClose(h, 0);
    }
    SECTION("RIFF header but the file ends before the form type") {
        std::vector<char> f = {'R', 'I', 'F', 'F', 100, 0, 0, 0, 'W', 'A'};
        HMMIO h = open_mem_copy(f);
        MMCKINFO ck{};
        REQUIRE(mmioDescend(h, &ck, nullptr, 0) == MMIOERR_CHUNKNOTFOUND);
        mmioClose(h, 0);
    }
    SECTION("chunk size past the parent / EOF") {
        Riff r;
        r.fcc("RIFF");
        r.u32(20);
        r.fcc("WAVE");
        r.fcc("junk");
        r.u32(0xFFFFFFF0u);
        r.fcc("abcd");
        std::vector<char> f = r.b;
        HMMIO h = open_mem_copy(f);
        MMCKINFO riff{}, ck{};
        REQUIRE(mmioDescend(h, &riff, nullptr, MMIO_FINDRIFF) == 0);
        ck.ckid = mmioFOURCC('d', 'a', 't', 'a');
        REQUIRE(mmioDescend(h, &ck, &riff, MMIO_FINDCHUNK) == MMIOERR_CHUNKNOTFOUND);
        REQUIRE(ck.ckid == mmioFOURCC('j', 'u', 'n', 'k'));  // the failed search left the last header examined
        REQUIRE(mmioSeek(h, 12, SEEK_SET) == 12);
        ck.ckid = mmioFOURCC('d', 'a', 't', 'a');
        REQUIRE(mmioDescend(h, &ck, nullptr, MMIO_FINDCHUNK) == MMIOERR_CHUNKNOTFOUND);  // no parent: 4 GB skip
        // the chunk itself is still returned when asked for (callers read what exists)
        REQUIRE(mmioSeek(h, 12, SEEK_SET) == 12);
        ck.ckid = mmioFOURCC('j', 'u', 'n', 'k');
        REQUIRE(mmioDescend(h, &ck, &riff, MMIO_FINDCHUNK) == 0);
        REQUIRE(ck.cksize == 0xFFFFFFF0u);
        REQUIRE(mmioAscend(h, &ck, 0) == MMIOERR_CANNOTSEEK);
        mmioClose(h, 0);
    }
    SECTION("a parent with a garbage size is bounded by EOF") {
        std::vector<char> f = sample_wave();
        HMMIO h = open_mem_copy(f);
        MMCKINFO parent{};
        parent.dwDataOffset = 8;
        parent.cksize = 0xFFFFFFFFu;
        REQUIRE(mmioSeek(h, 12, SEEK_SET) == 12);
        MMCKINFO ck{};
        ck.ckid = mmioFOURCC('z', 'z', 'z', 'z');
        REQUIRE(mmioDescend(h, &ck, &parent, MMIO_FINDCHUNK) == MMIOERR_CHUNKNOTFOUND);
        mmioClose(h, 0);
    }
    SECTION("long run of zero-size chunks terminates") {
        Riff r;
        for (int i = 0; i < 100000; ++i) {
            r.fcc("zero");
            r.u32(0);
        }
        std::vector<char> f = r.b;
        HMMIO h = open_mem_copy(f);
        MMCKINFO ck{};
        ck.ckid = mmioFOURCC('n', 'o', 'p', 'e');
        REQUIRE(mmioDescend(h, &ck, nullptr, MMIO_FINDCHUNK) == MMIOERR_CHUNKNOTFOUND);
        REQUIRE(mmioSeek(h, 0, SEEK_CUR) == static_cast<LONG>(f.size()));
        mmioClose(h, 0);
    }
    SECTION("descending at EOF") {
        std::vector<char> f = sample_wave();
        HMMIO h = open_mem_copy(f);
        REQUIRE(mmioSeek(h, 0, SEEK_END) > 0);
        MMCKINFO ck{};
        REQUIRE(mmioDescend(h, &ck, nullptr, 0) == MMIOERR_CHUNKNOTFOUND);
        REQUIRE(mmioSeek(h, 1000, SEEK_SET) == -1);  // fixed memory file
        mmioClose(h, 0);
    }
    SECTION("read errors from the procedure") {
        RecScope rs;
        rs.rec.disk = sample_wave();
        HMMIO h = open_rec(MMIO_READ | MMIO_ALLOCBUF, 64);
        rs.rec.fail_reads = 1;
        MMCKINFO ck{};
        REQUIRE(mmioDescend(h, &ck, nullptr, 0) == MMIOERR_CANNOTREAD);
        mmioClose(h, 0);
    }
    SECTION("ascend of a dirty chunk from before its data") {
        std::vector<char> f(64, 0);
        HMMIO h = open_mem_copy(f, MMIO_READWRITE);
        MMCKINFO ck{};
        ck.dwFlags = MMIO_DIRTY;
        ck.dwDataOffset = 40;
        REQUIRE(mmioAscend(h, &ck, 0) == MMIOERR_CANNOTSEEK);
        ck.dwDataOffset = 2;
        REQUIRE(mmioSeek(h, 10, SEEK_SET) == 10);
        REQUIRE(mmioAscend(h, &ck, 0) == MMIOERR_CANNOTSEEK);
        mmioClose(h, 0);
    }
}

TEST_CASE("chunk scans inside the buffer send no SEEK per chunk", "[riff][sequence]") {
    RecScope rs;
    Riff r;
    for (int i = 0; i < 50; ++i) r.chunk("abcd", "xy");
    r.chunk("last", "z");
    rs.rec.disk = r.b;
    HMMIO h = open_rec(MMIO_READ | MMIO_ALLOCBUF, 8192);
    MMCKINFO ck{};
    ck.ckid = mmioFOURCC('l', 'a', 's', 't');
    REQUIRE(mmioDescend(h, &ck, nullptr, MMIO_FINDCHUNK) == 0);
    REQUIRE(rs.rec.log == seq({"OPEN file.bin", "READ 8192@0"}));
    mmioClose(h, 0);
}

TEST_CASE("scan 200,000 chunks of a memory file quickly", "[riff][perf]") {
    Riff r;
    r.fcc("RIFF");
    r.u32(0);
    r.fcc("TEST");
    for (int i = 0; i < 200000; ++i) r.chunk("ckxx", "12345");
    r.chunk("last", "");
    uint32_t size = static_cast<uint32_t>(r.b.size() - 8);
    std::memcpy(&r.b[4], &size, 4);
    HMMIO h = open_mem_copy(r.b);
    auto t0 = std::chrono::steady_clock::now();
    MMCKINFO riff{}, ck{};
    REQUIRE(mmioDescend(h, &riff, nullptr, MMIO_FINDRIFF) == 0);
    int n = 0;
    for (;;) {
        if (mmioDescend(h, &ck, &riff, 0) != 0) break;
        ++n;
        REQUIRE(mmioAscend(h, &ck, 0) == 0);
    }
    auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - t0).count();
    REQUIRE(n == 200001);
    WARN("200,001 chunks descended+ascended in " << ms << " ms (sanitized build)");
    mmioClose(h, 0);
}

TEST_CASE("FINDCHUNK with ckid 0 finds the next chunk; a failed search reports the last header", "[riff]") {
    std::vector<char> f = sample_wave();
    HMMIO h = open_mem_copy(f);
    MMCKINFO ck{};
    ck.fccType = mmioFOURCC('x', 'x', 'x', 'x');  // ignored by FINDCHUNK
    REQUIRE(mmioDescend(h, &ck, nullptr, MMIO_FINDCHUNK) == 0);
    REQUIRE(ck.ckid == FOURCC_RIFF);
    REQUIRE(ck.fccType == mmioFOURCC('W', 'A', 'V', 'E'));
    REQUIRE(mmioSeek(h, 0, SEEK_CUR) == 12);
    MMCKINFO riff = ck;
    ck = MMCKINFO{};
    REQUIRE(mmioDescend(h, &ck, &riff, MMIO_FINDCHUNK) == 0);
    REQUIRE(ck.ckid == mmioFOURCC('f', 'm', 't', ' '));
    REQUIRE(ck.dwDataOffset == 20);
    REQUIRE(mmioAscend(h, &ck, 0) == 0);
    ck.ckid = mmioFOURCC('z', 'z', 'z', 'z');
    ck.dwFlags = 0x55;
    REQUIRE(mmioDescend(h, &ck, &riff, MMIO_FINDCHUNK) == MMIOERR_CHUNKNOTFOUND);
    REQUIRE(ck.ckid == mmioFOURCC('d', 'a', 't', 'a'));
    REQUIRE(ck.cksize == 10);
    REQUIRE(ck.fccType == 0);
    REQUIRE(ck.dwFlags == 0x55);  // only written on success
    REQUIRE(mmioClose(h, 0) == 0);
}
