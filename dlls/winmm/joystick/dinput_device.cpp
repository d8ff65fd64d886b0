#include "dinput_device.h"

#include <cstddef>
#include <vector>

#include "axis_map.h"
#include "log.h"

namespace winmm::joystick::dinput_device {
namespace {

// What GetDeviceState fills with our data format.
struct RawState {
    LONG axis[axis_count];
    DWORD pov;
    BYTE buttons[button_max];
};
static_assert(sizeof(RawState) % 4 == 0, "DirectInput wants a multiple of 4 bytes");

AxisKind kind_of(const DIDEVICEOBJECTINSTANCEW& o) {
    if (o.wUsagePage == 0x01) {  // HID generic desktop
        switch (o.wUsage) {
        case 0x30: return AxisKind::x;
        case 0x31: return AxisKind::y;
        case 0x32: return AxisKind::z;
        case 0x33: return AxisKind::rx;
        case 0x34: return AxisKind::ry;
        case 0x35: return AxisKind::rz;
        case 0x36: return AxisKind::slider;
        case 0x37: return AxisKind::dial;
        case 0x38: return AxisKind::wheel;
        default: return AxisKind::other;
        }
    }
    // Devices without HID usages: DirectInput's object types.
    if (o.guidType == GUID_XAxis) return AxisKind::x;
    if (o.guidType == GUID_YAxis) return AxisKind::y;
    if (o.guidType == GUID_ZAxis) return AxisKind::z;
    if (o.guidType == GUID_RxAxis) return AxisKind::rx;
    if (o.guidType == GUID_RyAxis) return AxisKind::ry;
    if (o.guidType == GUID_RzAxis) return AxisKind::rz;
    if (o.guidType == GUID_Slider) return AxisKind::slider;
    return AxisKind::other;
}

struct AxisList {
    std::vector<AxisKind> kinds;
    std::vector<DWORD> types;  // each axis' dwType, which names it in a data format
};

BOOL CALLBACK collect_axis(LPCDIDEVICEOBJECTINSTANCEW o, LPVOID context) {
    DWORD aspect = o->dwFlags & DIDOI_ASPECTMASK;
    if (aspect != 0 && aspect != DIDOI_ASPECTPOSITION) return DIENUM_CONTINUE;  // velocity, force...
    auto* list = static_cast<AxisList*>(context);
    list->kinds.push_back(kind_of(*o));
    list->types.push_back(o->dwType);
    return DIENUM_CONTINUE;
}

DWORD clamp_axis(LONG v) { return v < 0 ? 0 : v > LONG(axis_max) ? axis_max : DWORD(v); }

}  // namespace

IDirectInputDevice8W* open(IDirectInput8W* dinput, const GUID& instance, DeviceInfo* info) {
    IDirectInputDevice8W* dev = nullptr;
    HRESULT hr = dinput->CreateDevice(instance, &dev, nullptr);
    if (FAILED(hr)) {
        WINMM_WARN("joystick: CreateDevice failed (0x%08lx)", hr);
        return nullptr;
    }
    AxisList axes;
    dev->EnumObjects(collect_axis, &axes, DIDFT_AXIS);
    const AxisAssignment assigned = assign_axes(axes.kinds);

    std::vector<DIOBJECTDATAFORMAT> objects;
    *info = DeviceInfo{};
    for (int a = 0; a < axis_count; ++a) {
        if (assigned[a] < 0) continue;
        info->has_axis[a] = true;
        objects.push_back({nullptr, DWORD(offsetof(RawState, axis) + a * sizeof(LONG)), axes.types[assigned[a]], 0});
    }
    objects.push_back({&GUID_POV, DWORD(offsetof(RawState, pov)), DIDFT_OPTIONAL | DIDFT_POV | DIDFT_ANYINSTANCE, 0});
    for (UINT b = 0; b < button_max; ++b)
        objects.push_back({nullptr, DWORD(offsetof(RawState, buttons) + b),
                           DIDFT_OPTIONAL | DIDFT_BUTTON | DIDFT_ANYINSTANCE, 0});
    DIDATAFORMAT format = {sizeof(DIDATAFORMAT), sizeof(DIOBJECTDATAFORMAT), DIDF_ABSAXIS, sizeof(RawState),
                           DWORD(objects.size()), objects.data()};

    DIPROPRANGE range = {};
    range.diph = {sizeof(DIPROPRANGE), sizeof(DIPROPHEADER), 0, DIPH_DEVICE};
    range.lMin = 0;
    range.lMax = LONG(axis_max);
    DIDEVCAPS caps = {};
    caps.dwSize = sizeof caps;
    DIPROPDWORD vidpid = {};
    vidpid.diph = {sizeof(DIPROPDWORD), sizeof(DIPROPHEADER), 0, DIPH_DEVICE};

    const char* step = "SetDataFormat";
    if (FAILED(hr = dev->SetDataFormat(&format))) goto fail;
    step = "SetCooperativeLevel";
    // Background and shared: winmm reads the controller whichever window has the focus, beside any other reader.
    if (FAILED(hr = dev->SetCooperativeLevel(nullptr, DISCL_BACKGROUND | DISCL_NONEXCLUSIVE))) goto fail;
    step = "GetCapabilities";
    if (FAILED(hr = dev->GetCapabilities(&caps))) goto fail;
    // DirectInput 8's default range is already 0..65535; set it anyway so a device that says otherwise cannot
    // shift winmm's values. A device without absolute axes refuses it, which is harmless.
    dev->SetProperty(DIPROP_RANGE, &range.diph);
    if (SUCCEEDED(dev->GetProperty(DIPROP_VIDPID, &vidpid.diph))) {
        info->vendor_id = LOWORD(vidpid.dwData);
        info->product_id = HIWORD(vidpid.dwData);
    }
    info->buttons = caps.dwButtons;
    info->has_pov = caps.dwPOVs > 0;
    step = "Acquire";
    if (FAILED(hr = dev->Acquire())) goto fail;
    return dev;
fail:
    WINMM_WARN("joystick: %s failed (0x%08lx)", step, hr);
    dev->Release();
    return nullptr;
}

HRESULT read(IDirectInputDevice8W* device, const DeviceInfo& info, DeviceState* out) {
    RawState raw = {};
    device->Poll();  // polled devices need it; interrupt-driven ones answer DI_NOEFFECT
    HRESULT hr = device->GetDeviceState(sizeof raw, &raw);
    if (hr == DIERR_INPUTLOST || hr == DIERR_NOTACQUIRED) {
        device->Acquire();
        device->Poll();
        hr = device->GetDeviceState(sizeof raw, &raw);
    }
    if (FAILED(hr)) return hr;
    *out = DeviceState{};
    for (int a = 0; a < axis_count; ++a) {
        out->has_axis[a] = info.has_axis[a];
        out->axis[a] = out->has_axis[a] ? clamp_axis(raw.axis[a]) : 0;
    }
    out->has_pov = info.has_pov;
    // DirectInput's centred hat has 0xFFFF in its low word; anything else is hundredths of a degree.
    out->pov = (!out->has_pov || LOWORD(raw.pov) == 0xFFFF || raw.pov >= 36000) ? JOY_POVCENTERED : raw.pov;
    for (UINT b = 0; b < button_max; ++b)
        if (raw.buttons[b] & 0x80) out->buttons |= 1u << b;
    return hr;
}

}  // namespace winmm::joystick::dinput_device
