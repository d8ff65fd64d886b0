#include "wave_in_handles.h"

#include <mutex>
#include <vector>

namespace winmm::wave::in_handles {

namespace {

// The tag keeps waveIn handles apart from device ids; the low bits (always 2) keep them apart from waveOut's
// handles, which are 1 modulo 4 (out_handles.h).
constexpr UINT_PTR kTag = 0x51000000;
constexpr UINT_PTR kTagMask = 0xFF000003;
constexpr UINT_PTR kKind = 2;
constexpr unsigned kSlotBits = 12;  // 4096 open devices at once
constexpr unsigned kSlots = 1u << kSlotBits;
constexpr unsigned kGenBits = 10;

struct Slot {
    std::shared_ptr<InStream> stream;
    unsigned generation = 1;
};

struct Table {
    std::mutex lock;
    std::vector<Slot> slots = std::vector<Slot>(kSlots);
    unsigned next = 0;  // round-robin start, so a just-closed handle is not handed out again at once
};

Table& table() {
    static Table t;
    return t;
}

HWAVEIN encode(unsigned slot, unsigned gen) {
    return reinterpret_cast<HWAVEIN>(kTag | (static_cast<UINT_PTR>(gen) << (kSlotBits + 2)) |
                                     (static_cast<UINT_PTR>(slot) << 2) | kKind);
}

bool decode(HWAVEIN h, unsigned* slot, unsigned* gen) {
    UINT_PTR v = reinterpret_cast<UINT_PTR>(h);
    if ((v & kTagMask) != (kTag | kKind) || (static_cast<unsigned long long>(v) >> 32) != 0) return false;
    *slot = static_cast<unsigned>((v >> 2) & (kSlots - 1));
    *gen = static_cast<unsigned>((v >> (kSlotBits + 2)) & ((1u << kGenBits) - 1));
    return true;
}

}  // namespace

HWAVEIN add(std::shared_ptr<InStream> s) {
    Table& t = table();
    std::lock_guard<std::mutex> held(t.lock);
    for (unsigned i = 0; i < kSlots; ++i) {
        unsigned slot = (t.next + i) % kSlots;
        if (t.slots[slot].stream) continue;
        t.slots[slot].stream = std::move(s);
        t.next = (slot + 1) % kSlots;
        return encode(slot, t.slots[slot].generation);
    }
    return nullptr;
}

std::shared_ptr<InStream> find(HWAVEIN h) {
    unsigned slot, gen;
    if (!decode(h, &slot, &gen)) return nullptr;
    Table& t = table();
    std::lock_guard<std::mutex> held(t.lock);
    const Slot& s = t.slots[slot];
    if (!s.stream || s.generation != gen) return nullptr;
    return s.stream;
}

bool looks_like_handle(UINT_PTR value) {
    unsigned slot, gen;
    return decode(reinterpret_cast<HWAVEIN>(value), &slot, &gen);
}

void remove(HWAVEIN h) {
    unsigned slot, gen;
    if (!decode(h, &slot, &gen)) return;
    std::shared_ptr<InStream> dropped;  // released after the lock: the last reference may end a stream
    Table& t = table();
    std::lock_guard<std::mutex> held(t.lock);
    Slot& s = t.slots[slot];
    if (!s.stream || s.generation != gen) return;
    dropped = std::move(s.stream);
    s.generation = s.generation % ((1u << kGenBits) - 1) + 1;  // 1..1023, never 0
}

}  // namespace winmm::wave::in_handles
