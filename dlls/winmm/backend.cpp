// Lazy, thread-safe resolution of the opt-in backend winmm (WINMM_BACKEND) and of each delegated export.
#include "backend.h"

#include <string>

#include "log.h"

// Emitted by the generated thunks file.
extern "C" void* winmm_delegate_slots[];
extern "C" const char* const winmm_delegate_names[];
extern "C" void* const winmm_delegate_fallbacks[];
extern "C" const unsigned winmm_delegate_count;

namespace winmm::backend {

namespace {

HMODULE self_module;
HMODULE backend_module;
INIT_ONCE backend_once = INIT_ONCE_STATIC_INIT;

// The backend is opt-in: only a path in WINMM_BACKEND names one (comparison runs against another winmm). Unset,
// empty or `none` means no backend. There is no default path: loading the system winmm beside ours would put a
// second module named winmm.dll in the process, and GetModuleHandle("winmm.dll") may then return that one.
std::wstring backend_path() {
    wchar_t buf[MAX_PATH * 2];
    DWORD n = GetEnvironmentVariableW(L"WINMM_BACKEND", buf, MAX_PATH * 2);
    if (n >= MAX_PATH * 2) {
        WINMM_WARN("WINMM_BACKEND is longer than %u characters: ignored", MAX_PATH * 2 - 1);
        return std::wstring();
    }
    return std::wstring(buf, n);
}

std::string narrow(const std::wstring& w) {
    std::string s;
    for (wchar_t c : w) s += (c < 0x80) ? static_cast<char>(c) : '?';
    return s;
}

BOOL CALLBACK load_backend(PINIT_ONCE, PVOID, PVOID*) {
    wchar_t self_path[MAX_PATH] = L"?";
    GetModuleFileNameW(self(), self_path, MAX_PATH);
    WINMM_INFO("module %s", narrow(self_path).c_str());

    std::wstring path = backend_path();
    if (path.empty() || path == L"none") {
        WINMM_INFO("no backend (WINMM_BACKEND is %s): delegated exports return their failure values",
                   path.empty() ? "not set" : "none");
        return TRUE;
    }
    HMODULE m = LoadLibraryExW(path.c_str(), nullptr, 0);
    if (!m) {
        WINMM_WARN("backend %s cannot be loaded (error %lu): delegated exports return their failure values",
                   narrow(path).c_str(), GetLastError());
        return TRUE;
    }
    if (m == self()) {
        FreeLibrary(m);
        WINMM_WARN("backend %s is this module: no backend, delegated exports return their failure values",
                   narrow(path).c_str());
        return TRUE;
    }
    wchar_t loaded[MAX_PATH] = L"?";
    GetModuleFileNameW(m, loaded, MAX_PATH);
    WINMM_INFO("backend %s (loaded as %s)", narrow(path).c_str(), narrow(loaded).c_str());
    backend_module = m;
    return TRUE;
}

}  // namespace

HMODULE self() { return self_module; }

void set_self(HMODULE module) { self_module = module; }

HMODULE module() {
    InitOnceExecuteOnce(&backend_once, load_backend, nullptr, nullptr);
    return backend_module;
}

}  // namespace winmm::backend

extern "C" void* winmm_resolve_delegate(unsigned index) {
    if (index >= winmm_delegate_count) return nullptr;  // cannot happen: the generator numbers the stubs
    const char* name = winmm_delegate_names[index];
    void* target = nullptr;
    if (HMODULE m = winmm::backend::module()) {
        target = reinterpret_cast<void*>(GetProcAddress(m, name));
        if (target)
            WINMM_DEBUG("%s: delegated to the backend", name);
        else
            WINMM_WARN("%s: missing in the backend, returns its failure value", name);
    }
    if (!target) target = winmm_delegate_fallbacks[index];
    // Racing threads store the same value; the thunk's indirect jump reads a whole pointer either way.
    __atomic_store_n(&winmm_delegate_slots[index], target, __ATOMIC_RELEASE);
    return target;
}
