// The exports of the command-string layer.
#include <windows.h>

#include <mmsystem.h>
#include <mmddk.h>

#include <new>
#include <string>
#include <vector>

#include "command_table.h"
#include "send_string.h"

using winmm::mci::send_string;

// A NULL command is answered like an empty one (Windows documents no code for it).
extern "C" MCIERROR WINAPI mciSendStringW(LPCWSTR command, LPWSTR ret, UINT ret_len, HWND callback) {
    if (ret && ret_len) ret[0] = 0;
    if (!command) return MCIERR_MISSING_COMMAND_STRING;
    try {
        return send_string(command, ret, ret_len, callback);
    } catch (const std::bad_alloc&) {
        if (ret && ret_len) ret[0] = 0;
        return MCIERR_OUT_OF_MEMORY;
    }
}

// The A form converts the command to UTF-16 (the ANSI code page) and the answer back.
extern "C" MCIERROR WINAPI mciSendStringA(LPCSTR command, LPSTR ret, UINT ret_len, HWND callback) {
    if (ret && ret_len) ret[0] = 0;
    if (!command) return MCIERR_MISSING_COMMAND_STRING;
    try {
        int n = MultiByteToWideChar(CP_ACP, 0, command, -1, nullptr, 0);
        if (n <= 0) return MCIERR_MISSING_COMMAND_STRING;
        std::wstring wide(static_cast<size_t>(n), L'\0');
        MultiByteToWideChar(CP_ACP, 0, command, -1, &wide[0], n);
        std::vector<wchar_t> answer;
        if (ret && ret_len) answer.assign(ret_len, L'\0');
        DWORD err = send_string(wide.c_str(), answer.empty() ? nullptr : answer.data(),
                                static_cast<UINT>(answer.size()), callback);
        if (!err && !answer.empty()) {
            answer.back() = 0;
            if (!WideCharToMultiByte(CP_ACP, 0, answer.data(), -1, ret, static_cast<int>(ret_len), nullptr,
                                     nullptr)) {
                ret[0] = 0;
                err = MCIERR_PARAM_OVERFLOW;  // the answer is longer in the ANSI code page than the buffer
            }
        }
        return err;
    } catch (const std::bad_alloc&) {
        return MCIERR_OUT_OF_MEMORY;
    }
}

// mciExecute: mciSendString without an answer; an error is shown in a message box and gives FALSE.
extern "C" BOOL WINAPI mciExecute(LPCSTR command) {
    const MCIERROR err = mciSendStringA(command, nullptr, 0, nullptr);
    if (!err) return TRUE;
    char text[256];
    if (!mciGetErrorStringA(err, text, sizeof(text))) wsprintfA(text, "MCI error %lu", static_cast<unsigned long>(err));
    MessageBoxA(nullptr, text, "mciExecute", MB_OK | MB_ICONERROR | MB_TASKMODAL);
    return FALSE;
}

extern "C" UINT WINAPI mciLoadCommandResource(HINSTANCE instance, LPCWSTR name, UINT type) {
    return winmm::mci::tables::load_resource(instance, name, type);
}

extern "C" BOOL WINAPI mciFreeCommandResource(UINT table) { return winmm::mci::tables::remove(table) ? TRUE : FALSE; }
