// Turns what a command returned into the text mciSendString gives back.
#pragma once

#include <windows.h>

#include <string>

#include "command_table.h"

namespace winmm::mci {

struct ReturnContext {
    const tables::Command* command;
    DWORD flags;              // dwParam1 of the call
    const BYTE* block;        // the parameter block after the call
    DWORD result;             // the device layer's return value: low word the error, high word the driver's flags
    MCIDEVICEID device;       // the device the command went to (for strings a driver keeps in its own resources)
};

// Writes the text of the command's return value to `out` (capacity `out_len` characters). Nothing is written when
// out is NULL or out_len is 0. Returns 0, or MCIERR_PARAM_OVERFLOW when the text does not fit (out is then "").
DWORD format_return(const ReturnContext& ctx, wchar_t* out, UINT out_len);

// The text `format_return` would produce for a returned integer; exposed for the unit tests.
std::wstring integer_text(DWORD value, DWORD driver_flags, HMODULE strings, HMODULE driver_strings);

}  // namespace winmm::mci
