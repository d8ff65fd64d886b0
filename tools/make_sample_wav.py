#!/usr/bin/env python3
"""Writes a small WAVE file with nested chunks (fmt, LIST/INFO with two strings, an odd-sized chunk, data), the
input of the main job: tools/setup shows its chunk tree with riffwalk through our winmm.dll."""
import math
import struct
import sys


def chunk(ckid, data):
    pad = b"\0" if len(data) % 2 else b""
    return ckid + struct.pack("<I", len(data)) + data + pad


def main(path):
    rate, seconds = 8000, 0.25
    samples = b"".join(struct.pack("<h", int(12000 * math.sin(2 * math.pi * 440 * i / rate)))
                       for i in range(int(rate * seconds)))
    fmt = struct.pack("<HHIIHH", 1, 1, rate, rate * 2, 2, 16)
    info = b"INFO" + chunk(b"INAM", b"winmm-ng sample\0") + chunk(b"ISFT", b"make_sample_wav.py\0")
    body = b"WAVE" + chunk(b"fmt ", fmt) + chunk(b"LIST", info) + chunk(b"odd ", b"abc") + chunk(b"data", samples)
    with open(path, "wb") as f:
        f.write(chunk(b"RIFF", body))


if __name__ == "__main__":
    main(sys.argv[1])
