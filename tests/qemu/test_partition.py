# SPDX-License-Identifier: MIT
"""Static partitions (test-pair): two bare-metal guests side by side, and nothing else reachable.

Every attack runs from the untrusted `apps` VM; each test also checks that the
trusted `vpn` VM kept its heartbeat and never restarted.
"""
from testpair import TestPair, count

# Everything apps must not reach (names resolved by the guest from vms/test-pair/probes.h).
FORBIDDEN = ["vpn_ram", "vpn_ram_end", "apps_own_pa", "hyp_ram", "hyp_ram_low", "uart", "gic_its", "nic",
             "fw_cfg", "vpn_dev", "gpio", "flash", "pcie_ecam", "pcie_mmio", "unassigned", "beyond_ipa"]

SEA_READ = 0x96000010   # EC 0x25 (data abort, same EL), IL, DFSC 0x10 (synchronous external abort)
SEA_WRITE = 0x96000050  # ... with WnR


def vpn_untouched(tp, before_hb):
    hb = tp.heartbeat()
    assert hb > before_hb, "vpn heartbeat stalled (%d -> %d)" % (before_hb, hb)
    assert count(tp.q.out, r"^\[vpn\] guest vpn up") == 1, "vpn restarted"
    assert "PANIC" not in tp.q.out, "hypervisor panicked"


def both_guests_run_side_by_side(ctx, name):
    with TestPair(ctx, name) as tp:
        hb = tp.heartbeat()
        tp.cmd("apps", "echo side by side", r"echo side by side$")
        m = tp.cmd("apps", "hvc 0xc6000000", r"ret x0=(\S+) x1=(\S+) x2=(\S+) x3=(\S+)$")
        assert [int(x, 16) for x in m.groups()] == [0x1, 1, 0, 0], "apps VERSION/INFO: %s" % (m.groups(),)
        m = tp.cmd("vpn", "hvc 0xc6000000", r"ret x0=(\S+) x1=(\S+) x2=(\S+) x3=(\S+)$")
        assert [int(x, 16) for x in m.groups()] == [0x1, 0, 1, 0], "vpn VERSION/INFO: %s" % (m.groups(),)
        vpn_untouched(tp, hb)
        rows = tp.monitor()
        assert rows["vpn"]["trust"] == "trusted" and rows["apps"]["trust"] == "untrusted"
        assert rows["vpn"]["cpus"] == "0" and rows["apps"]["cpus"] == "1,2", rows
        assert rows["vpn"]["state"] == "running" and rows["apps"]["state"] == "running", rows


def apps_cannot_reach_anything_else(ctx, name):
    with TestPair(ctx, name) as tp:
        hb = tp.heartbeat()
        for target in FORBIDDEN:
            m = tp.cmd("apps", "r " + target, r"(ok|abort) r (\S+)(.*)$")
            assert m.group(1) == "abort", "apps read %s: %s" % (target, m.group(0))
            esr = int(m.group(3).split("esr=")[1].split()[0], 16)
            assert esr == SEA_READ, "read %s: ESR 0x%x, expected a synchronous external abort" % (target, esr)
            far = int(m.group(3).split("far=")[1].split()[0], 16)
            assert far == int(m.group(2), 16), "read %s: FAR 0x%x is not the address" % (target, far)
            m = tp.cmd("apps", "w %s 0x5a5a5a5a" % target, r"(ok|abort) w (\S+)(.*)$")
            assert m.group(1) == "abort", "apps wrote %s: %s" % (target, m.group(0))
            esr = int(m.group(3).split("esr=")[1].split()[0], 16)
            assert esr == SEA_WRITE, "write %s: ESR 0x%x" % (target, esr)
        m = tp.cmd("apps", "x vpn_ram", r"(ok|abort) x (\S+) ec=(\S+)")
        assert m.group(1) == "abort" and int(m.group(3), 16) == 0x21, "fetch from vpn RAM: %s" % m.group(0)
        rows = tp.monitor()
        assert rows["apps"]["denials"] >= 2 * len(FORBIDDEN) + 1, rows["apps"]
        assert rows["vpn"]["denials"] == 0, rows["vpn"]
        vpn_untouched(tp, hb)


