// winmm-ng mmio: the built-in DOS I/O procedure, Win32 implementation. The only file of the mmio
// subsystem that touches files. A Unicode procedure: MMIOM_OPEN / MMIOM_RENAME carry WCHAR names.
// State: adwInfo[0] = the Win32 file handle (32 significant bits, sign-extended back on x64).
#include <algorithm>
#include <cstring>
#include <string>
#include <vector>

#include "mmio_internal.h"

namespace wng_mmio {
namespace {

inline HANDLE get_handle(const MMIOINFO* mi) {
    return reinterpret_cast<HANDLE>(static_cast<LONG_PTR>(static_cast<LONG>(mi->adwInfo[0])));
}

UINT map_error(DWORD e) {
    switch (e) {
    case ERROR_FILE_NOT_FOUND: return MMIOERR_FILENOTFOUND;
    case ERROR_PATH_NOT_FOUND:
    case ERROR_INVALID_DRIVE:
    case ERROR_BAD_PATHNAME:
    case ERROR_DIRECTORY: return MMIOERR_PATHNOTFOUND;
    case ERROR_ACCESS_DENIED:
    case ERROR_WRITE_PROTECT: return MMIOERR_ACCESSDENIED;
    case ERROR_SHARING_VIOLATION:
    case ERROR_LOCK_VIOLATION: return MMIOERR_SHARINGVIOLATION;
    case ERROR_TOO_MANY_OPEN_FILES: return MMIOERR_TOOMANYOPENFILES;
    case ERROR_NOT_ENOUGH_MEMORY:
    case ERROR_OUTOFMEMORY: return MMIOERR_OUTOFMEMORY;
    case ERROR_BAD_NETPATH:
    case ERROR_NETWORK_BUSY:
    case ERROR_REM_NOT_LIST:
    case ERROR_BAD_NET_NAME:
    case ERROR_UNEXP_NET_ERR:
    case ERROR_NETNAME_DELETED:
    case ERROR_NETWORK_ACCESS_DENIED: return MMIOERR_NETWORKERROR;
    default: return MMIOERR_INVALIDFILE;
    }
}

LRESULT special(MMIOINFO* mi, WCHAR* name) {
    DWORD op = mi->dwFlags;
    if (op & MMIO_GETTEMP) {
        // "C:F" -> a temporary file on C: whose name starts with F. Directory part = up to the last
        // separator; the rest is the prefix. No directory -> the temp directory.
        size_t len = wcslen(name);
        size_t cut = 0;
        for (size_t i = len; i-- > 0;)
            if (name[i] == L'\\' || name[i] == L'/' || name[i] == L':') {
                cut = i + 1;
                break;
            }
        WCHAR dir[MAX_PATH + 2];
        WCHAR prefix[MAX_PATH];
        if (cut >= MAX_PATH || len - cut >= MAX_PATH) return MMIOERR_FILENOTFOUND;
        std::memcpy(prefix, name + cut, (len - cut + 1) * sizeof(WCHAR));
        if (cut == 0) {
            DWORD n = GetTempPathW(MAX_PATH, dir);
            if (n == 0 || n >= MAX_PATH) return MMIOERR_FILENOTFOUND;
        } else {
            std::memcpy(dir, name, cut * sizeof(WCHAR));
            dir[cut] = 0;
            if (dir[cut - 1] == L':') {
                dir[cut] = L'\\';
                dir[cut + 1] = 0;
            }
        }
        WCHAR out[MAX_PATH];
        if (!GetTempFileNameW(dir, prefix, 0, out)) return MMIOERR_FILENOTFOUND;
        std::memcpy(name, out, (wcslen(out) + 1) * sizeof(WCHAR));
        return MMSYSERR_NOERROR;
    }
    if (op & (MMIO_PARSE | MMIO_EXIST)) {
        DWORD need = GetFullPathNameW(name, 0, nullptr, nullptr);
        if (need == 0) return MMIOERR_INVALIDFILE;
        std::vector<WCHAR> full(need + 1);
        DWORD n = GetFullPathNameW(name, need + 1, full.data(), nullptr);
        if (n == 0 || n > need) return MMIOERR_INVALIDFILE;
        if (op & MMIO_EXIST) {
            DWORD a = GetFileAttributesW(full.data());
            if (a == INVALID_FILE_ATTRIBUTES || (a & FILE_ATTRIBUTE_DIRECTORY)) return MMIOERR_FILENOTFOUND;
        }
        if (op & MMIO_PARSE) {
            // The name buffer holds MAX_PATH characters: a longer path is cut there (mmioOpen then fails it).
            n = std::min<DWORD>(n, MAX_PATH - 1);
            std::memcpy(name, full.data(), n * sizeof(WCHAR));
            name[n] = 0;
        }
        return MMSYSERR_NOERROR;
    }
    if (op & MMIO_DELETE) {
        if (!DeleteFileW(name)) return map_error(GetLastError());
        return MMSYSERR_NOERROR;
    }
    return MMIOERR_INVALIDFILE;
}

// Appends a directory (as a ';'-separated search list entry) when it could be read.
void add_dir(std::wstring& list, const WCHAR* dir, DWORD n, DWORD cap) {
    if (n == 0 || n >= cap) return;
    if (!list.empty()) list += L';';
    list.append(dir, n);
}

// Where OpenFile looks for a bare file name (the mmio open flags are OpenFile's OF_* values, and Windows finds
// such a name the same way): the application's directory, the current directory, the system directory, the
// 16-bit system directory, the Windows directory, then PATH. Returns the full name, or an empty string.
std::wstring search_bare_name(const WCHAR* name) {
    for (const WCHAR* p = name; *p; ++p)
        if (*p == L'\\' || *p == L'/' || *p == L':') return std::wstring();  // has a directory component
    if (!*name) return std::wstring();
    std::wstring list;
    WCHAR dir[MAX_PATH];
    DWORD n = GetModuleFileNameW(nullptr, dir, MAX_PATH);
    if (n > 0 && n < MAX_PATH) {
        while (n > 0 && dir[n - 1] != L'\\' && dir[n - 1] != L'/') --n;
        add_dir(list, dir, n, MAX_PATH);
    }
    add_dir(list, dir, GetCurrentDirectoryW(MAX_PATH, dir), MAX_PATH);
    add_dir(list, dir, GetSystemDirectoryW(dir, MAX_PATH), MAX_PATH);
    n = GetWindowsDirectoryW(dir, MAX_PATH);
    if (n > 0 && n < MAX_PATH) {
        std::wstring sys16(dir, n);
        sys16 += L"\\system";
        add_dir(list, sys16.c_str(), static_cast<DWORD>(sys16.size()), MAX_PATH);
        add_dir(list, dir, n, MAX_PATH);
    }
    DWORD pn = GetEnvironmentVariableW(L"PATH", nullptr, 0);
    if (pn > 1) {
        std::vector<WCHAR> path(pn);
        DWORD got = GetEnvironmentVariableW(L"PATH", path.data(), pn);
        add_dir(list, path.data(), got, pn);
    }
    DWORD need = SearchPathW(list.c_str(), name, nullptr, 0, nullptr, nullptr);
    if (need == 0) return std::wstring();
    std::vector<WCHAR> found(need + 1);
    DWORD got = SearchPathW(list.c_str(), name, nullptr, need + 1, found.data(), nullptr);
    if (got == 0 || got > need) return std::wstring();
    return std::wstring(found.data(), got);
}

LRESULT open_file(MMIOINFO* mi, const WCHAR* name) {
    if (!name) {
        // An already open handle in adwInfo[0]: mmio offsets start at its current position.
        HANDLE h = get_handle(mi);
        DWORD pos = SetFilePointer(h, 0, nullptr, FILE_CURRENT);
        if (pos == INVALID_SET_FILE_POINTER && GetLastError() != NO_ERROR) return MMIOERR_INVALIDFILE;
        mi->lDiskOffset = static_cast<LONG>(pos);
        return MMSYSERR_NOERROR;
    }
    DWORD access;
    switch (mi->dwFlags & MMIO_RWMODE) {
    case MMIO_WRITE: access = GENERIC_WRITE; break;
    case MMIO_READWRITE: access = GENERIC_READ | GENERIC_WRITE; break;
    default: access = GENERIC_READ; break;
    }
    DWORD share;
    switch (mi->dwFlags & MMIO_SHAREMODE) {
    case MMIO_EXCLUSIVE: share = 0; break;
    case MMIO_DENYWRITE: share = FILE_SHARE_READ; break;
    case MMIO_DENYREAD: share = FILE_SHARE_WRITE; break;
    default: share = FILE_SHARE_READ | FILE_SHARE_WRITE; break;  // MMIO_COMPAT, MMIO_DENYNONE
    }
    DWORD disposition = (mi->dwFlags & MMIO_CREATE) ? CREATE_ALWAYS : OPEN_EXISTING;
    const std::wstring found = disposition == OPEN_EXISTING ? search_bare_name(name) : std::wstring();
    HANDLE h = CreateFileW(found.empty() ? name : found.c_str(), access, share, nullptr, disposition,
                           FILE_ATTRIBUTE_NORMAL, nullptr);
    if (h == INVALID_HANDLE_VALUE) return map_error(GetLastError());
    mi->adwInfo[0] = static_cast<DWORD>(reinterpret_cast<UINT_PTR>(h));
    mi->lDiskOffset = 0;
    return MMSYSERR_NOERROR;
}

}  // namespace

LRESULT CALLBACK dos_ioproc(LPSTR lpmmioinfo, UINT msg, LPARAM lParam1, LPARAM lParam2) {
    MMIOINFO* mi = reinterpret_cast<MMIOINFO*>(lpmmioinfo);
    if (!mi) return -1;
    switch (msg) {
    case MMIOM_OPEN:
        if (mi->dwFlags & (MMIO_PARSE | MMIO_EXIST | MMIO_DELETE | MMIO_GETTEMP)) {
            if (!lParam1) return MMIOERR_FILENOTFOUND;
            return special(mi, reinterpret_cast<WCHAR*>(lParam1));
        }
        return open_file(mi, reinterpret_cast<const WCHAR*>(lParam1));
    case MMIOM_CLOSE:
        if (!(static_cast<UINT>(lParam1) & MMIO_FHOPEN)) {
            if (!CloseHandle(get_handle(mi))) return MMIOERR_CANNOTCLOSE;
        }
        return MMSYSERR_NOERROR;
    case MMIOM_READ: {
        if (lParam2 < 0) return -1;
        DWORD got = 0;
        if (!ReadFile(get_handle(mi), reinterpret_cast<void*>(lParam1), static_cast<DWORD>(lParam2), &got, nullptr))
            return -1;
        mi->lDiskOffset += static_cast<LONG>(got);
        return static_cast<LRESULT>(got);
    }
    case MMIOM_WRITE:
    case MMIOM_WRITEFLUSH: {
        // WRITEFLUSH = WRITE: this procedure keeps no internal buffer (the OS cache is not flushed).
        if (lParam2 < 0) return -1;
        DWORD put = 0;
        if (!WriteFile(get_handle(mi), reinterpret_cast<const void*>(lParam1), static_cast<DWORD>(lParam2), &put, nullptr))
            return -1;
        mi->lDiskOffset += static_cast<LONG>(put);
        return static_cast<LRESULT>(put);
    }
    case MMIOM_SEEK: {
        DWORD method;
        switch (lParam2) {
        case SEEK_SET: method = FILE_BEGIN; break;
        case SEEK_CUR: method = FILE_CURRENT; break;
        case SEEK_END: method = FILE_END; break;
        default: return -1;
        }
        // SEEK_END counts backwards from the end, as Windows' DOS procedure does: the position is size - lParam1.
        const LONGLONG off = static_cast<LONG>(lParam1);
        LARGE_INTEGER dist, pos;
        dist.QuadPart = method == FILE_END ? -off : off;
        if (!SetFilePointerEx(get_handle(mi), dist, &pos, method)) return -1;
        if (pos.QuadPart < 0 || pos.QuadPart > kLongMax) return -1;  // beyond what a LONG offset can express
        mi->lDiskOffset = static_cast<LONG>(pos.QuadPart);
        return static_cast<LRESULT>(pos.QuadPart);
    }
    case MMIOM_RENAME:
        if (!lParam1 || !lParam2) return MMSYSERR_INVALPARAM;
        if (!MoveFileW(reinterpret_cast<const WCHAR*>(lParam1), reinterpret_cast<const WCHAR*>(lParam2)))
            return map_error(GetLastError());
        return MMSYSERR_NOERROR;
    default:
        return 0;
    }
}

}  // namespace wng_mmio
