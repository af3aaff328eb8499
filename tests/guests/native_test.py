#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""Runs the test guests bare on QEMU virt, without Shoji, and checks their command protocol.

A check of the guest itself, so that a failure under the hypervisor points at the
hypervisor. Usage: tests/guests/native_test.py [-v]. Builds both guests into a
temporary directory, boots each configuration with a hard timeout, and prints
one PASS/FAIL line per check and `N passed, N failed` last.
"""
import os
import re
import select
import signal
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
TOP = os.path.dirname(os.path.dirname(HERE))
SYSTEM_DIR = os.path.join(TOP, "vms", "test-pair")
VERBOSE = "-v" in sys.argv
LOADS = {"vpn": 0x50000000, "apps": 0x80000000}
QEMU_PL011 = 0x09000000  # bare QEMU's UART; under Shoji the guest uses the system's vUART
results = []


def check(name, ok, detail=""):
    results.append(ok)
    print(("PASS  " if ok else "FAIL  ") + name + ("" if ok else ": " + detail), flush=True)


class Guest:
    """One QEMU process; every read is bounded by a deadline."""

    def __init__(self, args, timeout=60.0):
        self.proc = subprocess.Popen(args, stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                     stderr=subprocess.STDOUT, start_new_session=True)
        self.deadline = time.monotonic() + timeout
        self.out = ""
        self.pos = 0

    def _read(self, wait):
        fd = self.proc.stdout.fileno()
        if not select.select([fd], [], [], wait)[0]:
            return True
        data = os.read(fd, 65536)
        if not data:
            return False
        text = data.decode("utf-8", "replace").replace("\r", "")
        if VERBOSE:
            sys.stdout.write(text)
        self.out += text
        return True

    def expect(self, pattern, timeout=10.0):
        """The first line matching `pattern` after the last match; None on timeout."""
        rx = re.compile(pattern, re.M)
        end = min(self.deadline, time.monotonic() + timeout)
        while True:
            # Only complete lines: `$` would otherwise match a line still arriving.
            m = rx.search(self.out, self.pos, self.out.rfind("\n") + 1)
            if m:
                self.pos = m.end()
                return m
            if time.monotonic() >= end or not self._read(0.1):
                return None

    def drain(self, seconds):
        end = time.monotonic() + seconds
        while time.monotonic() < end and self._read(0.05):
            pass

    def send(self, line):
        self.proc.stdin.write((line + "\n").encode())
        self.proc.stdin.flush()

    def cmd(self, line, pattern, name=None, timeout=10.0):
        self.send(line)
        m = self.expect(pattern, timeout)
        check(name or line, m is not None, "no %r in %r" % (pattern, self.out[self.pos:][-300:]))
        return m

    def exited(self, timeout):
        try:
            self.proc.wait(timeout)
            return True
        except subprocess.TimeoutExpired:
            return False

    def close(self):
        if self.proc.poll() is None:
            os.killpg(self.proc.pid, signal.SIGKILL)
        self.proc.wait()


def qemu(machine, smp, load, path, raw):
    # No -no-reboot: the reset check wants QEMU to restart the guest.
    args = ["qemu-system-aarch64", "-M", "virt,gic-version=3,secure=off," + machine, "-cpu", "cortex-a72",
            "-smp", str(smp), "-m", "4G", "-nographic", "-net", "none"]
    if raw:
        args += ["-device", "loader,file=%s,addr=0x%x,force-raw=on" % (path, load),
                 "-device", "loader,addr=0x%x,cpu-num=0" % load]
    else:
        args += ["-kernel", path]
    return ["timeout", "120"] + args


def build(out):
    for name, load in LOADS.items():
        subprocess.run(["make", "-s", "-C", HERE, "O=" + out, "NAME=" + name, "LOAD=0x%x" % load,
                        "SYSTEM_DIR=" + SYSTEM_DIR, "TOP=" + TOP, "UART=0x%x" % QEMU_PL011], check=True)


HEX = r"0x[0-9a-f]+"


def el1_direct(out):
    """virtualization=off: entered at EL1 like under Shoji; PSCI answers HVC, SMC is UNDEFINED."""
    g = Guest(qemu("virtualization=off", 2, LOADS["vpn"], os.path.join(out, "vpn.elf"), False))
    try:
        check("vpn banner", g.expect(r"^guest vpn up el=1 vcpu=0$") is not None, g.out)
        check("vpn ready", g.expect(r"^ready$") is not None, g.out)
        check("vpn heartbeat on by default", g.expect(r"^hb 2$", 3) is not None, g.out)
        g.cmd("hb off", r"^ok hb off$")
        g.drain(0.5)
        g.pos = len(g.out)
        g.drain(0.6)
        check("heartbeat stops", "hb " not in g.out[g.pos:], g.out[g.pos:])
        g.cmd("echo hello  world", r"^echo hello  world$")
        g.cmd("echo", r"^echo$", "echo without text")
        m = g.cmd("ticks", r"^ticks (%s) freq (%s)$" % (HEX, HEX))
        if m:
            check("counter frequency 62.5 MHz", int(m.group(2), 16) == 62500000, m.group(0))
        g.cmd("w 0x51000000 0xcafef00d", r"^ok w 0x51000000$")
        g.cmd("r 51000000", r"^ok r 0x51000000 = 0xcafef00d$", "read back without 0x")
        g.cmd("r unassigned", r"^abort r 0xc000000 ec=0x25 esr=0x96000010 far=0xc000000$",
              "read of unassigned space is a data abort")
        g.cmd("w 0xc000000 1", r"^abort w 0xc000000 ec=0x25 esr=0x96000050 far=0xc000000$",
              "write abort has WnR")
        # Hardware faults (Device memory, DFSC 0x21); QEMU 7.2 does not model that and reads.
        g.cmd("r 0x51000002", r"^(abort r 0x51000002 ec=0x25 esr=0x96000021 far=0x51000002|ok r 0x51000002 = 0xcafe)$",
              "unaligned read: alignment fault, or the value where QEMU does not check")
        g.cmd("x unassigned", r"^abort x 0xc000000 ec=0x21 esr=0x86000010 far=0xc000000$",
              "fetch from unassigned space is an instruction abort")
        g.cmd("x 0x51000002", r"^abort x 0x51000002 ec=0x22 ", "misaligned branch target is a PC alignment fault")
        g.cmd("w 0x51000000 0xd65f03c0", r"^ok w 0x51000000$", "write a ret instruction")
        g.cmd("x 0x51000000", r"^ok x 0x51000000 = 0x51000000$", "x returns from a ret")
        g.cmd("w 0x51000000 0x00000000", r"^ok w 0x51000000$", "write an udf")
        g.cmd("x 0x51000000", r"^abort x 0x51000000 ec=0x00 ", "x on UNDEFINED code returns to the caller")
        g.send("probe unassigned")
        check("probe: read line", g.expect(r"^abort r 0xc000000 ec=0x25 ") is not None, g.out[-200:])
        check("probe: write line", g.expect(r"^abort w 0xc000000 ec=0x25 ") is not None, g.out[-200:])
        g.send("probe 0x51000010")
        check("probe own ram: read", g.expect(r"^ok r 0x51000010 = %s$" % HEX) is not None, g.out[-200:])
        check("probe own ram: write", g.expect(r"^ok w 0x51000010$") is not None, g.out[-200:])
        g.cmd("flood unassigned 100", r"^flood done n=100 aborts=100$", "flood counts are decimal")
        g.cmd("flood 0x51000000 0x10", r"^flood done n=16 aborts=0$", "flood count in hex with 0x")
        g.cmd("check deadbeef", r"^mark absent$", "no mark in fresh RAM")
        g.cmd("mark deadbeef", r"^ok mark$")
        g.cmd("check 0xdeadbeef", r"^mark present$")
        g.cmd("check 12345678", r"^mark absent$", "another pattern is absent")
        g.cmd("hvc 0x84000000", r"^ret x0=0x10001 x1=0x0 x2=0x0 x3=0x0$", "PSCI_VERSION over HVC (QEMU's conduit here)")
        g.cmd("smc 0x84000000", r"^abort smc ec=0x00 esr=0x2000000 ", "SMC without EL2/EL3 is UNDEFINED")
        g.cmd("cpuon 1", r"^abort cpuon ec=0x00 ", "cpuon over SMC is UNDEFINED here")
        for name in ("pmcr", "dbgbcr0", "mdscr", "cntp_ctl", "actlr", "l2ctlr", "cpuectlr", "midr", "dcisw"):
            g.cmd("sysreg " + name, r"^ok sysreg %s = %s$" % (name, HEX))
        g.cmd("sysreg currentel", r"^ok sysreg currentel = 0x4$")
        # Likewise: DC ZVA on Device memory is an alignment fault on hardware, works on QEMU 7.2.
        g.cmd("sysreg dczva", r"^(abort sysreg dczva ec=0x25 esr=0x96000061 .*|ok sysreg dczva = 0x0)$",
              "DC ZVA: zeroes its block, or an alignment fault where Device memory is checked")
        g.cmd("sysreg nosuch", r"^error unknown sysreg$")
        g.cmd("frobnicate 1", r"^error unknown command$")
        g.cmd("r", r"^error usage r <addr>$", "missing argument")
        g.cmd("r 1 2", r"^error usage r <addr>$", "extra argument")
        g.cmd("r 0x1g", r"^error usage r <addr>$", "bad hex")
        g.cmd("r 0x11112222333344445", r"^error usage r <addr>$", "17 hex digits")
        g.cmd("w 0x51000000 0x100000000", r"^error usage w <addr> <val>$", "value over 32 bits")
        g.cmd("hb on 0", r"^error usage hb on <ms> \| hb off$", "zero heartbeat period")
        g.cmd("x" * 300, r"^error line too long$")
        g.cmd("\t  echo   after\t", r"^echo after$", "leading and trailing blanks")
        g.send("")
        g.cmd("hb on 0x64", r"^ok hb on$", "hb period in hex with 0x")
        g.cmd("hb on 100", r"^ok hb on$", "hb period in decimal ms")
        start = time.monotonic()
        g.pos = len(g.out)
        g.drain(1.0)
        beats = re.findall(r"^hb (\d+)$", g.out[g.pos:], re.M)
        check("heartbeat at 100 ms", 6 <= len(beats) <= 12 and beats[0] == "1",
              "%d beats in %.1f s" % (len(beats), time.monotonic() - start))
        g.cmd("hb off", r"^ok hb off$")
        # An exception no probe expects: x to code that loses x30, then BRK.
        g.cmd("w 0x51000000 0xd280001e", r"^ok w", "write movz x30, #0")
        g.cmd("w 0x51000004 0xd4200000", r"^ok w", "write brk #0")
        g.cmd("x 0x51000000", r"^unexpected exception ec=0x3c esr=0xf2000000 far=%s elr=0x51000004$" % HEX,
              "a fault no probe can return from is reported")
        g.pos = len(g.out)
        g.send("echo still there?")
        g.drain(0.5)
        check("parked after an unexpected exception", "echo" not in g.out[g.pos:], g.out[g.pos:])
    finally:
        g.close()


def el2_entry(out):
    """virtualization=on: entered at EL2, drops to EL1; PSCI answers SMC, HVC is UNDEFINED."""
    g = Guest(qemu("virtualization=on", 3, LOADS["vpn"], os.path.join(out, "vpn.elf"), False))
    try:
        check("el2 entry: banner at EL1", g.expect(r"^guest vpn up el=1 vcpu=0$") is not None, g.out)
        g.expect(r"^ready$")
        g.cmd("hb off", r"^ok hb off$")
        g.cmd("hvc 0x84000000", r"^abort hvc ec=0x00 ", "HVC is UNDEFINED (HCR_EL2.HCD)")
        g.cmd("smc 0x84000000", r"^ret x0=0x10001 ", "PSCI_VERSION over SMC")
        g.cmd("sysreg cntp_ctl", r"^ok sysreg cntp_ctl = %s$" % HEX)
        g.cmd("cpuon 1", r"^ret x0=0x0$")
        check("secondary checks in", g.expect(r"^vcpu 1 up$") is not None, g.out[-200:])
        g.cmd("cpuon 1", r"^ret x0=0xfffffffffffffffc$", "cpuon again: ALREADY_ON")
        m = g.cmd("info", r"^info name=vpn ram=0x50000000 size=0x2000000 mark=0x51f00000 entry2=(%s)$" % HEX)
        if m:
            g.cmd("cpuon_raw 2 %s 1234" % m.group(1), r"^ret x0=0x0$")
            check("cpuon_raw context id arrives", g.expect(r"^vcpu 2 up ctx=0x1234$") is not None, g.out[-200:])
        g.cmd("cpuon_raw 7 unassigned 0", r"^ret x0=0xfffffffffffffffe$", "cpuon_raw takes a probe name as entry")
        g.cmd("cpuon 7", r"^ret x0=0xfffffffffffffffe$", "cpuon to a missing CPU: INVALID_PARAMETERS")
        g.cmd("echo alive", r"^echo alive$", "boot CPU still serves commands")
        g.cmd("mark a5a5a5a5", r"^ok mark$")
        g.send("reset")
        check("reset reboots", g.expect(r"^guest vpn up el=1 vcpu=0$") is not None, g.out[-300:])
        g.expect(r"^ready$")
        g.cmd("check a5a5a5a5", r"^mark present$", "QEMU's own reset does not scrub (Shoji's must)")
        g.send("off")
        check("off ends QEMU", g.exited(10), g.out[-200:])
    finally:
        g.close()


def apps_raw(out):
    """The apps build as a raw image at its own load address: no heartbeat, probes by name."""
    g = Guest(qemu("virtualization=off", 2, LOADS["apps"], os.path.join(out, "apps.bin"), True))
    try:
        check("apps banner", g.expect(r"^guest apps up el=1 vcpu=0$") is not None, g.out)
        g.expect(r"^ready$")
        g.cmd("r vpn_ram", r"^ok r 0x50000000 = %s$" % HEX, "vpn_ram by name (readable without Shoji)")
        g.cmd("r beyond_ipa", r"^abort r 0x10000000000 ec=0x25 ", "beyond_ipa by name")
        g.cmd("mark 1", r"^ok mark$")
        g.cmd("check 1", r"^mark present$")
        g.drain(0.6)
        check("apps has no default heartbeat", "hb " not in g.out, g.out)
    finally:
        g.close()


def main():
    with tempfile.TemporaryDirectory() as out:
        build(out)
        for size_check in LOADS:
            with open(os.path.join(out, size_check + ".bin"), "rb") as f:
                head = f.read(16)
            check("%s.bin starts with its branch and magic" % size_check, head[3] == 0x14 and head[8:] == b"shojitg1",
                  head.hex())
        el1_direct(out)
        el2_entry(out)
        apps_raw(out)
    failed = results.count(False)
    print("%d passed, %d failed" % (len(results) - failed, failed))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
