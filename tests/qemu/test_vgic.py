# SPDX-License-Identifier: MIT
"""Interrupt virtualization (test-pair): timers, IPIs, passthrough interrupts, and ownership.

The untrusted `apps` VM attacks `vpn`'s interrupts through its own virtual GIC;
`vpn` must receive nothing it did not ask for and lose no timer tick.
"""
from testpair import TestPair

# vGICD offsets (GICv3 §12.9) and the INTIDs each VM owns in test-pair (vms/test-pair/layout.h).
ISENABLER, ICENABLER, ISPENDR, ISACTIVER = 0x100, 0x180, 0x200, 0x300
IPRIORITYR, ICFGR, IROUTER = 0x400, 0xc00, 0x6000
VPN_SPI = 48   # vpn's virtio-mmio transport 0
APPS_SPI = 34  # apps' PL031 RTC
APPS_VUART = 33
APPS_DOORBELL = 40  # channel 0's doorbell (a virtual SPI; test_channel.py)
APPS_OWN_MASK = (1 << (APPS_SPI % 32)) | (1 << (APPS_VUART % 32)) | (1 << (APPS_DOORBELL % 32))


def fields(line):
    return dict(kv.split("=", 1) for kv in line.split() if "=" in kv)


def vpn_timer_alive(tp, lost_ok=0):
    st = fields(tp.cmd("vpn", "timer stat", r"timer stat .*$").group(0))
    assert int(st["lost"]) <= lost_ok, "vpn lost timer ticks: %s" % st
    return int(st["n"])


def timer_1khz_in_both_vms_none_lost(ctx, name):
    with TestPair(ctx, name, timeout=240) as tp:
        tp.cmd("vpn", "irq on", r"ok irq on")
        tp.cmd("apps", "irq on", r"ok irq on")
        # Both run 10 s of guest time at 1 kHz, concurrently.
        tp.focus_on("vpn")
        start = len(tp.q.out)
        tp.q.send("timer 1000 10000\r")
        tp.focus_on("apps")
        tp.q.send("timer 1000 10000\r")
        for vm in ("vpn", "apps"):
            m = tp.q.expect(r"^\[%s\] (timer done .*)$" % vm, start=start, timeout=180)
            f = fields(m.group(1))
            assert int(f["n"]) == int(f["expected"]) == 10000 and int(f["lost"]) == 0, "%s: %s" % (vm, m.group(1))


def ipis_between_apps_vcpus(ctx, name):
    with TestPair(ctx, name) as tp:
        tp.cmd("apps", "irq on", r"ok irq on")
        tp.cmd("apps", "cpuon 1", r"ret x0=0x0")
        tp.q.expect(r"^\[apps\] vcpu 1 up", timeout=20)
        m = tp.cmd("apps", "ipi 1000", r"(ipi done .*)$", timeout=120)
        f = fields(m.group(1))
        assert int(f["n"]) == 1000 and int(f["ok"]) == 1000, m.group(1)


def apps_cannot_touch_vpn_interrupts(ctx, name):
    with TestPair(ctx, name) as tp:
        tp.cmd("vpn", "irq on", r"ok irq on")
        tp.cmd("vpn", "timer bg 1000", r"ok timer bg")
        tp.cmd("apps", "irq on", r"ok irq on")
        reg = 4 * (VPN_SPI // 32)
        # Enable, pend, activate, prioritise, configure and route vpn's SPI from apps.
        for off, val in ((ISENABLER + reg, 0xffffffff), (ISPENDR + reg, 0xffffffff),
                         (ISACTIVER + reg, 0xffffffff), (IPRIORITYR + VPN_SPI, 0x01010101),
                         (ICFGR + 4 * (VPN_SPI // 16), 0xffffffff), (IROUTER + 8 * VPN_SPI, 0x1)):
            tp.cmd("apps", "gicd_w 0x%x 0x%x" % (off, val), r"ok gicd_w ")
            got = int(tp.cmd("apps", "gicd_r 0x%x" % off, r"ok gicd_r \S+ = (\S+)").group(1), 16)
            if off < IPRIORITYR:
                # In INTIDs 32..63 apps owns only its vPL011 (33), its RTC (34) and its doorbell (40).
                assert got & ~APPS_OWN_MASK == 0, "apps sees state beyond its own SPIs at 0x%x: 0x%x" % (off, got)
            elif off == IPRIORITYR + VPN_SPI:
                assert got == 0, "apps sees a priority for vpn's SPI: 0x%x" % got
        # SGIs aimed at every CPU there is: target lists, other affinities, broadcast.
        for value in ("0xffff", "0x10000ffff", "0x1000000ffff", "0x10000000000", "0x1ff00ffff"):
            for sgi in range(0, 16, 5):
                tp.cmd("apps", "sgi 0x%x" % (int(value, 16) | (sgi << 24)), r"ok sgi")
        tp.q.drain(1.0)
        irqs = fields(tp.cmd("vpn", "irqs", r"irqs .*$").group(0))
        assert int(irqs["nic"]) == 0, "vpn received its SPI from apps' writes: %s" % irqs
        for k in ("sgi0", "sgi1", "sgi2", "other"):
            assert int(irqs[k]) == 0, "vpn received %s from apps: %s" % (k, irqs)
        vpn_timer_alive(tp)
        # vpn's own view: its SPI is neither enabled nor pending.
        got = int(tp.cmd("vpn", "gicd_r 0x%x" % (ISPENDR + reg), r"ok gicd_r \S+ = (\S+)").group(1), 16)
        assert not got & (1 << (VPN_SPI % 32)), "vpn's SPI pending after apps' writes"


def storms_in_apps_do_not_cost_vpn_ticks(ctx, name):
    with TestPair(ctx, name, timeout=240) as tp:
        tp.cmd("vpn", "irq on", r"ok irq on")
        tp.cmd("vpn", "timer bg 1000", r"ok timer bg")
        tp.cmd("apps", "irq on", r"ok irq on")
        before = vpn_timer_alive(tp)
        m = tp.cmd("apps", "storm sgi 100000", r"(storm done .*)$", timeout=120)
        assert int(fields(m.group(1))["got"]) > 0, m.group(1)
        m = tp.cmd("apps", "storm rtc 3000", r"(storm done .*)$", timeout=120)
        assert int(fields(m.group(1))["rtc"]) > 0, "the RTC never interrupted apps: %s" % m.group(1)
        after = vpn_timer_alive(tp)
        assert after > before, "vpn's timer stopped during the storms"


def console_input_by_interrupt(ctx, name):
    with TestPair(ctx, name) as tp:
        tp.cmd("apps", "irq on", r"ok irq on")
        tp.cmd("apps", "uartirq on", r"ok uartirq on")
        for i in range(5):
            tp.cmd("apps", "echo ping %d" % i, r"echo ping %d$" % i)
        irqs = fields(tp.cmd("apps", "irqs", r"irqs .*$").group(0))
        assert int(irqs["uart"]) > 0, "no vPL011 interrupts: %s" % irqs


TESTS = [
    ("timer_1khz_in_both_vms_none_lost", timer_1khz_in_both_vms_none_lost),
    ("ipis_between_apps_vcpus", ipis_between_apps_vcpus),
    ("apps_cannot_touch_vpn_interrupts", apps_cannot_touch_vpn_interrupts),
    ("storms_in_apps_do_not_cost_vpn_ticks", storms_in_apps_do_not_cost_vpn_ticks),
    ("console_input_by_interrupt", console_input_by_interrupt),
]
