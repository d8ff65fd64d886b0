// winmm-ng PlaySound: the worker thread that plays one sound at a time through waveOut (see player.h).
#include "player.h"

#include <mmsystem.h>

#include <atomic>
#include <vector>

#include "log.h"

namespace winmm::playsound {

namespace {

// How long the worker stays when idle before it ends (and releases its reference to the DLL): long enough that
// the sounds of a user interface, seconds apart, reuse it instead of starting a thread each.
constexpr DWORD kIdleMs = 30000;
// How long a stop waits for the worker to confirm that the device stopped. Bounded because the worker's
// waveOutReset may need the thread the caller is running on (a waveOut callback of the application's device
// calling PlaySound(NULL)); after the wait the caller goes on and the worker still stops the sound.
constexpr DWORD kStopWaitMs = 1000;
// Without SND_NOWAIT, a device that is busy is tried again for this long.
constexpr DWORD kBusyRetryMs = 5000;
constexpr DWORD kBusyPollMs = 50;

struct Job {
    std::shared_ptr<const WaveImage> sound;
    std::wstring key;
    PlayOptions options;
    std::atomic<bool> cancelled{false};
    HANDLE cancel = CreateEventW(nullptr, TRUE, FALSE, nullptr);   // set by stop
    HANDLE finished = CreateEventW(nullptr, TRUE, FALSE, nullptr); // set by the worker when it is done with it
    std::atomic<bool> played{false};
    std::atomic<bool> busy{false};

    ~Job() {
        if (cancel) CloseHandle(cancel);
        if (finished) CloseHandle(finished);
    }
    void cancel_now() {
        cancelled = true;
        SetEvent(cancel);
    }
};

struct State {
    CRITICAL_SECTION lock;
    std::shared_ptr<Job> current;  // being played by the worker
    std::shared_ptr<Job> pending;  // next for the worker
    HANDLE wake = nullptr;         // auto-reset: a job is pending
    HANDLE worker = nullptr;       // the worker thread while it runs (signalled when it ended)
    bool worker_alive = false;

