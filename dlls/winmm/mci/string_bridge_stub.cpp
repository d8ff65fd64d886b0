// Placeholder for string_bridge.h until the device layer lands; the device layer replaces this file.
#include "string_bridge.h"

namespace winmm::mci {

UINT device_custom_table(MCIDEVICEID) { return MCI_NO_COMMAND_TABLE; }
UINT device_type(MCIDEVICEID) { return 0; }
void mark_auto_opened(MCIDEVICEID) {}

}  // namespace winmm::mci
