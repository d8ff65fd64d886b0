// The device layer's pieces as they call each other (each lives in the file named beside it).
#pragma once

#include <windows.h>

#include <mmsystem.h>

#include "device_table.h"

// MCI_SOUND (mmsystem's command for system sounds) is missing from MinGW's <mmsystem.h>; values and layout as in
// the Windows SDK.
#ifndef MCI_SOUND
#define MCI_SOUND 0x0812
#endif
#ifndef MCI_SOUND_NAME
#define MCI_SOUND_NAME 0x00000100L
#endif

namespace winmm::mci {

struct SoundParmsW {
    DWORD_PTR dwCallback;
    LPCWSTR lpstrSoundName;
};
struct SoundParmsA {
    DWORD_PTR dwCallback;
    LPCSTR lpstrSoundName;
};

// open.cpp: MCI_OPEN (the W structure; mciSendCommandA converts first).
MCIERROR open_device(DWORD flags, MCI_OPEN_PARMSW* parms);

// close.cpp: MCI_CLOSE_DRIVER to the driver, CloseDriver, and the device's removal. `parms` may be null.
MCIERROR close_device(const DevicePtr& dev, DWORD flags, MCI_GENERIC_PARMS* parms);

// close.cpp: closes a device from a thread of its own, for when the need arises inside a driver's call.
void close_later(MCIDEVICEID id);

// sysinfo.cpp: MCI_SYSINFO, which winmm answers itself.
MCIERROR system_info(MCIDEVICEID id, DWORD flags, MCI_SYSINFO_PARMSW* parms);

// yield.cpp: MCI_BREAK, which winmm answers itself; and the yield procedure a new device starts with.
MCIERROR set_break(const DevicePtr& dev, DWORD flags, MCI_BREAK_PARMS* parms);
void install_default_yield(Device& dev);

// notify.cpp: MM_MCINOTIFY to an application window (nothing when the window is null).
BOOL post_notify(DWORD_PTR callback, MCIDEVICEID id, UINT status);

// notify.cpp: the auto-close bookkeeping of devices the string layer opened by itself.
void command_finished(const DevicePtr& dev, UINT msg, DWORD flags, MCIERROR result);

// A driver's answer as the application sees it: the error in the low word, or 0 with MCI_RESOURCE_RETURNED's
// packed dwReturn of MCI_STATUS and MCI_GETDEVCAPS reduced to the constant itself (send_command.cpp).
MCIERROR answer_for_application(DWORD_PTR raw, UINT msg, DWORD_PTR parms);

}  // namespace winmm::mci
