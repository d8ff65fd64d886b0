#include "acm_mapper.h"

#include <msacm.h>

#include <mutex>

#include "log.h"

namespace winmm::wave {
namespace {

struct Acm {
    decltype(&::acmFormatSuggest) FormatSuggest = nullptr;
    decltype(&::acmStreamOpen) StreamOpen = nullptr;
    decltype(&::acmStreamClose) StreamClose = nullptr;
    decltype(&::acmStreamSize) StreamSize = nullptr;
    decltype(&::acmStreamPrepareHeader) StreamPrepareHeader = nullptr;
    decltype(&::acmStreamUnprepareHeader) StreamUnprepareHeader = nullptr;
    decltype(&::acmStreamConvert) StreamConvert = nullptr;
    bool ok = false;
};

template <class F>
bool bind(HMODULE m, F& f, const char* name) {
    f = reinterpret_cast<F>(reinterpret_cast<void*>(GetProcAddress(m, name)));
    return f != nullptr;
}

const Acm& acm() {
    static Acm a;
    static std::once_flag once;
    std::call_once(once, [] {
        HMODULE m = LoadLibraryW(L"msacm32.dll");
        if (!m) {
            WINMM_WARN("wave: msacm32.dll not found; compressed formats cannot be mapped\n");
            return;
        }
        a.ok = bind(m, a.FormatSuggest, "acmFormatSuggest") && bind(m, a.StreamOpen, "acmStreamOpen") &&
               bind(m, a.StreamClose, "acmStreamClose") && bind(m, a.StreamSize, "acmStreamSize") &&
               bind(m, a.StreamPrepareHeader, "acmStreamPrepareHeader") &&
               bind(m, a.StreamUnprepareHeader, "acmStreamUnprepareHeader") &&
               bind(m, a.StreamConvert, "acmStreamConvert");
    });
    return a;
}

}  // namespace

MMRESULT AcmMapper::open(const WAVEFORMATEX* src, bool query, std::unique_ptr<AcmMapper>& out, PcmFormat& pcm) {
    const Acm& a = acm();
    if (!a.ok) return WAVERR_BADFORMAT;
    WAVEFORMATEX dst = {};
    dst.wFormatTag = WAVE_FORMAT_PCM;
    // The codec proposes the PCM format (rate, channels, 16 or 8 bits) it decodes to.
    if (a.FormatSuggest(nullptr, const_cast<WAVEFORMATEX*>(src), &dst, sizeof(dst), ACM_FORMATSUGGESTF_WFORMATTAG) !=
        MMSYSERR_NOERROR)
        return WAVERR_BADFORMAT;
    dst.cbSize = 0;
    if (parse_linear(&dst, pcm) != MMSYSERR_NOERROR) return WAVERR_BADFORMAT;
    HACMSTREAM has = nullptr;
    MMRESULT r = a.StreamOpen(query ? nullptr : &has, nullptr, const_cast<WAVEFORMATEX*>(src), &dst, nullptr, 0, 0,
                              query ? ACM_STREAMOPENF_QUERY : 0);
    if (r != MMSYSERR_NOERROR) return WAVERR_BADFORMAT;
    if (query) return MMSYSERR_NOERROR;
    std::unique_ptr<AcmMapper> m(new (std::nothrow) AcmMapper());
    if (!m) {
        a.StreamClose(has, 0);
        return MMSYSERR_NOMEM;
    }
    m->stream_ = has;
    m->src_avg_ = src->nAvgBytesPerSec;
    out = std::move(m);
    return MMSYSERR_NOERROR;
}

AcmMapper::~AcmMapper() {
    if (stream_) acm().StreamClose(static_cast<HACMSTREAM>(stream_), 0);
}

bool AcmMapper::convert(const BYTE* src, DWORD bytes, std::vector<BYTE>& out) {
    out.clear();
    if (!bytes) return true;
    const Acm& a = acm();
    HACMSTREAM has = static_cast<HACMSTREAM>(stream_);
    DWORD dst_bytes = 0;
    if (a.StreamSize(has, bytes, &dst_bytes, ACM_STREAMSIZEF_SOURCE) != MMSYSERR_NOERROR || !dst_bytes) return false;
    out.resize(dst_bytes);
    ACMSTREAMHEADER h = {};
    h.cbStruct = sizeof(h);
    h.pbSrc = const_cast<BYTE*>(src);
    h.cbSrcLength = bytes;
    h.pbDst = out.data();
    h.cbDstLength = dst_bytes;
    if (a.StreamPrepareHeader(has, &h, 0) != MMSYSERR_NOERROR) return false;
    DWORD flags = ACM_STREAMCONVERTF_BLOCKALIGN | (started_ ? 0 : ACM_STREAMCONVERTF_START);
    MMRESULT r = a.StreamConvert(has, &h, flags);
    started_ = true;
    h.cbSrcLength = bytes;  // as prepared, for the unprepare
    h.cbDstLength = dst_bytes;
    a.StreamUnprepareHeader(has, &h, 0);
    if (r != MMSYSERR_NOERROR) return false;
    out.resize(h.cbDstLengthUsed);
    return true;
}

}  // namespace winmm::wave
