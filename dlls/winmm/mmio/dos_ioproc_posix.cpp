// winmm-ng mmio: the built-in DOS I/O procedure, POSIX twin for the native build of the core.
// Same protocol as dos_ioproc_win32.cpp: a Unicode procedure, the file descriptor in adwInfo[0].
// Share modes have no POSIX equivalent and are ignored.
#include <cerrno>
#include <climits>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fcntl.h>
#include <string>
#include <sys/stat.h>
#include <unistd.h>

#include "mmio_internal.h"

namespace wng_mmio {
namespace {

inline int get_fd(const MMIOINFO* mi) { return static_cast<int>(static_cast<LONG>(mi->adwInfo[0])); }

UINT map_errno(int e) {
    switch (e) {
    case ENOENT: return MMIOERR_FILENOTFOUND;
    case ENOTDIR: return MMIOERR_PATHNOTFOUND;
    case EACCES:
    case EPERM:
    case EROFS:
    case EISDIR: return MMIOERR_ACCESSDENIED;
    case ETXTBSY:
    case EBUSY: return MMIOERR_SHARINGVIOLATION;
    case EMFILE:
    case ENFILE: return MMIOERR_TOOMANYOPENFILES;
    case ENOMEM: return MMIOERR_OUTOFMEMORY;
    default: return MMIOERR_INVALIDFILE;
    }
}

bool to_path(const WCHAR* w, std::string& out) { return platform::wide_to_acp(w, out); }

bool put_name(WCHAR* dst, const std::string& path) {
    wstring16 w;
    if (!platform::acp_to_wide(path.c_str(), w) || w.size() + 1 > MAX_PATH) return false;
    std::memcpy(dst, w.c_str(), (w.size() + 1) * sizeof(WCHAR));
    return true;
}

LRESULT special(MMIOINFO* mi, WCHAR* name) {
    std::string path;
    if (!to_path(name, path)) return MMIOERR_INVALIDFILE;
    DWORD op = mi->dwFlags;
    if (op & MMIO_GETTEMP) {
        size_t cut = path.find_last_of("/\\:");
        std::string dir = cut == std::string::npos ? std::string() : path.substr(0, cut + 1);
        std::string prefix = cut == std::string::npos ? path : path.substr(cut + 1);
        if (dir.empty()) {
            const char* t = std::getenv("TMPDIR");
            dir = (t && *t) ? t : "/tmp";
            if (dir.back() != '/') dir += '/';
        }
        std::string templ = dir + prefix + "XXXXXX";
        std::string buf = templ;
        int fd = mkstemp(&buf[0]);
        if (fd < 0) return MMIOERR_FILENOTFOUND;
        close(fd);
        if (!put_name(name, buf)) {
            unlink(buf.c_str());
            return MMIOERR_FILENOTFOUND;
        }
        return MMSYSERR_NOERROR;
    }
    if (op & (MMIO_PARSE | MMIO_EXIST)) {
        std::string full = path;
        if (full.empty() || full[0] != '/') {
            char cwd[PATH_MAX];
            if (!getcwd(cwd, sizeof cwd)) return MMIOERR_INVALIDFILE;
            full = std::string(cwd) + "/" + path;
        }
        if (op & MMIO_EXIST) {
            struct stat st;
            if (stat(full.c_str(), &st) != 0 || S_ISDIR(st.st_mode)) return MMIOERR_FILENOTFOUND;
        }
        if ((op & MMIO_PARSE) && !put_name(name, full)) return MMIOERR_INVALIDFILE;
        return MMSYSERR_NOERROR;
    }
    if (op & MMIO_DELETE) {
        if (unlink(path.c_str()) != 0) return map_errno(errno);
        return MMSYSERR_NOERROR;
    }
    return MMIOERR_INVALIDFILE;
}

LRESULT open_file(MMIOINFO* mi, const WCHAR* name) {
    if (!name) {
        off_t pos = lseek(get_fd(mi), 0, SEEK_CUR);
        if (pos < 0) return MMIOERR_INVALIDFILE;
        mi->lDiskOffset = static_cast<LONG>(pos);
        return MMSYSERR_NOERROR;
    }
    std::string path;
    if (!to_path(name, path)) return MMIOERR_INVALIDFILE;
    int oflags;
    switch (mi->dwFlags & MMIO_RWMODE) {
    case MMIO_WRITE: oflags = O_WRONLY; break;
    case MMIO_READWRITE: oflags = O_RDWR; break;
    default: oflags = O_RDONLY; break;
    }
    if (mi->dwFlags & MMIO_CREATE) oflags |= O_CREAT | O_TRUNC;
    int fd = open(path.c_str(), oflags | O_CLOEXEC, 0666);
    if (fd < 0) return map_errno(errno);
    mi->adwInfo[0] = static_cast<DWORD>(fd);
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
            if (close(get_fd(mi)) != 0) return MMIOERR_CANNOTCLOSE;
        }
        return MMSYSERR_NOERROR;
    case MMIOM_READ: {
        if (lParam2 < 0) return -1;
        ssize_t got = read(get_fd(mi), reinterpret_cast<void*>(lParam1), static_cast<size_t>(lParam2));
        if (got < 0) return -1;
        mi->lDiskOffset += static_cast<LONG>(got);
        return got;
    }
    case MMIOM_WRITE:
    case MMIOM_WRITEFLUSH: {
        if (lParam2 < 0) return -1;
        ssize_t put = write(get_fd(mi), reinterpret_cast<const void*>(lParam1), static_cast<size_t>(lParam2));
        if (put < 0) return -1;
        mi->lDiskOffset += static_cast<LONG>(put);
        return put;
    }
    case MMIOM_SEEK: {
        int whence;
        switch (lParam2) {
        case SEEK_SET: whence = SEEK_SET; break;
        case SEEK_CUR: whence = SEEK_CUR; break;
        case SEEK_END: whence = SEEK_END; break;
        default: return -1;
        }
        // SEEK_END counts backwards from the end, as Windows' DOS procedure does: the position is size - lParam1.
        const off_t off = static_cast<off_t>(static_cast<LONG>(lParam1));
        off_t pos = lseek(get_fd(mi), whence == SEEK_END ? -off : off, whence);
        if (pos < 0 || pos > kLongMax) return -1;
        mi->lDiskOffset = static_cast<LONG>(pos);
        return static_cast<LRESULT>(pos);
    }
    case MMIOM_RENAME: {
        if (!lParam1 || !lParam2) return MMSYSERR_INVALPARAM;
        std::string a, b;
        if (!to_path(reinterpret_cast<const WCHAR*>(lParam1), a) || !to_path(reinterpret_cast<const WCHAR*>(lParam2), b))
            return MMIOERR_INVALIDFILE;
        if (::rename(a.c_str(), b.c_str()) != 0) return map_errno(errno);
        return MMSYSERR_NOERROR;
    }
    default:
        return 0;
    }
}

}  // namespace wng_mmio
