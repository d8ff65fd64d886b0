// Real client: Wine's builtin avifil32 (code nobody in this project wrote) reads and writes AVI and WAV files
// through its own imports of winmm.dll!mmio*. Each visible test case runs its work in a child process with our
// trace log on (see client_support.h) and then proves from the log that our winmm.dll served the mmio calls.
//
// The child test cases are hidden ([.]); run them alone only to debug (they need CLIENT_WORK_DIR).
#include <windows.h>
#include <mmsystem.h>
#include <vfw.h>

#include <catch.hpp>

#include <algorithm>
#include <initializer_list>

#include "client_support.h"

using namespace clients;

namespace {

constexpr LONG kWidth = 16, kHeight = 8;
constexpr LONG kFrameBytes = kWidth * 3 * kHeight;  // 24-bit rows of 48 bytes: already 4-byte aligned
constexpr LONG kFrames = 5;

Bytes video_frame(LONG i) { return pcm_pattern(kFrameBytes, 100 + static_cast<unsigned>(i)); }

BITMAPINFOHEADER video_format() {
    BITMAPINFOHEADER b{};
    b.biSize = sizeof b;
    b.biWidth = kWidth;
    b.biHeight = kHeight;
    b.biPlanes = 1;
    b.biBitCount = 24;
    b.biCompression = BI_RGB;
    b.biSizeImage = kFrameBytes;
    return b;
}

WAVEFORMATEX pcm_format(WORD channels, DWORD rate, WORD bits) {
    WAVEFORMATEX w{};
    w.wFormatTag = WAVE_FORMAT_PCM;
    w.nChannels = channels;
    w.nSamplesPerSec = rate;
    w.wBitsPerSample = bits;
    w.nBlockAlign = static_cast<WORD>(channels * bits / 8);
    w.nAvgBytesPerSec = rate * w.nBlockAlign;
    w.cbSize = 0;
    return w;
}

const std::initializer_list<const char*> kAvifilMmio = {"mmioOpenW", "mmioClose", "mmioRead", "mmioWrite",
                                                       "mmioSeek", "mmioDescend", "mmioAscend", "mmioCreateChunk"};

// Reads the whole audio stream of `path` through AVIFile and compares format and samples.
void read_back_wav_through_avifile(const std::wstring& path, const WAVEFORMATEX& want, const Bytes& samples) {
    PAVIFILE pf = nullptr;
    REQUIRE(AVIFileOpenW(&pf, path.c_str(), OF_READ | OF_SHARE_DENY_WRITE, nullptr) == AVIERR_OK);
    AVIFILEINFOW fi{};
    REQUIRE(AVIFileInfoW(pf, &fi, sizeof fi) == AVIERR_OK);
    CHECK(fi.dwStreams == 1);
    PAVISTREAM as = nullptr;
    REQUIRE(AVIFileGetStream(pf, &as, streamtypeAUDIO, 0) == AVIERR_OK);

    LONG cb = 0;
    REQUIRE(AVIStreamReadFormat(as, 0, nullptr, &cb) == AVIERR_OK);
    REQUIRE(cb >= static_cast<LONG>(sizeof(PCMWAVEFORMAT)));
    Bytes fmt(static_cast<size_t>(cb));
    REQUIRE(AVIStreamReadFormat(as, 0, fmt.data(), &cb) == AVIERR_OK);
    WAVEFORMATEX got{};
    std::memcpy(&got, fmt.data(), std::min(sizeof got, fmt.size()));
    CHECK(got.wFormatTag == want.wFormatTag);
    CHECK(got.nChannels == want.nChannels);
    CHECK(got.nSamplesPerSec == want.nSamplesPerSec);
    CHECK(got.nAvgBytesPerSec == want.nAvgBytesPerSec);
    CHECK(got.nBlockAlign == want.nBlockAlign);
    CHECK(got.wBitsPerSample == want.wBitsPerSample);

    const LONG blocks = static_cast<LONG>(samples.size() / want.nBlockAlign);
    CHECK(AVIStreamLength(as) == blocks);
    Bytes buf(samples.size());
    LONG bytes = 0, read = 0;
    REQUIRE(AVIStreamRead(as, 0, blocks, buf.data(), static_cast<LONG>(buf.size()), &bytes, &read) == AVIERR_OK);
    CHECK(bytes == static_cast<LONG>(samples.size()));
    CHECK(read == blocks);
    CHECK(buf == samples);

    // A read from the middle (the stream seeks through mmio).
    const LONG from = blocks / 3, count = blocks / 4;
    Bytes part(static_cast<size_t>(count) * want.nBlockAlign);
    REQUIRE(AVIStreamRead(as, from, count, part.data(), static_cast<LONG>(part.size()), &bytes, &read) == AVIERR_OK);
    CHECK(read == count);
    CHECK(std::memcmp(part.data(), samples.data() + static_cast<size_t>(from) * want.nBlockAlign, part.size()) == 0);

    AVIStreamRelease(as);
    AVIFileRelease(pf);
}

// The WAV files of the read tests: the parent writes them, the child reads them through AVIFile and compares
// with the same deterministic data.
struct WavCase {
    const wchar_t* file;
    WORD channels;
    DWORD rate;
    WORD bits;
    size_t bytes;
    unsigned seed;
    WAVEFORMATEX format() const { return pcm_format(channels, rate, bits); }
    Bytes samples() const { return pcm_pattern(bytes, seed); }
};
const WavCase kWavMmio = {L"mmio.wav", 2, 11025, 16, 5513 * 4, 21};   // written with mmio by the parent
const WavCase kWavEven = {L"even.wav", 1, 8000, 8, 4000, 33};         // hand-made, extra chunks of even size
const WavCase kWavOdd = {L"odd.wav", 1, 8000, 8, 4001, 34};           // hand-made, odd LIST member and odd data

// Writes a WAV with mmio (the parent's winmm: ours under tools/test), the way an application would.
void write_wav_with_mmio(const std::wstring& path, const WavCase& c) {
    const WAVEFORMATEX wf = c.format();
    const Bytes samples = c.samples();
    HMMIO h = mmioOpenW(const_cast<LPWSTR>(path.c_str()), nullptr, MMIO_CREATE | MMIO_WRITE | MMIO_ALLOCBUF);
    REQUIRE(h != nullptr);
    MMCKINFO riff{};
    riff.fccType = mmioFOURCC('W', 'A', 'V', 'E');
    REQUIRE(mmioCreateChunk(h, &riff, MMIO_CREATERIFF) == MMSYSERR_NOERROR);
    MMCKINFO ck{};
    ck.ckid = mmioFOURCC('f', 'm', 't', ' ');
    REQUIRE(mmioCreateChunk(h, &ck, 0) == MMSYSERR_NOERROR);
    REQUIRE(mmioWrite(h, reinterpret_cast<const char*>(&wf), 16) == 16);
    REQUIRE(mmioAscend(h, &ck, 0) == MMSYSERR_NOERROR);
    ck = MMCKINFO{};
    ck.ckid = mmioFOURCC('d', 'a', 't', 'a');
    REQUIRE(mmioCreateChunk(h, &ck, 0) == MMSYSERR_NOERROR);
    REQUIRE(mmioWrite(h, reinterpret_cast<const char*>(samples.data()), static_cast<LONG>(samples.size())) ==
            static_cast<LONG>(samples.size()));
    REQUIRE(mmioAscend(h, &ck, 0) == MMSYSERR_NOERROR);
    REQUIRE(mmioAscend(h, &riff, 0) == MMSYSERR_NOERROR);
    REQUIRE(mmioClose(h, 0) == MMSYSERR_NOERROR);

    // Checked by hand before the client reads it.
    const Bytes file = read_file(path);
    REQUIRE(file.size() >= 12);
    CHECK(has_fourcc_at(file, 0, "RIFF"));
    CHECK(le32(file, 4) + 8 == file.size());
    CHECK(has_fourcc_at(file, 8, "WAVE"));
    size_t at = 0, size = 0;
    REQUIRE(find_chunk(file, 12, file.size(), "fmt ", &at, &size));
    CHECK(size == 16);
    REQUIRE(find_chunk(file, 12, file.size(), "data", &at, &size));
    REQUIRE(size == samples.size());
    CHECK(std::memcmp(&file[at], samples.data(), size) == 0);
}

void write_handmade_wav(const std::wstring& path, const WavCase& c, bool odd_info) {
    REQUIRE(write_file(path, make_wav(c.channels, c.rate, c.bits, c.samples(), false, odd_info)));
}

void child_reads_wav(const WavCase& c) {
    const std::wstring path = work_dir() + L"\\" + c.file;
    AVIFileInit();
    PAVIFILE probe = nullptr;
    REQUIRE(AVIFileOpenW(&probe, path.c_str(), OF_READ | OF_SHARE_DENY_WRITE, nullptr) == AVIERR_OK);
    require_imports_served_by_app_winmm(L"avifil32.dll", {"mmioOpenW", "mmioDescend", "mmioRead", "mmioSeek"});
    AVIFileRelease(probe);
    read_back_wav_through_avifile(path, c.format(), c.samples());
    AVIFileExit();
}

void require_read_calls(const ClientProof& p) {
    require_child_served_by_our_mmio(p, {{"mmioOpen", 1}, {"mmioDescend", 2}, {"mmioRead", 1}, {"mmioClose", 1}});
}

}  // namespace