def psci_cpu_on_is_scoped(ctx, name):
    with TestPair(ctx, name) as tp:
        hb = tp.heartbeat()
        # MPIDR 0 is apps' own vCPU 0 in its virtual MPIDR space: vpn's CPU cannot be named.
        assert tp.cmd("apps", "cpuon 0", r"ret x0=(\S+)").group(1) == hex((1 << 64) - 4), "ALREADY_ON expected"
        for target in ("2", "7", "0x100", "0x80000001"):
            x0 = tp.cmd("apps", "cpuon " + target, r"ret x0=(\S+)").group(1)
            assert x0 == hex((1 << 64) - 2), "cpuon %s: x0=%s, expected INVALID_PARAMETERS" % (target, x0)
        for entry in ("vpn_ram", "hyp_ram", "0x80000002", "beyond_ipa"):
            x0 = tp.cmd("apps", "cpuon_raw 1 %s 0" % entry, r"ret x0=(\S+)").group(1)
            assert x0 == hex((1 << 64) - 9), "entry %s: x0=%s, expected INVALID_ADDRESS" % (entry, x0)
        assert tp.cmd("apps", "smc 0xc4000004 1 0", r"ret x0=(\S+)").group(1) == "0x1", "vCPU 1 should be OFF"
        assert tp.cmd("apps", "cpuon 1", r"ret x0=(\S+)").group(1) == "0x0"
        tp.q.expect(r"^\[apps\] vcpu 1 up$", timeout=10)
        assert tp.cmd("apps", "smc 0xc4000004 1 0", r"ret x0=(\S+)").group(1) == "0x0", "vCPU 1 should be ON"
        assert tp.cmd("apps", "cpuon 1", r"ret x0=(\S+)").group(1) == hex((1 << 64) - 4)
        vpn_untouched(tp, hb)


def smc_and_hvc_defaults(ctx, name):
    with TestPair(ctx, name) as tp:
        hb = tp.heartbeat()
        expect = {
            "smc 0x84000000": "0x10001",          # PSCI_VERSION 1.1
            "smc 0x80000000": "0x10001",          # SMCCC_VERSION 1.1
            "smc 0x84000006": "0x2",              # MIGRATE_INFO_TYPE: not required
            "smc 0x8400000a 0xc4000003": "0x0",   # PSCI_FEATURES(CPU_ON)
            "smc 0x8400000a 0xc4000001": hex((1 << 64) - 1),  # CPU_SUSPEND not offered
            "smc 0x80000001 0x80008000": hex((1 << 64) - 1),  # no firmware Spectre workaround to offer
            "smc 0x82000000": hex((1 << 64) - 1),  # SiP call: refused, not forwarded
            "smc 0x1c4000003 1 0x80000000 0": hex((1 << 64) - 1),  # stray high bits
            "hvc 0xc6000004": hex((1 << 64) - 1),  # the first unassigned hypercall (1..3: test_channel, test_trust)
            "hvc 0xc600ffff": hex((1 << 64) - 1),  # the last function number
            "hvc 0x1c6000000": hex((1 << 64) - 1),  # VERSION with stray high bits
            "hvc 0x86000000": hex((1 << 64) - 1),  # the SMC32 form is not Shoji's
        }
        for line, x0 in expect.items():
            got = tp.cmd("apps", line, r"ret x0=(\S+)").group(1)
            assert got == x0, "%s: x0=%s, expected %s" % (line, got, x0)
        vpn_untouched(tp, hb)


def trapped_system_registers(ctx, name):
    with TestPair(ctx, name) as tp:
        hb = tp.heartbeat()
        for reg in ("pmcr", "dbgbcr0", "mdscr", "cntp_ctl", "actlr", "dcisw"):
            m = tp.cmd("apps", "sysreg " + reg, r"(ok|abort) sysreg %s(?: = (\S+))?" % reg)
            assert m.group(1) == "ok" and int(m.group(2), 16) == 0, "%s: %s" % (reg, m.group(0))
        # The PMU and trace the guest cannot use are not advertised either (HCR_EL2.TID3).
        m = tp.cmd("apps", "sysreg id_aa64dfr0", r"(ok|abort) sysreg id_aa64dfr0(?: = (\S+))?")
        dfr0 = int(m.group(2), 16)
        assert (dfr0 >> 8) & 0xf == 0 and (dfr0 >> 4) & 0xf == 0, "PMU/trace advertised: 0x%x" % dfr0
        assert dfr0 & 0xf >= 6, "DebugVer 0x%x: ID registers must still report the real CPU" % (dfr0 & 0xf)
        vpn_untouched(tp, hb)


