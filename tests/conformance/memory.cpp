// Conformance: memory files (FOURCC_MEM).
// Spec: mmioOpen.md (Remarks, MMIO_CREATE), concepts-performing-memory-file-i-o.md,
// mmioAdvance.md (MMIOERR_CANNOTEXPAND), mmioRead.md, mmioWrite.md, mmioSeek.md.
#include <catch.hpp>

#include "support_files.h"

using namespace confa;

namespace {

// concepts-performing-memory-file-i-o.md: "To open a memory file, use the mmioOpen function with
// the szFilename parameter set to NULL and the MMIO_READWRITE flag set ... 1. Set the pIOProc
// member to NULL. 2. Set the fccIOProc member to FOURCC_MEM. 3. Set the pchBuffer member to point
// to the memory block. ... 4. Set the cchBuffer member to the initial size of the memory block.
// 5. Set the adwInfo member to the minimum expansion size of the memory block. ... 6. Set all
// other members to zero."
HMMIO openMem(char* block, LONG size, DWORD grow, DWORD extraFlags = 0) {
    MMIOINFO in = zeroInfo();
    in.pIOProc = nullptr;
    in.fccIOProc = FOURCC_MEM;
    in.pchBuffer = block;
    in.cchBuffer = size;
    in.adwInfo[0] = grow;
    return mmioOpenA(nullptr, &in, MMIO_READWRITE | extraFlags);
}

Bytes readN(HMMIO h, LONG n) {
    Bytes b((size_t)n);
    LONG got = mmioRead(h, reinterpret_cast<HPSTR>(b.data()), n);
    b.resize(got > 0 ? (size_t)got : 0);
    return b;
}

LONG writeBytes(HMMIO h, const Bytes& b) {
    return mmioWrite(h, reinterpret_cast<const char*>(b.data()), (LONG)b.size());
}

Bytes slice(const Bytes& b, size_t from, size_t n) {
    return Bytes(b.begin() + (long)from, b.begin() + (long)(from + n));
}

// A memory block with guard bytes on both sides to catch writes past its ends.
struct GuardedBlock {
    static const size_t kGuard = 64;
    std::vector<char> all;
    size_t size;
    explicit GuardedBlock(size_t n, const Bytes* init = nullptr) : all(n + 2 * kGuard, '\x5A'), size(n) {
        if (init) std::memcpy(data(), init->data(), n);
        else std::memset(data(), 0, n);
    }
    char* data() { return all.data() + kGuard; }
    bool guardsIntact() const {
        for (size_t i = 0; i < kGuard; ++i)
            if (all[i] != '\x5A' || all[kGuard + size + i] != '\x5A') return false;
        return true;
    }
};

}  // namespace

// ------------------------------------------------------------ fixed (nonexpandable) files

TEST_CASE("mmioOpen: a memory file without MMIO_CREATE makes the whole block readable", "[mmioOpen][memory]") {
    const Bytes content = pattern(100, 3);
    GuardedBlock block(100, &content);
    Hmmio h(openMem(block.data(), 100, 0));
    REQUIRE(h);
    // mmioOpen.md: "Specify the MMIO_CREATE flag ... to initially set the end of the file to be
    // the beginning of the buffer. Otherwise, the entire block of memory is considered readable."
    CHECK(mmioSeek(h, 0, SEEK_END) == 100);
    CHECK(mmioSeek(h, 0, SEEK_SET) == 0);
    // mmioRead.md: "Returns the number of bytes actually read."
    CHECK(readN(h, 200) == content);
    // mmioRead.md: "If the end of the file has been reached and no more bytes can be read, the
    // return value is 0."
    char c;
    CHECK(mmioRead(h, &c, 1) == 0);
    CHECK(h.close() == 0);
    CHECK(block.guardsIntact());
}

