#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""make bench: the figures that say how close Shoji is to bare metal (issue 9).

Usage: tests/bench/run.py [--passes N] [--boot-runs N] [--rows 3,7]

Builds the test-pair image and the bare-metal test guest for bare QEMU, then:

  * runs the guest's probes natively (the guest at EL1 on QEMU, no EL2) and under
    Shoji (the same guest as the `vpn` VM), both with `-icount shift=4,sleep=off`:
    one instruction per 16 ns of virtual time, so the 62.5 MHz counter the guest
    reads ticks once per instruction and every figure is an instruction count.
    The whole set runs `--passes` times (2 by default), each in a fresh QEMU, and
    a row says whether the passes agreed;
  * times channel doorbell round trips between the two VMs of test-pair (row 3),
    the same way: `vpn` pings, `apps` echoes, `--passes` fresh QEMUs under -icount;
  * times boots by the wall clock (median and min-max of `--boot-runs`): the bare-metal guests (row 5a),
    and vpn-apps' two Linux VMs beside each kernel booted by QEMU alone (row 5b);
  * measures the hypervisor's size and lines of code.

Prints a table, writes build/bench/results.json, results.md (for README.md) and
results.png (gnuplot). A row whose feature has not landed says "not yet: ...".
Exits non-zero if a measurement failed (a missed target is a result, not a failure).

Every QEMU runs under `timeout` in its own process group and is killed when its
session ends; nothing is left running.
"""
import argparse
import json
import os
import platform
import re
import shutil
import statistics
import subprocess
import sys
import threading
import time

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
sys.path.insert(0, os.path.join(ROOT, "tests", "qemu"))

from harness import Qemu, Timeout  # noqa: E402
from testpair import TestPair  # noqa: E402

OUT = os.path.join(ROOT, "build", "bench")
GUEST_OUT = os.path.join(OUT, "guests")
LOG_DIR = os.path.join(OUT, "logs")
SYSTEM = "test-pair"
SYSTEM_DIR = os.path.join(ROOT, "vms", SYSTEM)
HYP_ELF = os.path.join(ROOT, "build", "qemu-virt", SYSTEM, "shoji.elf")
ICOUNT = "shift=4,sleep=off"


def _layout(name):
    """A number from the test-pair layout (vms/test-pair/layout.h), as native_test.py reads it."""
    text = open(os.path.join(SYSTEM_DIR, "layout.h")).read()
    return int(re.search(r"^#define %s\s+(\S+)" % name, text, re.M).group(1), 0)


QEMU_PL011 = _layout("TP_NATIVE_UART")  # bare QEMU's UART; under Shoji the guest uses the vUART
QEMU_TIMEOUT = 300       # hard limit on any one QEMU process, in seconds
SESSION_TIMEOUT = 240.0  # deadline for one scripted session
# Shoji's console flushes a VM's unfinished line from an EL2 timer armed 250 ms (of virtual time) after the
# VM prints (hyp/core/vconsole.c, FLUSH_DELAY_MS): an EL2 exit that must not land inside a measurement.
FLUSH_S = 0.25
SETTLE_MIN_S = 1.0       # wall time waited before each probe under Shoji, at least
SETTLE_MAX_S = 15.0

# The probes, as the guest's console commands (tests/guests/README.md) and their replies.
LATENCY_SAMPLES = 200
HVC_SAMPLES = 1000
EXC_SAMPLES = 1000
WORK_KIB = 4096
WORK_PASSES = 8
STATS = r"min=(?P<min>\d+) med=(?P<med>\d+) max=(?P<max>\d+)"
PROBES = {
    "latency": ("latency %d" % LATENCY_SAMPLES, r"latency n=(?P<n>\d+) " + STATS + r"$"),
    "hvc": ("hvcbench %d" % HVC_SAMPLES, r"hvcbench n=(?P<n>\d+) x0=(?P<x0>0x[0-9a-f]+) " + STATS +
            r" empty=(?P<empty>\d+)$"),
    "exc": ("excbench %d" % EXC_SAMPLES, r"excbench n=(?P<n>\d+) " + STATS + r" empty=(?P<empty>\d+)$"),
    "work": ("work %d %d" % (WORK_KIB, WORK_PASSES),
             r"work kib=(?P<kib>\d+) passes=(?P<passes>\d+) ticks=(?P<ticks>\d+) sum=(?P<sum>0x[0-9a-f]+)$"),
}
NATIVE_PROBES = ("latency", "exc", "work")  # HVC has no EL2 to go to natively (row 2)
SHOJI_PROBES = ("latency", "hvc", "exc", "work")
# Row 3: vpn pings apps over channel 0 (tests/guests/README.md, "Channels"); apps answers from its handler.
PING_SAMPLES = 200
PING = ("chan ping %d" % PING_SAMPLES, r"chan ping n=(?P<n>\d+) ok=(?P<ok>\d+) " + STATS + r"$")
ABI_VERSION_X0 = 0x1  # SHOJI_HVC_VERSION's answer for ABI 0.1 (include/shoji/abi.h)

METHOD = ("rows 1, 2 and 4 run the bare-metal test guest (tests/guests) natively at EL1 on QEMU and as the "
          "`vpn` VM of test-pair, both under -icount %s; under Shoji the `apps` VM is powered off first, "
          "because with -icount QEMU runs every vCPU in one thread on one virtual clock and a second busy "
          "VM would be counted into vpn's figures. Row 3 runs the same way with both VMs up, apps idling in "
          "WFI. Each pass is a fresh QEMU; \"2nd run\" compares them."
          % ICOUNT)

# DESIGN.md, "Targets".
PEER = "the best-known open peer: 199 over bare metal (232 vs 33), 2,189 notify round trip, first line 0.16 s"
TARGET_TIMER = 80        # instructions over bare metal
TARGET_NOTIFY = 1000     # instructions, channel notify round trip
TARGET_SLOWDOWN = 0.5    # percent
TARGET_FIRST_LINE = 0.16  # seconds: the peer's, to be beaten
TARGET_LOC = 6000


class Failed(Exception):
    """A measurement could not be taken; the row says why."""


def log(msg):
    print("bench: " + msg, file=sys.stderr, flush=True)


def run(cmd, **kw):
    p = subprocess.run(cmd, cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, **kw)
    if p.returncode != 0:
        raise Failed("%s failed:\n%s" % (" ".join(cmd), p.stdout[-3000:]))
    return p.stdout


# ---------------------------------------------------------------- build

def layout_addr(name):
    with open(os.path.join(SYSTEM_DIR, "layout.h")) as f:
        m = re.search(r"^#define %s\s+(0x[0-9a-fA-F]+)" % name, f.read(), re.M)
    if not m:
        raise Failed("no %s in vms/%s/layout.h" % (name, SYSTEM))
    return int(m.group(1), 16)


def build():
    run(["make", "-s", "SYSTEM=" + SYSTEM, "image"])
    image = run(["make", "-s", "--no-print-directory", "SYSTEM=" + SYSTEM, "image-path"]).strip()
    # The bare-QEMU guest, the way tests/guests/native_test.py builds it.
    run(["make", "-s", "-C", os.path.join(ROOT, "tests", "guests"), "O=" + GUEST_OUT, "NAME=vpn",
         "LOAD=0x%x" % layout_addr("TP_VPN_RAM_IPA"), "SYSTEM_DIR=" + SYSTEM_DIR, "TOP=" + ROOT,
         "UART=0x%x" % QEMU_PL011])
    return os.path.join(ROOT, image)


def board_qemu(image):
    """The board's QEMU line (board/<board>/board.mk) for `image`."""
    return run(["make", "-s", "--no-print-directory", "SYSTEM=" + SYSTEM, "qemu-cmd", "IMAGE=" + image]).strip()


