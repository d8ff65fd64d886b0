#!/usr/bin/env python3
"""Writes the seed corpora of the mmio fuzz targets into tests/fuzz/corpus/<target>/ (committed; rerun after
changing an input format). The seeds are small and meaningful: WAV- and AVI-like RIFF files, malformed
variants, and operation sequences that exercise each file kind and each buffering mode.
  tools/fuzz/make_corpus.py [--out DIR]
The input formats are described at the top of tests/fuzz/fuzz_riff.cpp and tests/fuzz/fuzz_ops.cpp."""
import argparse
import os
import struct

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))


def chunk(ckid, data, size=None):
    pad = b"\0" if len(data) % 2 else b""
    return ckid + struct.pack("<I", len(data) if size is None else size) + data + pad


def riff(form, *chunks, size=None):
    return chunk(b"RIFF", form + b"".join(chunks), size)


def lst(kind, *chunks):
    return chunk(b"LIST", kind + b"".join(chunks))


def wav(samples=64):
    fmt = struct.pack("<HHIIHH", 1, 1, 8000, 16000, 2, 16)
    info = lst(b"INFO", chunk(b"INAM", b"seed\0"), chunk(b"ISFT", b"make_corpus\0"))
    data = bytes((i * 37) & 0xFF for i in range(samples * 2))
    return riff(b"WAVE", chunk(b"fmt ", fmt), info, chunk(b"odd ", b"abc"), chunk(b"data", data))


def avi():
    avih = bytes(56)
    strh = b"vids" + b"DIB " + bytes(48)
    strf = bytes(40)
    hdrl = lst(b"hdrl", chunk(b"avih", avih), lst(b"strl", chunk(b"strh", strh), chunk(b"strf", strf)))
    movi = lst(b"movi", chunk(b"00dc", bytes(range(50))), chunk(b"00dc", bytes(range(33))))
    idx1 = chunk(b"idx1", struct.pack("<4sIII", b"00dc", 0x10, 4, 50) + struct.pack("<4sIII", b"00dc", 0x10, 62, 33))
    return riff(b"AVI ", hdrl, chunk(b"JUNK", bytes(20)), movi, idx1)


# ---- fuzz_riff: [kind][buffer][nops] + nops * 8 op bytes + file ----
FIND = {None: 0, "chunk": 1, "riff": 2, "list": 3}
IDS = [b"RIFF", b"LIST", b"WAVE", b"fmt ", b"data", b"AVI ", b"hdrl", b"movi", b"idx1", b"JUNK", b"INFO", b"strl",
       b"strh", b"fact", b"00dc"]


def rop(k, a=0, b=0, f=0, v=b"\0\0\0\0"):
    if isinstance(v, int):
        v = struct.pack("<I", v & 0xFFFFFFFF)
    return bytes([k, a, b, f]) + v


def idx(name):
    return IDS.index(name)


def descend(slot, parent=8, find=None, ckid=b"RIFF", fcc=b"WAVE"):
    return rop(0, slot, parent, FIND[find], bytes([idx(ckid), idx(fcc), 0, 0]))


def ascend(slot):
    return rop(3, slot)


def create(slot, flags, ckid=b"data", fcc=b"WAVE", size=0):
    return rop(4, slot, size & 0x3F, flags, bytes([idx(ckid), idx(fcc), 0, 0]))


def seek(target):
    return rop(5, 0, 0, 0, target)


def write(n, fill=0x41):
    return rop(7, 0, 1, fill, n)


def riff_seed(kind, buf, ops, data):
    return bytes([kind, buf, len(ops)]) + b"".join(ops) + data


def riff_seeds():
    w, a = wav(), avi()
    walk_wav = [descend(0, find="riff"), descend(1, 0, "chunk", b"fmt "), ascend(1), descend(2, 0, "chunk", b"data"),
                ascend(2), ascend(0)]
    walk_avi = [descend(0, find="riff", fcc=b"AVI "), descend(1, 0, "list", b"LIST", b"movi"), descend(2, 1),
                ascend(2), descend(3, 1), ascend(3), ascend(1), descend(4, 0, "chunk", b"idx1"), ascend(4)]
    write_wav = [create(0, 1, fcc=b"WAVE"), create(1, 0, b"fmt ", size=16), write(16), ascend(1),
                 create(2, 0, b"data"), write(33, 0x55), ascend(2), ascend(0), seek(0), descend(3, find="riff"),
                 descend(4, 3, "chunk", b"data"), ascend(4)]
    seeds = {}
    for kind in range(4):
        bufs = [0] if kind < 2 else ([16] if kind == 2 else [0, 1, 16, 7])
        for buf in bufs:
            seeds["wav-k%d-b%d" % (kind, buf)] = riff_seed(kind, buf, walk_wav, w)
            seeds["avi-k%d-b%d" % (kind, buf)] = riff_seed(kind, buf, walk_avi, a)
            if kind != 0:
                seeds["write-k%d-b%d" % (kind, buf)] = riff_seed(kind, buf, write_wav, bytes(200) if kind == 1 else b"")
    # Malformed files: truncated, oversized chunk and RIFF sizes, LIST too small for its type, a child larger
    # than its parent, nothing but headers.
    seeds["truncated"] = riff_seed(0, 0, walk_wav, w[:57])
    seeds["oversize-chunk"] = riff_seed(0, 0, walk_wav, riff(b"WAVE", chunk(b"fmt ", bytes(16), size=0x7FFFFFF0)))
    seeds["oversize-riff"] = riff_seed(3, 16, walk_wav, riff(b"WAVE", chunk(b"data", bytes(8)), size=0xFFFFFFFF))
    seeds["list-size-2"] = riff_seed(1, 0, walk_avi, riff(b"AVI ", chunk(b"LIST", b"mo", size=2)))
    seeds["child-past-parent"] = riff_seed(3, 1, walk_avi, riff(b"AVI ", lst(b"movi", chunk(b"00dc", bytes(8), size=40))))
    seeds["headers-only"] = riff_seed(2, 3, [], b"RIFF\x04\0\0\0WAVELIST\x04\0\0\0INFO")
    return seeds


def main():
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--out", default=os.path.join(ROOT, "tests", "fuzz", "corpus"))
    a = ap.parse_args()
    import fuzz_ops_corpus  # noqa: E402  (next to this script)
    for target, seeds in (("fuzz_riff", riff_seeds()), ("fuzz_ops", fuzz_ops_corpus.seeds())):
        d = os.path.join(a.out, target)
        os.makedirs(d, exist_ok=True)
        for old in os.listdir(d):
            os.remove(os.path.join(d, old))
        for name, data in sorted(seeds.items()):
            with open(os.path.join(d, name), "wb") as f:
                f.write(data)
        print("%s: %d seeds, %d bytes" % (target, len(seeds), sum(len(v) for v in seeds.values())))


if __name__ == "__main__":
    main()
