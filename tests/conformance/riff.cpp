// mmio conformance suite, part B: RIFF services (mmioDescend, mmioAscend, mmioCreateChunk).
//
// Every check is made through the public winmm API only, so the file runs against any winmm.dll. Each check quotes
// the documentation page it comes from; checks of behaviour the documentation leaves open are in test cases tagged
// [decision]. Malformed input is parsed in a child process (a hidden test case of this executable) with a time
// limit, so an implementation that loops or crashes on it fails the check instead of stopping the run.
#include <catch.hpp>

#include "support/recording_ioproc.h"

#include <memory>
#include <string>
#include <vector>

using namespace confb;

namespace {

using Bytes = std::vector<char>;

FOURCC fcc(const char* s) { return mmioFOURCC(s[0], s[1], s[2], s[3]); }

void put32(Bytes& b, DWORD v) {
    for (int i = 0; i < 4; ++i) b.push_back(static_cast<char>((v >> (8 * i)) & 0xff));
}
void put_fcc(Bytes& b, const char* s) { b.insert(b.end(), s, s + 4); }
void append(Bytes& b, const Bytes& x) { b.insert(b.end(), x.begin(), x.end()); }
DWORD get32(const Bytes& b, size_t off) {
    DWORD v = 0;
    for (int i = 3; i >= 0; --i) v = (v << 8) | static_cast<unsigned char>(b.at(off + i));
    return v;
}

Bytes fill(size_t n, int seed) {
    Bytes b(n);
    for (size_t i = 0; i < n; ++i) b[i] = static_cast<char>((seed * 31 + i * 7 + 1) & 0xff);
    return b;
}

// A chunk with a correct size field, its data and a pad byte when the size is odd.
Bytes chunk(const char* id, const Bytes& data) {
    Bytes b;
    put_fcc(b, id);
    put32(b, static_cast<DWORD>(data.size()));
    append(b, data);
    if (data.size() & 1) b.push_back(0);
    return b;
}
// A chunk header with an arbitrary declared size followed by whatever bytes are given (no padding).
Bytes raw_chunk(const char* id, DWORD declared, const Bytes& data = Bytes()) {
    Bytes b;
    put_fcc(b, id);
    put32(b, declared);
    append(b, data);
    return b;
}
Bytes parent(const char* id, const char* type, std::initializer_list<Bytes> kids) {
    Bytes d;
    put_fcc(d, type);
    for (auto& k : kids) append(d, k);
    return chunk(id, d);
}
Bytes riff(const char* type, std::initializer_list<Bytes> kids) { return parent("RIFF", type, kids); }
Bytes list(const char* type, std::initializer_list<Bytes> kids) { return parent("LIST", type, kids); }
Bytes cat(std::initializer_list<Bytes> parts) {
    Bytes b;
    for (auto& p : parts) append(b, p);
    return b;
}

MMCKINFO blank_ck() {
    MMCKINFO ck;
    std::memset(&ck, 0, sizeof ck);
    return ck;
}

// ---------------------------------------------------------------------------------------------------------------
// Where the RIFF bytes live while a test reads them.
enum class Kind { Memory, Disk, DiskBuffered, CustomProc };

const char* kind_name(Kind k) {
    switch (k) {
    case Kind::Memory: return "memory file";
    case Kind::Disk: return "disk file";
    case Kind::DiskBuffered: return "disk file, MMIO_ALLOCBUF";
    case Kind::CustomProc: return "custom I/O procedure";
    }
    return "?";
}

struct Source {
    Kind kind;
    HMMIO h = nullptr;
    std::unique_ptr<Bytes> backing;
    std::unique_ptr<TempFile> tf;
    std::unique_ptr<Recorder> rec;

    Source(Kind k, const Bytes& content, DWORD flags = MMIO_READ) : kind(k) {
        switch (k) {
        case Kind::Memory:
            backing.reset(new Bytes(content));
            if (backing->empty()) backing->push_back(0);  // keep a valid pointer; size stays content.size()
            {
                MMIOINFO mi;
                std::memset(&mi, 0, sizeof mi);
                mi.fccIOProc = FOURCC_MEM;
                mi.pchBuffer = backing->data();
                mi.cchBuffer = static_cast<LONG>(content.size());
                h = mmioOpenA(nullptr, &mi, flags);
            }
            break;
        case Kind::Disk:
        case Kind::DiskBuffered:
            tf.reset(new TempFile("riff"));
            if (tf->write_bytes(content)) h = tf->open(flags | (k == Kind::DiskBuffered ? MMIO_ALLOCBUF : 0));
            break;
        case Kind::CustomProc:
            rec.reset(new Recorder());
            rec->set_contents(content);
            h = open_with_proc(*rec, "riff.bin", flags);
            break;
        }
    }
    ~Source() {
        if (h) mmioClose(h, 0);
    }
};

// Where a test writes a RIFF tree; finish() closes the file and returns its bytes.
enum class WKind { MemoryExpandable, Disk, DiskBuffered };
const char* wkind_name(WKind k) {
    switch (k) {
    case WKind::MemoryExpandable: return "memory file";
    case WKind::Disk: return "disk file";
    case WKind::DiskBuffered: return "disk file, MMIO_ALLOCBUF";
    }
    return "?";
}

struct Sink {
    WKind kind;
    HMMIO h = nullptr;
    std::unique_ptr<TempFile> tf;
    explicit Sink(WKind k) : kind(k) {
        if (k == WKind::MemoryExpandable) {
            // Room for every tree written here, and no MMIO_CREATE (the whole block is readable): these tests are
            // about RIFF, not about memory-file growth or where a memory file ends (memory.cpp covers those).
            MMIOINFO mi;
            std::memset(&mi, 0, sizeof mi);
            mi.fccIOProc = FOURCC_MEM;
            mi.cchBuffer = 4096;
            mi.adwInfo[0] = 4096;
            h = mmioOpenA(nullptr, &mi, MMIO_READWRITE);
        } else {
            tf.reset(new TempFile("riffw"));
            h = tf->open(MMIO_CREATE | MMIO_READWRITE | (k == WKind::DiskBuffered ? MMIO_ALLOCBUF : 0));
        }
    }
    // For a memory file, the first `memLength` bytes are returned (where a memory file "ends" is not what these
    // tests are about); a disk file is returned whole.
    Bytes finish(size_t memLength) {
        Bytes out;
        if (!h) return out;
        if (kind == WKind::MemoryExpandable) {
            out.resize(memLength);
            LONG got = -1;
            if (mmioSeek(h, 0, SEEK_SET) == 0) got = mmioRead(h, out.data(), static_cast<LONG>(memLength));
            out.resize(got > 0 ? static_cast<size_t>(got) : 0);
            mmioClose(h, 0);
        } else {
            mmioClose(h, 0);
            out = tf->bytes();
        }
        h = nullptr;
        return out;
    }
    ~Sink() {
        if (h) mmioClose(h, 0);
    }
};

std::string hex(const Bytes& b, size_t max = 96) {
    std::string s;
    char t[4];
    for (size_t i = 0; i < b.size() && i < max; ++i) {
        std::snprintf(t, sizeof t, "%02x ", static_cast<unsigned char>(b[i]));
        s += t;
    }
    if (b.size() > max) s += "...";
    return s;
}

// The WAVE-like file used by several tests:
//   RIFF 'WAVE' { 'fmt '(16), LIST 'INFO' { 'INAM'(5, odd), 'ICOP'(6) }, 'data'(7, odd) }
Bytes wave_file() {
    return riff("WAVE", {chunk("fmt ", fill(16, 1)), list("INFO", {chunk("INAM", fill(5, 2)), chunk("ICOP", fill(6, 3))}),
                         chunk("data", fill(7, 4))});
}
// Offsets inside wave_file():
//   0 RIFF hdr, 8 'WAVE', 12 'fmt ' hdr, 20 fmt data(16), 36 LIST hdr, 44 'INFO' (LIST data), 48 INAM hdr, 56 INAM data(5)+pad,
//   62 ICOP hdr, 70 ICOP data(6), 76 'data' hdr, 84 data(7)+pad, 92 end
constexpr LONG kWaveFmtData = 20, kWaveListData = 44, kWaveInamData = 56, kWaveIcopData = 70, kWaveDataData = 84,
               kWaveEnd = 92;

// An AVI-like file followed by zero bytes (which parse as chunks with ckid 0 and size 0):
//   0 RIFF 'AVI ' (size 128) { 12 LIST 'hdrl' (size 116) { 24 'avih'(56), 88 LIST 'strl' (size 40) { 100 'strh'(28) } } },
//   136..519 zeros, 520 end
Bytes avi_file() {
    Bytes b = riff("AVI ", {list("hdrl", {chunk("avih", fill(56, 5)), list("strl", {chunk("strh", fill(28, 6))})})});
    b.resize(520, 0);
    return b;
}
constexpr LONG kAviEnd = 520;

MMCKINFO filled_ck(unsigned char byte) {
    MMCKINFO ck;
    std::memset(&ck, byte, sizeof ck);
    return ck;
}

}  // namespace

// ===============================================================================================================
// mmioDescend
// ===============================================================================================================

TEST_CASE("mmioDescend: with no flags descends into the chunk at the current file position", "[mmioDescend][riff]") {
    Kind kind = GENERATE(Kind::Memory, Kind::Disk, Kind::DiskBuffered, Kind::CustomProc);
    INFO(kind_name(kind));
    Bytes file = cat({chunk("fmt ", fill(16, 1)), chunk("data", fill(4, 2))});
    Source src(kind, file);
    REQUIRE(src.h != nullptr);

    MMCKINFO ck = blank_ck();
    ck.fccType = 0xdeadbeef;
    ck.dwFlags = MMIO_DIRTY;
    // mmioDescend: "If no flags are specified, mmioDescend descends into the chunk beginning at the current file
    // position."
    REQUIRE(mmioDescend(src.h, &ck, nullptr, 0) == MMSYSERR_NOERROR);
    // mmioDescend: "The ckid member is the chunk."
    CHECK(ck.ckid == fcc("fmt "));
    // mmioDescend: "The cksize member is the size, in bytes, of the data portion of the chunk."
    CHECK(ck.cksize == 16);
    // mmioDescend: "The fccType member is the form type if ckid is "RIFF", or the list type if ckid is "LIST".
    // Otherwise, it is NULL."
    CHECK(ck.fccType == 0);
    // mmioDescend: "The dwDataOffset member is the file offset of the beginning of the data portion of the chunk."
    CHECK(ck.dwDataOffset == 8);
    // mmioDescend: "The dwFlags member contains other information about the chunk. Currently, this information is
    // not used and is set to zero."
    CHECK(ck.dwFlags == 0);
    // mmioDescend: "For other chunks, the new file position will be the start of the data portion of the chunk
    // (8 bytes from the beginning of the chunk)."
    CHECK(tell(src.h) == 8);
}

