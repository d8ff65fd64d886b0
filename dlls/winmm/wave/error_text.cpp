// Windows' English descriptions of the error numbers the wave functions return (the strings winmm.dll's own
// resources hold on Windows). All are shorter than MAXERRORLENGTH.
#include "error_text.h"

#include <cwchar>

namespace winmm::wave {

const wchar_t* description(MMRESULT error) {
    switch (error) {
    case MMSYSERR_NOERROR: return L"The specified command was carried out.";
    case MMSYSERR_ERROR: return L"Undefined external error.";
    case MMSYSERR_BADDEVICEID: return L"A device ID has been used that is out of range for your system.";
    case MMSYSERR_NOTENABLED: return L"The driver was not enabled.";
    case MMSYSERR_ALLOCATED:
        return L"The specified device is already in use. Wait until it is free, and then try again.";
    case MMSYSERR_INVALHANDLE: return L"The specified device handle is invalid.";
    case MMSYSERR_NODRIVER: return L"There is no driver installed on your system.";
    case MMSYSERR_NOMEM:
        return L"There is not enough memory available for this task. Quit one or more applications to increase "
               L"available memory, and then try again.";
    case MMSYSERR_NOTSUPPORTED:
        return L"This function is not supported. Use the Capabilities function to determine which functions and "
               L"messages the driver supports.";
    case MMSYSERR_BADERRNUM: return L"An error number was specified that is not defined in the system.";
    case MMSYSERR_INVALFLAG: return L"An invalid flag was passed to a system function.";
    case MMSYSERR_INVALPARAM: return L"An invalid parameter was passed to a system function.";
    case MMSYSERR_HANDLEBUSY:
        return L"The specified operation cannot be performed while the handle is being used by another thread.";
    case MMSYSERR_INVALIDALIAS: return L"The specified alias was not found.";
    case MMSYSERR_BADDB: return L"The registry database is corrupt.";
    case MMSYSERR_KEYNOTFOUND: return L"The specified registry key was not found.";
    case MMSYSERR_READERROR: return L"The registry could not be opened or could not be read.";
    case MMSYSERR_WRITEERROR: return L"The registry could not be written to.";
    case MMSYSERR_DELETEERROR: return L"The specified registry key could not be deleted.";
    case MMSYSERR_VALNOTFOUND: return L"The specified registry key value could not be found.";
    case MMSYSERR_NODRIVERCB: return L"The driver did not generate a valid callback.";
    case MMSYSERR_MOREDATA: return L"More data is available.";
    case WAVERR_BADFORMAT:
        return L"The specified format is not supported or cannot be translated. Use the Capabilities function to "
               L"determine the supported formats.";
    case WAVERR_STILLPLAYING:
        return L"Cannot perform this operation while media data is still playing. Reset the device, or wait until "
               L"the data is finished playing.";
    case WAVERR_UNPREPARED:
        return L"The wave header was not prepared. Use the Prepare function to prepare the header, and then try "
               L"again.";
    case WAVERR_SYNC:
        return L"Cannot open the device without using the WAVE_ALLOWSYNC flag. Use the flag, and then try again.";
    default: return nullptr;
    }
}

MMRESULT error_text_w(MMRESULT error, LPWSTR text, UINT cch) { return copy_text_w(description(error), text, cch); }

MMRESULT error_text_a(MMRESULT error, LPSTR text, UINT cch) { return copy_text_a(description(error), text, cch); }

MMRESULT copy_text_w(const wchar_t* s, LPWSTR text, UINT cch) {
    if (cch == 0) return MMSYSERR_NOERROR;  // documented: nothing copied, zero returned
    if (!text) return MMSYSERR_INVALPARAM;
    if (!s) return MMSYSERR_BADERRNUM;
    size_t n = std::wcslen(s);
    if (n >= cch) n = cch - 1;
    std::wmemcpy(text, s, n);
    text[n] = L'\0';
    return MMSYSERR_NOERROR;
}

MMRESULT copy_text_a(const wchar_t* s, LPSTR text, UINT cch) {
    if (cch == 0) return MMSYSERR_NOERROR;
    if (!text) return MMSYSERR_INVALPARAM;
    WCHAR wide[MAXERRORLENGTH];
    MMRESULT r = copy_text_w(s, wide, MAXERRORLENGTH);
    if (r != MMSYSERR_NOERROR) return r;
    // The descriptions are ASCII, so the code page never changes their length; truncate like the W form.
    int written = WideCharToMultiByte(CP_ACP, 0, wide, -1, text, static_cast<int>(cch), nullptr, nullptr);
    if (written == 0) text[cch - 1] = '\0';
    return MMSYSERR_NOERROR;
}

}  // namespace winmm::wave
