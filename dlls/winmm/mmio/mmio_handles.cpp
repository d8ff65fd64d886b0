// winmm-ng mmio: the HMMIO handle table.
//
// A handle is a 32-bit value: bit 0 = 1 (so no aligned pointer is ever a valid handle), bits 1..19 = slot
// index, bits 20..31 = generation (1..4095; 0 never occurs, so small integers are never valid).
// Slots live in chunks of 512 that are allocated once and never moved or freed; the chunk directory is an
// array of atomic pointers, so a lookup is a few loads and needs no global lock. Each slot has its own
// spin lock; a handle is accepted only if, with the slot locked, the slot's generation still equals the
// handle's. Closed slots are reused first-in first-out, so a stale handle only aliases a new file after
// its slot has been reused 4095 times.
#include <deque>
#include <mutex>
#include <thread>

#include "mmio_internal.h"

namespace wng_mmio {

std::atomic<Slot*> g_chunks[kChunks];

namespace {

constexpr uint32_t kGenMax = 4095;

struct TableState {
    std::mutex mtx;
    std::deque<uint32_t> free_list;
    uint32_t next_unused = 0;
    size_t live = 0;
};

TableState& table() {
    static TableState t;
    return t;
}

// Re-entrancy record: the slots whose I/O procedure this thread is currently running.
struct ProcFrame {
    const Slot* slot;
    ProcFrame* prev;
};
thread_local ProcFrame* t_frames = nullptr;

bool in_proc_of(const Slot* s) {
    for (ProcFrame* f = t_frames; f; f = f->prev)
        if (f->slot == s) return true;
    return false;
}

inline bool decode(HMMIO h, uint32_t& index, uint32_t& gen) {
    uintptr_t v = reinterpret_cast<uintptr_t>(h);
    if ((v & 1u) == 0) return false;
    if (sizeof(uintptr_t) > 4 && (static_cast<uint64_t>(v) >> 32) != 0) return false;
    index = static_cast<uint32_t>(v >> 1) & (kMaxSlots - 1);
    gen = static_cast<uint32_t>(v >> (kIndexBits + 1)) & 0xFFFu;
    return gen != 0;
}

inline HMMIO encode(uint32_t index, uint32_t gen) {
    return reinterpret_cast<HMMIO>(static_cast<uintptr_t>((gen << (kIndexBits + 1)) | (index << 1) | 1u));
}

}  // namespace

void SpinLock::lock_slow() noexcept {
    for (int i = 0; i < 128; ++i) {
        if (v.load(std::memory_order_relaxed) == 0 && try_lock()) return;
    }
    for (;;) {
        std::this_thread::yield();
        if (v.load(std::memory_order_relaxed) == 0 && try_lock()) return;
    }
}

bool handles_reserve(uint32_t& index, HMMIO& handle, Slot*& slot) {
    TableState& t = table();
    std::lock_guard<std::mutex> g(t.mtx);
    uint32_t idx;
    if (!t.free_list.empty()) {
        idx = t.free_list.front();
        t.free_list.pop_front();
    } else {
        if (t.next_unused >= kMaxSlots) return false;
        idx = t.next_unused;
        uint32_t c = idx >> kChunkShift;
        if (!g_chunks[c].load(std::memory_order_acquire)) {
            Slot* chunk = new (std::nothrow) Slot[kChunkSize];
            if (!chunk) return false;
            g_chunks[c].store(chunk, std::memory_order_release);
        }
        ++t.next_unused;
    }
    Slot* s = &g_chunks[idx >> kChunkShift].load(std::memory_order_relaxed)[idx & (kChunkSize - 1)];
    s->last_gen = s->last_gen >= kGenMax ? 1 : s->last_gen + 1;
    ++t.live;
    index = idx;
    handle = encode(idx, s->last_gen);
    s->self = static_cast<uint32_t>(reinterpret_cast<uintptr_t>(handle));
    slot = s;
    return true;
}

void handles_publish(Slot* slot, HMMIO handle) {
    uint32_t idx = 0, gen = 0;
    decode(handle, idx, gen);
    slot->gen.store(gen, std::memory_order_release);
}

void handles_release(uint32_t index) {
    TableState& t = table();
    std::lock_guard<std::mutex> g(t.mtx);
    t.free_list.push_back(index);
    --t.live;
}

uint32_t handle_index(HMMIO h) {
    uint32_t idx = 0, gen = 0;
    decode(h, idx, gen);
    return idx;
}

Slot* handles_acquire_slow(Slot* s, uint32_t gen, bool& reentrant) {
    if (in_proc_of(s)) {
        reentrant = true;
        return s->gen.load(std::memory_order_acquire) == gen ? s : nullptr;
    }
    s->lock.lock_slow();
    if (s->gen.load(std::memory_order_acquire) != gen) {
        s->lock.unlock();
        return nullptr;
    }
    return s;
}

size_t handles_open_count_for_tests() {
    TableState& t = table();
    std::lock_guard<std::mutex> g(t.mtx);
    return t.live;
}

LRESULT send_proc(Slot& s, UINT msg, LPARAM a, LPARAM b) {
    sync_info(s.f);
    ProcFrame frame{&s, t_frames};
    t_frames = &frame;
    LRESULT r = s.f.proc(reinterpret_cast<LPSTR>(&s.f.info), msg, a, b);
    t_frames = frame.prev;
    return r;
}

}  // namespace wng_mmio