TEST_CASE("mmioDescend: descending into a RIFF chunk leaves the position after the form type", "[mmioDescend][riff]") {
    Kind kind = GENERATE(Kind::Memory, Kind::Disk, Kind::DiskBuffered, Kind::CustomProc);
    INFO(kind_name(kind));
    Bytes file = wave_file();
    Source src(kind, file);
    REQUIRE(src.h != nullptr);

    MMCKINFO ck = blank_ck();
    REQUIRE(mmioDescend(src.h, &ck, nullptr, 0) == MMSYSERR_NOERROR);
    CHECK(ck.ckid == FOURCC_RIFF);
    // mmioDescend: "The size includes the form type or list type (if any), but does not include the 8-byte chunk
    // header or the pad byte at the end of the data (if any)."
    CHECK(ck.cksize == file.size() - 8);
    // mmioDescend: "The fccType member is the form type if ckid is "RIFF""
    CHECK(ck.fccType == fcc("WAVE"));
    // mmioDescend: "If the chunk is a "RIFF" chunk or a "LIST" chunk, this member is the offset of the form type or
    // list type."
    CHECK(ck.dwDataOffset == 8);
    // mmioDescend: "If the chunk is a "RIFF" or "LIST" chunk, the new file position will be just after the form type
    // or list type (12 bytes from the beginning of the chunk)."
    CHECK(tell(src.h) == 12);
}

TEST_CASE("mmioDescend: descending into a LIST chunk gives the list type and data offset", "[mmioDescend][riff]") {
    Kind kind = GENERATE(Kind::Memory, Kind::Disk, Kind::DiskBuffered, Kind::CustomProc);
    INFO(kind_name(kind));
    Source src(kind, wave_file());
    REQUIRE(src.h != nullptr);

    MMCKINFO riffCk = blank_ck(), fmtCk = blank_ck(), listCk = blank_ck();
    REQUIRE(mmioDescend(src.h, &riffCk, nullptr, 0) == MMSYSERR_NOERROR);
    REQUIRE(mmioDescend(src.h, &fmtCk, &riffCk, 0) == MMSYSERR_NOERROR);
    REQUIRE(mmioAscend(src.h, &fmtCk, 0) == MMSYSERR_NOERROR);
    REQUIRE(mmioDescend(src.h, &listCk, &riffCk, 0) == MMSYSERR_NOERROR);
    CHECK(listCk.ckid == FOURCC_LIST);
    // mmioDescend: "The fccType member is the form type if ckid is "RIFF", or the list type if ckid is "LIST"."
    CHECK(listCk.fccType == fcc("INFO"));
    CHECK(listCk.cksize == 4 + 14 + 14);
    // mmioDescend: "If the chunk is a "RIFF" chunk or a "LIST" chunk, this member is the offset of the form type or
    // list type."
    CHECK(listCk.dwDataOffset == static_cast<DWORD>(kWaveListData));
    // Resource Interchange File Format Services: "For "RIFF" and "LIST" chunks, the file position is set to the
    // location following the form type or list type (12 bytes from the beginning of the chunk)."
    CHECK(tell(src.h) == kWaveListData + 4);
}

TEST_CASE("mmioDescend: MMIO_FINDRIFF searches for a RIFF chunk with the given form type", "[mmioDescend][riff]") {
    Kind kind = GENERATE(Kind::Memory, Kind::Disk, Kind::DiskBuffered, Kind::CustomProc);
    INFO(kind_name(kind));
    Bytes first = riff("AVI ", {chunk("avih", fill(8, 1))});
    Bytes lst = list("WAVE", {chunk("junk", fill(3, 2))});  // a LIST with the wanted type must not match
    Bytes second = riff("WAVE", {chunk("fmt ", fill(16, 3))});
    Bytes file = cat({first, lst, second});
    Source src(kind, file);
    REQUIRE(src.h != nullptr);

    MMCKINFO ck = blank_ck();
    ck.fccType = fcc("WAVE");
    // mmioDescend: "MMIO_FINDRIFF: Searches for a chunk with the chunk identifier "RIFF" and with the specified form
    // type."
    REQUIRE(mmioDescend(src.h, &ck, nullptr, MMIO_FINDRIFF) == MMSYSERR_NOERROR);
    CHECK(ck.ckid == FOURCC_RIFF);
    CHECK(ck.fccType == fcc("WAVE"));
    const DWORD at = static_cast<DWORD>(first.size() + lst.size());
    CHECK(ck.dwDataOffset == at + 8);
    CHECK(ck.cksize == second.size() - 8);
    // mmioDescend: "the new file position will be just after the form type or list type"
    CHECK(tell(src.h) == static_cast<LONG>(at + 12));
}

TEST_CASE("mmioDescend: MMIO_FINDLIST searches for a LIST chunk with the given list type", "[mmioDescend][riff]") {
    Kind kind = GENERATE(Kind::Memory, Kind::Disk, Kind::DiskBuffered, Kind::CustomProc);
    INFO(kind_name(kind));
    // Inside the RIFF: a plain chunk whose id is 'INFO', a LIST of another type, a RIFF-less... then LIST 'INFO'.
    Bytes file = riff("WAVE", {chunk("INFO", fill(6, 1)), list("hdrl", {chunk("avih", fill(4, 2))}),
                               list("INFO", {chunk("INAM", fill(3, 3))}), chunk("data", fill(2, 4))});
    // offsets: RIFF 0, WAVE 8, INFO-chunk 12 (8+6=14), LIST hdrl 26 (8+4+12=24), LIST INFO 50
    Source src(kind, file);
    REQUIRE(src.h != nullptr);

    MMCKINFO parentCk = blank_ck();
    parentCk.fccType = fcc("WAVE");
    REQUIRE(mmioDescend(src.h, &parentCk, nullptr, MMIO_FINDRIFF) == MMSYSERR_NOERROR);
    MMCKINFO ck = blank_ck();
    ck.fccType = fcc("INFO");
    // mmioDescend: "MMIO_FINDLIST: Searches for a chunk with the chunk identifier "LIST" and with the specified form
    // type."
    REQUIRE(mmioDescend(src.h, &ck, &parentCk, MMIO_FINDLIST) == MMSYSERR_NOERROR);
    CHECK(ck.ckid == FOURCC_LIST);
    CHECK(ck.fccType == fcc("INFO"));
    CHECK(ck.dwDataOffset == 58);
    CHECK(ck.cksize == 4 + 12);
    CHECK(tell(src.h) == 62);
}

TEST_CASE("mmioDescend: MMIO_FINDCHUNK searches for a chunk with the given identifier", "[mmioDescend][riff]") {
    Kind kind = GENERATE(Kind::Memory, Kind::Disk, Kind::DiskBuffered, Kind::CustomProc);
    INFO(kind_name(kind));
    Source src(kind, wave_file());
    REQUIRE(src.h != nullptr);

    MMCKINFO parentCk = blank_ck();
    parentCk.fccType = fcc("WAVE");
    REQUIRE(mmioDescend(src.h, &parentCk, nullptr, MMIO_FINDRIFF) == MMSYSERR_NOERROR);
    MMCKINFO ck = blank_ck();
    ck.ckid = fcc("data");
    ck.fccType = 0xdeadbeef;
    ck.dwFlags = MMIO_DIRTY;
    // mmioDescend: "MMIO_FINDCHUNK: Searches for a chunk with the specified chunk identifier."
    REQUIRE(mmioDescend(src.h, &ck, &parentCk, MMIO_FINDCHUNK) == MMSYSERR_NOERROR);
    CHECK(ck.ckid == fcc("data"));
    CHECK(ck.cksize == 7);
    // mmioDescend: "The fccType member is ... Otherwise, it is NULL."
    CHECK(ck.fccType == 0);
    CHECK(ck.dwDataOffset == static_cast<DWORD>(kWaveDataData));
    // mmioDescend: "Currently, this information is not used and is set to zero."
    CHECK(ck.dwFlags == 0);
    // mmioDescend: "For other chunks, the new file position will be the start of the data portion of the chunk"
    CHECK(tell(src.h) == kWaveDataData);
    // The data read from there is the chunk's data.
    Bytes got(7);
    CHECK(mmioRead(src.h, got.data(), 7) == 7);
    CHECK(got == fill(7, 4));
}

TEST_CASE("mmioDescend: the search skips the pad byte of odd-sized chunks", "[mmioDescend][riff]") {
    Kind kind = GENERATE(Kind::Memory, Kind::Disk, Kind::DiskBuffered, Kind::CustomProc);
    INFO(kind_name(kind));
    // mmioDescend: "A "RIFF" chunk consists of a four-byte chunk identifier (type FOURCC), followed by a four-byte
    // chunk size (type DWORD), followed by the data portion of the chunk, followed by a null pad byte if the size of
    // the data portion is odd."
    Bytes file = cat({chunk("odd1", fill(3, 1)), chunk("odd2", fill(5, 2)), chunk("evn1", fill(2, 3)),
                      chunk("data", fill(9, 4))});
    // offsets: odd1 0 (8+3+1=12), odd2 12 (8+5+1=14 -> 26), evn1 26 (10 -> 36), data 36
    Source src(kind, file);
    REQUIRE(src.h != nullptr);

    MMCKINFO ck = blank_ck();
    ck.ckid = fcc("data");
    REQUIRE(mmioDescend(src.h, &ck, nullptr, MMIO_FINDCHUNK) == MMSYSERR_NOERROR);
    CHECK(ck.dwDataOffset == 44);
    CHECK(ck.cksize == 9);
    CHECK(tell(src.h) == 44);

    REQUIRE(mmioSeek(src.h, 0, SEEK_SET) == 0);
    MMCKINFO odd = blank_ck();
    odd.ckid = fcc("odd2");
    REQUIRE(mmioDescend(src.h, &odd, nullptr, MMIO_FINDCHUNK) == MMSYSERR_NOERROR);
    // mmioDescend: "[cksize] does not include the 8-byte chunk header or the pad byte at the end of the data"
    CHECK(odd.cksize == 5);
    CHECK(odd.dwDataOffset == 20);
}

