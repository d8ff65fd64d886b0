// mciGetErrorString: a sentence for every MCIERR_* code of <mmsystem.h> (MCIERR Return Values and the pages it links:
// general, mciSendString, sequencer and waveform-audio errors). The words are this project's own.
//
// Buffer behaviour, as LoadString-style text copies behave in winmm: the text is cut to fit cchText characters
// including the terminator and the answer is still TRUE; no buffer (or size 0), and any code without a text
// (MMSYSERR values, driver-defined codes above MCIERR_CUSTOM_DRIVER_BASE), answer FALSE and leave it untouched.
#include <windows.h>

#include <mmsystem.h>

#include <cwchar>

namespace {

struct ErrorText {
    MCIERROR code;
    const wchar_t* text;
};

const ErrorText kTexts[] = {
    {MCIERR_INVALID_DEVICE_ID, L"The device identifier is not one MCI gave out, or its device has been closed."},
    {MCIERR_UNRECOGNIZED_KEYWORD, L"The command contains a parameter this device does not know."},
    {MCIERR_UNRECOGNIZED_COMMAND, L"The device does not know this command."},
    {MCIERR_HARDWARE, L"The device reported a hardware problem. Check that it works and is connected."},
    {MCIERR_INVALID_DEVICE_NAME, L"No open device has this name, and no installed MCI device is called so."},
    {MCIERR_OUT_OF_MEMORY, L"There is not enough memory to carry out the command."},
    {MCIERR_DEVICE_OPEN, L"This application already uses the device name as a name for an open device."},
    {MCIERR_CANNOT_LOAD_DRIVER, L"The device's driver could not be loaded or refused to open."},
    {MCIERR_MISSING_COMMAND_STRING, L"The command string is empty."},
    {MCIERR_PARAM_OVERFLOW, L"The buffer for the answer is too small."},
    {MCIERR_MISSING_STRING_ARGUMENT, L"A parameter that needs a string value was given none."},
    {MCIERR_BAD_INTEGER, L"A number in the command is not valid, or a parameter that needs one was given none."},
    {MCIERR_PARSER_INTERNAL, L"The command parser failed inside; the command was not carried out."},
    {MCIERR_DRIVER_INTERNAL, L"The driver failed inside; the command was not carried out."},
    {MCIERR_MISSING_PARAMETER, L"The command needs a parameter that is missing."},
    {MCIERR_UNSUPPORTED_FUNCTION, L"The device's driver does not support this command."},
    {MCIERR_FILE_NOT_FOUND, L"The file could not be found. Check its path and name."},
    {MCIERR_DEVICE_NOT_READY, L"The device is not ready."},
    {MCIERR_INTERNAL, L"MCI failed inside. Restarting the program or the system may help."},
    {MCIERR_DRIVER, L"The device's driver failed. A newer driver from the device's maker may help."},
    {MCIERR_CANNOT_USE_ALL, L"The device name \"all\" cannot be used with this command."},
    {MCIERR_MULTIPLE, L"Several devices failed, with different errors. Send the command to each device to see which."},
    {MCIERR_EXTENSION_NOT_FOUND, L"No device type is registered for this file's extension. Name the device type."},
    {MCIERR_OUTOFRANGE, L"A value in the command is outside the range this command accepts."},
    {MCIERR_FLAGS_NOT_COMPATIBLE, L"These parameters cannot be given together."},
    {MCIERR_FILE_NOT_SAVED, L"The file could not be saved. Check the free disk space and the connection to it."},
    {MCIERR_DEVICE_TYPE_REQUIRED, L"The device could not be found. Check that it is installed and its name is right."},
    {MCIERR_DEVICE_LOCKED, L"The device is being closed. Try again in a moment."},
    {MCIERR_DUPLICATE_ALIAS, L"This application already uses the alias for another device. Choose another alias."},
    {MCIERR_BAD_CONSTANT, L"A parameter was given a value it does not know."},
    {MCIERR_MUST_USE_SHAREABLE, L"The driver is in use already. Open the device as shareable every time to share it."},
    {MCIERR_MISSING_DEVICE_NAME, L"The command names no device."},
    {MCIERR_BAD_TIME_FORMAT, L"The time format is not valid."},
    {MCIERR_NO_CLOSING_QUOTE, L"A quoted string has no closing quotation mark."},
    {MCIERR_DUPLICATE_FLAGS, L"A parameter or value was given twice."},
    {MCIERR_INVALID_FILE, L"This device cannot play the file. It may be damaged or in a format the device lacks."},
    {MCIERR_NULL_PARAMETER_BLOCK, L"The command needs a parameter structure and was given a null pointer."},
    {MCIERR_UNNAMED_RESOURCE, L"A file without a name cannot be saved. Give a file name."},
    {MCIERR_NEW_REQUIRES_ALIAS, L"Opening with \"new\" needs an alias."},
    {MCIERR_NOTIFY_ON_AUTO_OPEN, L"The notify flag cannot be used on a device opened automatically."},
    {MCIERR_NO_ELEMENT_ALLOWED, L"This device does not take a file name."},
    {MCIERR_NONAPPLICABLE_FUNCTION, L"The device cannot carry out these commands in this order."},
    {MCIERR_ILLEGAL_FOR_AUTO_OPEN, L"MCI does not carry out this command on a device it opened automatically. Wait "
                                   L"until the device is closed."},
    {MCIERR_FILENAME_REQUIRED, L"The file name is not valid."},
    {MCIERR_EXTRA_CHARACTERS, L"Text follows a closing quotation mark. Quote the whole string."},
    {MCIERR_DEVICE_NOT_INSTALLED, L"The device is not installed on this system."},
    {MCIERR_GET_CD, L"The file or device could not be reached from the current directory."},
    {MCIERR_SET_CD, L"The file or device could not be reached: the directory cannot be changed to it."},
    {MCIERR_SET_DRIVE, L"The file or device could not be reached: the drive cannot be changed to it."},
    {MCIERR_DEVICE_LENGTH, L"The device or driver name is too long: it must be shorter than 79 characters."},
    {MCIERR_DEVICE_ORD_LENGTH, L"The device or driver name is too long: it must be shorter than 79 characters."},
    {MCIERR_NO_INTEGER, L"This command's parameter must be a whole number."},
    {MCIERR_WAVE_OUTPUTSINUSE, L"Every waveform output that can play this format is in use. Try again later."},
    {MCIERR_WAVE_SETOUTPUTINUSE, L"The waveform output set for playback is in use. Try again later."},
    {MCIERR_WAVE_INPUTSINUSE, L"Every waveform input that can record this format is in use. Try again later."},
    {MCIERR_WAVE_SETINPUTINUSE, L"The waveform input set for recording is in use. Try again later."},
    {MCIERR_WAVE_OUTPUTUNSPECIFIED, L"Any waveform output that can play the format may be chosen."},
    {MCIERR_WAVE_INPUTUNSPECIFIED, L"Any waveform input that can record the format may be chosen."},
    {MCIERR_WAVE_OUTPUTSUNSUITABLE, L"No installed waveform output can play this format."},
    {MCIERR_WAVE_SETOUTPUTUNSUITABLE, L"The waveform output set for playback cannot play this format."},
    {MCIERR_WAVE_INPUTSUNSUITABLE, L"No installed waveform input can record this format."},
    {MCIERR_WAVE_SETINPUTUNSUITABLE, L"The waveform input set for recording cannot record this format."},
    {MCIERR_SEQ_DIV_INCOMPATIBLE, L"Song-pointer and SMPTE time formats cannot be used together."},
    {MCIERR_SEQ_PORT_INUSE, L"The MIDI port is in use. Try again later."},
    {MCIERR_SEQ_PORT_NONEXISTENT, L"The MIDI device is not installed."},
    {MCIERR_SEQ_PORT_MAPNODEVICE, L"The MIDI mapper's setup names a MIDI device that is not installed."},
    {MCIERR_SEQ_PORT_MISCERROR, L"The MIDI port reported an error."},
    {MCIERR_SEQ_TIMER, L"No multimedia timer is free. Close another program that uses timers and try again."},
    {MCIERR_SEQ_PORTUNSPECIFIED, L"No current MIDI port is set."},
    {MCIERR_SEQ_NOMIDIPRESENT, L"No MIDI device is installed."},
    {MCIERR_NO_WINDOW, L"There is no window to show the picture in."},
    {MCIERR_CREATEWINDOW, L"A window could not be created or used."},
    {MCIERR_FILE_READ, L"Reading the file failed. Check that it is still there and the connection to it."},
    {MCIERR_FILE_WRITE, L"Writing the file failed. Check the free disk space and the connection to it."},
    {MCIERR_NO_IDENTITY, L"The device has no identity to report."},
};

const wchar_t* text_of(MCIERROR code) {
    for (const ErrorText& e : kTexts)
        if (e.code == code) return e.text;
    return nullptr;
}

}  // namespace

extern "C" BOOL WINAPI mciGetErrorStringW(MCIERROR mcierr, LPWSTR pszText, UINT cchText) {
    const wchar_t* text = text_of(mcierr);
    if (!text || !pszText || cchText == 0) return FALSE;
    size_t n = wcslen(text);
    if (n > cchText - 1) n = cchText - 1;
    wmemcpy(pszText, text, n);
    pszText[n] = L'\0';
    return TRUE;
}

// The texts are ASCII, so the ANSI copy is the same text in any code page.
extern "C" BOOL WINAPI mciGetErrorStringA(MCIERROR mcierr, LPSTR pszText, UINT cchText) {
    const wchar_t* text = text_of(mcierr);
    if (!text || !pszText || cchText == 0) return FALSE;
    size_t n = wcslen(text);
    if (n > cchText - 1) n = cchText - 1;
    for (size_t i = 0; i < n; ++i) pszText[i] = static_cast<char>(text[i]);
    pszText[n] = '\0';
    return TRUE;
}
