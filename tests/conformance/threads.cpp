// mmio conformance suite, part B: mmio from several threads.
//
// The documentation says nothing about threads, so every test here is a decision ([decision]): the mmio functions
// can be called from several threads at once, each thread on its own files and I/O procedures, and two threads can
// share one handle (each call is atomic: a read sees whole records from some write, the handle stays valid).
//
// Each scenario runs in a child process (a hidden test case of this executable) with a time limit, so that an
// implementation that crashes or deadlocks fails the check instead of taking the run down. Catch2 assertions are
// not thread-safe, so worker threads only count problems; the checks are made after the threads are joined.
#include <catch.hpp>

#include "support/recording_ioproc.h"

#include <atomic>
#include <chrono>
#include <string>
#include <thread>
#include <vector>

using namespace confb;

namespace {

using Bytes = std::vector<char>;
using Clock = std::chrono::steady_clock;

const char* const kChildDone = "CONFB-CHILD-DONE";

void child_done() {
    std::printf("\n%s\n", kChildDone);
    std::fflush(stdout);
}

void check_child(const char* name, DWORD timeoutMs = 10000) {
    auto t0 = Clock::now();
    ChildResult r = run_child_test(name, timeoutMs);
    double secs = std::chrono::duration<double>(Clock::now() - t0).count();
    INFO("child test \"" << name << "\" (" << secs << " s) output:\n" << r.output);
    CHECK(r.started);
    CHECK_FALSE(r.timedOut);
    CHECK(r.exitCode == 0);
    CHECK(r.output.find(kChildDone) != std::string::npos);
}

struct Problems {
    std::atomic<int> count{0};
    std::atomic<int> ops{0};
    char first[160] = {0};
    std::atomic<bool> have{false};
    void add(const char* what, int thread, int iter) {
        if (count.fetch_add(1) == 0) {
            std::snprintf(first, sizeof first, "thread %d iteration %d: %s", thread, iter, what);
            have = true;
        }
    }
};

Bytes pattern(size_t n, int seed) {
    Bytes b(n);
    for (size_t i = 0; i < n; ++i) b[i] = static_cast<char>((seed * 13 + i * 3 + 7) & 0xff);
    return b;
}

// ---------------------------------------------------------------------------------------------------------------
// Shared-handle records.
constexpr LONG kRec = 32;
constexpr int kSlotsInFile = 24;
constexpr DWORD kMagic = mmioFOURCC('C', 'F', 'B', 'R');

void make_record(char* out, DWORD writer, DWORD seq) {
    DWORD w[8];
    w[0] = kMagic;
    w[1] = writer;
    w[2] = seq;
    for (int i = 3; i < 7; ++i) w[i] = (writer * 0x9e3779b9u) ^ (seq * 0x85ebca6bu) ^ static_cast<DWORD>(i * 0x27d4eb2du);
    w[7] = w[0] ^ w[1] ^ w[2] ^ w[3] ^ w[4] ^ w[5] ^ w[6] ^ 0xa5a5a5a5u;
    std::memcpy(out, w, sizeof w);
}

bool valid_record(const char* in) {
    DWORD w[8];
    std::memcpy(w, in, sizeof w);
    if (w[0] != kMagic) return false;
    for (int i = 3; i < 7; ++i)
        if (w[i] != ((w[1] * 0x9e3779b9u) ^ (w[2] * 0x85ebca6bu) ^ static_cast<DWORD>(i * 0x27d4eb2du))) return false;
    return w[7] == (w[0] ^ w[1] ^ w[2] ^ w[3] ^ w[4] ^ w[5] ^ w[6] ^ 0xa5a5a5a5u);
}

struct HammerResult {
    int badReads = 0, goodReads = 0, eofReads = 0, goodWrites = 0, otherWrites = 0, badSeeks = 0;
    std::string first;
};

// Two threads on one handle: each iteration seeks to a record boundary and reads or writes one whole record.
HammerResult hammer(HMMIO h, double seconds) {
    std::atomic<bool> stop{false};
    std::atomic<int> badReads{0}, goodReads{0}, eofReads{0}, goodWrites{0}, otherWrites{0}, badSeeks{0};
    Problems p;
    auto worker = [&](DWORD id) {
        DWORD seq = 0;
        unsigned rng = 12345u + id * 7919u;
        char rec[kRec];
        for (int it = 0; !stop.load() && it < 200000; ++it) {
            rng = rng * 1103515245u + 12345u;
            int slot = static_cast<int>((rng >> 8) % kSlotsInFile);
            bool write = ((rng >> 20) & 3) == 0;  // 1 write for 3 reads
            LONG pos = mmioSeek(h, slot * kRec, SEEK_SET);
            if (pos != slot * kRec) {
                // Another thread may move the position between our seek and its return only if the call is not
                // atomic; a seek must still return the position it set.
                ++badSeeks;
                p.add("mmioSeek did not return the requested position", static_cast<int>(id), it);
                continue;
            }
            if (write) {
                make_record(rec, id, ++seq);
                LONG n = mmioWrite(h, rec, kRec);
                if (n == kRec) ++goodWrites;
                else ++otherWrites;  // only possible at the end of a non-expandable memory file
            } else {
                std::memset(rec, 0xcc, sizeof rec);
                LONG n = mmioRead(h, rec, kRec);
                if (n == 0) ++eofReads;
                else if (n == kRec && valid_record(rec)) ++goodReads;
                else {
                    ++badReads;
                    p.add(n == kRec ? "read a torn or garbled record" : "read returned a partial count",
                          static_cast<int>(id), it);
                }
            }
        }
    };
    std::thread a(worker, 1), b(worker, 2);
    std::this_thread::sleep_for(std::chrono::milliseconds(static_cast<int>(seconds * 1000)));
    stop = true;
    a.join();
    b.join();
    HammerResult r;
    r.badReads = badReads;
    r.goodReads = goodReads;
    r.eofReads = eofReads;
    r.goodWrites = goodWrites;
    r.otherWrites = otherWrites;
    r.badSeeks = badSeeks;
    if (p.have) r.first = p.first;
    return r;
}

void check_hammer(HMMIO h, const HammerResult& r) {
    INFO("good reads " << r.goodReads << ", eof reads " << r.eofReads << ", bad reads " << r.badReads
                       << ", good writes " << r.goodWrites << ", other writes " << r.otherWrites << ", bad seeks "
                       << r.badSeeks << "; first problem: " << r.first);
    CHECK(r.badReads == 0);
    CHECK(r.badSeeks == 0);
    CHECK(r.goodReads > 100);
    CHECK(r.goodWrites > 20);
    // The handle is still valid and every record in the file is whole.
    REQUIRE(mmioSeek(h, 0, SEEK_SET) == 0);
    int bad = 0;
    for (int i = 0; i < kSlotsInFile; ++i) {
        char rec[kRec];
        LONG n = mmioRead(h, rec, kRec);
        if (n != kRec || !valid_record(rec)) ++bad;
    }
    CHECK(bad == 0);
}

}  // namespace