def native_qemu(board_cmd, kernel):
    """The board's machine without EL2: the guest is entered at EL1, as Shoji enters it."""
    if "virtualization=on" not in board_cmd or " -kernel " not in board_cmd:
        raise Failed("unexpected board QEMU line: " + board_cmd)
    cmd = board_cmd.replace("virtualization=on", "virtualization=off,secure=off")
    return cmd[:cmd.rindex(" -kernel ")] + " -kernel " + kernel


def limited(cmd, icount):
    # --foreground: timeout must stay in the shell's process group, which the harness kills at the end of a
    # session; without it timeout makes a group of its own and QEMU would outlive the session.
    return "timeout --foreground %d %s%s" % (QEMU_TIMEOUT, cmd, " -icount " + ICOUNT if icount else "")


# ---------------------------------------------------------------- sessions

class _Ctx:
    """What TestPair needs from tests/run.py's context: a booted QEMU."""

    def __init__(self, cmd):
        self.cmd = cmd

    def boot(self, *make_vars, timeout=60.0, name="boot"):
        return Qemu(self.cmd, timeout=timeout, log_path=os.path.join(LOG_DIR, name + ".log"))


def parse(name, m):
    return {k: (v if v.startswith("0x") else int(v)) for k, v in m.groupdict().items()}


def native_session(cmd, tag):
    """The guest alone on QEMU at EL1: the probes NATIVE_PROBES, once each."""
    got = {}
    with Qemu(cmd, timeout=SESSION_TIMEOUT, log_path=os.path.join(LOG_DIR, tag + ".log")) as q:
        def command(line, reply, timeout=60):
            start = len(q.out)
            q.send(line + "\r")
            return q.expect(r"^" + reply, start=start, timeout=timeout)

        q.expect(r"^ready$", timeout=60)
        command("hb off", r"ok hb off$")
        command("irq on", r"ok irq on$")
        for name in NATIVE_PROBES:
            line, reply = PROBES[name]
            got[name] = parse(name, command(line, reply))
    return got


def shoji_session(cmd, tag):
    """
    test-pair under Shoji, probes in `vpn`. `apps` is powered off first (PSCI
    SYSTEM_OFF from its console; Shoji parks its CPUs in WFI): with -icount QEMU
    runs every vCPU in one thread on one virtual clock, so a second VM's polling
    loop would be counted into vpn's figures.

    Before each probe the session waits, printing nothing, until Shoji's console
    flush timer (FLUSH_S of virtual time after vpn's last reply) has certainly
    fired: twice FLUSH_S of virtual time, converted to wall time at the rate vpn's
    idle loop was seen to advance the virtual clock on this host.
    """
    got = {}
    with TestPair(_Ctx(cmd), tag, timeout=SESSION_TIMEOUT) as tp:
        tp.focus_on("apps")
        start = len(tp.q.out)
        tp.q.send("off\r")
        tp.q.expect(r"^\[shoji\] apps: powered off", start=start, timeout=60)
        tp.cmd("vpn", "hb off", r"ok hb off$")
        tp.cmd("vpn", "irq on", r"ok irq on$")
        settle = settle_time(tp)
        for name in SHOJI_PROBES:
            line, reply = PROBES[name]
            tp.q.drain(settle)
            got[name] = parse(name, tp.cmd("vpn", line, reply, timeout=60))
    got["settle_s"] = round(settle, 2)
    return got


def channel_session(cmd, tag):
    """
    test-pair under Shoji with both VMs up: `apps` answers every doorbell of
    channel 0 from its interrupt handler (`chan echo on`) and idles in WFI
    between them (`uartirq on`), and `vpn` times `chan ping` round trips. Under
    -icount every vCPU's instructions advance the one virtual clock, so a round
    trip counts whatever either VM and the hypervisor on any CPU execute between
    vpn's notify and vpn's doorbell handler, apps' way back into WFI included:
    QEMU runs all vCPUs in one thread and moves on from one only when it halts
    (a raised interrupt does not preempt it). An apps polling its console would
    hold the thread for QEMU's 100 ms time slice per round trip. apps' idle
    wake-up timer (100 ms) and Shoji's console flush are the only other work;
    the settle wait keeps the latter out of the samples.
    """
    got = {}
    with TestPair(_Ctx(cmd), tag, timeout=SESSION_TIMEOUT) as tp:
        tp.cmd("vpn", "hb off", r"ok hb off$")
        tp.cmd("apps", "chan echo on", r"ok chan echo on$")
        tp.cmd("apps", "uartirq on", r"ok uartirq on$")
        settle = settle_time(tp)
        line, reply = PING
        tp.q.drain(settle)
        got["ping"] = parse("ping", tp.cmd("vpn", line, reply, timeout=60))
        if got["ping"]["ok"] != PING_SAMPLES:
            got["echo"] = apps_echo_stat(tp)
    got["settle_s"] = round(settle, 2)
    return got


def apps_echo_stat(tp):
    """apps' `chan stat` line, for the error message. Under -icount apps' console input by interrupt can
    stall (its receive timeout never comes while every CPU idles), so a missing answer is not an error."""
    try:
        return tp.cmd("apps", "chan stat", r"chan stat .*$", timeout=5).group(0)
    except Timeout:
        return "no answer to chan stat"


def settle_time(tp):
    """Wall seconds in which vpn's idle loop advances the virtual clock by 2 x FLUSH_S (at least SETTLE_MIN_S)."""
    samples = []
    for _ in range(2):
        m = tp.cmd("vpn", "ticks", r"ticks (0x[0-9a-f]+) freq (0x[0-9a-f]+)$")
        samples.append((time.monotonic(), int(m.group(1), 16), int(m.group(2), 16)))
        tp.q.drain(0.5)
    (w0, t0, freq), (w1, t1, _) = samples
    rate = (t1 - t0) / freq / max(w1 - w0, 1e-3)  # virtual seconds per wall second
    return min(SETTLE_MAX_S, max(SETTLE_MIN_S, 2 * FLUSH_S / max(rate, 1e-3)))


class Bench:
    """Shared measurements: every row takes what it needs, each session runs once."""

    def __init__(self, args):
        self.args = args
        self.image = None
        self.board_cmd = None
        self._icount = None
        self._error = None
        self._linux = None       # row 5b's boots, measured once for all its sub-rows
        self._linux_error = None
        self._channel = None     # row 3's sessions
        self._channel_error = None

    def prepare(self):
        self.image = build()
        self.board_cmd = board_qemu(self.image)

    def icount_runs(self):
        """[{"native": {...}, "shoji": {...}}] per pass, or Failed."""
        if self._error:
            raise Failed(self._error)
        if self._icount is None:
            runs = []
            try:
                for i in range(self.args.passes):
                    t0 = time.monotonic()
                    native = native_session(limited(native_qemu(self.board_cmd, os.path.join(GUEST_OUT, "vpn.elf")),
                                                    True), "native-%d" % (i + 1))
                    t1 = time.monotonic()
                    shoji = shoji_session(limited(self.board_cmd, True), "shoji-%d" % (i + 1))
                    log("icount pass %d: native %.1f s, Shoji %.1f s" % (i + 1, t1 - t0, time.monotonic() - t1))
                    settle = shoji.pop("settle_s")
                    runs.append({"native": native, "shoji": shoji, "shoji_settle_s": settle})
            except (Timeout, Failed) as e:
                self._error = "icount session failed: %s (logs in build/bench/logs)" % e
                raise Failed(self._error)
            self._icount = runs
        return self._icount

    def channel_runs(self):
        """[channel_session result] per pass, each a fresh QEMU under -icount, or Failed."""
        if self._channel_error:
            raise Failed(self._channel_error)
        if self._channel is None:
            runs = []
            try:
                for i in range(self.args.passes):
                    t0 = time.monotonic()
                    runs.append(channel_session(limited(self.board_cmd, True), "channel-%d" % (i + 1)))
                    log("channel pass %d: %.1f s" % (i + 1, time.monotonic() - t0))
            except (Timeout, Failed) as e:
                self._channel_error = "channel session failed: %s (logs in build/bench/logs)" % e
                raise Failed(self._channel_error)
            self._channel = runs
        return self._channel

    def probe(self, env, name):
        """The first pass's result for one probe, and whether every pass gave the same."""
        runs = self.icount_runs()
        values = [r[env][name] for r in runs]
        return values[0], all(v == values[0] for v in values), values