TEST_CASE("mmioRead: a memory file is never read past its end", "[mmioRead][memory]") {
    const Bytes content = pattern(100, 4);
    GuardedBlock block(100, &content);
    Hmmio h(openMem(block.data(), 100, 0));
    REQUIRE(h);
    CHECK(mmioSeek(h, 90, SEEK_SET) == 90);
    // mmioRead.md: "Returns the number of bytes actually read."
    char buf[64];
    std::memset(buf, 0x11, sizeof buf);
    CHECK(mmioRead(h, buf, 50) == 10);
    CHECK(std::memcmp(buf, content.data() + 90, 10) == 0);
    // Nothing beyond the ten bytes was stored into the caller's buffer.
    CHECK(buf[10] == 0x11);
    CHECK(mmioRead(h, buf, 50) == 0);
    CHECK(mmioSeek(h, 0, SEEK_CUR) == 100);
}

TEST_CASE("mmioOpen: MMIO_CREATE puts the end of a memory file at the start of the buffer",
          "[mmioOpen][memory]") {
    const Bytes junk = pattern(64, 5);
    GuardedBlock block(64, &junk);
    Hmmio h(openMem(block.data(), 64, 0, MMIO_CREATE));
    REQUIRE(h);
    // mmioOpen.md: "MMIO_CREATE | ... For memory files, this flag indicates the end of the file is
    // initially at the start of the buffer."
    CHECK(mmioSeek(h, 0, SEEK_END) == 0);
    char buf[16];
    // mmioRead.md: "If the end of the file has been reached and no more bytes can be read, the
    // return value is 0."
    CHECK(mmioRead(h, buf, sizeof buf) == 0);
    // The end of the file follows what is written.
    const Bytes ten = pattern(10, 6);
    CHECK(writeBytes(h, ten) == 10);
    CHECK(mmioSeek(h, 0, SEEK_END) == 10);
    CHECK(mmioSeek(h, 0, SEEK_SET) == 0);
    CHECK(readN(h, 64) == ten);
    CHECK(writeBytes(h, ten) == 10);
    CHECK(mmioSeek(h, 0, SEEK_END) == 20);
    CHECK(h.close() == 0);
    CHECK(block.guardsIntact());
}

TEST_CASE("mmioWrite: a memory file's writes go into the caller's block", "[mmioWrite][memory]") {
    // concepts-performing-memory-file-i-o.md: "The multimedia file I/O services let you treat a
    // block of memory as a file."
    const Bytes content = pattern(64, 7);
    GuardedBlock block(64, &content);
    Hmmio h(openMem(block.data(), 64, 0));
    REQUIRE(h);
    CHECK(mmioSeek(h, 10, SEEK_SET) == 10);
    CHECK(mmioWrite(h, "hello", 5) == 5);
    CHECK(h.close() == 0);
    Bytes expect = content;
    std::memcpy(&expect[10], "hello", 5);
    CHECK(Bytes(block.data(), block.data() + 64) == expect);
    CHECK(block.guardsIntact());
}

TEST_CASE("mmioWrite: a nonexpandable memory file is never written past its end", "[mmioWrite][memory]") {
    for (bool create : {false, true}) {
        INFO((create ? "MMIO_CREATE" : "whole block readable"));
        GuardedBlock block(64);
        Hmmio h(openMem(block.data(), 64, 0, create ? MMIO_CREATE : 0));
        REQUIRE(h);
        const Bytes data = pattern(100, 8);
        LONG r = writeBytes(h, data);
        // mmioWrite.md: "Returns the number of bytes actually written." (at most the block)
        CHECK(r <= 64);
        // A write at the end cannot store anything.
        CHECK(mmioWrite(h, "x", 1) <= 0);
        // concepts-performing-memory-file-i-o.md: a "nonexpandable memory file" stays its size.
        CHECK(mmioSeek(h, 0, SEEK_END) <= 64);
        h.close();
        CHECK(block.guardsIntact());
    }
}

