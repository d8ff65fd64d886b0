// Small helpers shared by the mmio conformance tests of part A (open, memory,
// buffered, directio, flush, fourcc, rename, badinput).
//
// Everything here uses plain Win32 only, never mmio internals, so the checks
// built on it stay honest against any winmm.dll (ours, Wine's builtin,
// Windows'). On-disk bytes are read and written through CreateFileW, which is
// independent of the mmio implementation under test.
#pragma once

#include <windows.h>
#include <mmsystem.h>

#include <algorithm>
#include <cstdint>
#include <cstring>
#include <string>
#include <vector>

namespace confa {

using Bytes = std::vector<std::uint8_t>;

// ---------------------------------------------------------------- strings

inline std::wstring toWide(const std::string& s, UINT cp = CP_ACP) {
    if (s.empty()) return std::wstring();
    int n = MultiByteToWideChar(cp, 0, s.data(), (int)s.size(), nullptr, 0);
    std::wstring w((size_t)n, L'\0');
    MultiByteToWideChar(cp, 0, s.data(), (int)s.size(), &w[0], n);
    return w;
}

// Converts to the ANSI code page. *lossy is set when a character had no
// exact representation (so the ANSI name would not name the same file).
inline std::string toAnsi(const std::wstring& w, bool* lossy = nullptr) {
    if (lossy) *lossy = false;
    if (w.empty()) return std::string();
    BOOL usedDefault = FALSE;
    int n = WideCharToMultiByte(CP_ACP, WC_NO_BEST_FIT_CHARS, w.data(), (int)w.size(), nullptr, 0,
                                nullptr, &usedDefault);
    std::string s((size_t)n, '\0');
    WideCharToMultiByte(CP_ACP, WC_NO_BEST_FIT_CHARS, w.data(), (int)w.size(), &s[0], n, nullptr,
                        &usedDefault);
    if (lossy) *lossy = usedDefault != FALSE;
    return s;
}

// For messages: UTF-8 form of a wide string.
inline std::string toUtf8(const std::wstring& w) {
    if (w.empty()) return std::string();
    int n = WideCharToMultiByte(CP_UTF8, 0, w.data(), (int)w.size(), nullptr, 0, nullptr, nullptr);
    std::string s((size_t)n, '\0');
    WideCharToMultiByte(CP_UTF8, 0, w.data(), (int)w.size(), &s[0], n, nullptr, nullptr);
    return s;
}

// ------------------------------------------------------------------ bytes

// A deterministic byte pattern; different seeds give different streams, and
// any 16 consecutive bytes are (practically) unique within a stream, so a
// window of them can be located in a buffer.
inline Bytes pattern(size_t n, std::uint32_t seed = 1) {
    Bytes b(n);
    std::uint32_t x = seed * 2654435761u + 0x9E3779B9u;
    for (size_t i = 0; i < n; ++i) {
        x ^= x << 13;
        x ^= x >> 17;
        x ^= x << 5;
        b[i] = (std::uint8_t)(x >> 11);
    }
    return b;
}

// Small xorshift PRNG for randomized (but reproducible) operation sequences.
struct Rng {
    std::uint32_t s;
    explicit Rng(std::uint32_t seed) : s(seed ? seed : 0x1234567u) {}
    std::uint32_t next() {
        s ^= s << 13;
        s ^= s >> 17;
        s ^= s << 5;
        return s;
    }
    // uniform in [0, n)
    std::uint32_t below(std::uint32_t n) { return n ? next() % n : 0; }
};

inline bool contains(const char* hay, size_t hayLen, const std::uint8_t* needle, size_t n) {
    if (!hay || n == 0 || hayLen < n) return false;
    for (size_t i = 0; i + n <= hayLen; ++i)
        if (std::memcmp(hay + i, needle, n) == 0) return true;
    return false;
}

// ------------------------------------------------------------ file access
// Independent of mmio: CreateFileW with full sharing, so these work while an
// mmio handle opened in compatibility mode (or DENYNONE) is still open.

inline bool readFile(const std::wstring& path, Bytes& out) {
    out.clear();
    HANDLE h = CreateFileW(path.c_str(), GENERIC_READ,
                           FILE_SHARE_READ | FILE_SHARE_WRITE | FILE_SHARE_DELETE, nullptr,
                           OPEN_EXISTING, FILE_ATTRIBUTE_NORMAL, nullptr);
    if (h == INVALID_HANDLE_VALUE) return false;
    bool ok = true;
    char buf[65536];
    for (;;) {
        DWORD got = 0;
        if (!ReadFile(h, buf, sizeof buf, &got, nullptr)) {
            ok = false;
            break;
        }
        if (got == 0) break;
        out.insert(out.end(), buf, buf + got);
    }
    CloseHandle(h);
    return ok;
}

inline Bytes readFile(const std::wstring& path) {
    Bytes b;
    readFile(path, b);
    return b;
}

// Writes at an offset without truncating (used to change a file "behind
// mmio's back").
inline bool writeFileAt(const std::wstring& path, LONG offset, const Bytes& data) {
    HANDLE h = CreateFileW(path.c_str(), GENERIC_WRITE,
                           FILE_SHARE_READ | FILE_SHARE_WRITE | FILE_SHARE_DELETE, nullptr,
                           OPEN_EXISTING, FILE_ATTRIBUTE_NORMAL, nullptr);
    if (h == INVALID_HANDLE_VALUE) return false;
    bool ok = SetFilePointer(h, offset, nullptr, FILE_BEGIN) != INVALID_SET_FILE_POINTER;
    DWORD put = 0;
    if (ok && !data.empty())
        ok = WriteFile(h, data.data(), (DWORD)data.size(), &put, nullptr) && put == data.size();
    CloseHandle(h);
    return ok;
}

inline bool writeFile(const std::wstring& path, const Bytes& data) {
    HANDLE h = CreateFileW(path.c_str(), GENERIC_WRITE,
                           FILE_SHARE_READ | FILE_SHARE_WRITE | FILE_SHARE_DELETE, nullptr,
                           CREATE_ALWAYS, FILE_ATTRIBUTE_NORMAL, nullptr);
    if (h == INVALID_HANDLE_VALUE) return false;
    DWORD put = 0;
    bool ok = true;
    if (!data.empty())
        ok = WriteFile(h, data.data(), (DWORD)data.size(), &put, nullptr) && put == data.size();
    CloseHandle(h);
    return ok;
}

inline bool fileExists(const std::wstring& path) {
    DWORD a = GetFileAttributesW(path.c_str());
    return a != INVALID_FILE_ATTRIBUTES && !(a & FILE_ATTRIBUTE_DIRECTORY);
}

// -1 if the file cannot be queried.
inline long long fileSize(const std::wstring& path) {
    WIN32_FILE_ATTRIBUTE_DATA d;
    if (!GetFileAttributesExW(path.c_str(), GetFileExInfoStandard, &d)) return -1;
    return ((long long)d.nFileSizeHigh << 32) | d.nFileSizeLow;
}

// ------------------------------------------------------ temporary folder

// A fresh, uniquely named folder under GetTempPath; removed (with whatever is
// left in it, one level of subfolders deep) when the object goes away.
class TempDir {
public:
    // kParentVar names a folder to create the temporary folders in instead of GetTempPath (set by
    // a parent test process for its children, so that it can clean up after a child that crashed).
    static constexpr const wchar_t* kParentVar = L"WINMM_NG_CONFA_TMP";

