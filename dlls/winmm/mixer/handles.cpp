// The mixer handle table and change notifications (see handles.h).
#include "handles.h"

#include <map>
#include <mutex>
#include <vector>

#include <mmddk.h>

#include "../driver/callback.h"
#include "../log.h"
#include "session.h"

namespace winmm::mixer::handles {

namespace {

constexpr UINT_PTR kTag = 0x6D000000;
constexpr UINT_PTR kTagMask = 0xFF000000;
// Changes made from elsewhere (another session client in the process, or the audio service) are not always
// announced: Wine 8 sends no session events. While any callback waits for notifications, a poll at this period
// catches them.
constexpr DWORD kPollMs = 100;

struct Slot {
    bool used = false;
    BYTE generation = 0;
    Open open;
};

struct Seen {
    bool known = false;
    DWORD volume = 0;  // in control units, so float noise below one step never notifies
    bool mute = false;
};

std::recursive_mutex g_lock;
std::vector<Slot>* g_slots = nullptr;
std::map<std::wstring, Seen>* g_seen = nullptr;
unsigned g_listeners = 0;    // open handles with a callback target
bool g_poller = false;       // the poll thread runs

void ensure_tables() {
    if (!g_slots) g_slots = new std::vector<Slot>;
    if (!g_seen) g_seen = new std::map<std::wstring, Seen>;
}

bool decode(UINT_PTR value, size_t* slot) {
    if ((value & kTagMask) != kTag || (static_cast<unsigned long long>(value) >> 32) != 0) return false;
    size_t s = value & 0xFFFF;
    BYTE gen = static_cast<BYTE>((value >> 16) & 0xFF);
    if (!g_slots || s >= g_slots->size()) return false;
    const Slot& sl = (*g_slots)[s];
    if (!sl.used || sl.generation != gen) return false;
    *slot = s;
    return true;
}

DWORD WINAPI poll_thread(void* module) {
    for (;;) {
        Sleep(kPollMs);
        std::vector<std::wstring> endpoints;
        {
            std::lock_guard<std::recursive_mutex> g(g_lock);
            if (g_listeners == 0) {
                g_poller = false;
                break;
            }
            for (const Slot& s : *g_slots)
                if (s.used && s.open.target) endpoints.push_back(s.open.endpoint);
        }
        for (const auto& e : endpoints) check(e);
    }
    FreeLibraryAndExitThread(static_cast<HMODULE>(module), 0);
}

// Under g_lock.
void start_poller() {
    if (g_poller) return;
    HMODULE self = nullptr;
    // The thread holds the DLL so it cannot be unloaded under it.
    if (!GetModuleHandleExW(GET_MODULE_HANDLE_EX_FLAG_FROM_ADDRESS, reinterpret_cast<LPCWSTR>(&poll_thread), &self))
        return;
    HANDLE t = CreateThread(nullptr, 0, poll_thread, self, 0, nullptr);
    if (!t) {
        FreeLibrary(self);
        WINMM_WARN("mixer: no poll thread; only changes made through the mixer are notified");
        return;
    }
    CloseHandle(t);
    g_poller = true;
}

void hook(const std::wstring& endpoint) { check(endpoint); }

}  // namespace

HMIXER open(const Open& o) {
    // Read before taking the lock: the first state seen is the baseline later changes are compared with.
    session::State st;
    bool have = !o.endpoint.empty() && session::read(o.endpoint, &st) == MMSYSERR_NOERROR;
    std::lock_guard<std::recursive_mutex> g(g_lock);
    ensure_tables();
    session::set_change_hook(hook);
    size_t s = 0;
    while (s < g_slots->size() && (*g_slots)[s].used) ++s;
    if (s == g_slots->size()) {
        if (s > 0xFFFF) return nullptr;
        g_slots->emplace_back();
    }
    Slot& sl = (*g_slots)[s];
    sl.used = true;
    sl.generation = static_cast<BYTE>(sl.generation + 1);
    sl.open = o;
    if (o.target) {
        Seen& seen = (*g_seen)[o.endpoint];
        if (have && !seen.known) {
            seen.known = true;
            seen.volume = layout::volume_to_value(st.volume);
            seen.mute = st.mute;
        }
        ++g_listeners;
        start_poller();
    }
    return reinterpret_cast<HMIXER>(kTag | static_cast<UINT_PTR>(sl.generation) << 16 | s);
}

bool close(HMIXER h) {
    std::lock_guard<std::recursive_mutex> g(g_lock);
    size_t s;
    if (!decode(reinterpret_cast<UINT_PTR>(h), &s)) return false;
    Slot& sl = (*g_slots)[s];
    if (sl.open.target) --g_listeners;
    sl.used = false;
    sl.open = Open{};
    return true;
}

bool lookup(UINT_PTR value, Open* out) {
    std::lock_guard<std::recursive_mutex> g(g_lock);
    size_t s;
    if (!decode(value, &s)) return false;
    *out = (*g_slots)[s].open;
    return true;
}

void check(const std::wstring& endpoint) {
    session::State st;
    if (endpoint.empty() || session::read(endpoint, &st) != MMSYSERR_NOERROR) return;
    DWORD value = layout::volume_to_value(st.volume);
    struct Target {
        DWORD_PTR target;
        DWORD kind;
        HMIXER mixer;
        layout::Flow flow;
    };
    std::vector<Target> targets;
    bool volume_changed = false, mute_changed = false;
    {
        std::lock_guard<std::recursive_mutex> g(g_lock);
        ensure_tables();
        Seen& seen = (*g_seen)[endpoint];
        if (seen.known) {
            volume_changed = seen.volume != value;
            mute_changed = seen.mute != st.mute;
        }
        seen.known = true;
        seen.volume = value;
        seen.mute = st.mute;
        if (!volume_changed && !mute_changed) return;
        for (size_t s = 0; s < g_slots->size(); ++s) {
            const Slot& sl = (*g_slots)[s];
            if (sl.used && sl.open.target && sl.open.endpoint == endpoint)
                targets.push_back({sl.open.target, sl.open.kind,
                                   reinterpret_cast<HMIXER>(kTag | static_cast<UINT_PTR>(sl.generation) << 16 | s),
                                   sl.open.flow});
        }
    }
    // Every control of the changed kind: on an endpoint they are all one software control, and Windows notifies
    // each of them ("Audio Mixers in Windows Vista").
    for (const Target& t : targets) {
        for (uint32_t line = 0; line < layout::line_count(t.flow); ++line) {
            if (volume_changed)
                driver::notify(t.target, t.kind, reinterpret_cast<HDRVR>(t.mixer), MM_MIXM_CONTROL_CHANGE, 0,
                               layout::control_id(line, layout::Kind::volume), 0);
            if (mute_changed)
                driver::notify(t.target, t.kind, reinterpret_cast<HDRVR>(t.mixer), MM_MIXM_CONTROL_CHANGE, 0,
                               layout::control_id(line, layout::Kind::mute), 0);
        }
    }
}

}  // namespace winmm::mixer::handles