TEST_CASE("mmioDescend: the search begins at the current file position", "[mmioDescend][riff]") {
    Kind kind = GENERATE(Kind::Memory, Kind::Disk, Kind::DiskBuffered, Kind::CustomProc);
    INFO(kind_name(kind));
    Bytes file = cat({chunk("data", fill(4, 1)), chunk("fmt ", fill(2, 2)), chunk("data", fill(6, 3))});
    // offsets: data#1 0 (12), fmt 12 (10 -> 22), data#2 22
    Source src(kind, file);
    REQUIRE(src.h != nullptr);

    MMCKINFO first = blank_ck();
    first.ckid = fcc("data");
    REQUIRE(mmioDescend(src.h, &first, nullptr, MMIO_FINDCHUNK) == MMSYSERR_NOERROR);
    CHECK(first.dwDataOffset == 8);
    REQUIRE(mmioAscend(src.h, &first, 0) == MMSYSERR_NOERROR);
    // mmioDescend: "The search begins at the current file position and continues to the end of the file."
    MMCKINFO second = blank_ck();
    second.ckid = fcc("data");
    REQUIRE(mmioDescend(src.h, &second, nullptr, MMIO_FINDCHUNK) == MMSYSERR_NOERROR);
    CHECK(second.dwDataOffset == 30);
    CHECK(second.cksize == 6);
}

TEST_CASE("mmioDescend: MMIO_FINDCHUNK returns MMIOERR_CHUNKNOTFOUND at the end of the file",
          "[mmioDescend][riff]") {
    Kind kind = GENERATE(Kind::Memory, Kind::Disk, Kind::DiskBuffered, Kind::CustomProc);
    INFO(kind_name(kind));
    Source src(kind, cat({chunk("fmt ", fill(16, 1)), chunk("LIST", fill(5, 2)), chunk("data", fill(4, 3))}));
    REQUIRE(src.h != nullptr);

    MMCKINFO ck = blank_ck();
    ck.ckid = fcc("none");
    // mmioDescend: "MMIOERR_CHUNKNOTFOUND: The end of the file (or the end of the parent chunk, if given) was
    // reached before the desired chunk was found."
    CHECK(mmioDescend(src.h, &ck, nullptr, MMIO_FINDCHUNK) == MMIOERR_CHUNKNOTFOUND);

    REQUIRE(mmioSeek(src.h, 0, SEEK_SET) == 0);
    MMCKINFO r = blank_ck();
    r.fccType = fcc("WAVE");
    CHECK(mmioDescend(src.h, &r, nullptr, MMIO_FINDRIFF) == MMIOERR_CHUNKNOTFOUND);

    REQUIRE(mmioSeek(src.h, 0, SEEK_SET) == 0);
    MMCKINFO l = blank_ck();
    l.fccType = fcc("INFO");
    CHECK(mmioDescend(src.h, &l, nullptr, MMIO_FINDLIST) == MMIOERR_CHUNKNOTFOUND);
}

TEST_CASE("mmioDescend: with a parent chunk the search stops at the end of the parent", "[mmioDescend][riff]") {
    Kind kind = GENERATE(Kind::Memory, Kind::Disk, Kind::DiskBuffered, Kind::CustomProc);
    INFO(kind_name(kind));
    // RIFF 'WAVE' { 'fmt ' } followed by a 'data' chunk outside the RIFF chunk.
    Bytes file = cat({riff("WAVE", {chunk("fmt ", fill(16, 1))}), chunk("data", fill(4, 2))});
    Source src(kind, file);
    REQUIRE(src.h != nullptr);

    MMCKINFO parentCk = blank_ck();
    parentCk.fccType = fcc("WAVE");
    REQUIRE(mmioDescend(src.h, &parentCk, nullptr, MMIO_FINDRIFF) == MMSYSERR_NOERROR);
    MMCKINFO ck = blank_ck();
    ck.ckid = fcc("data");
    // mmioDescend: "In this case, the search begins at the current file position and continues to the end of the
    // parent chunk." / "MMIOERR_CHUNKNOTFOUND: The end of the file (or the end of the parent chunk, if given) was
    // reached before the desired chunk was found."
    CHECK(mmioDescend(src.h, &ck, &parentCk, MMIO_FINDCHUNK) == MMIOERR_CHUNKNOTFOUND);
}

TEST_CASE("mmioDescend: after a failed search, seeking to dwDataOffset + 4 restarts the search in the parent",
          "[mmioDescend][riff]") {
    Kind kind = GENERATE(Kind::Memory, Kind::Disk, Kind::DiskBuffered, Kind::CustomProc);
    INFO(kind_name(kind));
    Source src(kind, wave_file());
    REQUIRE(src.h != nullptr);

    MMCKINFO parentCk = blank_ck();
    parentCk.fccType = fcc("WAVE");
    REQUIRE(mmioDescend(src.h, &parentCk, nullptr, MMIO_FINDRIFF) == MMSYSERR_NOERROR);
    MMCKINFO data = blank_ck();
    data.ckid = fcc("data");
    REQUIRE(mmioDescend(src.h, &data, &parentCk, MMIO_FINDCHUNK) == MMSYSERR_NOERROR);
    REQUIRE(mmioAscend(src.h, &data, 0) == MMSYSERR_NOERROR);
    MMCKINFO fmt = blank_ck();
    fmt.ckid = fcc("fmt ");
    // 'fmt ' lies before the current position: the search cannot find it.
    CHECK(mmioDescend(src.h, &fmt, &parentCk, MMIO_FINDCHUNK) == MMIOERR_CHUNKNOTFOUND);
    // Searching for a Subchunk: "You can use the mmioSeek function and the dwDataOffset member of the MMCKINFO
    // structure describing the parent chunk to seek back to the beginning of the parent chunk"
    // "mmioSeek(hmmio, mmckinfoParent.dwDataOffset + 4, SEEK_SET);"
    REQUIRE(mmioSeek(src.h, static_cast<LONG>(parentCk.dwDataOffset + 4), SEEK_SET) == 12);
    fmt = blank_ck();
    fmt.ckid = fcc("fmt ");
    REQUIRE(mmioDescend(src.h, &fmt, &parentCk, MMIO_FINDCHUNK) == MMSYSERR_NOERROR);
    CHECK(fmt.dwDataOffset == static_cast<DWORD>(kWaveFmtData));
    CHECK(fmt.cksize == 16);
}

TEST_CASE("mmioDescend: nested searches find subchunks of a LIST chunk", "[mmioDescend][riff]") {
    Kind kind = GENERATE(Kind::Memory, Kind::Disk, Kind::DiskBuffered, Kind::CustomProc);
    INFO(kind_name(kind));
    Source src(kind, wave_file());
    REQUIRE(src.h != nullptr);

    MMCKINFO riffCk = blank_ck(), listCk = blank_ck(), icop = blank_ck();
    riffCk.fccType = fcc("WAVE");
    REQUIRE(mmioDescend(src.h, &riffCk, nullptr, MMIO_FINDRIFF) == MMSYSERR_NOERROR);
    listCk.fccType = fcc("INFO");
    REQUIRE(mmioDescend(src.h, &listCk, &riffCk, MMIO_FINDLIST) == MMSYSERR_NOERROR);
    icop.ckid = fcc("ICOP");
    // mmioDescend: "If this parameter is not NULL, ... mmioDescend searches for a chunk within the parent chunk."
    REQUIRE(mmioDescend(src.h, &icop, &listCk, MMIO_FINDCHUNK) == MMSYSERR_NOERROR);
    CHECK(icop.dwDataOffset == static_cast<DWORD>(kWaveIcopData));
    CHECK(icop.cksize == 6);
    // 'data' is in the RIFF chunk but after the end of the LIST chunk.
    REQUIRE(mmioAscend(src.h, &icop, 0) == MMSYSERR_NOERROR);
    MMCKINFO data = blank_ck();
    data.ckid = fcc("data");
    CHECK(mmioDescend(src.h, &data, &listCk, MMIO_FINDCHUNK) == MMIOERR_CHUNKNOTFOUND);
}

