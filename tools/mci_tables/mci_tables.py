#!/usr/bin/env python3
"""Turns MCI command tables written as text into a resource script (.rc) holding them in Windows' binary
command-table format, one RCDATA resource per table.

Binary format (what mciLoadCommandResource reads): a sequence of items, each
    WCHAR name[]  (NUL-terminated, UTF-16LE; empty for some item types)
    DWORD value   (a message, a flag, a constant's value or a return type)
    WORD  type    (MCI_COMMAND_HEAD, MCI_FLAG, MCI_INTEGER, ... from mmddk.h)
A command is MCI_COMMAND_HEAD .. MCI_END_COMMAND; the table ends with MCI_END_COMMAND_LIST. Every item is an even
number of bytes, so the script writes each table as a list of WORDs (bare numbers in RCDATA are 16-bit).

Text format (one item a line, '#' starts a comment, keywords with spaces in double quotes):
    table NAME                   starts a resource named NAME (ends at the next 'table' or the end of the file)
    snippet NAME ... endsnippet  lines inserted wherever 'use NAME' appears
    command VERB MESSAGE         MCI_COMMAND_HEAD
      return TYPE                MCI_RETURN: integer | integer_ptr (MCI_INTEGER64 on x64) | string | rect
      flag KEYWORD FLAG          MCI_FLAG
      integer KEYWORD FLAG       MCI_INTEGER (one DWORD of the parameter block)
      string KEYWORD FLAG        MCI_STRING (a string pointer)
      rect KEYWORD FLAG          MCI_RECT (four LONGs)
      hwnd|hpal|hdc KEYWORD FLAG MCI_HWND/MCI_HPAL/MCI_HDC (a handle)
      constant KEYWORD FLAG      MCI_CONSTANT, then
        value KEYWORD VALUE      MCI_INTEGER items: the words the constant accepts
        hvalue KEYWORD VALUE     an MCI_HWND item: the constant then fills a handle ("handle default")
      endconstant                MCI_END_CONSTANT
    end                          MCI_END_COMMAND
Values are numbers, names #defined in the Windows headers given with --header, or NAME|NAME... combinations.
"""
import argparse
import re
import shlex
import subprocess
import sys

ITEM_TYPES = {
    'command_head': 0, 'string': 1, 'integer': 2, 'end_command': 3, 'return': 4, 'flag': 5,
    'end_command_list': 6, 'rect': 7, 'constant': 8, 'end_constant': 9, 'hwnd': 10, 'hpal': 11, 'hdc': 12,
    'integer64': 13,
}


HEADERS = ['windows.h', 'mmsystem.h', 'mmddk.h', 'digitalv.h', 'vcr.h', 'vfw.h', 'mciavi.h']


class Symbols:
    """#define values of the Windows headers (as the cross compiler's preprocessor lists them, or read from the
    header files given), evaluated on demand."""

    def __init__(self, headers, compiler):
        self.raw = {}
        self.cache = {}
        define = re.compile(r'^\s*#\s*define\s+([A-Za-z_]\w*)\s+(.+?)\s*(?://.*|/\*.*)?$')
        texts = []
        if compiler:
            source = ''.join('#include <%s>\n' % h for h in HEADERS)
            texts.append(subprocess.run(compiler + ['-E', '-dM', '-x', 'c', '-'], input=source, check=True,
                                        capture_output=True, text=True).stdout)
        for path in headers:
            with open(path, encoding='latin-1') as f:
                texts.append(f.read())
        for text in texts:
            for line in text.splitlines():
                m = define.match(line)
                if m and m.group(1) not in self.raw:
                    self.raw[m.group(1)] = m.group(2)

    def value(self, expr, depth=0):
        if depth > 20:
            raise ValueError('recursive definition: ' + expr)
        text = expr.strip()
        if text in self.cache:
            return self.cache[text]
        text = re.sub(r'__MSABI_LONG\(([^()]*)\)', r'(\1)', text)
        text = re.sub(r'\((?:DWORD|UINT|WORD|LONG|ULONG|int|unsigned)\)', '', text)
        text = re.sub(r'\b(0[xX][0-9A-Fa-f]+|\d+)[uUlL]+\b', r'\1', text)

        def name(m):
            word = m.group(0)
            if word not in self.raw:
                raise ValueError('unknown name ' + word)
            return '(%d)' % self.value(self.raw[word], depth + 1)
        text = re.sub(r'\b[A-Za-z_]\w*\b', name, text)
        if not re.fullmatch(r'[\s0-9xXa-fA-F()+\-|<>~&]*', text):
            raise ValueError('cannot evaluate ' + expr)
        result = eval(text, {'__builtins__': {}}) & 0xFFFFFFFF  # noqa: S307 - digits and operators only
        self.cache[expr.strip()] = result
        return result