    TempDir() {
        wchar_t base[MAX_PATH + 1] = {};
        DWORD n = GetEnvironmentVariableW(kParentVar, base, MAX_PATH - 1);
        if (n > 0 && n < MAX_PATH - 1) {
            if (base[n - 1] != L'\\') lstrcatW(base, L"\\");
        } else {
            n = GetTempPathW(MAX_PATH, base);
            if (n == 0 || n > MAX_PATH) lstrcpyW(base, L".\\");
        }
        static LONG counter = 0;
        for (int attempt = 0; attempt < 1000 && dir_.empty(); ++attempt) {
            wchar_t name[96];
            wsprintfW(name, L"wmng-confa-%lu-%ld-%lu", GetCurrentProcessId(),
                      InterlockedIncrement(&counter), GetTickCount() + (DWORD)attempt);
            std::wstring candidate = std::wstring(base) + name;
            if (CreateDirectoryW(candidate.c_str(), nullptr)) dir_ = candidate;
        }
    }
    ~TempDir() { removeTree(dir_, 0); }
    TempDir(const TempDir&) = delete;
    TempDir& operator=(const TempDir&) = delete;

    bool ok() const { return !dir_.empty(); }
    // Folder path without a trailing backslash.
    const std::wstring& path() const { return dir_; }
    std::wstring w(const std::wstring& name) const { return dir_ + L"\\" + name; }
    // ANSI form of a path in this folder (the temp folder is ASCII in the
    // environments we run in; lossy conversions are reported by ansiOk()).
    std::string a(const std::string& name) const { return toAnsi(dir_) + "\\" + name; }
    bool ansiOk() const {
        bool lossy = false;
        toAnsi(dir_, &lossy);
        return !lossy;
    }

private:
    static void removeTree(const std::wstring& d, int depth) {
        if (d.empty()) return;
        // A handle that was just closed (or a child process that just ended) can keep a file
        // busy for a moment: retry briefly.
        for (int attempt = 0; attempt < 4; ++attempt) {
            deleteContents(d, depth);
            if (RemoveDirectoryW(d.c_str())) return;
            if (GetFileAttributesW(d.c_str()) == INVALID_FILE_ATTRIBUTES) return;
            Sleep(50);
        }
    }
    static void deleteContents(const std::wstring& d, int depth) {
        WIN32_FIND_DATAW fd;
        HANDLE f = FindFirstFileW((d + L"\\*").c_str(), &fd);
        if (f == INVALID_HANDLE_VALUE) return;
        do {
            std::wstring n = fd.cFileName;
            if (n == L"." || n == L"..") continue;
            std::wstring p = d + L"\\" + n;
            if (fd.dwFileAttributes & FILE_ATTRIBUTE_DIRECTORY) {
                if (depth < 4) removeTree(p, depth + 1);
            } else {
                SetFileAttributesW(p.c_str(), FILE_ATTRIBUTE_NORMAL);
                DeleteFileW(p.c_str());
            }
        } while (FindNextFileW(f, &fd));
        FindClose(f);
    }
    std::wstring dir_;
};

// Sets the current directory for the lifetime of the object.
class CurrentDir {
public:
    explicit CurrentDir(const std::wstring& d) {
        wchar_t old[MAX_PATH + 1] = {};
        if (GetCurrentDirectoryW(MAX_PATH, old)) old_ = old;
        ok_ = SetCurrentDirectoryW(d.c_str()) != FALSE;
    }
    ~CurrentDir() {
        if (!old_.empty()) SetCurrentDirectoryW(old_.c_str());
    }
    bool ok() const { return ok_; }

private:
    std::wstring old_;
    bool ok_ = false;
};

// ------------------------------------------------------------ mmio helpers

// Owns an HMMIO; closes it (flags 0) unless released or already closed.
class Hmmio {
public:
    Hmmio() = default;
    explicit Hmmio(HMMIO h) : h_(h) {}
    ~Hmmio() {
        if (h_) mmioClose(h_, 0);
    }
    Hmmio(const Hmmio&) = delete;
    Hmmio& operator=(const Hmmio&) = delete;
    Hmmio& operator=(HMMIO h) {
        if (h_ && h_ != h) mmioClose(h_, 0);
        h_ = h;
        return *this;
    }
    HMMIO get() const { return h_; }
    operator HMMIO() const { return h_; }
    explicit operator bool() const { return h_ != nullptr; }
    // Closes now and returns mmioClose's result (0 if there was no handle).
    MMRESULT close(UINT flags = 0) {
        MMRESULT r = 0;
        if (h_) r = mmioClose(h_, flags);
        h_ = nullptr;
        return r;
    }
    HMMIO release() {
        HMMIO h = h_;
        h_ = nullptr;
        return h;
    }

private:
    HMMIO h_ = nullptr;
};

// mmioOpenA/W take a writable name (PARSE/GETTEMP write back into it); these
// wrappers copy the name into a buffer of 260+128 characters.
inline HMMIO openA(const std::string& name, MMIOINFO* info, DWORD flags) {
    char buf[MAX_PATH + 128] = {};
    lstrcpynA(buf, name.c_str(), (int)sizeof buf);
    return mmioOpenA(buf, info, flags);
}
inline HMMIO openW(const std::wstring& name, MMIOINFO* info, DWORD flags) {
    wchar_t buf[MAX_PATH + 128] = {};
    lstrcpynW(buf, name.c_str(), (int)(sizeof buf / sizeof buf[0]));
    return mmioOpenW(buf, info, flags);
}

// MMIO_EXIST, MMIO_PARSE, MMIO_DELETE and MMIO_GETTEMP return a status cast to
// HMMIO, never a handle to close. Should an implementation return a real
// handle anyway, close it so the test does not leak an open file.
inline HMMIO statusResult(HMMIO r) {
    UINT_PTR v = (UINT_PTR)r;
    if (v > 1 && v != MMIOERR_FILENOTFOUND) mmioClose(r, 0);
    return r;
}
inline HMMIO statusA(const std::string& name, DWORD flags) {
    return statusResult(openA(name, nullptr, flags));
}
inline HMMIO statusW(const std::wstring& name, DWORD flags) {
    return statusResult(openW(name, nullptr, flags));
}
inline const HMMIO kTrue = (HMMIO)(UINT_PTR)TRUE;
inline const HMMIO kFalse = (HMMIO)(UINT_PTR)FALSE;

inline MMIOINFO zeroInfo() {
    MMIOINFO i;
    std::memset(&i, 0, sizeof i);
    return i;
}

// The current position as mmio reports it.
inline LONG tell(HMMIO h) { return mmioSeek(h, 0, SEEK_CUR); }

// ------------------------------------------------------- byte-model driver

// Runs `ops` random reads, writes and seeks on an open mmio file and mirrors
// them on `model` (the expected file content) and `pos` (the expected
// position). Seeks (SEEK_SET, SEEK_CUR, SEEK_END with offset 0) stay within
// [0, size]; writes extend the file. Every return
// value and every byte read is compared with the model. Returns an empty
// string when everything matched, else a description of the first mismatch.
//   mmioRead.md: "Returns the number of bytes actually read. If the end of the
//   file has been reached and no more bytes can be read, the return value is 0."
//   mmioWrite.md: "Returns the number of bytes actually written." "The current
//   file position is incremented by the number of bytes written."
//   mmioSeek.md: "Returns the new file position, in bytes, relative to the
//   beginning of the file."
inline std::string exerciseAgainstModel(HMMIO h, Bytes& model, long& pos, Rng& rng, int ops,
                                        std::uint32_t maxLen, bool allowWrites = true) {
    char msg[256];
    for (int i = 0; i < ops; ++i) {
        const long size = (long)model.size();
        std::uint32_t kind = rng.below(allowWrites ? 10 : 6);
        if (kind < 3) {  // read
            std::uint32_t len = rng.below(maxLen + 1);
            Bytes got(len + 1, 0xCD);
            LONG r = mmioRead(h, reinterpret_cast<HPSTR>(got.data()), (LONG)len);
            long expect = std::min<long>((long)len, size - pos);
            if (r != expect) {
                wsprintfA(msg, "op %d: mmioRead(%lu) at %ld of %ld returned %ld, expected %ld", i,
                          (unsigned long)len, pos, size, (long)r, expect);
                return msg;
            }
            if (std::memcmp(got.data(), model.data() + pos, (size_t)expect) != 0) {
                wsprintfA(msg, "op %d: mmioRead(%lu) at %ld returned wrong bytes", i,
                          (unsigned long)len, pos);
                return msg;
            }
            if (got[(size_t)len] != 0xCD) {
                wsprintfA(msg, "op %d: mmioRead(%lu) wrote past the caller's count", i,
                          (unsigned long)len);
                return msg;
            }
            pos += expect;
        } else if (kind < 6) {  // seek
            std::uint32_t how = rng.below(4);
            LONG r, expect;
            if (how == 0) {
                LONG to = (LONG)rng.below((std::uint32_t)size + 1);
                r = mmioSeek(h, to, SEEK_SET);
                expect = to;
            } else if (how == 1) {
                LONG delta = (LONG)rng.below((std::uint32_t)size + 1) - pos;
                r = mmioSeek(h, delta, SEEK_CUR);
                expect = pos + delta;
            } else if (how == 2) {
                // Only offset 0 here: nonzero SEEK_END offsets have their own checks, and a
                // wrong sign there would hide every buffer problem behind it.
                r = mmioSeek(h, 0, SEEK_END);
                expect = size;
            } else {
                r = mmioSeek(h, 0, SEEK_CUR);
                expect = pos;
            }
            if (r != expect) {
                wsprintfA(msg, "op %d: mmioSeek (origin kind %lu) at %ld of %ld returned %ld, expected %ld",
                          i, (unsigned long)how, pos, size, (long)r, (long)expect);
                return msg;
            }
            pos = expect;
        } else {  // write
            std::uint32_t len = rng.below(maxLen + 1);
            Bytes data = pattern(len, rng.next());
            LONG r = mmioWrite(h, reinterpret_cast<const char*>(data.data()), (LONG)len);
            if (r != (LONG)len) {
                wsprintfA(msg, "op %d: mmioWrite(%lu) at %ld of %ld returned %ld", i,
                          (unsigned long)len, pos, size, (long)r);
                return msg;
            }
            if ((size_t)pos + len > model.size()) model.resize((size_t)pos + len);
            if (len) std::memcpy(model.data() + pos, data.data(), len);
            pos += (long)len;
        }
    }
    LONG end = mmioSeek(h, 0, SEEK_END);
    if (end != (LONG)model.size()) {
        wsprintfA(msg, "final mmioSeek(0, SEEK_END) returned %ld, expected %ld", (long)end,
                  (long)model.size());
        return msg;
    }
    pos = end;
    return std::string();
}

}  // namespace confa

#if defined(CATCH_VERSION_MAJOR)
// Short descriptions of byte vectors in Catch's failure messages: the size,
// the first 16 bytes and a hash, instead of every byte.
namespace Catch {
template <>
struct StringMaker<std::vector<std::uint8_t>> {
    static std::string convert(const std::vector<std::uint8_t>& v) {
        char buf[160];
        std::uint32_t hash = 2166136261u;
        for (std::uint8_t c : v) hash = (hash ^ c) * 16777619u;
        int n = wsprintfA(buf, "{%lu bytes, fnv %08lx:", (unsigned long)v.size(), (unsigned long)hash);
        for (size_t i = 0; i < v.size() && i < 16; ++i) n += wsprintfA(buf + n, " %02x", v[i]);
        lstrcpyA(buf + n, v.size() > 16 ? " ...}" : "}");
        return buf;
    }
};
}  // namespace Catch
#endif
