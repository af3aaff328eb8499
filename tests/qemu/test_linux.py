# SPDX-License-Identifier: MIT
"""Linux in both VMs (vpn-apps, the default system): two stock Debian kernels side by side.

Everything is driven from the VMs' own shells over the tagged console.
"""
import re

from layout import layout as read_layout
from linuxpair import LinuxPair
from vpnpair import TUNNEL_DOWN, VpnPair

# Addresses apps attacks; each is outside apps' IPA window (vms/vpn-apps/layout.h): vpn's
# RAM, vpn's NIC, the hypervisor's image, apps' own PA. Read from the layout so no test
# names a board address.


def layout():
    return read_layout("vpn-apps")


def meminfo_kib(lp, vm):
    rc, out = lp.sh(vm, "grep MemTotal /proc/meminfo")
    return int(out[-1].split()[1])


def both_vms_reach_userspace(ctx, name):
    with LinuxPair(ctx, name) as lp:
        for vm in ("vpn", "apps"):
            rc, out = lp.sh(vm, "echo hello from $(hostname)")
            assert rc == 0 and out[-1] == "hello from %s" % vm, out
        rows = lp.monitor()
        assert rows["vpn"]["state"] == rows["apps"]["state"] == "running", rows


def each_vm_sees_exactly_its_partition(ctx, name):
    L = layout()
    with LinuxPair(ctx, name) as lp:
        rc, out = lp.sh("apps", "grep -c ^processor /proc/cpuinfo")
        assert out[-1] == "2", "apps CPUs: %s" % out
        rc, out = lp.sh("vpn", "grep -c ^processor /proc/cpuinfo")
        assert out[-1] == "1", "vpn CPUs: %s" % out
        apps_mib, vpn_mib = L["VA_APPS_RAM_SIZE"] >> 20, L["VA_VPN_RAM_SIZE"] >> 20
        # MemTotal is RAM minus what the kernel keeps for itself (well under 15 %).
        got = meminfo_kib(lp, "apps") >> 10
        assert 0.85 * apps_mib <= got <= apps_mib, "apps MemTotal %d MiB for %d MiB of RAM" % (got, apps_mib)
        got = meminfo_kib(lp, "vpn") >> 10
        assert 0.85 * vpn_mib <= got <= vpn_mib, "vpn MemTotal %d MiB for %d MiB of RAM" % (got, vpn_mib)
        rc, out = lp.sh("apps", "ls -1 /sys/class/net")
        assert out == ["chan0", "lo"], "apps network devices: %s" % out  # the channel is its only way out
        rc, out = lp.sh("vpn", "ls -1 /sys/class/net")
        assert out[-3:] == ["chan0", "eth0", "lo"], "vpn network devices: %s" % out
        rc, out = lp.sh("vpn", "ip -4 addr show eth0")
        assert any("inet 10.0.2.15/24" in l for l in out), "vpn has no DHCP lease: %s" % out


def apps_devmem_is_denied(ctx, name):
    L = layout()
    targets = {
        "vpn RAM": L["VA_VPN_RAM_PA"],
        "vpn RAM end": L["VA_VPN_RAM_PA"] + L["VA_VPN_RAM_SIZE"] - 4,
        "vpn NIC": L["VA_NIC_BASE"],
        "apps' own PA": L["VA_APPS_RAM_PA"],
    }
    with LinuxPair(ctx, name) as lp:
        before = lp.monitor()["apps"]["denials"]
        up = lp.uptime("vpn")
        for what, addr in targets.items():
            start = len(lp.q.out)
            rc, out = lp.sh("apps", "devmem 0x%x 32" % addr)
            assert rc == 135 and "Bus error" in out, "apps read %s (0x%x): rc %d %s" % (what, addr, rc, out)
            assert re.search(r"^\[shoji\] apps: denied read at IPA 0x%x " % addr, lp.q.out[start:], re.M), \
                "no denial logged for %s" % what
            rc, out = lp.sh("apps", "devmem 0x%x 32 0x5a5a5a5a" % addr)
            assert rc == 135, "apps wrote %s (0x%x): rc %d %s" % (what, addr, rc, out)
        assert lp.monitor()["apps"]["denials"] - before >= 2 * len(targets)
        rc, out = lp.sh("apps", "echo apps alive")
        assert out[-1] == "apps alive"
        assert lp.uptime("vpn") > up, "vpn stalled"
        assert lp.monitor()["vpn"]["restarts"] == 0


