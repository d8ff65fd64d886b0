#include "in_stream.h"

#include <audioclient.h>
#include <mmddk.h>

#include <algorithm>
#include <cstring>

#include "driver/callback.h"
#include "endpoints.h"
#include "log.h"
#include "session_guid.h"

namespace winmm::wave {

namespace {

// 200 ms of WASAPI buffer: room for the capture thread to be late by several periods before the engine overwrites
// anything, while the application's own buffers set the latency it sees.
constexpr REFERENCE_TIME kBufferDuration = 2000000;
// While recording, the thread also looks for data this often, in case the engine's event is late or missing.
constexpr DWORD kPollMs = 20;
// A running stream that delivered nothing for this long is checked for a lost server (probe()).
constexpr DWORD kQuietMs = 1000;
// A start after a stop checks first when the stream had already gone quiet for this long before the stop.
constexpr DWORD kQuietAtStopMs = 400;

template <typename T>
void release(T*& p) {
    if (p) p->Release();
    p = nullptr;
}

}  // namespace

struct InStream::Com {
    ComScope apartment;  // first member: joined before, left after every object below
    IMMDevice* device = nullptr;
    IAudioClient* client = nullptr;
    IAudioCaptureClient* capture = nullptr;
    bool from_float = false;  // WASAPI delivers float32 at the application's rate and channels; we convert
    unsigned wasapi_block = 0;
    WAVEFORMATEXTENSIBLE format = {};  // what Initialize took, and with which flags (for probe())
    DWORD flags = 0;
    ~Com() {
        release(capture);
        release(client);
        release(device);
    }
};

MMRESULT InStream::open(const std::wstring& endpoint_id, UINT device_id, const WAVEFORMATEX* /*wfx*/,
                        const PcmFormat& pcm, const InCallback& cb, std::shared_ptr<InStream>* out) {
    std::shared_ptr<InStream> s(new (std::nothrow) InStream());
    if (!s) return MMSYSERR_NOMEM;
    s->endpoint_id_ = endpoint_id;
    s->device_id_ = device_id;
    s->pcm_ = pcm;
    s->cb_ = cb;
    s->wake_ = CreateEventW(nullptr, FALSE, FALSE, nullptr);
    s->audio_ = CreateEventW(nullptr, FALSE, FALSE, nullptr);
    s->reply_ = CreateEventW(nullptr, FALSE, FALSE, nullptr);
    if (!s->wake_ || !s->audio_ || !s->reply_) return MMSYSERR_NOMEM;
    s->thread_ = CreateThread(nullptr, 0, thread_main, s.get(), 0, &s->thread_id_);
    if (!s->thread_) return MMSYSERR_NOMEM;
    HANDLE wait[2] = {s->reply_, s->thread_};
    WaitForMultipleObjects(2, wait, FALSE, INFINITE);
    if (s->setup_rc_ != MMSYSERR_NOERROR) {
        WaitForSingleObject(s->thread_, INFINITE);  // it leaves on its own after a failed setup
        return s->setup_rc_;
    }
    *out = std::move(s);
    return MMSYSERR_NOERROR;
}

InStream::~InStream() {
    // The capture thread has left (close() waited for it) or is this very thread, finishing: nothing to wait for.
    if (thread_) CloseHandle(thread_);
    if (wake_) CloseHandle(wake_);
    if (audio_) CloseHandle(audio_);
    if (reply_) CloseHandle(reply_);
}

void InStream::notify(UINT msg, DWORD_PTR param1) const {
    winmm::driver::notify(cb_.target, cb_.flags, reinterpret_cast<HDRVR>(handle_), msg, cb_.instance, param1, 0);
}

DWORD WINAPI InStream::thread_main(void* p) {
    // The thread keeps its stream alive: a close from inside a callback drops the table's reference while this
    // thread still runs the callback.
    std::shared_ptr<InStream> self = static_cast<InStream*>(p)->shared_from_this();
    self->run();
    return 0;
}

bool InStream::setup_stream() {
    com_.reset(new (std::nothrow) Com());
    if (!com_) {
        setup_rc_ = MMSYSERR_NOMEM;
        return false;
    }
    Com& c = *com_;
    c.device = open_endpoint(endpoint_id_);
    if (!c.device) {
        setup_rc_ = MMSYSERR_NODRIVER;
        return false;
    }
    HRESULT hr = c.device->Activate(__uuidof(IAudioClient), CLSCTX_INPROC_SERVER, nullptr,
                                    reinterpret_cast<void**>(&c.client));
    if (FAILED(hr)) {
        WINMM_WARN("waveIn: IAudioClient activation failed (hr %08lx)", static_cast<unsigned long>(hr));
        setup_rc_ = MMSYSERR_NODRIVER;
        return false;
    }
    // First choice: float32 at the application's rate and channel count, converted to its sample type here (the
    // engine resamples and remixes, AUTOCONVERTPCM); then the application's own format handed to the engine.
    WAVEFORMATEXTENSIBLE as_float = float_extensible(pcm_);
    WAVEFORMATEXTENSIBLE as_is = float_extensible(pcm_);
    as_is.Format.wBitsPerSample = static_cast<WORD>(pcm_.bits);
    as_is.Format.nBlockAlign = static_cast<WORD>(pcm_.block_align);
    as_is.Format.nAvgBytesPerSec = pcm_.bytes_per_sec();
    as_is.Samples.wValidBitsPerSample = static_cast<WORD>(pcm_.bits);
    static const GUID kPcm = {0x00000001, 0x0000, 0x0010, {0x80, 0x00, 0x00, 0xaa, 0x00, 0x38, 0x9b, 0x71}};
    if (pcm_.type != SampleType::f32) as_is.SubFormat = kPcm;
    const DWORD base = AUDCLNT_STREAMFLAGS_EVENTCALLBACK | AUDCLNT_STREAMFLAGS_NOPERSIST;
    const DWORD convert = AUDCLNT_STREAMFLAGS_AUTOCONVERTPCM | AUDCLNT_STREAMFLAGS_SRC_DEFAULT_QUALITY;
    struct Attempt {
        WAVEFORMATEXTENSIBLE* fmt;
        DWORD flags;
        bool from_float;
    } attempts[] = {{&as_float, base | convert, pcm_.type != SampleType::f32},
                    {&as_is, base | convert, false},
                    {&as_float, base, pcm_.type != SampleType::f32},
                    {&as_is, base, false}};
    hr = E_FAIL;
    for (const Attempt& a : attempts) {
        hr = c.client->Initialize(AUDCLNT_SHAREMODE_SHARED, a.flags, kBufferDuration, 0, &a.fmt->Format,
                                    &audio::kSessionGuid);
        if (SUCCEEDED(hr)) {
            c.from_float = a.from_float;
            c.wasapi_block = a.fmt->Format.nBlockAlign;
            c.format = *a.fmt;
            c.flags = a.flags;
            break;
        }
        if (hr == AUDCLNT_E_DEVICE_INVALIDATED || hr == AUDCLNT_E_SERVICE_NOT_RUNNING) break;
        // A failed Initialize leaves the client unusable on some implementations: start over with a fresh one.
        release(c.client);
        if (FAILED(c.device->Activate(__uuidof(IAudioClient), CLSCTX_INPROC_SERVER, nullptr,
                                      reinterpret_cast<void**>(&c.client))))
            break;
    }
    if (FAILED(hr)) {
        WINMM_WARN("waveIn: IAudioClient::Initialize failed (hr %08lx)", static_cast<unsigned long>(hr));
        setup_rc_ = (hr == AUDCLNT_E_UNSUPPORTED_FORMAT || hr == E_INVALIDARG) ? WAVERR_BADFORMAT
                                                                                : MMSYSERR_NODRIVER;
        return false;
    }
    hr = c.client->SetEventHandle(audio_);
    if (SUCCEEDED(hr))
        hr = c.client->GetService(__uuidof(IAudioCaptureClient), reinterpret_cast<void**>(&c.capture));
    if (FAILED(hr)) {
        WINMM_WARN("waveIn: no capture service (hr %08lx)", static_cast<unsigned long>(hr));
        setup_rc_ = MMSYSERR_NODRIVER;
        return false;
    }
    return true;
}

void InStream::teardown_stream() {
    if (com_ && com_->client && started_) com_->client->Stop();
    started_ = false;
    com_.reset();
}

void InStream::run() {
    if (!setup_stream()) {
        teardown_stream();
        SetEvent(reply_);
        return;
    }
    SetEvent(reply_);
    std::vector<WAVEHDR*> done;
    while (!quit_) {
        HANDLE wait[2] = {wake_, audio_};
        bool recording = started_ && !lost_;
        DWORD w = WaitForMultipleObjects(recording ? 2 : 1, wait, FALSE, recording ? kPollMs : INFINITE);
        if (w == WAIT_OBJECT_0) {
            Command c = pending_;
            pending_ = Command::none;
            reply_rc_ = execute(c);
            SetEvent(reply_);
            continue;
        }
        if (started_ && !lost_) {
            pull(done);
            deliver(done);
            DWORD now = GetTickCount();
            if (now - last_data_ > kQuietMs && now - last_probe_ > kQuietMs) probe();
        }
    }
    teardown_stream();
}

MMRESULT InStream::command(Command c) {
    {
        // A call racing waveInClose on another thread finds the handle closed, never a thread that has left.
        std::lock_guard<std::mutex> held(lock_);
        if (closed_) return MMSYSERR_INVALHANDLE;
    }
    if (GetCurrentThreadId() == thread_id_) return execute(c);  // from inside one of our own callbacks
    std::lock_guard<std::mutex> one_at_a_time(command_lock_);
    pending_ = c;
    SetEvent(wake_);
    HANDLE wait[2] = {reply_, thread_};
    if (WaitForMultipleObjects(2, wait, FALSE, INFINITE) != WAIT_OBJECT_0) return MMSYSERR_INVALHANDLE;
    return reply_rc_;
}

void InStream::mark_lost(HRESULT hr) {
    if (!lost_) WINMM_WARN("waveIn: capture stream lost (hr %08lx)", static_cast<unsigned long>(hr));
    lost_ = true;
}

void InStream::probe() {
    last_probe_ = GetTickCount();
    if (!com_ || !com_->device || lost_) return;
    IAudioClient* fresh = nullptr;
    HRESULT hr = com_->device->Activate(__uuidof(IAudioClient), CLSCTX_INPROC_SERVER, nullptr,
                                        reinterpret_cast<void**>(&fresh));
    if (SUCCEEDED(hr))
        hr = fresh->Initialize(AUDCLNT_SHAREMODE_SHARED, com_->flags, kBufferDuration, 0, &com_->format.Format,
                               &audio::kSessionGuid);
    release(fresh);
    if (FAILED(hr)) mark_lost(hr);
}

void InStream::pull(std::vector<WAVEHDR*>& done) {
    if (!com_ || !com_->capture || lost_) return;
    Com& c = *com_;
    for (;;) {
        UINT32 packet = 0;
        HRESULT hr = c.capture->GetNextPacketSize(&packet);
        if (FAILED(hr)) {
            mark_lost(hr);
            return;
        }
        if (packet == 0) return;
        last_data_ = GetTickCount();
        BYTE* data = nullptr;
        UINT32 frames = 0;
        DWORD flags = 0;
        hr = c.capture->GetBuffer(&data, &frames, &flags, nullptr, nullptr);
        if (FAILED(hr)) {
            mark_lost(hr);
            return;
        }
        if (hr == AUDCLNT_S_BUFFER_EMPTY || frames == 0) {
            if (hr != AUDCLNT_S_BUFFER_EMPTY) c.capture->ReleaseBuffer(frames);
            return;
        }
        // The engine says it overwrote data nobody read in time (the capture thread was late by more than the
        // 200 ms engine buffer): nothing to recover, but it is not silent.
        if (flags & AUDCLNT_BUFFERFLAGS_DATA_DISCONTINUITY)
            WINMM_INFO("waveIn: the engine reports a discontinuity before this packet of %u frames", frames);
        size_t bytes = static_cast<size_t>(frames) * pcm_.block_align;
        if (scratch_.size() < bytes) scratch_.resize(bytes);
        if (flags & AUDCLNT_BUFFERFLAGS_SILENT)
            std::memset(scratch_.data(), pcm_.type == SampleType::u8 ? 0x80 : 0, bytes);
        else if (c.from_float)
            from_float(pcm_, reinterpret_cast<const float*>(data), frames, scratch_.data());
        else
            std::memcpy(scratch_.data(), data, bytes);
        c.capture->ReleaseBuffer(frames);

        // Into the queued buffers, in order; a frame may straddle two buffers. With no buffer queued the data is
        // dropped, as waveInStart documents.
        std::lock_guard<std::mutex> held(lock_);
        size_t off = 0;
        while (off < bytes && !queue_.empty()) {
            WAVEHDR* h = queue_.front();
            DWORD room = h->dwBufferLength - h->dwBytesRecorded;
            DWORD take = static_cast<DWORD>(std::min<size_t>(room, bytes - off));
            std::memcpy(h->lpData + h->dwBytesRecorded, scratch_.data() + off, take);
            h->dwBytesRecorded += take;
            off += take;
            position_ += take;
            if (h->dwBytesRecorded == h->dwBufferLength) {
                queue_.pop_front();
                MemoryBarrier();  // the data before the flag, for applications that poll WHDR_DONE
                h->dwFlags = (h->dwFlags & ~WHDR_INQUEUE) | WHDR_DONE;
                done.push_back(h);
            }
        }
    }
}

void InStream::deliver(std::vector<WAVEHDR*>& done) {
    // No lock held: the application may call back into waveIn from here. The header is not touched again.
    for (WAVEHDR* h : done) notify(WIM_DATA, reinterpret_cast<DWORD_PTR>(h));
    done.clear();
}

MMRESULT InStream::execute(Command c) {
    std::vector<WAVEHDR*> done;
    MMRESULT rc = MMSYSERR_NOERROR;
    switch (c) {
    case Command::none:
        break;
    case Command::start:
        if (!started_ && quiet_at_stop_ > kQuietAtStopMs) probe();
        if (lost_) return MMSYSERR_NODRIVER;
        if (!started_) {
            HRESULT hr = com_->client->Start();
            if (FAILED(hr) && hr != AUDCLNT_E_NOT_STOPPED) {
                mark_lost(hr);
                return MMSYSERR_NODRIVER;
            }
            started_ = true;
            last_data_ = GetTickCount();
        }
        break;
    case Command::stop:
        if (!started_) break;  // documented: no effect when input is not started
        com_->client->Stop();
        started_ = false;
        pull(done);  // what the engine captured before the stop belongs to the application
        quiet_at_stop_ = GetTickCount() - last_data_;
        {
            // The buffer being filled goes back with what it holds; the empty ones stay queued.
            std::lock_guard<std::mutex> held(lock_);
            if (!queue_.empty() && queue_.front()->dwBytesRecorded > 0) {
                WAVEHDR* h = queue_.front();
                queue_.pop_front();
                h->dwFlags = (h->dwFlags & ~WHDR_INQUEUE) | WHDR_DONE;
                done.push_back(h);
            }
        }
        deliver(done);
        break;
    case Command::reset:
        if (started_) {
            com_->client->Stop();
            started_ = false;
            pull(done);
            quiet_at_stop_ = GetTickCount() - last_data_;
        }
        if (com_->client && !lost_) com_->client->Reset();
        {
            std::lock_guard<std::mutex> held(lock_);
            while (!queue_.empty()) {
                WAVEHDR* h = queue_.front();
                queue_.pop_front();
                h->dwFlags = (h->dwFlags & ~WHDR_INQUEUE) | WHDR_DONE;
                done.push_back(h);
            }
            position_ = 0;
        }
        deliver(done);
        break;
    case Command::quit: {
        std::lock_guard<std::mutex> held(lock_);
        if (closed_) return MMSYSERR_INVALHANDLE;          // another thread closed it first
        if (!queue_.empty()) return WAVERR_STILLPLAYING;  // a buffer was added since the caller looked
        closed_ = true;
        quit_ = true;
        break;
    }
    }
    return rc;
}

MMRESULT InStream::add_buffer(WAVEHDR* hdr) {
    std::lock_guard<std::mutex> held(lock_);
    if (closed_) return MMSYSERR_INVALHANDLE;
    hdr->dwBytesRecorded = 0;
    hdr->lpNext = nullptr;
    hdr->dwFlags = (hdr->dwFlags & ~WHDR_DONE) | WHDR_INQUEUE;
    queue_.push_back(hdr);
    return MMSYSERR_NOERROR;
}

MMRESULT InStream::start() { return command(Command::start); }
MMRESULT InStream::stop() { return command(Command::stop); }
MMRESULT InStream::reset() { return command(Command::reset); }

MMRESULT InStream::close() {
    {
        std::lock_guard<std::mutex> held(lock_);
        if (!queue_.empty()) return WAVERR_STILLPLAYING;
    }
    bool inside = GetCurrentThreadId() == thread_id_;
    MMRESULT rc = command(Command::quit);
    if (rc != MMSYSERR_NOERROR) return rc;
    // From another thread: wait until the stream is released. From our own callback: the thread leaves its loop
    // (and releases the stream) as soon as the callback returns.
    if (!inside) WaitForSingleObject(thread_, INFINITE);
    return MMSYSERR_NOERROR;
}

unsigned long long InStream::position_bytes() const {
    std::lock_guard<std::mutex> held(lock_);
    return position_;
}

}  // namespace winmm::wave
