// mciSendString's work, shared by the W and A exports and mciExecute.
#pragma once

#include <windows.h>

namespace winmm::mci {

// Runs one command string. `out`/`out_len` receive the return text (may be NULL/0). Returns 0 or an MCIERR_*.
DWORD send_string(const wchar_t* command, wchar_t* out, UINT out_len, HWND callback);

}  // namespace winmm::mci