# ---------------------------------------------------------------- rows

class Row:
    def __init__(self, ident, title, unit=""):
        self.ident = ident
        self.title = title
        self.unit = unit
        self.native = None      # text for the table
        self.shoji = None
        self.overhead = None
        self.target = None
        self.verdict = None     # "meets", "misses" or None
        self.repeat = None      # "same" / "differs" / None (not applicable)
        self.status = "ok"      # "ok", "not yet", "error"
        self.note = ""
        self.data = {}          # numbers for results.json
        self.plot = []          # [(label, value)] bars for results.png

    def not_yet(self, why):
        self.status = "not yet"
        self.note = "not yet: " + why
        return self

    def error(self, why):
        self.status = "error"
        self.note = "error: " + why
        return self


def mmm(d):
    return "%d / %d / %d" % (d["min"], d["med"], d["max"])


def repeat_text(same, values, keys):
    if same:
        return "same"
    return "differs: " + " | ".join(",".join(str(v[k]) for k in keys) for v in values)


def row_timer(b, r):
    native, same_n, all_n = b.probe("native", "latency")
    shoji, same_s, all_s = b.probe("shoji", "latency")
    for d in (native, shoji):
        if d["n"] != LATENCY_SAMPLES:
            return r.error("only %d of %d samples" % (d["n"], LATENCY_SAMPLES))
    over = shoji["med"] - native["med"]
    r.native, r.shoji = mmm(native), mmm(shoji)
    r.overhead = "%+d (med)" % over
    r.target = "<= +%d" % TARGET_TIMER
    r.verdict = "meets" if over <= TARGET_TIMER else "misses"
    r.repeat = "same" if same_n and same_s else "differs: native %s; Shoji %s" % (
        repeat_text(same_n, all_n, ("min", "med", "max")), repeat_text(same_s, all_s, ("min", "med", "max")))
    r.data = {"native": all_n, "shoji": all_s, "overhead_med": over,
              "overhead_min": shoji["min"] - native["min"], "overhead_max": shoji["max"] - native["max"],
              "target_overhead": TARGET_TIMER}
    r.plot = [("native", native["med"]), ("Shoji", shoji["med"])]
    return r


def row_hvc(b, r):
    shoji, same, values = b.probe("shoji", "hvc")
    if int(shoji["x0"], 16) != ABI_VERSION_X0:
        return r.error("VERSION answered x0=%s" % shoji["x0"])
    r.native = "n/a (no EL2)"
    r.shoji = mmm(shoji)
    r.repeat = repeat_text(same, values, ("min", "med", "max"))
    r.note = "includes %d instructions of timing (isb, mrs, isb around the hvc)" % shoji["empty"]
    r.data = {"shoji": values, "timing_floor": shoji["empty"]}
    r.plot = [("HVC Shoji", shoji["med"])]
    return r


def row_exc(b, r):
    """For scale beside row 2: the guest's own null exception (UDF -> its EL1 vector -> skip), never leaving EL1."""
    native, same_n, all_n = b.probe("native", "exc")
    shoji, same_s, all_s = b.probe("shoji", "exc")
    r.native, r.shoji = mmm(native), mmm(shoji)
    r.overhead = "%+d (med)" % (shoji["med"] - native["med"])
    r.repeat = "same" if same_n and same_s else "differs"
    r.note = "EL1 only: the guest's full-frame vector and C handler; Shoji is not involved"
    r.data = {"native": all_n, "shoji": all_s}
    r.plot = [("UDF native", native["med"]), ("UDF Shoji", shoji["med"])]
    return r


PEER_NOTIFY = 2189  # DESIGN.md: the peer's inter-VM notify round trip, instructions


def row_channel(b, r):
    r.target = "<= %s" % "{:,}".format(TARGET_NOTIFY)
    runs = b.channel_runs()
    values = [x["ping"] for x in runs]
    ping = values[0]
    for x in runs:
        if x["ping"]["ok"] != PING_SAMPLES:
            return r.error("%d of %d round trips (apps: %s)" % (x["ping"]["ok"], PING_SAMPLES, x.get("echo")))
    r.native = "n/a (two VMs)"
    r.shoji = mmm(ping)
    r.overhead = "%.2fx the peer's (med)" % (ping["med"] / PEER_NOTIFY)
    r.verdict = "meets" if ping["med"] <= TARGET_NOTIFY else "misses"
    r.repeat = repeat_text(all(v == ping for v in values), values, ("min", "med", "max"))
    r.note = ("vpn: CNTVCT, CHANNEL_NOTIFY to apps, WFI until its own doorbell handler runs (CNTVCT at its entry); "
              "apps answers with CHANNEL_NOTIFY from its doorbell handler and idles in WFI. Under -icount one "
              "virtual clock counts every CPU's instructions, so a round trip is all the work of both VMs and "
              "the hypervisor in between (both exception entries, vGIC injection, the kick to the other CPU, "
              "both guest handlers, and apps' way back into WFI: QEMU's one thread leaves a vCPU only when it "
              "halts). Round trips are paced 100 us apart (each end's doorbell budget is 20,000/s). "
              "The peer's %s; throughput over the channel waits for its network driver (row 7)"
              % "{:,}".format(PEER_NOTIFY))
    r.data = {"shoji": values, "settle_s": [x["settle_s"] for x in runs],
              "target": TARGET_NOTIFY, "peer": PEER_NOTIFY}
    r.plot = [("peer", PEER_NOTIFY), ("Shoji", ping["med"])]
    return r


def row_work(b, r):
    native, same_n, all_n = b.probe("native", "work")
    shoji, same_s, all_s = b.probe("shoji", "work")
    if native["sum"] != shoji["sum"]:
        return r.error("checksums differ: native %s, Shoji %s" % (native["sum"], shoji["sum"]))
    slowdown = 100.0 * (shoji["ticks"] - native["ticks"]) / native["ticks"]
    r.native, r.shoji = "{:,}".format(native["ticks"]), "{:,}".format(shoji["ticks"])
    r.overhead = "%+.4f %%" % slowdown
    r.target = "<= %.1f %%" % TARGET_SLOWDOWN
    r.verdict = "meets" if slowdown <= TARGET_SLOWDOWN else "misses"
    r.repeat = "same" if same_n and same_s else "differs: native %s; Shoji %s" % (
        repeat_text(same_n, all_n, ("ticks",)), repeat_text(same_s, all_s, ("ticks",)))
    r.note = ("the guest runs with its MMU off, so every access is Device memory (fine for a ratio). QEMU's TCG "
              "models no TLB, cache or page-walk cost, so ~0 here is expected: the row shows only time lost to "
              "EL2 exits, not what two-stage translation costs a real CPU")
    r.data = {"native": all_n, "shoji": all_s, "slowdown_percent": slowdown, "target_percent": TARGET_SLOWDOWN}
    r.plot = [("native", 100.0), ("Shoji", 100.0 + slowdown)]
    return r