TEST_CASE("mmioDescend: searches and ascends across chunks larger than the I/O buffer", "[mmioDescend][riff]") {
    Kind kind = GENERATE(Kind::Memory, Kind::Disk, Kind::DiskBuffered, Kind::CustomProc);
    INFO(kind_name(kind));
    // Chunks of 10000 and 9999 bytes (more than the 8K default buffer), then 'data'.
    Bytes file = riff("BIGF", {chunk("big1", fill(10000, 1)), chunk("big2", fill(9999, 2)), chunk("data", fill(5, 3))});
    // offsets: RIFF 0, 'BIGF' 8, big1 12 (8+10000 -> 10020), big2 10020 (8+9999+1 -> 20028), data 20028
    Source src(kind, file);
    REQUIRE(src.h != nullptr);
    MMCKINFO p = blank_ck(), data = blank_ck(), big2 = blank_ck();
    p.fccType = fcc("BIGF");
    REQUIRE(mmioDescend(src.h, &p, nullptr, MMIO_FINDRIFF) == MMSYSERR_NOERROR);
    data.ckid = fcc("data");
    REQUIRE(mmioDescend(src.h, &data, &p, MMIO_FINDCHUNK) == MMSYSERR_NOERROR);
    CHECK(data.dwDataOffset == 20036);
    CHECK(data.cksize == 5);
    Bytes d(5);
    CHECK(mmioRead(src.h, d.data(), 5) == 5);
    CHECK(d == fill(5, 3));
    // Back to the first subchunk, into big2, read a little from its middle, ascend past its pad byte.
    REQUIRE(mmioSeek(src.h, static_cast<LONG>(p.dwDataOffset + 4), SEEK_SET) == 12);
    big2.ckid = fcc("big2");
    REQUIRE(mmioDescend(src.h, &big2, &p, MMIO_FINDCHUNK) == MMSYSERR_NOERROR);
    CHECK(big2.dwDataOffset == 10028);
    CHECK(big2.cksize == 9999);
    REQUIRE(mmioSeek(src.h, 5000, SEEK_CUR) == 15028);
    Bytes mid(10);
    CHECK(mmioRead(src.h, mid.data(), 10) == 10);
    Bytes expectMid = fill(9999, 2);
    CHECK(mid == Bytes(expectMid.begin() + 5000, expectMid.begin() + 5010));
    // mmioAscend: "mmioAscend seeks to the location following the end of the chunk (past the extra pad byte, if
    // any)."
    REQUIRE(mmioAscend(src.h, &big2, 0) == MMSYSERR_NOERROR);
    CHECK(tell(src.h) == 20028);
}

TEST_CASE("mmioDescend: MMIO_FINDRIFF and MMIO_FINDLIST with fccType 0 match any type",
          "[mmioDescend][riff]") {
    Kind kind = GENERATE(Kind::Memory, Kind::Disk, Kind::DiskBuffered, Kind::CustomProc);
    INFO(kind_name(kind));
    Source src(kind, wave_file());
    REQUIRE(src.h != nullptr);
    // Windows (Wine's conformance test, mmio.c): a zero fccType matches any form or list type.
    MMCKINFO r = blank_ck(), l = blank_ck();
    REQUIRE(mmioDescend(src.h, &r, nullptr, MMIO_FINDRIFF) == MMSYSERR_NOERROR);
    CHECK(r.fccType == fcc("WAVE"));
    REQUIRE(mmioDescend(src.h, &l, &r, MMIO_FINDLIST) == MMSYSERR_NOERROR);
    CHECK(l.fccType == fcc("INFO"));
    CHECK(l.dwDataOffset == static_cast<DWORD>(kWaveListData));
}

TEST_CASE("mmioDescend: MMIO_FINDCHUNK with ckid 0 finds the next chunk, whatever its id", "[mmioDescend][riff]") {
    Kind kind = GENERATE(Kind::Memory, Kind::Disk, Kind::DiskBuffered, Kind::CustomProc);
    INFO(kind_name(kind));
    Source src(kind, avi_file());
    REQUIRE(src.h != nullptr);
    // Windows (Wine's conformance test, mmio.c): ckid 0 is a wildcard for MMIO_FINDCHUNK, and FINDCHUNK ignores
    // fccType; the chunk found is reported like any descend (RIFF/LIST: its type, position after the type).
    MMCKINFO ck = filled_ck(0x66);
    ck.ckid = 0;
    ck.fccType = fcc("hdrl");
    REQUIRE(mmioSeek(src.h, 0, SEEK_SET) == 0);
    CHECK(mmioDescend(src.h, &ck, nullptr, MMIO_FINDCHUNK) == MMSYSERR_NOERROR);
    CHECK(ck.ckid == FOURCC_RIFF);
    CHECK(ck.fccType == fcc("AVI "));
    CHECK(ck.dwDataOffset == 8u);
    CHECK(mmioSeek(src.h, 0, SEEK_CUR) == 12);
    // From there (no seek) a named FINDCHUNK finds the LIST, whatever fccType said.
    ck = filled_ck(0x66);
    ck.ckid = FOURCC_LIST;
    CHECK(mmioDescend(src.h, &ck, nullptr, MMIO_FINDCHUNK) == MMSYSERR_NOERROR);
    CHECK(ck.ckid == FOURCC_LIST);
    CHECK(ck.fccType == fcc("hdrl"));
    CHECK(ck.dwDataOffset == 20u);
    // Inside a parent found by FINDCHUNK 'RIFF', ckid 0 finds its first subchunk.
    REQUIRE(mmioSeek(src.h, 0, SEEK_SET) == 0);
    MMCKINFO parent = blank_ck();
    parent.ckid = FOURCC_RIFF;
    REQUIRE(mmioDescend(src.h, &parent, nullptr, MMIO_FINDCHUNK) == MMSYSERR_NOERROR);
    CHECK(parent.dwDataOffset == 8u);
    CHECK(parent.cksize == 128u);
    ck = filled_ck(0x66);
    ck.ckid = 0;
    CHECK(mmioDescend(src.h, &ck, &parent, MMIO_FINDCHUNK) == MMSYSERR_NOERROR);
    CHECK(ck.ckid == FOURCC_LIST);
    CHECK(ck.fccType == fcc("hdrl"));
}

TEST_CASE("mmioDescend: MMIO_FINDRIFF ignores ckid, and a descend with no flag ignores ckid and fccType",
          "[mmioDescend][riff]") {
    Kind kind = GENERATE(Kind::Memory, Kind::Disk, Kind::DiskBuffered, Kind::CustomProc);
    INFO(kind_name(kind));
    Source src(kind, avi_file());
    REQUIRE(src.h != nullptr);
    // Windows: FINDRIFF with ckid 0 and fccType 'ffff' finds nothing; with fccType 0 it finds RIFF 'AVI '.
    MMCKINFO ck = filled_ck(0x66);
    ck.ckid = 0;
    CHECK(mmioDescend(src.h, &ck, nullptr, MMIO_FINDRIFF) != MMSYSERR_NOERROR);
    REQUIRE(mmioSeek(src.h, 0, SEEK_SET) == 0);
    ck = filled_ck(0x66);
    ck.ckid = 0;
    ck.fccType = 0;
    CHECK(mmioDescend(src.h, &ck, nullptr, MMIO_FINDRIFF) == MMSYSERR_NOERROR);
    CHECK(ck.ckid == FOURCC_RIFF);
    CHECK(ck.fccType == fcc("AVI "));
    // No flag: the chunk at the position, whatever ckid and fccType asked for.
    ck = filled_ck(0x66);
    CHECK(mmioDescend(src.h, &ck, nullptr, 0) == MMSYSERR_NOERROR);
    CHECK(ck.ckid == FOURCC_LIST);
    CHECK(ck.fccType == fcc("hdrl"));
    CHECK(ck.dwDataOffset == 20u);
}

TEST_CASE("mmioDescend: a failed search overwrites the caller's MMCKINFO", "[mmioDescend][riff]") {
    Kind kind = GENERATE(Kind::Memory, Kind::Disk, Kind::DiskBuffered, Kind::CustomProc);
    INFO(kind_name(kind));
    Source src(kind, avi_file());
    REQUIRE(src.h != nullptr);
    // Windows (Wine's conformance test, mmio.c): searching the whole file for 'ffff' fails with
    // MMIOERR_CHUNKNOTFOUND or MMIOERR_INVALIDFILE, and ckid, fccType and dwDataOffset no longer hold the input.
    MMCKINFO ck = filled_ck(0x66);
    const MMRESULT rc = mmioDescend(src.h, &ck, nullptr, MMIO_FINDCHUNK);
    CHECK((rc == MMIOERR_CHUNKNOTFOUND || rc == MMIOERR_INVALIDFILE));
    CHECK(ck.ckid != 0x66666666u);
    CHECK(ck.fccType != 0x66666666u);
    CHECK(ck.dwDataOffset != 0x66666666u);
}

TEST_CASE("mmioDescend: a failed search leaves the last header it examined in the MMCKINFO",
          "[mmioDescend][riff][decision]") {
    Kind kind = GENERATE(Kind::Memory, Kind::Disk, Kind::DiskBuffered, Kind::CustomProc);
    INFO(kind_name(kind));
    Source src(kind, avi_file());
    REQUIRE(src.h != nullptr);
    // Decision (docs/mmio.md, mmioDescend): Windows overwrites the structure (test above); the exact values are ours:
    // the last header examined (here the zero chunk at 512), fccType 0 for a chunk whose type was not read, dwFlags
    // as it was.
    MMCKINFO ck = filled_ck(0x66);
    CHECK(mmioDescend(src.h, &ck, nullptr, MMIO_FINDCHUNK) == MMIOERR_CHUNKNOTFOUND);
    CHECK(ck.ckid == 0u);
    CHECK(ck.cksize == 0u);
    CHECK(ck.fccType == 0u);
    CHECK(ck.dwDataOffset == static_cast<DWORD>(kAviEnd));
    CHECK(ck.dwFlags == 0x66666666u);
    // Inside a parent: the last header examined is the parent's last chunk.
    Source src2(kind, wave_file());
    REQUIRE(src2.h != nullptr);
    MMCKINFO riffCk = blank_ck();
    REQUIRE(mmioDescend(src2.h, &riffCk, nullptr, MMIO_FINDRIFF) == MMSYSERR_NOERROR);
    ck = filled_ck(0x66);
    CHECK(mmioDescend(src2.h, &ck, &riffCk, MMIO_FINDCHUNK) == MMIOERR_CHUNKNOTFOUND);
    CHECK(ck.ckid == fcc("data"));
    CHECK(ck.cksize == 7u);
    CHECK(ck.dwDataOffset == static_cast<DWORD>(kWaveDataData));
}

