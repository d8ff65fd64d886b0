#!/usr/bin/env python3
"""Reads winmm.spec and writes what the link needs from it, or checks a built DLL against it.

  winmm_spec.py def     --arch x86|x64 SPEC OUT.def      module definition: every export of the architecture
  winmm_spec.py thunks  --arch x86|x64 SPEC OUT.S        delegation thunks, resolver stubs and fallbacks (GNU as)
  winmm_spec.py check   --arch x86|x64 SPEC DLL OBJDUMP  the DLL's export table must hold exactly the spec's names
  winmm_spec.py sources SPEC FILE.cpp...                 owned spec entries and the exports the sources define agree
  winmm_spec.py header  --arch x86|x64 SPEC OUT.h        the spec as a C table (for tests)
  winmm_spec.py list    --arch x86|x64 [--owned|--delegated] SPEC   names, one a line (for tests and tools)

Owned exports are defined in the sources as `extern "C" RET WINAPI name(` (WINAPIV for varargs) at the start of a
line; `sources` finds them there, so an export written without a spec entry (which the .def would silently leave
out) fails the build.
"""
import argparse
import re
import subprocess
import sys

# Symbolic failure values the spec may name in `# fail=`.
CONSTANTS = {
    "0": 0, "FALSE": 0, "NULL": 0,
    "MMSYSERR_INVALPARAM": 11, "MMSYSERR_NODRIVER": 6,
    "TIMERR_NOCANDO": 97,
    "MCIERR_DEVICE_NOT_INSTALLED": 256 + 50,
    "MCI_NO_COMMAND_TABLE": 0xFFFFFFFF,
}

ARG_BYTES_X86 = {"long": 4, "ptr": 4, "str": 4, "wstr": 4, "int64": 8, "double": 8}

LINE = re.compile(r"^(?P<ord>@|\d+)\s+(?P<cc>stdcall|varargs)(?P<flags>(?:\s+-\S+)*)\s+"
                  r"(?P<name>\w+)\((?P<args>[^)]*)\)\s*(?:#\s*fail=(?P<fail>\S+).*)?$")


class Export:
    def __init__(self, name, cc, args, fail, arches):
        self.name, self.cc, self.args, self.fail, self.arches = name, cc, args, fail, arches

    @property
    def delegated(self):
        return self.fail is not None

    def arg_bytes(self):
        return sum(ARG_BYTES_X86[a] for a in self.args)

    def symbol(self, arch):
        """Assembler/linker symbol of the export's code."""
        if arch == "x64":
            return self.name
        if self.cc == "varargs":
            return "_" + self.name
        return "_%s@%d" % (self.name, self.arg_bytes())

    def def_name(self, arch):
        """Name as the .def lists it (x86 stdcall keeps @N; --kill-at strips it from the export)."""
        if arch == "x86" and self.cc == "stdcall":
            return "%s@%d" % (self.name, self.arg_bytes())
        return self.name

    def fail_value(self):
        v = self.fail
        if v in CONSTANTS:
            return CONSTANTS[v]
        return int(v, 0) & 0xFFFFFFFF


def parse(path):
    exports = []
    for lineno, raw in enumerate(open(path, encoding="utf-8"), 1):
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        m = LINE.match(line)
        if not m:
            sys.exit("%s:%d: cannot parse: %s" % (path, lineno, line))
        arches = {"x86", "x64"}
        for flag in m.group("flags").split():
            if flag == "-arch=win64":
                arches = {"x64"}
            elif flag == "-arch=win32":
                arches = {"x86"}
            else:
                sys.exit("%s:%d: unknown flag %s" % (path, lineno, flag))
        args = m.group("args").split()
        for a in args:
            if a not in ARG_BYTES_X86:
                sys.exit("%s:%d: unknown argument type %s" % (path, lineno, a))
        fail = m.group("fail")
        if fail is not None and fail not in CONSTANTS:
            try:
                int(fail, 0)
            except ValueError:
                sys.exit("%s:%d: unknown failure value %s" % (path, lineno, fail))
        exports.append(Export(m.group("name"), m.group("cc"), args, fail, arches))
    names = [e.name for e in exports]
    dups = {n for n in names if names.count(n) > 1}
    if dups:
        sys.exit("%s: duplicate exports: %s" % (path, ", ".join(sorted(dups))))
    return exports


def for_arch(exports, arch):
    return [e for e in exports if arch in e.arches]


