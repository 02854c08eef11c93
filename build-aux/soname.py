#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Prints the name a program linked with -lNAME records for the library:
its soname, the one to open at run time for the same library.

    soname.py NAME [DIR…] -- CC [ARG…]

Looks for libNAME.so in each DIR (a pkg-config libdir), then where the
compiler finds it (CC -print-file-name=libNAME.so), and reads DT_SONAME
from that ELF file; a library built without one is recorded, and so
opened, by the name it was found under."""

import os
import struct
import subprocess
import sys

SHT_DYNAMIC = 6
DT_NULL = 0
DT_SONAME = 14


def read_soname(path, found_as):
    with open(path, 'rb') as f:
        data = f.read()
    if data[:4] != b'\x7fELF':
        sys.exit(f'soname.py: {path} is not an ELF shared library')
    wide = data[4] == 2
    order = '<' if data[5] == 1 else '>'
    if wide:
        shoff, = struct.unpack_from(order + 'Q', data, 0x28)
        shentsize, shnum = struct.unpack_from(order + 'HH', data, 0x3A)
        section = order + 'IIQQQQIIQQ'
        entry = order + 'qQ'
    else:
        shoff, = struct.unpack_from(order + 'I', data, 0x20)
        shentsize, shnum = struct.unpack_from(order + 'HH', data, 0x2E)
        section = order + 'IIIIIIIIII'
        entry = order + 'iI'
    sections = [struct.unpack_from(section, data, shoff + i * shentsize) for i in range(shnum)]
    for _, kind, _, _, offset, size, link, _, _, entsize in sections:
        if kind != SHT_DYNAMIC:
            continue
        strtab_offset = sections[link][4]
        for at in range(offset, offset + size, entsize):
            tag, value = struct.unpack_from(entry, data, at)
            if tag == DT_NULL:
                break
            if tag == DT_SONAME:
                end = data.index(b'\0', strtab_offset + value)
                return data[strtab_offset + value:end].decode()
    return os.path.basename(found_as)


def main():
    args = sys.argv[1:]
    split = args.index('--')
    name, dirs, compiler = args[0], args[1:split], args[split + 1:]
    file_name = f'lib{name}.so'
    candidates = [os.path.join(d, file_name) for d in dirs]
    found = subprocess.run(compiler + [f'-print-file-name={file_name}'],
                           capture_output=True, text=True, check=True).stdout.strip()
    candidates.append(found)
    for path in candidates:
        if os.path.isabs(path) and os.path.isfile(path):
            print(read_soname(os.path.realpath(path), path))
            return
    sys.exit(f'soname.py: {file_name} not found in {", ".join(candidates)}')


main()