// ===============================================================================================================
// Own files per thread
// ===============================================================================================================

TEST_CASE("mmioOpen (child): threads with their own memory and disk files", "[.][child]") {
    const int kThreads = 4;
    Problems p;
    std::atomic<bool> stop{false};
    auto worker = [&](int id) {
        TempFile tf(("thr" + std::to_string(id)).c_str());
        Bytes mem(4096, 0);
        for (int it = 0; !stop.load() && it < 400; ++it) {
            Bytes data = pattern(static_cast<size_t>(100 + (it % 50) * 37), id * 1000 + it);
            const LONG n = static_cast<LONG>(data.size());
            // Memory file over this thread's own block.
            {
                HMMIO h = open_mem_over(mem, MMIO_READWRITE);
                if (!h) { p.add("memory open failed", id, it); continue; }
                if (mmioWrite(h, data.data(), n) != n) p.add("memory write", id, it);
                if (mmioSeek(h, 0, SEEK_SET) != 0) p.add("memory seek", id, it);
                Bytes back(data.size());
                if (mmioRead(h, back.data(), n) != n || back != data) p.add("memory read back", id, it);
                if (mmioClose(h, 0) != MMSYSERR_NOERROR) p.add("memory close", id, it);
            }
            // Disk file, buffered on odd iterations.
            {
                HMMIO h = tf.open(MMIO_CREATE | MMIO_READWRITE | ((it & 1) ? MMIO_ALLOCBUF : 0));
                if (!h) { p.add("disk open failed", id, it); continue; }
                if (mmioWrite(h, data.data(), n) != n) p.add("disk write", id, it);
                if (mmioClose(h, 0) != MMSYSERR_NOERROR) p.add("disk close", id, it);
                h = tf.open(MMIO_READ | ((it & 2) ? MMIO_ALLOCBUF : 0));
                if (!h) { p.add("disk reopen failed", id, it); continue; }
                Bytes back(data.size() + 8);
                if (mmioRead(h, back.data(), n + 8) != n) p.add("disk read length", id, it);
                back.resize(data.size());
                if (back != data) p.add("disk read back", id, it);
                if (mmioClose(h, 0) != MMSYSERR_NOERROR) p.add("disk close 2", id, it);
            }
            ++p.ops;
        }
    };
    std::vector<std::thread> ts;
    for (int i = 0; i < kThreads; ++i) ts.emplace_back(worker, i);
    std::this_thread::sleep_for(std::chrono::milliseconds(800));
    stop = true;
    for (auto& t : ts) t.join();
    INFO("iterations " << p.ops.load() << "; first problem: " << p.first);
    CHECK(p.count.load() == 0);
    CHECK(p.ops.load() >= kThreads);
    child_done();
}

