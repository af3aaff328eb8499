#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""Lists the initramfs entries for files taken from an unpacked Debian tree, with
everything they need to run.

ROOT is a tree made with `dpkg-deb -x` from arm64 packages (nothing is installed on
the host). Each PATH is absolute inside ROOT. For each one, and recursively:
  - a symbolic link comes as a link plus what it points to, resolved inside ROOT
    (an absolute target means ROOT's /, never the host's);
  - an ELF file brings its program interpreter (PT_INTERP) and the libraries its
    dynamic section names (DT_NEEDED), looked up where Debian's arm64 loader looks
    when there is no /etc/ld.so.cache: LIBDIRS below.
Files under /sbin, /usr/bin and /usr/sbin go to /bin: in a Shoji initramfs those
three are links to /bin (mkinitramfs.sh). A dlopen()ed plugin (an xtables extension)
is no DT_NEEDED of anyone: name it as a PATH.

Prints gen_init_cpio lines (see cpio.py): each entry preceded by `dir` lines for its
parents (mkinitramfs.sh drops the repeats), sorted by archive path. Fails, naming the
file, on a missing PATH or library, a non-AArch64 ELF file, an RPATH/RUNPATH (the
loader would search elsewhere than LIBDIRS) or a link through a linked directory.

Usage: elfdeps.py ROOT PATH...
"""
import os
import posixpath
import stat
import struct
import sys

LIBDIRS = ("/lib/aarch64-linux-gnu", "/usr/lib/aarch64-linux-gnu", "/lib", "/usr/lib")
BINDIRS = ("/sbin/", "/usr/bin/", "/usr/sbin/")
EM_AARCH64 = 183
PT_LOAD, PT_DYNAMIC, PT_INTERP = 1, 2, 3
DT_NULL, DT_NEEDED, DT_STRTAB, DT_RPATH, DT_RUNPATH = 0, 1, 5, 15, 29


def die(msg):
    sys.exit("elfdeps.py: " + msg)


def cstr(data, off):
    return data[off:data.index(b"\0", off)].decode()


def elf_deps(path, data):
    """(interpreter or None, [DT_NEEDED names]) of an ELF64 little-endian AArch64 file."""
    if len(data) < 64 or data[4] != 2 or data[5] != 1 or \
            struct.unpack_from("<H", data, 0x12)[0] != EM_AARCH64:
        die("%s: not an ELF64 little-endian AArch64 file" % path)
    phoff, = struct.unpack_from("<Q", data, 0x20)
    phentsize, phnum = struct.unpack_from("<HH", data, 0x36)
    interp, dynamic, loads = None, None, []
    for i in range(phnum):
        p_type, _, off, vaddr, _, filesz, _, _ = struct.unpack_from("<IIQQQQQQ", data, phoff + i * phentsize)
        if p_type == PT_INTERP:
            interp = cstr(data, off)
        elif p_type == PT_DYNAMIC:
            dynamic = (off, filesz)
        elif p_type == PT_LOAD:
            loads.append((vaddr, off, filesz))
    if dynamic is None:
        return interp, []
    tags = []
    for off in range(dynamic[0], dynamic[0] + dynamic[1], 16):
        tag, val = struct.unpack_from("<qQ", data, off)
        if tag == DT_NULL:
            break
        tags.append((tag, val))
    if any(tag in (DT_RPATH, DT_RUNPATH) for tag, _ in tags):
        die("%s: has an RPATH or RUNPATH, which this script does not follow" % path)
    strtab = [val for tag, val in tags if tag == DT_STRTAB]
    # DT_STRTAB is an address: find the file offset of the segment that holds it.
    strtab_off = [off + strtab[0] - vaddr for vaddr, off, size in loads
                  if strtab and vaddr <= strtab[0] < vaddr + size]
    needed = [val for tag, val in tags if tag == DT_NEEDED]
    if needed and not strtab_off:
        die("%s: DT_NEEDED without a loaded DT_STRTAB" % path)
    return interp, [cstr(data, strtab_off[0] + val) for val in needed]


class Tree:
    def __init__(self, root):
        self.root = root.rstrip("/") or "/"
        self.real = os.path.realpath(root)
        self.entries = {}  # archive path -> manifest line

    def host(self, path):
        return self.root + path

    def check_dirs(self, path):
        """Refuses a path whose directories are links: their targets could leave ROOT."""
        parent = posixpath.dirname(path)
        if os.path.realpath(self.host(parent)) != os.path.normpath(self.real + parent):
            die("%s: a directory on the way is a symbolic link (not supported)" % path)

    def add(self, path, why):
        """Adds ROOT's `path` and, recursively, what it needs; `why` names the asker."""
        for _ in range(40):
            if not path.startswith("/") or posixpath.normpath(path) != path:
                die("%s (%s): want a normalized absolute path inside ROOT" % (path, why))
            self.check_dirs(path)
            st = os.lstat(self.host(path)) if os.path.lexists(self.host(path)) else None
            if st is None:
                die("%s (%s): not in %s" % (path, why, self.root))
            dest = archive_path(path)
            if not stat.S_ISLNK(st.st_mode):
                break
            target = os.readlink(self.host(path))
            nxt = posixpath.normpath(posixpath.join(posixpath.dirname(path), target))
            if archive_path(nxt) == dest:
                die("%s (%s): links to %s, the same path in the initramfs" % (path, why, nxt))
            link = posixpath.relpath(archive_path(nxt), posixpath.dirname(dest))
            self.entries[dest] = "slink %s %s 0777 0 0" % (dest, link)
            why, path = "link %s" % path, nxt
        else:
            die("%s (%s): too many levels of symbolic links" % (path, why))
        if not stat.S_ISREG(st.st_mode):
            die("%s (%s): not a regular file" % (path, why))
        if dest in self.entries:
            return
        mode = "0755" if st.st_mode & 0o111 else "0644"
        self.entries[dest] = "file %s %s %s 0 0" % (dest, self.host(path), mode)
        with open(self.host(path), "rb") as f:
            data = f.read()
        if data[:4] != b"\x7fELF":
            return  # a script or data: needs nothing we can tell
        interp, needed = elf_deps(path, data)
        if interp:
            self.add(interp, "interpreter of %s" % path)
        for lib in needed:
            if "/" in lib:
                die("%s: needs %s by path (not supported)" % (path, lib))
            for d in LIBDIRS:
                if os.path.lexists(self.host(d + "/" + lib)):
                    self.add(d + "/" + lib, "needed by %s" % path)
                    break
            else:
                die("%s: needs %s, which is in none of %s under %s (unpack the package"
                    " that ships it there)" % (path, lib, ", ".join(LIBDIRS), self.root))


def archive_path(path):
    for d in BINDIRS:
        if path.startswith(d):
            return "/bin/" + path[len(d):]
    return path


def main():
    if len(sys.argv) < 3:
        sys.exit(__doc__.strip().splitlines()[-1])
    if not os.path.isdir(sys.argv[1]):
        die("%s: no such directory" % sys.argv[1])
    tree = Tree(sys.argv[1])
    for path in sys.argv[2:]:
        tree.add(path, "asked for")
    for dest in sorted(tree.entries):
        parts = dest.split("/")[1:-1]
        for i in range(len(parts)):
            print("dir /%s 0755 0 0" % "/".join(parts[:i + 1]))
        print(tree.entries[dest])


if __name__ == "__main__":
    main()
