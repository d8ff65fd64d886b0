// mixerGetLineControlsA/W (ALL, ONEBYID, ONEBYTYPE), mixerGetControlDetailsA/W (VALUE, LISTTEXT) and
// mixerSetControlDetails (VALUE, CUSTOM). Every volume control reads and sets the endpoint session's volume, every
// mute control its mute (session.h).
#include <windows.h>

#include <mmsystem.h>

#include <cstring>
#include <vector>

#include "devices.h"
#include "handles.h"
#include "layout.h"
#include "object.h"
#include "session.h"

using namespace winmm::mixer;

namespace {

constexpr DWORD kControlsQueryMask = MIXER_GETLINECONTROLSF_QUERYMASK;  // 0x0000000F
constexpr DWORD kDetailsQueryMask = MIXER_GETCONTROLDETAILSF_QUERYMASK;  // 0x0000000F (also the SET mask)

void fill_control(uint32_t line_index, layout::Kind kind, MIXERCONTROLW* out) {
    MIXERCONTROLW c;
    std::memset(&c, 0, sizeof(c));
    c.cbStruct = sizeof(MIXERCONTROLW);
    c.dwControlID = layout::control_id(line_index, kind);
    c.dwControlType = layout::control_type(kind);
    c.fdwControl = layout::kControlUniform;
    c.cMultipleItems = 0;
    lstrcpynW(c.szShortName, layout::control_short_name(line_index, kind), MIXER_SHORT_NAME_CHARS);
    lstrcpynW(c.szName, layout::control_name(line_index, kind), MIXER_LONG_NAME_CHARS);
    if (kind == layout::Kind::volume) {
        c.Bounds.dwMinimum = 0;
        c.Bounds.dwMaximum = layout::kVolumeMax;
        c.Metrics.cSteps = layout::kVolumeSteps;
    } else {
        c.Bounds.lMinimum = 0;
        c.Bounds.lMaximum = 1;
    }
    *out = c;
}

// The W query; pamxctrl receives cControls MIXERCONTROLW at a stride of cbmxctrl.
MMRESULT line_controls(HMIXEROBJ hmxobj, MIXERLINECONTROLSW* lc, DWORD flags) {
    DWORD query = flags & kControlsQueryMask;
    if ((flags & ~(kObjectMask | kControlsQueryMask)) != 0 || !object_flags_valid(flags) ||
        query > MIXER_GETLINECONTROLSF_ONEBYTYPE)
        return MMSYSERR_INVALFLAG;
    Device d;
    MMRESULT r = resolve(hmxobj, flags & kObjectMask, &d);
    if (r != MMSYSERR_NOERROR) return r;
    if (!lc->pamxctrl || lc->cbmxctrl < sizeof(MIXERCONTROLW) || lc->cControls == 0) return MMSYSERR_INVALPARAM;
    auto* out = reinterpret_cast<BYTE*>(lc->pamxctrl);
    uint32_t line = 0;
    switch (query) {
    case MIXER_GETLINECONTROLSF_ALL:
        if (!layout::line_index_of(d.flow, lc->dwLineID, &line)) return MIXERR_INVALLINE;
        // "The cControls member must be initialized to the number of controls associated with the line."
        if (lc->cControls != layout::kControlsPerLine) return MMSYSERR_INVALPARAM;
        fill_control(line, layout::Kind::volume, reinterpret_cast<MIXERCONTROLW*>(out));
        fill_control(line, layout::Kind::mute, reinterpret_cast<MIXERCONTROLW*>(out + lc->cbmxctrl));
        return MMSYSERR_NOERROR;
    case MIXER_GETLINECONTROLSF_ONEBYID: {
        if (lc->cControls != 1) return MMSYSERR_INVALPARAM;
        layout::Kind kind;
        if (!layout::decode_control(d.flow, lc->dwControlID, &line, &kind)) return MIXERR_INVALCONTROL;
        fill_control(line, kind, reinterpret_cast<MIXERCONTROLW*>(out));
        // "the mixer device still returns this member in this case"
        lc->dwLineID = layout::line_at(d.flow, line).line_id;
        return MMSYSERR_NOERROR;
    }
    default: {  // ONEBYTYPE
        if (lc->cControls != 1) return MMSYSERR_INVALPARAM;
        if (!layout::line_index_of(d.flow, lc->dwLineID, &line)) return MIXERR_INVALLINE;
        if (lc->dwControlType == layout::kControlVolume)
            fill_control(line, layout::Kind::volume, reinterpret_cast<MIXERCONTROLW*>(out));
        else if (lc->dwControlType == layout::kControlMute)
            fill_control(line, layout::Kind::mute, reinterpret_cast<MIXERCONTROLW*>(out));
        else
            return MIXERR_INVALCONTROL;
        return MMSYSERR_NOERROR;
    }
    }
}

void narrow(const MIXERCONTROLW& w, MIXERCONTROLA* a) {
    MIXERCONTROLA c;
    std::memset(&c, 0, sizeof(c));
    c.cbStruct = sizeof(MIXERCONTROLA);
    c.dwControlID = w.dwControlID;
    c.dwControlType = w.dwControlType;
    c.fdwControl = w.fdwControl;
    c.cMultipleItems = w.cMultipleItems;
    WideCharToMultiByte(CP_ACP, 0, w.szShortName, -1, c.szShortName, sizeof(c.szShortName), nullptr, nullptr);
    c.szShortName[sizeof(c.szShortName) - 1] = '\0';
    WideCharToMultiByte(CP_ACP, 0, w.szName, -1, c.szName, sizeof(c.szName), nullptr, nullptr);
    c.szName[sizeof(c.szName) - 1] = '\0';
    std::memcpy(&c.Bounds, &w.Bounds, sizeof(c.Bounds));
    std::memcpy(&c.Metrics, &w.Metrics, sizeof(c.Metrics));
    *a = c;
}

// Get (set == false) or set one control's value; the checks are the same for both directions.
MMRESULT details(HMIXEROBJ hmxobj, MIXERCONTROLDETAILS* cd, DWORD flags, bool set) {
    if (!cd || cd->cbStruct < sizeof(MIXERCONTROLDETAILS)) return MMSYSERR_INVALPARAM;
    DWORD query = flags & kDetailsQueryMask;
    if ((flags & ~(kObjectMask | kDetailsQueryMask)) != 0 || !object_flags_valid(flags) ||
        query > (set ? MIXER_SETCONTROLDETAILSF_CUSTOM : MIXER_GETCONTROLDETAILSF_LISTTEXT))
        return MMSYSERR_INVALFLAG;
    Device d;
    MMRESULT r = resolve(hmxobj, flags & kObjectMask, &d);
    if (r != MMSYSERR_NOERROR) return r;
    uint32_t line;
    layout::Kind kind;
    if (!layout::decode_control(d.flow, cd->dwControlID, &line, &kind)) return MIXERR_INVALCONTROL;
    // [decision] LISTTEXT and CUSTOM exist for multiple-item and custom controls; these controls are neither.
    if (query != MIXER_GETCONTROLDETAILSF_VALUE) return MMSYSERR_INVALPARAM;
    // A uniform control takes 1 channel or all of the line's ("cannot specify a value that falls between").
    if (cd->cChannels != 1 && cd->cChannels != d.channels) return MMSYSERR_INVALPARAM;
    if (cd->cMultipleItems != 0) return MMSYSERR_INVALPARAM;
    // MIXERCONTROLDETAILS_UNSIGNED and MIXERCONTROLDETAILS_BOOLEAN are both one DWORD-sized member.
    if (!cd->paDetails || cd->cbDetails < sizeof(DWORD)) return MMSYSERR_INVALPARAM;
    auto* p = static_cast<BYTE*>(cd->paDetails);
    if (!set) {
        session::State st;
        r = session::read(d.endpoint, &st);
        if (r != MMSYSERR_NOERROR) return r;
        DWORD v = kind == layout::Kind::volume ? layout::volume_to_value(st.volume) : (st.mute ? 1 : 0);
        for (DWORD ch = 0; ch < cd->cChannels; ++ch) {
            if (kind == layout::Kind::volume)
                reinterpret_cast<MIXERCONTROLDETAILS_UNSIGNED*>(p + ch * cd->cbDetails)->dwValue = v;
            else
                reinterpret_cast<MIXERCONTROLDETAILS_BOOLEAN*>(p + ch * cd->cbDetails)->fValue = static_cast<LONG>(v);
        }
        return MMSYSERR_NOERROR;
    }
    // [decision] one software control per endpoint: the first channel's value is the one set (docs/mixer.md).
    if (kind == layout::Kind::volume) {
        DWORD v = reinterpret_cast<const MIXERCONTROLDETAILS_UNSIGNED*>(p)->dwValue;
        for (DWORD ch = 0; ch < cd->cChannels; ++ch)
            if (reinterpret_cast<const MIXERCONTROLDETAILS_UNSIGNED*>(p + ch * cd->cbDetails)->dwValue > layout::kVolumeMax)
                return MIXERR_INVALVALUE;
        r = session::set_volume(d.endpoint, layout::value_to_volume(v));
    } else {
        LONG v = reinterpret_cast<const MIXERCONTROLDETAILS_BOOLEAN*>(p)->fValue;
        r = session::set_mute(d.endpoint, v != 0);
    }
    if (r == MMSYSERR_NOERROR) handles::check(d.endpoint);  // notify every window, the caller's included
    return r;
}

}  // namespace

