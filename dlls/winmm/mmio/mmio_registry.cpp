// winmm-ng mmio: the installed I/O procedure registry and mmioInstallIOProcA/W.
//
// Rules (MMIOPROC / mmioInstallIOProc pages): the most recent install wins; local procedures are searched
// before global ones (MMIO_GLOBALPROC); each install needs its own remove, the most recent first; the
// built-in DOS and MEM procedures can be shadowed but never removed. "Local" means this process: every
// process loads its own copy of winmm.dll, so there is no cross-process list. A procedure that open files
// use cannot have its last registration removed (the remove returns NULL).
// The registry is not on the read/write path, so a plain mutex protects it.
#include <algorithm>
#include <mutex>
#include <vector>

#include "mmio_internal.h"

namespace wng_mmio {

namespace {

struct Entry {
    FOURCC fcc;
    LPMMIOPROC proc;
    bool global;
    bool unicode;
};

struct Use {
    LPMMIOPROC proc;
    long count;
};

struct Registry {
    std::mutex mtx;
    std::vector<Entry> entries;  // oldest first
    std::vector<Use> uses;
};

Registry& reg() {
    static Registry r;
    return r;
}

bool builtin(FOURCC fcc, ProcChoice& out) {
    if (fcc == FOURCC_DOS) {
        out = ProcChoice{dos_ioproc, FOURCC_DOS, true};
        return true;
    }
    if (fcc == FOURCC_MEM) {
        out = ProcChoice{mem_ioproc, FOURCC_MEM, true};
        return true;
    }
    return false;
}

// Index of the entry a lookup/remove of `fcc` (and `proc`, when not null) selects, or -1.
long select_locked(Registry& r, FOURCC fcc, LPMMIOPROC proc) {
    for (int pass = 0; pass < 2; ++pass) {
        bool want_global = pass == 1;
        for (size_t i = r.entries.size(); i-- > 0;) {
            const Entry& e = r.entries[i];
            if (e.global == want_global && e.fcc == fcc && (!proc || e.proc == proc)) return static_cast<long>(i);
        }
    }
    return -1;
}

bool find_locked(Registry& r, FOURCC fcc, ProcChoice& out) {
    long i = select_locked(r, fcc, nullptr);
    if (i >= 0) {
        const Entry& e = r.entries[static_cast<size_t>(i)];
        out = ProcChoice{e.proc, e.fcc, e.unicode};
        return true;
    }
    return builtin(fcc, out);
}

void add_use_locked(Registry& r, LPMMIOPROC proc) {
    if (proc == dos_ioproc || proc == mem_ioproc) return;
    for (Use& u : r.uses)
        if (u.proc == proc) {
            ++u.count;
            return;
        }
    r.uses.push_back(Use{proc, 1});
}

}  // namespace

bool registry_find(FOURCC fcc, ProcChoice& out) {
    Registry& r = reg();
    std::lock_guard<std::mutex> g(r.mtx);
    return find_locked(r, fcc, out);
}

bool registry_find_and_use(FOURCC fcc, ProcChoice& out) {
    Registry& r = reg();
    std::lock_guard<std::mutex> g(r.mtx);
    if (!find_locked(r, fcc, out)) return false;
    add_use_locked(r, out.proc);
    return true;
}

bool registry_passed_unicode(LPMMIOPROC proc, bool add_use) {
    Registry& r = reg();
    std::lock_guard<std::mutex> g(r.mtx);
    if (add_use) add_use_locked(r, proc);
    if (proc == dos_ioproc || proc == mem_ioproc) return true;
    for (size_t i = r.entries.size(); i-- > 0;)
        if (r.entries[i].proc == proc) return r.entries[i].unicode;
    return false;
}

void registry_release_use(LPMMIOPROC proc) {
    Registry& r = reg();
    std::lock_guard<std::mutex> g(r.mtx);
    for (size_t i = 0; i < r.uses.size(); ++i) {
        if (r.uses[i].proc == proc) {
            if (--r.uses[i].count <= 0) r.uses.erase(r.uses.begin() + static_cast<long>(i));
            return;
        }
    }
}

LPMMIOPROC registry_install(FOURCC fcc, LPMMIOPROC proc, DWORD flags, bool unicode) {
    if (!proc) return nullptr;
    Registry& r = reg();
    std::lock_guard<std::mutex> g(r.mtx);
    try {
        r.entries.push_back(Entry{fcc, proc, (flags & MMIO_GLOBALPROC) != 0, unicode});
    } catch (...) {
        return nullptr;
    }
    return proc;
}

LPMMIOPROC registry_remove(FOURCC fcc, LPMMIOPROC proc) {
    Registry& r = reg();
    std::lock_guard<std::mutex> g(r.mtx);
    long i = select_locked(r, fcc, proc);
    if (i < 0) return nullptr;
    LPMMIOPROC p = r.entries[static_cast<size_t>(i)].proc;
    size_t registrations = static_cast<size_t>(
        std::count_if(r.entries.begin(), r.entries.end(), [p](const Entry& e) { return e.proc == p; }));
    if (registrations == 1) {
        for (const Use& u : r.uses)
            if (u.proc == p && u.count > 0) return nullptr;  // open files still use it
    }
    r.entries.erase(r.entries.begin() + i);
    return p;
}

void registry_reset_for_tests() {
    Registry& r = reg();
    std::lock_guard<std::mutex> g(r.mtx);
    r.entries.clear();
    r.uses.clear();
}

}  // namespace wng_mmio

