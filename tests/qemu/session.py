# SPDX-License-Identifier: MIT
"""What every booted two-VM system shares in tests: console focus and the monitor table."""
import re

ESC = "\x1d"
VM_INDEX = {"vpn": 0, "apps": 1}
MONITOR_ROW = r"^\[shoji\] %s +(\S+) +(\S+) +(\S+) +(\d+) MiB +(\S+) +(\d+) +(\d+) +(\d+)$"


class Session:
    """Subclasses set self.q (a harness.Qemu) and self.focus."""

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

    def monitor(self):
        """Prints the monitor table; returns {vm: {column: value}}."""
        start = len(self.q.out)
        self.q.send(ESC + "m")
        header = self.q.expect(r"^\[shoji\] VM +TRUST.*$", start=start, timeout=10)
        rows = {}
        for vm in VM_INDEX:
            m = self.q.expect(MONITOR_ROW % vm, start=header.end(), timeout=10)
            rows[vm] = dict(trust=m.group(1), state=m.group(2), cpus=m.group(3), ram=int(m.group(4)),
                            uptime=m.group(5), exits=int(m.group(6)), denials=int(m.group(7)),
                            restarts=int(m.group(8)))
        return rows


def count(text, pattern):
    return len(re.findall(pattern, text, re.M))