TEST_CASE("mmioWrite: a partial write to a full memory file returns the bytes that fit",
          "[mmioWrite][memory][decision]") {
    // [decision] mmioWrite.md says "Returns the number of bytes actually written." and "-1" on an
    // error; when only part fits we expect the part that was written, not -1.
    GuardedBlock block(64);
    Hmmio h(openMem(block.data(), 64, 0, MMIO_CREATE));
    REQUIRE(h);
    const Bytes data = pattern(100, 9);
    CHECK(writeBytes(h, data) == 64);
    CHECK(mmioSeek(h, 0, SEEK_END) == 64);
    CHECK(mmioSeek(h, 0, SEEK_SET) == 0);
    CHECK(readN(h, 100) == slice(data, 0, 64));
    h.close();
    CHECK(Bytes(block.data(), block.data() + 64) == slice(data, 0, 64));
    CHECK(block.guardsIntact());
}

TEST_CASE("mmioAdvance: a nonexpandable memory file reports MMIOERR_CANNOTEXPAND", "[mmioAdvance][memory]") {
    SECTION("caller's block, adwInfo zero") {
        GuardedBlock block(32);
        Hmmio h(openMem(block.data(), 32, 0));
        REQUIRE(h);
        MMIOINFO info = zeroInfo();
        REQUIRE(mmioGetInfo(h, &info, 0) == 0);
        REQUIRE(info.pchNext != nullptr);
        LONG room = (LONG)(info.pchEndWrite - info.pchNext);
        REQUIRE(room >= 0);
        REQUIRE(room <= 32);
        std::memset(info.pchNext, 'w', (size_t)room);
        info.pchNext += room;
        info.dwFlags |= MMIO_DIRTY;
        // mmioAdvance.md: "MMIOERR_CANNOTEXPAND | The specified memory file cannot be expanded,
        // probably because the adwInfo member of the MMIOINFO structure was set to zero in the
        // initial call to the mmioOpen function."
        CHECK(mmioAdvance(h, &info, MMIO_WRITE) == MMIOERR_CANNOTEXPAND);
        mmioSetInfo(h, &info, 0);
        h.close();
        CHECK(block.guardsIntact());
    }
    SECTION("internal block, adwInfo zero") {
        Hmmio h(openMem(nullptr, 32, 0, MMIO_CREATE));
        REQUIRE(h);
        MMIOINFO info = zeroInfo();
        REQUIRE(mmioGetInfo(h, &info, 0) == 0);
        REQUIRE(info.pchNext != nullptr);
        LONG room = (LONG)(info.pchEndWrite - info.pchNext);
        REQUIRE(room >= 0);
        REQUIRE(room <= 32);
        std::memset(info.pchNext, 'w', (size_t)room);
        info.pchNext += room;
        info.dwFlags |= MMIO_DIRTY;
        CHECK(mmioAdvance(h, &info, MMIO_WRITE) == MMIOERR_CANNOTEXPAND);
        mmioSetInfo(h, &info, 0);
    }
}

// ------------------------------------------------------------ expandable files

TEST_CASE("mmioOpen: an internally allocated memory file grows on write", "[mmioOpen][memory]") {
    // mmioOpen.md: "To open a memory file using an internally allocated and managed buffer, set
    // pchBuffer to NULL, fccIOProc to FOURCC_MEM, cchBuffer to the initial size of the buffer, and
    // adwInfo to the incremental expansion size of the buffer. This memory file will automatically
    // be expanded in increments of the number of bytes specified in adwInfo when necessary."
    Hmmio h(openMem(nullptr, 16, 16, MMIO_CREATE));
    REQUIRE(h);
    MMIOINFO info = zeroInfo();
    REQUIRE(mmioGetInfo(h, &info, 0) == 0);
    CHECK(info.pchBuffer != nullptr);
    CHECK(info.cchBuffer == 16);
    const Bytes data = pattern(100, 10);
    CHECK(writeBytes(h, data) == 100);
    CHECK(mmioSeek(h, 0, SEEK_END) == 100);
    REQUIRE(mmioGetInfo(h, &info, 0) == 0);
    CHECK(info.cchBuffer >= 100);
    CHECK(mmioSeek(h, 0, SEEK_SET) == 0);
    CHECK(readN(h, 200) == data);
    CHECK(h.close() == 0);
}

