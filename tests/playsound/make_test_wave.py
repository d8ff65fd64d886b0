#!/usr/bin/env python3
"""Writes the WAVE resource of the PlaySound tests: 16-bit stereo LCG noise at 48000 Hz (never a zero sample), in
a canonical 44-byte header, so the test reads the expected samples from the resource itself at offset 44.
   make_test_wave.py OUT SEED SECONDS"""
import struct
import sys


def main(path, seed, seconds):
    rate, channels = 48000, 2
    s = seed
    samples = bytearray()
    for _ in range(int(rate * seconds) * channels):
        s = (s * 1664525 + 1013904223) & 0xFFFFFFFF
        v = (s >> 8) & 0xFFFF
        if v == 0:
            v = 1
        samples += struct.pack("<H", v)
    fmt = struct.pack("<HHIIHH", 1, channels, rate, rate * 4, 4, 16)
    body = b"WAVE" + b"fmt " + struct.pack("<I", len(fmt)) + fmt + b"data" + struct.pack("<I", len(samples)) + samples
    with open(path, "wb") as f:
        f.write(b"RIFF" + struct.pack("<I", len(body)) + body)


if __name__ == "__main__":
    main(sys.argv[1], int(sys.argv[2]), float(sys.argv[3]))
