// mciSendCommandA: the ANSI structures of the commands that carry strings are copied, their strings converted to
// UTF-16 (CP_ACP), and the copy sent through mciSendCommandW; on success the copy's other fields are copied back
// and returned strings (MCI_INFO, MCI_SYSINFO names) converted back into the caller's ANSI buffer, whose size
// dwRetSize counts characters in both forms (Wine's tests on Windows). Commands without strings pass unchanged:
// the A and W structures of every MCI command share one layout, strings aside.
#include <windows.h>

#include <mmsystem.h>
#include <digitalv.h>

#include <cstddef>
#include <cstring>
#include <list>
#include <memory>
#include <new>
#include <string>
#include <vector>

#include "ansi_text.h"
#include "device_layer.h"

namespace winmm::mci {

namespace {

// One command's converted copy.
class Conversion {
public:
    Conversion(DWORD_PTR a_parms, size_t size) : a_(reinterpret_cast<unsigned char*>(a_parms)), copy_(size) {
        std::memcpy(copy_.data(), a_, size);
    }

    // An input string at `offset` of the structure: the copy points to its UTF-16 form.
    void input_string(size_t offset) {
        LPCSTR s;
        std::memcpy(&s, a_ + offset, sizeof(s));
        replaced_.push_back(offset);
        if (!s) return;
        strings_.push_back(widen_acp(s));
        LPCWSTR w = strings_.back().c_str();
        std::memcpy(copy_.data() + offset, &w, sizeof(w));
    }

    // A returned string: pointer at `pointer_offset`, its size in characters (a DWORD) at `size_offset`.
    // The UTF-16 buffer is capped (kMaxReturn characters: far more than any MCI answer) so a wild size cannot
    // exhaust memory; the W side then sees the capped size.
    void return_string(size_t pointer_offset, size_t size_offset) {
        std::memcpy(&a_return_, a_ + pointer_offset, sizeof(a_return_));
        std::memcpy(&a_return_size_, a_ + size_offset, sizeof(a_return_size_));
        replaced_.push_back(pointer_offset);
        size_offset_ = size_offset;
        if (!a_return_) return;
        DWORD w_size = a_return_size_ < kMaxReturn ? a_return_size_ : kMaxReturn;
        w_return_.assign(w_size ? w_size : 1, L'\0');
        LPWSTR w = w_return_.data();
        std::memcpy(copy_.data() + pointer_offset, &w, sizeof(w));
        std::memcpy(copy_.data() + size_offset, &w_size, sizeof(w_size));
    }

    DWORD_PTR parms() { return reinterpret_cast<DWORD_PTR>(copy_.data()); }

