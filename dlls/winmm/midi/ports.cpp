#include "ports.h"

#include <map>

#include "driver/callback.h"

namespace winmm::midi {

void Port::notify_app(UINT msg, DWORD_PTR p1, DWORD_PTR p2) const {
    // CALLBACK_WINDOW .. CALLBACK_EVENT are the DCB_* types shifted into the high word.
    driver::notify(app_callback, HIWORD(app_flags & CALLBACK_TYPEMASK), reinterpret_cast<HDRVR>(handle), msg,
                   app_instance, p1, p2);
}

MMRESULT check_callback(DWORD_PTR callback, DWORD flags) {
    switch (flags & CALLBACK_TYPEMASK) {
    case CALLBACK_NULL:
    case CALLBACK_THREAD:
    case CALLBACK_FUNCTION:
    case CALLBACK_EVENT:
        return MMSYSERR_NOERROR;
    case CALLBACK_WINDOW:
        if (callback && !IsWindow(reinterpret_cast<HWND>(callback))) return MMSYSERR_INVALPARAM;
        return MMSYSERR_NOERROR;
    default:
        return MMSYSERR_INVALFLAG;
    }
}

namespace ports {
namespace {

struct Slot {
    std::shared_ptr<Port> port;
    bool published = false;
};

struct Table {
    std::mutex lock;
    std::map<UINT_PTR, Slot> open;
    UINT_PTR next = 0;
};

Table& table() {
    static Table t;
    return t;
}

}  // namespace

UINT_PTR reserve(const std::shared_ptr<Port>& p) {
    Table& t = table();
    std::lock_guard<std::mutex> g(t.lock);
    UINT_PTR v;
    do {
        v = 0x20000 + (t.next++ % 0x3FFF0000u) * 4 + static_cast<unsigned>(p->kind);
    } while (t.open.count(v));
    p->handle = v;
    t.open[v] = Slot{p, false};
    return v;
}

void publish(UINT_PTR h) {
    Table& t = table();
    std::lock_guard<std::mutex> g(t.lock);
    auto it = t.open.find(h);
    if (it != t.open.end()) it->second.published = true;
}

std::shared_ptr<Port> find(UINT_PTR h, bool out, bool in, bool stream) {
    Table& t = table();
    std::lock_guard<std::mutex> g(t.lock);
    auto it = t.open.find(h);
    if (it == t.open.end() || !it->second.published) return nullptr;
    switch (it->second.port->kind) {
    case PortKind::out: return out ? it->second.port : nullptr;
    case PortKind::in: return in ? it->second.port : nullptr;
    case PortKind::stream: return stream ? it->second.port : nullptr;
    }
    return nullptr;
}

void remove(UINT_PTR h) {
    std::shared_ptr<Port> last;  // released after the lock: a stream's destructor joins its thread
    Table& t = table();
    std::lock_guard<std::mutex> g(t.lock);
    auto it = t.open.find(h);
    if (it == t.open.end()) return;
    last = std::move(it->second.port);
    t.open.erase(it);
}

}  // namespace ports
}  // namespace winmm::midi