def first_lines(cmd, patterns, tag, limit=30):
    """Seconds from starting QEMU to the first complete line matching each (key, regex): wall clock, no icount.
    QEMU is killed as soon as every pattern has been seen, or after `limit` seconds (Timeout)."""
    t0 = time.monotonic()
    times = {}
    with Qemu(cmd, timeout=limit + 30, log_path=os.path.join(LOG_DIR, tag + ".log")) as q:
        pending = [(key, re.compile(rx, re.M)) for key, rx in patterns]
        while pending:
            # Each read returns as soon as output arrives; lines are stamped when first seen complete.
            if q._read_some(0.05) is None:
                raise Timeout("QEMU exited before %s" % [k for k, _ in pending])
            now = time.monotonic() - t0
            done = q._complete()
            for key, rx in list(pending):
                if rx.search(done):
                    times[key] = now
                    pending.remove((key, rx))
            if pending and now > limit:
                raise Timeout("no %s within %d s" % ([k for k, _ in pending], limit))
    return times


def row_boot(b, r):
    """What test-pair can show today: QEMU start -> Shoji banner -> each VM's first line, vs the guest alone."""
    native_cmd = limited(native_qemu(b.board_cmd, os.path.join(GUEST_OUT, "vpn.elf")), False)
    shoji_cmd = limited(b.board_cmd, False)
    native, shoji = [], []
    try:
        for i in range(b.args.boot_runs):
            native.append(first_lines(native_cmd, [("first", r"^guest vpn up ")], "boot-native-%d" % (i + 1)))
            s = first_lines(shoji_cmd, [("banner", r"^\[shoji\] Shoji "), ("vpn", r"^\[vpn\] guest vpn up "),
                                        ("apps", r"^\[apps\] guest apps up ")], "boot-shoji-%d" % (i + 1))
            s["both"] = max(s["vpn"], s["apps"])
            shoji.append(s)
    except Timeout as e:
        return r.error("boot timed out: %s (logs in build/bench/logs)" % e)

    def summary(values):
        return "%.3f (%.3f-%.3f)" % (statistics.median(values), min(values), max(values))

    nat = [x["first"] for x in native]
    both = [x["both"] for x in shoji]
    banner = [x["banner"] for x in shoji]
    r.native = summary(nat)
    r.shoji = summary(both)
    ratio = statistics.median(both) / statistics.median(nat)
    r.overhead = "x%.2f" % ratio
    r.target = "< peer (%.2f s)" % TARGET_FIRST_LINE
    # The target is "below the peer's, same machine"; the peer's figure comes from another machine.
    r.verdict = "%s %.2f s" % ("below" if statistics.median(both) < TARGET_FIRST_LINE else "above", TARGET_FIRST_LINE)
    r.note = ("Shoji: both VMs' first line (banner at %s s); native: the same guest booted by QEMU alone, "
              "boots interleaved. Wall clock, QEMU start-up included, without -icount: it follows the host's "
              "load (QEMU runs 4 vCPU threads); the peer's %.2f s was measured elsewhere"
              % (summary(banner), TARGET_FIRST_LINE))
    r.data = {"native_first_line": nat, "shoji_banner": banner, "shoji_both_first_lines": both,
              "shoji_vpn": [x["vpn"] for x in shoji], "shoji_apps": [x["apps"] for x in shoji],
              "ratio_median": ratio,
              "peer_seconds": TARGET_FIRST_LINE}
    r.plot = [("native", statistics.median(nat) * 1000), ("banner", statistics.median(banner) * 1000),
              ("both VMs", statistics.median(both) * 1000)]
    return r


# Row 5b: the vpn-apps system (two stock Debian kernels under Shoji) beside each kernel booted alone.
LINUX_SYSTEM = "vpn-apps"
LINUX_VMS = ("vpn", "apps")
LINUX_LIMIT_S = 90      # wall seconds allowed for one boot to reach every stage
# The stages timed in each VM, in boot order: its first kernel line (earlycon is on, so this is the kernel's
# first printk), init's `shoji-guest: <vm> up`, vpn's DHCP lease, and ash's banner just before its prompt.
# (A kernel message may be appended to the banner's console line: "commands.[    1.92] ...".)
LINUX_SHELL = r"Enter 'help' for a list of built-in commands\.(?:$|\[ *\d+\.\d+\] )"
LINUX_STAGES = {
    "vpn": (("first", r"\[ *\d+\.\d+\] "), ("up", r"shoji-guest: vpn up$"), ("dhcp", r"shoji-guest: eth0 "),
            ("shell", LINUX_SHELL)),
    "apps": (("first", r"\[ *\d+\.\d+\] "), ("up", r"shoji-guest: apps up$"), ("shell", LINUX_SHELL)),
}
LINUX_STAGE_TEXT = {"first": "first console line", "up": "`shoji-guest: %s up`", "dhcp": "DHCP lease",
                    "shell": "shell banner"}


def linux_commands():
    """(Shoji's QEMU line for vpn-apps, {vm: its kernel+initramfs+DTB booted by QEMU alone})."""
    run(["make", "-s", "SYSTEM=" + LINUX_SYSTEM, "image"])
    image = os.path.join(ROOT, run(["make", "-s", "--no-print-directory", "SYSTEM=" + LINUX_SYSTEM,
                                    "image-path"]).strip())
    shoji = run(["make", "-s", "--no-print-directory", "SYSTEM=" + LINUX_SYSTEM, "qemu-cmd",
                 "IMAGE=" + image]).strip()
    sys.path.insert(0, os.path.join(ROOT, "tests", "linux"))
    import native_boot  # noqa: E402 - tests/linux/native_boot.py: the native reference, its own DTB per VM
    native = {}
    for vm in LINUX_VMS:
        try:
            line = native_boot.qemu_line(vm, True)
        except (AssertionError, OSError, KeyError) as e:
            raise Failed("native QEMU line for %s: %s" % (vm, e))
        # native_boot's own `timeout N` would put QEMU in a process group of its own: use ours.
        m = re.match(r"timeout \d+ (qemu-system-\S+ .*)$", line)
        if not m:
            raise Failed("unexpected native QEMU line: " + line)
        native[vm] = limited(m.group(1), False)
    return limited(shoji, False), native


def linux_boots(b):
    """{"shoji": [{"banner": s, "vpn": {stage: s}, "apps": {...}}], "native": {vm: [{stage: s}]},
    "native_together": {vm: [{stage: s}]}}, measured once."""
    if b._linux_error:
        raise Failed(b._linux_error)
    if b._linux is None:
        try:
            b._linux = measure_linux_boots(b)
        except Failed as e:
            b._linux_error = str(e)
            raise
    return b._linux


def native_together(native_cmd, tag):
    """Both kernels booted natively at the same time, each in its own QEMU: {vm: {stage: s}}."""
    got, errors = {}, []

    def boot(vm):
        try:
            got[vm] = first_lines(native_cmd[vm], [(k, "^" + rx) for k, rx in LINUX_STAGES[vm]],
                                  "%s-%s" % (tag, vm), LINUX_LIMIT_S)
        except Exception as e:  # noqa: BLE001 - reported by the caller
            errors.append(e)

    threads = [threading.Thread(target=boot, args=(vm,)) for vm in LINUX_VMS]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    if errors:
        raise errors[0]
    return got


