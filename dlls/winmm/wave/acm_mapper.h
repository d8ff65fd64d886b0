// The wave mapper's decoding of compressed formats (IMA/MS ADPCM, mu-law, A-law, GSM 6.10, MP3 ...) through the
// ACM, as Windows' mapper does: only for WAVE_MAPPER or WAVE_MAPPED opens. msacm32 is loaded on first use, not
// linked: it imports winmm itself.
#pragma once

#include <windows.h>

#include <mmreg.h>
#include <mmsystem.h>

#include <memory>
#include <vector>

#include "format.h"

namespace winmm::wave {

class AcmMapper {
public:
    // Finds the PCM format the installed codecs decode `src` to and opens a conversion stream (only checks that
    // one exists when `query` is set, leaving `out` empty). MMSYSERR_NOERROR with `pcm` filled, or
    // WAVERR_BADFORMAT when no codec takes the format.
    static MMRESULT open(const WAVEFORMATEX* src, bool query, std::unique_ptr<AcmMapper>& out, PcmFormat& pcm);
    ~AcmMapper();

    // Decodes one application buffer (whole source blocks; a partial block at the end is not decodable alone and
    // is dropped, as the mapper does). False when the codec fails.
    bool convert(const BYTE* src, DWORD bytes, std::vector<BYTE>& out);

    // The next buffer starts a new stream (after waveOutReset): the codec's state from earlier data is dropped.
    void restart() { started_ = false; }

    // The application's bytes per second, for positions reported in its own format.
    DWORD source_bytes_per_sec() const { return src_avg_; }

private:
    AcmMapper() = default;
    void* stream_ = nullptr;  // HACMSTREAM
    DWORD src_avg_ = 0;
    bool started_ = false;
};

}  // namespace winmm::wave
