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

}  // namespace winmm::midi::headers
