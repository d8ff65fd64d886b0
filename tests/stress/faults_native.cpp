// Fault injection, exhaustively: for each scenario, a clean run counts the messages its I/O procedure gets
// (N); then the scenario runs again once for every k in 1..N and every fault kind, with the k-th message
// misbehaving once: failing (-1, or an error code for MMIOM_OPEN / MMIOM_CLOSE), or for MMIOM_READ / MMIOM_WRITE
// / MMIOM_WRITEFLUSH doing only part of the work (a short count). The application in each scenario is a careful
// one: it checks every result and retries what failed (re-seeking to where it was when needed). For every run:
//   - no crash, no leak (ASan/LSan), no undefined behaviour (UBSan);
//   - a write-side fault is reported: some call returned an error, -1 or a short count (a read-side fault may
//     also be absorbed: a short fill is taken as "no more for now" and the next read asks again, and an error
//     after some bytes were delivered returns that short count; either way the reader gets every byte);
//   - nothing is lost or duplicated: after the retries (the fault is one-shot) the procedure's disk holds
//     exactly the intended bytes (docs/mmio.md: a failed or short write keeps the unwritten bytes buffered and
//     a later mmioFlush writes them), and a reader gets exactly the file's bytes;
//   - the handle is invalid after mmioClose, whatever mmioClose returned.
// Scenarios: write/seek/flush/mmioSetBuffer/close; RIFF writing with mmioCreateChunk/mmioAscend (nested LIST,
// odd sizes, pad bytes); direct buffer access writing with mmioAdvance(MMIO_WRITE); reading with
// mmioAdvance(MMIO_READ); reading with mmioRead; each with several buffer sizes (unbuffered, smaller and larger
// than the pieces written).
#include <catch.hpp>

#include <algorithm>
#include <cstring>
#include <functional>
#include <string>
#include <vector>

#include "winmm_ng/mmio_abi.h"

namespace {

enum Kind { kFail, kShort };

struct FDisk {
    std::string data;
    int calls = 0;
    int fault_at = -1;  // 1-based message number that misbehaves
    Kind kind = kFail;
    bool fired = false;
    std::vector<UINT> msgs;  // message sequence (to know which messages can be short)
};
FDisk* g_fd = nullptr;

LRESULT CALLBACK fault_proc(LPSTR lpmmioinfo, UINT msg, LPARAM p1, LPARAM p2) {
    MMIOINFO* mi = reinterpret_cast<MMIOINFO*>(lpmmioinfo);
    FDisk& d = *g_fd;
    ++d.calls;
    d.msgs.push_back(msg);
    const bool hit = d.calls == d.fault_at;
    const bool fail = hit && d.kind == kFail;
    switch (msg) {
    case MMIOM_OPEN:
        if (fail) {
            d.fired = true;
            return MMIOERR_CANNOTOPEN;
        }
        if (mi->dwFlags & MMIO_CREATE) d.data.clear();
        mi->lDiskOffset = 0;
        return 0;
    case MMIOM_CLOSE:
        if (fail) {
            d.fired = true;
            return MMIOERR_CANNOTCLOSE;
        }
        return 0;
    case MMIOM_READ: {
        if (fail) {
            d.fired = true;
            return -1;
        }
        long off = mi->lDiskOffset;
        long n = std::max<long>(0, std::min<long>(static_cast<long>(p2), static_cast<long>(d.data.size()) - off));
        if (hit && n >= 2) {
            n = (n + 1) / 2;
            d.fired = true;
        }
        if (n > 0) std::memcpy(reinterpret_cast<char*>(p1), d.data.data() + off, static_cast<size_t>(n));
        mi->lDiskOffset += n;
        return n;
    }
    case MMIOM_WRITE:
    case MMIOM_WRITEFLUSH: {
        if (fail) {
            d.fired = true;
            return -1;
        }
        long off = mi->lDiskOffset;
        long n = static_cast<long>(p2);
        if (hit && n >= 2) {
            n = (n + 1) / 2;
            d.fired = true;
        }
        if (d.data.size() < static_cast<size_t>(off + n)) d.data.resize(static_cast<size_t>(off + n), '\0');
        if (n > 0) d.data.replace(static_cast<size_t>(off), static_cast<size_t>(n), reinterpret_cast<const char*>(p1), static_cast<size_t>(n));
        mi->lDiskOffset += n;
        return n;
    }
    case MMIOM_SEEK: {
        if (fail) {
            d.fired = true;
            return -1;
        }
        long base = p2 == SEEK_SET ? 0 : p2 == SEEK_CUR ? mi->lDiskOffset : static_cast<long>(d.data.size());
        if (base + p1 < 0) return -1;
        mi->lDiskOffset = static_cast<LONG>(base + p1);
        return mi->lDiskOffset;
    }
    default:
        return 0;
    }
}

// The careful application: every call checked, failures counted and retried a bounded number of times.
struct App {
    HMMIO h = nullptr;
    int reported = 0;  // calls that returned an error, -1 or a short count
    bool gave_up = false;
    std::string why;
    static constexpr int kRetries = 8;

