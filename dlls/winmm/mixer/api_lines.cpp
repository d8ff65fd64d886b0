// mixerGetLineInfoA/W: every MIXER_GETLINEINFOF_* query over the layout of layout.h.
#include <windows.h>

#include <mmsystem.h>

#include "devices.h"
#include "layout.h"
#include "object.h"
#include "session.h"

using namespace winmm::mixer;

namespace {

constexpr DWORD kQueryMask = MIXER_GETLINEINFOF_QUERYMASK;  // 0x0000000F

layout::Line line_of(const Device& d, uint32_t index) {
    layout::FormFactor form = layout::FormFactor::microphone;
    if (d.flow == layout::Flow::capture && index > 0) form = session::form_factor(d.endpoint);
    return layout::line_at(d.flow, index, form);
}

// Fills everything but cbStruct's input role; the query's input members are overwritten with the line's values.
void fill(const Device& d, uint32_t index, MIXERLINEW* out) {
    layout::Line l = line_of(d, index);
    MIXERLINEW m = {};
    m.cbStruct = sizeof(MIXERLINEW);
    m.dwDestination = 0;
    m.dwSource = l.source == layout::kNoSource ? 0 : l.source;
    m.dwLineID = l.line_id;
    m.fdwLine = l.flags;
    m.dwUser = 0;
    m.dwComponentType = l.component;
    m.cChannels = d.channels;
    m.cConnections = l.connections;
    m.cControls = layout::kControlsPerLine;
    lstrcpynW(m.szShortName, l.short_name, MIXER_SHORT_NAME_CHARS);
    lstrcpynW(m.szName, l.name, MIXER_LONG_NAME_CHARS);
    m.Target.dwType = l.target;
    if (l.target != layout::kTargetUndefined) {
        m.Target.dwDeviceID = d.wave_id;
        m.Target.wMid = d.mid;
        m.Target.wPid = d.pid;
        m.Target.vDriverVersion = d.version;
        lstrcpynW(m.Target.szPname, d.name, MAXPNAMELEN);
    }
    *out = m;
}

// Which line of the mixer a query names; MIXERR_INVALLINE when none.
MMRESULT find_line(const Device& d, const MIXERLINEW& in, DWORD query, uint32_t* index) {
    uint32_t count = layout::line_count(d.flow);
    switch (query) {
    case MIXER_GETLINEINFOF_DESTINATION:
        if (in.dwDestination >= layout::kDestinations) return MIXERR_INVALLINE;
        *index = 0;
        return MMSYSERR_NOERROR;
    case MIXER_GETLINEINFOF_SOURCE:
        if (in.dwDestination >= layout::kDestinations || in.dwSource >= count - 1) return MIXERR_INVALLINE;
        *index = in.dwSource + 1;
        return MMSYSERR_NOERROR;
    case MIXER_GETLINEINFOF_LINEID:
        return layout::line_index_of(d.flow, in.dwLineID, index) ? MMSYSERR_NOERROR : MIXERR_INVALLINE;
    case MIXER_GETLINEINFOF_COMPONENTTYPE:
        for (uint32_t i = 0; i < count; ++i)
            if (line_of(d, i).component == in.dwComponentType) {
                *index = i;
                return MMSYSERR_NOERROR;
            }
        return MIXERR_INVALLINE;
    case MIXER_GETLINEINFOF_TARGETTYPE:
        // [decision] the line whose target has this type and the wave device's name; wMid, wPid and
        // vDriverVersion are not compared (docs/mixer.md).
        for (uint32_t i = 0; i < count; ++i) {
            layout::Line l = line_of(d, i);
            if (l.target != layout::kTargetUndefined && l.target == in.Target.dwType &&
                lstrcmpW(in.Target.szPname, d.name) == 0) {
                *index = i;
                return MMSYSERR_NOERROR;
            }
        }
        return MIXERR_INVALLINE;
    default:
        return MMSYSERR_INVALFLAG;
    }
}

MMRESULT line_info(HMIXEROBJ hmxobj, MIXERLINEW* line, DWORD flags) {
    if ((flags & ~(kObjectMask | kQueryMask)) != 0 || !object_flags_valid(flags) ||
        (flags & kQueryMask) > MIXER_GETLINEINFOF_TARGETTYPE)
        return MMSYSERR_INVALFLAG;
    Device d;
    MMRESULT r = resolve(hmxobj, flags & kObjectMask, &d);
    if (r != MMSYSERR_NOERROR) return r;
    uint32_t index = 0;
    r = find_line(d, *line, flags & kQueryMask, &index);
    if (r != MMSYSERR_NOERROR) return r;
    fill(d, index, line);
    return MMSYSERR_NOERROR;
}

}  // namespace

