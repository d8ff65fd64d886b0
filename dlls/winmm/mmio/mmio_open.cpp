// winmm-ng mmio: mmioOpenA/W, mmioClose, mmioRenameA/W: choosing the I/O procedure, translating names
// between ANSI and Unicode for it, buffer set-up, and the MMIO_PARSE/EXIST/DELETE/GETTEMP requests.
#include <algorithm>
#include <cstdlib>
#include <cstring>
#include <type_traits>
#include <vector>

#include "mmio_internal.h"

namespace wng_mmio {
namespace {

constexpr DWORD kSpecialOps = MMIO_PARSE | MMIO_EXIST | MMIO_DELETE | MMIO_GETTEMP;
constexpr size_t kCallerNameChars = 128;  // the documented minimum size of the caller's name buffer

template <class C>
size_t str_len(const C* s) {
    size_t n = 0;
    while (s[n]) ++n;
    return n;
}

template <class C>
inline bool is_sep(C c) {
    return c == C('\\') || c == C('/') || c == C(':');
}

// "name.ext+element": returns the FOURCC of EXT (upper case, space padded). False when the name is not a
// compound name: no '+', a path separator after the last '+', or no extension in the last path
// component before it (so "C:\Notepad++\a.wav" is a plain file name).
template <class C>
bool compound_fcc(const C* name, FOURCC& fcc) {
    size_t n = str_len(name);
    size_t plus = n;
    for (size_t i = n; i-- > 0;)
        if (name[i] == C('+')) {
            plus = i;
            break;
        }
    if (plus == n) return false;
    for (size_t i = plus + 1; i < n; ++i)
        if (name[i] == C('\\') || name[i] == C('/')) return false;
    size_t start = 0;
    for (size_t i = plus; i-- > 0;)
        if (is_sep(name[i])) {
            start = i + 1;
            break;
        }
    size_t dot = plus;
    for (size_t i = plus; i-- > start;)
        if (name[i] == C('.')) {
            dot = i;
            break;
        }
    if (dot == plus) return false;
    char ext[5] = {0, 0, 0, 0, 0};
    for (size_t k = 0; k < 4 && dot + 1 + k < plus; ++k) {
        auto u = static_cast<std::make_unsigned_t<C>>(name[dot + 1 + k]);
        ext[k] = (sizeof(C) > 1 && u >= 0x80) ? '?' : static_cast<char>(u);
    }
    fcc = fourcc_from_ansi(ext, MMIO_TOUPPER);
    return true;
}

bool name_fcc(const void* name, bool wide, FOURCC& fcc) {
    return wide ? compound_fcc(static_cast<const WCHAR*>(name), fcc) : compound_fcc(static_cast<const char*>(name), fcc);
}

// A name converted to the form a procedure expects.
struct Name {
    std::string a;
    wstring16 w;
    bool wide = false;
    LPARAM param() const { return wide ? reinterpret_cast<LPARAM>(w.c_str()) : reinterpret_cast<LPARAM>(a.c_str()); }
    size_t length() const { return wide ? w.size() : a.size(); }
};

bool convert_name(const void* src, bool src_wide, bool to_wide, Name& out) {
    out.wide = to_wide;
    if (src_wide == to_wide) {
        if (to_wide) out.w = static_cast<const WCHAR*>(src);
        else out.a = static_cast<const char*>(src);
        return true;
    }
    if (to_wide) return platform::acp_to_wide(static_cast<const char*>(src), out.w);
    return platform::wide_to_acp(static_cast<const WCHAR*>(src), out.a);
}

// Picks the I/O procedure for an open or rename (mmioOpen page, Remarks): pIOProc wins, then fccIOProc,
// then the extension of a compound name, then DOS. With add_use, the open file is counted as using it.
// Returns 0 or the error for wErrorRet.
UINT choose_proc(const MMIOINFO& in, const void* name, bool wide, DWORD flags, bool add_use, ProcChoice& pc) {
    if (in.pIOProc) {
        pc.proc = in.pIOProc;
        pc.fcc = in.fccIOProc;
        pc.unicode = registry_passed_unicode(in.pIOProc, add_use) || (flags & MMIO_UNICODEPROC);
        return 0;
    }
    FOURCC fcc = in.fccIOProc;
    bool from_extension = false;
    if (!fcc) {
        from_extension = name && name_fcc(name, wide, fcc);
        if (!from_extension) fcc = FOURCC_DOS;
    }
    bool ok = add_use ? registry_find_and_use(fcc, pc) : registry_find(fcc, pc);
    if (ok) return 0;
    // Windows answers a compound name whose extension has no procedure as a file that does not exist.
    return from_extension ? MMIOERR_FILENOTFOUND : MMIOERR_INVALIDFILE;
}

template <class C>
void copy_out(void* dst, const std::basic_string<C>& s) {
    std::memcpy(dst, s.c_str(), (s.size() + 1) * sizeof(C));
}

HMMIO special_open(void* name, bool wide, MMIOINFO* user, const MMIOINFO& in, DWORD flags) {
    DWORD op;
    if (flags & MMIO_GETTEMP) op = MMIO_GETTEMP;
    else if (flags & MMIO_PARSE) op = MMIO_PARSE | (flags & MMIO_EXIST);
    else if (flags & MMIO_DELETE) op = MMIO_DELETE;
    else op = MMIO_EXIST;
    HMMIO failed = (op == MMIO_GETTEMP) ? reinterpret_cast<HMMIO>(static_cast<UINT_PTR>(MMIOERR_FILENOTFOUND))
                                        : reinterpret_cast<HMMIO>(static_cast<UINT_PTR>(FALSE));
    HMMIO succeeded = (op == MMIO_GETTEMP) ? reinterpret_cast<HMMIO>(static_cast<UINT_PTR>(MMSYSERR_NOERROR))
                                           : reinterpret_cast<HMMIO>(static_cast<UINT_PTR>(TRUE));
    auto fail = [&](UINT err) {
        if (user) user->wErrorRet = err;
        return failed;
    };
    if (!name) return fail(MMIOERR_FILENOTFOUND);
    ProcChoice pc;
    UINT err = choose_proc(in, name, wide, flags, false, pc);
    if (err) return fail(err);
    Name conv;
    if (!convert_name(name, wide, pc.unicode, conv)) return fail(MMIOERR_INVALIDFILE);
    // A writable buffer of at least MAX_PATH characters for the procedure's answer.
    size_t cap = std::max<size_t>(conv.length() + 1, MAX_PATH);
    std::vector<char> abuf;
    std::vector<WCHAR> wbuf;
    LPARAM p;
    if (pc.unicode) {
        wbuf.assign(cap + 1, 0);
        std::copy(conv.w.begin(), conv.w.end(), wbuf.begin());
        p = reinterpret_cast<LPARAM>(wbuf.data());
    } else {
        abuf.assign(cap + 1, 0);
        std::copy(conv.a.begin(), conv.a.end(), abuf.begin());
        p = reinterpret_cast<LPARAM>(abuf.data());
    }
    MMIOINFO tmp = in;
    tmp.dwFlags = op;
    tmp.pIOProc = pc.proc;
    tmp.fccIOProc = pc.fcc;
    tmp.wErrorRet = 0;
    tmp.lDiskOffset = 0;
    tmp.hmmio = nullptr;
    LRESULT r = pc.proc(reinterpret_cast<LPSTR>(&tmp), MMIOM_OPEN, p, 0);
    if (r != 0) return fail(static_cast<UINT>(r));
    if (op & (MMIO_PARSE | MMIO_GETTEMP)) {
        Name back;
        bool ok;
        if (pc.unicode) {
            wbuf[cap] = 0;
            ok = convert_name(wbuf.data(), true, wide, back);
        } else {
            abuf[cap] = 0;
            ok = convert_name(abuf.data(), false, wide, back);
        }
        if (!ok) return fail(MMIOERR_INVALIDFILE);
        // The caller's buffer is only known to hold 128 characters: a longer answer fails with
        // MMIOERR_OUTOFMEMORY, as on Windows, whose mmioOpenW still leaves the first 127 characters of a
        // parsed name there (mmioOpenA leaves the buffer as it was).
        if (back.length() + 1 > kCallerNameChars) {
            if (wide && (op & MMIO_PARSE)) {
                std::memcpy(name, back.w.c_str(), (kCallerNameChars - 1) * sizeof(WCHAR));
                static_cast<WCHAR*>(name)[kCallerNameChars - 1] = 0;
            }
            return fail(MMIOERR_OUTOFMEMORY);
        }
        if (wide) copy_out(name, back.w);
        else copy_out(name, back.a);
    }
    if (user) user->wErrorRet = 0;
    return succeeded;
}

HMMIO open_impl(void* name, bool wide, MMIOINFO* user, DWORD flags) {
    MMIOINFO in;
    std::memset(&in, 0, sizeof in);
    if (user) std::memcpy(&in, user, sizeof in);
    auto fail = [&](UINT err) -> HMMIO {
        if (user) user->wErrorRet = err;
        return nullptr;
    };
    if (flags & kSpecialOps) return special_open(name, wide, user, in, flags);
    DWORD rw = flags & MMIO_RWMODE;
    if (rw == MMIO_RWMODE || in.cchBuffer < 0) return fail(MMSYSERR_INVALPARAM);

    ProcChoice pc;
    UINT err = choose_proc(in, name, wide, flags, true, pc);
    if (err) return fail(err);

    uint32_t index;
    HMMIO handle;
    Slot* slot;
    if (!handles_reserve(index, handle, slot)) {
        registry_release_use(pc.proc);
        return fail(MMIOERR_OUTOFMEMORY);
    }
    File& f = slot->f;
    f = File{};
    std::memset(&f.info, 0, sizeof f.info);
    f.info.fccIOProc = pc.fcc;
    f.info.pIOProc = pc.proc;
    std::memcpy(f.info.adwInfo, in.adwInfo, sizeof in.adwInfo);
    f.info.hmmio = handle;
    f.proc = pc.proc;
    f.unicode = pc.unicode;
    f.is_mem = pc.proc == mem_ioproc;
    f.can_read = rw != MMIO_WRITE;
    f.can_write = rw != MMIO_READ;
    f.counted = true;
    f.open_flags = flags & ~static_cast<DWORD>(MMIO_DIRTY);

    auto undo = [&](UINT e) -> HMMIO {
        if (f.own_buf) std::free(f.buf);
        f = File{};
        registry_release_use(pc.proc);
        handles_release(index);
        return fail(e);
    };

    // Buffer set-up (before MMIOM_OPEN so the procedure sees it), Windows' rule for memory and disk files alike:
    // the size is cchBuffer, or MMIO_DEFAULTBUFFER when MMIO_ALLOCBUF asks for a buffer of unspecified size; a
    // caller pointer is used with that size (even 0); without one a size above 0 gets an internal buffer (with or
    // without MMIO_ALLOCBUF); otherwise the file is unbuffered.
    const LONG size = (in.cchBuffer == 0 && (flags & MMIO_ALLOCBUF)) ? LONG{MMIO_DEFAULTBUFFER} : in.cchBuffer;
    if (in.pchBuffer) {
        f.buf = in.pchBuffer;
    } else if (size > 0) {
        // Zero-filled: a new memory file's bytes are its block (a disk buffer's bytes are never read unwritten).
        f.buf = static_cast<char*>(f.is_mem ? std::calloc(static_cast<size_t>(size), 1) : std::malloc(static_cast<size_t>(size)));
        if (!f.buf) return undo(MMIOERR_OUTOFMEMORY);
        f.own_buf = true;
    }
    if (f.buf) {
        f.buf_size = size;
        f.next = f.buf;
        f.end_write = f.buf + size;
        // A memory file holds its whole block, unless it is being created; a disk buffer starts empty.
        f.end_read = (f.is_mem && !(flags & MMIO_CREATE)) ? f.end_write : f.buf;
    }
    if (f.is_mem) f.mem_grow = in.adwInfo[0];

    Name conv;
    LPARAM name_param = 0;
    if (name) {
        if (!convert_name(name, wide, pc.unicode, conv)) return undo(MMIOERR_INVALIDFILE);
        name_param = conv.param();
    }
    LRESULT r = send_proc(*slot, MMIOM_OPEN, name_param, 0);
    if (r != 0) return undo(static_cast<UINT>(r));
    if (f.buf && !f.is_mem) {
        // The buffer starts where the procedure is (it may open at the end of the file), and its window ends
        // at 2 GB - 1 as wherever the engine places it, so no write through it overflows the LONG position.
        f.buf_off = f.info.lDiskOffset;
        f.end_write = f.buf + std::max<int64_t>(0, std::min<int64_t>(f.buf_size, kLongMax - f.buf_off));
    }
    handles_publish(slot, handle);
    if (user) user->wErrorRet = 0;
    return handle;
}

MMRESULT rename_impl(const void* from, const void* to, bool wide, const MMIOINFO* info) {
    if (!from || !to) return MMSYSERR_INVALPARAM;
    MMIOINFO in;
    std::memset(&in, 0, sizeof in);
    if (info) std::memcpy(&in, info, sizeof in);
    ProcChoice pc;
    UINT err = choose_proc(in, from, wide, 0, false, pc);
    if (err) return err;
    Name a, b;
    if (!convert_name(from, wide, pc.unicode, a) || !convert_name(to, wide, pc.unicode, b)) return MMIOERR_INVALIDFILE;
    in.pIOProc = pc.proc;
    in.fccIOProc = pc.fcc;
    return static_cast<MMRESULT>(pc.proc(reinterpret_cast<LPSTR>(&in), MMIOM_RENAME, a.param(), b.param()));
}

}  // namespace
}  // namespace wng_mmio

