// The error descriptions of the MIDI API (MMSYSERR_* and MIDIERR_*) for midiOutGetErrorText and
// midiInGetErrorText. The buffer rules and the MMSYSERR_* texts are the wave API's (wave/error_text.h).
#pragma once

#include <windows.h>

#include <mmsystem.h>

namespace winmm::midi {

MMRESULT error_text_w(MMRESULT error, LPWSTR text, UINT cch);
MMRESULT error_text_a(MMRESULT error, LPSTR text, UINT cch);

}  // namespace winmm::midi
