// The seam between MCI's two layers: the command-string layer (mciSendString: command tables, parsing, return
// formatting) and the device layer (mciSendCommand: devices, drivers, notifications). The string layer calls the
// device layer only through mciSendCommandW and these functions.
#pragma once

#include <windows.h>

#include <mmsystem.h>
#include <mmddk.h>  // MCI_NO_COMMAND_TABLE, MCI_OPEN_DRIVER_PARMS

namespace winmm::mci {

// The command table the device's driver loaded for itself while it was opened (the wCustomCommandTable it returned
// in MCI_OPEN_DRIVER_PARMS), or MCI_NO_COMMAND_TABLE when it loaded none or the id is not an open device.
UINT device_custom_table(MCIDEVICEID id);

// The device type the driver reported at open (MCI_OPEN_DRIVER_PARMS.wType, an MCI_DEVTYPE_* value), or 0 when the id
// is not an open device.
UINT device_type(MCIDEVICEID id);

// Marks a device the string layer opened by itself because a command named a device or element that was not open
// ("play tune.wav" with no "open"). The device layer closes such a device once the command that opened it is over:
// when the driver's notification for it arrives, or at once when the command did not ask for one.
void mark_auto_opened(MCIDEVICEID id);

}  // namespace winmm::mci
