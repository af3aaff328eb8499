# SPDX-License-Identifier: MIT
"""Boots an image under QEMU with a hard timeout and reads its console.

Every QEMU process runs in its own process group and is killed when the
test finishes, fails or the runner exits: nothing is left running.
"""
import atexit
import os
import re
import select
import signal
import subprocess
import time

_live = set()


def _kill_all():
    for p in list(_live):
        p.kill()


atexit.register(_kill_all)


class Timeout(Exception):
    pass


class Qemu:
    def __init__(self, cmd, timeout=60.0, log_path=None):
        self.cmd = cmd
        self.deadline = time.monotonic() + timeout
        self.out = ""
        self.log_path = log_path
        self.proc = subprocess.Popen(
            cmd, shell=True, stdin=subprocess.PIPE, stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT, start_new_session=True)
        _live.add(self)

    def _read_some(self, wait):
        fd = self.proc.stdout.fileno()
        ready, _, _ = select.select([fd], [], [], wait)
        if not ready:
            return False
        data = os.read(fd, 65536)
        if not data:
            return None
        self.out += data.decode("utf-8", "replace").replace("\r", "")
        return True

    def _complete(self):
        """The output up to its last newline: a line still being printed is never matched."""
        return self.out[:self.out.rfind("\n") + 1]

    def expect(self, pattern, timeout=None, start=0):
        """Waits for regex `pattern` in the complete lines after offset `start`; returns the match."""
        rx = re.compile(pattern, re.M)
        limit = self.deadline if timeout is None else min(self.deadline, time.monotonic() + timeout)
        while True:
            m = rx.search(self._complete(), start)
            if m:
                return m
            left = limit - time.monotonic()
            if left <= 0:
                raise Timeout("timed out waiting for %r" % pattern)
            if self._read_some(min(left, 0.5)) is None:
                m = rx.search(self.out + "\n", start)
                if m:
                    return m
                raise Timeout("QEMU exited while waiting for %r" % pattern)

    def drain(self, seconds):
        """Reads output for `seconds` (bounded by the deadline)."""
        end = min(self.deadline, time.monotonic() + seconds)
        while time.monotonic() < end:
            if self._read_some(min(0.2, end - time.monotonic())) is None:
                break

    def send(self, text):
        self.proc.stdin.write(text.encode())
        self.proc.stdin.flush()

    def wait_exit(self, timeout):
        end = time.monotonic() + timeout
        while time.monotonic() < end:
            if self._read_some(0.2) is None:
                break
        try:
            return self.proc.wait(max(0.1, end - time.monotonic()))
        except subprocess.TimeoutExpired:
            raise Timeout("QEMU did not exit")

    def kill(self):
        if self.proc.poll() is None:
            try:
                os.killpg(self.proc.pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
        self.proc.wait()
        _live.discard(self)
        if self.log_path:
            with open(self.log_path, "w") as f:
                f.write(self.out)

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.kill()
