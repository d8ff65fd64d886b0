#include "stream.h"

#include <mmddk.h>

#include <vector>

#include "headers.h"
#include "log.h"

namespace winmm::midi {
namespace {

double now_us() {
    static const double per_us = [] {
        LARGE_INTEGER f;
        QueryPerformanceFrequency(&f);
        return static_cast<double>(f.QuadPart) / 1e6;
    }();
    LARGE_INTEGER c;
    QueryPerformanceCounter(&c);
    return static_cast<double>(c.QuadPart) / per_us;
}

// The player's resolution while it exists: waits of whole milliseconds, then a short yield loop for the rest.
constexpr UINT kPeriodMs = 1;
constexpr double kSpinUs = 2500;  // the last stretch before a due moment is spent yielding: Wine's timed waits can overshoot by a few ms
constexpr DWORD kLongTimeoutMs = 2000;  // the longest wait for a driver to give back a system-exclusive buffer

}  // namespace

Stream::Stream(Port* port) : port_(port) {
    wake_ = CreateEventW(nullptr, FALSE, FALSE, nullptr);
    long_done_ = CreateEventW(nullptr, FALSE, FALSE, nullptr);
}

Stream::~Stream() {
    shut_down();
    if (wake_) CloseHandle(wake_);
    if (long_done_) CloseHandle(long_done_);
}

bool Stream::start_thread(const std::shared_ptr<Stream>& self) {
    if (!wake_ || !long_done_) return false;
    auto* keep = new std::shared_ptr<Stream>(self);
    thread_ = CreateThread(nullptr, 0, &Stream::thread_main, keep, 0, &thread_id_);
    if (!thread_) {
        delete keep;
        return false;
    }
    SetThreadPriority(thread_, THREAD_PRIORITY_TIME_CRITICAL);
    return true;
}

void Stream::shut_down() {
    if (!thread_) return;
    stop();
    {
        std::lock_guard<std::mutex> g(lock_);
        quit_ = true;
    }
    SetEvent(wake_);
    // A close from inside one of the stream's own callbacks cannot wait for the thread it runs on.
    if (GetCurrentThreadId() != thread_id_) WaitForSingleObject(thread_, INFINITE);
    CloseHandle(thread_);
    thread_ = nullptr;
}

DWORD WINAPI Stream::thread_main(void* param) {
    std::unique_ptr<std::shared_ptr<Stream>> keep(static_cast<std::shared_ptr<Stream>*>(param));
    (*keep)->run();
    return 0;  // the last reference may go here: the destructor then finds the thread already shut down
}

void Stream::finish(MIDIHDR* hdr) {
    hdr->dwFlags = (hdr->dwFlags & ~MHDR_INQUEUE) | MHDR_DONE;
    port_->notify_app(MOM_DONE, reinterpret_cast<DWORD_PTR>(hdr), 0);
}

void Stream::send_long(const uint8_t* data, uint32_t length) {
    long_hdr_ = MIDIHDR{};
    long_hdr_.lpData = reinterpret_cast<LPSTR>(const_cast<uint8_t*>(data));
    long_hdr_.dwBufferLength = long_hdr_.dwBytesRecorded = length;
    ResetEvent(long_done_);
    auto hdr = reinterpret_cast<DWORD_PTR>(&long_hdr_);
    if (port_->send(MODM_PREPARE, hdr, sizeof(long_hdr_)) == MMSYSERR_NOTSUPPORTED) headers::mark_prepared(&long_hdr_);
    if (port_->send(MODM_LONGDATA, hdr, sizeof(long_hdr_)) == MMSYSERR_NOERROR) {
        // The next event waits for this one to be sent: the driver returns the buffer (MOM_DONE) when it has.
        DWORD start = GetTickCount();
        while (!(long_hdr_.dwFlags & MHDR_DONE) && GetTickCount() - start < kLongTimeoutMs)
            WaitForSingleObject(long_done_, 10);
        if (!(long_hdr_.dwFlags & MHDR_DONE)) {
            WINMM_WARN("midiStream: the driver kept a system-exclusive buffer; resetting it");
            port_->send(MODM_RESET, 0, 0);
        }
    }
    if (port_->send(MODM_UNPREPARE, hdr, sizeof(long_hdr_)) == MMSYSERR_NOTSUPPORTED)
        headers::mark_unprepared(&long_hdr_);
}

void Stream::run() {
    timeBeginPeriod(kPeriodMs);
    std::unique_lock<std::mutex> g(lock_);
    while (!quit_) {
        if (!started_ || queue_.empty()) {
            if (started_ && !starved_) {
                // Played out: the clock stops at the last event until more arrives.
                clock_.freeze_at(last_tick_);
                starved_ = true;
            }
            g.unlock();
            WaitForSingleObject(wake_, INFINITE);
            g.lock();
            continue;
        }
        MIDIHDR* hdr = queue_.front();
        stream_core::Event ev;
        if (!stream_core::parse(reinterpret_cast<const uint8_t*>(hdr->lpData), hdr->dwBytesRecorded, offset_,
                                &ev)) {
            queue_.pop_front();
            offset_ = 0;
            executing_ = true;
            g.unlock();
            finish(hdr);
            g.lock();
            executing_ = false;
            idle_.notify_all();
            continue;
        }
        double due_tick = last_tick_ + ev.delta;
        double wait = clock_.due_us(due_tick) - now_us();
        if (wait > 0) {
            g.unlock();
            DWORD ms = wait > kSpinUs ? static_cast<DWORD>((wait - kSpinUs) / 1000) : 0;
            if (ms) {
                WaitForSingleObject(wake_, ms);  // a command (wake_) ends the wait early
            } else {
                SwitchToThread();
            }
            g.lock();
            continue;  // the state may have changed meanwhile: look again
        }
        last_tick_ = due_tick;
        uint32_t at = offset_;
        offset_ += ev.size;
        if (ev.type == stream_core::kTempo) clock_.set_tempo_at(due_tick, ev.parm);
        if (ev.type == stream_core::kShortMsg) notes_.observe(ev.parm);
        executing_ = true;
        g.unlock();
        if (ev.callback) {
            // w2k and later write dwOffset only for callback events (Wine's tests), whatever size the
            // application gave midiStreamOut.
            hdr->dwOffset = at;
            port_->notify_app(MOM_POSITIONCB, reinterpret_cast<DWORD_PTR>(hdr), 0);
        }
        if (ev.type == stream_core::kShortMsg) {
            port_->send(MODM_DATA, ev.parm, 0);
        } else if (ev.type == stream_core::kLongMsg) {
            send_long(ev.data, ev.parm);
        }
        // MEVT_NOP, MEVT_COMMENT, MEVT_VERSION and unknown types only take their time (and their callback).
        g.lock();
        executing_ = false;
        idle_.notify_all();
    }
    g.unlock();
    timeEndPeriod(kPeriodMs);
}

MMRESULT Stream::out(MIDIHDR* hdr, UINT size) {
    MMRESULT r = headers::check(hdr, size);
    if (r != MMSYSERR_NOERROR) return r;
    if (!(hdr->dwFlags & MHDR_PREPARED)) return MIDIERR_UNPREPARED;
    if (hdr->dwFlags & MHDR_INQUEUE) return MIDIERR_STILLPLAYING;
    if (!stream_core::valid_recorded(hdr->dwBytesRecorded, hdr->dwBufferLength)) return MMSYSERR_INVALPARAM;
    std::lock_guard<std::mutex> g(lock_);
    hdr->dwFlags = (hdr->dwFlags & ~MHDR_DONE) | MHDR_INQUEUE | MHDR_ISSTRM;
    queue_.push_back(hdr);
    if (started_ && starved_) {
        clock_.resume(now_us());
        starved_ = false;
    }
    SetEvent(wake_);
    return MMSYSERR_NOERROR;
}

MMRESULT Stream::pause() {
    std::lock_guard<std::mutex> g(lock_);
    if (started_ && !starved_) clock_.pause(now_us());
    started_ = false;
    starved_ = true;
    SetEvent(wake_);
    return MMSYSERR_NOERROR;
}

MMRESULT Stream::restart() {
    std::lock_guard<std::mutex> g(lock_);
    if (started_) return MMSYSERR_NOERROR;
    started_ = true;
    if (!queue_.empty()) {
        clock_.resume(now_us());
        starved_ = false;
    }
    SetEvent(wake_);
    return MMSYSERR_NOERROR;
}

MMRESULT Stream::stop() {
    std::deque<MIDIHDR*> returned;
    std::vector<DWORD> note_offs;
    {
        std::unique_lock<std::mutex> g(lock_);
        // Wait for an event being carried out (unless this is the player itself, stopping from a callback).
        if (GetCurrentThreadId() != thread_id_) idle_.wait(g, [this] { return !executing_; });
        returned.swap(queue_);
        offset_ = 0;
        last_tick_ = 0;
        started_ = false;
        starved_ = true;
        clock_.reset();
        notes_.release_all([&](uint32_t m) { note_offs.push_back(m); });
    }
    SetEvent(wake_);
    for (DWORD m : note_offs) port_->send(MODM_DATA, m, 0);
    for (MIDIHDR* hdr : returned) finish(hdr);
    return MMSYSERR_NOERROR;
}

MMRESULT Stream::position(MMTIME* t, UINT size) {
    if (!t || size < sizeof(MMTIME)) return MMSYSERR_INVALPARAM;
    stream_core::Position p;
    {
        std::lock_guard<std::mutex> g(lock_);
        double now = now_us();
        p = stream_core::position(t->wType, clock_.ticks_at(now), clock_.elapsed_us_at(now), clock_.timediv());
    }
    t->wType = p.type;
    switch (p.type) {
    case TIME_TICKS: t->u.ticks = p.value; break;
    case TIME_MIDI: t->u.midi.songptrpos = p.value; break;
    default: t->u.ms = p.value; break;
    }
    return MMSYSERR_NOERROR;
}

MMRESULT Stream::property(BYTE* data, DWORD flags) {
    if (!data) return MMSYSERR_INVALPARAM;
    bool get = (flags & MIDIPROP_GET) != 0;
    bool set = (flags & MIDIPROP_SET) != 0;
    if (get == set) return MMSYSERR_INVALPARAM;
    DWORD which = flags & ~(MIDIPROP_GET | MIDIPROP_SET);
    std::lock_guard<std::mutex> g(lock_);
    double here = clock_.ticks_at(now_us());
    if (which == MIDIPROP_TEMPO) {
        auto* p = reinterpret_cast<MIDIPROPTEMPO*>(data);
        if (p->cbStruct < sizeof(MIDIPROPTEMPO)) return MMSYSERR_INVALPARAM;
        if (get) {
            p->dwTempo = clock_.tempo();
        } else {
            if (p->dwTempo == 0) return MMSYSERR_INVALPARAM;
            clock_.set_tempo_at(here, p->dwTempo);
        }
        return MMSYSERR_NOERROR;
    }
    if (which == MIDIPROP_TIMEDIV) {
        auto* p = reinterpret_cast<MIDIPROPTIMEDIV*>(data);
        if (p->cbStruct < sizeof(MIDIPROPTIMEDIV)) return MMSYSERR_INVALPARAM;
        if (get) {
            p->dwTimeDiv = clock_.timediv();
        } else {
            if (!stream_core::valid_timediv(p->dwTimeDiv)) return MMSYSERR_INVALPARAM;
            clock_.set_timediv_at(here, p->dwTimeDiv);
        }
        return MMSYSERR_NOERROR;
    }
    return MMSYSERR_INVALPARAM;
}

}  // namespace winmm::midi
