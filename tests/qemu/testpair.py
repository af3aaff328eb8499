# SPDX-License-Identifier: MIT
"""A booted test-pair system: both bare-metal test guests, driven over the tagged console."""
import re

ESC = "\x1d"
VM_INDEX = {"vpn": 0, "apps": 1}


class TestPair:
    def __init__(self, ctx, name, timeout=120.0):
        self.q = ctx.boot("SYSTEM=test-pair", timeout=timeout, name=name)
        self.focus = "vpn"
        self.q.expect(r"^\[vpn\] ready$", timeout=30)
        self.q.expect(r"^\[apps\] ready$", timeout=30)

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

    def cmd(self, vm, line, reply, timeout=20):
        """Sends `line` to `vm` and returns the match of `reply` (a regex for the text after the tag)."""
        self.focus_on(vm)
        start = len(self.q.out)
        self.q.send(line + "\r")
        return self.q.expect(r"^\[%s\] %s" % (vm, reply), start=start, timeout=timeout)

    def heartbeat(self, timeout=10):
        """Waits for the next vpn heartbeat and returns its number."""
        start = len(self.q.out)
        return int(self.q.expect(r"^\[vpn\] hb (\d+)$", start=start, timeout=timeout).group(1))

    def monitor(self):
        """Prints the monitor table; returns {vm: {column: value}}."""
        start = len(self.q.out)
        self.q.send(ESC + "m")
        header = self.q.expect(r"^\[shoji\] VM +TRUST.*$", start=start, timeout=10)
        rows = {}
        for vm in VM_INDEX:
            m = self.q.expect(r"^\[shoji\] %s +(\S+) +(\S+) +(\S+) +(\d+) MiB +(\S+) +(\d+) +(\d+) +(\d+)$" % vm,
                              start=header.end(), timeout=10)
            rows[vm] = dict(trust=m.group(1), state=m.group(2), cpus=m.group(3), ram=int(m.group(4)),
                            uptime=m.group(5), exits=int(m.group(6)), denials=int(m.group(7)),
                            restarts=int(m.group(8)))
        return rows


def count(text, pattern):
    return len(re.findall(pattern, text, re.M))
