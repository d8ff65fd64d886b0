// The open-device table. Ids are handed out lowest-free-first from 1, as Windows does (a program that closes its only
// device and opens another gets id 1 again); names are looked up per task, as Windows' own tests show (a second
// thread cannot reach a device by the alias the first thread gave it).
#include "device_table.h"

#include <map>
#include <mutex>

namespace winmm::mci::table {

namespace {

// The highest id handed out: MCIDEVICEID is a 16-bit quantity in every structure that carries it (MM_MCINOTIFY's
// lParam, MCI_OPEN_DRIVER_PARMS), and 0xFFFF is the 16-bit "all".
constexpr MCIDEVICEID kLastId = 0xFFFE;

std::mutex& lock() {
    static std::mutex m;
    return m;
}

std::map<MCIDEVICEID, DevicePtr>& devices() {
    static std::map<MCIDEVICEID, DevicePtr> d;
    return d;
}

bool same_name(const std::wstring& a, const std::wstring& b) {
    return CompareStringOrdinal(a.c_str(), static_cast<int>(a.size()), b.c_str(), static_cast<int>(b.size()),
                                TRUE) == CSTR_EQUAL;
}

}  // namespace

DevicePtr reserve(const std::wstring& alias, bool* alias_taken) {
    *alias_taken = false;
    const DWORD task = GetCurrentThreadId();
    std::lock_guard<std::mutex> g(lock());
    auto& d = devices();
    for (const auto& entry : d) {
        const Device& dev = *entry.second;
        if (dev.state != DeviceState::closing && dev.creator_thread == task && same_name(dev.alias, alias)) {
            *alias_taken = true;
            return nullptr;
        }
    }
    MCIDEVICEID id = 1;
    for (const auto& entry : d) {
        if (entry.first != id) break;
        ++id;
    }
    if (id > kLastId) return nullptr;
    auto dev = std::make_shared<Device>();
    dev->id = id;
    dev->alias = alias;
    dev->creator_thread = task;
    d.emplace(id, dev);
    return dev;
}

void remove(MCIDEVICEID id) {
    std::lock_guard<std::mutex> g(lock());
    devices().erase(id);
}

DevicePtr find_any(MCIDEVICEID id) {
    std::lock_guard<std::mutex> g(lock());
    auto it = devices().find(id);
    return it == devices().end() ? nullptr : it->second;
}

DevicePtr find(MCIDEVICEID id, DeviceState* state) {
    std::lock_guard<std::mutex> g(lock());
    auto it = devices().find(id);
    if (it == devices().end()) return nullptr;
    *state = it->second->state;
    return it->second;
}

DevicePtr find_alias(const std::wstring& name) {
    const DWORD task = GetCurrentThreadId();
    std::lock_guard<std::mutex> g(lock());
    for (const auto& entry : devices()) {
        const Device& dev = *entry.second;
        if (dev.state == DeviceState::open && dev.creator_thread == task && same_name(dev.alias, name))
            return entry.second;
    }
    return nullptr;
}

std::vector<DevicePtr> list_open(const std::function<bool(const Device&)>& pred) {
    const DWORD task = GetCurrentThreadId();
    std::vector<DevicePtr> out;
    std::lock_guard<std::mutex> g(lock());
    for (const auto& entry : devices()) {
        const Device& dev = *entry.second;
        if (dev.state == DeviceState::open && dev.creator_thread == task && pred(dev)) out.push_back(entry.second);
    }
    return out;
}

bool with_device(MCIDEVICEID id, const std::function<void(Device&)>& fn) {
    std::lock_guard<std::mutex> g(lock());
    auto it = devices().find(id);
    if (it == devices().end()) return false;
    fn(*it->second);
    return true;
}

}  // namespace winmm::mci::table