def write_def(exports, arch, out):
    lines = ["; generated from winmm.spec by tools/winmm_spec.py: do not edit", "LIBRARY winmm.dll", "EXPORTS"]
    lines += ["    " + e.def_name(arch) for e in for_arch(exports, arch)]
    out.write("\n".join(lines) + "\n")


def write_thunks(exports, arch, out):
    """Each delegated export jumps through a slot. A slot starts at a stub that asks
    winmm_resolve_delegate(index) for the target (the backend's export, or the fallback below) with every argument
    register preserved, stores it, and jumps there: the stack the caller built is never touched, so any signature works."""
    delegated = [e for e in for_arch(exports, arch) if e.delegated]
    w = out.write
    w("# generated from winmm.spec by tools/winmm_spec.py: do not edit\n")
    ptr = 8 if arch == "x64" else 4
    c = (lambda s: s) if arch == "x64" else (lambda s: "_" + s)
    w("\t.data\n\t.p2align 3\n\t.globl %s\n%s:\n" % (c("winmm_delegate_slots"), c("winmm_delegate_slots")))
    for i, _ in enumerate(delegated):
        w("\t%s resolve_%d\n" % (".quad" if arch == "x64" else ".long", i))
    w("\t.globl %s\n%s:\n\t.long %d\n" % (c("winmm_delegate_count"), c("winmm_delegate_count"), len(delegated)))
    w("\t.section .rdata,\"dr\"\n")
    for i, e in enumerate(delegated):
        w("name_%d:\t.asciz \"%s\"\n" % (i, e.name))
    w("\t.p2align 3\n\t.globl %s\n%s:\n" % (c("winmm_delegate_names"), c("winmm_delegate_names")))
    for i, _ in enumerate(delegated):
        w("\t%s name_%d\n" % (".quad" if arch == "x64" else ".long", i))
    w("\t.p2align 3\n\t.globl %s\n%s:\n" % (c("winmm_delegate_fallbacks"), c("winmm_delegate_fallbacks")))
    for i, _ in enumerate(delegated):
        w("\t%s fallback_%d\n" % (".quad" if arch == "x64" else ".long", i))
    w("\t.text\n")
    for i, e in enumerate(delegated):
        sym = e.symbol(arch)
        w("\t.globl %s\n\t.p2align 4\n%s:\n" % (sym, sym))
        if arch == "x64":
            w("\tjmp *%s+%d(%%rip)\n" % (c("winmm_delegate_slots"), i * ptr))
        else:
            w("\tjmp *%s+%d\n" % (c("winmm_delegate_slots"), i * ptr))
        w("resolve_%d:\n\tmovl $%d, %%eax\n\tjmp resolve_common\n" % (i, i))
        w("fallback_%d:\n\tmovl $0x%x, %%eax\n" % (i, e.fail_value()))
        if arch == "x86" and e.cc == "stdcall" and e.arg_bytes():
            w("\tret $%d\n" % e.arg_bytes())
        else:
            w("\tret\n")
    if arch == "x64":
        # Entry: rsp = 8 mod 16. Four pushes keep that; 104 more bytes align it for the call and hold the shadow
        # space (32) and xmm0-3 (64), which carry floating-point arguments in the Windows x64 convention.
        w("resolve_common:\n"
          "\tpushq %rcx\n\tpushq %rdx\n\tpushq %r8\n\tpushq %r9\n\tsubq $104, %rsp\n"
          "\tmovdqu %xmm0, 32(%rsp)\n\tmovdqu %xmm1, 48(%rsp)\n\tmovdqu %xmm2, 64(%rsp)\n\tmovdqu %xmm3, 80(%rsp)\n"
          "\tmovl %eax, %ecx\n\tcall winmm_resolve_delegate\n"
          "\tmovdqu 32(%rsp), %xmm0\n\tmovdqu 48(%rsp), %xmm1\n\tmovdqu 64(%rsp), %xmm2\n\tmovdqu 80(%rsp), %xmm3\n"
          "\taddq $104, %rsp\n\tpopq %r9\n\tpopq %r8\n\tpopq %rdx\n\tpopq %rcx\n\tjmp *%rax\n")
    else:
        # cdecl call; ecx/edx are saved because fastcall/thiscall-style callers could carry values in them.
        w("resolve_common:\n"
          "\tpushl %ecx\n\tpushl %edx\n\tpushl %eax\n\tcall _winmm_resolve_delegate\n\taddl $4, %esp\n"
          "\tpopl %edx\n\tpopl %ecx\n\tjmp *%eax\n")


