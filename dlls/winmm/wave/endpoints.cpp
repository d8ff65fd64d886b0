// The endpoint lists: enumerated through MMDevAPI, cached per flow behind one lock.
#include "endpoints.h"

#include <functiondiscoverykeys_devpkey.h>
#include <propvarutil.h>

#include <audioclient.h>

#include <mutex>

#include "log.h"

namespace winmm::wave {
namespace {

struct Cache {
    std::mutex lock;
    bool valid[2] = {false, false};
    std::vector<Endpoint> list[2];
};

Cache& cache() {
    static Cache c;  // never destroyed before the process ends; built on first use, after DllMain
    return c;
}

// PKEY_Device_FriendlyName, defined here: MinGW's uuid library does not carry the device property keys.
const PROPERTYKEY kFriendlyName = {{0xa45c254e, 0xdf1c, 0x4efd, {0x80, 0x20, 0x67, 0xd1, 0x46, 0xa8, 0x50, 0xe0}}, 14};

EDataFlow data_flow(Flow f) { return f == Flow::render ? eRender : eCapture; }

IMMDeviceEnumerator* make_enumerator() {
    IMMDeviceEnumerator* e = nullptr;
    HRESULT hr = CoCreateInstance(__uuidof(MMDeviceEnumerator), nullptr, CLSCTX_INPROC_SERVER,
                                  __uuidof(IMMDeviceEnumerator), reinterpret_cast<void**>(&e));
    if (FAILED(hr)) {
        WINMM_WARN("wave: no MMDevAPI enumerator (hr %08lx)\n", static_cast<unsigned long>(hr));
        return nullptr;
    }
    return e;
}

bool describe(IMMDevice* dev, Endpoint& ep) {
    LPWSTR id = nullptr;
    if (FAILED(dev->GetId(&id)) || !id) return false;
    ep.id = id;
    CoTaskMemFree(id);
    IPropertyStore* props = nullptr;
    if (SUCCEEDED(dev->OpenPropertyStore(STGM_READ, &props))) {
        PROPVARIANT v;
        PropVariantInit(&v);
        if (SUCCEEDED(props->GetValue(kFriendlyName, &v)) && v.vt == VT_LPWSTR && v.pwszVal)
            ep.name = v.pwszVal;
        PropVariantClear(&v);
        props->Release();
    }
    IAudioClient* client = nullptr;
    if (SUCCEEDED(dev->Activate(__uuidof(IAudioClient), CLSCTX_INPROC_SERVER, nullptr,
                                reinterpret_cast<void**>(&client)))) {
        WAVEFORMATEX* mix = nullptr;
        if (SUCCEEDED(client->GetMixFormat(&mix)) && mix) {
            ep.channels = mix->nChannels;
            ep.rate = mix->nSamplesPerSec;
            CoTaskMemFree(mix);
        }
        client->Release();
    }
    return true;
}

std::vector<Endpoint> enumerate(Flow flow) {
    std::vector<Endpoint> out;
    ComScope com;
    IMMDeviceEnumerator* e = make_enumerator();
    if (!e) return out;
    std::wstring default_id;
    IMMDevice* def = nullptr;
    if (SUCCEEDED(e->GetDefaultAudioEndpoint(data_flow(flow), eConsole, &def)) && def) {
        Endpoint ep;
        if (describe(def, ep)) {
            default_id = ep.id;
            out.push_back(std::move(ep));
        }
        def->Release();
    }
    IMMDeviceCollection* coll = nullptr;
    if (SUCCEEDED(e->EnumAudioEndpoints(data_flow(flow), DEVICE_STATE_ACTIVE, &coll)) && coll) {
        UINT n = 0;
        coll->GetCount(&n);
        for (UINT i = 0; i < n; ++i) {
            IMMDevice* dev = nullptr;
            if (FAILED(coll->Item(i, &dev)) || !dev) continue;
            Endpoint ep;
            if (describe(dev, ep) && ep.id != default_id) out.push_back(std::move(ep));
            dev->Release();
        }
        coll->Release();
    }
    e->Release();
    WINMM_INFO("wave: %u %s endpoint(s)\n", static_cast<unsigned>(out.size()),
               flow == Flow::render ? "render" : "capture");
    return out;
}

const std::vector<Endpoint>& cached(Flow flow, std::unique_lock<std::mutex>& held) {
    Cache& c = cache();
    int i = flow == Flow::render ? 0 : 1;
    if (!c.valid[i]) {
        // Enumerate without the lock (COM calls can take long and may re-enter); first writer wins.
        held.unlock();
        std::vector<Endpoint> fresh = enumerate(flow);
        held.lock();
        if (!c.valid[i]) {
            c.list[i] = std::move(fresh);
            c.valid[i] = true;
        }
    }
    return c.list[i];
}

}  // namespace

ComScope::ComScope() {
    HRESULT hr = CoInitializeEx(nullptr, COINIT_MULTITHREADED);
    uninit_ = SUCCEEDED(hr);  // S_OK or S_FALSE need a matching CoUninitialize; RPC_E_CHANGED_MODE does not
}

ComScope::~ComScope() {
    if (uninit_) CoUninitialize();
}

std::vector<Endpoint> endpoints(Flow flow) {
    std::unique_lock<std::mutex> held(cache().lock);
    return cached(flow, held);
}

unsigned endpoint_count(Flow flow) {
    std::unique_lock<std::mutex> held(cache().lock);
    return static_cast<unsigned>(cached(flow, held).size());
}

bool endpoint_at(Flow flow, unsigned id, Endpoint& out) {
    std::unique_lock<std::mutex> held(cache().lock);
    const std::vector<Endpoint>& l = cached(flow, held);
    if (id >= l.size()) return false;
    out = l[id];
    return true;
}

unsigned default_index(Flow flow) {
    std::vector<Endpoint> l = endpoints(flow);
    if (l.empty()) return 0;
    ComScope com;
    IMMDeviceEnumerator* e = make_enumerator();
    if (!e) return 0;
    unsigned index = 0;
    IMMDevice* def = nullptr;
    if (SUCCEEDED(e->GetDefaultAudioEndpoint(data_flow(flow), eConsole, &def)) && def) {
        LPWSTR id = nullptr;
        if (SUCCEEDED(def->GetId(&id)) && id) {
            for (unsigned i = 0; i < l.size(); ++i)
                if (l[i].id == id) index = i;
            CoTaskMemFree(id);
        }
        def->Release();
    }
    e->Release();
    return index;
}

void refresh() {
    std::lock_guard<std::mutex> held(cache().lock);
    cache().valid[0] = cache().valid[1] = false;
}

IMMDevice* open_endpoint(const std::wstring& id) {
    IMMDeviceEnumerator* e = make_enumerator();
    if (!e) return nullptr;
    IMMDevice* dev = nullptr;
    if (FAILED(e->GetDevice(id.c_str(), &dev))) dev = nullptr;
    e->Release();
    return dev;
}

}  // namespace winmm::wave