// ------------------------------------------------------------------------------------------ child test cases

// Video only: Wine's avifil32 writer counts every audio write as one sample whatever dwSampleSize says, so an AVI
// audio stream it writes does not read back (not something mmio could fix).
TEST_CASE("child: avifil32 writes an AVI and reads it back", "[.][child-avi]") {
    const std::wstring path = work_dir() + L"\\clip.avi";
    AVIFileInit();

    // Write: AVIFileOpen(OF_CREATE) / AVIFileCreateStream / AVIStreamSetFormat / AVIStreamWrite / release.
    {
        PAVIFILE pf = nullptr;
        REQUIRE(AVIFileOpenW(&pf, path.c_str(), OF_CREATE | OF_WRITE, nullptr) == AVIERR_OK);
        require_imports_served_by_app_winmm(L"avifil32.dll", kAvifilMmio);

        AVISTREAMINFOW vi{};
        vi.fccType = streamtypeVIDEO;
        vi.fccHandler = mmioFOURCC('D', 'I', 'B', ' ');
        vi.dwScale = 1;
        vi.dwRate = 10;
        vi.dwSuggestedBufferSize = kFrameBytes;
        SetRect(&vi.rcFrame, 0, 0, kWidth, kHeight);
        PAVISTREAM vs = nullptr;
        REQUIRE(AVIFileCreateStreamW(pf, &vs, &vi) == AVIERR_OK);
        BITMAPINFOHEADER bih = video_format();
        REQUIRE(AVIStreamSetFormat(vs, 0, &bih, sizeof bih) == AVIERR_OK);

        for (LONG i = 0; i < kFrames; ++i) {
            INFO("writing frame " << i);
            Bytes f = video_frame(i);
            LONG samples = 0, bytes = 0;
            REQUIRE(AVIStreamWrite(vs, i, 1, f.data(), kFrameBytes, AVIIF_KEYFRAME, &samples, &bytes) == AVIERR_OK);
            CHECK(samples == 1);
            CHECK(bytes == kFrameBytes);
        }
        AVIStreamRelease(vs);
        CHECK(AVIFileRelease(pf) == 0);
    }

    // The file on disk, walked by hand: a RIFF 'AVI ' form whose size field matches the file.
    const Bytes file = read_file(path);
    REQUIRE(file.size() > 12 + kFrames * kFrameBytes);
    CHECK(has_fourcc_at(file, 0, "RIFF"));
    CHECK(has_fourcc_at(file, 8, "AVI "));
    // Wine's avifil32 leaves bytes after the RIFF form (seen with Wine's own winmm too), so the form must fit
    // in the file rather than fill it exactly; inside it, the top-level chunks must be where their sizes say.
    const size_t riff_end = 8 + static_cast<size_t>(le32(file, 4));
    INFO("RIFF form ends at " << riff_end << ", file size " << file.size());
    REQUIRE(riff_end <= file.size());
    size_t at = 0, size = 0;
    REQUIRE(find_chunk(file, 12, riff_end, "LIST", &at, &size));
    CHECK(has_fourcc_at(file, at, "hdrl"));
    REQUIRE(find_chunk(file, 12, riff_end, "idx1", &at, &size));
    CHECK(size == 16u * kFrames);  // one AVIINDEXENTRY per frame
    CHECK(at + size <= riff_end);
    for (const char* cc : {"avih", "strl", "strh", "strf", "movi", "00db"}) {
        INFO("chunk " << cc);
        CHECK(contains_fourcc(file, cc));
    }

    // Read back through AVIFile.
    {
        PAVIFILE pf = nullptr;
        REQUIRE(AVIFileOpenW(&pf, path.c_str(), OF_READ | OF_SHARE_DENY_WRITE, nullptr) == AVIERR_OK);
        AVIFILEINFOW fi{};
        REQUIRE(AVIFileInfoW(pf, &fi, sizeof fi) == AVIERR_OK);
        CHECK(fi.dwStreams == 1);
        CHECK(fi.dwWidth == static_cast<DWORD>(kWidth));
        CHECK(fi.dwHeight == static_cast<DWORD>(kHeight));

        PAVISTREAM vs = nullptr;
        REQUIRE(AVIFileGetStream(pf, &vs, streamtypeVIDEO, 0) == AVIERR_OK);
        AVISTREAMINFOW si{};
        REQUIRE(AVIStreamInfoW(vs, &si, sizeof si) == AVIERR_OK);
        CHECK(si.fccType == streamtypeVIDEO);
        CHECK(si.dwRate == 10);
        CHECK(si.dwScale == 1);
        CHECK(si.dwLength == static_cast<DWORD>(kFrames));
        CHECK(AVIStreamLength(vs) == kFrames);

        LONG cb = 0;
        REQUIRE(AVIStreamReadFormat(vs, 0, nullptr, &cb) == AVIERR_OK);
        REQUIRE(cb >= static_cast<LONG>(sizeof(BITMAPINFOHEADER)));
        Bytes fmt(static_cast<size_t>(cb));
        REQUIRE(AVIStreamReadFormat(vs, 0, fmt.data(), &cb) == AVIERR_OK);
        BITMAPINFOHEADER got{};
        std::memcpy(&got, fmt.data(), sizeof got);
        CHECK(got.biWidth == kWidth);
        CHECK(got.biHeight == kHeight);
        CHECK(got.biBitCount == 24);
        CHECK(got.biCompression == static_cast<DWORD>(BI_RGB));

        // Every frame, last to first, so each read seeks.
        for (LONG i = kFrames - 1; i >= 0; --i) {
            Bytes buf(kFrameBytes);
            LONG bytes = 0, samples = 0;
            INFO("frame " << i);
            REQUIRE(AVIStreamRead(vs, i, 1, buf.data(), kFrameBytes, &bytes, &samples) == AVIERR_OK);
            CHECK(bytes == kFrameBytes);
            CHECK(samples == 1);
            CHECK(buf == video_frame(i));
        }

        AVIStreamRelease(vs);
        AVIFileRelease(pf);
    }
    AVIFileExit();
}