extern "C" MMRESULT WINAPI mixerGetLineControlsW(HMIXEROBJ hmxobj, LPMIXERLINECONTROLSW pmxlc, DWORD fdwControls) {
    if (!pmxlc || pmxlc->cbStruct < sizeof(MIXERLINECONTROLSW)) return MMSYSERR_INVALPARAM;
    return line_controls(hmxobj, pmxlc, fdwControls);
}

extern "C" MMRESULT WINAPI mixerGetLineControlsA(HMIXEROBJ hmxobj, LPMIXERLINECONTROLSA pmxlc, DWORD fdwControls) {
    if (!pmxlc || pmxlc->cbStruct < sizeof(MIXERLINECONTROLSA)) return MMSYSERR_INVALPARAM;
    MIXERCONTROLW wide[layout::kControlsPerLine];
    MIXERLINECONTROLSW w = {};
    w.cbStruct = sizeof(w);
    w.dwLineID = pmxlc->dwLineID;
    w.dwControlID = pmxlc->dwControlID;  // shares its union with dwControlType
    w.cControls = pmxlc->cControls;
    w.cbmxctrl = sizeof(MIXERCONTROLW);
    // A bad array (or more controls than any query returns) goes in as no array, so the W query reports flag and
    // object errors first and then MMSYSERR_INVALPARAM, in the same order as for a W caller.
    bool usable = pmxlc->pamxctrl && pmxlc->cbmxctrl >= sizeof(MIXERCONTROLA) && pmxlc->cControls <= layout::kControlsPerLine;
    w.pamxctrl = usable ? wide : nullptr;
    MMRESULT r = line_controls(hmxobj, &w, fdwControls);
    if (r != MMSYSERR_NOERROR) return r;
    pmxlc->dwLineID = w.dwLineID;
    auto* out = reinterpret_cast<BYTE*>(pmxlc->pamxctrl);
    for (DWORD i = 0; i < w.cControls; ++i) narrow(wide[i], reinterpret_cast<MIXERCONTROLA*>(out + i * pmxlc->cbmxctrl));
    return MMSYSERR_NOERROR;
}

extern "C" MMRESULT WINAPI mixerGetControlDetailsW(HMIXEROBJ hmxobj, LPMIXERCONTROLDETAILS pmxcd, DWORD fdwDetails) {
    return details(hmxobj, pmxcd, fdwDetails, false);
}

// No control has list text, so the A and W functions differ in nothing here.
extern "C" MMRESULT WINAPI mixerGetControlDetailsA(HMIXEROBJ hmxobj, LPMIXERCONTROLDETAILS pmxcd, DWORD fdwDetails) {
    return details(hmxobj, pmxcd, fdwDetails, false);
}

extern "C" MMRESULT WINAPI mixerSetControlDetails(HMIXEROBJ hmxobj, LPMIXERCONTROLDETAILS pmxcd, DWORD fdwDetails) {
    return details(hmxobj, pmxcd, fdwDetails, true);
}
