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


def _layout(name):
    """A number from vms/test-pair/layout.h (the guest and the partition table use the same file)."""
    import re
    text = open(os.path.join(SYSTEM_DIR, "layout.h")).read()
    return int(re.search(r"^#define %s\s+(\S+)" % name, text, re.M).group(1), 0)


LOADS = {"vpn": _layout("TP_VPN_RAM_IPA"), "apps": _layout("TP_APPS_RAM_IPA")}
QEMU_PL011 = _layout("TP_NATIVE_UART")  # bare QEMU's UART; under Shoji the guest uses the system's vUART
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
        g.cmd("chan flood 10", r"^chan flood n=10 ok=0 limited=0 down=0 inval=0 other=10 ticks=\d+$",
              "chan flood: QEMU's HVC answers NOT_SUPPORTED")
        g.cmd("chan ping 1", r"^chan ping n=1 ok=0 min=0 med=0 max=0$", "chan ping: a refused notify ends the run")
        g.cmd("chan stat", r"^chan stat echo=0 rings=0 answered=0 refused=1 last_err=0xffffffffffffffff$")
        g.cmd("chan flood 0", r"^error usage chan ", "chan flood 0")
        g.cmd("chan ping 10001", r"^error usage chan ", "chan ping beyond the sample buffer")
        g.cmd("chan echo maybe", r"^error usage chan ")
        g.cmd("chan", r"^error usage chan ")
        g.cmd("line 1020 on", r"^error usage line ", "line: special INTIDs refused")
        g.cmd("line 40 maybe", r"^error usage line ")
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
        for sub in ("flood 10", "ping 1", "echo on"):
            g.cmd("chan " + sub, r"^abort chan %s ec=0x00 " % sub.split()[0],
                  "chan %s without HVC aborts cleanly" % sub)
        g.cmd("smc 0x84000000", r"^ret x0=0x10001 ", "PSCI_VERSION over SMC")
        g.cmd("sysreg cntp_ctl", r"^ok sysreg cntp_ctl = %s$" % HEX)
        g.cmd("ipi 1", r"^error ipi vcpu 1 not up$", "ipi needs vcpu 1")
        g.cmd("cpuon 1", r"^ret x0=0x0$")
        check("secondary checks in", g.expect(r"^vcpu 1 up$") is not None, g.out[-200:])
        g.cmd("ipi 1000", r"^ipi done n=1000 ok=1000$", "ipi: 1000 SGI round trips vcpu 0 <-> vcpu 1")
        g.cmd("irqs 1", r"^irqs total=1000 spurious=0 sgi0=0 sgi1=1000 sgi2=0 sgi3=0 timer=0 uart=0 rtc=0 nic=0 chan=0 "
              r"other=0$",
              "vcpu 1 took the 1000 pings")
        g.cmd("irqs 0", r"^irqs total=1000 spurious=0 sgi0=0 sgi1=0 sgi2=1000 ", "vcpu 0 took the 1000 answers")
        g.cmd("cpuon 1", r"^ret x0=0xfffffffffffffffc$", "cpuon again: ALREADY_ON")
        m = g.cmd("info", r"^info name=vpn ram=0x50000000 size=0x2000000 mark=0x51f00000 entry2=(%s)$" % HEX)
        if m:
            g.cmd("cpuon_raw 2 %s 1234" % m.group(1), r"^ret x0=0x0$")
            check("cpuon_raw context id arrives", g.expect(r"^vcpu 2 up ctx=0x1234$") is not None, g.out[-200:])
        # IRM broadcast of SGI 0 (ICC_SGI1R_EL1 bit 40): every other vCPU, not the sender.
        g.cmd("sgi 0x10000000000", r"^ok sgi$", "sgi: IRM broadcast")
        g.drain(0.3)
        g.cmd("irqs 1", r"^irqs total=1001 spurious=0 sgi0=1 ", "broadcast reaches vcpu 1")
        g.cmd("irqs 2", r"^irqs total=1 spurious=0 sgi0=1 ", "broadcast reaches vcpu 2")
        g.cmd("irqs 0", r"^irqs total=1000 spurious=0 sgi0=0 ", "broadcast skips the sender")
        g.cmd("sgi 0x6", r"^ok sgi$", "sgi: target list vcpus 1 and 2")
        g.drain(0.3)
        g.cmd("irqs", r"^irqs total=2004 spurious=0 sgi0=4 sgi1=1000 sgi2=1000 ", "target list reaches both")
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
        m = g.cmd("storm rtc 200", r"^storm done rtc=(\d+)$", "storm rtc: the PL031 line held high for 200 ms")
        if m:
            check("storm rtc: the interrupt kept firing (%s times)" % m.group(1), int(m.group(1)) >= 100, m.group(0))
            g.cmd("irqs", r"^irqs total=%s spurious=0 .* rtc=%s nic=0 chan=0 other=0$" % (m.group(1), m.group(1)))
        g.cmd("r 0x09010014", r"^ok r 0x9010014 = 0x0$", "storm rtc: RTCRIS cleared afterwards")
        g.cmd("r 0x09010010", r"^ok r 0x9010010 = 0x0$", "storm rtc: RTCIMSC cleared afterwards")
        g.cmd("echo alive", r"^echo alive$", "apps serves commands after the storm")
    finally:
        g.close()