// Wine's avifil32 cannot write WAV files (every AVIStreamWrite to its WAV handler fails with AVIERR_BADSIZE, with
// Wine's own winmm too), so the WAVs it reads are written by the parent: with mmio, or byte by byte.
TEST_CASE("child: avifil32 reads a WAV written with mmio", "[.][child-wav-mmio]") { child_reads_wav(kWavMmio); }

TEST_CASE("child: avifil32 reads a hand-made WAV with extra chunks", "[.][child-wav-even]") {
    child_reads_wav(kWavEven);
}

TEST_CASE("child: avifil32 reads a hand-made WAV with odd-sized chunks inside LIST and data", "[.][child-wav-odd]") {
    child_reads_wav(kWavOdd);
}

// ------------------------------------------------------------------------------------------ visible test cases

TEST_CASE("avifil32: an AVI written with AVIFile and read back is served by our mmio", "[avifile]") {
    require_child_served_by_our_mmio(run_client(L"avi", L"[child-avi]"),
                                     {{"mmioOpen", 2},  // created, then reopened
                                      {"mmioCreateChunk", 1},
                                      {"mmioWrite", 1},
                                      {"mmioAscend", 1},
                                      {"mmioDescend", 1},
                                      {"mmioRead", 1},
                                      {"mmioClose", 2}});
}