using namespace wng_mmio;

static HMMIO mmioOpenA_impl(LPSTR pszFileName, LPMMIOINFO pmmioinfo, DWORD fdwOpen) {
    return open_impl(pszFileName, false, pmmioinfo, fdwOpen);
}
// mmioOpenA: opens a file through an I/O procedure: MMIOM_OPEN(name, 0) is the only message (the buffer
// and the MMIOINFO are set up first, so the procedure sees them). The procedure is pmmioinfo->pIOProc,
// else the installed procedure for fccIOProc, else the one for EXT in "name.EXT+element", else DOS; a
// NULL name with no procedure opens the DOS file handle in adwInfo[0]. Procedures receive WCHAR names when
// Unicode (installed with mmioInstallIOProcW or MMIO_UNICODEPROC, or passed with MMIO_UNICODEPROC in
// fdwOpen), else ANSI names. MMIO_PARSE/EXIST/DELETE/GETTEMP are sent as MMIOM_OPEN with only that flag in
// dwFlags (GETTEMP > PARSE(+EXIST) > DELETE > EXIST) and a writable name buffer of >= MAX_PATH characters.
// As on Windows, a compound-name extension with no installed procedure -> NULL with MMIOERR_FILENOTFOUND.
// Chosen where the docs are silent: an uninstalled fccIOProc -> NULL with MMIOERR_INVALIDFILE; MMIO_READ|MMIO_WRITE|MMIO_READWRITE all set, or cchBuffer < 0 ->
// MMSYSERR_INVALPARAM; a GETTEMP answer longer than 127 characters fails (MMIOERR_OUTOFMEMORY, buffer
// untouched) rather than overflow the documented 128-character buffer. As on Windows, a PARSE answer longer
// than 127 characters fails with MMIOERR_OUTOFMEMORY; mmioOpenW leaves its first 127 characters and a NUL in
// the buffer, mmioOpenA leaves the buffer unchanged; wErrorRet is set on success (0) too; nothing else in *pmmioinfo changes.
extern "C" HMMIO WINAPI mmioOpenA(LPSTR pszFileName, LPMMIOINFO pmmioinfo, DWORD fdwOpen) {
    HMMIO r = mmioOpenA_impl(pszFileName, pmmioinfo, fdwOpen);
    MMIO_TRACE("mmioOpenA(%s, %p, 0x%lx) = %p", pszFileName ? pszFileName : "(null)", (void*)pmmioinfo, (unsigned long)fdwOpen, (void*)r);
    return r;
}