TEST_CASE("mmioDescend: positions while descending through a file held whole in a caller buffer",
          "[mmioDescend][riff]") {
    // Windows (Wine's conformance test, mmio.c): with the whole file in the caller's I/O buffer the descends only
    // move pchNext: lBufOffset stays 0, for memory and disk files alike.
    const bool memory = GENERATE(true, false);
    INFO((memory ? "memory file" : "disk file, caller buffer of the file's size"));
    Bytes content = avi_file();
    Bytes block = content;
    std::unique_ptr<TempFile> tf;
    MMIOINFO mi;
    std::memset(&mi, 0, sizeof mi);
    mi.pchBuffer = block.data();
    mi.cchBuffer = static_cast<LONG>(block.size());
    HMMIO h;
    if (memory) {
        mi.fccIOProc = FOURCC_MEM;
        h = mmioOpenA(nullptr, &mi, MMIO_READ);
    } else {
        tf.reset(new TempFile("rpos"));
        REQUIRE(tf->write_bytes(content));
        auto name = tf->buf();
        mi.fccIOProc = FOURCC_DOS;
        h = mmioOpenA(name.data(), &mi, MMIO_READ);
    }
    REQUIRE(h != nullptr);
    auto buf_offset = [&]() {
        MMIOINFO now;
        std::memset(&now, 0, sizeof now);
        REQUIRE(mmioGetInfo(h, &now, 0) == MMSYSERR_NOERROR);
        return now.lBufOffset;
    };
    MMCKINFO riffCk = blank_ck(), hdrl = blank_ck(), avih = blank_ck(), strl = blank_ck(), strh = blank_ck();
    CHECK(mmioDescend(h, &riffCk, nullptr, MMIO_FINDRIFF) == MMSYSERR_NOERROR);
    CHECK(mmioSeek(h, 0, SEEK_CUR) == 12);
    hdrl.fccType = fcc("hdrl");
    CHECK(mmioDescend(h, &hdrl, &riffCk, MMIO_FINDLIST) == MMSYSERR_NOERROR);
    CHECK(mmioSeek(h, 0, SEEK_CUR) == 24);
    avih.ckid = fcc("avih");
    CHECK(mmioDescend(h, &avih, &hdrl, MMIO_FINDCHUNK) == MMSYSERR_NOERROR);
    CHECK(mmioSeek(h, 0, SEEK_CUR) == 32);
    CHECK(mmioSeek(h, static_cast<LONG>(avih.cksize), SEEK_CUR) == 0x58);
    strl.fccType = fcc("strl");
    CHECK(mmioDescend(h, &strl, &hdrl, MMIO_FINDLIST) == MMSYSERR_NOERROR);
    CHECK(mmioSeek(h, 0, SEEK_CUR) == 100);
    strh.ckid = fcc("strh");
    CHECK(mmioDescend(h, &strh, &strl, MMIO_FINDCHUNK) == MMSYSERR_NOERROR);
    CHECK(mmioSeek(h, 0, SEEK_CUR) == 108);
    CHECK(buf_offset() == 0);
    mmioClose(h, 0);
}

TEST_CASE("mmioDescend: a RIFF or LIST chunk too small for its type is MMIOERR_INVALIDFILE",
          "[mmioDescend][riff][decision]") {
    Kind kind = GENERATE(Kind::Memory, Kind::Disk, Kind::DiskBuffered, Kind::CustomProc);
    INFO(kind_name(kind));
    Source src(kind, cat({raw_chunk("RIFF", 2, Bytes{'W', 'A', 'V', 'E'}), chunk("data", fill(4, 1))}));
    REQUIRE(src.h != nullptr);
    MMCKINFO ck = blank_ck();
    ck.fccType = fcc("WAVE");
    // Decision (docs/mmio.md, mmioDescend): "A RIFF/LIST candidate whose size is below 4 gives MMIOERR_INVALIDFILE."
    CHECK(mmioDescend(src.h, &ck, nullptr, MMIO_FINDRIFF) == MMIOERR_INVALIDFILE);
}

// ===============================================================================================================
// mmioAscend after mmioDescend
// ===============================================================================================================

TEST_CASE("mmioAscend: after mmioDescend the position is just past the end of the chunk", "[mmioAscend][riff]") {
    Kind kind = GENERATE(Kind::Memory, Kind::Disk, Kind::DiskBuffered, Kind::CustomProc);
    INFO(kind_name(kind));
    Source src(kind, wave_file());
    REQUIRE(src.h != nullptr);

    MMCKINFO riffCk = blank_ck(), fmt = blank_ck();
    REQUIRE(mmioDescend(src.h, &riffCk, nullptr, 0) == MMSYSERR_NOERROR);
    REQUIRE(mmioDescend(src.h, &fmt, &riffCk, 0) == MMSYSERR_NOERROR);
    Bytes part(5);
    REQUIRE(mmioRead(src.h, part.data(), 5) == 5);
    // mmioAscend: "If the chunk was descended into by using mmioDescend, mmioAscend seeks to the location following
    // the end of the chunk (past the extra pad byte, if any)."
    REQUIRE(mmioAscend(src.h, &fmt, 0) == MMSYSERR_NOERROR);
    CHECK(tell(src.h) == kWaveFmtData + 16);
    // ... and out of the enclosing RIFF chunk: past its end.
    REQUIRE(mmioAscend(src.h, &riffCk, 0) == MMSYSERR_NOERROR);
    CHECK(tell(src.h) == kWaveEnd);
}

TEST_CASE("mmioAscend: after mmioDescend into an odd-sized chunk the position is past the pad byte",
          "[mmioAscend][riff]") {
    Kind kind = GENERATE(Kind::Memory, Kind::Disk, Kind::DiskBuffered, Kind::CustomProc);
    INFO(kind_name(kind));
    Source src(kind, wave_file());
    REQUIRE(src.h != nullptr);

    MMCKINFO riffCk = blank_ck(), listCk = blank_ck(), inam = blank_ck();
    riffCk.fccType = fcc("WAVE");
    REQUIRE(mmioDescend(src.h, &riffCk, nullptr, MMIO_FINDRIFF) == MMSYSERR_NOERROR);
    listCk.fccType = fcc("INFO");
    REQUIRE(mmioDescend(src.h, &listCk, &riffCk, MMIO_FINDLIST) == MMSYSERR_NOERROR);
    inam.ckid = fcc("INAM");
    REQUIRE(mmioDescend(src.h, &inam, &listCk, MMIO_FINDCHUNK) == MMSYSERR_NOERROR);
    REQUIRE(inam.cksize == 5);
    // mmioAscend: "mmioAscend seeks to the location following the end of the chunk (past the extra pad byte, if
    // any)."
    REQUIRE(mmioAscend(src.h, &inam, 0) == MMSYSERR_NOERROR);
    CHECK(tell(src.h) == kWaveInamData + 6);
    REQUIRE(mmioAscend(src.h, &listCk, 0) == MMSYSERR_NOERROR);
    CHECK(tell(src.h) == kWaveDataData - 8);
    // The next descend with no flags lands on the 'data' chunk.
    MMCKINFO data = blank_ck();
    REQUIRE(mmioDescend(src.h, &data, &riffCk, 0) == MMSYSERR_NOERROR);
    CHECK(data.ckid == fcc("data"));
    CHECK(data.cksize == 7);
}

TEST_CASE("mmioAscend: ascending out of a descended chunk does not change the file", "[mmioAscend][riff]") {
    WKind wk = GENERATE(WKind::Disk, WKind::DiskBuffered);
    INFO(wkind_name(wk));
    TempFile tf("asc");
    Bytes file = wave_file();
    REQUIRE(tf.write_bytes(file));
    {
        auto b = tf.buf();
        HMMIO h = mmioOpenA(b.data(), nullptr, MMIO_READWRITE | (wk == WKind::DiskBuffered ? MMIO_ALLOCBUF : 0));
        REQUIRE(h != nullptr);
        MMCKINFO riffCk = blank_ck(), data = blank_ck();
        CHECK(mmioDescend(h, &riffCk, nullptr, 0) == MMSYSERR_NOERROR);
        data.ckid = fcc("data");
        CHECK(mmioDescend(h, &data, &riffCk, MMIO_FINDCHUNK) == MMSYSERR_NOERROR);
        CHECK(mmioAscend(h, &data, 0) == MMSYSERR_NOERROR);
        CHECK(mmioAscend(h, &riffCk, 0) == MMSYSERR_NOERROR);
        CHECK(mmioClose(h, 0) == MMSYSERR_NOERROR);
    }
    // mmioAscend only corrects the size of chunks "created and descended into by using mmioCreateChunk" or marked
    // MMIO_DIRTY; a chunk that was only descended into is left as it is.
    CHECK(tf.bytes() == file);
}

// ===============================================================================================================
// mmioCreateChunk and mmioAscend on created chunks
// ===============================================================================================================

TEST_CASE("mmioCreateChunk: writes a chunk header at the current position", "[mmioCreateChunk][riff]") {
    WKind wk = GENERATE(WKind::MemoryExpandable, WKind::Disk, WKind::DiskBuffered);
    INFO(wkind_name(wk));
    Sink s(wk);
    REQUIRE(s.h != nullptr);
    REQUIRE(mmioWrite(s.h, "abcd", 4) == 4);

    MMCKINFO ck = blank_ck();
    ck.ckid = fcc("test");
    ck.cksize = 10;
    // mmioCreateChunk: "The new chunk is created at the current file position. After the new chunk is created, the
    // current file position is the beginning of the data portion of the new chunk."
    REQUIRE(mmioCreateChunk(s.h, &ck, 0) == MMSYSERR_NOERROR);
    CHECK(tell(s.h) == 12);
    // mmioCreateChunk: "The mmioCreateChunk function fills this member with the file offset of the data portion of
    // the chunk."
    CHECK(ck.dwDataOffset == 12);
    // mmioCreateChunk: "The mmioCreateChunk function sets the MMIO_DIRTY flag in dwFlags."
    CHECK((ck.dwFlags & MMIO_DIRTY) != 0);
    CHECK(ck.ckid == fcc("test"));
    REQUIRE(mmioWrite(s.h, "0123456789", 10) == 10);
    REQUIRE(mmioAscend(s.h, &ck, 0) == MMSYSERR_NOERROR);
    CHECK(tell(s.h) == 22);

    Bytes expect = cat({Bytes{'a', 'b', 'c', 'd'}, raw_chunk("test", 10, Bytes{'0', '1', '2', '3', '4', '5', '6',
                                                                                 '7', '8', '9'})});
    Bytes got = s.finish(expect.size());
    INFO("got: " << hex(got));
    CHECK(got == expect);
}

