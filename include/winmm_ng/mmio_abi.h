// winmm-ng: the mmio ABI.
//
// On _WIN32 this is <windows.h> + <mmsystem.h> (MinGW-w64), checked by the layout asserts below.
// Elsewhere (the native Linux build of the mmio core and its unit tests) it defines the Windows types,
// structures, constants and prototypes the mmio code needs, with the same layout as the Windows headers
// (<mmsystem.h> declares everything under #pragma pack(1)).
#ifndef WINMM_NG_MMIO_ABI_H
#define WINMM_NG_MMIO_ABI_H

#include <cstddef>
#include <cstdint>

#ifdef _WIN32

#include <windows.h>
#include <mmsystem.h>

#else  // native build

#define WINAPI
#define CALLBACK

typedef uint8_t BYTE;
typedef uint16_t WORD;
typedef uint32_t DWORD;
typedef int32_t LONG;
typedef uint32_t UINT;
typedef int BOOL;
typedef char CHAR;
typedef char16_t WCHAR;
typedef CHAR* LPSTR;
typedef const CHAR* LPCSTR;
typedef WCHAR* LPWSTR;
typedef const WCHAR* LPCWSTR;
typedef intptr_t LPARAM;
typedef uintptr_t WPARAM;
typedef intptr_t LRESULT;
typedef intptr_t LONG_PTR;
typedef uintptr_t UINT_PTR;
typedef uintptr_t DWORD_PTR;
typedef void* HANDLE;
struct HWND__ { int unused; };
typedef HWND__* HWND;
struct HTASK__ { int unused; };
typedef HTASK__* HTASK;
struct HMMIO__ { int unused; };
typedef HMMIO__* HMMIO;
typedef UINT MMRESULT;
typedef DWORD FOURCC;
typedef char* HPSTR;

#ifndef TRUE
#define TRUE 1
#define FALSE 0
#endif
#ifndef MAX_PATH
#define MAX_PATH 260
#endif

#define MAKEFOURCC(ch0, ch1, ch2, ch3)                                                           \
    ((DWORD)(BYTE)(ch0) | ((DWORD)(BYTE)(ch1) << 8) | ((DWORD)(BYTE)(ch2) << 16) |             \
     ((DWORD)(BYTE)(ch3) << 24))
#define mmioFOURCC(ch0, ch1, ch2, ch3) MAKEFOURCC(ch0, ch1, ch2, ch3)

#define MMSYSERR_BASE 0
#define MMSYSERR_NOERROR 0
#define MMSYSERR_ERROR (MMSYSERR_BASE + 1)
#define MMSYSERR_BADDEVICEID (MMSYSERR_BASE + 2)
#define MMSYSERR_NOTENABLED (MMSYSERR_BASE + 3)
#define MMSYSERR_ALLOCATED (MMSYSERR_BASE + 4)
#define MMSYSERR_INVALHANDLE (MMSYSERR_BASE + 5)
#define MMSYSERR_NODRIVER (MMSYSERR_BASE + 6)
#define MMSYSERR_NOMEM (MMSYSERR_BASE + 7)
#define MMSYSERR_NOTSUPPORTED (MMSYSERR_BASE + 8)
#define MMSYSERR_BADERRNUM (MMSYSERR_BASE + 9)
#define MMSYSERR_INVALFLAG (MMSYSERR_BASE + 10)
#define MMSYSERR_INVALPARAM (MMSYSERR_BASE + 11)