def irq_fields(line):
    return {k: int(v) for k, v in re.findall(r"(\w+)=(\d+)", line)}


def timer_checks(g):
    m = g.cmd("timer 1000 500", r"^timer done n=(\d+) expected=(\d+) lost=(\d+) lat_min=(\d+) lat_med=(\d+) "
              r"lat_max=(\d+)$", "timer 1000 Hz for 500 ms", timeout=10)
    if m:
        n, expected, lost, lo, med, hi = (int(x) for x in m.groups())
        check("timer: none lost (%s)" % m.group(0), n == expected == 500 and lost == 0 and lo <= med <= hi, m.group(0))
    g.cmd("timer 0 100", r"^error usage timer ", "timer at 0 Hz")
    g.cmd("timer 1000 0", r"^error usage timer ", "timer for 0 ms")
    g.cmd("timer bg 200", r"^ok timer bg$")
    g.cmd("timer bg 200", r"^error timer busy$", "one timer at a time")
    g.cmd("echo while the timer runs", r"^echo while the timer runs$", "commands run while the timer ticks")
    g.drain(0.5)
    m = g.cmd("timer stat", r"^timer stat n=(\d+) lost=(\d+) lat_max=(\d+)$")
    if m:
        check("timer bg: ticking, none lost (%s)" % m.group(0), int(m.group(1)) >= 50 and m.group(2) == "0", m.group(0))
    # Masked, ticks fall behind; unmasked again, the absolute schedule catches up on all of them.
    g.cmd("irq off", r"^ok irq off$")
    g.drain(0.3)
    m = g.cmd("timer stat", r"^timer stat n=(\d+) lost=(\d+) ")
    if m:
        check("timer bg: ticks wait while IRQs are masked", int(m.group(2)) >= 20, m.group(0))
    g.cmd("irq on", r"^ok irq on$")
    g.drain(0.1)
    m = g.cmd("timer stat", r"^timer stat n=(\d+) lost=(\d+) ")
    if m:
        check("timer bg: caught up after unmasking", m.group(2) == "0", m.group(0))
    g.cmd("timer off", r"^ok timer off$")
    m1 = g.cmd("timer stat", r"^timer stat n=(\d+) ", "timer stat after off")
    g.drain(0.2)
    m2 = g.cmd("timer stat", r"^timer stat n=(\d+) ", "timer stat stays")
    if m1 and m2:
        check("timer off stops the ticks", m1.group(1) == m2.group(1), m1.group(0) + " / " + m2.group(0))
    for cmd in ("latency 200", "latency 100 wfi"):
        m = g.cmd(cmd, r"^latency n=(\d+) min=(\d+) med=(\d+) max=(\d+)$", timeout=10)
        if m:
            n, lo, med, hi = (int(x) for x in m.groups())
            check("%s: %s" % (cmd, m.group(0)), n == int(cmd.split()[1]) and lo <= med <= hi, m.group(0))
    g.cmd("latency 10 spin", r"^error usage latency <samples> \[wfi\]$")


