#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""Writes a gzip'ed newc cpio archive (an initramfs) from a manifest, without root.

The manifest uses the kernel's usr/gen_init_cpio format, one entry per line:
    dir   <name> <mode> <uid> <gid>
    file  <name> <source> <mode> <uid> <gid>
    slink <name> <target> <mode> <uid> <gid>
    nod   <name> <mode> <uid> <gid> <c|b> <major> <minor>
Device nodes are written into the archive, not created on the host, so nothing
here needs privileges. The output depends only on the manifest and the file
contents: mtimes are SOURCE_DATE_EPOCH (default 0), inodes count from 1 in
manifest order, and the gzip header carries no name or time.

Usage: cpio.py MANIFEST OUTPUT
"""
import gzip
import io
import os
import stat
import sys

MTIME = int(os.environ.get("SOURCE_DATE_EPOCH", "0"))


class Archive:
    def __init__(self):
        self.buf = io.BytesIO()
        self.ino = 0

    def _entry(self, name, mode, uid, gid, data=b"", rdev=(0, 0), nlink=1):
        self.ino += 1
        name = name.lstrip("/").encode() + b"\0"
        hdr = b"070701" + b"".join(b"%08X" % v for v in (
            self.ino, mode, uid, gid, nlink, MTIME, len(data),
            0, 0, rdev[0], rdev[1], len(name), 0))
        self.buf.write(hdr + name)
        self._pad()
        self.buf.write(data)
        self._pad()

    def _pad(self):
        self.buf.write(b"\0" * (-self.buf.tell() % 4))

    def add(self, line, lineno):
        f = line.split()
        kind = f[0]
        try:
            if kind == "dir" and len(f) == 5:
                self._entry(f[1], stat.S_IFDIR | int(f[2], 8), int(f[3]), int(f[4]), nlink=2)
            elif kind == "file" and len(f) == 6:
                with open(f[2], "rb") as src:
                    data = src.read()
                self._entry(f[1], stat.S_IFREG | int(f[3], 8), int(f[4]), int(f[5]), data)
            elif kind == "slink" and len(f) == 6:
                self._entry(f[1], stat.S_IFLNK | int(f[3], 8), int(f[4]), int(f[5]), f[2].encode())
            elif kind == "nod" and len(f) == 8 and f[5] in ("c", "b"):
                kind_bits = stat.S_IFCHR if f[5] == "c" else stat.S_IFBLK
                self._entry(f[1], kind_bits | int(f[2], 8), int(f[3]), int(f[4]),
                            rdev=(int(f[6]), int(f[7])))
            else:
                raise ValueError("unknown or malformed entry")
        except (ValueError, OSError) as e:
            sys.exit("cpio.py: manifest line %d: %s: %s" % (lineno, line, e))

    def finish(self):
        self.ino = -1  # the trailer carries inode 0
        self._entry("TRAILER!!!", 0, 0, 0)
        return self.buf.getvalue()


def main():
    if len(sys.argv) != 3:
        sys.exit(__doc__.strip().splitlines()[-1])
    arc = Archive()
    seen = set()
    with open(sys.argv[1]) as m:
        for n, line in enumerate(m, 1):
            line = line.strip()
            if not line or line.startswith("#"):
                continue
            name = line.split()[1] if len(line.split()) > 1 else ""
            if name in seen:
                sys.exit("cpio.py: manifest line %d: %s listed twice" % (n, name))
            seen.add(name)
            arc.add(line, n)
    tmp = sys.argv[2] + ".tmp"
    with open(tmp, "wb") as out:
        # mtime=0 and no file name: the same archive gives the same bytes.
        with gzip.GzipFile(filename="", mode="wb", fileobj=out, mtime=0, compresslevel=9) as gz:
            gz.write(arc.finish())
    os.replace(tmp, sys.argv[2])


if __name__ == "__main__":
    main()