def write_header(exports, arch, out):
    out.write("// generated from winmm.spec by tools/winmm_spec.py: do not edit\n#pragma once\n"
              "struct SpecExport { const char* name; bool delegated; bool varargs; unsigned arg_bytes; "
              "unsigned fail; };\n"
              "static const SpecExport spec_exports[] = {\n")
    for e in for_arch(exports, arch):
        out.write('    {"%s", %s, %s, %d, 0x%xu},\n' % (
            e.name, "true" if e.delegated else "false", "true" if e.cc == "varargs" else "false",
            e.arg_bytes(), e.fail_value() if e.delegated else 0))
    out.write("};\n")


def dll_exports(dll, objdump):
    text = subprocess.run([objdump, "-p", dll], check=True, capture_output=True, text=True).stdout
    names, in_table = [], False
    for line in text.splitlines():
        if line.startswith("[Ordinal/Name Pointer] Table"):
            in_table = True
            continue
        if in_table:
            m = re.match(r"\s*\[\s*\d+\]\s+(\S+)", line)
            if not m:
                break
            names.append(m.group(1))
    return names


def check(exports, arch, dll, objdump):
    want = {e.name for e in for_arch(exports, arch)}
    have = set(dll_exports(dll, objdump))
    missing, extra = sorted(want - have), sorted(have - want)
    decorated = sorted(n for n in have if "@" in n)
    ok = not (missing or extra or decorated)
    for label, items in (("missing from the DLL", missing), ("exported but not in winmm.spec", extra),
                         ("decorated", decorated)):
        if items:
            print("%s: %s: %s" % (dll, label, " ".join(items)), file=sys.stderr)
    return ok


# WINAPIV: the cdecl exports the spec marks varargs.
DEFINITION = re.compile(r'^extern "C" [^;{]*?\bWINAPIV?\s+(\w+)\s*\(', re.M)


def check_sources(exports, files):
    defined = set()
    for f in files:
        text = open(f, encoding="utf-8").read()
        for m in DEFINITION.finditer(text):
            # a declaration ends with ';' before any '{'
            rest = text[m.end():]
            brace, semi = rest.find("{"), rest.find(";")
            if brace != -1 and (semi == -1 or brace < semi) and m.group(1) != "DllMain":
                defined.add(m.group(1))
    owned = {e.name for e in exports if not e.delegated}
    delegated = {e.name for e in exports if e.delegated}
    ok = True
    for label, items in (("owned in winmm.spec but defined nowhere", owned - defined),
                         ("defined as an export but not owned in winmm.spec", defined - owned - delegated),
                         ("defined in the sources but delegated in winmm.spec", defined & delegated)):
        if items:
            print("winmm.spec: %s: %s" % (label, " ".join(sorted(items))), file=sys.stderr)
            ok = False
    return ok


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("cmd", choices=["def", "thunks", "check", "sources", "header", "list"])
    ap.add_argument("--arch", choices=["x86", "x64"])
    ap.add_argument("--owned", action="store_true")
    ap.add_argument("--delegated", action="store_true")
    ap.add_argument("--stamp", help="with check: file to touch on success")
    ap.add_argument("spec")
    ap.add_argument("rest", nargs="*")
    a = ap.parse_args()
    exports = parse(a.spec)
    if a.cmd != "sources" and not a.arch:
        ap.error("--arch is required for " + a.cmd)
    if a.cmd == "def":
        with open(a.rest[0], "w") as out:
            write_def(exports, a.arch, out)
    elif a.cmd == "thunks":
        with open(a.rest[0], "w") as out:
            write_thunks(exports, a.arch, out)
    elif a.cmd == "header":
        with open(a.rest[0], "w") as out:
            write_header(exports, a.arch, out)
    elif a.cmd == "check":
        if not check(exports, a.arch, a.rest[0], a.rest[1]):
            sys.exit(1)
        if a.stamp:
            open(a.stamp, "w").close()
    elif a.cmd == "sources":
        if not check_sources(exports, a.rest):
            sys.exit(1)
        if a.stamp:
            open(a.stamp, "w").close()
    else:
        for e in for_arch(exports, a.arch):
            if (a.owned and e.delegated) or (a.delegated and not e.delegated):
                continue
            print(e.name)


if __name__ == "__main__":
    main()
