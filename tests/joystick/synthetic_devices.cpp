#include "synthetic_devices.h"

#include <mutex>

#include "devices.h"

namespace {

struct Slot {
    bool plugged = false;
    winmm::joystick::DeviceInfo info;
    winmm::joystick::DeviceState state;
};

std::mutex lock;  // the capture poller reads from its own thread
bool driver = true;
Slot slots[winmm::joystick::slot_count];
int refresh_count = 0;

}  // namespace

namespace synthetic {

void set_driver(bool present) {
    std::lock_guard<std::mutex> l(lock);
    driver = present;
}

void plug(UINT id, const winmm::joystick::DeviceInfo& info, const winmm::joystick::DeviceState& state) {
    std::lock_guard<std::mutex> l(lock);
    slots[id] = {true, info, state};
}

void unplug(UINT id) {
    std::lock_guard<std::mutex> l(lock);
    slots[id] = Slot{};
}

void move(UINT id, const winmm::joystick::DeviceState& state) {
    std::lock_guard<std::mutex> l(lock);
    slots[id].state = state;
}

int refreshes() {
    std::lock_guard<std::mutex> l(lock);
    return refresh_count;
}

}  // namespace synthetic

namespace winmm::joystick::devices {

bool driver_present() {
    std::lock_guard<std::mutex> l(lock);
    return driver;
}

bool read_state(UINT id, DeviceState* out) {
    std::lock_guard<std::mutex> l(lock);
    if (!driver || id >= slot_count || !slots[id].plugged) return false;
    *out = slots[id].state;
    return true;
}

bool read_info(UINT id, DeviceInfo* out) {
    std::lock_guard<std::mutex> l(lock);
    if (!driver || id >= slot_count || !slots[id].plugged) return false;
    *out = slots[id].info;
    return true;
}

void refresh() {
    std::lock_guard<std::mutex> l(lock);
    ++refresh_count;
}

}  // namespace winmm::joystick::devices
