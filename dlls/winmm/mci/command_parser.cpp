// Tokenizing, MCI integers, and filling a parameter block from a command table.
#include "command_parser.h"

#include <mmsystem.h>

#include <algorithm>
#include <cstring>
#include <cwctype>

namespace winmm::mci {

namespace {

bool is_space(wchar_t c) { return c == L' ' || c == L'\t' || c == L'\r' || c == L'\n'; }

bool equal_nocase(const std::wstring& word, const std::wstring& lower) {
    if (word.size() != lower.size()) return false;
    for (size_t i = 0; i < word.size(); ++i) {
        if (static_cast<wchar_t>(std::towlower(word[i])) != lower[i]) return false;
    }
    return true;
}

// How many tokens from tokens[i] spell `words`; 0 when they do not (quoted words never spell a keyword).
size_t match_words(const std::vector<Token>& tokens, size_t i, const tables::Words& words) {
    if (words.empty() || i + words.size() > tokens.size()) return 0;
    for (size_t k = 0; k < words.size(); ++k) {
        if (tokens[i + k].quoted || !equal_nocase(tokens[i + k].text, words[k])) return 0;
    }
    return words.size();
}

void store(ParamBlock* block, size_t offset, const void* data, size_t size) {
    std::memcpy(block->bytes + offset, data, size);
}

// Stores a value into a slot of `size` bytes (4, or 8 for handles and MCI_INTEGER64 on x64).
void store_value(ParamBlock* block, size_t offset, size_t size, DWORD value) {
    if (size == sizeof(DWORD_PTR)) {
        DWORD_PTR wide = value;
        store(block, offset, &wide, sizeof(wide));
    } else {
        store(block, offset, &value, sizeof(value));
    }
}

}  // namespace

DWORD tokenize(const wchar_t* text, std::vector<Token>* tokens) {
    tokens->clear();
    const wchar_t* p = text;
    for (;;) {
        while (*p && is_space(*p)) ++p;
        if (!*p) return 0;
        if (*p == L'"') {
            const wchar_t* start = ++p;
            while (*p && *p != L'"') ++p;
            if (!*p) return MCIERR_NO_CLOSING_QUOTE;
            tokens->push_back({std::wstring(start, p), true});
            ++p;
            if (*p && !is_space(*p)) return MCIERR_EXTRA_CHARACTERS;
        } else {
            const wchar_t* start = p;
            while (*p && !is_space(*p)) ++p;
            tokens->push_back({std::wstring(start, p), false});
        }
    }
}

bool parse_integer(const std::wstring& text, DWORD* value) {
    if (text.empty()) return false;
    size_t i = 0;
    const bool negative = text[0] == L'-';
    if (negative) i = 1;
    if (text.find(L':') == std::wstring::npos) {
        if (i == text.size()) return false;
        unsigned long long v = 0;
        for (; i < text.size(); ++i) {
            if (text[i] < L'0' || text[i] > L'9') return false;
            v = v * 10 + (text[i] - L'0');
            if (v > 0xFFFFFFFFull) return false;
        }
        *value = negative ? static_cast<DWORD>(0u - static_cast<DWORD>(v)) : static_cast<DWORD>(v);
        return true;
    }
    // Colon form: up to four byte-sized fields, low byte first; an empty field is 0; no sign.
    if (negative) return false;
    DWORD total = 0;
    unsigned field = 0, digits = 0, v = 0;
    bool any_digit = false;
    for (size_t k = 0; k <= text.size(); ++k) {
        const wchar_t c = k < text.size() ? text[k] : L':';
        if (c == L':') {
            if (field >= 4 || v >= 256) return false;
            total |= static_cast<DWORD>(v) << (8 * field);
            ++field;
            v = 0;
            digits = 0;
        } else if (c >= L'0' && c <= L'9') {
            if (++digits > 3) return false;
            v = v * 10 + (c - L'0');
            any_digit = true;
        } else {
            return false;
        }
    }
    if (!any_digit) return false;
    *value = total;
    return true;
}

DWORD build_parameters(const tables::Command& cmd, const std::vector<Token>& tokens, size_t first,
                       ParamBlock* block, DWORD* flags) {
    using namespace tables;
    if (cmd.block_size > ParamBlock::kSize) return MCIERR_PARSER_INTERNAL;
    std::vector<bool> used(cmd.params.size(), false);
    size_t i = first;

    // The value of a constant: the longest of its words that the tokens spell, else an integer.
    auto constant_value = [&](const Param& p, size_t* at, DWORD* value) -> bool {
        size_t best_len = 0;
        for (const ConstantValue& v : p.values) {
            size_t len = match_words(tokens, *at, v.words);
            if (len > best_len) {
                best_len = len;
                *value = v.value;
            }
        }
        if (best_len) {
            *at += best_len;
            return true;
        }
        if (*at < tokens.size() && !tokens[*at].quoted && parse_integer(tokens[*at].text, value)) {
            ++*at;
            return true;
        }
        return false;
    };

    while (i < tokens.size()) {
        // The keyword the tokens spell; the longest wins ("to start" over "to").
        size_t best = cmd.params.size(), best_len = 0;
        for (size_t k = 0; k < cmd.params.size(); ++k) {
            size_t len = match_words(tokens, i, cmd.params[k].keyword);
            if (len > best_len) {
                best_len = len;
                best = k;
            }
        }
        // The words of an unnamed constant compete with the keywords: the longest wins ("number of video
        // tracks", an item, over "number", a keyword).
        size_t unnamed_constant = cmd.params.size(), value_len = 0;
        for (size_t k = 0; k < cmd.params.size(); ++k) {
            const Param& p = cmd.params[k];
            if (p.keyword.empty() && p.type == kConstant) {
                unnamed_constant = k;
                for (const ConstantValue& v : p.values) value_len = std::max(value_len, match_words(tokens, i, v.words));
                break;
            }
        }
        if (best == cmd.params.size() || value_len > best_len) {
            // No keyword: an unnamed constant (status' item) or an unnamed string (load's file name).
            size_t unnamed = unnamed_constant;
            if (unnamed == cmd.params.size()) {
                for (size_t k = 0; k < cmd.params.size(); ++k) {
                    const Param& p = cmd.params[k];
                    if (p.keyword.empty() && p.type == kString && !used[k]) { unnamed = k; break; }
                }
            }
            if (unnamed == cmd.params.size()) return MCIERR_UNRECOGNIZED_KEYWORD;
            const Param& p = cmd.params[unnamed];
            if (p.type == kConstant) {
                DWORD value = 0;
                if (!constant_value(p, &i, &value)) return MCIERR_BAD_CONSTANT;
                if (used[unnamed]) return MCIERR_FLAGS_NOT_COMPATIBLE;
                store_value(block, p.offset, p.size, value);
            } else {
                const wchar_t* s = block->keep(tokens[i].text);
                store(block, p.offset, &s, sizeof(s));
                ++i;
            }
            used[unnamed] = true;
            *flags |= p.flag;
            continue;
        }

        const Param& p = cmd.params[best];
        i += best_len;
        if (used[best]) return p.type == kConstant ? MCIERR_FLAGS_NOT_COMPATIBLE : MCIERR_DUPLICATE_FLAGS;
        if (p.type == kFlag && p.flag && (*flags & p.flag) == p.flag) return MCIERR_DUPLICATE_FLAGS;
        used[best] = true;
        switch (p.type) {
        case kFlag:
            break;
        case kInteger: case kInteger64: case kHwnd: case kHpal: case kHdc: {
            DWORD value = 0;
            if (i >= tokens.size() || tokens[i].quoted || !parse_integer(tokens[i].text, &value))
                return MCIERR_BAD_INTEGER;
            ++i;
            store_value(block, p.offset, p.size, value);
            break;
        }
        case kString: {
            if (i >= tokens.size()) return MCIERR_MISSING_STRING_ARGUMENT;
            const wchar_t* s = block->keep(tokens[i].text);
            store(block, p.offset, &s, sizeof(s));
            ++i;
            break;
        }
        case kRect: {
            LONG rc[4];
            for (LONG& v : rc) {
                DWORD value = 0;
                if (i >= tokens.size() || tokens[i].quoted || !parse_integer(tokens[i].text, &value))
                    return MCIERR_BAD_INTEGER;
                ++i;
                v = static_cast<LONG>(value);
            }
            store(block, p.offset, rc, sizeof(rc));
            break;
        }
        case kConstant: {
            DWORD value = 0;
            if (!constant_value(p, &i, &value)) return MCIERR_BAD_CONSTANT;
            store_value(block, p.offset, p.size, value);
            break;
        }
        default:
            return MCIERR_PARSER_INTERNAL;
        }
        *flags |= p.flag;
    }
    return 0;
}

}  // namespace winmm::mci