#define MMIOERR_BASE 256
#define MMIOERR_FILENOTFOUND (MMIOERR_BASE + 1)
#define MMIOERR_OUTOFMEMORY (MMIOERR_BASE + 2)
#define MMIOERR_CANNOTOPEN (MMIOERR_BASE + 3)
#define MMIOERR_CANNOTCLOSE (MMIOERR_BASE + 4)
#define MMIOERR_CANNOTREAD (MMIOERR_BASE + 5)
#define MMIOERR_CANNOTWRITE (MMIOERR_BASE + 6)
#define MMIOERR_CANNOTSEEK (MMIOERR_BASE + 7)
#define MMIOERR_CANNOTEXPAND (MMIOERR_BASE + 8)
#define MMIOERR_CHUNKNOTFOUND (MMIOERR_BASE + 9)
#define MMIOERR_UNBUFFERED (MMIOERR_BASE + 10)
#define MMIOERR_PATHNOTFOUND (MMIOERR_BASE + 11)
#define MMIOERR_ACCESSDENIED (MMIOERR_BASE + 12)
#define MMIOERR_SHARINGVIOLATION (MMIOERR_BASE + 13)
#define MMIOERR_NETWORKERROR (MMIOERR_BASE + 14)
#define MMIOERR_TOOMANYOPENFILES (MMIOERR_BASE + 15)
#define MMIOERR_INVALIDFILE (MMIOERR_BASE + 16)

#define CFSEPCHAR '+'

typedef LRESULT(CALLBACK MMIOPROC)(LPSTR lpmmioinfo, UINT uMsg, LPARAM lParam1, LPARAM lParam2);
typedef MMIOPROC* LPMMIOPROC;

#pragma pack(push, 1)
typedef struct _MMIOINFO {
    DWORD dwFlags;
    FOURCC fccIOProc;
    LPMMIOPROC pIOProc;
    UINT wErrorRet;
    HTASK htask;
    LONG cchBuffer;
    HPSTR pchBuffer;
    HPSTR pchNext;
    HPSTR pchEndRead;
    HPSTR pchEndWrite;
    LONG lBufOffset;
    LONG lDiskOffset;
    DWORD adwInfo[3];
    DWORD dwReserved1;
    DWORD dwReserved2;
    HMMIO hmmio;
} MMIOINFO, *PMMIOINFO, *NPMMIOINFO, *LPMMIOINFO;
typedef const MMIOINFO* LPCMMIOINFO;

typedef struct _MMCKINFO {
    FOURCC ckid;
    DWORD cksize;
    FOURCC fccType;
    DWORD dwDataOffset;
    DWORD dwFlags;
} MMCKINFO, *PMMCKINFO, *NPMMCKINFO, *LPMMCKINFO;
typedef const MMCKINFO* LPCMMCKINFO;
#pragma pack(pop)

#define MMIO_RWMODE 0x00000003
#define MMIO_SHAREMODE 0x00000070
#define MMIO_CREATE 0x00001000
#define MMIO_PARSE 0x00000100
#define MMIO_DELETE 0x00000200
#define MMIO_EXIST 0x00004000
#define MMIO_ALLOCBUF 0x00010000
#define MMIO_GETTEMP 0x00020000
#define MMIO_DIRTY 0x10000000
#define MMIO_READ 0x00000000
#define MMIO_WRITE 0x00000001
#define MMIO_READWRITE 0x00000002
#define MMIO_COMPAT 0x00000000
#define MMIO_EXCLUSIVE 0x00000010
#define MMIO_DENYWRITE 0x00000020
#define MMIO_DENYREAD 0x00000030
#define MMIO_DENYNONE 0x00000040
#define MMIO_FHOPEN 0x0010
#define MMIO_EMPTYBUF 0x0010
#define MMIO_TOUPPER 0x0010
#define MMIO_INSTALLPROC 0x00010000
#define MMIO_GLOBALPROC 0x10000000
#define MMIO_REMOVEPROC 0x00020000
#define MMIO_UNICODEPROC 0x01000000
#define MMIO_FINDPROC 0x00040000
#define MMIO_FINDCHUNK 0x0010
#define MMIO_FINDRIFF 0x0020
#define MMIO_FINDLIST 0x0040
#define MMIO_CREATERIFF 0x0020
#define MMIO_CREATELIST 0x0040

