#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""Lists the kernel modules to load for the named ones, dependencies first.

Debian's linux-image package carries no modules.dep (depmod runs at install), so
the dependencies are read from each module's own .modinfo section (`depends=`).
A name the kernel has built in (modules.builtin) needs nothing and is skipped.
Prints one path per line, relative to MODDIR's parent (/lib/modules), e.g.
`6.1.0-57-arm64/kernel/drivers/virtio/virtio_mmio.ko`.

Usage: moddeps.py MODDIR NAME...    (MODDIR = .../lib/modules/<version>)
"""
import os
import struct
import sys


def norm(name):
    return name.replace("-", "_")


def modinfo(path):
    """The key=value strings of an ELF64 little-endian module's .modinfo section."""
    with open(path, "rb") as f:
        elf = f.read()
    if elf[:4] != b"\x7fELF" or elf[4] != 2 or elf[5] != 1:
        sys.exit("moddeps.py: %s: not an ELF64 little-endian file" % path)
    shoff, = struct.unpack_from("<Q", elf, 0x28)
    shentsize, shnum, shstrndx = struct.unpack_from("<HHH", elf, 0x3A)

    def section(i):
        name, _, _, _, off, size = struct.unpack_from("<IIQQQQ", elf, shoff + i * shentsize)
        return name, off, size

    _, stroff, _ = section(shstrndx)
    for i in range(shnum):
        name, off, size = section(i)
        end = elf.index(b"\0", stroff + name)
        if elf[stroff + name:end] == b".modinfo":
            return dict(kv.split(b"=", 1) for kv in elf[off:off + size].split(b"\0") if b"=" in kv)
    sys.exit("moddeps.py: %s: no .modinfo section" % path)


def main():
    if len(sys.argv) < 3:
        sys.exit(__doc__.strip().splitlines()[-1])
    moddir = sys.argv[1].rstrip("/")
    top = os.path.dirname(moddir)
    builtin = set()
    with open(os.path.join(moddir, "modules.builtin")) as f:
        for line in f:
            builtin.add(norm(os.path.basename(line.strip())[:-len(".ko")]))
    index = {}
    for root, _, files in os.walk(os.path.join(moddir, "kernel")):
        for fn in files:
            if fn.endswith(".ko"):
                index[norm(fn[:-3])] = os.path.join(root, fn)

    order, state = [], {}

    def visit(name, chain):
        name = norm(name)
        if state.get(name) == "done" or name in builtin:
            return
        if state.get(name) == "visiting":
            sys.exit("moddeps.py: dependency cycle: %s" % " -> ".join(chain + [name]))
        if name not in index:
            sys.exit("moddeps.py: no module %s in %s (and not built in)" % (name, moddir))
        state[name] = "visiting"
        deps = modinfo(index[name]).get(b"depends", b"").decode()
        for dep in sorted(d for d in deps.split(",") if d):
            visit(dep, chain + [name])
        state[name] = "done"
        order.append(os.path.relpath(index[name], top))

    for name in sys.argv[2:]:
        visit(name, [])
    for path in order:
        print(path)


if __name__ == "__main__":
    main()
