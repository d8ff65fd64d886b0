// winmm-ng PlaySound: loading a sound from each kind of source into a WaveImage (Win32 layer). Everything is
// read through the DLL's own mmio in the calling thread, so I/O procedures the application installed serve
// compound names ("sounds.PAK+boom.wav") and errors are known before PlaySound returns.
#pragma once

#include <windows.h>

#include <optional>
#include <string>

#include "alias_lookup.h"
#include "wave_image.h"

namespace winmm::playsound {

// A file name: searched like Windows' PlaySound (SearchPath with the default extension ".wav"), then, when not
// found that way, given to mmioOpen as it is (compound names and names an I/O procedure understands).
std::optional<WaveImage> load_file(const std::wstring& name);

// An in-memory WAVE image whose size comes from its RIFF header (SND_MEMORY gives no size).
std::optional<WaveImage> load_memory_image(const void* image);

// A "WAVE" resource of `module` (the executable's when NULL).
std::optional<WaveImage> load_resource(HMODULE module, LPCWSTR name);

// The registry and win.ini as AliasStores, and the executable's base name for SND_APPLICATION.
AliasStores system_alias_stores();
std::wstring application_name();

}  // namespace winmm::playsound
