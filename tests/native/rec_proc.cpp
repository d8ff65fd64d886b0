#include "rec_proc.h"

#include <algorithm>
#include <cstring>

#include "mmio_internal.h"

Recorder* g_rec = nullptr;

namespace {

std::string narrow(const std::u16string& w) {
    std::string s;
    for (char16_t c : w) s.push_back(c < 0x80 ? static_cast<char>(c) : '?');
    return s;
}

LRESULT rec_common(LPSTR lpmmioinfo, UINT msg, LPARAM p1, LPARAM p2, bool wide) {
    Recorder& r = *g_rec;
    MMIOINFO* mi = reinterpret_cast<MMIOINFO*>(lpmmioinfo);
    auto name_of = [&](LPARAM p) -> std::string {
        if (!p) return "(null)";
        if (wide) return narrow(std::u16string(reinterpret_cast<const char16_t*>(p)));
        return std::string(reinterpret_cast<const char*>(p));
    };
    switch (msg) {
    case MMIOM_OPEN: {
        r.last_open_flags = mi->dwFlags;
        r.last_name_null = p1 == 0;
        r.last_name_was_wide = wide;
        if (p1) {
            if (wide) r.last_name_w = reinterpret_cast<const char16_t*>(p1);
            else r.last_name_a = reinterpret_cast<const char*>(p1);
        }
        r.log.push_back("OPEN " + name_of(p1));
        if (r.open_result) return r.open_result;
        if ((mi->dwFlags & (MMIO_PARSE | MMIO_GETTEMP)) && p1 && !r.special_answer.empty()) {
            if (wide) {
                char16_t* d = reinterpret_cast<char16_t*>(p1);
                for (size_t i = 0; i <= r.special_answer.size(); ++i) d[i] = static_cast<unsigned char>(r.special_answer.c_str()[i]);
            } else {
                std::strcpy(reinterpret_cast<char*>(p1), r.special_answer.c_str());
            }
        }
        if (mi->dwFlags & MMIO_CREATE) r.disk.clear();
        mi->lDiskOffset = 0;
        return 0;
    }
    case MMIOM_CLOSE:
        r.log.push_back("CLOSE " + std::to_string(static_cast<long>(p1)));
        return r.close_result;
    case MMIOM_READ: {
        r.log.push_back("READ " + std::to_string(static_cast<long>(p2)) + "@" + std::to_string(mi->lDiskOffset));
        if (r.fail_reads > 0) {
            --r.fail_reads;
            return -1;
        }
        long off = mi->lDiskOffset;
        long avail = std::max<long>(0, static_cast<long>(r.disk.size()) - off);
        long n = std::min<long>(avail, static_cast<long>(p2));
        if (n > 0) std::memcpy(reinterpret_cast<char*>(p1), r.disk.data() + off, static_cast<size_t>(n));
        mi->lDiskOffset += n;
        return n;
    }
    case MMIOM_WRITE:
    case MMIOM_WRITEFLUSH: {
        r.log.push_back(std::string(msg == MMIOM_WRITE ? "WRITE " : "WRITEFLUSH ") + std::to_string(static_cast<long>(p2)) + "@" +
                        std::to_string(mi->lDiskOffset));
        if (msg == MMIOM_WRITEFLUSH && r.writeflush_unknown) return 0;
        if (r.fail_writes > 0) {
            --r.fail_writes;
            return -1;
        }
        long n = static_cast<long>(p2);
        if (r.short_write >= 0) {
            n = std::min(n, r.short_write);
            r.short_write = -1;
        }
        long off = mi->lDiskOffset;
        if (static_cast<long>(r.disk.size()) < off + n) r.disk.resize(static_cast<size_t>(off + n), 0);
        if (n > 0) std::memcpy(r.disk.data() + off, reinterpret_cast<const char*>(p1), static_cast<size_t>(n));
        mi->lDiskOffset += n;
        return n;
    }
    case MMIOM_SEEK: {
        r.log.push_back("SEEK " + std::to_string(static_cast<long>(p1)) + "," + std::to_string(static_cast<long>(p2)));
        if (r.fail_seeks > 0) {
            --r.fail_seeks;
            return -1;
        }
        long base = p2 == SEEK_SET ? 0 : p2 == SEEK_CUR ? mi->lDiskOffset : static_cast<long>(r.disk.size());
        long t = base + static_cast<long>(p1);
        if (t < 0) return -1;
        mi->lDiskOffset = t;
        return t;
    }
    case MMIOM_RENAME:
        r.log.push_back("RENAME " + name_of(p1) + ">" + name_of(p2));
        r.last_name_was_wide = wide;
        return 0;
    default:
        r.log.push_back("USER " + std::to_string(msg));
        return r.user_result;
    }
}

}  // namespace

LRESULT CALLBACK rec_proc_a(LPSTR i, UINT m, LPARAM a, LPARAM b) { return rec_common(i, m, a, b, false); }
LRESULT CALLBACK rec_proc_w(LPSTR i, UINT m, LPARAM a, LPARAM b) { return rec_common(i, m, a, b, true); }

RecScope::RecScope() { g_rec = &rec; }
RecScope::~RecScope() {
    g_rec = nullptr;
    wng_mmio::registry_reset_for_tests();
}

HMMIO open_rec(DWORD flags, LONG bufsize, char* userbuf, const char* name) {
    MMIOINFO mi;
    std::memset(&mi, 0, sizeof mi);
    mi.pIOProc = rec_proc_a;
    mi.cchBuffer = bufsize;
    mi.pchBuffer = userbuf;
    return mmioOpenA(const_cast<char*>(name), &mi, flags);
}

std::vector<std::string> seq(std::initializer_list<const char*> l) {
    std::vector<std::string> v;
    for (const char* s : l) v.emplace_back(s);
    return v;
}
