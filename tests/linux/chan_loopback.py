#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""The channel driver in a real kernel without Shoji: both ends of one window in one VM.

Boots the pinned Debian kernel bare on QEMU virt (virtualization=on: the kernel owns
EL2, so CHANNEL_NOTIFY reaches its own hyp code, returns an error and rings nothing;
the driver then runs off its 100 ms link timer). The device tree is QEMU's own plus
two shoji,channel-net nodes on the same 1 MiB of RAM, side 0 and side 1, kept out of
the kernel's memory with mem=: chan0 and chan1 are the two ends of one channel.

Checks, one PASS/FAIL line each: handshake; ARP both ways (accept_local, since both
addresses are this kernel's); a flood that fills the ring and loses nothing; the
hostile commands from chan0 (bad lengths, garbage indices, an epoch storm, a doorbell
flood) counted by chan1, which comes back up each time; a peer going down and up;
rmmod; no oops or warning in the log. `N passed, N failed` last.

Usage: tests/linux/chan_loopback.py [-v]   (or make chan-loopback-test, which builds first)
"""
import os
import re
import subprocess
import sys
import time

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
sys.path.insert(0, os.path.join(ROOT, "tests", "qemu"))
from harness import Qemu  # noqa: E402

OUT = os.path.join(ROOT, "build/linux/chan-loopback")
IMAGE = os.path.join(ROOT, "build/linux/Image")
KO = os.path.join(ROOT, "build/linux/shoji-chan/shoji_chan.ko")
BUSYBOX = os.path.join(ROOT, "build/linux/busybox/bin/busybox")
MACHINE = "-machine virt,virtualization=on,gic-version=3 -cpu cortex-a57 -smp 2 -m 512M -net none"
WINDOW = 0x5ff00000  # the last MiB of the 512 MiB QEMU gives; mem=511M keeps the kernel off it
NODES = """
	channel@%(w)x {
		compatible = "shoji,channel-net";
		reg = <0x0 0x%(w)x 0x0 0x100000>;
		interrupts = <0 100 1>;
		shoji,channel = <0>;
		shoji,side = <0>;
	};
	peer@%(w)x {
		compatible = "shoji,channel-net";
		reg = <0x0 0x%(w)x 0x0 0x100000>;
		interrupts = <0 101 1>;
		shoji,channel = <0>;
		shoji,side = <1>;
	};
""" % {"w": WINDOW}
VERBOSE = "-v" in sys.argv
results = []


def build_inputs():
    """QEMU's device tree with the two nodes, and an initramfs holding the module."""
    os.makedirs(OUT, exist_ok=True)
    dtb = os.path.join(OUT, "virt.dtb")
    subprocess.run("qemu-system-aarch64 %s -nographic -machine dumpdtb=%s" % (MACHINE, dtb),
                   shell=True, check=True, capture_output=True)
    dts = subprocess.run(["dtc", "-q", "-I", "dtb", "-O", "dts", dtb], check=True, capture_output=True,
                         text=True).stdout
    end = dts.rstrip().rfind("};")
    with open(os.path.join(OUT, "loopback.dts"), "w") as f:
        f.write(dts[:end] + NODES + dts[end:])
    subprocess.run(["dtc", "-q", "-I", "dts", "-O", "dtb", "-o", os.path.join(OUT, "loopback.dtb"),
                    os.path.join(OUT, "loopback.dts")], check=True)
    subprocess.run(["sh", os.path.join(ROOT, "vms/linux/mkinitramfs.sh"), "-o", os.path.join(OUT, "initrd"),
                    "-n", "loopback", "-b", BUSYBOX, "-a", KO + "=/lib/modules/shoji_chan.ko"],
                   check=True, capture_output=True)


class Shell:
    def __init__(self, q):
        self.q = q
        self.seq = 0

    def run(self, cmd, timeout=60):
        """Runs cmd in the guest's shell; returns (exit status, output lines)."""
        self.seq += 1
        start = len(self.q.out)
        self.q.send('%s; echo "@@""DONE%d $?"\r' % (cmd, self.seq))
        m = self.q.expect(r"^@@DONE%d (\d+)$" % self.seq, start=start, timeout=timeout)
        lines = [l for l in self.q.out[start:m.start()].splitlines() if "@@" not in l]
        if VERBOSE:
            print("  $ %s\n    %s" % (cmd, "\n    ".join(lines)))
        return int(m.group(1)), lines

    def ok(self, cmd, timeout=60):
        rc, lines = self.run(cmd, timeout)
        assert rc == 0, "`%s` exited %d: %s" % (cmd, rc, lines[-5:])
        return lines

    def value(self, path):
        return self.ok("cat " + path)[-1].strip()

    def num(self, iface, name):
        """A counter: the netdev statistics (rx_*, tx_*) or the driver's own (shoji/)."""
        sub = "statistics" if name.startswith(("rx_", "tx_")) else "shoji"
        return int(self.value("/sys/class/net/%s/%s/%s" % (iface, sub, name)))

    def link(self, iface):
        return self.value("/sys/class/net/%s/shoji/link" % iface).split()[0]

    def both_up(self, seconds=5):
        for _ in range(int(seconds * 5)):
            if self.link("chan0") == "up" and self.link("chan1") == "up":
                return
            time.sleep(0.2)
        raise AssertionError("links %s / %s" % (self.link("chan0"), self.link("chan1")))

    def attack(self, what):
        return self.run("echo %s > /sys/class/net/chan0/shoji/attack" % what)[0]


def check(name, fn, sh):
    try:
        fn(sh)
        results.append(True)
        print("PASS  chan_loopback/" + name, flush=True)
    except Exception as e:  # noqa: BLE001 (a failed check is reported, the rest still run)
        results.append(False)
        print("FAIL  chan_loopback/%s: %s" % (name, e), flush=True)


def handshake(sh):
    sh.ok("insmod /lib/modules/shoji_chan.ko hostile=1")
    assert sorted(sh.ok("ls /sys/class/net")[-1].split()) == ["chan0", "chan1", "lo"]
    assert sh.link("chan0") == "down"
    sh.ok("ip link set chan0 up && ip link set chan1 up")
    sh.both_up()
    sh.ok("ip addr add 10.9.0.1/24 dev chan0 && ip addr add 10.9.0.2/24 dev chan1")
    sh.ok("for f in all chan0 chan1; do echo 1 > /proc/sys/net/ipv4/conf/$f/accept_local; "
          "echo 0 > /proc/sys/net/ipv4/conf/$f/rp_filter; done")


def arp_both_ways(sh):
    for dev, ip in (("chan0", "10.9.0.2"), ("chan1", "10.9.0.1")):
        out = "\n".join(sh.ok("arping -c 3 -I %s %s" % (dev, ip), timeout=30))
        assert "Received 3 response" in out, out


def flood_fills_the_ring_and_loses_nothing(sh):
    sh.ok("arp -i chan0 -s 10.9.0.77 02:53:68:00:00:01")  # chan1's MAC; nobody answers
    tx0 = sh.num("chan0", "tx_packets")
    rx1 = sh.num("chan1", "rx_packets")
    # Eight pingers for 4 s while ctrl[0].flags (F_TX_BLOCKED: ring full) is sampled.
    out = sh.ok("for i in 1 2 3 4 5 6 7 8; do ping -q -c 100000 -i 0.0001 -w 4 -s 1400 10.9.0.77 >/dev/null 2>&1 & "
                "done; n=0; full=0; while [ $n -lt 30 ]; do [ $(devmem 0x%x 32) = 0x00000001 ] && full=$((full+1)); "
                "n=$((n+1)); sleep 0.1; done; wait; sleep 1; echo blocked $full" % (WINDOW + 20), timeout=90)
    sent = sh.num("chan0", "tx_packets") - tx0
    got = sh.num("chan1", "rx_packets") - rx1
    assert sent > 500 and got == sent, "sent %d, received %d" % (sent, got)
    assert sh.num("chan0", "tx_dropped") == 0 and sh.num("chan1", "rx_errors") == 0
    print("      (%d frames; ring full in %s of 30 samples)" % (sent, out[-1].split()[-1]))


def bad_lengths_are_dropped(sh):
    sh.ok("echo bad_len > /sys/class/net/chan0/shoji/attack")
    time.sleep(0.5)
    assert sh.num("chan1", "rx_length_errors") == 3 and sh.num("chan1", "bad_lengths") == 3
    assert sh.link("chan1") == "up"


def garbage_indices_are_errors_and_the_link_returns(sh):
    for n, what in ((1, "garbage_prod"), (2, "bad_cons")):
        sh.ok("echo %s > /sys/class/net/chan0/shoji/attack" % what)
        time.sleep(0.5)
        assert sh.num("chan1", "protocol_errors") == n, "%s: protocol_errors" % what
        assert sh.num("chan1", "rx_frame_errors") == n
        sh.both_up()


def epoch_storm_and_doorbell_flood(sh):
    resets = sh.num("chan1", "link_resets")
    sh.ok("echo epoch_storm 200 > /sys/class/net/chan0/shoji/attack")
    sh.both_up()
    assert sh.num("chan1", "link_resets") > resets
    sh.ok("echo flood 1000 > /sys/class/net/chan0/shoji/attack")
    out = "\n".join(sh.ok("dmesg | grep 'hostile flood'"))
    assert re.search(r"flood: 1000 notifies: \d+ ok", out), out
    for bad in ("flood 0", "nonsense", "bad_len 3", "epoch_storm 100001"):
        assert sh.attack(bad) != 0, "accepted %r" % bad


def peer_down_and_up(sh):
    sh.ok("ip link set chan1 down")
    time.sleep(0.5)
    assert sh.link("chan0") == "waiting" and sh.value("/sys/class/net/chan0/carrier") == "0"
    sh.ok("ip link set chan1 up")
    sh.both_up()
    arp_both_ways(sh)


def unload_leaves_a_clean_kernel(sh):
    sh.ok("rmmod shoji_chan")
    assert sh.ok("ls /sys/class/net")[-1].split() == ["lo"]
    rc, out = sh.run("dmesg | grep -iE 'oops|BUG:|WARNING:|call trace'")
    assert rc != 0, "\n".join(out)


def main():
    subprocess.run(["make", "-s", "-C", ROOT, "chan-module", "build/linux/Image", "build/linux/busybox/bin/busybox"],
                   check=True)
    build_inputs()
    cmd = ("qemu-system-aarch64 %s -nographic -no-reboot -kernel %s -initrd %s -dtb %s "
           "-append 'console=ttyAMA0 mem=511M panic=-1'" % (MACHINE, IMAGE, os.path.join(OUT, "initrd"),
                                                             os.path.join(OUT, "loopback.dtb")))
    start = time.monotonic()
    with Qemu(cmd, timeout=600, log_path=os.path.join(OUT, "console.log")) as q:
        q.expect(r"shoji-guest: loopback up", timeout=240)
        sh = Shell(q)
        sh.ok("dmesg -n 1")  # kernel messages in dmesg only: the console is the shell's
        checks = [handshake, arp_both_ways, flood_fills_the_ring_and_loses_nothing, bad_lengths_are_dropped,
                  garbage_indices_are_errors_and_the_link_returns, epoch_storm_and_doorbell_flood,
                  peer_down_and_up, unload_leaves_a_clean_kernel]
        for fn in checks:
            check(fn.__name__, fn, sh)
            if not results[-1] and fn is handshake:
                break
    print("      (%.0f s; console in %s)" % (time.monotonic() - start, os.path.join(OUT, "console.log")))
    passed = sum(results)
    print("%d passed, %d failed" % (passed, len(results) - passed))
    return 0 if results and all(results) else 1


if __name__ == "__main__":
    sys.exit(main())