TEST_CASE("avifil32: a WAV written with mmio is read back through AVIFile on our mmio", "[avifile]") {
    require_read_calls(run_client(L"wavmmio", L"[child-wav-mmio]", [](const std::wstring& dir) {
        write_wav_with_mmio(dir + L"\\" + kWavMmio.file, kWavMmio);
    }));
}

TEST_CASE("avifil32: a hand-made WAV with LIST and junk chunks is read through our mmio", "[avifile]") {
    require_read_calls(run_client(L"waveven", L"[child-wav-even]", [](const std::wstring& dir) {
        write_handmade_wav(dir + L"\\" + kWavEven.file, kWavEven, false);
    }));
}

// RIFF: "a null pad byte if the size of the data portion is odd", not counted in the chunk size. Here the odd
// sizes are a LIST member (padded inside its LIST) and the data chunk (padded at the end of the file). Not an
// odd-sized chunk before 'data' at the top level: avifil32 keeps such "extra" chunks by reading exactly their size
// and descending again from there, without the pad byte, so it fails on them with any winmm (Wine's included).
TEST_CASE("avifil32: a WAV with odd-sized chunks (RIFF pad bytes) is read through our mmio", "[avifile]") {
    require_read_calls(run_client(L"wavodd", L"[child-wav-odd]", [](const std::wstring& dir) {
        write_handmade_wav(dir + L"\\" + kWavOdd.file, kWavOdd, true);
    }));
}
