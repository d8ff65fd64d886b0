// MIDIHDR checks and the prepare/unprepare winmm does itself when a driver leaves them to it
// (MODM_PREPARE/MIDM_PREPARE answered MMSYSERR_NOTSUPPORTED), or for a stream, whose buffers winmm plays.
#pragma once

#include <windows.h>

#include <mmsystem.h>

#include <cstddef>

namespace winmm::midi::headers {

// A MIDIHDR may be passed in its old, shorter form that ends before dwOffset (Wine's conformance tests show
// Windows accepts that size and refuses anything shorter).
constexpr UINT kMinSize = offsetof(MIDIHDR, dwOffset);

inline MMRESULT check(const MIDIHDR* h, UINT size) {
    if (!h || size < kMinSize) return MMSYSERR_INVALPARAM;
    return MMSYSERR_NOERROR;
}

inline void mark_prepared(MIDIHDR* h) {
    h->dwFlags = (h->dwFlags | MHDR_PREPARED) & ~(MHDR_INQUEUE | MHDR_DONE);
}

inline void mark_unprepared(MIDIHDR* h) { h->dwFlags &= ~MHDR_PREPARED; }

// The driver's answer to MODM_/MIDM_PREPARE and _UNPREPARE: MMSYSERR_NOTSUPPORTED leaves the header to winmm, which
// marks it itself and reports success; any other answer is the driver's.
inline MMRESULT after_driver_prepare(MMRESULT answer, MIDIHDR* h) {
    if (answer != MMSYSERR_NOTSUPPORTED) return answer;
    mark_prepared(h);
    return MMSYSERR_NOERROR;
}

inline MMRESULT after_driver_unprepare(MMRESULT answer, MIDIHDR* h) {
    if (answer != MMSYSERR_NOTSUPPORTED) return answer;
    mark_unprepared(h);
    return MMSYSERR_NOERROR;
}

}  // namespace winmm::midi::headers
