# SPDX-License-Identifier: MIT
"""A booted vpn-apps system: two Debian kernels, driven through their shells on the tagged console."""
import re
import time

ESC = "\x1d"
VM_INDEX = {"vpn": 0, "apps": 1}
_seq = [0]


class LinuxPair:
    def __init__(self, ctx, name, timeout=300.0):
        self.q = ctx.boot("SYSTEM=vpn-apps", timeout=timeout, name=name)
        self.focus = "vpn"
        self.q.expect(r"^\[vpn\] shoji-guest: eth0 ", timeout=90)
        self.q.expect(r"^\[apps\] shoji-guest: apps up$", timeout=90)

    def close(self):
        self.q.kill()

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()

    def focus_on(self, vm):
        if self.focus == vm:
            return
        start = len(self.q.out)
        self.q.send(ESC + str(VM_INDEX[vm]))
        self.q.expect(r"^\[shoji\] console: input goes to %s$" % vm, start=start, timeout=10)
        self.focus = vm

    def sh(self, vm, command, timeout=60):
        """Runs `command` in `vm`'s shell; returns (exit status, output lines)."""
        self.focus_on(vm)
        _seq[0] += 1
        tag = "%d" % _seq[0]
        start = len(self.q.out)
        # The marker is split in what is typed (and echoed) and whole only in what runs.
        sep = " " if command.rstrip().endswith("&") else "; "  # "cmd &; x" is a syntax error
        self.q.send('%s%secho "@@""DONE%s $?"\r' % (command, sep, tag))
        m = self.q.expect(r"^\[%s\] @@DONE%s (\d+)$" % (vm, tag), start=start, timeout=timeout)
        lines = [l[len(vm) + 3:] for l in self.q.out[start:m.start()].splitlines() if l.startswith("[%s] " % vm)]
        lines = [l for l in lines if "@@" not in l and not l.startswith("[ ") and not l.startswith("[  ")]
        return int(m.group(1)), lines

    def monitor(self):
        start = len(self.q.out)
        self.q.send(ESC + "m")
        header = self.q.expect(r"^\[shoji\] VM +TRUST.*$", start=start, timeout=10)
        rows = {}
        for vm in VM_INDEX:
            m = self.q.expect(r"^\[shoji\] %s +(\S+) +(\S+) +(\S+) +(\d+) MiB +(\S+) +(\d+) +(\d+) +(\d+)$" % vm,
                              start=header.end(), timeout=10)
            rows[vm] = dict(trust=m.group(1), state=m.group(2), cpus=m.group(3), ram=int(m.group(4)),
                            denials=int(m.group(7)), restarts=int(m.group(8)))
        return rows

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
