// riffwalk: prints the RIFF chunk tree of a file using only the public mmio API (links -lwinmm like an
// application). One line per chunk, indented two spaces per level:
//   'RIFF' size=<cksize> data=<dwDataOffset> type='WAVE'
// Exit status: 0 = success; 1 = the file could be opened but is not a well-formed RIFF file (the MMIOERR
// name is printed); 2 = usage error or the file could not be opened.
#include <windows.h>
#include <mmsystem.h>

#include <cstdio>
#include <cstring>

namespace {

const char* mmioerr_name(UINT e) {
    switch (e) {
    case MMSYSERR_NOERROR: return "MMSYSERR_NOERROR";
    case MMSYSERR_INVALHANDLE: return "MMSYSERR_INVALHANDLE";
    case MMSYSERR_INVALPARAM: return "MMSYSERR_INVALPARAM";
    case MMIOERR_FILENOTFOUND: return "MMIOERR_FILENOTFOUND";
    case MMIOERR_OUTOFMEMORY: return "MMIOERR_OUTOFMEMORY";
    case MMIOERR_CANNOTOPEN: return "MMIOERR_CANNOTOPEN";
    case MMIOERR_CANNOTCLOSE: return "MMIOERR_CANNOTCLOSE";
    case MMIOERR_CANNOTREAD: return "MMIOERR_CANNOTREAD";
    case MMIOERR_CANNOTWRITE: return "MMIOERR_CANNOTWRITE";
    case MMIOERR_CANNOTSEEK: return "MMIOERR_CANNOTSEEK";
    case MMIOERR_CANNOTEXPAND: return "MMIOERR_CANNOTEXPAND";
    case MMIOERR_CHUNKNOTFOUND: return "MMIOERR_CHUNKNOTFOUND";
    case MMIOERR_UNBUFFERED: return "MMIOERR_UNBUFFERED";
    case MMIOERR_PATHNOTFOUND: return "MMIOERR_PATHNOTFOUND";
    case MMIOERR_ACCESSDENIED: return "MMIOERR_ACCESSDENIED";
    case MMIOERR_SHARINGVIOLATION: return "MMIOERR_SHARINGVIOLATION";
    case MMIOERR_NETWORKERROR: return "MMIOERR_NETWORKERROR";
    case MMIOERR_TOOMANYOPENFILES: return "MMIOERR_TOOMANYOPENFILES";
    case MMIOERR_INVALIDFILE: return "MMIOERR_INVALIDFILE";
    default: return "unknown error";
    }
}

void fourcc_text(FOURCC f, char out[5]) {
    for (int i = 0; i < 4; ++i) {
        unsigned char c = static_cast<unsigned char>(f >> (8 * i));
        out[i] = (c >= 0x20 && c < 0x7F) ? static_cast<char>(c) : '?';
    }
    out[4] = 0;
}

struct Walker {
    HMMIO h;
    const char* path;
    LONG file_size;
    UINT error = MMSYSERR_NOERROR;
    const char* what = nullptr;
    unsigned long chunks = 0;

    bool fail(UINT e, const char* w) {
        error = e;
        what = w;
        return false;
    }

    // Lists the chunks inside `parent` (or the top level when parent is NULL).
    bool walk(const MMCKINFO* parent, int depth) {
        if (depth > 128) return fail(MMIOERR_INVALIDFILE, "chunks nested too deeply");
        for (;;) {
            MMCKINFO ck;
            std::memset(&ck, 0, sizeof ck);
            MMRESULT r = mmioDescend(h, &ck, parent, 0);
            if (r == MMIOERR_CHUNKNOTFOUND) return true;  // end of the parent / file
            if (r != MMSYSERR_NOERROR) return fail(r, "mmioDescend");
            if (depth == 0 && chunks == 0 && ck.ckid != FOURCC_RIFF) return fail(MMIOERR_INVALIDFILE, "not a RIFF file");
            ++chunks;
            char id[5], type[5];
            fourcc_text(ck.ckid, id);
            std::printf("%*s'%s' size=%lu data=%lu", depth * 2, "", id, static_cast<unsigned long>(ck.cksize),
                        static_cast<unsigned long>(ck.dwDataOffset));
            bool container = ck.ckid == FOURCC_RIFF || ck.ckid == FOURCC_LIST;
            if (container) {
                fourcc_text(ck.fccType, type);
                std::printf(" type='%s'", type);
            }
            bool truncated = static_cast<unsigned long long>(ck.dwDataOffset) + ck.cksize > static_cast<unsigned long long>(file_size);
            std::printf("%s\n", truncated ? " (truncated)" : "");
            if (truncated) return fail(MMIOERR_INVALIDFILE, "chunk runs past the end of the file");
            if (container && !walk(&ck, depth + 1)) return false;
            r = mmioAscend(h, &ck, 0);
            if (r != MMSYSERR_NOERROR) return fail(r, "mmioAscend");
        }
    }
};

}  // namespace

int main(int argc, char** argv) {
    if (argc != 2) {
        std::fprintf(stderr, "usage: riffwalk FILE\n");
        return 2;
    }
    MMIOINFO mi;
    std::memset(&mi, 0, sizeof mi);
    HMMIO h = mmioOpenA(argv[1], &mi, MMIO_READ | MMIO_ALLOCBUF | MMIO_DENYWRITE);
    if (!h) {
        std::fprintf(stderr, "riffwalk: %s: cannot open (%s)\n", argv[1], mmioerr_name(mi.wErrorRet));
        return 2;
    }
    Walker w{h, argv[1], mmioSeek(h, 0, SEEK_END)};
    bool ok = w.file_size >= 0 && mmioSeek(h, 0, SEEK_SET) == 0;
    if (!ok) w.fail(MMIOERR_CANNOTSEEK, "mmioSeek");
    if (ok) ok = w.walk(nullptr, 0);
    if (ok && w.chunks == 0) ok = w.fail(MMIOERR_CHUNKNOTFOUND, "no chunks");
    MMRESULT c = mmioClose(h, 0);
    if (ok && c != MMSYSERR_NOERROR) ok = w.fail(c, "mmioClose");
    if (!ok) {
        std::fprintf(stderr, "riffwalk: %s: %s (%s)\n", argv[1], w.what, mmioerr_name(w.error));
        return 1;
    }
    return 0;
}