def measure_linux_boots(b):
    """
    Row 5b's boots, --boot-runs times each, interleaved so that a change in the host's load falls on every
    side alike: each VM's kernel booted natively alone (the reference), both booted natively at once in
    two QEMUs (a control: the host's CPUs shared as under Shoji, without Shoji), and vpn-apps under Shoji.
    """
    shoji_cmd, native_cmd = linux_commands()
    shoji, native, together = [], {vm: [] for vm in LINUX_VMS}, {vm: [] for vm in LINUX_VMS}
    try:
        for i in range(b.args.boot_runs):
            t0 = time.monotonic()
            for vm in LINUX_VMS:
                native[vm].append(first_lines(native_cmd[vm], [(k, "^" + rx) for k, rx in LINUX_STAGES[vm]],
                                              "boot-linux-native-%s-%d" % (vm, i + 1), LINUX_LIMIT_S))
            for vm, stages in native_together(native_cmd, "boot-linux-together-%d" % (i + 1)).items():
                together[vm].append(stages)
            t1 = time.monotonic()
            got = first_lines(shoji_cmd, [("banner", r"^\[shoji\] Shoji ")] +
                              [("%s.%s" % (vm, k), r"^\[%s\] %s" % (vm, rx))
                               for vm in LINUX_VMS for k, rx in LINUX_STAGES[vm]],
                              "boot-linux-shoji-%d" % (i + 1), LINUX_LIMIT_S)
            s = {"banner": got["banner"]}
            for vm in LINUX_VMS:
                s[vm] = {k: got["%s.%s" % (vm, k)] for k, _ in LINUX_STAGES[vm]}
            shoji.append(s)
            log("linux boot %d: native %.1f s, Shoji %.1f s" % (i + 1, t1 - t0, time.monotonic() - t1))
    except Timeout as e:
        raise Failed("Linux boot timed out: %s (logs in build/bench/logs)" % e)
    return {"shoji": shoji, "native": native, "native_together": together}


def med_range(values):
    return "%.2f (%.2f-%.2f)" % (statistics.median(values), min(values), max(values))


# Row 5c: what verified boot costs a boot (issue 8): the same payloads under the release hypervisor and
# under a BENCH_NO_VERIFY=1 build of it, which skips verification (and says so), boots interleaved.
VERIFY_MS = r"^\[shoji\] (vpn|apps): verified in (\d+) ms"


def verify_cost_boots(b):
    cmds = {}
    for kind, extra in (("verified", []), ("skipped", ["BENCH_NO_VERIFY=1"])):
        args = ["SYSTEM=" + LINUX_SYSTEM] + extra
        run(["make", "-s"] + args + ["image"])
        image = run(["make", "-s", "--no-print-directory"] + args + ["image-path"]).strip()
        cmds[kind] = run(["make", "-s", "--no-print-directory"] + args + ["qemu-cmd", "IMAGE=" + image]).strip()
    pats = [("%s.%s" % (vm, k), r"^\[%s\] %s" % (vm, rx)) for vm in LINUX_VMS for k, rx in LINUX_STAGES[vm]
            if k in ("first", "shell")]
    got = {"verified": [], "skipped": [], "verify_ms": {vm: [] for vm in LINUX_VMS}}
    try:
        for i in range(b.args.boot_runs):
            for kind in ("verified", "skipped"):
                tag = "boot-verify-%s-%d" % (kind, i + 1)
                got[kind].append(first_lines(cmds[kind], pats, tag, LINUX_LIMIT_S))
                if kind == "verified":
                    with open(os.path.join(LOG_DIR, tag + ".log"), errors="replace") as f:
                        for vm, ms in re.findall(VERIFY_MS, f.read(), re.M):
                            got["verify_ms"][vm].append(int(ms))
    except Timeout as e:
        raise Failed("Linux boot timed out: %s (logs in build/bench/logs)" % e)
    return got


def row_verify_cost(b, r):
    got = verify_cost_boots(b)
    parts, notes = [], []
    for vm in LINUX_VMS:
        on = [x[vm + ".first"] for x in got["verified"]]
        off = [x[vm + ".first"] for x in got["skipped"]]
        parts.append("%s first line %s s vs %s s" % (vm, med_range(on), med_range(off)))
        shell_on = statistics.median(x[vm + ".shell"] for x in got["verified"])
        shell_off = statistics.median(x[vm + ".shell"] for x in got["skipped"])
        ms = got["verify_ms"][vm]
        notes.append("%s: verification itself %s ms on its boot CPU (the hypervisor's log), shell %.2f vs %.2f s"
                     % (vm, "%d (%d-%d)" % (statistics.median(ms), min(ms), max(ms)) if ms else "?",
                        shell_on, shell_off))
    r.native = "n/a"
    r.shoji = "; ".join(parts)
    r.overhead = "+%.2f s (vpn), +%.2f s (apps), medians" % tuple(
        statistics.median(x[vm + ".first"] for x in got["verified"]) -
        statistics.median(x[vm + ".first"] for x in got["skipped"]) for vm in LINUX_VMS)
    r.note = ("the same payloads under the release build (verified) and a BENCH_NO_VERIFY=1 build that skips "
              "verified and measured boot (every VM UNVERIFIED, no measurement, so vpn's key does not unseal "
              "and vpnd is not started there), %d boots each, interleaved, wall clock from QEMU start. "
              "Each VM's boot CPU hashes its ~30 MB of payloads and checks 4 ECDSA P-256 signatures, the two "
              "VMs in parallel. %s" % (b.args.boot_runs, "; ".join(notes)))
    r.data = got
    return r


def row_linux_banner(b, r):
    boots = linux_boots(b)
    banner = [x["banner"] for x in boots["shoji"]]
    both = [max(x[vm]["first"] for vm in LINUX_VMS) for x in boots["shoji"]]
    r.native = "n/a (no Shoji)"
    r.shoji = med_range(banner)
    r.note = ("%d boot%s of %s, wall clock from starting QEMU (start-up included, no -icount), every stage of "
              "both VMs timed in the same boot; native: the same kernel, initramfs and DTB booted by QEMU alone "
              "at EL1 (tests/linux/native_boot.py's own-DTB boot: the VM's CPU count, vpn with its NIC), boots "
              "interleaved. A VM's first line is its kernel's first printk (earlycon is on). Under Shoji both "
              "kernels boot at once on one QEMU (4 vCPU threads) sharing this host's %d CPUs; natively each has "
              "QEMU to itself, so the ratios include that contention (the up rows' notes give a control: both kernels "
              "booted natively at once). Both VMs' first lines under Shoji at %s s; "
              "DESIGN's first-line target (the peer's %.2f s) is judged on the bare-metal guests, row 5a"
              % (len(banner), "" if len(banner) == 1 else "s", LINUX_SYSTEM, os.cpu_count() or 0,
                 med_range(both), TARGET_FIRST_LINE))
    r.data = {"shoji_banner": banner, "shoji_both_first_lines": both, "boots": boots}
    return r