def interrupts_el1(out):
    """The interrupt commands at EL1 (virtualization=off), against QEMU's own GICv3 and timer."""
    g = Guest(qemu("virtualization=off", 2, LOADS["vpn"], os.path.join(out, "vpn.elf"), False))
    try:
        g.expect(r"^ready$")
        g.cmd("hb off", r"^ok hb off$")
        g.cmd("irqs", r"^irqs total=0 spurious=0 sgi0=0 sgi1=0 sgi2=0 sgi3=0 timer=0 uart=0 rtc=0 nic=0 chan=0 "
              r"other=0$",
              "irqs: the field list, all zero")
        m = g.cmd("gicd_r 0", r"^ok gicd_r 0x0 = (%s)$" % HEX, "gicd_r GICD_CTLR")
        if m:
            check("boot set GICD_CTLR.ARE and EnableGrp1", int(m.group(1), 16) & 0x12 == 0x12, m.group(0))
        g.cmd("gicr_r 0 0x14", r"^ok gicr_r 0 0x14 = 0x0$", "GICR_WAKER: awake after boot")
        g.cmd("gicr_r 1 0xc", r"^ok gicr_r 1 0xc = 0x1$", "GICR_TYPER of vcpu 1's frame")
        g.cmd("gicd_r 10000", r"^error usage gicd_r <off>$", "gicd_r beyond the distributor")
        g.cmd("gicr_r 0 20000", r"^error usage gicr_r <vcpu> <off>$", "gicr_r beyond the frame pair")
        g.cmd("gicd_w 0x10000 0", r"^error usage gicd_w <off> <val>$")
        # SGI 0 made pending through GICR_ISPENDR0 (SGI frame), then taken once IRQs are on.
        g.cmd("gicr_w 0 0x10200 0x1", r"^ok gicr_w 0 0x10200$", "gicr_w GICR_ISPENDR0")
        g.cmd("gicr_r 0 0x10200", r"^ok gicr_r 0 0x10200 = 0x1$", "SGI 0 pending while IRQs are off")
        g.cmd("irq on", r"^ok irq on$")
        g.drain(0.2)
        g.cmd("irqs", r"^irqs total=1 spurious=0 sgi0=1 ", "the pending SGI is taken once on")
        g.cmd("sgi 0x1", r"^ok sgi$", "sgi: SGI 0 to vcpu 0 (itself)")
        g.drain(0.2)
        g.cmd("irqs", r"^irqs total=2 spurious=0 sgi0=2 ", "self-SGI counted")
        # `line` on an SPI nothing drives (the doorbell's INTID): enable bit set, then clear.
        g.cmd("line 40 on", r"^ok line 40 on$")
        g.cmd("gicd_r 0x104", r"^ok gicd_r 0x104 = 0x100$", "line 40 on sets its GICD_ISENABLER bit")
        g.cmd("line 40 off", r"^ok line 40 off$")
        g.cmd("gicd_r 0x104", r"^ok gicd_r 0x104 = 0x0$", "line 40 off clears it")
        timer_checks(g)
        m = g.cmd("storm sgi 10000", r"^storm done n=10000 got=(\d+)$", timeout=20)
        if m:
            check("storm sgi: every self-SGI taken (got=%s)" % m.group(1), m.group(1) == "10000", m.group(0))
        m = g.cmd("irqs", r"^irqs .*$", "irqs after everything")
        if m:
            f = irq_fields(m.group(0))
            check("irqs: total is the sum of the fields (%s)" % m.group(0),
                  f["total"] == sum(v for k, v in f.items() if k != "total") and f["spurious"] == 0, m.group(0))
        g.cmd("uartirq on", r"^ok uartirq on$")
        g.cmd("echo by interrupt", r"^echo by interrupt$", "console input by interrupt")
        g.cmd("x" * 300, r"^error line too long$", "a long line by interrupt")
        m = g.cmd("irqs", r"^irqs .* uart=(\d+) ")
        if m:
            check("uart interrupts counted", int(m.group(1)) >= 1, m.group(0))
        g.cmd("hb on 100", r"^ok hb on$", "hb while idling in WFI")
        g.pos = len(g.out)
        g.drain(1.0)
        beats = re.findall(r"^hb (\d+)$", g.out[g.pos:], re.M)
        check("heartbeat from WFI idle (%d beats)" % len(beats), 6 <= len(beats) <= 12, g.out[g.pos:])
        g.cmd("hb off", r"^ok hb off$")
        g.cmd("uartirq off", r"^ok uartirq off$")
        g.cmd("echo polled again", r"^echo polled again$")
        g.cmd("irq off", r"^ok irq off$")
        g.cmd("echo still there", r"^echo still there$")
    finally:
        g.close()


def icount_latency(out):
    """The benchmark's probe: with -icount the virtual counter counts instructions, so latency is exact.

    Entered at EL2 (so cpuon works): QEMU runs all vCPUs in one thread then, which `ipi` must survive.
    """
    args = qemu("virtualization=on", 2, LOADS["vpn"], os.path.join(out, "vpn.elf"), False)
    g = Guest(args + ["-icount", "shift=4,sleep=off"])
    try:
        g.expect(r"^ready$")
        g.cmd("hb off", r"^ok hb off$")
        runs = []
        for cmd in ("latency 1000", "latency 1000", "latency 1000 wfi"):
            m = g.cmd(cmd, r"^latency n=(\d+) min=(\d+) med=(\d+) max=(\d+)$", "icount " + cmd, timeout=30)
            if m:
                runs.append(m.group(0))
                n, lo, med, hi = (int(x) for x in m.groups())
                check("icount %s: all samples, tight (%s)" % (cmd, m.group(0)), n == 1000 and hi - lo <= 50, m.group(0))
        if len(runs) >= 2:
            check("icount latency is reproducible", runs[0] == runs[1], " / ".join(runs))
        g.cmd("timer 1000 200", r"^timer done n=200 expected=200 lost=0 ", "icount timer: none lost", timeout=30)
        g.cmd("cpuon 1", r"^ret x0=0x0$", "icount cpuon 1")
        check("icount: vcpu 1 up", g.expect(r"^vcpu 1 up$") is not None, g.out[-200:])
        g.cmd("ipi 100", r"^ipi done n=100 ok=100$", "icount ipi: vcpu 0 waits in WFI, so vcpu 1 gets to run", timeout=30)
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
        interrupts_el1(out)
        icount_latency(out)
    failed = results.count(False)
    print("%d passed, %d failed" % (len(results) - failed, failed))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
