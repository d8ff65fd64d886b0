// mmio under threads: bounded stress tests for ThreadSanitizer (native, -Db_sanitize=thread) and for the PE
// build under Wine (the same source, public API only).
//   - threads on their own files: memory files and files behind an I/O procedure, write/read back/seek/
//     direct access/mmioSetBuffer/close, every byte checked;
//   - threads installing and removing their own I/O procedures (local and MMIO_GLOBALPROC, A and W), opening
//     files through them, while others look them up;
//   - one shared handle hammered by several threads with seek+read/write, mmioSetBuffer and mmioFlush (every
//     byte read must be one the file can contain), and a second one also with mmioGetInfo/mmioSetInfo/
//     mmioAdvance (memory safety only: direct access on a shared handle is not coherent by nature);
//   - handles closed while other threads use them: those calls return -1 / MMSYSERR_INVALHANDLE, never crash.
// Catch2 assertions are not thread-safe, so worker threads count failures and the test thread checks them.
// Each case runs for WNG_STRESS_MS milliseconds (default 700).
#ifdef _WIN32
#include <windows.h>
#include <mmsystem.h>
#else
#include "winmm_ng/mmio_abi.h"
#endif

#include <catch.hpp>

#include <atomic>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

namespace {

constexpr int kThreads = 4;

std::chrono::milliseconds run_time() {
    const char* e = std::getenv("WNG_STRESS_MS");
    long ms = e ? std::atol(e) : 700;
    return std::chrono::milliseconds(ms > 0 ? ms : 700);
}

// Failures seen by worker threads: counted, the first few described.
struct Failures {
    std::atomic<long> count{0};
    std::mutex mtx;
    std::vector<std::string> first;
    void add(const char* file, int line, const char* what) {
        if (count.fetch_add(1) < 5) {
            std::lock_guard<std::mutex> g(mtx);
            first.push_back(std::string(file) + ":" + std::to_string(line) + ": " + what);
        }
    }
    void report() {
        for (const std::string& s : first) UNSCOPED_INFO(s);
        CHECK(count.load() == 0);
    }
};

#define EXPECT(f, cond)                                       \
    do {                                                      \
        if (!(cond)) (f).add(__FILE__, __LINE__, #cond);      \
    } while (0)

// ---- an in-memory disk behind I/O procedures; a file finds its disk through adwInfo[0] ----
struct SDisk {
    std::vector<char> data;
    std::atomic<long> messages{0};
};
constexpr int kDisks = 64;
SDisk g_disk[kDisks];

LRESULT disk_proc(LPSTR lpmmioinfo, UINT msg, LPARAM p1, LPARAM p2) {
    MMIOINFO* mi = reinterpret_cast<MMIOINFO*>(lpmmioinfo);
    if (mi->adwInfo[0] >= static_cast<DWORD>(kDisks)) return msg == MMIOM_OPEN ? MMIOERR_CANNOTOPEN : -1;
    SDisk& d = g_disk[mi->adwInfo[0]];
    d.messages.fetch_add(1, std::memory_order_relaxed);
    switch (msg) {
    case MMIOM_OPEN:
        if (mi->dwFlags & MMIO_CREATE) d.data.clear();
        mi->lDiskOffset = 0;
        return 0;
    case MMIOM_CLOSE:
        return 0;
    case MMIOM_READ: {
        long off = mi->lDiskOffset;
        long avail = off < static_cast<long>(d.data.size()) ? static_cast<long>(d.data.size()) - off : 0;
        long n = static_cast<long>(p2) < avail ? static_cast<long>(p2) : avail;
        if (n > 0) std::memcpy(reinterpret_cast<char*>(p1), d.data.data() + off, static_cast<size_t>(n));
        mi->lDiskOffset = off + n;
        return n;
    }
    case MMIOM_WRITE:
    case MMIOM_WRITEFLUSH: {
        long off = mi->lDiskOffset;
        long n = static_cast<long>(p2);
        if (n < 0 || off + n > (1 << 24)) return -1;
        if (static_cast<long>(d.data.size()) < off + n) d.data.resize(static_cast<size_t>(off + n), 0);
        if (n > 0) std::memcpy(d.data.data() + off, reinterpret_cast<const char*>(p1), static_cast<size_t>(n));
        mi->lDiskOffset = off + n;
        return n;
    }
    case MMIOM_SEEK: {
        long base = p2 == SEEK_SET ? 0 : p2 == SEEK_CUR ? mi->lDiskOffset : static_cast<long>(d.data.size());
        long t = base + static_cast<long>(p1);
        if (t < 0) return -1;
        mi->lDiskOffset = t;
        return t;
    }
    default:
        return 0;
    }
}

// One distinct procedure per thread (the registry counts uses per procedure).
template <int N>
LRESULT CALLBACK tproc(LPSTR i, UINT m, LPARAM a, LPARAM b) {
    return disk_proc(i, m, a, b);
}
LPMMIOPROC const kProc[kThreads + 2] = {tproc<0>, tproc<1>, tproc<2>, tproc<3>, tproc<4>, tproc<5>};

unsigned char pat(unsigned seed, unsigned i) { return static_cast<unsigned char>((i * 131u + seed * 7u) >> 2); }

HMMIO open_disk(int disk, LPMMIOPROC proc, DWORD flags, LONG bufsize, FOURCC fcc = 0) {
    MMIOINFO mi;
    std::memset(&mi, 0, sizeof mi);
    mi.pIOProc = fcc ? nullptr : proc;
    mi.fccIOProc = fcc;
    mi.adwInfo[0] = static_cast<DWORD>(disk);
    if (bufsize > 0) {
        flags |= MMIO_ALLOCBUF;
        mi.cchBuffer = bufsize == MMIO_DEFAULTBUFFER ? 0 : bufsize;
    }
    char name[] = "stress.bin";
    return mmioOpenA(name, &mi, flags);
}

HMMIO open_mem(char* block, LONG size, DWORD grow, DWORD flags) {
    MMIOINFO mi;
    std::memset(&mi, 0, sizeof mi);
    mi.fccIOProc = FOURCC_MEM;
    mi.pchBuffer = block;
    mi.cchBuffer = size;
    mi.adwInfo[0] = grow;
    return mmioOpenA(nullptr, &mi, flags);
}

// Writes a pattern in uneven pieces, reads it back in other pieces, rewrites a middle part, checks with
// direct buffer access, changes the buffer; returns the expected file contents.
void exercise(Failures& f, HMMIO h, unsigned seed, bool can_setbuffer, std::vector<char>& expect) {
    const int n = 3000;
    expect.assign(n, 0);
    for (int i = 0; i < n; ++i) expect[i] = static_cast<char>(pat(seed, i));
    for (int at = 0; at < n;) {
        int k = 1 + (at * 7 + static_cast<int>(seed)) % 97;
        if (at + k > n) k = n - at;
        EXPECT(f, mmioWrite(h, &expect[at], k) == k);
        at += k;
    }
    EXPECT(f, mmioSeek(h, 0, SEEK_SET) == 0);
    std::vector<char> back(n);
    for (int at = 0; at < n;) {
        int k = 1 + (at * 5 + static_cast<int>(seed)) % 211;
        if (at + k > n) k = n - at;
        EXPECT(f, mmioRead(h, &back[at], k) == k);
        at += k;
    }
    EXPECT(f, back == expect);
    EXPECT(f, mmioSeek(h, 1000, SEEK_SET) == 1000);
    for (int i = 0; i < 50; ++i) expect[1000 + i] = static_cast<char>(~expect[1000 + i]);
    EXPECT(f, mmioWrite(h, &expect[1000], 50) == 50);
    if (can_setbuffer) EXPECT(f, mmioSetBuffer(h, nullptr, 100 + static_cast<LONG>(seed % 300), 0) == 0);
    EXPECT(f, mmioSeek(h, 990, SEEK_SET) == 990);
    MMIOINFO mi;
    EXPECT(f, mmioGetInfo(h, &mi, 0) == 0);
    if (mi.pchBuffer) {
        if (mi.pchNext == mi.pchEndRead) EXPECT(f, mmioAdvance(h, &mi, MMIO_READ) == 0);
        long avail = static_cast<long>(mi.pchEndRead - mi.pchNext);
        EXPECT(f, avail > 0);
        for (long i = 0; i < avail && 990 + i < n; ++i) EXPECT(f, mi.pchNext[i] == expect[static_cast<size_t>(990 + i)]);
        mi.pchNext += avail > 20 ? 20 : avail;
        EXPECT(f, mmioSetInfo(h, &mi, 0) == 0);
    }
    EXPECT(f, mmioFlush(h, 0) == 0);
}

}  // namespace

TEST_CASE("threads on their own files (memory and I/O procedure)", "[stress]") {
    Failures f;
    std::atomic<long> iterations{0};
    const auto until = std::chrono::steady_clock::now() + run_time();
    std::vector<std::thread> ts;
    for (int t = 0; t < kThreads; ++t) {
        ts.emplace_back([&, t] {
            for (unsigned it = 0; std::chrono::steady_clock::now() < until; ++it) {
                unsigned seed = static_cast<unsigned>(t) * 1000 + it;
                std::vector<char> expect;
                int kind = static_cast<int>(it % 4);
                if (kind == 0) {  // expandable internal memory file
                    HMMIO h = open_mem(nullptr, 16, 256, MMIO_READWRITE | MMIO_CREATE);
                    EXPECT(f, h != nullptr);
                    if (!h) continue;
                    exercise(f, h, seed, false, expect);
                    EXPECT(f, mmioClose(h, 0) == 0);
                } else if (kind == 1) {  // fixed caller block
                    std::vector<char> block(4096, 0);
                    HMMIO h = open_mem(block.data(), 4096, 0, MMIO_READWRITE | MMIO_CREATE);
                    EXPECT(f, h != nullptr);
                    if (!h) continue;
                    exercise(f, h, seed, false, expect);
                    EXPECT(f, mmioClose(h, 0) == 0);
                    EXPECT(f, std::memcmp(block.data(), expect.data(), expect.size()) == 0);
                } else {  // a file behind this thread's procedure, on its own disk
                    static const LONG sizes[] = {0, 16, 1024, MMIO_DEFAULTBUFFER};
                    HMMIO h = open_disk(t, kProc[t], MMIO_READWRITE | MMIO_CREATE, sizes[(it / 4) % 4]);
                    EXPECT(f, h != nullptr);
                    if (!h) continue;
                    exercise(f, h, seed, true, expect);
                    EXPECT(f, mmioClose(h, 0) == 0);
                    EXPECT(f, g_disk[t].data == expect);
                }
                iterations.fetch_add(1);
            }
        });
    }
    for (auto& th : ts) th.join();
    f.report();
    CHECK(iterations.load() >= kThreads);
    WARN("own files: " << iterations.load() << " open/exercise/close cycles");
}

TEST_CASE("threads install, use and remove their own I/O procedures", "[stress][ioproc]") {
    Failures f;
    std::atomic<long> iterations{0};
    const auto until = std::chrono::steady_clock::now() + run_time();
    std::vector<std::thread> ts;
    for (int t = 0; t < kThreads; ++t) {
        ts.emplace_back([&, t] {
            const FOURCC fcc = mmioFOURCC('S', 'T', static_cast<char>('0' + t), ' ');
            const FOURCC other = mmioFOURCC('S', 'T', static_cast<char>('0' + (t + 1) % kThreads), ' ');
            const int disk = 8 + t;
            for (unsigned it = 0; std::chrono::steady_clock::now() < until; ++it) {
                const DWORD global = (it & 1) ? MMIO_GLOBALPROC : 0;
                const bool wide = (it & 2) != 0;
                auto install = wide ? mmioInstallIOProcW : mmioInstallIOProcA;
                EXPECT(f, install(fcc, kProc[t], MMIO_INSTALLPROC | global) == kProc[t]);
                EXPECT(f, mmioInstallIOProcA(fcc, nullptr, MMIO_FINDPROC) == kProc[t]);
                LPMMIOPROC o = mmioInstallIOProcA(other, nullptr, MMIO_FINDPROC);  // someone else's: there or not
                EXPECT(f, o == nullptr || o == kProc[(t + 1) % kThreads]);
                HMMIO h = open_disk(disk, nullptr, MMIO_READWRITE | MMIO_CREATE, (it & 4) ? 64 : 0, fcc);
                EXPECT(f, h != nullptr);
                if (h) {
                    char b[100];
                    for (int i = 0; i < 100; ++i) b[i] = static_cast<char>(pat(it, i));
                    EXPECT(f, mmioWrite(h, b, 100) == 100);
                    MMIOINFO mi;
                    EXPECT(f, mmioGetInfo(h, &mi, 0) == 0 && mi.pIOProc == kProc[t] && mi.fccIOProc == fcc);
                    // In use: its only registration cannot go.
                    EXPECT(f, install(fcc, kProc[t], MMIO_REMOVEPROC) == nullptr);
                    EXPECT(f, mmioClose(h, 0) == 0);
                    EXPECT(f, g_disk[disk].data.size() == 100 && std::memcmp(g_disk[disk].data.data(), b, 100) == 0);
                }
                EXPECT(f, install(fcc, kProc[t], MMIO_REMOVEPROC) == kProc[t]);
                EXPECT(f, mmioInstallIOProcA(fcc, nullptr, MMIO_FINDPROC) == nullptr);
                iterations.fetch_add(1);
            }
        });
    }
    for (auto& th : ts) th.join();
    f.report();
    CHECK(iterations.load() >= kThreads);
    WARN("own I/O procedures: " << iterations.load() << " install/open/close/remove cycles");
}

namespace {

// A shared file whose every byte is 0x5A: threads seek to random places inside it and read or write 0x5A runs,
// so every byte any read returns must be 0x5A whatever the interleaving, and the file only grows by 0x5A bytes.
void shared_hammer(bool chaos, long& ops_out, Failures& f) {
    const int disk = 32;
    const long len = 20000;
    g_disk[disk].data.assign(static_cast<size_t>(len), 0x5A);
    HMMIO h = open_disk(disk, kProc[kThreads], MMIO_READWRITE, 256);
    REQUIRE(h);
    std::atomic<long> ops{0};
    const auto until = std::chrono::steady_clock::now() + run_time();
    std::vector<std::thread> ts;
    for (int t = 0; t < kThreads; ++t) {
        ts.emplace_back([&, t] {
            unsigned x = 12345u + static_cast<unsigned>(t) * 777u;
            auto rnd = [&x] {
                x = x * 1103515245u + 12345u;
                return x >> 8;
            };
            std::vector<char> buf(600);
            while (std::chrono::steady_clock::now() < until) {
                unsigned r = rnd();
                LONG n = static_cast<LONG>(1 + rnd() % 600);
                switch (r % (chaos ? 10 : 7)) {
                case 0:
                case 1: {
                    EXPECT(f, mmioSeek(h, static_cast<LONG>(rnd() % (len - 600)), SEEK_SET) >= 0);
                    LONG got = mmioRead(h, buf.data(), n);
                    EXPECT(f, got >= 0 && got <= n);
                    // With racing direct access (chaos) another thread's stale mmioSetInfo(MMIO_DIRTY) can
                    // declare whatever a buffer held as written: only the plain mode can check bytes.
                    if (!chaos)
                        for (LONG i = 0; i < got; ++i) EXPECT(f, buf[static_cast<size_t>(i)] == 0x5A);
                    break;
                }
                case 2:
                case 3: {
                    EXPECT(f, mmioSeek(h, static_cast<LONG>(rnd() % (len - 600)), SEEK_SET) >= 0);
                    std::memset(buf.data(), 0x5A, static_cast<size_t>(n));
                    EXPECT(f, mmioWrite(h, buf.data(), n) == n);
                    break;
                }
                case 4:
                    EXPECT(f, mmioSeek(h, static_cast<LONG>(rnd() % 100), SEEK_CUR) >= 0);
                    break;
                case 5:
                    EXPECT(f, mmioFlush(h, (r & 16) ? MMIO_EMPTYBUF : 0) == 0);
                    break;
                case 6:
                    EXPECT(f, mmioSetBuffer(h, nullptr, (r & 32) ? 0 : static_cast<LONG>(16 + rnd() % 2000), 0) == 0);
                    break;
                case 7: {  // get/set round trip (another thread may have moved on in between)
                    MMIOINFO mi;
                    EXPECT(f, mmioGetInfo(h, &mi, 0) == 0);
                    MMRESULT rc = mmioSetInfo(h, &mi, 0);
                    EXPECT(f, rc == 0 || rc == MMSYSERR_INVALPARAM);
                    break;
                }
                case 8: {
                    MMIOINFO mi;
                    EXPECT(f, mmioGetInfo(h, &mi, 0) == 0);
                    MMRESULT rc = mmioAdvance(h, (r & 64) ? &mi : nullptr, (r & 128) ? MMIO_WRITE : MMIO_READ);
                    EXPECT(f, rc == 0 || rc == MMSYSERR_INVALPARAM || rc == MMIOERR_UNBUFFERED);
                    break;
                }
                default: {
                    LONG got = mmioRead(h, buf.data(), n);
                    EXPECT(f, got >= 0 && got <= n);
                    break;
                }
                }
                ops.fetch_add(1, std::memory_order_relaxed);
            }
        });
    }
    for (auto& th : ts) th.join();
    REQUIRE(mmioClose(h, 0) == 0);
    ops_out = ops.load();
    if (!chaos) {
        const std::vector<char>& d = g_disk[disk].data;
        CHECK(static_cast<long>(d.size()) >= len);
        CHECK(static_cast<long>(d.size()) <= len + 2000);
        size_t bad = 0;
        for (char c : d) bad += c != 0x5A;
        CHECK(bad == 0);
    }
}

}  // namespace

TEST_CASE("one shared handle: seek+read/write, mmioSetBuffer, mmioFlush from several threads", "[stress][shared]") {
    Failures f;
    long ops = 0;
    shared_hammer(false, ops, f);
    f.report();
    WARN("shared handle: " << ops << " calls");
}

TEST_CASE("one shared handle: plus mmioGetInfo/mmioSetInfo/mmioAdvance (memory safety)", "[stress][shared]") {
    Failures f;
    long ops = 0;
    shared_hammer(true, ops, f);
    f.report();
    WARN("shared handle with direct access: " << ops << " calls");
}

TEST_CASE("closing a handle while other threads use it", "[stress][close]") {
    Failures f;
    std::atomic<HMMIO> current{nullptr};
    std::atomic<bool> stop{false};
    std::atomic<long> calls{0}, invalid{0};
    std::vector<std::thread> ts;
    for (int t = 0; t < kThreads - 1; ++t) {
        ts.emplace_back([&, t] {
            char buf[64];
            unsigned k = static_cast<unsigned>(t);
            while (!stop.load()) {
                HMMIO h = current.load();
                if (!h) {
                    std::this_thread::yield();
                    continue;
                }
                // Results are either a normal answer (the handle was still open) or the invalid-handle answer;
                // a slot reused by a later open is a different handle (generation), so never someone else's file.
                switch (++k % 7) {
                case 0: {
                    LONG r = mmioRead(h, buf, sizeof buf);
                    EXPECT(f, r >= -1 && r <= static_cast<LONG>(sizeof buf));
                    invalid.fetch_add(r == -1);
                    break;
                }
                case 1: {
                    LONG r = mmioWrite(h, buf, 10);
                    EXPECT(f, r == -1 || r == 10 || r == 0);
                    break;
                }
                case 2: {
                    LONG r = mmioSeek(h, 5, SEEK_SET);
                    EXPECT(f, r == -1 || r == 5);
                    break;
                }
                case 3: {
                    MMIOINFO mi;
                    MMRESULT r = mmioGetInfo(h, &mi, 0);
                    EXPECT(f, r == 0 || r == MMSYSERR_INVALHANDLE);
                    invalid.fetch_add(r == MMSYSERR_INVALHANDLE);
                    break;
                }
                case 4: {
                    MMRESULT r = mmioFlush(h, 0);
                    EXPECT(f, r == 0 || r == MMSYSERR_INVALHANDLE);
                    break;
                }
                case 5: {
                    MMCKINFO ck;
                    std::memset(&ck, 0, sizeof ck);
                    MMRESULT r = mmioDescend(h, &ck, nullptr, 0);
                    EXPECT(f, r == 0 || r == MMSYSERR_INVALHANDLE || r == MMIOERR_CHUNKNOTFOUND || r == MMIOERR_INVALIDFILE);
                    break;
                }
                default: {
                    MMRESULT r = mmioClose(h, 0);  // a second closer: one of the two wins
                    EXPECT(f, r == 0 || r == MMSYSERR_INVALHANDLE);
                    break;
                }
                }
                calls.fetch_add(1, std::memory_order_relaxed);
            }
        });
    }
    const auto until = std::chrono::steady_clock::now() + run_time();
    long cycles = 0;
    std::vector<char> block(512, 'r');
    while (std::chrono::steady_clock::now() < until) {
        HMMIO h;
        if (cycles % 2) h = open_mem(block.data(), static_cast<LONG>(block.size()), 0, MMIO_READWRITE);
        else h = open_disk(40, kProc[kThreads + 1], MMIO_READWRITE | MMIO_CREATE, (cycles % 4) ? 64 : 0);
        if (!h) {
            f.add(__FILE__, __LINE__, "open failed");
            break;
        }
        current.store(h);
        std::this_thread::sleep_for(std::chrono::microseconds(50 + (cycles % 7) * 30));
        MMRESULT r = mmioClose(h, 0);
        EXPECT(f, r == 0 || r == MMSYSERR_INVALHANDLE);  // a worker may have closed it first
        EXPECT(f, mmioClose(h, 0) == MMSYSERR_INVALHANDLE);
        char b[4];
        EXPECT(f, mmioRead(h, b, 4) == -1);
        current.store(nullptr);
        ++cycles;
    }
    stop.store(true);
    for (auto& th : ts) th.join();
    f.report();
    CHECK(cycles > 0);
    WARN("close while in use: " << cycles << " open/close cycles, " << calls.load() << " calls from other threads, "
                                << invalid.load() << " of them on an already closed handle");
}
