// winmm-ng PlaySound: the process's one sound at a time, played through the public waveOut API by a worker
// thread (Win32 layer).
//
// Why a worker for every sound, SND_SYNC included: the waveOut calls never run in the application's thread, so
// PlaySound called from a window procedure or from a waveOut callback never re-enters the device it is called
// from; stopping a sound never waits on the application's threads; and the sequence "stop the old sound, then
// open the new one" is kept by one thread without locks held across waveOut calls.
#pragma once

#include <windows.h>

#include <memory>
#include <string>

#include "wave_image.h"

namespace winmm::playsound {

struct PlayOptions {
    bool async = true;
    bool loop = false;
    bool nostop = false;  // fail when a sound is playing instead of stopping it
    bool nowait = false;  // fail when the device is busy instead of waiting for it
};

enum class StartResult { played, refused_busy, failed };

// Plays `sound` (stopping the current one unless nostop). Asynchronous: returns once the worker has the sound.
// Synchronous: returns when it ended (played to the end, stopped by another call, or could not be opened).
StartResult start(std::shared_ptr<const WaveImage> sound, const std::wstring& key, const PlayOptions& options);

// Stops the current sound (only when its key is `key`, if given). Waits a bounded time for the device to stop.
void stop(const std::wstring* key);

// Whether a sound is playing or about to play.
bool playing();

}  // namespace winmm::playsound