using namespace wng_mmio;

namespace {
LPMMIOPROC install_common(FOURCC fccIOProc, LPMMIOPROC pIOProc, DWORD dwFlags, bool unicode) {
    if (dwFlags & MMIO_INSTALLPROC) return registry_install(fccIOProc, pIOProc, dwFlags, unicode);
    if (dwFlags & MMIO_REMOVEPROC) return registry_remove(fccIOProc, pIOProc);
    if (dwFlags & MMIO_FINDPROC) {
        ProcChoice c;
        return registry_find(fccIOProc, c) ? c.proc : nullptr;
    }
    return nullptr;
}
}  // namespace

static LPMMIOPROC mmioInstallIOProcA_impl(FOURCC fccIOProc, LPMMIOPROC pIOProc, DWORD dwFlags) {
    return install_common(fccIOProc, pIOProc, dwFlags, (dwFlags & MMIO_UNICODEPROC) != 0);
}
// mmioInstallIOProcA: installs (MMIO_INSTALLPROC [+MMIO_GLOBALPROC]), removes (MMIO_REMOVEPROC) or finds
// (MMIO_FINDPROC) an I/O procedure. Left open by the docs and chosen here: the operation flags are tested
// in the order INSTALL, REMOVE, FIND; no operation flag -> NULL; install with a NULL procedure -> NULL;
// remove with a non-NULL procedure removes that procedure's newest registration under fccIOProc; a
// procedure installed through the A entry point is an ANSI procedure unless MMIO_UNICODEPROC is given.
extern "C" LPMMIOPROC WINAPI mmioInstallIOProcA(FOURCC fccIOProc, LPMMIOPROC pIOProc, DWORD dwFlags) {
    LPMMIOPROC r = mmioInstallIOProcA_impl(fccIOProc, pIOProc, dwFlags);
    MMIO_TRACE("mmioInstallIOProcA(0x%08lx, %p, 0x%lx) = %p", (unsigned long)fccIOProc, (void*)pIOProc, (unsigned long)dwFlags, (void*)r);
    return r;
}

static LPMMIOPROC mmioInstallIOProcW_impl(FOURCC fccIOProc, LPMMIOPROC pIOProc, DWORD dwFlags) {
    return install_common(fccIOProc, pIOProc, dwFlags, true);
}
// mmioInstallIOProcW: as mmioInstallIOProcA; a procedure installed through the W entry point is always a
// Unicode procedure (it receives WCHAR names in MMIOM_OPEN / MMIOM_RENAME).
extern "C" LPMMIOPROC WINAPI mmioInstallIOProcW(FOURCC fccIOProc, LPMMIOPROC pIOProc, DWORD dwFlags) {
    LPMMIOPROC r = mmioInstallIOProcW_impl(fccIOProc, pIOProc, dwFlags);
    MMIO_TRACE("mmioInstallIOProcW(0x%08lx, %p, 0x%lx) = %p", (unsigned long)fccIOProc, (void*)pIOProc, (unsigned long)dwFlags, (void*)r);
    return r;
}