    void give_up(const std::string& w) {
        if (!gave_up) why = w;
        gave_up = true;
    }
    bool open(LONG bufsize, DWORD flags) {
        for (int i = 0; i < kRetries; ++i) {
            MMIOINFO mi;
            std::memset(&mi, 0, sizeof mi);
            mi.pIOProc = fault_proc;
            if (bufsize > 0) {
                flags |= MMIO_ALLOCBUF;
                mi.cchBuffer = bufsize;
            }
            char name[] = "fault.bin";
            h = mmioOpenA(name, &mi, flags);
            if (h) return true;
            ++reported;
            if (mi.wErrorRet == 0) give_up("open failed with wErrorRet 0");
        }
        give_up("open");
        return false;
    }
    void write_all(const char* p, LONG n) {
        for (int i = 0; i < kRetries && n > 0; ++i) {
            LONG r = mmioWrite(h, p, n);
            if (r == n) return;
            ++reported;
            if (r > 0) {
                p += r;
                n -= r;
            }
        }
        if (n > 0) give_up("write");
    }
    void seek_to(LONG off, int origin, LONG expect) {
        for (int i = 0; i < kRetries; ++i) {
            LONG r = mmioSeek(h, off, origin);
            if (r == expect) return;
            if (r != -1) {
                give_up("seek returned " + std::to_string(r) + ", expected " + std::to_string(expect));
                return;
            }
            ++reported;
        }
        give_up("seek");
    }
    void flush_all() {
        for (int i = 0; i < kRetries; ++i) {
            MMRESULT rc = mmioFlush(h, 0);
            if (rc == 0) return;
            ++reported;
            if (rc != MMIOERR_CANNOTWRITE) give_up("flush returned " + std::to_string(rc));
        }
        give_up("flush");
    }
    void set_buffer(LONG size) {
        for (int i = 0; i < kRetries; ++i) {
            MMRESULT rc = mmioSetBuffer(h, nullptr, size, 0);
            if (rc == 0) return;
            ++reported;
        }
        give_up("setbuffer");
    }
    void close() {
        MMRESULT rc = mmioClose(h, 0);
        if (rc != 0) ++reported;
        if (mmioClose(h, 0) != MMSYSERR_INVALHANDLE) give_up("handle still valid after close");
        h = nullptr;
    }
};

std::string pattern(size_t n, unsigned seed) {
    std::string s(n, '\0');
    for (size_t i = 0; i < n; ++i) s[i] = static_cast<char>('A' + (i * 7 + seed) % 26);
    return s;
}

// ---- scenarios: each returns the bytes the file must end up with (or, for readers, checks what it read) ----
using Scenario = std::function<void(App&, std::string& expect)>;

// write / seek / flush / set buffer / close
Scenario write_scenario(LONG bufsize) {
    return [bufsize](App& a, std::string& expect) {
        if (!a.open(bufsize, MMIO_READWRITE | MMIO_CREATE)) return;
        std::string m;  // the model of the file
        auto put = [&](LONG at, const std::string& s) {
            if (m.size() < at + s.size()) m.resize(at + s.size(), '\0');
            m.replace(static_cast<size_t>(at), s.size(), s);
        };
        std::string s1 = pattern(37, 1), s2 = pattern(5, 2), s3 = pattern(100, 3), s4 = pattern(20, 4), s5 = pattern(33, 5);
        a.write_all(s1.data(), 37);
        put(0, s1);
        a.write_all(s2.data(), 5);
        put(37, s2);
        a.write_all(s3.data(), 100);
        put(42, s3);
        a.seek_to(10, SEEK_SET, 10);
        a.write_all(s4.data(), 20);
        put(10, s4);
        a.set_buffer(bufsize ? 0 : 24);  // buffered -> unbuffered and back
        a.seek_to(0, SEEK_END, 142);
        a.write_all(s5.data(), 33);
        put(142, s5);
        a.set_buffer(bufsize ? bufsize : 0);
        a.seek_to(-3, SEEK_CUR, 172);
        a.write_all("xyz", 3);
        put(172, "xyz");
        // Read a little (a buffered read leaves the procedure's position after the buffer), then go unbuffered
        // there: the engine must re-seek the procedure to the file position, and keep that position.
        a.set_buffer(bufsize ? bufsize : 16);
        a.seek_to(3, SEEK_SET, 3);
        char four[4];
        for (int i = 0; i < App::kRetries; ++i) {
            LONG r = mmioRead(a.h, four, 4);
            if (r == 4) break;
            ++a.reported;
            if (r > 0) a.give_up("short read");
        }
        if (std::memcmp(four, m.data() + 3, 4) != 0) a.give_up("read back");
        a.set_buffer(0);
        a.write_all("QQ", 2);  // at 7
        put(7, "QQ");
        a.flush_all();
        a.close();
        expect = m;
    };
}

// RIFF writing: RIFF(WAVE){ fmt (16), LIST(INFO){ INAM (5, padded) }, data (33, padded) }
Scenario riff_scenario(LONG bufsize) {
    return [bufsize](App& a, std::string& expect) {
        if (!a.open(bufsize, MMIO_READWRITE | MMIO_CREATE)) return;
        LONG pos = 0;  // the application's idea of the position
        auto create = [&](MMCKINFO& ck, UINT flags) {
            const LONG start = pos;
            const MMCKINFO orig = ck;
            for (int i = 0; i < App::kRetries; ++i) {
                ck = orig;
                if (mmioCreateChunk(a.h, &ck, flags) == 0) {
                    pos = start + (flags ? 12 : 8);
                    return;
                }
                ++a.reported;
                a.seek_to(start, SEEK_SET, start);
            }
            a.give_up("create chunk");
        };
        auto data = [&](const std::string& s) {
            a.write_all(s.data(), static_cast<LONG>(s.size()));
            pos += static_cast<LONG>(s.size());
        };
        auto ascend = [&](MMCKINFO& ck) {
            const LONG end = pos;
            for (int i = 0; i < App::kRetries; ++i) {
                if (mmioAscend(a.h, &ck, 0) == 0) {
                    pos = end + ((end - static_cast<LONG>(ck.dwDataOffset)) & 1);
                    return;
                }
                ++a.reported;
                a.seek_to(end, SEEK_SET, end);  // back to the end of the data, then again
            }
            a.give_up("ascend");
        };
        MMCKINFO riff{}, fmt{}, list{}, inam{}, dat{};
        riff.fccType = mmioFOURCC('W', 'A', 'V', 'E');
        create(riff, MMIO_CREATERIFF);
        fmt.ckid = mmioFOURCC('f', 'm', 't', ' ');
        create(fmt, 0);
        data(pattern(16, 7));
        ascend(fmt);
        list.fccType = mmioFOURCC('I', 'N', 'F', 'O');
        create(list, MMIO_CREATELIST);
        inam.ckid = mmioFOURCC('I', 'N', 'A', 'M');
        create(inam, 0);
        data("name!");
        ascend(inam);
        ascend(list);
        dat.ckid = mmioFOURCC('d', 'a', 't', 'a');
        create(dat, 0);
        data(pattern(33, 9));
        ascend(dat);
        ascend(riff);
        a.flush_all();
        a.close();
        // The same file, built by hand.
        auto le = [](uint32_t v) {
            std::string s(4, '\0');
            for (int i = 0; i < 4; ++i) s[i] = static_cast<char>(v >> (8 * i));
            return s;
        };
        std::string inam_ck = "INAM" + le(5) + "name!" + std::string(1, '\0');
        std::string list_ck = "LIST" + le(static_cast<uint32_t>(4 + inam_ck.size())) + "INFO" + inam_ck;
        std::string body = "WAVE" + ("fmt " + le(16) + pattern(16, 7)) + list_ck + ("data" + le(33) + pattern(33, 9) + '\0');
        expect = "RIFF" + le(static_cast<uint32_t>(body.size())) + body;
    };
}

// Direct buffer access writing: fill the buffer byte by byte, mmioAdvance(MMIO_WRITE) when it is full.
Scenario direct_write_scenario(LONG bufsize) {
    return [bufsize](App& a, std::string& expect) {
        if (!a.open(bufsize, MMIO_WRITE | MMIO_CREATE)) return;
        const std::string want = pattern(200, 11);
        MMIOINFO mi;
        if (mmioGetInfo(a.h, &mi, 0) != 0) a.give_up("getinfo");
        for (size_t i = 0; i < want.size() && !a.gave_up; ++i) {
            if (mi.pchNext == mi.pchEndWrite) {
                mi.dwFlags |= MMIO_DIRTY;
                int tries = 0;
                while (mmioAdvance(a.h, &mi, MMIO_WRITE) != 0) {  // the data stays buffered: just try again
                    ++a.reported;
                    if (++tries == App::kRetries) {
                        a.give_up("advance write");
                        break;
                    }
                    mi.dwFlags |= MMIO_DIRTY;
                }
            }
            *mi.pchNext++ = want[i];
        }
        mi.dwFlags |= MMIO_DIRTY;
        if (mmioSetInfo(a.h, &mi, 0) != 0) a.give_up("setinfo");
        a.flush_all();
        a.close();
        expect = want;
    };
}

// Direct buffer access reading: mmioAdvance(MMIO_READ) whenever the buffer is used up; pchNext == pchEndRead
// after a successful advance is the end of the file.
Scenario direct_read_scenario(LONG bufsize) {
    return [bufsize](App& a, std::string& expect) {
        const std::string file = pattern(300, 13);
        g_fd->data = file;
        if (!a.open(bufsize, MMIO_READ)) return;
        MMIOINFO mi;
        if (mmioGetInfo(a.h, &mi, 0) != 0) a.give_up("getinfo");
        std::string got;
        for (int guard = 0; guard < 10000 && !a.gave_up; ++guard) {
            if (mi.pchNext == mi.pchEndRead) {
                int tries = 0;
                while (mmioAdvance(a.h, &mi, MMIO_READ) != 0) {
                    ++a.reported;
                    if (++tries == App::kRetries) {
                        a.give_up("advance read");
                        break;
                    }
                }
                if (mi.pchNext == mi.pchEndRead) break;  // end of file
                if (mi.pchEndRead - mi.pchNext < std::min<long>(mi.cchBuffer, static_cast<long>(file.size() - got.size())))
                    ++a.reported;  // a short fill
            }
            got.push_back(*mi.pchNext++);
        }
        if (mmioSetInfo(a.h, &mi, 0) != 0) a.give_up("setinfo");
        a.close();
        if (got != file) a.give_up("read " + std::to_string(got.size()) + " bytes, not the file's " + std::to_string(file.size()));
        expect = file;
    };
}

// mmioRead in pieces of `piece` bytes until it returns 0.
Scenario read_scenario(LONG bufsize, LONG piece) {
    return [bufsize, piece](App& a, std::string& expect) {
        const std::string file = pattern(300, 17);
        g_fd->data = file;
        if (!a.open(bufsize, MMIO_READ)) return;
        std::string got;
        std::vector<char> buf(static_cast<size_t>(piece));
        for (int guard = 0; guard < 10000; ++guard) {
            LONG r = mmioRead(a.h, buf.data(), piece);
            if (r == 0) break;
            if (r < 0) {
                ++a.reported;
                continue;
            }
            if (r < piece && got.size() + static_cast<size_t>(r) < file.size()) ++a.reported;  // short, not the end
            got.append(buf.data(), static_cast<size_t>(r));
        }
        a.close();
        if (got != file) a.give_up("read " + std::to_string(got.size()) + " bytes, not the file's " + std::to_string(file.size()));
        expect = file;
    };
}

struct Totals {
    long runs = 0;
    long fired = 0;
};

// Runs `sc` clean, then with a fault at every message k and of every kind; checks the invariants.
void exhaust(const std::string& name, const Scenario& sc, Totals& tot, bool must_report = true) {
    FDisk clean;
    g_fd = &clean;
    App a0;
    std::string expect0;
    sc(a0, expect0);
    INFO(name << " (clean run)");
    REQUIRE_FALSE(a0.gave_up);
    REQUIRE(a0.reported == 0);
    REQUIRE(clean.data == expect0);
    const int n = clean.calls;
    REQUIRE(n > 0);
    for (int k = 1; k <= n; ++k) {
        for (Kind kind : {kFail, kShort}) {
            UINT m = clean.msgs[static_cast<size_t>(k - 1)];
            if (kind == kShort && m != MMIOM_READ && m != MMIOM_WRITE && m != MMIOM_WRITEFLUSH) continue;
            FDisk d;
            d.fault_at = k;
            d.kind = kind;
            g_fd = &d;
            App a;
            std::string expect;
            sc(a, expect);
            ++tot.runs;
            tot.fired += d.fired;
            INFO(name << ": " << (kind == kFail ? "failure" : "short count") << " at message " << k << " of " << n
                      << " (message " << m << ")");
            INFO(a.why);
            CHECK_FALSE(a.gave_up);
            // A short MMIOM_READ is absorbed (the engine reads again when it needs more): nothing to report.
            if (d.fired && must_report && !(kind == kShort && m == MMIOM_READ)) CHECK(a.reported > 0);
            if (!a.gave_up) CHECK(d.data == expect);
        }
    }
    g_fd = nullptr;
}

}  // namespace