def row_linux_stage(vm, stage):
    """A row: QEMU start -> `stage` of `vm`, under Shoji and natively, and their ratio (of medians)."""
    def fn(b, r):
        boots = linux_boots(b)
        shoji = [x[vm][stage] for x in boots["shoji"]]
        native = [x[stage] for x in boots["native"][vm]]
        ratio = statistics.median(shoji) / statistics.median(native)
        r.native, r.shoji = med_range(native), med_range(shoji)
        r.overhead = "x%.2f" % ratio
        r.data = {"native": native, "shoji": shoji, "ratio_median": ratio}
        if stage == "first":
            # Before its first line Shoji scrubs the VM's RAM and copies its payloads in (hyp/core/vm.c vm_load).
            since = [x[vm][stage] - x["banner"] for x in boots["shoji"]]
            r.note = ("Shoji's banner -> %s's first line: %s s (Shoji scrubs the VM's RAM and copies its kernel, "
                      "initramfs and DTB in, on the VM's boot CPU)" % (vm, med_range(since)))
            r.data["shoji_since_banner"] = since
        if stage == "up":
            own_s = [x[vm]["up"] - x[vm]["first"] for x in boots["shoji"]]
            own_n = [x["up"] - x["first"] for x in boots["native"][vm]]
            both = [x["up"] for x in boots["native_together"][vm]]
            r.note = ("first line -> up (the kernel's own boot): native %s s, Shoji %s s, x%.2f. Control, both "
                      "kernels booted natively at once in two QEMUs (the host shared as under Shoji): up at %s s; "
                      "Shoji / that x%.2f"
                      % (med_range(own_n), med_range(own_s), statistics.median(own_s) / statistics.median(own_n),
                         med_range(both), statistics.median(shoji) / statistics.median(both)))
            r.data.update({"native_first_to_up": own_n, "shoji_first_to_up": own_s, "native_together": both})
            # Two-line tick labels (gnuplot reads \n in quoted data): four bars share one narrow panel.
            r.plot = [("%s\\nnative" % vm, statistics.median(native)), ("%s\\nShoji" % vm, statistics.median(shoji))]
        if stage == "shell" and "dhcp" in boots["native"][vm][0]:
            dn = [x["dhcp"] for x in boots["native"][vm]]
            ds = [x[vm]["dhcp"] for x in boots["shoji"]]
            r.note = ("the shell starts after the DHCP lease (`shoji-guest: eth0`, from QEMU's user network), "
                      "at native %s s, Shoji %s s, x%.2f"
                      % (med_range(dn), med_range(ds), statistics.median(ds) / statistics.median(dn)))
            r.data.update({"native_dhcp": dn, "shoji_dhcp": ds})
        return r
    return fn


def linux_rows():
    rows = [("5b", "boot, Linux (%s, stock Debian kernels): QEMU start -> Shoji banner" % LINUX_SYSTEM,
             "s, median (min-max)", row_linux_banner)]
    for vm in LINUX_VMS:
        for stage, _ in LINUX_STAGES[vm]:
            if stage == "dhcp":
                continue  # in the shell row's note: the shell waits for it
            rows.append(("5b-%s:%s" % (vm, stage), "%s: QEMU start -> %s" % (vm, LINUX_STAGE_TEXT[stage].replace(
                "%s", vm)), "s, median (min-max)", row_linux_stage(vm, stage)))
    return rows


def count_loc():
    """Code lines (no blanks or comments) of hyp/ board/ include/ in the working tree: (total, tool, by language)."""
    files = run(["git", "ls-files", "--cached", "--others", "--exclude-standard", "hyp", "board", "include"])
    files = [f for f in files.splitlines() if os.path.isfile(os.path.join(ROOT, f))]
    if shutil.which("cloc"):
        listing = os.path.join(OUT, "loc-files.txt")
        with open(listing, "w") as f:
            f.write("\n".join(files) + "\n")
        # .S is preprocessed assembly; cloc knows it as "Assembly".
        data = json.loads(run(["cloc", "--json", "--quiet", "--list-file=" + listing]))
        by_lang = {k: v["code"] for k, v in data.items() if k not in ("header", "SUM")}
        return data["SUM"]["code"], "cloc " + data["header"]["cloc_version"], by_lang
    if shutil.which("sloccount"):
        out = run(["sloccount"] + sorted({f.split("/")[0] for f in files}))
        m = re.search(r"Total Physical Source Lines of Code \(SLOC\)\s*=\s*([\d,]+)", out)
        if m:
            return int(m.group(1).replace(",", "")), "sloccount", {}
    raise Failed("neither cloc nor sloccount is installed (Debian package cloc)")


def row_size(b, r):
    size_tool = "aarch64-linux-gnu-size"
    out = run([size_tool, HYP_ELF]).splitlines()
    text, data, bss = (int(x) for x in out[1].split()[:3])
    r.shoji = "%s / %s / %s" % ("{:,}".format(text), "{:,}".format(data), "{:,}".format(bss))
    r.data = {"text": text, "data": data, "bss": bss, "elf": os.path.relpath(HYP_ELF, ROOT)}
    try:
        loc, tool, by_lang = count_loc()
    except Failed as e:
        return r.error("lines of code: %s" % e)
    r.shoji += "; %s lines" % "{:,}".format(loc)
    r.target = "<= %s lines" % "{:,}".format(TARGET_LOC)
    r.verdict = "meets" if loc <= TARGET_LOC else "misses"
    r.note = ("berkeley `size` (text includes rodata; bss includes stacks and page tables); "
              "lines by %s: %s" % (tool, ", ".join("%s %d" % kv for kv in sorted(by_lang.items()))))
    r.data.update({"loc": loc, "loc_tool": tool, "loc_by_language": by_lang, "target_loc": TARGET_LOC})
    return r


# Row 7: one vpn-apps boot behind the test gateway (tests/vpn/gateway.py, QEMU in its namespace).
VPN_MIB = 16          # the file fetched for throughput
VPN_RUNS = 5          # fetches and pings per path; the row gives medians
VPN_PATHS = (         # (label, VM, what it crosses)
    ("apps->corp", "apps", "channel + vpn's forwarding + tunnel"),
    ("vpn->corp", "vpn", "tunnel only"),
    ("apps->vpn", "apps", "channel only"),
)


class _VpnCtx:
    """What tests/qemu/vpnpair.py needs from tests/run.py's context: the built vpn-apps image and its QEMU line."""

    logdir = LOG_DIR

    @staticmethod
    def _make(*args):
        return run(["make", "--no-print-directory", "-s"] + list(args)).strip()

    def image(self, *make_vars):
        self._make("image", *make_vars)
        return self._make("image-path", *make_vars)

    def qemu_cmd(self, image, *make_vars):
        return self._make("qemu-cmd", "IMAGE=" + image, *make_vars)


def _uptime_fetch(vp, vm, url):
    """Seconds one wget of url to /dev/null takes inside vm (its /proc/uptime, 10 ms steps)."""
    rc, out = vp.sh(vm, "a=$(cut -d' ' -f1 /proc/uptime); wget -q -O /dev/null %s && "
                        "echo \"took $a $(cut -d' ' -f1 /proc/uptime)\"" % url, timeout=600)
    m = re.search(r"^took ([0-9.]+) ([0-9.]+)$", "\n".join(out), re.M)
    if rc != 0 or not m:
        raise Failed("%s: wget %s failed: %s" % (vm, url, out[-3:]))
    return float(m.group(2)) - float(m.group(1))


def _ping_ms(vp, vm, dst):
    """Each echo's round trip in ms (busybox ping), the first left out (ARP, route lookups)."""
    rc, out = vp.sh(vm, "ping -c %d -i 0.5 %s" % (VPN_RUNS + 1, dst), timeout=120)
    times = [float(t) for t in re.findall(r"time=([0-9.]+) ms", "\n".join(out))]
    if len(times) != VPN_RUNS + 1:
        raise Failed("%s: ping %s: %d replies of %d" % (vm, dst, len(times), VPN_RUNS + 1))
    return times[1:]