TEST_CASE("mmioCreateChunk: MMIO_CREATERIFF fills ckid and writes the form type", "[mmioCreateChunk][riff]") {
    WKind wk = GENERATE(WKind::MemoryExpandable, WKind::Disk, WKind::DiskBuffered);
    INFO(wkind_name(wk));
    Sink s(wk);
    REQUIRE(s.h != nullptr);

    MMCKINFO ck = blank_ck();
    ck.ckid = fcc("xxxx");
    ck.cksize = 4;
    // Creating a RIFF Chunk: "If you are creating a "RIFF" or "LIST" chunk, you must specify the form type or list
    // type in the fccType member"
    ck.fccType = fcc("RDIB");
    REQUIRE(mmioCreateChunk(s.h, &ck, MMIO_CREATERIFF) == MMSYSERR_NOERROR);
    // mmioCreateChunk: "If wFlags includes MMIO_CREATERIFF or MMIO_CREATELIST, this member will be filled by
    // mmioCreateChunk."
    CHECK(ck.ckid == FOURCC_RIFF);
    // Creating a RIFF Chunk: "If the chunk is a "RIFF" or "LIST" chunk, the file position is set to the location
    // following the form type or list type (12 bytes from the beginning of the chunk)."
    CHECK(tell(s.h) == 12);
    // mmioCreateChunk: "fills this member with the file offset of the data portion of the chunk" (the form type is
    // the first field of the data portion).
    CHECK(ck.dwDataOffset == 8);
    CHECK((ck.dwFlags & MMIO_DIRTY) != 0);
    REQUIRE(mmioAscend(s.h, &ck, 0) == MMSYSERR_NOERROR);
    CHECK(tell(s.h) == 12);

    Bytes got = s.finish(12);
    INFO("got: " << hex(got));
    CHECK(got == parent("RIFF", "RDIB", {}));
}

TEST_CASE("mmioCreateChunk: MMIO_CREATELIST fills ckid and writes the list type", "[mmioCreateChunk][riff]") {
    WKind wk = GENERATE(WKind::MemoryExpandable, WKind::Disk, WKind::DiskBuffered);
    INFO(wkind_name(wk));
    Sink s(wk);
    REQUIRE(s.h != nullptr);
    REQUIRE(mmioWrite(s.h, "12345678", 8) == 8);

    MMCKINFO ck = blank_ck();
    ck.fccType = fcc("INFO");
    REQUIRE(mmioCreateChunk(s.h, &ck, MMIO_CREATELIST) == MMSYSERR_NOERROR);
    CHECK(ck.ckid == FOURCC_LIST);
    CHECK(ck.dwDataOffset == 16);
    CHECK(tell(s.h) == 20);
    CHECK((ck.dwFlags & MMIO_DIRTY) != 0);
    REQUIRE(mmioWrite(s.h, "ab", 2) == 2);
    REQUIRE(mmioAscend(s.h, &ck, 0) == MMSYSERR_NOERROR);

    Bytes got = s.finish(22);
    INFO("got: " << hex(got));
    CHECK(got == cat({Bytes{'1', '2', '3', '4', '5', '6', '7', '8'}, raw_chunk("LIST", 6, Bytes{'I', 'N', 'F', 'O',
                                                                                              'a', 'b'})}));
}

TEST_CASE("mmioAscend: corrects the size of a created chunk whose cksize was wrong", "[mmioAscend][riff]") {
    WKind wk = GENERATE(WKind::MemoryExpandable, WKind::Disk, WKind::DiskBuffered);
    INFO(wkind_name(wk));
    LONG declared = GENERATE(0L, 3L, 100L);
    INFO("declared cksize " << declared);
    Sink s(wk);
    REQUIRE(s.h != nullptr);

    MMCKINFO ck = blank_ck();
    ck.ckid = fcc("abcd");
    ck.cksize = static_cast<DWORD>(declared);
    REQUIRE(mmioCreateChunk(s.h, &ck, 0) == MMSYSERR_NOERROR);
    REQUIRE(mmioWrite(s.h, "hello!", 6) == 6);
    // mmioAscend: "If the chunk size is not the same as the value stored in the cksize member of the MMCKINFO
    // structure when mmioCreateChunk was called, mmioAscend corrects the chunk size in the file before ascending from
    // the chunk."
    REQUIRE(mmioAscend(s.h, &ck, 0) == MMSYSERR_NOERROR);
    // "After ascending from the chunk, the current file position is the location following the end of the chunk"
    CHECK(tell(s.h) == 14);
    Bytes got = s.finish(14);
    INFO("got: " << hex(got));
    REQUIRE(got.size() >= 8);
    CHECK(get32(got, 4) == 6);
    CHECK(got == chunk("abcd", Bytes{'h', 'e', 'l', 'l', 'o', '!'}));
}

TEST_CASE("mmioAscend: stores the corrected size in the caller's MMCKINFO", "[mmioAscend][riff][decision]") {
    WKind wk = GENERATE(WKind::MemoryExpandable, WKind::Disk, WKind::DiskBuffered);
    INFO(wkind_name(wk));
    Sink s(wk);
    REQUIRE(s.h != nullptr);
    MMCKINFO ck = blank_ck();
    ck.ckid = fcc("abcd");
    REQUIRE(mmioCreateChunk(s.h, &ck, 0) == MMSYSERR_NOERROR);
    REQUIRE(mmioWrite(s.h, "hello", 5) == 5);
    REQUIRE(mmioAscend(s.h, &ck, 0) == MMSYSERR_NOERROR);
    // Decision (docs/mmio.md, mmioAscend): the size written to the file is also stored in pmmcki->cksize.
    CHECK(ck.cksize == 5);
}

TEST_CASE("mmioAscend: writes a null pad byte after an odd-sized created chunk", "[mmioAscend][riff]") {
    WKind wk = GENERATE(WKind::MemoryExpandable, WKind::Disk, WKind::DiskBuffered);
    INFO(wkind_name(wk));
    Sink s(wk);
    REQUIRE(s.h != nullptr);
    // Fill the file with 0xFF first, so the pad byte can only be 0 if mmioAscend writes it.
    Bytes ff(32, static_cast<char>(0xff));
    REQUIRE(mmioWrite(s.h, ff.data(), 32) == 32);
    REQUIRE(mmioSeek(s.h, 0, SEEK_SET) == 0);

    MMCKINFO ck = blank_ck();
    ck.ckid = fcc("odd ");
    REQUIRE(mmioCreateChunk(s.h, &ck, 0) == MMSYSERR_NOERROR);
    REQUIRE(mmioWrite(s.h, "12345", 5) == 5);
    // mmioAscend: "If the chunk size is odd, mmioAscend writes a null pad byte at the end of the chunk. After
    // ascending from the chunk, the current file position is the location following the end of the chunk (past the
    // extra pad byte, if any)."
    REQUIRE(mmioAscend(s.h, &ck, 0) == MMSYSERR_NOERROR);
    CHECK(tell(s.h) == 14);
    Bytes got = s.finish(32);
    INFO("got: " << hex(got));
    REQUIRE(got.size() == 32);
    CHECK(get32(got, 4) == 5);
    CHECK(got[13] == 0);
    CHECK(static_cast<unsigned char>(got[14]) == 0xff);
}

TEST_CASE("mmioAscend: MMIO_DIRTY on a descended chunk makes mmioAscend fix its size", "[mmioAscend][riff]") {
    WKind wk = GENERATE(WKind::Disk, WKind::DiskBuffered);
    INFO(wkind_name(wk));
    TempFile tf("dirty");
    REQUIRE(tf.write_bytes(cat({chunk("head", fill(4, 1)), chunk("grow", fill(4, 2))})));
    {
        auto b = tf.buf();
        HMMIO h = mmioOpenA(b.data(), nullptr, MMIO_READWRITE | (wk == WKind::DiskBuffered ? MMIO_ALLOCBUF : 0));
        REQUIRE(h != nullptr);
        MMCKINFO ck = blank_ck();
        ck.ckid = fcc("grow");
        REQUIRE(mmioDescend(h, &ck, nullptr, MMIO_FINDCHUNK) == MMSYSERR_NOERROR);
        REQUIRE(ck.cksize == 4);
        REQUIRE(mmioSeek(h, 4, SEEK_CUR) == 24);
        REQUIRE(mmioWrite(h, "xyzuvw", 6) == 6);
        // mmioAscend: "or if the MMIO_DIRTY flag is set in the dwFlags member of the MMCKINFO structure referenced by
        // lpck, the current file position is assumed to be the end of the data portion of the chunk. If the chunk
        // size is not the same as the value stored in the cksize member ..., mmioAscend corrects the chunk size"
        ck.dwFlags |= MMIO_DIRTY;
        CHECK(mmioAscend(h, &ck, 0) == MMSYSERR_NOERROR);
        CHECK(tell(h) == 30);
        CHECK(mmioClose(h, 0) == MMSYSERR_NOERROR);
    }
    Bytes got = tf.bytes();
    INFO("got: " << hex(got));
    Bytes grown = fill(4, 2);
    append(grown, Bytes{'x', 'y', 'z', 'u', 'v', 'w'});
    CHECK(got == cat({chunk("head", fill(4, 1)), chunk("grow", grown)}));
}

// ===============================================================================================================
// Round trips
// ===============================================================================================================