    // After a successful command: fields back (the caller's string pointers kept), the answer converted.
    void finish() {
        for (size_t offset : replaced_) std::memcpy(copy_.data() + offset, a_ + offset, sizeof(void*));
        if (size_offset_) std::memcpy(copy_.data() + size_offset_, &a_return_size_, sizeof(a_return_size_));
        std::memcpy(a_, copy_.data(), copy_.size());
        if (!a_return_ || !a_return_size_) return;
        w_return_.back() = L'\0';
        int n = WideCharToMultiByte(CP_ACP, 0, w_return_.data(), -1, nullptr, 0, nullptr, nullptr);
        std::string narrow(n > 0 ? static_cast<size_t>(n) : 1, '\0');
        if (n > 0) WideCharToMultiByte(CP_ACP, 0, w_return_.data(), -1, &narrow[0], n, nullptr, nullptr);
        size_t len = std::strlen(narrow.c_str());
        if (len > static_cast<size_t>(a_return_size_) - 1) len = static_cast<size_t>(a_return_size_) - 1;
        std::memcpy(a_return_, narrow.data(), len);
        a_return_[len] = '\0';
    }

private:
    static constexpr DWORD kMaxReturn = 0x10000;
    unsigned char* a_;
    std::vector<unsigned char> copy_;
    std::list<std::wstring> strings_;  // stable addresses
    std::vector<size_t> replaced_;
    LPSTR a_return_ = nullptr;
    DWORD a_return_size_ = 0;
    size_t size_offset_ = 0;  // 0: no returned string (a size is never the structure's first field)
    std::vector<wchar_t> w_return_;
};

// How much of the caller's MCI_OPEN structure to copy: the device-specific tails (waveaudio's dwBufferSeconds,
// digitalvideo/overlay/animation's dwStyle and hWndParent) follow the common part and are flagged.
size_t open_size(DWORD flags) {
    if (flags & MCI_DGV_OPEN_PARENT) return sizeof(MCI_DGV_OPEN_PARMSA);
    if (flags & MCI_DGV_OPEN_WS) return offsetof(MCI_DGV_OPEN_PARMSA, dwStyle) + sizeof(DWORD);
    return sizeof(MCI_OPEN_PARMSA);
}

// Builds the conversion of one command, or returns false when the command carries no string to convert.
bool prepare(UINT msg, DWORD flags, DWORD_PTR parms, std::unique_ptr<Conversion>* out) {
    switch (msg) {
    case MCI_OPEN: {
        auto c = std::make_unique<Conversion>(parms, open_size(flags));
        if ((flags & MCI_OPEN_TYPE) && !(flags & MCI_OPEN_TYPE_ID))
            c->input_string(offsetof(MCI_OPEN_PARMSA, lpstrDeviceType));
        if ((flags & MCI_OPEN_ELEMENT) && !(flags & MCI_OPEN_ELEMENT_ID))
            c->input_string(offsetof(MCI_OPEN_PARMSA, lpstrElementName));
        if (flags & MCI_OPEN_ALIAS) c->input_string(offsetof(MCI_OPEN_PARMSA, lpstrAlias));
        *out = std::move(c);
        return true;
    }
    case MCI_INFO: {
        size_t size = (flags & MCI_DGV_INFO_ITEM) ? sizeof(MCI_DGV_INFO_PARMSA) : sizeof(MCI_INFO_PARMSA);
        *out = std::make_unique<Conversion>(parms, size);
        (*out)->return_string(offsetof(MCI_INFO_PARMSA, lpstrReturn), offsetof(MCI_INFO_PARMSA, dwRetSize));
        return true;
    }
    case MCI_SYSINFO:
        *out = std::make_unique<Conversion>(parms, sizeof(MCI_SYSINFO_PARMSA));
        // A quantity is a DWORD written into the buffer, not a string.
        if (!(flags & MCI_SYSINFO_QUANTITY))
            (*out)->return_string(offsetof(MCI_SYSINFO_PARMSA, lpstrReturn), offsetof(MCI_SYSINFO_PARMSA, dwRetSize));
        return true;
    default:
        break;
    }
    // Commands with one flagged input string.
    size_t size = 0, offset = 0;
    if (msg == MCI_SOUND && (flags & MCI_SOUND_NAME)) {
        size = sizeof(SoundParmsA), offset = offsetof(SoundParmsA, lpstrSoundName);
    } else if (msg == MCI_LOAD && (flags & MCI_LOAD_FILE)) {
        size = (flags & MCI_OVLY_RECT) ? sizeof(MCI_OVLY_LOAD_PARMSA) : sizeof(MCI_LOAD_PARMSA);
        offset = offsetof(MCI_LOAD_PARMSA, lpfilename);
    } else if (msg == MCI_SAVE && (flags & MCI_SAVE_FILE)) {
        size = (flags & MCI_DGV_RECT) ? sizeof(MCI_DGV_SAVE_PARMSA) : sizeof(MCI_SAVE_PARMSA);
        offset = offsetof(MCI_SAVE_PARMSA, lpfilename);
    } else if (msg == MCI_ESCAPE && (flags & MCI_VD_ESCAPE_STRING)) {
        size = sizeof(MCI_VD_ESCAPE_PARMSA), offset = offsetof(MCI_VD_ESCAPE_PARMSA, lpstrCommand);
    } else if (msg == MCI_WINDOW && (flags & MCI_DGV_WINDOW_TEXT)) {
        size = sizeof(MCI_DGV_WINDOW_PARMSA), offset = offsetof(MCI_DGV_WINDOW_PARMSA, lpstrText);
    } else if (msg == MCI_CAPTURE && (flags & MCI_DGV_CAPTURE_AS)) {
        size = sizeof(MCI_DGV_CAPTURE_PARMSA), offset = offsetof(MCI_DGV_CAPTURE_PARMSA, lpstrFileName);
    } else if (msg == MCI_RESTORE && (flags & MCI_DGV_RESTORE_FROM)) {
        size = sizeof(MCI_DGV_RESTORE_PARMSA), offset = offsetof(MCI_DGV_RESTORE_PARMSA, lpstrFileName);
    } else {
        return false;
    }
    *out = std::make_unique<Conversion>(parms, size);
    (*out)->input_string(offset);
    return true;
}

}  // namespace

}  // namespace winmm::mci

using namespace winmm::mci;

extern "C" MCIERROR WINAPI mciSendCommandA(MCIDEVICEID mciId, UINT uMsg, DWORD_PTR dwParam1, DWORD_PTR dwParam2) {
    std::unique_ptr<Conversion> conversion;
    try {
        // No structure: nothing to convert, and the W side gives the null-parameter answer.
        if (!dwParam2 || !prepare(uMsg, static_cast<DWORD>(dwParam1), dwParam2, &conversion))
            return mciSendCommandW(mciId, uMsg, dwParam1, dwParam2);
    } catch (const std::bad_alloc&) {
        return MCIERR_OUT_OF_MEMORY;
    }
    MCIERROR err = mciSendCommandW(mciId, uMsg, dwParam1, conversion->parms());
    if (!err) {
        try {
            conversion->finish();
        } catch (const std::bad_alloc&) {
            return MCIERR_OUT_OF_MEMORY;
        }
    }
    return err;
}
