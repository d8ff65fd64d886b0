// mciSendString: finds the device a command string names (opening it when it is not open), looks the verb up in
// the device's command tables, builds the mciSendCommand call and turns its result into text.
#include "send_string.h"

#include <mmsystem.h>
#include <mmddk.h>

#include <cstring>
#include <cwctype>
#include <string>
#include <vector>

#include "command_parser.h"
#include "command_table.h"
#include "device_names.h"
#include "log.h"
#include "return_format.h"
#include "string_bridge.h"
#include "string_call.h"

namespace winmm::mci {

namespace {

constexpr UINT kMciSound = 0x0812;        // MCI_SOUND (not in MinGW's mmsystem.h)
constexpr DWORD kMciSoundName = 0x0100;   // MCI_SOUND_NAME

std::wstring lower(std::wstring s) {
    for (wchar_t& c : s) c = static_cast<wchar_t>(std::towlower(c));
    return s;
}

bool is_word(const Token& t, const wchar_t* word) { return !t.quoted && !lstrcmpiW(t.text.c_str(), word); }

// The type of an open device: what its driver said at open (string_bridge), else what the device answers to
// "capability device type".
UINT type_of(MCIDEVICEID id) {
    UINT type = device_type(id);
    if (type) return type;
    MCI_GETDEVCAPS_PARMS caps = {};
    caps.dwItem = MCI_GETDEVCAPS_DEVICE_TYPE;
    if (mciSendCommandW(id, MCI_GETDEVCAPS, MCI_GETDEVCAPS_ITEM, reinterpret_cast<DWORD_PTR>(&caps))) return 0;
    return LOWORD(caps.dwReturn);
}

// The command for `verb` on device `id`: the driver's own table first, then its type's table, then the core.
tables::FoundCommand find_device_command(MCIDEVICEID id, const std::wstring& verb) {
    UINT custom = device_custom_table(id);
    if (custom != MCI_NO_COMMAND_TABLE) {
        if (auto found = tables::find_command(custom, verb)) return found;
    }
    UINT typed = tables::type_table(type_of(id));
    if (typed != MCI_NO_COMMAND_TABLE) {
        if (auto found = tables::find_command(typed, verb)) return found;
    }
    return tables::find_command(tables::core_table(), verb);
}

DWORD send(MCIDEVICEID id, UINT message, DWORD flags, ParamBlock* block) {
    if (winmm::log::enabled(winmm::log::Level::debug)) {
        const auto* q = reinterpret_cast<const unsigned*>(block->bytes);
        WINMM_DEBUG("mciSendString: mciSendCommandW(%u, 0x%04x, 0x%08lx) block %08x %08x %08x %08x %08x %08x %08x %08x "
                    "%08x %08x %08x %08x", id, message, static_cast<unsigned long>(flags), q[0], q[1], q[2], q[3], q[4],
                    q[5], q[6], q[7], q[8], q[9], q[10], q[11]);
    }
    StringCallScope scope;
    return mciSendCommandW(id, message, flags, reinterpret_cast<DWORD_PTR>(block->bytes));
}

// "open <device> [keywords]": the word after open is a device type ("cdaudio"), "new" (an empty element of the
// type given with "type"), "type!element", or an element (a file) whose type comes from "type" or its extension.
DWORD open_command(const std::vector<Token>& tokens, wchar_t* out, UINT out_len, HWND callback,
                   MCIDEVICEID* opened) {
    const Token& dev = tokens[1];
    if (is_word(dev, L"all")) return MCIERR_CANNOT_USE_ALL;

    ParamBlock block;
    auto* open = block.as<MCI_OPEN_PARMSW>();
    DWORD flags = 0;
    bool is_new = false;
    std::wstring type_name;
    if (is_word(dev, L"new")) {
        is_new = true;
        open->lpstrElementName = block.keep(L"");
        flags |= MCI_OPEN_ELEMENT;
    } else if (dev.text.find(L'!') != std::wstring::npos) {
        const size_t bang = dev.text.find(L'!');
        std::wstring type = dev.text.substr(0, bang), element = dev.text.substr(bang + 1);
        if (type.empty() && element.empty()) return MCIERR_INVALID_DEVICE_NAME;
        if (!type.empty()) {
            open->lpstrDeviceType = block.keep(type);
            flags |= MCI_OPEN_TYPE;
            type_name = type;
        }
        if (!element.empty()) {
            open->lpstrElementName = block.keep(element);
            flags |= MCI_OPEN_ELEMENT;
        }
    } else if (!dev.quoted && !installed_driver(dev.text).empty()) {
        open->lpstrDeviceType = block.keep(dev.text);
        flags |= MCI_OPEN_TYPE;
        type_name = dev.text;
    } else {
        open->lpstrElementName = block.keep(dev.text);
        flags |= MCI_OPEN_ELEMENT;
    }

    // The type decides which table's "open" applies (waveaudio adds "buffer", ...).
    for (size_t i = 2; i + 1 < tokens.size(); ++i) {
        if (is_word(tokens[i], L"type")) {
            type_name = tokens[i + 1].text;
            break;
        }
    }
    if (type_name.empty() && (flags & MCI_OPEN_ELEMENT) && !is_new) {
        // A file name without a type: its extension must name the device. Without one it names nothing.
        const std::wstring& element = open->lpstrElementName;
        const size_t dot = element.find_last_of(L'.');
        if (dot == std::wstring::npos || element.find_first_of(L"\\/", dot) != std::wstring::npos)
            return MCIERR_INVALID_DEVICE_NAME;
        type_name = device_for_extension(element);
    }

    tables::FoundCommand cmd;
    UINT typed = tables::type_table(open_type_from_name(type_name));
    if (typed != MCI_NO_COMMAND_TABLE) cmd = tables::find_command(typed, L"open");
    if (!cmd) cmd = tables::find_command(tables::core_table(), L"open");
    if (!cmd) return MCIERR_PARSER_INTERNAL;
    DWORD err = build_parameters(*cmd, tokens, 2, &block, &flags);
    if (err) return err;
    if (is_new && !(flags & MCI_OPEN_ALIAS)) return MCIERR_NEW_REQUIRES_ALIAS;
    if (flags & MCI_NOTIFY) open->dwCallback = reinterpret_cast<DWORD_PTR>(callback);

    const DWORD result = send(0, MCI_OPEN, flags, &block);
    err = LOWORD(result);
    if (err) return err;
    if (opened) *opened = open->wDeviceID;
    ReturnContext ctx = {cmd.command, flags, block.bytes, result & 0xFFFF0000u, open->wDeviceID};
    return format_return(ctx, out, out_len);
}

}  // namespace

DWORD send_string(const wchar_t* command, wchar_t* out, UINT out_len, HWND callback) {
    std::vector<Token> tokens;
    DWORD err = tokenize(command, &tokens);
    if (err) return err;
    if (tokens.empty()) return MCIERR_MISSING_COMMAND_STRING;
    if (tokens.size() < 2) return MCIERR_MISSING_DEVICE_NAME;
    const std::wstring verb = lower(tokens[0].text);
    const Token& dev = tokens[1];
    // No device, file or sound has a name this long (MAX_PATH bounds them all).
    if (dev.text.empty() || dev.text.size() >= MAX_PATH) return MCIERR_INVALID_DEVICE_NAME;

    if (verb == L"open") return open_command(tokens, out, out_len, callback, nullptr);

    tables::FoundCommand cmd;
    MCIDEVICEID id = 0, auto_opened = 0;
    const bool all = is_word(dev, L"all");
    if (all) {
        // "all" reaches only the core commands.
        id = MCI_ALL_DEVICE_ID;
        if (!(cmd = tables::find_command(tables::core_table(), verb))) return MCIERR_UNRECOGNIZED_COMMAND;
    } else if ((id = mciGetDeviceIDW(dev.text.c_str())) != 0) {
        if (!(cmd = find_device_command(id, verb))) return MCIERR_UNRECOGNIZED_COMMAND;
    } else {
        // Not an open device: the command must be a core one.
        if (!(cmd = tables::find_command(tables::core_table(), verb))) return MCIERR_UNRECOGNIZED_COMMAND;
        if (cmd->message == MCI_CLOSE || cmd->message == MCI_BREAK) return MCIERR_INVALID_DEVICE_NAME;
        if (cmd->message != MCI_SYSINFO && cmd->message != kMciSound) {
            // Auto-open: open the device (or file) for this one command. A notification would be the one MCI
            // uses to close it again, so the caller cannot ask for one.
            for (size_t i = 2; i < tokens.size(); ++i) {
                if (is_word(tokens[i], L"notify")) return MCIERR_NOTIFY_ON_AUTO_OPEN;
            }
            const std::vector<Token> open_tokens = {{L"open", false}, dev, {L"wait", false}};
            err = open_command(open_tokens, nullptr, 0, nullptr, &auto_opened);
            if (err) return err;
            id = auto_opened;
            if (!(cmd = find_device_command(id, verb))) {
                mciSendCommandW(id, MCI_CLOSE, 0, 0);
                return MCIERR_UNRECOGNIZED_COMMAND;
            }
        }
    }

    ParamBlock block;
    DWORD flags = 0;
    if (cmd->return_type == tables::kString) {
        std::memcpy(block.bytes + cmd->return_offset, &out, sizeof(out));
        const DWORD size = out ? out_len : 0;
        std::memcpy(block.bytes + cmd->return_offset + sizeof(out), &size, sizeof(size));
    }
    err = build_parameters(*cmd, tokens, 2, &block, &flags);
    if (!err && cmd->message == MCI_SYSINFO) {
        // The word after sysinfo: "all", an open device (installname) or a device type.
        auto* info = block.as<MCI_SYSINFO_PARMSW>();
        if (all) {
            info->wDeviceType = MCI_ALL_DEVICE_ID;
        } else if (flags & MCI_SYSINFO_INSTALLNAME) {
            id = mciGetDeviceIDW(dev.text.c_str());
            if (!id) err = MCIERR_INVALID_DEVICE_NAME;
        } else {
            info->wDeviceType = device_type_from_name(dev.text);
            if (!info->wDeviceType) err = MCIERR_DEVICE_TYPE_REQUIRED;
            id = 0;
        }
    } else if (!err && cmd->message == kMciSound && !id) {
        // MCI_SOUND_PARMS { dwCallback, lpstrSoundName }
        const wchar_t* name = block.keep(dev.text);
        std::memcpy(block.bytes + sizeof(DWORD_PTR), &name, sizeof(name));
        flags |= kMciSoundName;
    }
    if (err) {
        if (auto_opened) mciSendCommandW(auto_opened, MCI_CLOSE, 0, 0);
        return err;
    }
    if (flags & MCI_NOTIFY) block.as<MCI_GENERIC_PARMS>()->dwCallback = reinterpret_cast<DWORD_PTR>(callback);
    if (auto_opened) mark_auto_opened(auto_opened);  // the device layer closes it when this command is over

    const DWORD result = send(id, cmd->message, flags, &block);
    err = LOWORD(result);
    if (err) return err;
    ReturnContext ctx = {cmd.command, flags, block.bytes, result & 0xFFFF0000u, id};
    return format_return(ctx, out, out_len);
}

}  // namespace winmm::mci
