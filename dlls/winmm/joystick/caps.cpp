#include "caps.h"

#include <algorithm>
#include <cwchar>

namespace winmm::joystick {

namespace {

// The registry key name and product name Windows reports for a DirectInput game controller (Wine's dinput test
// test_winmm_joystick, run on Windows; Wine's builtin reports another name there, marked todo_wine).
const wchar_t reg_key[] = L"DINPUT.DLL";
const wchar_t product_name[] = L"Microsoft PC-joystick driver";

void copy_name(wchar_t* dst, size_t capacity, const wchar_t* src) {
    std::wcsncpy(dst, src, capacity - 1);
    dst[capacity - 1] = L'\0';
}

}  // namespace

JOYCAPS2W caps_registry_only() {
    JOYCAPS2W c = {};
    copy_name(c.szRegKey, MAXPNAMELEN, reg_key);
    return c;
}

JOYCAPS2W caps_for_device(const DeviceInfo& d) {
    JOYCAPS2W c = caps_registry_only();
    c.wMid = d.vendor_id;
    c.wPid = d.product_id;
    copy_name(c.szPname, MAXPNAMELEN, product_name);
    // Every axis range is 0..65535 whether the device has the axis or not (same test: wVmax is 0xffff for a
    // device without V).
    c.wXmax = c.wYmax = c.wZmax = c.wRmax = c.wUmax = c.wVmax = axis_max;
    c.wNumButtons = std::min<unsigned>(d.buttons, button_max);
    c.wPeriodMin = period_min;
    c.wPeriodMax = period_max;
    if (d.has_axis[axis_z]) c.wCaps |= JOYCAPS_HASZ;
    if (d.has_axis[axis_r]) c.wCaps |= JOYCAPS_HASR;
    if (d.has_axis[axis_u]) c.wCaps |= JOYCAPS_HASU;
    if (d.has_axis[axis_v]) c.wCaps |= JOYCAPS_HASV;
    // A hat is announced as a four-direction POV (same test: an eight-position hat gives HASPOV | POV4DIR).
    if (d.has_pov) c.wCaps |= JOYCAPS_HASPOV | JOYCAPS_POV4DIR;
    c.wMaxAxes = axis_count;
    for (bool present : d.has_axis)
        if (present) ++c.wNumAxes;  // the axes in use: 5 for that test's device, which has no V
    c.wMaxButtons = button_max;
    return c;
}

JOYCAPS2A narrow_caps(const JOYCAPS2W& w) {
    JOYCAPS2A a = {};
    a.wMid = w.wMid;
    a.wPid = w.wPid;
    a.wXmin = w.wXmin; a.wXmax = w.wXmax;
    a.wYmin = w.wYmin; a.wYmax = w.wYmax;
    a.wZmin = w.wZmin; a.wZmax = w.wZmax;
    a.wNumButtons = w.wNumButtons;
    a.wPeriodMin = w.wPeriodMin;
    a.wPeriodMax = w.wPeriodMax;
    a.wRmin = w.wRmin; a.wRmax = w.wRmax;
    a.wUmin = w.wUmin; a.wUmax = w.wUmax;
    a.wVmin = w.wVmin; a.wVmax = w.wVmax;
    a.wCaps = w.wCaps;
    a.wMaxAxes = w.wMaxAxes;
    a.wNumAxes = w.wNumAxes;
    a.wMaxButtons = w.wMaxButtons;
    a.ManufacturerGuid = w.ManufacturerGuid;
    a.ProductGuid = w.ProductGuid;
    a.NameGuid = w.NameGuid;
    // The names are ASCII, so the conversion cannot fail or grow; the terminator is kept when it would.
    WideCharToMultiByte(CP_ACP, 0, w.szPname, -1, a.szPname, sizeof a.szPname, nullptr, nullptr);
    WideCharToMultiByte(CP_ACP, 0, w.szRegKey, -1, a.szRegKey, sizeof a.szRegKey, nullptr, nullptr);
    WideCharToMultiByte(CP_ACP, 0, w.szOEMVxD, -1, a.szOEMVxD, sizeof a.szOEMVxD, nullptr, nullptr);
    a.szPname[sizeof a.szPname - 1] = a.szRegKey[sizeof a.szRegKey - 1] = a.szOEMVxD[sizeof a.szOEMVxD - 1] = '\0';
    return a;
}

}  // namespace winmm::joystick
