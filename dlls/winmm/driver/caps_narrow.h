// The A forms of the GetDevCaps functions (aux, waveOut, waveIn, mixer): each *CAPSA struct starts like its
// *CAPSW twin (wMid, wPid, vDriverVersion, szPname) and then differs, and only the caller's size is written.
#pragma once

#include <windows.h>

#include <algorithm>
#include <cstring>

namespace winmm::driver {

// Copies the common head from the wide caps, the name converted to the ANSI code page (cut, and still
// terminated, when it does not fit).
template <class Wide, class Narrow>
void narrow_caps_head(const Wide& w, Narrow& a) {
    a.wMid = w.wMid;
    a.wPid = w.wPid;
    a.vDriverVersion = w.vDriverVersion;
    WideCharToMultiByte(CP_ACP, 0, w.szPname, -1, a.szPname, sizeof(a.szPname), nullptr, nullptr);
    a.szPname[sizeof(a.szPname) - 1] = '\0';
}

// Writes no more than `size` bytes of `caps` to `out`, as the documentation of every GetDevCaps function asks.
template <class Caps>
void copy_caps(void* out, const Caps& caps, UINT size) {
    std::memcpy(out, &caps, std::min<size_t>(size, sizeof(caps)));
}

}  // namespace winmm::driver
