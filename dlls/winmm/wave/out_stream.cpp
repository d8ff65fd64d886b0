// The waveOut engine. One thread per handle owns the IAudioClient calls that feed data (COM MTA), wakes on the
// stream's event or on a request, converts queued data to float32 (applying the waveOutSetVolume gains) and
// sends WOM_DONE when the device has played a header's last byte. No lock is held while the application is
// called back, so a callback may call any waveOut function on the handle without deadlocking.
#include "out_stream.h"

#include <mmddk.h>

#include <cstring>
#include <future>

#include "driver/callback.h"
#include "endpoints.h"
#include "log.h"
#include "out_handles.h"
#include "session_guid.h"

namespace winmm::wave {
namespace {

// 200 ms of device buffer: a loaded machine may leave the engine thread unscheduled for 100 ms and more, and
// an underrun costs more than a gap under Wine (winepulse drops data to catch up). The size adds no latency:
// playback starts as soon as data is queued, a header is returned when played (not when copied), and
// pause/reset stop the stream at once.
constexpr REFERENCE_TIME kBufferDuration = 2000000;
constexpr DWORD kIdleWaitMs = 20;

template <class T>
void release(T*& p) {
    if (p) p->Release();
    p = nullptr;
}

}  // namespace

MMRESULT OutStream::create(const std::wstring& endpoint_id, unsigned device, const PcmFormat& fmt,
                           std::shared_ptr<OutStream>& out) {
    std::shared_ptr<OutStream> s(new (std::nothrow) OutStream(device, fmt));
    if (!s) return MMSYSERR_NOMEM;
    s->audio_event_ = CreateEventW(nullptr, FALSE, FALSE, nullptr);
    s->wake_event_ = CreateEventW(nullptr, FALSE, FALSE, nullptr);
    if (!s->audio_event_ || !s->wake_event_) return MMSYSERR_NOMEM;
    std::promise<HRESULT> ready;
    std::future<HRESULT> result = ready.get_future();
    try {
        // The thread holds a reference: the object outlives a close() made from one of its own callbacks.
        s->thread_ = std::thread([self = s, &ready, endpoint_id]() mutable {
            OutStream* raw = self.get();
            ComScope com;
            raw->engine_tid_ = GetCurrentThreadId();
            HRESULT hr = raw->init_on_engine(endpoint_id);
            ready.set_value(hr);
            if (SUCCEEDED(hr)) raw->engine();
            raw->mu_.lock();
            if (raw->client_) raw->client_->Stop();
            release(raw->render_);
            release(raw->client_);
            raw->mu_.unlock();
            self.reset();
        });
    } catch (...) {
        return MMSYSERR_NOMEM;
    }
    HRESULT hr = result.get();
    if (FAILED(hr)) {
        s->thread_.join();
        WINMM_WARN("wave: opening the endpoint failed (hr %08lx)\n", static_cast<unsigned long>(hr));
        if (hr == AUDCLNT_E_UNSUPPORTED_FORMAT) return WAVERR_BADFORMAT;
        if (hr == AUDCLNT_E_DEVICE_IN_USE) return MMSYSERR_ALLOCATED;
        if (hr == E_OUTOFMEMORY) return MMSYSERR_NOMEM;
        return MMSYSERR_NODRIVER;
    }
    out = std::move(s);
    return MMSYSERR_NOERROR;
}

OutStream::~OutStream() {
    if (thread_.joinable()) {
        {
            std::lock_guard<std::mutex> g(mu_);
            stop_ = true;
        }
        SetEvent(wake_event_);
        if (std::this_thread::get_id() == thread_.get_id())
            thread_.detach();
        else
            thread_.join();
    }
    if (audio_event_) CloseHandle(audio_event_);
    if (wake_event_) CloseHandle(wake_event_);
}

HRESULT OutStream::init_on_engine(const std::wstring& endpoint_id) {
    IMMDevice* dev = open_endpoint(endpoint_id);
    if (!dev) return E_FAIL;
    HRESULT hr = dev->Activate(__uuidof(IAudioClient), CLSCTX_INPROC_SERVER, nullptr,
                               reinterpret_cast<void**>(&client_));
    dev->Release();
    if (FAILED(hr)) return hr;
    // The engine always hands float32 in the application's rate and channel count; the audio engine converts
    // rate and channel layout to its mix format.
    WAVEFORMATEXTENSIBLE wfx = float_extensible(fmt_);
    hr = client_->Initialize(AUDCLNT_SHAREMODE_SHARED,
                             AUDCLNT_STREAMFLAGS_EVENTCALLBACK | AUDCLNT_STREAMFLAGS_NOPERSIST |
                                 AUDCLNT_STREAMFLAGS_AUTOCONVERTPCM | AUDCLNT_STREAMFLAGS_SRC_DEFAULT_QUALITY,
                             kBufferDuration, 0, &wfx.Format, &audio::kSessionGuid);
    if (FAILED(hr)) return hr;
    if (FAILED(hr = client_->SetEventHandle(audio_event_))) return hr;
    if (FAILED(hr = client_->GetBufferSize(&buffer_frames_))) return hr;
    hr = client_->GetService(__uuidof(IAudioRenderClient), reinterpret_cast<void**>(&render_));
    if (FAILED(hr)) return hr;
    scratch_.resize(static_cast<size_t>(buffer_frames_) * fmt_.channels);
    return S_OK;
}

void OutStream::notify(UINT msg, DWORD_PTR p1) {
    winmm::driver::notify(cb_.target, cb_.dcb, reinterpret_cast<HDRVR>(handle_), msg, cb_.user, p1, 0);
}

void OutStream::announce(HWAVEOUT handle, const CallbackTarget& cb) {
    handle_ = handle;
    cb_ = cb;
    notify(WOM_OPEN, 0);
}

void OutStream::engine() {
    HANDLE waits[2] = {audio_event_, wake_event_};
    for (;;) {
        WaitForMultipleObjects(2, waits, FALSE, kIdleWaitMs);
        {
            std::lock_guard<std::mutex> g(mu_);
            if (stop_) return;
            pump_locked();
        }
        deliver();
        std::lock_guard<std::mutex> g(mu_);
        if (stop_) return;
    }
}

void OutStream::fail_locked(HRESULT hr, const char* what) {
    WINMM_ERR("wave: %s failed (hr %08lx); the device is gone, queued headers are returned unplayed\n", what,
              static_cast<unsigned long>(hr));
    broken_ = true;
    std::vector<WAVEHDR*> all;
    queue_.take_all(all);
    finish_locked(all);
}

void OutStream::finish_locked(std::vector<WAVEHDR*>& list) {
    for (WAVEHDR* h : list) {
        auto it = decoded_.find(h);
        if (it != decoded_.end()) {
            h = it->second->app;
            decoded_.erase(it);
        }
        h->dwFlags = (h->dwFlags & ~WHDR_INQUEUE) | WHDR_DONE;
        outbox_.push_back(h);
    }
    queued_done_ += list.size();
    list.clear();
}

void OutStream::pump_locked() {
    if (broken_ || !client_) return;
    UINT32 padding = 0;
    HRESULT hr = client_->GetCurrentPadding(&padding);
    if (FAILED(hr)) return fail_locked(hr, "GetCurrentPadding");
    UINT32 free_frames = buffer_frames_ - padding;
    const unsigned align = fmt_.block_align;
    if (free_frames > 0) {
        // The handle's volume times the device's (waveOutSetVolume on a device id); linear amplitude.
        DWORD vol = volume_.load(), dvol = out_handles::device_volume(device_);
        float gl = (vol & 0xFFFF) / 65535.0f * ((dvol & 0xFFFF) / 65535.0f);
        float gr = (vol >> 16) / 65535.0f * ((dvol >> 16) / 65535.0f);
        size_t frames = 0;
        while (frames < free_frames) {
            HeaderQueue::Chunk c = queue_.next((free_frames - frames) * align);
            if (!c.bytes) break;
            size_t n = c.bytes / align;
            to_float(fmt_, c.data, n, scratch_.data() + frames * fmt_.channels, gl, gr);
            queue_.consume(c.bytes);
            frames += n;
        }
        if (frames) {
            BYTE* dst = nullptr;
            hr = render_->GetBuffer(static_cast<UINT32>(frames), &dst);
            if (FAILED(hr)) return fail_locked(hr, "GetBuffer");
            std::memcpy(dst, scratch_.data(), frames * fmt_.channels * sizeof(float));
            hr = render_->ReleaseBuffer(static_cast<UINT32>(frames), 0);
            if (FAILED(hr)) return fail_locked(hr, "ReleaseBuffer");
            padding += static_cast<UINT32>(frames);
            if (!running_ && !paused_) {
                hr = client_->Start();
                if (FAILED(hr)) return fail_locked(hr, "Start");
                running_ = true;
            }
        }
    }
    uint64_t played = queue_.written() - static_cast<uint64_t>(padding) * align;
    std::vector<WAVEHDR*> done;
    queue_.take_finished(played, done);
    finish_locked(done);
}

void OutStream::deliver() {
    std::vector<WAVEHDR*> batch;
    {
        std::lock_guard<std::mutex> g(mu_);
        batch.swap(outbox_);
    }
    if (batch.empty()) return;
    for (WAVEHDR* h : batch) notify(WOM_DONE, reinterpret_cast<DWORD_PTR>(h));
    {
        std::lock_guard<std::mutex> g(mu_);
        delivered_done_ += batch.size();
    }
    delivered_cv_.notify_all();
}

MMRESULT OutStream::write(WAVEHDR* h) {
    std::unique_ptr<Decoded> d;
    if (mapper_) {
        // Decode outside the engine's lock: a codec may take a while.
        d.reset(new (std::nothrow) Decoded());
        if (!d) return MMSYSERR_NOMEM;
        std::lock_guard<std::mutex> g(mapper_mu_);
        if (!mapper_->convert(reinterpret_cast<const BYTE*>(h->lpData), h->dwBufferLength, d->pcm)) {
            WINMM_WARN("wave: the codec failed to decode a %lu-byte buffer\n", static_cast<unsigned long>(h->dwBufferLength));
            return MMSYSERR_ERROR;
        }
        d->app = h;
        d->hdr = {};
        d->hdr.lpData = reinterpret_cast<LPSTR>(d->pcm.data());
        d->hdr.dwBufferLength = static_cast<DWORD>(d->pcm.size());
        d->hdr.dwFlags = (h->dwFlags & (WHDR_BEGINLOOP | WHDR_ENDLOOP)) | WHDR_PREPARED | WHDR_INQUEUE;
        d->hdr.dwLoops = h->dwLoops;
    }
    {
        std::lock_guard<std::mutex> g(mu_);
        if (closed_) return MMSYSERR_INVALHANDLE;
        if (broken_) return MMSYSERR_NODRIVER;
        h->dwFlags = (h->dwFlags & ~WHDR_DONE) | WHDR_INQUEUE;
        if (d) {
            WAVEHDR* inner = &d->hdr;
            decoded_[inner] = std::move(d);
            queue_.push(inner);
        } else {
            queue_.push(h);
        }
        // Feed at once rather than at the next wake-up: the first sound follows waveOutWrite without delay.
        pump_locked();
    }
    SetEvent(wake_event_);
    return MMSYSERR_NOERROR;
}

MMRESULT OutStream::pause() {
    std::lock_guard<std::mutex> g(mu_);
    if (closed_) return MMSYSERR_INVALHANDLE;
    paused_ = true;
    if (running_ && client_) {
        HRESULT hr = client_->Stop();
        if (FAILED(hr)) fail_locked(hr, "Stop");
        running_ = false;
    }
    return MMSYSERR_NOERROR;
}

MMRESULT OutStream::restart() {
    {
        std::lock_guard<std::mutex> g(mu_);
        if (closed_) return MMSYSERR_INVALHANDLE;
        paused_ = false;
        pump_locked();
        if (!running_ && client_ && !broken_ && queue_.written() > 0) {
            HRESULT hr = client_->Start();
            if (FAILED(hr))
                fail_locked(hr, "Start");
            else
                running_ = true;
        }
    }
    SetEvent(wake_event_);
    return MMSYSERR_NOERROR;
}

MMRESULT OutStream::reset() {
    uint64_t target;
    {
        std::lock_guard<std::mutex> g(mu_);
        if (closed_) return MMSYSERR_INVALHANDLE;
        if (client_ && !broken_) {
            if (running_) client_->Stop();
            running_ = false;
            HRESULT hr = client_->Reset();
            if (FAILED(hr)) fail_locked(hr, "Reset");
        }
        std::vector<WAVEHDR*> all;
        queue_.take_all(all);
        finish_locked(all);
        target = queued_done_;
        if (mapper_) {
            std::lock_guard<std::mutex> m(mapper_mu_);
            mapper_->restart();
        }
    }
    // The headers are returned (WOM_DONE sent) before waveOutReset returns, by the engine thread so that all
    // of the handle's callbacks come from one thread in order. From a callback (the engine thread itself) the
    // deliveries follow when it returns.
    if (on_engine_thread()) return MMSYSERR_NOERROR;
    SetEvent(wake_event_);
    std::unique_lock<std::mutex> g(mu_);
    delivered_cv_.wait(g, [&] { return delivered_done_ >= target || stop_; });
    return MMSYSERR_NOERROR;
}

MMRESULT OutStream::break_loop() {
    std::lock_guard<std::mutex> g(mu_);
    if (closed_) return MMSYSERR_INVALHANDLE;
    queue_.break_loop();
    return MMSYSERR_NOERROR;
}

uint64_t OutStream::played_bytes() {
    std::lock_guard<std::mutex> g(mu_);
    if (!client_ || broken_) return queue_.written();
    UINT32 padding = 0;
    if (FAILED(client_->GetCurrentPadding(&padding))) return queue_.written();
    return queue_.written() - static_cast<uint64_t>(padding) * fmt_.block_align;
}

MMRESULT OutStream::close() {
    {
        std::lock_guard<std::mutex> g(mu_);
        if (closed_) return MMSYSERR_INVALHANDLE;
        if (!queue_.empty()) return WAVERR_STILLPLAYING;
        closed_ = true;
        stop_ = true;
    }
    SetEvent(wake_event_);
    if (!on_engine_thread()) {
        // Deliver what the engine collected but did not send yet, then stop it.
        if (thread_.joinable()) thread_.join();
        deliver();
    }
    notify(WOM_CLOSE, 0);
    return MMSYSERR_NOERROR;
}

}  // namespace winmm::wave
