#include "out_handles.h"

#include <map>
#include <mutex>

namespace winmm::wave::out_handles {
namespace {

struct Table {
    std::mutex lock;
    std::map<UINT_PTR, Entry> open;
    UINT_PTR next = 0;
    std::map<unsigned, DWORD> volumes;
};

Table& table() {
    static Table t;
    return t;
}

}  // namespace

HWAVEOUT add(const Entry& e) {
    Table& t = table();
    std::lock_guard<std::mutex> g(t.lock);
    UINT_PTR v;
    do {
        v = 0x10000 + (t.next++ % 0x3FFF0000u) * 4 + 1;  // numbers are not reused while open
    } while (t.open.count(v));
    t.open[v] = e;
    return reinterpret_cast<HWAVEOUT>(v);
}

bool find(HWAVEOUT h, Entry* out) {
    Table& t = table();
    std::lock_guard<std::mutex> g(t.lock);
    auto it = t.open.find(reinterpret_cast<UINT_PTR>(h));
    if (it == t.open.end()) return false;
    if (out) *out = it->second;
    return true;
}

void remove(HWAVEOUT h) {
    std::shared_ptr<OutStream> last;  // released after the lock: its destructor may join a thread
    Table& t = table();
    std::lock_guard<std::mutex> g(t.lock);
    auto it = t.open.find(reinterpret_cast<UINT_PTR>(h));
    if (it == t.open.end()) return;
    last = std::move(it->second.stream);
    t.open.erase(it);
}

DWORD device_volume(unsigned device) {
    Table& t = table();
    std::lock_guard<std::mutex> g(t.lock);
    auto it = t.volumes.find(device);
    return it == t.volumes.end() ? 0xFFFFFFFF : it->second;
}

void set_device_volume(unsigned device, DWORD v) {
    Table& t = table();
    std::lock_guard<std::mutex> g(t.lock);
    t.volumes[device] = v;
}

}  // namespace winmm::wave::out_handles
