// Shared by the midi suite's programs: registering the test driver in Drivers32 for the life of the process
// (before the first MIDI call, which is when winmm reads it), reading its log, and collecting callbacks.
#pragma once

#include <windows.h>

#include <mmsystem.h>

#include <catch.hpp>

#include <mutex>
#include <string>
#include <vector>

#include "midi_test_driver.h"

namespace midi_test {

// Sets Drivers32's midi and midimapper values to the test driver, and puts back what was there on exit.
class Registration {
public:
    Registration() {
        set(L"midi", &midi_);
        set(L"midimapper", &mapper_);
    }
    ~Registration() {
        restore(L"midi", midi_);
        restore(L"midimapper", mapper_);
    }

private:
    struct Saved {
        bool had = false;
        std::wstring value;
    };
    Saved midi_, mapper_;
    static constexpr const wchar_t* kKey = L"Software\\Microsoft\\Windows NT\\CurrentVersion\\Drivers32";

    static void set(const wchar_t* name, Saved* saved) {
        HKEY k;
        if (RegCreateKeyExW(HKEY_LOCAL_MACHINE, kKey, 0, nullptr, 0, KEY_ALL_ACCESS, nullptr, &k, nullptr)) return;
        wchar_t buf[MAX_PATH];
        DWORD size = sizeof(buf), type = 0;
        if (RegQueryValueExW(k, name, nullptr, &type, reinterpret_cast<BYTE*>(buf), &size) == ERROR_SUCCESS &&
            type == REG_SZ) {
            saved->had = true;
            saved->value.assign(buf, size / sizeof(wchar_t));
            while (!saved->value.empty() && saved->value.back() == L'\0') saved->value.pop_back();
            // Our own value, left by a run that was killed before it could restore: not the prefix's.
            if (saved->value == L"midi_td.dll") saved->had = false;
        }
        const wchar_t* dll = L"midi_td.dll";
        RegSetValueExW(k, name, 0, REG_SZ, reinterpret_cast<const BYTE*>(dll),
                       static_cast<DWORD>((lstrlenW(dll) + 1) * sizeof(wchar_t)));
        RegCloseKey(k);
    }
    static void restore(const wchar_t* name, const Saved& saved) {
        HKEY k;
        if (RegOpenKeyExW(HKEY_LOCAL_MACHINE, kKey, 0, KEY_ALL_ACCESS, &k)) return;
        if (saved.had)
            RegSetValueExW(k, name, 0, REG_SZ, reinterpret_cast<const BYTE*>(saved.value.c_str()),
                           static_cast<DWORD>((saved.value.size() + 1) * sizeof(wchar_t)));
        else
            RegDeleteValueW(k, name);
        RegCloseKey(k);
    }
};

// The driver's log: clear() before an action, then the records it produced.
inline midi_td::Log* log() { return midi_td::open_log(); }
inline void clear_log() { InterlockedExchange(&log()->count, 0); }
inline std::vector<midi_td::Record> records(uint32_t entry = 0, uint32_t msg = 0) {
    std::vector<midi_td::Record> out;
    LONG n = log()->count;
    if (n > static_cast<LONG>(midi_td::kCapacity)) n = midi_td::kCapacity;
    for (LONG i = 0; i < n; ++i) {
        const midi_td::Record& r = log()->records[i];
        if ((entry == 0 || r.entry == entry) && (msg == 0 || r.msg == msg)) out.push_back(r);
    }
    return out;
}

inline double qpc_ms(int64_t ticks) {
    static const double per_ms = [] {
        LARGE_INTEGER f;
        QueryPerformanceFrequency(&f);
        return static_cast<double>(f.QuadPart) / 1000.0;
    }();
    return static_cast<double>(ticks) / per_ms;
}

inline int64_t qpc_now() {
    LARGE_INTEGER c;
    QueryPerformanceCounter(&c);
    return c.QuadPart;
}

// What a CALLBACK_FUNCTION callback saw, in order.
struct Seen {
    HANDLE handle;
    UINT msg;
    DWORD_PTR instance;
    DWORD_PTR p1;
    DWORD_PTR p2;
    int64_t qpc;
    DWORD thread;
};

class Callbacks {
public:
    static void CALLBACK proc(HANDLE h, UINT msg, DWORD_PTR instance, DWORD_PTR p1, DWORD_PTR p2) {
        auto* self = reinterpret_cast<Callbacks*>(instance);
        std::lock_guard<std::mutex> g(self->lock_);
        self->seen_.push_back(Seen{h, msg, instance, p1, p2, qpc_now(), GetCurrentThreadId()});
    }
    DWORD_PTR fn() const { return reinterpret_cast<DWORD_PTR>(&proc); }
    DWORD_PTR instance() { return reinterpret_cast<DWORD_PTR>(this); }
    std::vector<Seen> seen() {
        std::lock_guard<std::mutex> g(lock_);
        return seen_;
    }
    std::vector<UINT> messages() {
        std::vector<UINT> out;
        for (const Seen& s : seen()) out.push_back(s.msg);
        return out;
    }
    void clear() {
        std::lock_guard<std::mutex> g(lock_);
        seen_.clear();
    }
    // Waits until `count` callbacks have arrived (or the timeout passes).
    bool wait_for(size_t count, DWORD timeout_ms = 3000) {
        DWORD start = GetTickCount();
        while (GetTickCount() - start < timeout_ms) {
            {
                std::lock_guard<std::mutex> g(lock_);
                if (seen_.size() >= count) return true;
            }
            Sleep(2);
        }
        std::lock_guard<std::mutex> g(lock_);
        return seen_.size() >= count;
    }

private:
    std::mutex lock_;
    std::vector<Seen> seen_;
};

// Posted messages of a window or of this thread (hwnd nullptr), up to `count` or the timeout.
inline std::vector<MSG> pump(HWND hwnd, UINT first, UINT last, size_t count, DWORD timeout_ms = 3000) {
    std::vector<MSG> out;
    DWORD start = GetTickCount();
    while (out.size() < count && GetTickCount() - start < timeout_ms) {
        MSG m;
        if (PeekMessageW(&m, hwnd, first, last, PM_REMOVE)) {
            out.push_back(m);
        } else {
            MsgWaitForMultipleObjects(0, nullptr, FALSE, 20, QS_POSTMESSAGE);
        }
    }
    return out;
}

// A message-only window: it needs no display (Wine without one refuses visible windows).
inline HWND make_window() {
    return CreateWindowExW(0, L"STATIC", L"midi test", 0, 0, 0, 0, 0, HWND_MESSAGE, nullptr, nullptr, nullptr);
}

}  // namespace midi_test