def measure_vpn(b):
    from vpnpair import VpnPair  # tests/qemu (on sys.path); it brings tests/vpn/gateway.py
    got = {}
    with VpnPair(_VpnCtx(), "bench-vpn", wire=False) as vp:
        vp.wait_tunnel(timeout=120)
        with open(os.path.join(vp.gw.dir, "www", "big.bin"), "wb") as f:
            f.write(os.urandom(VPN_MIB << 20))
        # apps -> vpn directly: vpn serves the same amount; its firewall opens the port for this only.
        vp.sh_ok("vpn", "mkdir -p /www && dd if=/dev/zero of=/www/big.bin bs=1M count=%d 2>/dev/null && "
                        "httpd -p 8080 -h /www && iptables -I INPUT -i chan0 -p tcp --dport 8080 -j ACCEPT" % VPN_MIB)
        server = vp.gw.SERVER_ADDR
        urls = {"apps->corp": "http://%s/big.bin" % server, "vpn->corp": "http://%s/big.bin" % server,
                "apps->vpn": "http://10.7.0.1:8080/big.bin"}
        dsts = {"apps->corp": server, "vpn->corp": server, "apps->vpn": "10.7.0.1"}
        for label, vm, _ in VPN_PATHS:
            secs = [_uptime_fetch(vp, vm, urls[label]) for _ in range(VPN_RUNS)]
            got[label] = {"fetch_s": secs, "ping_ms": _ping_ms(vp, vm, dsts[label])}
    return got


def row_vpn(b, r):
    try:
        got = measure_vpn(b)
    except (Failed, Timeout, AssertionError) as e:
        return r.error(str(e))
    parts, notes = [], []
    for label, vm, what in VPN_PATHS:
        secs = statistics.median(got[label]["fetch_s"])
        mbit = VPN_MIB * 8 * 1.048576 / secs if secs > 0 else float("inf")
        ping = statistics.median(got[label]["ping_ms"])
        got[label].update({"mbit_s_median": mbit, "ping_ms_median": ping})
        parts.append("%s %.0f Mbit/s, ping %.2f ms" % (label, mbit, ping))
        notes.append("%s (%s): %d MiB fetch %.2f s median (%.2f-%.2f)" % (
            label, what, VPN_MIB, secs, min(got[label]["fetch_s"]), max(got[label]["fetch_s"])))
    r.native = "n/a (two VMs)"
    r.shoji = "; ".join(parts)
    r.note = ("one vpn-apps boot behind the test gateway (socat DTLS server bridged to a TUN, the corp server "
              "behind it; QEMU runs in the gateway's network namespace); wget of %d MiB over HTTP to /dev/null, "
              "timed in the guest by /proc/uptime, and ping, %d each per path, medians; wall clock, no -icount, "
              "on this host's %d CPUs shared by QEMU's 4 vCPUs, socat and the server. %s"
              % (VPN_MIB, VPN_RUNS, os.cpu_count() or 0, "; ".join(notes)))
    r.data = got
    r.plot = [(label, got[label]["mbit_s_median"]) for label, _, _ in VPN_PATHS]
    return r


# One entry per row of issue 9: (row, figure, unit, function filling it in). A function gets the Bench
# (shared sessions) and its Row, and returns the Row: numbers, or r.not_yet(why), or r.error(why).
ROWS = [
    ("1", "timer interrupt latency, %d samples (CNTVCT at handler entry - CVAL)" % LATENCY_SAMPLES,
     "instructions, min / med / max", row_timer),
    ("2", "hypercall round trip, VERSION from EL1 and back, %d calls" % HVC_SAMPLES,
     "instructions, min / med / max", row_hvc),
    ("2b", "guest's own exception round trip (UDF to its EL1 vector), for scale",
     "instructions, min / med / max", row_exc),
    ("3", "channel doorbell round trip (notify -> peer -> notify back), %d samples" % PING_SAMPLES,
     "instructions, min / med / max", row_channel),
    ("4", "guest CPU-bound work: %d KiB x %d passes (load, multiply-add, store per word)" % (WORK_KIB, WORK_PASSES),
     "instructions", row_work),
    ("5a", "boot: QEMU start -> first console line (bare-metal guests), wall clock",
     "s, median (min-max)", row_boot),
] + linux_rows() + [
    ("5c", "verified boot's cost: QEMU start -> each VM's first line, verified vs verification skipped",
     "s, median (min-max)", row_verify_cost),
    ("6", "hypervisor size: text / data / bss (bytes); lines of code in hyp/ board/ include/", "", row_size),
    ("7", "TCP throughput and ping: apps -> corp server (channel + VPN tunnel), vpn -> corp (tunnel), "
          "apps -> vpn (channel)", "Mbit/s, ms (medians)", row_vpn),
]


# ---------------------------------------------------------------- output

COLUMNS = ("row", "figure", "native", "Shoji", "overhead", "target", "verdict", "2nd run")


def cells(r):
    if r.status != "ok" and r.native is None and r.shoji is None:
        return [r.ident, r.title, r.note, "", "", r.target or "", "", ""]
    title = r.title + (" [%s]" % r.unit if r.unit else "")
    return [r.ident, title, r.native or "-", r.shoji or "-", r.overhead or "-", r.target or "-",
            r.verdict or "-", r.repeat or "-"]


def print_table(rows):
    table = [list(COLUMNS)] + [cells(r) for r in rows if r.native is not None or r.shoji is not None]
    widths = [max(len(t[i]) for t in table) for i in range(len(COLUMNS))]
    widths[1] = min(widths[1], 64)
    for r in [None] + rows:
        if r is not None and r.native is None and r.shoji is None:  # not yet, or failed before a number
            print("%-*s  %s: %s%s" % (widths[0], r.ident, r.title, r.note,
                                      "; target %s" % r.target if r.target else ""))
            continue
        t = list(COLUMNS) if r is None else cells(r)
        if len(t[1]) > widths[1]:
            t[1] = t[1][:widths[1] - 3] + "..."
        print("  ".join(t[i].ljust(widths[i]) for i in range(len(t))).rstrip())
    print()
    for r in rows:
        if r.note and (r.native is not None or r.shoji is not None):
            print("%s: %s" % (r.ident, r.note))
    print("method: " + METHOD)


def markdown(rows, meta):
    lines = ["| row | figure | native | Shoji | overhead | target | verdict | 2nd run |",
             "| --- | --- | --- | --- | --- | --- | --- | --- |"]
    for r in rows:
        c = cells(r)
        lines.append("| " + " | ".join(x.replace("|", "\\|").replace("<=", "≤") for x in c) + " |")
    notes = ["- **%s**: %s" % (r.ident, r.note) for r in rows if r.note and (r.native or r.shoji)]
    return "\n".join([
        "Measured with `make bench` (`python3 tests/bench/run.py`) on %s, Shoji %s, %s; "
        "rows 1-4 under `-icount %s`, where the counter ticks once per instruction, "
        "so those figures are instruction counts and repeat exactly." % (meta["date"], meta["shoji"],
                                                                         meta["qemu"], ICOUNT),
        "",
    ] + lines + ["", "Notes:", ""] + notes + ["- " + METHOD] + [
        "",
        "![Shoji benchmarks](docs/bench-results.png)",
        "",
        "Targets are DESIGN.md's; the peer (%s)." % PEER,
        "",
    ])


