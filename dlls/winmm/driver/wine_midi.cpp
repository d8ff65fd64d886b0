#include "wine_midi.h"

#include <windows.h>

#include <mmdeviceapi.h>
#include <propidl.h>

#include "log.h"

namespace winmm::driver::lowlevel {

namespace {

// Spelled out here so the DLL needs no uuid library.
const CLSID kMMDeviceEnumerator = {0xbcde0395, 0xe52f, 0x467c, {0x8e, 0x3d, 0xc4, 0x57, 0x92, 0x91, 0x69, 0x2e}};
const IID kIMMDeviceEnumerator = {0xa95664d2, 0x9614, 0x4f35, {0xa7, 0x46, 0xde, 0x8d, 0xb6, 0x36, 0x17, 0xe6}};
// DEVPKEY_Device_Driver: the property Wine's "info device" names its driver with.
const PROPERTYKEY kDeviceDriver = {{0xa45c254e, 0xdf1c, 0x4efd, {0x80, 0x20, 0x67, 0xd1, 0x46, 0xa8, 0x50, 0xe0}}, 11};

bool under_wine() {
    HMODULE ntdll = GetModuleHandleW(L"ntdll.dll");
    return ntdll && GetProcAddress(ntdll, "wine_get_version");
}

}  // namespace

std::wstring wine_audio_driver() {
    if (!under_wine()) return std::wstring();
    std::wstring name;
    HRESULT init = CoInitializeEx(nullptr, COINIT_APARTMENTTHREADED);
    IMMDeviceEnumerator* devices = nullptr;
    IMMDevice* info = nullptr;
    IPropertyStore* props = nullptr;
    PROPVARIANT value;
    PropVariantInit(&value);
    if (SUCCEEDED(CoCreateInstance(kMMDeviceEnumerator, nullptr, CLSCTX_INPROC_SERVER, kIMMDeviceEnumerator,
                                   reinterpret_cast<void**>(&devices))) &&
        SUCCEEDED(devices->GetDevice(L"Wine info device", &info)) &&
        SUCCEEDED(info->OpenPropertyStore(STGM_READ, &props)) && SUCCEEDED(props->GetValue(kDeviceDriver, &value)) &&
        value.vt == VT_LPWSTR && value.pwszVal) {
        name = value.pwszVal;
    }
    PropVariantClear(&value);
    if (props) props->Release();
    if (info) info->Release();
    if (devices) devices->Release();
    if (SUCCEEDED(init)) CoUninitialize();
    WINMM_INFO("driver loader: Wine's audio driver is '%ls'", name.c_str());
    return name;
}

}  // namespace winmm::driver::lowlevel