static HMMIO mmioOpenW_impl(LPWSTR pszFileName, LPMMIOINFO pmmioinfo, DWORD fdwOpen) {
    return open_impl(pszFileName, true, pmmioinfo, fdwOpen);
}
// mmioOpenW: as mmioOpenA with a WCHAR name (ANSI procedures get it converted to CP_ACP; PARSE/GETTEMP
// answers are converted back).
extern "C" HMMIO WINAPI mmioOpenW(LPWSTR pszFileName, LPMMIOINFO pmmioinfo, DWORD fdwOpen) {
    HMMIO r = mmioOpenW_impl(pszFileName, pmmioinfo, fdwOpen);
    MMIO_TRACE("mmioOpenW(%p, %p, 0x%lx) = %p", (void*)pszFileName, (void*)pmmioinfo, (unsigned long)fdwOpen, (void*)r);
    return r;
}

static MMRESULT mmioClose_impl(HMMIO hmmio, UINT fuClose) {
    Locked l(hmmio);
    Slot* s = l.get();
    if (!s) return MMSYSERR_INVALHANDLE;
    if (l.reentrant()) return MMIOERR_CANNOTCLOSE;
    File& f = s->f;
    MMRESULT flush_rc = MMSYSERR_NOERROR;
    if (f.buf && !f.is_mem && f.dirty) {
        if (flush_locked(*s) != MMSYSERR_NOERROR) flush_rc = MMIOERR_CANNOTWRITE;
    }
    s->gen.store(0, std::memory_order_release);
    LRESULT cr = send_proc(*s, MMIOM_CLOSE, static_cast<LPARAM>(fuClose), 0);
    if (f.own_buf) std::free(f.buf);
    LPMMIOPROC proc = f.proc;
    bool counted = f.counted;
    f = File{};
    uint32_t index = handle_index(hmmio);
    l.unlock_now();
    if (counted) registry_release_use(proc);
    handles_release(index);
    return flush_rc != MMSYSERR_NOERROR ? flush_rc : static_cast<MMRESULT>(cr);
}
// mmioClose: writes the dirty buffer (MMIOM_WRITEFLUSH, repeated as MMIOM_WRITE if answered 0), makes the
// handle invalid, then sends MMIOM_CLOSE(fuClose, 0) and frees the internal buffer. Chosen: the handle is
// released and MMIOM_CLOSE is sent even when the flush fails (the result is then MMIOERR_CANNOTWRITE;
// otherwise the procedure's MMIOM_CLOSE answer); closing a handle from inside its own I/O procedure is
// refused with MMIOERR_CANNOTCLOSE.
extern "C" MMRESULT WINAPI mmioClose(HMMIO hmmio, UINT fuClose) {
    MMRESULT r = mmioClose_impl(hmmio, fuClose);
    MMIO_TRACE("mmioClose(%p, 0x%x) = %u", (void*)hmmio, fuClose, r);
    return r;
}

