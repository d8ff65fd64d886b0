// The command-string parser: splits a string into words and turns the words after the device name into the flags
// and the parameter block of an mciSendCommand call, as a command table describes them.
#pragma once

#include <windows.h>

#include <deque>
#include <string>
#include <vector>

#include "command_table.h"

namespace winmm::mci {

struct Token {
    std::wstring text;
    bool quoted;
};

// Splits at spaces and tabs; "double quotes" make one word of what they enclose. Returns 0,
// MCIERR_NO_CLOSING_QUOTE, or MCIERR_EXTRA_CHARACTERS (a closing quote not followed by a space or the end).
DWORD tokenize(const wchar_t* text, std::vector<Token>* tokens);

// MCI integers: decimal, optionally negative, or up to four colon-separated bytes, low byte first ("250:5" is
// 250 + 5 * 256, ":1" is 256), each below 256. False for anything else (hex, 5 fields, 256:0, -1:0, "::").
bool parse_integer(const std::wstring& text, DWORD* value);

// The parameter block of one call: big enough for every MCI_*_PARMS structure, zeroed, with the strings it points
// to kept alive beside it.
struct ParamBlock {
    static constexpr size_t kSize = 512;
    alignas(16) BYTE bytes[kSize] = {};
    std::deque<std::wstring> strings;

    template <typename T> T* as() { return reinterpret_cast<T*>(bytes); }
    const wchar_t* keep(const std::wstring& s) {
        strings.push_back(s);
        return strings.back().c_str();
    }
};

// Fills `block` and `flags` from tokens[first..] by the command's parameters. Returns 0 or the MCIERR_* of the
// first word that does not fit (MCIERR_UNRECOGNIZED_KEYWORD, MCIERR_BAD_INTEGER, MCIERR_BAD_CONSTANT,
// MCIERR_MISSING_STRING_ARGUMENT, MCIERR_DUPLICATE_FLAGS, MCIERR_FLAGS_NOT_COMPATIBLE, MCIERR_PARSER_INTERNAL).
DWORD build_parameters(const tables::Command& cmd, const std::vector<Token>& tokens, size_t first,
                       ParamBlock* block, DWORD* flags);

}  // namespace winmm::mci