TEST_CASE("mmioOpen: threads can each open, use and close their own memory and disk files",
          "[mmioOpen][threads][decision]") {
    check_child("mmioOpen (child): threads with their own memory and disk files");
}

// ===============================================================================================================
// Own I/O procedures per thread
// ===============================================================================================================

TEST_CASE("mmioInstallIOProc (child): threads installing and removing their own procedures", "[.][child]") {
    const int kThreads = 4;
    std::vector<std::unique_ptr<Recorder>> recs;
    for (int i = 0; i < kThreads; ++i) recs.emplace_back(new Recorder());
    Problems p;
    std::atomic<bool> stop{false};
    auto worker = [&](int id) {
        Recorder& r = *recs[static_cast<size_t>(id)];
        const FOURCC mine = mmioFOURCC('T', 'H', 'R', static_cast<char>('0' + id));
        const FOURCC other = mmioFOURCC('T', 'H', 'R', static_cast<char>('0' + (id + 1) % kThreads));
        std::string name = std::string("file.THR") + static_cast<char>('0' + id) + "+elem";
        for (int it = 0; !stop.load() && it < 2000; ++it) {
            if (mmioInstallIOProcA(mine, r.proc(), MMIO_INSTALLPROC) != r.proc()) {
                p.add("install failed", id, it);
                continue;
            }
            if (mmioInstallIOProcA(mine, nullptr, MMIO_FINDPROC) != r.proc()) p.add("find after install", id, it);
            // Another thread's code: either its procedure or nothing, never ours.
            if (mmioInstallIOProcA(other, nullptr, MMIO_FINDPROC) == r.proc()) p.add("found ours under theirs", id, it);
            std::vector<char> nb(name.begin(), name.end());
            nb.push_back(0);
            nb.resize(nb.size() + 128, 0);
            HMMIO h = mmioOpenA(nb.data(), nullptr, MMIO_READWRITE | MMIO_CREATE);
            if (!h) {
                p.add("open through own procedure failed", id, it);
            } else {
                char tag[4] = {static_cast<char>('a' + id), static_cast<char>('0' + it % 10), 'x', 'y'};
                if (mmioWrite(h, tag, 4) != 4) p.add("write", id, it);
                if (mmioClose(h, 0) != MMSYSERR_NOERROR) p.add("close", id, it);
                if (r.contents() != Bytes(tag, tag + 4)) p.add("procedure did not get the data", id, it);
            }
            if (mmioInstallIOProcA(mine, nullptr, MMIO_REMOVEPROC) != r.proc()) p.add("remove", id, it);
            if (mmioInstallIOProcA(mine, nullptr, MMIO_FINDPROC) != nullptr) p.add("found after remove", id, it);
            ++p.ops;
        }
    };
    std::vector<std::thread> ts;
    for (int i = 0; i < kThreads; ++i) ts.emplace_back(worker, i);
    std::this_thread::sleep_for(std::chrono::milliseconds(800));
    stop = true;
    for (auto& t : ts) t.join();
    for (int i = 0; i < kThreads; ++i) {
        // Every thread only ever saw its own messages.
        DWORD tid = 0;
        bool mixed = false;
        for (auto& e : recs[static_cast<size_t>(i)]->events()) {
            if (!tid) tid = e.threadId;
            mixed |= e.threadId != tid;
        }
        CHECK_FALSE(mixed);
    }
    INFO("iterations " << p.ops.load() << "; first problem: " << p.first);
    CHECK(p.count.load() == 0);
    CHECK(p.ops.load() >= kThreads);
    child_done();
}