def _ping_clean(lp):
    """Stops vpn's background ping; returns (transmitted, received).

    Interrupting ping can leave its last echo request unanswered, so a clean run
    is received >= transmitted - 1; anything more is a real loss.
    """
    lp.sh("vpn", "kill -INT %1; wait")
    rc, out = lp.sh("vpn", "cat /tmp/ping.log | tail -n 3")
    m = re.search(r"(\d+) packets transmitted, (\d+) packets received", "\n".join(out))
    assert m, "no ping statistics: %s" % out
    return int(m.group(1)), int(m.group(2))


# vpn's own network is its VPN tunnel (its firewall lets nothing else out of eth0): these tests
# boot behind the test gateway and watch vpn ping the corporate server through it.
def apps_reboot_and_poweroff_leave_vpn_running(ctx, name):
    with VpnPair(ctx, name) as lp:
        lp.wait_tunnel(timeout=120)
        lp.sh("vpn", "ping -i 0.2 %s > /tmp/ping.log 2>&1 &" % lp.gw.SERVER_ADDR)
        up = lp.uptime("vpn")
        lp.reboot_apps("reboot -f")
        rc, out = lp.sh("apps", "echo back")
        assert out[-1] == "back"
        start = len(lp.q.out)
        lp.focus_on("apps")
        lp.q.send("poweroff -f\r")
        lp.q.expect(r"^\[shoji\] apps: powered off", start=start, timeout=60)
        rows = lp.monitor()
        assert rows["apps"]["state"] == "stopped" and rows["vpn"]["state"] == "running", rows
        sent, got = _ping_clean(lp)
        assert sent >= 5 and got >= sent - 1, "vpn's ping lost packets across apps' reboot: %d/%d" % (got, sent)
        assert lp.uptime("vpn") > up and lp.monitor()["vpn"]["restarts"] == 0
        assert not re.search(TUNNEL_DOWN, lp.q.out, re.M), "vpn's tunnel went down"


def apps_rebooted_20_times_vpn_untouched(ctx, name):
    with VpnPair(ctx, name, timeout=900) as lp:
        lp.wait_tunnel(timeout=120)
        lp.sh("vpn", "ping -i 0.5 %s > /tmp/ping.log 2>&1 &" % lp.gw.SERVER_ADDR)
        up = lp.uptime("vpn")
        for i in range(20):
            lp.reboot_apps("reboot -f")
        rows = lp.monitor()
        assert rows["apps"]["restarts"] == 20 and rows["vpn"]["restarts"] == 0, rows
        sent, got = _ping_clean(lp)
        assert sent >= 20 and got >= sent - 1, "vpn's ping lost packets: %d/%d" % (got, sent)
        assert lp.uptime("vpn") > up
        rc, out = lp.sh("apps", "echo survived")
        assert out[-1] == "survived"
        assert not re.search(TUNNEL_DOWN, lp.q.out, re.M), "vpn's tunnel went down"


TESTS = [
    ("both_vms_reach_userspace", both_vms_reach_userspace),
    ("each_vm_sees_exactly_its_partition", each_vm_sees_exactly_its_partition),
    ("apps_devmem_is_denied", apps_devmem_is_denied),
    ("apps_reboot_and_poweroff_leave_vpn_running", apps_reboot_and_poweroff_leave_vpn_running),
    ("apps_rebooted_20_times_vpn_untouched", apps_rebooted_20_times_vpn_untouched),
]
