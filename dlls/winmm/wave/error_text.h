// The error descriptions of the wave API (MMSYSERR_* and WAVERR_*), shared by waveOutGetErrorText and
// waveInGetErrorText, in the form both exports take.
#pragma once

#include <windows.h>

#include <mmsystem.h>

namespace winmm::wave {

// Copies the description of `error` into `text` (cch characters, truncated, always NUL-terminated).
// MMSYSERR_BADERRNUM for a number with no description; MMSYSERR_NOERROR without copying when cch is 0;
// MMSYSERR_INVALPARAM for a null buffer with cch > 0.
MMRESULT error_text_w(MMRESULT error, LPWSTR text, UINT cch);
MMRESULT error_text_a(MMRESULT error, LPSTR text, UINT cch);

// The same buffer rules for another API's description (the MIDI error texts reuse them): a null description is
// MMSYSERR_BADERRNUM. description() gives the MMSYSERR_* and WAVERR_* texts, nullptr for other numbers.
const wchar_t* description(MMRESULT error);
MMRESULT copy_text_w(const wchar_t* description, LPWSTR text, UINT cch);
MMRESULT copy_text_a(const wchar_t* description, LPSTR text, UINT cch);

}  // namespace winmm::wave