TEST_CASE("fault injection: write, seek, flush, set buffer, close", "[faults]") {
    Totals t;
    for (LONG b : {0, 16, 64, 8192}) exhaust("write, buffer " + std::to_string(b), write_scenario(b), t);
    WARN("write scenarios: " << t.runs << " faulted runs, " << t.fired << " faults fired");
}

TEST_CASE("fault injection: RIFF writing with mmioCreateChunk / mmioAscend", "[faults][riff]") {
    Totals t;
    for (LONG b : {0, 8, 16, 30, 64}) exhaust("riff, buffer " + std::to_string(b), riff_scenario(b), t);
    WARN("RIFF scenarios: " << t.runs << " faulted runs, " << t.fired << " faults fired");
}

TEST_CASE("fault injection: direct buffer access with mmioAdvance", "[faults][direct]") {
    Totals t;
    for (LONG b : {16, 50, 64}) {
        exhaust("direct write, buffer " + std::to_string(b), direct_write_scenario(b), t);
        exhaust("direct read, buffer " + std::to_string(b), direct_read_scenario(b), t, false);
    }
    WARN("direct access scenarios: " << t.runs << " faulted runs, " << t.fired << " faults fired");
}

TEST_CASE("fault injection: reading with mmioRead", "[faults][read]") {
    Totals t;
    for (LONG b : {0, 16, 64}) {
        for (LONG piece : {7, 50, 200}) exhaust("read, buffer " + std::to_string(b) + ", pieces of " + std::to_string(piece), read_scenario(b, piece), t, false);
    }
    WARN("read scenarios: " << t.runs << " faulted runs, " << t.fired << " faults fired");
}