namespace {

// Writes data as a chunk with mmioCreateChunk / mmioWrite / mmioAscend; the declared size is left at 0 so that
// mmioAscend has to fix it.
void write_chunk(HMMIO h, const char* id, const Bytes& data) {
    MMCKINFO ck = blank_ck();
    ck.ckid = fcc(id);
    REQUIRE(mmioCreateChunk(h, &ck, 0) == MMSYSERR_NOERROR);
    if (!data.empty()) REQUIRE(mmioWrite(h, data.data(), static_cast<LONG>(data.size())) ==
                               static_cast<LONG>(data.size()));
    REQUIRE(mmioAscend(h, &ck, 0) == MMSYSERR_NOERROR);
}

MMCKINFO begin_parent(HMMIO h, const char* type, UINT flag) {
    MMCKINFO ck = blank_ck();
    ck.fccType = fcc(type);
    REQUIRE(mmioCreateChunk(h, &ck, flag) == MMSYSERR_NOERROR);
    return ck;
}

Bytes avi_expected() {
    Bytes movi;
    put_fcc(movi, "movi");
    for (int i = 1; i <= 9; ++i) append(movi, chunk("00dc", fill(static_cast<size_t>(i), 10 + i)));
    Bytes moviList = chunk("LIST", movi);
    Bytes d;
    put_fcc(d, "AVI ");
    append(d, list("hdrl", {chunk("avih", fill(56, 1)), list("strl", {chunk("strh", fill(56, 2)),
                                                                        chunk("strf", fill(40, 3))})}));
    append(d, moviList);
    append(d, chunk("idx1", fill(16 * 9, 4)));
    return chunk("RIFF", d);
}

void write_avi(HMMIO h) {
    MMCKINFO riffCk = begin_parent(h, "AVI ", MMIO_CREATERIFF);
    MMCKINFO hdrl = begin_parent(h, "hdrl", MMIO_CREATELIST);
    write_chunk(h, "avih", fill(56, 1));
    MMCKINFO strl = begin_parent(h, "strl", MMIO_CREATELIST);
    write_chunk(h, "strh", fill(56, 2));
    write_chunk(h, "strf", fill(40, 3));
    REQUIRE(mmioAscend(h, &strl, 0) == MMSYSERR_NOERROR);
    REQUIRE(mmioAscend(h, &hdrl, 0) == MMSYSERR_NOERROR);
    MMCKINFO movi = begin_parent(h, "movi", MMIO_CREATELIST);
    for (int i = 1; i <= 9; ++i) write_chunk(h, "00dc", fill(static_cast<size_t>(i), 10 + i));
    REQUIRE(mmioAscend(h, &movi, 0) == MMSYSERR_NOERROR);
    write_chunk(h, "idx1", fill(16 * 9, 4));
    REQUIRE(mmioAscend(h, &riffCk, 0) == MMSYSERR_NOERROR);
}

void write_wave(HMMIO h) {
    MMCKINFO riffCk = begin_parent(h, "WAVE", MMIO_CREATERIFF);
    write_chunk(h, "fmt ", fill(16, 1));
    MMCKINFO info = begin_parent(h, "INFO", MMIO_CREATELIST);
    write_chunk(h, "INAM", fill(5, 2));
    write_chunk(h, "ICOP", fill(6, 3));
    REQUIRE(mmioAscend(h, &info, 0) == MMSYSERR_NOERROR);
    write_chunk(h, "data", fill(7, 4));
    REQUIRE(mmioAscend(h, &riffCk, 0) == MMSYSERR_NOERROR);
}

}  // namespace

TEST_CASE("mmioCreateChunk: a WAVE tree written with mmioCreateChunk/mmioAscend has the expected bytes",
          "[mmioCreateChunk][mmioAscend][riff]") {
    WKind wk = GENERATE(WKind::MemoryExpandable, WKind::Disk, WKind::DiskBuffered);
    INFO(wkind_name(wk));
    Sink s(wk);
    REQUIRE(s.h != nullptr);
    write_wave(s.h);
    // Resource Interchange File Format Services: "When you ascend out of a chunk, the file position is set to the
    // location following the end of the chunk."
    CHECK(tell(s.h) == kWaveEnd);
    Bytes got = s.finish(static_cast<size_t>(kWaveEnd));
    INFO("got: " << hex(got));
    CHECK(got == wave_file());
}

TEST_CASE("mmioDescend: a written WAVE tree reads back with mmioDescend/mmioAscend", "[mmioDescend][riff]") {
    WKind wk = GENERATE(WKind::MemoryExpandable, WKind::Disk, WKind::DiskBuffered);
    INFO(wkind_name(wk));
    Sink s(wk);
    REQUIRE(s.h != nullptr);
    write_wave(s.h);
    // Read it back through the same handle (Performing File I/O on RIFF Files: descend / read / ascend).
    REQUIRE(mmioSeek(s.h, 0, SEEK_SET) == 0);
    MMCKINFO riffCk = blank_ck(), fmt = blank_ck(), data = blank_ck();
    riffCk.fccType = fcc("WAVE");
    REQUIRE(mmioDescend(s.h, &riffCk, nullptr, MMIO_FINDRIFF) == MMSYSERR_NOERROR);
    CHECK(riffCk.cksize == static_cast<DWORD>(kWaveEnd - 8));
    fmt.ckid = fcc("fmt ");
    REQUIRE(mmioDescend(s.h, &fmt, &riffCk, MMIO_FINDCHUNK) == MMSYSERR_NOERROR);
    Bytes f(16);
    CHECK(mmioRead(s.h, f.data(), 16) == 16);
    CHECK(f == fill(16, 1));
    REQUIRE(mmioAscend(s.h, &fmt, 0) == MMSYSERR_NOERROR);
    data.ckid = fcc("data");
    REQUIRE(mmioDescend(s.h, &data, &riffCk, MMIO_FINDCHUNK) == MMSYSERR_NOERROR);
    CHECK(data.cksize == 7);
    Bytes d(7);
    CHECK(mmioRead(s.h, d.data(), 7) == 7);
    CHECK(d == fill(7, 4));
    REQUIRE(mmioAscend(s.h, &data, 0) == MMSYSERR_NOERROR);
    CHECK(tell(s.h) == kWaveEnd);
}

TEST_CASE("mmioCreateChunk: an AVI-like tree round-trips through a file", "[mmioCreateChunk][mmioDescend][riff]") {
    WKind wk = GENERATE(WKind::MemoryExpandable, WKind::Disk, WKind::DiskBuffered);
    INFO(wkind_name(wk));
    Bytes expect = avi_expected();
    Bytes got;
    {
        Sink s(wk);
        REQUIRE(s.h != nullptr);
        write_avi(s.h);
        CHECK(tell(s.h) == static_cast<LONG>(expect.size()));
        got = s.finish(expect.size());
    }
    INFO("got: " << hex(got));
    CHECK(got == expect);

    // Walk it back: RIFF 'AVI ' -> LIST 'movi' -> every '00dc' with descend (no flags) / read / ascend.
    Kind kind = wk == WKind::MemoryExpandable ? Kind::Memory : (wk == WKind::Disk ? Kind::Disk : Kind::DiskBuffered);
    Source src(kind, expect);
    REQUIRE(src.h != nullptr);
    MMCKINFO riffCk = blank_ck(), movi = blank_ck(), idx = blank_ck();
    riffCk.fccType = fcc("AVI ");
    REQUIRE(mmioDescend(src.h, &riffCk, nullptr, MMIO_FINDRIFF) == MMSYSERR_NOERROR);
    movi.fccType = fcc("movi");
    REQUIRE(mmioDescend(src.h, &movi, &riffCk, MMIO_FINDLIST) == MMSYSERR_NOERROR);
    int frames = 0;
    while (tell(src.h) < static_cast<LONG>(movi.dwDataOffset + movi.cksize) && frames < 20) {
        MMCKINFO fr = blank_ck();
        REQUIRE(mmioDescend(src.h, &fr, &movi, 0) == MMSYSERR_NOERROR);
        ++frames;
        CHECK(fr.ckid == fcc("00dc"));
        CHECK(fr.cksize == static_cast<DWORD>(frames));
        Bytes b(fr.cksize);
        CHECK(mmioRead(src.h, b.data(), static_cast<LONG>(fr.cksize)) == static_cast<LONG>(fr.cksize));
        CHECK(b == fill(fr.cksize, 10 + frames));
        REQUIRE(mmioAscend(src.h, &fr, 0) == MMSYSERR_NOERROR);
    }
    CHECK(frames == 9);
    REQUIRE(mmioAscend(src.h, &movi, 0) == MMSYSERR_NOERROR);
    idx.ckid = fcc("idx1");
    REQUIRE(mmioDescend(src.h, &idx, &riffCk, MMIO_FINDCHUNK) == MMSYSERR_NOERROR);
    CHECK(idx.cksize == 16 * 9);
    // The strl list is found from the start of hdrl with a nested search.
    REQUIRE(mmioSeek(src.h, static_cast<LONG>(riffCk.dwDataOffset + 4), SEEK_SET) == 12);
    MMCKINFO hdrl = blank_ck(), strl = blank_ck(), strf = blank_ck();
    hdrl.fccType = fcc("hdrl");
    REQUIRE(mmioDescend(src.h, &hdrl, &riffCk, MMIO_FINDLIST) == MMSYSERR_NOERROR);
    strl.fccType = fcc("strl");
    REQUIRE(mmioDescend(src.h, &strl, &hdrl, MMIO_FINDLIST) == MMSYSERR_NOERROR);
    strf.ckid = fcc("strf");
    REQUIRE(mmioDescend(src.h, &strf, &strl, MMIO_FINDCHUNK) == MMSYSERR_NOERROR);
    CHECK(strf.cksize == 40);
}

// ===============================================================================================================
// Malformed input: each case runs in a child process with a time limit.
// ===============================================================================================================

