#include "handles.h"

#include <mutex>
#include <vector>

namespace winmm::driver::handles {

namespace {

// Slot numbers fit 16 bits and generations 15 bits, so a handle is a small non-zero integer on both
// architectures, and bit 31 set keeps it clear of NULL and of the low values callers pass by mistake.
constexpr std::uint32_t kSlotBits = 16;
constexpr std::uint32_t kMaxSlots = (1u << kSlotBits) - 1;
constexpr std::uint32_t kGenerationMask = 0x7fff;
constexpr std::uint32_t kTag = 0x80000000u;

struct Slot {
    InstanceInfo info;
    std::uint32_t generation = 1;
    bool used = false;
};

std::mutex table_lock;
std::vector<Slot> slots;      // index = slot number - 1
std::vector<std::uint32_t> free_slots;

HDRVR encode(std::uint32_t index, std::uint32_t generation) {
    std::uint32_t v = kTag | ((generation & kGenerationMask) << kSlotBits) | (index + 1);
    return reinterpret_cast<HDRVR>(static_cast<std::uintptr_t>(v));
}

// Under table_lock.
Slot* lookup(HDRVR h) {
    std::uintptr_t raw = reinterpret_cast<std::uintptr_t>(h);
    if (raw > 0xffffffffu || !(raw & kTag)) return nullptr;
    std::uint32_t v = static_cast<std::uint32_t>(raw);
    std::uint32_t number = v & kMaxSlots;
    if (number == 0 || number > slots.size()) return nullptr;
    Slot& s = slots[number - 1];
    if (!s.used || ((s.generation & kGenerationMask) != ((v >> kSlotBits) & kGenerationMask))) return nullptr;
    return &s;
}

}  // namespace

HDRVR add(const InstanceInfo& info) {
    std::lock_guard<std::mutex> g(table_lock);
    std::uint32_t index;
    if (!free_slots.empty()) {
        index = free_slots.back();
        free_slots.pop_back();
    } else {
        if (slots.size() >= kMaxSlots) return nullptr;
        index = static_cast<std::uint32_t>(slots.size());
        slots.emplace_back();
    }
    Slot& s = slots[index];
    s.info = info;
    s.used = true;
    return encode(index, s.generation);
}

bool find(HDRVR h, InstanceInfo* out) {
    std::lock_guard<std::mutex> g(table_lock);
    Slot* s = lookup(h);
    if (!s) return false;
    if (out) *out = s->info;
    return true;
}

bool set_driver_id(HDRVR h, DWORD_PTR id) {
    std::lock_guard<std::mutex> g(table_lock);
    Slot* s = lookup(h);
    if (!s) return false;
    s->info.driver_id = id;
    return true;
}

bool remove(HDRVR h) {
    std::lock_guard<std::mutex> g(table_lock);
    Slot* s = lookup(h);
    if (!s) return false;
    s->used = false;
    s->info = InstanceInfo{};
    // A new generation per reuse: the closed handle's value stops matching this slot.
    s->generation = (s->generation + 1) & kGenerationMask;
    if (s->generation == 0) s->generation = 1;
    free_slots.push_back(static_cast<std::uint32_t>(s - slots.data()));
    return true;
}

unsigned count_module(HMODULE module) {
    std::lock_guard<std::mutex> g(table_lock);
    unsigned n = 0;
    for (const Slot& s : slots)
        if (s.used && s.info.module == module) ++n;
    return n;
}

}  // namespace winmm::driver::handles