GNUPLOT = r"""
set terminal %(term)s size %(width)d,520 font "sans,11"
set output '%(out)s'
set multiplot layout 1,%(n)d title "Shoji make bench - %(subtitle)s"
set style fill solid 0.85 border -1
set boxwidth 0.6
set grid ytics
unset key
set xrange [-0.6:*]
set offsets 0, 0.6, 0, 0
set bmargin 3.5
"""

# Panels of results.png: row -> (title, value format). Row 2b is drawn beside row 2, for scale.
PANELS = {
    "1": ("1. timer IRQ latency\\n(instructions, median)", "%.0f"),
    "2": ("2. HVC VERSION round trip, and the\\nguest's own UDF exception (instructions)", "%.0f"),
    "3": ("3. channel doorbell round trip\\n(instructions, median)", "%.0f"),
    "4": ("4. CPU-bound work\\n(time, native = 100)", "%.4f"),
    "5a": ("5a. QEMU start -> first line\\n(ms, wall clock, median)", "%.0f"),
    "5b": ("5b. Linux: QEMU start -> 'shoji-guest: <vm> up'\\n(s, wall clock, median)", "%.2f"),
}
PANEL_OF = {"2b": "2", "5b-vpn:up": "5b", "5b-apps:up": "5b"}
NATIVE_COLOUR, SHOJI_COLOUR, OTHER_COLOUR = "0x4c72b0", "0xdd8452", "0x55a868"


def colour(label):
    return NATIVE_COLOUR if "native" in label else SHOJI_COLOUR if "Shoji" in label or "both" in label else OTHER_COLOUR


def plot(rows, path, meta):
    gnuplot = shutil.which("gnuplot")
    if not gnuplot:
        return "gnuplot is not installed (Debian package gnuplot-nox): no picture"
    panels = {}
    for r in rows:
        if r.status == "ok" and r.plot:
            panels.setdefault(PANEL_OF.get(r.ident, r.ident), []).extend(r.plot)
    panels = [(k, v) for k, v in panels.items() if k in PANELS]
    if not panels:
        return "nothing to draw"
    terms = subprocess.run([gnuplot, "-e", "set terminal"], stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                           text=True).stdout
    script = GNUPLOT % {"term": "pngcairo" if "pngcairo" in terms else "png", "out": path, "n": len(panels),
                        "width": 100 + 380 * len(panels),
                        "subtitle": "Shoji %s, %s; rows 1-4 under -icount %s" % (meta["shoji"], meta["qemu"],
                                                                                ICOUNT)}
    for i, (key, bars) in enumerate(panels):
        title, fmt = PANELS[key]
        top = max(v for _, v in bars)
        script += "set title \"%s\"\nunset arrow\nunset label\n" % title
        if key == "1":
            goal = bars[0][1] + TARGET_TIMER
            top = max(top, goal)
            script += ("set arrow from -0.5,%d to %d.5,%d nohead dt 2 lw 2 lc rgb 'black' front\n"
                       "set label 'target: native + %d' at -0.45,%d offset 0,0.8 front\n"
                       % (goal, len(bars) - 1, goal, TARGET_TIMER, goal))
        if key == "3":
            top = max(top, TARGET_NOTIFY)
            script += ("set arrow from -0.5,%d to %d.5,%d nohead dt 2 lw 2 lc rgb 'black' front\n"
                       "set label 'target: %d' at -0.45,%d offset 0,0.8 front\n"
                       % (TARGET_NOTIFY, len(bars) - 1, TARGET_NOTIFY, TARGET_NOTIFY, TARGET_NOTIFY))
        script += "set yrange [0:%s]\n" % repr(top * 1.15)
        data = "\n".join("\"%s\" %s %s" % (label, repr(float(v)), colour(label)) for label, v in bars)
        script += "$d%d << EOD\n%s\nEOD\n" % (i, data)
        script += ("plot $d%d using 0:2:3:xtic(1) with boxes lc rgb variable, "
                   "'' using 0:2:(sprintf('%s', $2)) with labels offset 0,0.8\n" % (i, fmt))
    script += "unset multiplot\n"
    gp = os.path.join(OUT, "results.gp")
    with open(gp, "w") as f:
        f.write(script)
    p = subprocess.run([gnuplot, gp], stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, timeout=60)
    if p.returncode != 0:
        return "gnuplot failed: " + p.stdout[-1000:]
    return None


def meta_info():
    def out(cmd):
        try:
            return subprocess.run(cmd, cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True,
                                  timeout=30).stdout.strip()
        except (OSError, subprocess.TimeoutExpired):
            return "unknown"
    return {
        "date": time.strftime("%Y-%m-%d"),
        "shoji": out(["git", "describe", "--always", "--dirty", "--tags"]),
        "qemu": out(["qemu-system-aarch64", "--version"]).splitlines()[0].replace("QEMU emulator version ",
                                                                                   "QEMU "),
        "host": "%s, %d CPUs" % (platform.machine(), os.cpu_count() or 0),
        "icount": ICOUNT,
    }


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--passes", type=int, default=2, help="icount passes, each a fresh QEMU (default 2)")
    ap.add_argument("--boot-runs", type=int, default=5, help="boots timed for rows 5a and 5b (default 5)")
    ap.add_argument("--rows", default="", help="only these rows, e.g. 3,7 (a quick look; the table is partial)")
    args = ap.parse_args()
    only = set(args.rows.split(",")) - {""}
    if args.passes < 1 or args.boot_runs < 1:
        ap.error("--passes and --boot-runs must be at least 1")
    start = time.monotonic()
    os.makedirs(LOG_DIR, exist_ok=True)
    b = Bench(args)
    meta = meta_info()
    try:
        log("building")
        b.prepare()
    except Failed as e:
        print("bench: build failed: %s" % e)
        return 1
    rows = []
    for ident, title, unit, fn in ROWS:
        if only and ident not in only:
            continue
        t0 = time.monotonic()
        r = Row(ident, title, unit)
        try:
            rows.append(fn(b, r))
        except Failed as e:
            rows.append(r.error(str(e).splitlines()[0]))
        log("row %s: %.1f s" % (ident, time.monotonic() - t0))
    total = time.monotonic() - start
    meta["seconds"] = round(total, 1)

    print()
    print_table(rows)
    picture = os.path.join(OUT, "results.png")
    why = plot(rows, picture, meta)
    result = {
        "meta": meta,
        "rows": [{"row": r.ident, "title": r.title, "unit": r.unit, "status": r.status, "native": r.native,
                  "shoji": r.shoji, "overhead": r.overhead, "target": r.target, "verdict": r.verdict,
                  "repeat": r.repeat, "note": r.note, "data": r.data} for r in rows],
        "picture": None if why else os.path.relpath(picture, ROOT),
    }
    if b._icount is not None:
        result["icount_runs"] = b._icount
    if b._channel is not None:
        result["channel_runs"] = b._channel
    with open(os.path.join(OUT, "results.json"), "w") as f:
        json.dump(result, f, indent=1, sort_keys=False)
        f.write("\n")
    with open(os.path.join(OUT, "results.md"), "w") as f:
        f.write(markdown(rows, meta))
    print()
    if why:
        print("bench: " + why)
    else:
        print("bench: picture in %s" % os.path.relpath(picture, ROOT))
    print("bench: results in build/bench/results.json and results.md; %.0f s in all" % total)
    return 1 if any(r.status == "error" for r in rows) else 0


if __name__ == "__main__":
    sys.exit(main())
