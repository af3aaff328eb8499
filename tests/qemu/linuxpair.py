# SPDX-License-Identifier: MIT
"""A booted vpn-apps system: two Debian kernels, driven through their shells on the tagged console."""
import os
import re
import time

from harness import Qemu
from session import Session

_seq = [0]


class LinuxPair(Session):
    def __init__(self, ctx, name, timeout=300.0, image=None):
        """Boots vpn-apps as built, or `image` (a variant a test packed) with the same QEMU line."""
        if image is None:
            self.q = ctx.boot("SYSTEM=vpn-apps", timeout=timeout, name=name)
        else:
            log = os.path.join(ctx.logdir, re.sub(r"[^A-Za-z0-9_.-]", "_", name) + ".log")
            self.q = Qemu(ctx.qemu_cmd(image, "SYSTEM=vpn-apps"), timeout=timeout, log_path=log)
        self.focus = "vpn"
        try:
            self.q.expect(r"^\[vpn\] shoji-guest: eth0 ", timeout=90)
            self.q.expect(r"^\[apps\] shoji-guest: apps up$", timeout=90)
        except BaseException:
            self.q.kill()  # no QEMU left running for the tests after this one
            raise

    def sh(self, vm, command, timeout=60):
        """Runs `command` in `vm`'s shell; returns (exit status, output lines)."""
        self.focus_on(vm)
        _seq[0] += 1
        tag = "%d" % _seq[0]
        start = len(self.q.out)
        # The marker is split in what is typed (and echoed) and whole only in what runs.
        sep = " " if command.rstrip().endswith("&") else "; "  # "cmd &; x" is a syntax error
        self.q.send('%s%secho "@@""DONE%s $?"\r' % (command, sep, tag))
        # A kernel message may land on the marker's line, right after it: "@@DONE7 0[    4.02] ...".
        m = self.q.expect(r"^\[%s\] @@DONE%s (\d+)(?:$|\[ *\d+\.\d+\] )" % (vm, tag), start=start,
                          timeout=timeout)
        lines = [l[len(vm) + 3:] for l in self.q.out[start:m.start()].splitlines() if l.startswith("[%s] " % vm)]
        lines = [l for l in lines if "@@" not in l and not l.startswith("[ ") and not l.startswith("[  ")]
        return int(m.group(1)), lines

    def uptime(self, vm):
        rc, out = self.sh(vm, "cat /proc/uptime")
        return float(out[-1].split()[0])

    def reboot_apps(self, how="reboot -f"):
        self.focus_on("apps")
        start = len(self.q.out)
        self.q.send(how + "\r")
        self.q.expect(r"^\[shoji\] apps: restarted", start=start, timeout=60)
        self.q.expect(r"^\[apps\] shoji-guest: apps up$", start=start, timeout=120)
        time.sleep(0.5)