#define MMIOM_READ MMIO_READ
#define MMIOM_WRITE MMIO_WRITE
#define MMIOM_SEEK 2
#define MMIOM_OPEN 3
#define MMIOM_CLOSE 4
#define MMIOM_WRITEFLUSH 5
#define MMIOM_RENAME 6
#define MMIOM_USER 0x8000

#define FOURCC_RIFF mmioFOURCC('R', 'I', 'F', 'F')
#define FOURCC_LIST mmioFOURCC('L', 'I', 'S', 'T')
#define FOURCC_DOS mmioFOURCC('D', 'O', 'S', ' ')
#define FOURCC_MEM mmioFOURCC('M', 'E', 'M', ' ')

#ifndef SEEK_SET
#define SEEK_SET 0
#define SEEK_CUR 1
#define SEEK_END 2
#endif

#define MMIO_DEFAULTBUFFER 8192

extern "C" {
FOURCC WINAPI mmioStringToFOURCCA(LPCSTR sz, UINT uFlags);
FOURCC WINAPI mmioStringToFOURCCW(LPCWSTR sz, UINT uFlags);
LPMMIOPROC WINAPI mmioInstallIOProcA(FOURCC fccIOProc, LPMMIOPROC pIOProc, DWORD dwFlags);
LPMMIOPROC WINAPI mmioInstallIOProcW(FOURCC fccIOProc, LPMMIOPROC pIOProc, DWORD dwFlags);
HMMIO WINAPI mmioOpenA(LPSTR pszFileName, LPMMIOINFO pmmioinfo, DWORD fdwOpen);
HMMIO WINAPI mmioOpenW(LPWSTR pszFileName, LPMMIOINFO pmmioinfo, DWORD fdwOpen);
MMRESULT WINAPI mmioRenameA(LPCSTR pszFileName, LPCSTR pszNewFileName, LPCMMIOINFO pmmioinfo, DWORD fdwRename);
MMRESULT WINAPI mmioRenameW(LPCWSTR pszFileName, LPCWSTR pszNewFileName, LPCMMIOINFO pmmioinfo, DWORD fdwRename);
MMRESULT WINAPI mmioClose(HMMIO hmmio, UINT fuClose);
LONG WINAPI mmioRead(HMMIO hmmio, HPSTR pch, LONG cch);
LONG WINAPI mmioWrite(HMMIO hmmio, const char* pch, LONG cch);
LONG WINAPI mmioSeek(HMMIO hmmio, LONG lOffset, int iOrigin);
MMRESULT WINAPI mmioGetInfo(HMMIO hmmio, LPMMIOINFO pmmioinfo, UINT fuInfo);
MMRESULT WINAPI mmioSetInfo(HMMIO hmmio, LPCMMIOINFO pmmioinfo, UINT fuInfo);
MMRESULT WINAPI mmioSetBuffer(HMMIO hmmio, LPSTR pchBuffer, LONG cchBuffer, UINT fuBuffer);
MMRESULT WINAPI mmioFlush(HMMIO hmmio, UINT fuFlush);
MMRESULT WINAPI mmioAdvance(HMMIO hmmio, LPMMIOINFO pmmioinfo, UINT fuAdvance);
LRESULT WINAPI mmioSendMessage(HMMIO hmmio, UINT uMsg, LPARAM lParam1, LPARAM lParam2);
MMRESULT WINAPI mmioDescend(HMMIO hmmio, LPMMCKINFO pmmcki, const MMCKINFO* pmmckiParent, UINT fuDescend);
MMRESULT WINAPI mmioAscend(HMMIO hmmio, LPMMCKINFO pmmcki, UINT fuAscend);
MMRESULT WINAPI mmioCreateChunk(HMMIO hmmio, LPMMCKINFO pmmcki, UINT fuCreate);
}

#endif  // _WIN32