extern "C" MMRESULT WINAPI mixerGetLineInfoW(HMIXEROBJ hmxobj, LPMIXERLINEW pmxl, DWORD fdwInfo) {
    if (!pmxl || pmxl->cbStruct < sizeof(MIXERLINEW)) return MMSYSERR_INVALPARAM;
    MIXERLINEW line = *pmxl;
    MMRESULT r = line_info(hmxobj, &line, fdwInfo);
    if (r == MMSYSERR_NOERROR) *pmxl = line;  // cbStruct becomes the size returned
    return r;
}

extern "C" MMRESULT WINAPI mixerGetLineInfoA(HMIXEROBJ hmxobj, LPMIXERLINEA pmxl, DWORD fdwInfo) {
    if (!pmxl || pmxl->cbStruct < sizeof(MIXERLINEA)) return MMSYSERR_INVALPARAM;
    MIXERLINEW w = {};
    w.cbStruct = sizeof(w);
    w.dwDestination = pmxl->dwDestination;
    w.dwSource = pmxl->dwSource;
    w.dwLineID = pmxl->dwLineID;
    w.dwComponentType = pmxl->dwComponentType;
    w.Target.dwType = pmxl->Target.dwType;
    w.Target.dwDeviceID = pmxl->Target.dwDeviceID;
    w.Target.wMid = pmxl->Target.wMid;
    w.Target.wPid = pmxl->Target.wPid;
    w.Target.vDriverVersion = pmxl->Target.vDriverVersion;
    // Only a TARGETTYPE query reads the name; an unterminated one is cut at the field's end.
    char pname[MAXPNAMELEN];
    lstrcpynA(pname, pmxl->Target.szPname, MAXPNAMELEN);
    MultiByteToWideChar(CP_ACP, 0, pname, -1, w.Target.szPname, MAXPNAMELEN);
    MMRESULT r = line_info(hmxobj, &w, fdwInfo);
    if (r != MMSYSERR_NOERROR) return r;
    MIXERLINEA a = {};
    a.cbStruct = sizeof(MIXERLINEA);
    a.dwDestination = w.dwDestination;
    a.dwSource = w.dwSource;
    a.dwLineID = w.dwLineID;
    a.fdwLine = w.fdwLine;
    a.dwUser = w.dwUser;
    a.dwComponentType = w.dwComponentType;
    a.cChannels = w.cChannels;
    a.cConnections = w.cConnections;
    a.cControls = w.cControls;
    WideCharToMultiByte(CP_ACP, 0, w.szShortName, -1, a.szShortName, sizeof(a.szShortName), nullptr, nullptr);
    a.szShortName[sizeof(a.szShortName) - 1] = '\0';
    WideCharToMultiByte(CP_ACP, 0, w.szName, -1, a.szName, sizeof(a.szName), nullptr, nullptr);
    a.szName[sizeof(a.szName) - 1] = '\0';
    a.Target.dwType = w.Target.dwType;
    a.Target.dwDeviceID = w.Target.dwDeviceID;
    a.Target.wMid = w.Target.wMid;
    a.Target.wPid = w.Target.wPid;
    a.Target.vDriverVersion = w.Target.vDriverVersion;
    WideCharToMultiByte(CP_ACP, 0, w.Target.szPname, -1, a.Target.szPname, sizeof(a.Target.szPname), nullptr, nullptr);
    a.Target.szPname[sizeof(a.Target.szPname) - 1] = '\0';
    *pmxl = a;
    return MMSYSERR_NOERROR;
}
