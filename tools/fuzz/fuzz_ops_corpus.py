"""Seed inputs of tests/fuzz/fuzz_ops.cpp (used by make_corpus.py). Each seed is an operation stream in the
format that fuzz_ops.cpp's run_op reads; the helpers below mirror its argument order."""
import struct


def u16(v):
    return struct.pack("<H", v & 0xFFFF)


def u32(v):
    return struct.pack("<I", v & 0xFFFFFFFF)


class S:
    """Builds an operation stream; `slot` selects file slot 0 or 1."""

    def __init__(self):
        self.b = b""

    def op(self, code, slot=0):
        self.b += bytes([code | (slot << 5)])
        return self

    # -- open (the slot must be closed: any code below 26 opens) --
    def open_mem(self, kind, rw=2, create=False, size=64, seed=1, grow=0, fixed_internal=False, slot=0):
        fl = rw | (0x04 if create else 0) | (0x10 if fixed_internal else 0)
        self.op(0, slot)
        self.b += bytes([kind, fl]) + u16(size) + bytes([seed])
        if kind != 0:
            self.b += u16(max(grow - 1, 0))
        return self

    def open_disk(self, kind=3, rw=2, create=False, length=100, seed=2, buf=2, bufsize=16, proc_b=False,
                  unicode=False, wide_name=False, fcc_b=False, name=0, wf_zero=False, fail_open=False, slot=0):
        fl = rw | (0x04 if create else 0) | (0x20 if wf_zero else 0) | (0x40 if fail_open else 0)
        bsel = buf | ((1 if proc_b else 0) << 3) | (0x10 if fcc_b else 0) | (0x20 if unicode else 0) | \
            (0x40 if wide_name else 0)
        if kind == 6:
            bsel = buf | (name << 3) | (0x40 if wide_name else 0)
        self.op(0, slot)
        self.b += bytes([kind, fl]) + u16(length) + bytes([seed, bsel]) + u16(bufsize - 1)
        return self

    # -- operations on an open file --
    def read(self, n, slot=0):
        return self.op(0, slot).count(n)

    def write(self, n, seed=3, slot=0):
        self.op(3, slot).count(n)
        self.b += bytes([seed])
        return self

    def count(self, n):
        if n == 0:
            self.b += bytes([0])
        elif n <= 256:
            self.b += bytes([2, n - 1])
        elif n <= 4096:
            self.b += bytes([3]) + u16(n - 1)
        else:
            self.b += bytes([6]) + u16(n - 1)
        return self

    def seek(self, off, origin=0, slot=0):
        self.op(6, slot)
        self.b += bytes([origin])
        if -128 <= off < 128:
            self.b += bytes([0, off & 0xFF])
        else:
            self.b += bytes([3]) + u32(off)
        return self

    def flush(self, emptybuf=False, slot=0):
        self.op(9, slot)
        self.b += bytes([1 if emptybuf else 0])
        return self

    def setbuffer(self, mode, size=16, seed=4, slot=0):
        """mode: 0 unbuffered, 1 internal, 3 caller buffer, 4 caller pointer with 0 bytes, 5 negative size."""
        self.op(11, slot)
        self.b += bytes([mode]) + u16(size - 1) + bytes([1])
        if mode == 5:
            self.b += bytes([0])
        self.b += bytes([seed])
        return self

    def direct(self, write, amount=0, fill=False, finisher=0, seed=5, slot=0):
        """finisher: 0 mmioSetInfo, 1 mmioAdvance(MMIO_WRITE), 2 mmioAdvance(MMIO_READ), 3 mmioAdvance(NULL)."""
        self.op(15 if write else 13, slot)
        how = (seed & ~1) | (1 if fill else 0)
        self.b += bytes([how & 0xFF]) + u16(amount) + bytes([finisher])
        return self

    def setinfo(self, where, dirty=False, invalid=False, slot=0):
        self.op(18, slot)
        how = 6 if invalid else (0x40 if dirty else 0)
        self.b += bytes([how]) + u16(where)
        return self

    def message(self, user=True, slot=0):
        self.op(20, slot)
        self.b += bytes([1 if user else 0, 5])
        return self

    def fault(self, kind, after=0, slot=0):
        """kind: 0 fail write, 1 short write, 2 fail read, 3 short read, 4 fail seek, 6 fail close."""
        self.op(21, slot)
        self.b += bytes([kind, after])
        return self

    def close(self, slot=0):
        return self.op(24, slot)

    def stale(self, call, slot=0):
        self.op(26, slot)
        self.b += bytes([0, call])
        return self

    def install(self, fcc_b=False, proc_b=False, wide=False, glob=False, unicode=False):
        how = (1 if fcc_b else 0) | (2 if proc_b else 0) | (4 if wide else 0) | \
            (0x80 if glob else 0) | (0x40 if unicode else 0)
        self.op(28)
        self.b += bytes([0, how])
        return self

    def remove(self, fcc_b=False, proc_b=False, any_proc=False):
        how = (1 if fcc_b else 0) | (2 if proc_b else 0) | (0x40 if any_proc else 0)
        self.op(28)
        self.b += bytes([2, how])
        return self