def system_off_stops_only_apps(ctx, name):
    with TestPair(ctx, name) as tp:
        hb = tp.heartbeat()
        tp.focus_on("apps")
        start = len(tp.q.out)
        tp.q.send("off\r")
        tp.q.expect(r"^\[shoji\] apps: powered off", start=start, timeout=20)
        rows = tp.monitor()
        assert rows["apps"]["state"] == "stopped" and rows["vpn"]["state"] == "running", rows
        vpn_untouched(tp, hb)
        hb = tp.heartbeat()
        # The monitor can bring it back.
        start = len(tp.q.out)
        tp.q.send("\x1dr")
        tp.q.expect(r"^\[apps\] guest apps up", start=start, timeout=30)
        assert tp.monitor()["apps"]["state"] == "running"
        vpn_untouched(tp, hb)


def system_reset_scrubs_and_restarts_only_apps(ctx, name):
    with TestPair(ctx, name) as tp:
        hb = tp.heartbeat()
        tp.cmd("apps", "mark 0xa5a5a5a5", r"ok mark")
        tp.cmd("apps", "check 0xa5a5a5a5", r"mark present")
        tp.cmd("vpn", "mark 0x5a5a5a5a", r"ok mark")
        start = len(tp.q.out)
        tp.focus_on("apps")
        tp.q.send("reset\r")
        tp.q.expect(r"^\[shoji\] apps: restarted", start=start, timeout=30)
        tp.q.expect(r"^\[apps\] guest apps up", start=start, timeout=30)
        tp.q.expect(r"^\[apps\] ready", start=start, timeout=30)
        tp.cmd("apps", "check 0xa5a5a5a5", r"mark absent")
        tp.cmd("vpn", "check 0x5a5a5a5a", r"mark present")
        # apps' virtual counter restarted near zero; vpn's kept counting.
        apps_ticks = int(tp.cmd("apps", "ticks", r"ticks (\S+)").group(1), 16)
        vpn_ticks = int(tp.cmd("vpn", "ticks", r"ticks (\S+)").group(1), 16)
        assert apps_ticks < vpn_ticks, "apps counter 0x%x not restarted (vpn 0x%x)" % (apps_ticks, vpn_ticks)
        assert tp.monitor()["apps"]["restarts"] == 1
        vpn_untouched(tp, hb)


def denial_flood_is_contained(ctx, name):
    with TestPair(ctx, name, timeout=240) as tp:
        tp.heartbeat()
        before = tp.monitor()["apps"]["denials"]
        tp.focus_on("apps")
        start = len(tp.q.out)
        tp.q.send("flood vpn_ram 100000\r")
        first_hb = tp.heartbeat(timeout=30)
        m = tp.q.expect(r"^\[apps\] flood done n=(\d+) aborts=(\d+)$", start=start, timeout=200)
        assert int(m.group(1)) == 100000 and int(m.group(2)) == 100000, m.group(0)
        during = tp.q.out[start:m.start()]
        beats = count(during, r"^\[vpn\] hb \d+$")
        assert beats >= 2, "vpn heartbeat stopped during the flood (%d beats)" % beats
        logged = count(during, r"^\[shoji\] apps: denied")
        assert logged <= 1, "%d denial lines for one address" % logged
        assert tp.monitor()["apps"]["denials"] - before == 100000
        assert first_hb > 0
        vpn_untouched(tp, first_hb)


TESTS = [
    ("both_guests_run_side_by_side", both_guests_run_side_by_side),
    ("apps_cannot_reach_anything_else", apps_cannot_reach_anything_else),
    ("psci_cpu_on_is_scoped", psci_cpu_on_is_scoped),
    ("smc_and_hvc_defaults", smc_and_hvc_defaults),
    ("trapped_system_registers", trapped_system_registers),
    ("system_off_stops_only_apps", system_off_stops_only_apps),
    ("system_reset_scrubs_and_restarts_only_apps", system_reset_scrubs_and_restarts_only_apps),
    ("denial_flood_is_contained", denial_flood_is_contained),
]