namespace {

const char* const kChildDone = "CONFB-CHILD-DONE";

void child_done() {
    std::printf("\n%s\n", kChildDone);
    std::fflush(stdout);
}

void check_child(const char* name) {
    ChildResult r = run_child_test(name, 10000);
    INFO("child test \"" << name << "\" output:\n" << r.output);
    CHECK(r.started);
    CHECK_FALSE(r.timedOut);
    CHECK(r.exitCode == 0);
    CHECK(r.output.find(kChildDone) != std::string::npos);
}

// Searches with every flag on every kind of file and requires an error (never success, never a hang).
void expect_not_found_everywhere(const Bytes& file, const char* what, bool exactCode) {
    for (Kind kind : {Kind::Memory, Kind::Disk, Kind::DiskBuffered, Kind::CustomProc}) {
        INFO(what << " / " << kind_name(kind));
        Source src(kind, file);
        REQUIRE(src.h != nullptr);
        MMCKINFO ck = blank_ck();
        ck.ckid = fcc("none");
        MMRESULT rc = mmioDescend(src.h, &ck, nullptr, MMIO_FINDCHUNK);
        CHECK(rc != MMSYSERR_NOERROR);
        if (exactCode) CHECK(rc == MMIOERR_CHUNKNOTFOUND);
        CHECK(mmioSeek(src.h, 0, SEEK_SET) == 0);
        MMCKINFO r = blank_ck();
        r.fccType = fcc("none");
        rc = mmioDescend(src.h, &r, nullptr, MMIO_FINDRIFF);
        CHECK(rc != MMSYSERR_NOERROR);
        if (exactCode) CHECK(rc == MMIOERR_CHUNKNOTFOUND);
        CHECK(mmioSeek(src.h, 0, SEEK_SET) == 0);
        MMCKINFO l = blank_ck();
        l.fccType = fcc("none");
        rc = mmioDescend(src.h, &l, nullptr, MMIO_FINDLIST);
        CHECK(rc != MMSYSERR_NOERROR);
        if (exactCode) CHECK(rc == MMIOERR_CHUNKNOTFOUND);
        // The handle is still usable afterwards.
        CHECK(mmioSeek(src.h, 0, SEEK_SET) == 0);
    }
}

}  // namespace

TEST_CASE("mmioDescend (child): truncated chunk headers", "[.][child]") {
    // A header cut short after 6 bytes, and a valid chunk followed by half a header.
    Bytes cut = Bytes{'R', 'I', 'F', 'F', 0x10, 0};
    Bytes tail = cat({chunk("fmt ", fill(16, 1)), Bytes{'d', 'a'}});
    // mmioDescend: "MMIOERR_CHUNKNOTFOUND: The end of the file ... was reached before the desired chunk was found."
    expect_not_found_everywhere(cut, "6-byte file", true);
    expect_not_found_everywhere(tail, "chunk + 2 bytes", true);
    for (Kind kind : {Kind::Memory, Kind::Disk, Kind::DiskBuffered, Kind::CustomProc}) {
        INFO(kind_name(kind));
        Source src(kind, cut);
        REQUIRE(src.h != nullptr);
        MMCKINFO ck = blank_ck();
        // Descending with no flags into a header that is not there cannot succeed.
        CHECK(mmioDescend(src.h, &ck, nullptr, 0) != MMSYSERR_NOERROR);
    }
    child_done();
}

TEST_CASE("mmioDescend (child): truncated form type", "[.][child]") {
    for (Kind kind : {Kind::Memory, Kind::Disk, Kind::DiskBuffered, Kind::CustomProc}) {
        INFO(kind_name(kind));
        Source src(kind, Bytes{'R', 'I', 'F', 'F', 8, 0, 0, 0, 'W', 'A'});
        REQUIRE(src.h != nullptr);
        MMCKINFO r = blank_ck();
        // A RIFF header whose form type is cut short: there is no form type to report, so no success.
        CHECK(mmioDescend(src.h, &r, nullptr, 0) != MMSYSERR_NOERROR);
    }
    child_done();
}

TEST_CASE("mmioDescend: a RIFF chunk whose form type is cut short by the end of file is an error",
          "[mmioDescend][riff][malformed][decision]") {
    check_child("mmioDescend (child): truncated form type");
}

TEST_CASE("mmioDescend: truncated chunk headers give an error and never hang", "[mmioDescend][riff][malformed]") {
    check_child("mmioDescend (child): truncated chunk headers");
}

TEST_CASE("mmioDescend (child): chunk sizes past the end of the parent or the file", "[.][child]") {
    // RIFF chunk declaring 1000 bytes with only 'fmt ' present: the search for 'data' ends at end of file.
    Bytes shortRiff = raw_chunk("RIFF", 1000, cat({Bytes{'W', 'A', 'V', 'E'}, chunk("fmt ", fill(16, 1))}));
    // Subchunk 'big ' claims 100 bytes inside a parent that ends after 4 of them; a 'data' chunk sits where 'big '
    // would end. A search bounded by the parent must not find it.
    Bytes inner = cat({Bytes{'W', 'A', 'V', 'E'}, raw_chunk("big ", 100, fill(4, 2))});
    Bytes file = raw_chunk("RIFF", static_cast<DWORD>(inner.size()), inner);  // parent ends at 24
    file.resize(120, 0);
    append(file, chunk("data", fill(4, 3)));
    for (Kind kind : {Kind::Memory, Kind::Disk, Kind::DiskBuffered, Kind::CustomProc}) {
        INFO(kind_name(kind));
        {
            Source src(kind, shortRiff);
            REQUIRE(src.h != nullptr);
            MMCKINFO p = blank_ck(), ck = blank_ck();
            p.fccType = fcc("WAVE");
            REQUIRE(mmioDescend(src.h, &p, nullptr, MMIO_FINDRIFF) == MMSYSERR_NOERROR);
            ck.ckid = fcc("data");
            // mmioDescend: "The end of the file (or the end of the parent chunk, if given) was reached before the
            // desired chunk was found."
            CHECK(mmioDescend(src.h, &ck, &p, MMIO_FINDCHUNK) == MMIOERR_CHUNKNOTFOUND);
        }
        {
            Source src(kind, file);
            REQUIRE(src.h != nullptr);
            MMCKINFO p = blank_ck(), ck = blank_ck();
            p.fccType = fcc("WAVE");
            REQUIRE(mmioDescend(src.h, &p, nullptr, MMIO_FINDRIFF) == MMSYSERR_NOERROR);
            REQUIRE(p.cksize == inner.size());
            ck.ckid = fcc("data");
            // mmioDescend: "the search begins at the current file position and continues to the end of the parent
            // chunk."
            CHECK(mmioDescend(src.h, &ck, &p, MMIO_FINDCHUNK) == MMIOERR_CHUNKNOTFOUND);
        }
    }
    child_done();
}

TEST_CASE("mmioDescend: chunk sizes past the end of the parent or the file end the search",
          "[mmioDescend][riff][malformed]") {
    check_child("mmioDescend (child): chunk sizes past the end of the parent or the file");
}

TEST_CASE("mmioDescend (child): runs of zero-size chunks", "[.][child]") {
    Bytes zeros;
    for (int i = 0; i < 3000; ++i) append(zeros, raw_chunk("zero", 0));
    Bytes withData = zeros;
    append(withData, chunk("data", fill(4, 1)));
    Bytes allZero(4096, 0);  // ckid 0, size 0, repeated
    for (Kind kind : {Kind::Memory, Kind::Disk, Kind::DiskBuffered, Kind::CustomProc}) {
        INFO(kind_name(kind));
        {
            Source src(kind, withData);
            REQUIRE(src.h != nullptr);
            MMCKINFO ck = blank_ck();
            ck.ckid = fcc("data");
            REQUIRE(mmioDescend(src.h, &ck, nullptr, MMIO_FINDCHUNK) == MMSYSERR_NOERROR);
            CHECK(ck.dwDataOffset == zeros.size() + 8);
            CHECK(ck.cksize == 4);
        }
    }
    // mmioDescend: "The end of the file ... was reached before the desired chunk was found."
    expect_not_found_everywhere(zeros, "3000 zero-size chunks", true);
    expect_not_found_everywhere(allZero, "4096 zero bytes", true);
    child_done();
}

TEST_CASE("mmioDescend: runs of zero-size chunks are searched to the end without hanging",
          "[mmioDescend][riff][malformed]") {
    check_child("mmioDescend (child): runs of zero-size chunks");
}

TEST_CASE("mmioDescend (child): chunk sizes that overflow the file offset", "[.][child]") {
    // 8 + 0xFFFFFFF8 wraps a 32-bit offset back to 0; 0xFFFFFFFF rounds up to 0 with the pad byte;
    // 0x80000000 goes past LONG. Each search must end with an error.
    expect_not_found_everywhere(raw_chunk("wrap", 0xFFFFFFF8u, fill(8, 1)), "size 0xFFFFFFF8", false);
    expect_not_found_everywhere(raw_chunk("huge", 0xFFFFFFFFu, fill(8, 1)), "size 0xFFFFFFFF", false);
    expect_not_found_everywhere(raw_chunk("half", 0x80000000u, fill(8, 1)), "size 0x80000000", false);
    expect_not_found_everywhere(cat({chunk("fmt ", fill(4, 1)), raw_chunk("wrap", 0xFFFFFFE8u, fill(8, 2))}),
                                "size wrapping to the previous chunk", false);
    // The same inside a parent chunk.
    for (Kind kind : {Kind::Memory, Kind::Disk, Kind::DiskBuffered, Kind::CustomProc}) {
        INFO(kind_name(kind));
        Bytes inner = cat({Bytes{'W', 'A', 'V', 'E'}, raw_chunk("wrap", 0xFFFFFFF0u, fill(8, 3))});
        Source src(kind, raw_chunk("RIFF", 0xFFFFFFF0u, inner));
        REQUIRE(src.h != nullptr);
        MMCKINFO p = blank_ck(), ck = blank_ck();
        p.fccType = fcc("WAVE");
        REQUIRE(mmioDescend(src.h, &p, nullptr, MMIO_FINDRIFF) == MMSYSERR_NOERROR);
        ck.ckid = fcc("data");
        CHECK(mmioDescend(src.h, &ck, &p, MMIO_FINDCHUNK) != MMSYSERR_NOERROR);
        CHECK(mmioSeek(src.h, 0, SEEK_SET) == 0);
    }
    child_done();
}

TEST_CASE("mmioDescend: chunk sizes that overflow the file offset give an error and never hang",
          "[mmioDescend][riff][malformed]") {
    check_child("mmioDescend (child): chunk sizes that overflow the file offset");
}