TEST_CASE("mmioOpen: a memory file grows by at least adwInfo bytes at a time", "[mmioOpen][memory]") {
    Hmmio h(openMem(nullptr, 16, 16, MMIO_CREATE));
    REQUIRE(h);
    const Bytes data = pattern(17, 11);
    for (size_t i = 0; i < data.size(); ++i)
        REQUIRE(mmioWrite(h, reinterpret_cast<const char*>(&data[i]), 1) == 1);
    MMIOINFO info = zeroInfo();
    REQUIRE(mmioGetInfo(h, &info, 0) == 0);
    // mmioOpen.md: "expanded in increments of the number of bytes specified in adwInfo";
    // concepts-performing-memory-file-i-o.md: "Set the adwInfo member to the minimum expansion
    // size of the memory block."
    CHECK(info.cchBuffer >= 32);
    CHECK(mmioSeek(h, 0, SEEK_SET) == 0);
    CHECK(readN(h, 64) == data);
}

TEST_CASE("mmioOpen: a GlobalAlloc'd memory file with adwInfo grows through GlobalReAlloc",
          "[mmioOpen][memory]") {
    const Bytes first = pattern(32, 12);
    HGLOBAL g = GlobalAlloc(GMEM_MOVEABLE, 32);
    REQUIRE(g != nullptr);
    char* p = static_cast<char*>(GlobalLock(g));
    REQUIRE(p != nullptr);
    std::memcpy(p, first.data(), 32);
    // mmioOpen.md: "The expansion size in adwInfo should be nonzero only if pchBuffer is a pointer
    // obtained by calling the GlobalAlloc and GlobalLock functions; in this case, the GlobalReAlloc
    // function will be called to expand the buffer."
    HMMIO h = openMem(p, 32, 32);
    REQUIRE(h != nullptr);
    // "Otherwise, the entire block of memory is considered readable."
    CHECK(mmioSeek(h, 0, SEEK_END) == 32);
    const Bytes more = pattern(100, 13);
    CHECK(writeBytes(h, more) == 100);
    CHECK(mmioSeek(h, 0, SEEK_END) == 132);
    CHECK(mmioSeek(h, 0, SEEK_SET) == 0);
    Bytes all = first;
    all.insert(all.end(), more.begin(), more.end());
    CHECK(readN(h, 300) == all);
    MMIOINFO info = zeroInfo();
    CHECK(mmioGetInfo(h, &info, 0) == 0);
    CHECK(info.cchBuffer >= 132);
    char* finalBlock = info.pchBuffer;
    CHECK(mmioClose(h, 0) == 0);
    // The (possibly moved) block is still the application's and holds the file.
    if (finalBlock) {
        CHECK(std::memcmp(finalBlock, all.data(), all.size()) == 0);
        HGLOBAL fg = GlobalHandle(finalBlock);
        if (fg) {
            GlobalUnlock(fg);
            GlobalFree(fg);
        }
    }
}

