#include "error_text.h"

#include "wave/error_text.h"

namespace winmm::midi {
namespace {

// Only the MMSYSERR_* and MIDIERR_* ranges have MIDI descriptions: a WAVERR_* number is no MIDI error
// (MMSYSERR_BADERRNUM), as in Windows, whose MIDI functions look their texts up in those two ranges only.
const wchar_t* describe(MMRESULT error) {
    if (error <= MMSYSERR_LASTERROR) return wave::description(error);
    switch (error) {
    case MIDIERR_UNPREPARED:
        return L"The MIDI header was not prepared. Use the Prepare function to prepare the header, and then try "
               L"again.";
    case MIDIERR_STILLPLAYING:
        return L"Cannot perform this operation while media data is still playing. Reset the device, or wait until "
               L"the data is finished playing.";
    case MIDIERR_NOMAP:
        return L"A MIDI map was not found. There may be a problem with the driver, or the MIDIMAP.CFG file may be "
               L"corrupt or missing.";
    case MIDIERR_NOTREADY:
        return L"The port is transmitting data to the device. Wait until the data has been transmitted, and then "
               L"try again.";
    case MIDIERR_NODEVICE:
        return L"The current MIDI Mapper setup refers to a MIDI device that is not installed on the system.";
    case MIDIERR_INVALIDSETUP:
        return L"The current MIDI setup is damaged. Copy the original MIDIMAP.CFG file to the Windows SYSTEM "
               L"directory, and then try again.";
    case MIDIERR_BADOPENMODE: return L"This operation is not valid in the mode the MIDI device was opened in.";
    case MIDIERR_DONT_CONTINUE: return L"The callback asked the system not to continue.";
    default: return nullptr;
    }
}

}  // namespace

MMRESULT error_text_w(MMRESULT error, LPWSTR text, UINT cch) { return wave::copy_text_w(describe(error), text, cch); }

MMRESULT error_text_a(MMRESULT error, LPSTR text, UINT cch) { return wave::copy_text_a(describe(error), text, cch); }

}  // namespace winmm::midi
