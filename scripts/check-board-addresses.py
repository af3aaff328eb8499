#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""Fails if a file outside board/<b>/ and vms/ names one of the board's physical addresses.

Host unit tests (tests/unit/) are exempt: they run pure logic against fake boards and
systems of their own, whose numbers merely resemble a real board's.

The addresses are read from board/<b>/board.c (every hex constant of 0x100000 or more:
RAM, hypervisor window, UART, GIC, platform devices), so the list cannot drift. Docs
may quote them; code, tests and tools may not: they get addresses from the board or a
system's layout header.
"""
import re
import subprocess
import sys

board = sys.argv[1] if len(sys.argv) > 1 else "qemu-virt"
src = open("board/%s/board.c" % board).read()
addrs = {int(h, 16) for h in re.findall(r"0x([0-9a-fA-F]+)", src) if int(h, 16) >= 0x100000}
# Derived ones: each virtio-mmio transport and the hypervisor's load address.
virtio = re.search(r'"virtio-mmio" #n, PA_INIT\((0x[0-9a-fA-F]+) \+ (0x[0-9a-fA-F]+) \* \(n\)\)', src)
if virtio:
    base, stride = int(virtio.group(1), 16), int(virtio.group(2), 16)
    addrs |= {base + stride * n for n in range(32)}
mk = open("board/%s/board.mk" % board).read()
addrs |= {int(h, 16) for h in re.findall(r"^HYP_LOAD_ADDR := 0x([0-9a-fA-F]+)", mk, re.M)}
files = subprocess.run(["git", "ls-files", "--cached", "--others", "--exclude-standard"], capture_output=True,
                       text=True, check=True).stdout.split()
bad = 0
for f in files:
    if f.startswith(("board/", "vms/", "docs/", "build/", "tests/unit/", "scripts/check-board-addresses.py")) \
            or f.endswith(".md"):
        continue
    try:
        text = open(f, encoding="utf-8", errors="replace").read()
    except (IsADirectoryError, FileNotFoundError):
        continue
    for i, line in enumerate(text.splitlines(), 1):
        for h in re.findall(r"\b0x0*([0-9a-fA-F]{6,})\b", line):
            if int(h, 16) in addrs:
                print("%s:%d: names a %s physical address (0x%s): take it from board/ or vms/" % (f, i, board, h))
                bad += 1
sys.exit(1 if bad else 0)
