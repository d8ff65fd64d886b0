// winmm-ng PlaySound: reading a WAVE form through mmio (see wave_image.h).
#include "wave_image.h"

#include <algorithm>
#include <cstring>
#include <new>

#include "log.h"

namespace winmm::playsound {

namespace {

// A format chunk larger than this is not a format (the largest registered format structures are a few hundred
// bytes); refusing it keeps a corrupt size from allocating gigabytes.
constexpr DWORD kMaxFormatBytes = 4096;
// The data chunk is read piece by piece, so a size field larger than the file costs no allocation.
constexpr LONG kReadPiece = 64 * 1024;

}  // namespace

bool read_wave(HMMIO h, WaveImage& out) {
    MMCKINFO riff = {};
    riff.fccType = mmioFOURCC('W', 'A', 'V', 'E');
    if (mmioDescend(h, &riff, nullptr, MMIO_FINDRIFF) != MMSYSERR_NOERROR) {
        WINMM_WARN("PlaySound: no RIFF WAVE form");
        return false;
    }
    MMCKINFO fmt = {};
    fmt.ckid = mmioFOURCC('f', 'm', 't', ' ');
    if (mmioDescend(h, &fmt, &riff, MMIO_FINDCHUNK) != MMSYSERR_NOERROR) {
        WINMM_WARN("PlaySound: no 'fmt ' chunk");
        return false;
    }
    // WAVEFORMAT (14 bytes) is the smallest format structure; PCMWAVEFORMAT adds wBitsPerSample.
    if (fmt.cksize < sizeof(WAVEFORMAT) || fmt.cksize > kMaxFormatBytes) return false;
    std::vector<uint8_t> format(std::max<size_t>(fmt.cksize, sizeof(WAVEFORMATEX)), 0);
    if (mmioRead(h, reinterpret_cast<HPSTR>(format.data()), LONG(fmt.cksize)) != LONG(fmt.cksize)) return false;
    auto* wfx = reinterpret_cast<WAVEFORMATEX*>(format.data());
    if (fmt.cksize < sizeof(WAVEFORMATEX)) {
        wfx->cbSize = 0;
    } else if (wfx->cbSize > fmt.cksize - sizeof(WAVEFORMATEX)) {
        return false;  // the extra bytes it announces are not in the chunk
    } else {
        format.resize(sizeof(WAVEFORMATEX) + wfx->cbSize);
    }
    if (wfx->nChannels == 0 || wfx->nSamplesPerSec == 0 || wfx->nBlockAlign == 0) return false;
    if (mmioAscend(h, &fmt, 0) != MMSYSERR_NOERROR) return false;

    MMCKINFO data = {};
    data.ckid = mmioFOURCC('d', 'a', 't', 'a');
    if (mmioDescend(h, &data, &riff, MMIO_FINDCHUNK) != MMSYSERR_NOERROR) {
        WINMM_WARN("PlaySound: no 'data' chunk");
        return false;
    }
    std::vector<uint8_t> bytes;
    try {
        DWORD left = data.cksize;
        while (left > 0) {
            LONG piece = LONG(std::min<DWORD>(left, kReadPiece));
            size_t at = bytes.size();
            bytes.resize(at + size_t(piece));
            LONG got = mmioRead(h, reinterpret_cast<HPSTR>(bytes.data() + at), piece);
            if (got < 0) return false;
            bytes.resize(at + size_t(got));
            if (got < piece) break;
            left -= DWORD(got);
        }
    } catch (const std::bad_alloc&) {
        return false;
    }
    // [decision] A data chunk shorter than its size field (a recording whose header was never fixed up, or a
    // cut file) plays the whole blocks that are there: the samples are real, and Windows' documentation names
    // no check of the size. Not one whole block is a broken file.
    if (bytes.size() < data.cksize)
        WINMM_WARN("PlaySound: data chunk has %lu of %lu bytes", (unsigned long)bytes.size(), (unsigned long)data.cksize);
    bytes.resize(bytes.size() - bytes.size() % wfx->nBlockAlign);
    if (bytes.empty() && data.cksize != 0) return false;  // an empty data chunk is a valid, silent sound
    out.format = std::move(format);
    out.data = std::move(bytes);
    return true;
}

}  // namespace winmm::playsound
