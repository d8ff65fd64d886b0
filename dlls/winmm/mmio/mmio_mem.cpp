// winmm-ng mmio: the built-in MEM I/O procedure.
//
// A memory file's bytes are the I/O buffer itself: the engine reads, writes, seeks and expands it directly
// (see mmio_engine.cpp), so in normal operation the MEM procedure only sees MMIOM_OPEN and MMIOM_CLOSE.
// Answers to the other messages, for completeness (someone may call the procedure returned by
// mmioInstallIOProc(FOURCC_MEM, NULL, MMIO_FINDPROC) directly):
//   MMIOM_READ  -> 0 (nothing exists beyond the memory block)
//   MMIOM_WRITE / MMIOM_WRITEFLUSH -> -1 (the block is written through the buffer, never through the proc)
//   MMIOM_SEEK  -> lDiskOffset unchanged, returned
//   MMIOM_RENAME -> MMIOERR_FILENOTFOUND (a memory file has no name); anything else -> 0.
#include "mmio_internal.h"

namespace wng_mmio {

LRESULT CALLBACK mem_ioproc(LPSTR lpmmioinfo, UINT msg, LPARAM, LPARAM) {
    MMIOINFO* mi = reinterpret_cast<MMIOINFO*>(lpmmioinfo);
    switch (msg) {
    case MMIOM_OPEN:
        if (mi && (mi->dwFlags & (MMIO_PARSE | MMIO_EXIST | MMIO_DELETE | MMIO_GETTEMP)))
            return MMIOERR_FILENOTFOUND;
        return MMSYSERR_NOERROR;
    case MMIOM_CLOSE:
        return MMSYSERR_NOERROR;
    case MMIOM_READ:
        return 0;
    case MMIOM_WRITE:
    case MMIOM_WRITEFLUSH:
        return -1;
    case MMIOM_SEEK:
        return mi ? mi->lDiskOffset : -1;
    case MMIOM_RENAME:
        return MMIOERR_FILENOTFOUND;
    default:
        return 0;
    }
}

}  // namespace wng_mmio