static MMRESULT mmioRenameA_impl(LPCSTR pszFileName, LPCSTR pszNewFileName, LPCMMIOINFO pmmioinfo, DWORD fdwRename) {
    (void)fdwRename;
    return rename_impl(pszFileName, pszNewFileName, false, pmmioinfo);
}
// mmioRenameA: sends MMIOM_RENAME(old, new) to the procedure chosen like mmioOpen's (pmmioinfo's
// pIOProc / fccIOProc, else the compound-name extension of the old name, else DOS, which uses MoveFileW)
// and returns its answer. Chosen: NULL names -> MMSYSERR_INVALPARAM; fdwRename is ignored; names are
// converted to the procedure's character set like mmioOpen's.
extern "C" MMRESULT WINAPI mmioRenameA(LPCSTR pszFileName, LPCSTR pszNewFileName, LPCMMIOINFO pmmioinfo, DWORD fdwRename) {
    MMRESULT r = mmioRenameA_impl(pszFileName, pszNewFileName, pmmioinfo, fdwRename);
    MMIO_TRACE("mmioRenameA(%s, %s, %p, 0x%lx) = %u", pszFileName ? pszFileName : "(null)", pszNewFileName ? pszNewFileName : "(null)", (const void*)pmmioinfo, (unsigned long)fdwRename, r);
    return r;
}

static MMRESULT mmioRenameW_impl(LPCWSTR pszFileName, LPCWSTR pszNewFileName, LPCMMIOINFO pmmioinfo, DWORD fdwRename) {
    (void)fdwRename;
    return rename_impl(pszFileName, pszNewFileName, true, pmmioinfo);
}
// mmioRenameW: as mmioRenameA with WCHAR names.
extern "C" MMRESULT WINAPI mmioRenameW(LPCWSTR pszFileName, LPCWSTR pszNewFileName, LPCMMIOINFO pmmioinfo, DWORD fdwRename) {
    MMRESULT r = mmioRenameW_impl(pszFileName, pszNewFileName, pmmioinfo, fdwRename);
    MMIO_TRACE("mmioRenameW(%p, %p, %p, 0x%lx) = %u", (const void*)pszFileName, (const void*)pszNewFileName, (const void*)pmmioinfo, (unsigned long)fdwRename, r);
    return r;
}
