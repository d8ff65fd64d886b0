// winmm's audio session on each endpoint through MMDevAPI: IMMDevice -> IAudioSessionManager ->
// ISimpleAudioVolume (volume, mute) and IAudioSessionControl (change events). One entry per endpoint, made on
// first use and kept for the life of the process (endpoints are few; the objects are free-threaded).
#include "session.h"

#include <audiopolicy.h>
#include <mmdeviceapi.h>

#include <atomic>
#include <map>
#include <mutex>

#include "../log.h"
#include "../wave/session_guid.h"

namespace winmm::mixer::session {

namespace {

// The headers' __uuidof values (no uuid library needed).
const CLSID kMMDeviceEnumerator = __uuidof(MMDeviceEnumerator);
const IID kIMMDeviceEnumerator = __uuidof(IMMDeviceEnumerator);
const IID kIAudioSessionManager = __uuidof(IAudioSessionManager);
const IID kIAudioSessionEvents = __uuidof(IAudioSessionEvents);
const IID kIUnknown = __uuidof(IUnknown);
const PROPERTYKEY kFormFactor = {{0x1da5d803, 0xd492, 0x4edd, {0x8c, 0x23, 0xe0, 0xc0, 0xff, 0xee, 0x7f, 0x0e}}, 0};

std::atomic<ChangeHook> g_hook{nullptr};

// Forwards the session's volume/mute events to the hook; the hook re-reads the state itself, so the event's
// values are not needed.
class Events final : public IAudioSessionEvents {
public:
    explicit Events(std::wstring endpoint) : endpoint_(std::move(endpoint)) {}
    HRESULT STDMETHODCALLTYPE QueryInterface(REFIID iid, void** out) override {
        if (!out) return E_POINTER;
        if (IsEqualIID(iid, kIUnknown) || IsEqualIID(iid, kIAudioSessionEvents)) {
            *out = static_cast<IAudioSessionEvents*>(this);
            AddRef();
            return S_OK;
        }
        *out = nullptr;
        return E_NOINTERFACE;
    }
    // Lives as long as the process (its entry is never freed).
    ULONG STDMETHODCALLTYPE AddRef() override { return 2; }
    ULONG STDMETHODCALLTYPE Release() override { return 1; }
    HRESULT STDMETHODCALLTYPE OnDisplayNameChanged(LPCWSTR, LPCGUID) override { return S_OK; }
    HRESULT STDMETHODCALLTYPE OnIconPathChanged(LPCWSTR, LPCGUID) override { return S_OK; }
    HRESULT STDMETHODCALLTYPE OnSimpleVolumeChanged(float, BOOL, LPCGUID) override {
        if (ChangeHook h = g_hook.load()) h(endpoint_);
        return S_OK;
    }
    HRESULT STDMETHODCALLTYPE OnChannelVolumeChanged(DWORD, float*, DWORD, LPCGUID) override { return S_OK; }
    HRESULT STDMETHODCALLTYPE OnGroupingParamChanged(LPCGUID, LPCGUID) override { return S_OK; }
    HRESULT STDMETHODCALLTYPE OnStateChanged(AudioSessionState) override { return S_OK; }
    HRESULT STDMETHODCALLTYPE OnSessionDisconnected(AudioSessionDisconnectReason) override { return S_OK; }

private:
    std::wstring endpoint_;
};

struct Entry {
    ISimpleAudioVolume* volume = nullptr;
    IAudioSessionControl* control = nullptr;
    Events* events = nullptr;
    layout::FormFactor form = layout::FormFactor::unknown;
};

std::mutex g_lock;
std::map<std::wstring, Entry*>* g_entries = nullptr;  // never freed: COM may be gone at process exit

// Threads that never initialised COM join the process's implicit MTA once an MTA exists; CoIncrementMTAUsage
// keeps one alive, so calls need not touch the caller's own apartment state.
void ensure_mta() {
    static std::once_flag once;
    std::call_once(once, [] {
        using Fn = HRESULT(WINAPI*)(void**);
        HMODULE ole = GetModuleHandleW(L"ole32.dll");
        if (!ole) ole = LoadLibraryW(L"ole32.dll");
        auto fn = ole ? reinterpret_cast<Fn>(reinterpret_cast<void*>(GetProcAddress(ole, "CoIncrementMTAUsage"))) : nullptr;
        void* cookie = nullptr;
        if (!fn || FAILED(fn(&cookie))) WINMM_WARN("mixer: no implicit MTA (CoIncrementMTAUsage unavailable)");
    });
}

Entry* create(const std::wstring& endpoint) {
    ensure_mta();
    // Where the thread is in no apartment and there is no implicit MTA, join the MTA for the creation only.
    HRESULT init = CoInitializeEx(nullptr, COINIT_MULTITHREADED);
    bool uninit = SUCCEEDED(init);  // S_FALSE too: every successful call is balanced
    IMMDeviceEnumerator* enumerator = nullptr;
    IMMDevice* device = nullptr;
    IAudioSessionManager* manager = nullptr;
    Entry* e = nullptr;
    HRESULT hr = CoCreateInstance(kMMDeviceEnumerator, nullptr, CLSCTX_INPROC_SERVER, kIMMDeviceEnumerator,
                                  reinterpret_cast<void**>(&enumerator));
    const char* step = "CoCreateInstance(MMDeviceEnumerator)";
    if (SUCCEEDED(hr)) {
        step = "GetDevice";
        hr = enumerator->GetDevice(endpoint.c_str(), &device);
    }
    if (SUCCEEDED(hr)) {
        step = "Activate(IAudioSessionManager)";
        hr = device->Activate(kIAudioSessionManager, CLSCTX_INPROC_SERVER, nullptr, reinterpret_cast<void**>(&manager));
    }
    if (SUCCEEDED(hr)) {
        e = new Entry;
        step = "GetSimpleAudioVolume";
        hr = manager->GetSimpleAudioVolume(&audio::kSessionGuid, FALSE, &e->volume);
        if (FAILED(hr)) {
            delete e;
            e = nullptr;
        }
    }
    if (e) {
        if (SUCCEEDED(manager->GetAudioSessionControl(&audio::kSessionGuid, FALSE, &e->control))) {
            e->events = new Events(endpoint);
            if (FAILED(e->control->RegisterAudioSessionNotification(e->events)))
                WINMM_DEBUG("mixer: session events unavailable; changes are seen by polling");
        }
        IPropertyStore* props = nullptr;
        if (SUCCEEDED(device->OpenPropertyStore(STGM_READ, &props))) {
            PROPVARIANT v;
            PropVariantInit(&v);
            if (SUCCEEDED(props->GetValue(kFormFactor, &v)) && v.vt == VT_UI4 && v.ulVal < 10)
                e->form = static_cast<layout::FormFactor>(v.ulVal);
            PropVariantClear(&v);
            props->Release();
        }
    } else {
        WINMM_WARN("mixer: endpoint %ls unreachable: %s failed (0x%08lx)", endpoint.c_str(), step,
                   static_cast<unsigned long>(hr));
    }
    if (manager) manager->Release();
    if (device) device->Release();
    if (enumerator) enumerator->Release();
    if (uninit) CoUninitialize();
    return e;
}

Entry* entry_for(const std::wstring& endpoint) {
    if (endpoint.empty()) return nullptr;
    {
        std::lock_guard<std::mutex> g(g_lock);
        if (!g_entries) g_entries = new std::map<std::wstring, Entry*>;
        auto it = g_entries->find(endpoint);
        if (it != g_entries->end()) return it->second;
    }
    // Made outside the lock (COM calls may take a while or call back); a lost race frees its copy.
    Entry* made = create(endpoint);
    if (!made) return nullptr;
    std::lock_guard<std::mutex> g(g_lock);
    auto [it, inserted] = g_entries->emplace(endpoint, made);
    if (!inserted) {
        if (made->control) {
            if (made->events) made->control->UnregisterAudioSessionNotification(made->events);
            made->control->Release();
        }
        made->volume->Release();
        // made->events may still be referenced by a pending callback; it is tiny, so it is left.
        delete made;
    }
    return it->second;
}

}  // namespace

MMRESULT read(const std::wstring& endpoint, State* out) {
    Entry* e = entry_for(endpoint);
    if (!e) return MMSYSERR_NODRIVER;
    float v = 1.0f;
    BOOL m = FALSE;
    if (FAILED(e->volume->GetMasterVolume(&v)) || FAILED(e->volume->GetMute(&m))) return MMSYSERR_NODRIVER;
    out->volume = v;
    out->mute = m != FALSE;
    return MMSYSERR_NOERROR;
}

MMRESULT set_volume(const std::wstring& endpoint, float volume) {
    Entry* e = entry_for(endpoint);
    if (!e) return MMSYSERR_NODRIVER;
    return SUCCEEDED(e->volume->SetMasterVolume(volume, &audio::kSessionGuid)) ? MMSYSERR_NOERROR : MMSYSERR_ERROR;
}

MMRESULT set_mute(const std::wstring& endpoint, bool mute) {
    Entry* e = entry_for(endpoint);
    if (!e) return MMSYSERR_NODRIVER;
    return SUCCEEDED(e->volume->SetMute(mute ? TRUE : FALSE, &audio::kSessionGuid)) ? MMSYSERR_NOERROR : MMSYSERR_ERROR;
}

layout::FormFactor form_factor(const std::wstring& endpoint) {
    Entry* e = entry_for(endpoint);
    return e ? e->form : layout::FormFactor::unknown;
}

void set_change_hook(ChangeHook hook) { g_hook.store(hook); }

}  // namespace winmm::mixer::session
