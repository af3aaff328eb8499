# SPDX-License-Identifier: MIT
"""A booted test-pair system: both bare-metal test guests, driven over the tagged console."""

from session import Session, count  # noqa: F401 (count is re-exported for the tests)


class TestPair(Session):
    def __init__(self, ctx, name, timeout=120.0):
        self.q = ctx.boot("SYSTEM=test-pair", timeout=timeout, name=name)
        self.focus = "vpn"
        self.q.expect(r"^\[vpn\] ready$", timeout=30)
        self.q.expect(r"^\[apps\] ready$", timeout=30)

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