TEST_CASE("mmioAdvance: an expandable memory file grows when advanced for writing",
          "[mmioAdvance][memory]") {
    for (bool internal : {true, false}) {
        INFO((internal ? "internal block" : "GlobalAlloc'd block"));
        HGLOBAL g = nullptr;
        char* p = nullptr;
        if (!internal) {
            g = GlobalAlloc(GMEM_MOVEABLE, 16);
            REQUIRE(g != nullptr);
            p = static_cast<char*>(GlobalLock(g));
        }
        HMMIO h = openMem(p, 16, 16, MMIO_CREATE);
        REQUIRE(h != nullptr);
        MMIOINFO info = zeroInfo();
        REQUIRE(mmioGetInfo(h, &info, 0) == 0);
        REQUIRE(info.pchNext != nullptr);
        const Bytes data = pattern(16 + 10, 14);
        // Fill what can be written of the buffer directly ...
        LONG room = (LONG)(info.pchEndWrite - info.pchNext);
        REQUIRE(room == 16);
        std::memcpy(info.pchNext, data.data(), 16);
        info.pchNext += 16;
        info.dwFlags |= MMIO_DIRTY;
        // mmioOpen.md: "This memory file will automatically be expanded in increments of the
        // number of bytes specified in adwInfo when necessary." mmioAdvance.md: "The pchNext,
        // pchEndRead, and pchEndWrite members of the MMIOINFO structure are updated to reflect the
        // new state of the I/O buffer."
        CHECK(mmioAdvance(h, &info, MMIO_WRITE) == 0);
        room = (LONG)(info.pchEndWrite - info.pchNext);
        CHECK(room >= 10);
        if (room >= 10) {
            std::memcpy(info.pchNext, data.data() + 16, 10);
            info.pchNext += 10;
            info.dwFlags |= MMIO_DIRTY;
        }
        CHECK(mmioSetInfo(h, &info, 0) == 0);
        CHECK(mmioSeek(h, 0, SEEK_END) == 26);
        CHECK(mmioSeek(h, 0, SEEK_SET) == 0);
        CHECK(readN(h, 100) == data);
        REQUIRE(mmioGetInfo(h, &info, 0) == 0);
        char* finalBlock = info.pchBuffer;
        mmioSetInfo(h, &info, 0);
        CHECK(mmioClose(h, 0) == 0);
        if (!internal && finalBlock) {
            HGLOBAL fg = GlobalHandle(finalBlock);
            if (fg) {
                GlobalUnlock(fg);
                GlobalFree(fg);
            }
        }
    }
}

TEST_CASE("mmioOpen: expandable memory files keep data intact under mixed I/O", "[mmioOpen][memory]") {
    // Random reads, writes and seeks against a byte model (see exerciseAgainstModel).
    struct Config {
        LONG initial;
        DWORD grow;
        std::uint32_t maxLen;
        bool global;
    };
    const Config configs[] = {
        {16, 16, 40, false}, {1, 7, 100, false}, {100, 1000, 3000, false},
        {4096, 512, 9000, false}, {16, 16, 40, true}, {64, 100, 500, true},
    };
    std::uint32_t seed = 100;
    for (const Config& c : configs) {
        INFO("initial " << c.initial << ", adwInfo " << c.grow << ", max op " << c.maxLen
                        << (c.global ? ", GlobalAlloc'd" : ", internal"));
        HGLOBAL g = nullptr;
        char* p = nullptr;
        if (c.global) {
            g = GlobalAlloc(GMEM_MOVEABLE, (SIZE_T)c.initial);
            REQUIRE(g != nullptr);
            p = static_cast<char*>(GlobalLock(g));
        }
        HMMIO h = openMem(p, c.initial, c.grow, MMIO_CREATE);
        REQUIRE(h != nullptr);
        Bytes model;
        long pos = 0;
        Rng rng(++seed);
        CHECK(exerciseAgainstModel(h, model, pos, rng, 400, c.maxLen) == "");
        CHECK(mmioSeek(h, 0, SEEK_SET) == 0);
        CHECK(readN(h, (LONG)model.size() + 10) == model);
        MMIOINFO info = zeroInfo();
        REQUIRE(mmioGetInfo(h, &info, 0) == 0);
        char* finalBlock = info.pchBuffer;
        mmioSetInfo(h, &info, 0);
        CHECK(mmioClose(h, 0) == 0);
        if (c.global && finalBlock) {
            HGLOBAL fg = GlobalHandle(finalBlock);
            if (fg) {
                GlobalUnlock(fg);
                GlobalFree(fg);
            }
        }
    }
}
