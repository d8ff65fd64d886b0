#!/usr/bin/env python3
"""Reads winmm.spec and writes what the link needs from it, or checks a built DLL against it.

  winmm_spec.py def     --arch x86|x64 SPEC OUT.def      module definition: every export of the architecture
  winmm_spec.py check   --arch x86|x64 SPEC DLL OBJDUMP  the DLL's export table must hold exactly the spec's names
  winmm_spec.py sources SPEC FILE.cpp...                 owned spec entries and the exports the sources define agree
  winmm_spec.py header  --arch x86|x64 SPEC OUT.h        the spec as a C table (for tests)
  winmm_spec.py list    --arch x86|x64 SPEC                names, one a line (for tests and tools)

Every export is owned: defined in the sources as `extern "C" RET WINAPI name(` (WINAPIV for varargs) at the start of a
line; `sources` finds them there, so an export written without a spec entry (which the .def would silently leave
out) fails the build.
"""
import argparse
import re
import subprocess
import sys

ARG_BYTES_X86 = {"long": 4, "ptr": 4, "str": 4, "wstr": 4, "int64": 8, "double": 8}

LINE = re.compile(r"^(?P<ord>@|\d+)\s+(?P<cc>stdcall|varargs)(?P<flags>(?:\s+-\S+)*)\s+"
                  r"(?P<name>\w+)\((?P<args>[^)]*)\)\s*(?:#.*)?$")


class Export:
    def __init__(self, name, cc, args, arches):
        self.name, self.cc, self.args, self.arches = name, cc, args, arches

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


def parse(path):
    exports = []
    for lineno, raw in enumerate(open(path, encoding="utf-8"), 1):
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        if "fail=" in line:
            sys.exit("%s:%d: `# fail=` (delegation to a backend winmm) is gone: every export is implemented here"
                     % (path, lineno))
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
        exports.append(Export(m.group("name"), m.group("cc"), args, arches))
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


def write_header(exports, arch, out):
    out.write("// generated from winmm.spec by tools/winmm_spec.py: do not edit\n#pragma once\n"
              "struct SpecExport { const char* name; bool varargs; unsigned arg_bytes; };\n"
              "static const SpecExport spec_exports[] = {\n")
    for e in for_arch(exports, arch):
        out.write('    {"%s", %s, %d},\n' % (e.name, "true" if e.cc == "varargs" else "false", e.arg_bytes()))
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
    listed = {e.name for e in exports}
    ok = True
    for label, items in (("listed in winmm.spec but defined nowhere", listed - defined),
                         ("defined as an export but not listed in winmm.spec", defined - listed)):
        if items:
            print("winmm.spec: %s: %s" % (label, " ".join(sorted(items))), file=sys.stderr)
            ok = False
    return ok


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("cmd", choices=["def", "check", "sources", "header", "list"])
    ap.add_argument("--arch", choices=["x86", "x64"])
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
            print(e.name)


if __name__ == "__main__":
    main()