def parse(paths, symbols, arch):
    """Returns [(table name, [(name, value, type, comment)])]."""
    tables = []
    snippets = {}
    lines = []
    for path in paths:
        with open(path, encoding='utf-8') as f:
            for number, line in enumerate(f, 1):
                words = shlex.split(line, comments=True)
                if words:
                    lines.append((path, number, words))

    def fail(where, message):
        sys.exit('%s:%d: %s' % (where[0], where[1], message))

    # Collect snippets first, then expand 'use'.
    expanded = []
    current_snippet = None
    for where_path, number, words in lines:
        where = (where_path, number)
        if words[0] == 'snippet':
            current_snippet = snippets.setdefault(words[1], [])
        elif words[0] == 'endsnippet':
            current_snippet = None
        elif current_snippet is not None:
            current_snippet.append((where, words))
        else:
            expanded.append((where, words))
    final = []

    def expand(entries, depth):
        for where, words in entries:
            if words[0] != 'use':
                final.append((where, words))
            elif words[1] not in snippets:
                fail(where, 'unknown snippet ' + words[1])
            elif depth > 10:
                fail(where, 'snippets nested too deep')
            else:
                expand(snippets[words[1]], depth + 1)
    expand(expanded, 0)

    items = None
    in_command = in_constant = False
    for where, words in final:
        kind = words[0]
        try:
            if kind == 'table':
                if in_command:
                    fail(where, 'table inside a command')
                items = []
                tables.append((words[1], items))
            elif items is None:
                fail(where, 'item outside a table')
            elif kind == 'command':
                if in_command:
                    fail(where, 'command inside a command')
                in_command = True
                items.append((words[1], symbols.value(words[2]), ITEM_TYPES['command_head'], ''))
            elif kind == 'return':
                types = {'integer': 'integer', 'string': 'string', 'rect': 'rect',
                         'integer_ptr': 'integer64' if arch == 'x64' else 'integer'}
                items.append(('', ITEM_TYPES[types[words[1]]], ITEM_TYPES['return'], ''))
            elif kind in ('flag', 'integer', 'string', 'rect', 'hwnd', 'hpal', 'hdc', 'constant'):
                if kind == 'constant':
                    in_constant = True
                items.append((words[1], symbols.value(words[2]), ITEM_TYPES[kind], ''))
            elif kind in ('value', 'hvalue'):
                if not in_constant:
                    fail(where, 'value outside a constant')
                value_type = 'integer' if kind == 'value' else 'hwnd'
                items.append((words[1], symbols.value(words[2]), ITEM_TYPES[value_type], ''))
            elif kind == 'endconstant':
                in_constant = False
                items.append(('', 0, ITEM_TYPES['end_constant'], ''))
            elif kind == 'end':
                if in_constant or not in_command:
                    fail(where, 'unbalanced end')
                in_command = False
                items.append(('', 0, ITEM_TYPES['end_command'], ''))
            else:
                fail(where, 'unknown item ' + kind)
        except (ValueError, KeyError, IndexError) as e:
            fail(where, str(e))
    for _, table_items in tables:
        table_items.append(('', 0, ITEM_TYPES['end_command_list'], ''))
    return tables


def words_of(name, value, item_type):
    data = (name + '\0').encode('utf-16-le') + value.to_bytes(4, 'little') + item_type.to_bytes(2, 'little')
    return [int.from_bytes(data[i:i + 2], 'little') for i in range(0, len(data), 2)]


def write_rc(tables, out):
    out.write('// Generated by tools/mci_tables/mci_tables.py from dlls/winmm/mci/tables/*.txt: do not edit.\n')
    out.write('// MCI command tables in the binary format mciLoadCommandResource reads (see the script).\n\n')
    for name, items in tables:
        out.write('%s RCDATA\n{\n' % name)
        for item_name, value, item_type, _ in items:
            ws = words_of(item_name, value, item_type)
            label = item_name.replace('*/', '') or '-'
            out.write('  %s, /* %s %d */\n' % (', '.join('0x%04x' % w for w in ws), label, item_type))
        out.write('  0x0000 /* padding word: keeps the last item intact */\n}\n\n')


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument('--arch', choices=['x86', 'x64'], required=True)
    ap.add_argument('--header', action='append', default=[], help='a header file to read #defines from')
    ap.add_argument('--cc', action='append', default=[], help='the C compiler command, one word per --cc')
    ap.add_argument('output')
    ap.add_argument('tables', nargs='+')
    a = ap.parse_args()
    tables = parse(a.tables, Symbols(a.header, a.cc), a.arch)
    names = [t[0].upper() for t in tables]
    if len(set(names)) != len(names):
        sys.exit('duplicate table names')
    with open(a.output, 'w', encoding='ascii') as out:
        write_rc(tables, out)


if __name__ == '__main__':
    main()