TEST_CASE("mmioInstallIOProc: threads can install, use and remove their own procedures at the same time",
          "[mmioInstallIOProc][threads][decision]") {
    check_child("mmioInstallIOProc (child): threads installing and removing their own procedures");
}

// ===============================================================================================================
// One handle, two threads
// ===============================================================================================================

TEST_CASE("mmioRead (child): two threads on one memory file handle", "[.][child]") {
    Bytes block(static_cast<size_t>((kSlotsInFile + 1) * kRec));
    for (int i = 0; i <= kSlotsInFile; ++i) make_record(block.data() + i * kRec, 0, static_cast<DWORD>(i));
    HMMIO h = open_mem_over(block, MMIO_READWRITE);
    REQUIRE(h != nullptr);
    HammerResult r = hammer(h, 0.8);
    check_hammer(h, r);
    CHECK(mmioClose(h, 0) == MMSYSERR_NOERROR);
    child_done();
}

TEST_CASE("mmioRead: two threads seeking, reading and writing one memory file handle never see torn records",
          "[mmioRead][mmioWrite][mmioSeek][threads][decision]") {
    check_child("mmioRead (child): two threads on one memory file handle");
}

TEST_CASE("mmioRead (child): two threads on one buffered disk file handle", "[.][child]") {
    TempFile tf("hammer");
    Bytes block(static_cast<size_t>((kSlotsInFile + 1) * kRec));
    for (int i = 0; i <= kSlotsInFile; ++i) make_record(block.data() + i * kRec, 0, static_cast<DWORD>(i));
    REQUIRE(tf.write_bytes(block));
    HMMIO h = tf.open(MMIO_READWRITE | MMIO_ALLOCBUF);
    REQUIRE(h != nullptr);
    // A small buffer so that the two threads keep filling and flushing it.
    REQUIRE(mmioSetBuffer(h, nullptr, 3 * kRec, 0) == MMSYSERR_NOERROR);
    HammerResult r = hammer(h, 0.8);
    check_hammer(h, r);
    CHECK(mmioClose(h, 0) == MMSYSERR_NOERROR);
    // What reached the disk is whole records too.
    Bytes disk = tf.bytes();
    CHECK(disk.size() >= block.size());
    int bad = 0;
    for (size_t off = 0; off + kRec <= disk.size(); off += kRec)
        if (!valid_record(disk.data() + off)) ++bad;
    CHECK(bad == 0);
    child_done();
}

TEST_CASE("mmioRead: two threads seeking, reading and writing one buffered disk file handle never see torn records",
          "[mmioRead][mmioWrite][mmioSeek][threads][decision]") {
    check_child("mmioRead (child): two threads on one buffered disk file handle");
}