// ---- Layout checks: the same numbers for MinGW's <mmsystem.h> (PE builds) and for ours (native). ----
// <mmsystem.h> packs to 1 byte, so x86 = 72 bytes and x64 = 100 bytes (verified against MinGW-w64 and
// against Wine's builtin winmm, whose mmioGetInfo writes exactly 100 bytes on x64).
namespace winmm_ng_abi_check {
constexpr bool p64 = sizeof(void*) == 8;
static_assert(sizeof(void*) == 4 || sizeof(void*) == 8, "unsupported pointer size");
static_assert(sizeof(DWORD) == 4 && sizeof(LONG) == 4 && sizeof(UINT) == 4 && sizeof(FOURCC) == 4, "int sizes");
static_assert(sizeof(WCHAR) == 2, "WCHAR is UTF-16");
static_assert(sizeof(LPARAM) == sizeof(void*) && sizeof(LRESULT) == sizeof(void*), "LPARAM/LRESULT width");
static_assert(sizeof(DWORD_PTR) == sizeof(void*) && sizeof(HMMIO) == sizeof(void*), "handle width");
static_assert(sizeof(MMIOINFO) == (p64 ? 100 : 72), "MMIOINFO size");
static_assert(offsetof(MMIOINFO, dwFlags) == 0, "dwFlags");
static_assert(offsetof(MMIOINFO, fccIOProc) == 4, "fccIOProc");
static_assert(offsetof(MMIOINFO, pIOProc) == 8, "pIOProc");
static_assert(offsetof(MMIOINFO, wErrorRet) == (p64 ? 16 : 12), "wErrorRet");
static_assert(offsetof(MMIOINFO, htask) == (p64 ? 20 : 16), "htask");
static_assert(offsetof(MMIOINFO, cchBuffer) == (p64 ? 28 : 20), "cchBuffer");
static_assert(offsetof(MMIOINFO, pchBuffer) == (p64 ? 32 : 24), "pchBuffer");
static_assert(offsetof(MMIOINFO, pchNext) == (p64 ? 40 : 28), "pchNext");
static_assert(offsetof(MMIOINFO, pchEndRead) == (p64 ? 48 : 32), "pchEndRead");
static_assert(offsetof(MMIOINFO, pchEndWrite) == (p64 ? 56 : 36), "pchEndWrite");
static_assert(offsetof(MMIOINFO, lBufOffset) == (p64 ? 64 : 40), "lBufOffset");
static_assert(offsetof(MMIOINFO, lDiskOffset) == (p64 ? 68 : 44), "lDiskOffset");
static_assert(offsetof(MMIOINFO, adwInfo) == (p64 ? 72 : 48), "adwInfo");
static_assert(sizeof(((MMIOINFO*)nullptr)->adwInfo) == 12, "adwInfo[3]");
static_assert(offsetof(MMIOINFO, dwReserved1) == (p64 ? 84 : 60), "dwReserved1");
static_assert(offsetof(MMIOINFO, dwReserved2) == (p64 ? 88 : 64), "dwReserved2");
static_assert(offsetof(MMIOINFO, hmmio) == (p64 ? 92 : 68), "hmmio");
static_assert(sizeof(MMCKINFO) == 20, "MMCKINFO size");
static_assert(offsetof(MMCKINFO, ckid) == 0 && offsetof(MMCKINFO, cksize) == 4 && offsetof(MMCKINFO, fccType) == 8 &&
                  offsetof(MMCKINFO, dwDataOffset) == 12 && offsetof(MMCKINFO, dwFlags) == 16,
              "MMCKINFO members");
static_assert(MMIOM_READ == 0 && MMIOM_WRITE == 1 && MMIOM_SEEK == 2 && MMIOM_OPEN == 3 && MMIOM_CLOSE == 4 &&
                  MMIOM_WRITEFLUSH == 5 && MMIOM_RENAME == 6 && MMIOM_USER == 0x8000,
              "MMIOM_* values");
static_assert(MMIOERR_BASE == 256 && MMIOERR_INVALIDFILE == 272, "MMIOERR_* values");
static_assert(FOURCC_RIFF == 0x46464952u && FOURCC_MEM == 0x204D454Du, "FOURCC values");
}  // namespace winmm_ng_abi_check

#endif