    State() {
        InitializeCriticalSection(&lock);
        wake = CreateEventW(nullptr, FALSE, FALSE, nullptr);
    }
};

State& state() {
    // Never destroyed: a worker or an exit path may still use it while static destructors run.
    static State* s = new State();
    return *s;
}

struct Locked {
    explicit Locked(State& s) : s_(s) { EnterCriticalSection(&s_.lock); }
    ~Locked() { LeaveCriticalSection(&s_.lock); }
    State& s_;
};

// During process exit other threads are gone and new ones never run: nothing may wait for the worker then.
bool shutting_down() {
    using Fn = BOOLEAN(WINAPI*)(void);
    static Fn fn = reinterpret_cast<Fn>(
        reinterpret_cast<void*>(GetProcAddress(GetModuleHandleW(L"ntdll.dll"), "RtlDllShutdownInProgress")));
    return fn && fn();
}

MMRESULT open_device(Job& job, HWAVEOUT* wo, HANDLE ev) {
    DWORD waited = 0;
    for (;;) {
        MMRESULT r = waveOutOpen(wo, WAVE_MAPPER, job.sound->wfx(), DWORD_PTR(ev), 0, CALLBACK_EVENT);
        if (r != MMSYSERR_ALLOCATED || job.options.nowait || waited >= kBusyRetryMs) return r;
        if (WaitForSingleObject(job.cancel, kBusyPollMs) == WAIT_OBJECT_0) return r;
        waited += kBusyPollMs;
    }
}

void play(Job& job) {
    const WaveImage& w = *job.sound;
    if (job.cancelled) return;
    if (w.data.empty()) {
        job.played = true;  // a valid WAVE with no samples: nothing to hear
        return;
    }
    HANDLE ev = CreateEventW(nullptr, FALSE, FALSE, nullptr);
    if (!ev) return;
    HWAVEOUT wo = nullptr;
    MMRESULT r = open_device(job, &wo, ev);
    if (r != MMSYSERR_NOERROR) {
        WINMM_WARN("PlaySound: waveOutOpen(format %u, %lu Hz, %u ch) failed: %u", w.wfx()->wFormatTag,
                   (unsigned long)w.wfx()->nSamplesPerSec, w.wfx()->nChannels, r);
        job.busy = r == MMSYSERR_ALLOCATED;
        CloseHandle(ev);
        return;
    }
    // A looped sound keeps two headers over the same samples queued, so the device always has the next pass
    // and the loop has no gap; a header is written again as soon as it is done.
    WAVEHDR hdr[2] = {};
    const int count = job.options.loop ? 2 : 1;
    int prepared = 0;
    for (int i = 0; i < count; ++i) {
        hdr[i].lpData = reinterpret_cast<LPSTR>(const_cast<uint8_t*>(w.data.data()));
        hdr[i].dwBufferLength = DWORD(w.data.size());
        if (waveOutPrepareHeader(wo, &hdr[i], sizeof(WAVEHDR)) != MMSYSERR_NOERROR) break;
        ++prepared;
    }
    bool ok = prepared == count;
    for (int i = 0; ok && i < count; ++i) ok = waveOutWrite(wo, &hdr[i], sizeof(WAVEHDR)) == MMSYSERR_NOERROR;
    if (ok) {
        job.played = true;
        HANDLE waits[2] = {job.cancel, ev};
        for (;;) {
            DWORD wr = WaitForMultipleObjects(2, waits, FALSE, INFINITE);
            if (wr != WAIT_OBJECT_0 + 1 || job.cancelled) break;
            int done = 0;
            bool failed = false;
            for (int i = 0; i < count; ++i) {
                if (!(hdr[i].dwFlags & WHDR_DONE)) continue;
                if (job.options.loop) {
                    failed = waveOutWrite(wo, &hdr[i], sizeof(WAVEHDR)) != MMSYSERR_NOERROR;
                    if (failed) break;
                } else {
                    ++done;
                }
            }
            if (failed || done == count) break;
        }
    }
    waveOutReset(wo);
    for (int i = 0; i < prepared; ++i) waveOutUnprepareHeader(wo, &hdr[i], sizeof(WAVEHDR));
    waveOutClose(wo);
    CloseHandle(ev);
}

DWORD WINAPI worker_main(void* module) {
    State& s = state();
    for (;;) {
        std::shared_ptr<Job> job;
        {
            Locked l(s);
            job = std::move(s.pending);
            s.pending.reset();
            if (job) s.current = job;
        }
        if (!job) {
            if (WaitForSingleObject(s.wake, kIdleMs) == WAIT_TIMEOUT) {
                Locked l(s);
                if (!s.pending) {
                    s.worker_alive = false;
                    CloseHandle(s.worker);
                    s.worker = nullptr;
                    break;
                }
            }
            continue;
        }
        play(*job);
        {
            Locked l(s);
            if (s.current == job) s.current.reset();
        }
        SetEvent(job->finished);
    }
    // The worker holds a reference to this DLL, so FreeLibrary by the application never unmaps the code it runs.
    FreeLibraryAndExitThread(static_cast<HMODULE>(module), 0);
}

// Under the lock.
bool ensure_worker(State& s) {
    if (s.worker_alive) return true;
    HMODULE self = nullptr;
    if (!GetModuleHandleExW(GET_MODULE_HANDLE_EX_FLAG_FROM_ADDRESS, reinterpret_cast<LPCWSTR>(&worker_main),
                            &self))
        return false;
    HANDLE t = CreateThread(nullptr, 0, worker_main, self, 0, nullptr);
    if (!t) {
        FreeLibrary(self);
        return false;
    }
    s.worker = t;
    s.worker_alive = true;
    return true;
}

// Waits for the job or for the worker's end (a worker killed by process exit never sets `finished`).
bool wait_job(State& s, Job& job, DWORD timeout) {
    HANDLE worker = nullptr;
    {
        Locked l(s);
        if (s.worker) DuplicateHandle(GetCurrentProcess(), s.worker, GetCurrentProcess(), &worker, SYNCHRONIZE,
                                      FALSE, 0);
    }
    HANDLE waits[2] = {job.finished, worker};
    DWORD r = WaitForMultipleObjects(worker ? 2 : 1, waits, FALSE, timeout);
    if (worker) CloseHandle(worker);
    return r == WAIT_OBJECT_0;
}

bool active(const std::shared_ptr<Job>& j) { return j && !j->cancelled; }

}  // namespace

StartResult start(std::shared_ptr<const WaveImage> sound, const std::wstring& key, const PlayOptions& options) {
    State& s = state();
    auto job = std::make_shared<Job>();
    if (!job->cancel || !job->finished) return StartResult::failed;
    job->sound = std::move(sound);
    job->key = key;
    job->options = options;
    {
        Locked l(s);
        if (options.nostop && (active(s.current) || active(s.pending))) return StartResult::refused_busy;
        if (s.current) s.current->cancel_now();
        if (s.pending) {
            s.pending->cancel_now();
            SetEvent(s.pending->finished);  // never reaches the worker
        }
        if (!ensure_worker(s)) return StartResult::failed;
        s.pending = job;
        SetEvent(s.wake);
    }
    if (options.async) return StartResult::played;
    if (shutting_down()) {
        stop(nullptr);
        return StartResult::failed;
    }
    if (!wait_job(s, *job, INFINITE)) return StartResult::failed;
    if (job->played) return StartResult::played;
    return job->busy ? StartResult::refused_busy : StartResult::failed;
}

void stop(const std::wstring* key) {
    State& s = state();
    std::shared_ptr<Job> running;
    {
        Locked l(s);
        auto matches = [&](const std::shared_ptr<Job>& j) {
            return j && (!key || CompareStringOrdinal(j->key.c_str(), -1, key->c_str(), -1, TRUE) == CSTR_EQUAL);
        };
        if (matches(s.pending)) {
            s.pending->cancel_now();
            SetEvent(s.pending->finished);
            s.pending.reset();
        }
        if (matches(s.current)) {
            s.current->cancel_now();
            running = s.current;
        }
    }
    if (running && !shutting_down()) wait_job(s, *running, kStopWaitMs);
}

bool playing() {
    State& s = state();
    Locked l(s);
    return active(s.current) || active(s.pending);
}

}  // namespace winmm::playsound