def seeds():
    out = {}
    out["mem-fixed"] = (S().open_mem(0, size=100).read(10).write(20).seek(0, 2).write(5).seek(-30, 1).read(200)
                        .direct(False, 7).direct(True, 9).setinfo(50).read(3).close().b)
    out["mem-create-expand"] = (S().open_mem(1, create=True, size=8, grow=16).write(300).seek(1000).write(3)
                                .seek(0, 2).direct(True, fill=True, finisher=1).direct(True, 4, finisher=1)
                                .seek(0).read(2000).setbuffer(3, 40).read(50).close().b)
    out["mem-internal"] = (S().open_mem(2, size=32, grow=8).write(40).setbuffer(1, 100).seek(0).read(100)
                           .setbuffer(1, 10).setbuffer(0).setbuffer(5).setinfo(5, dirty=True).close().b)
    out["disk-buffered"] = (S().open_disk(length=100, buf=2, bufsize=16).read(5).write(30).seek(3).read(40)
                            .seek(0, 2).write(17).flush().seek(-8, 1).write(3).setbuffer(1, 64).read(10)
                            .setbuffer(3, 7).write(20).setbuffer(0).write(5).read(5).flush(True).close().b)
    out["disk-unbuffered"] = (S().open_disk(length=50, buf=0).read(10).write(10).seek(0, 2).write(8).seek(100)
                              .write(1).seek(0).read(200).close().b)
    out["disk-default-buffer"] = (S().open_disk(length=20000, buf=1).read(8192).read(9000).seek(4096).write(8193)
                                  .flush().seek(0, 2).read(1).close().b)
    out["disk-direct-write"] = (S().open_disk(rw=1, create=True, buf=2, bufsize=32).direct(True, fill=True, finisher=1)
                                .direct(True, fill=True, finisher=1).direct(True, 5, finisher=0).flush()
                                .close().b)
    out["disk-direct-read"] = (S().open_disk(length=300, buf=2, bufsize=64).direct(False, finisher=2)
                               .direct(False, 64, finisher=2).direct(False, 64, finisher=2).direct(False, 10)
                               .read(30).direct(False, finisher=3).close().b)
    out["disk-faults"] = (S().open_disk(length=40, buf=2, bufsize=16).write(10).fault(1).flush().flush()
                          .write(20).fault(0).seek(0).seek(0).fault(2).read(30).read(30).fault(3).seek(0).read(60)
                          .fault(4).seek(5).write(40).fault(0, 1).write(40).flush().fault(6).close().b)
    out["disk-writeflush-zero"] = (S().open_disk(length=10, buf=2, bufsize=8, wf_zero=True).write(20).flush()
                                   .fault(1).write(3).flush().close().b)
    out["registry"] = (S().install().install(fcc_b=True, proc_b=True, wide=True).install(glob=True, proc_b=True)
                       .open_disk(kind=4, length=30).open_disk(kind=5, length=30, slot=1, wide_name=True)
                       .remove().remove(fcc_b=True, proc_b=True).read(5).read(5, slot=1).close().close(slot=1)
                       .remove().remove(fcc_b=True, proc_b=True).remove(any_proc=True).b)
    out["compound-names"] = (S().install(unicode=True).install(fcc_b=True, proc_b=True)
                             .open_disk(kind=6, name=0, length=20).open_disk(kind=6, name=1, slot=1, wide_name=True)
                             .write(5).write(5, slot=1).close().close(slot=1).open_disk(kind=6, name=3).b)
    out["pioproc-unicode"] = (S().install(proc_b=True, wide=True).open_disk(kind=3, proc_b=True, length=10)
                              .open_disk(kind=3, unicode=True, slot=1, wide_name=True).message().message(False)
                              .close().close(slot=1).b)
    out["stale"] = (S().open_mem(0, size=16).close().stale(0).stale(1).stale(2).stale(3).stale(5).stale(8)
                    .stale(10).open_disk(length=5).close().stale(6).stale(7).b)
    out["two-files"] = (S().open_mem(2, size=64, grow=32).open_disk(length=64, buf=3, bufsize=20, slot=1)
                        .write(100).write(100, slot=1).seek(0).seek(0, slot=1).read(100).read(100, slot=1)
                        .close().close(slot=1).b)
    out["open-fail"] = S().install().open_disk(kind=4, fail_open=True).open_disk(kind=5).open_mem(0).close().b
    return out
