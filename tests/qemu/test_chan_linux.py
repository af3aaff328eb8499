# SPDX-License-Identifier: MIT
"""The channel under Linux (vpn-apps): apps' only network is chan0, through vpn.

apps is 10.7.0.2, vpn 10.7.0.1 (vms/vpn-apps/apps.rc, vpn.rc). Transfers use busybox
httpd/wget over TCP and are checked by MD5 on arrival. vpn's firewall lets apps reach
no service of vpn's own: a test that serves a file from vpn opens its port for the
test. vpn's own traffic leaves only through its VPN tunnel, so the tests that watch it
boot the system behind the test gateway (tests/qemu/vpnpair.py); where apps' traffic
may go is tests/qemu/test_vpn.py's subject.
"""
import re

from linuxpair import LinuxPair
from vpnpair import TUNNEL_DOWN, VpnPair

APPS, VPN = "10.7.0.2", "10.7.0.1"
STATS = "/sys/class/net/chan0/shoji"
KO = "/lib/modules/extra/shoji_chan.ko"


def sh_ok(lp, vm, cmd, timeout=60):
    rc, out = lp.sh(vm, cmd, timeout=timeout)
    assert rc == 0, "%s: `%s` exited %d: %s" % (vm, cmd, rc, out[-5:])
    return out


def stat(lp, vm, name):
    return int(sh_ok(lp, vm, "cat %s/%s" % (STATS, name))[-1])


def netstat(lp, vm, name):
    return int(sh_ok(lp, vm, "cat /sys/class/net/chan0/statistics/%s" % name)[-1])


def wait_link(lp, vm, timeout=20):
    """Polls the driver's link state until it says up."""
    out = sh_ok(lp, vm, "i=0; while ! grep -q '^up' %s/link && [ $i -lt %d ]; do sleep 0.2; i=$((i+1)); done; "
                "cat %s/link" % (STATS, timeout * 5, STATS), timeout=timeout + 30)
    assert out[-1].startswith("up"), "%s: chan0 link %s" % (vm, out[-1])


def serve_file(lp, vm, mib):
    """Makes a random file of `mib` MiB in `vm`, serves it with busybox httpd; returns its MD5."""
    sh_ok(lp, vm, "mkdir -p /www && dd if=/dev/urandom of=/www/f bs=1M count=%d 2>/dev/null" % mib, timeout=120)
    sh_ok(lp, vm, "pidof httpd >/dev/null || httpd -p 8080 -h /www")
    if vm == "vpn":  # for this test only: vpn's firewall gives apps no service of vpn's own
        sh_ok(lp, vm, "iptables -C INPUT -i chan0 -p tcp --dport 8080 -j ACCEPT 2>/dev/null || "
                      "iptables -I INPUT -i chan0 -p tcp --dport 8080 -j ACCEPT")
    return sh_ok(lp, vm, "md5sum /www/f")[-1].split()[0]


def fetch_md5(lp, vm, url, timeout=300):
    out = sh_ok(lp, vm, "wget -q -O - %s | md5sum" % url, timeout=timeout)
    return out[-1].split()[0]


def vpn_own_traffic_flows(vp):
    """vpn's own network (the tunnel to the corp server) still works: the trusted side is not starved."""
    assert vp.wget_ok("vpn", timeout=120), "vpn's own fetch through its tunnel failed"


def ping_and_10mb_each_way(ctx, name):
    with LinuxPair(ctx, name) as lp:
        wait_link(lp, "apps")
        out = sh_ok(lp, "apps", "ping -c 5 -W 5 %s" % VPN)
        assert re.search(r"5 packets transmitted, 5 packets received", "\n".join(out)), out
        out = sh_ok(lp, "vpn", "ping -c 5 -W 5 %s" % APPS)
        assert re.search(r"5 packets transmitted, 5 packets received", "\n".join(out)), out
        # apps -> vpn: vpn fetches apps' file; vpn -> apps: the other way round.
        md5 = serve_file(lp, "apps", 10)
        assert fetch_md5(lp, "vpn", "http://%s:8080/f" % APPS) == md5
        md5 = serve_file(lp, "vpn", 10)
        assert fetch_md5(lp, "apps", "http://%s:8080/f" % VPN) == md5
        for vm in ("vpn", "apps"):
            assert stat(lp, vm, "protocol_errors") == 0 and stat(lp, vm, "bad_lengths") == 0
            assert netstat(lp, vm, "rx_errors") == 0


def hostile_apps_cannot_hurt_vpn(ctx, name):
    with VpnPair(ctx, name, timeout=900) as lp:
        lp.wait_tunnel(timeout=120)
        wait_link(lp, "apps")
        up = lp.uptime("vpn")
        # apps' kernel is the attacker's: it reloads the driver in its hostile test mode.
        sh_ok(lp, "apps", "rmmod shoji_chan && insmod %s hostile=1 && sh /etc/shoji/rc" % KO)
        wait_link(lp, "apps")
        errs = stat(lp, "vpn", "protocol_errors")
        lens = stat(lp, "vpn", "bad_lengths")
        resets = stat(lp, "vpn", "link_resets")
        for attack in ("garbage_prod", "bad_cons", "epoch_storm 1000"):
            sh_ok(lp, "apps", "echo %s > %s/attack" % (attack, STATS))
            vpn_own_traffic_flows(lp)
        sh_ok(lp, "apps", "rmmod shoji_chan && insmod %s hostile=1 && sh /etc/shoji/rc" % KO)
        wait_link(lp, "apps")
        sh_ok(lp, "apps", "echo bad_len > %s/attack" % STATS)
        vpn_own_traffic_flows(lp)
        assert stat(lp, "vpn", "protocol_errors") > errs, "vpn did not count the garbage indices"
        assert stat(lp, "vpn", "bad_lengths") > lens, "vpn did not count the bad lengths"
        assert stat(lp, "vpn", "link_resets") > resets, "vpn did not follow the epoch storm"
        # A million doorbells: the hypervisor's budget refuses most; vpn stays up and busy with its own.
        lp.sh("vpn", "ping -i 0.2 %s > /tmp/ping.log 2>&1 &" % lp.gw.SERVER_ADDR)
        sh_ok(lp, "apps", "echo flood 1000000 > %s/attack; dmesg | tail -n 3" % STATS, timeout=600)
        lp.sh("vpn", "kill -INT %1; wait")
        out = sh_ok(lp, "vpn", "tail -n 3 /tmp/ping.log")
        m = re.search(r"(\d+) packets transmitted, (\d+) packets received", "\n".join(out))
        assert m and int(m.group(1)) >= 2 and int(m.group(2)) >= int(m.group(1)) - 1, out
        vpn_own_traffic_flows(lp)
        # The attacker gives up: a well-behaved driver gets the link back.
        sh_ok(lp, "apps", "rmmod shoji_chan && insmod %s && sh /etc/shoji/rc" % KO)
        wait_link(lp, "apps")
        sh_ok(lp, "apps", "ping -c 3 -W 5 %s" % VPN)
        rows = lp.monitor()
        assert rows["vpn"]["restarts"] == 0 and rows["vpn"]["state"] == "running", rows
        assert lp.uptime("vpn") > up
        rc, out = lp.sh("vpn", "dmesg | grep -ciE 'oops|BUG:|call trace'")
        assert out[-1] == "0", "vpn's kernel complained"
        assert not re.search(TUNNEL_DOWN, lp.q.out, re.M), "the attacks took vpn's tunnel down"


def apps_reboot_mid_transfer(ctx, name):
    with LinuxPair(ctx, name, timeout=600) as lp:
        wait_link(lp, "apps")
        md5 = serve_file(lp, "vpn", 32)
        # A long fetch in apps, cut short by apps' own reboot.
        lp.sh("apps", "wget -q -O /dev/null http://%s:8080/f &" % VPN)
        lp.sh("apps", "sleep 1")
        lp.reboot_apps("reboot -f")
        # vpn is fine, and the link comes back with the new apps by itself.
        sh_ok(lp, "vpn", "echo alive")
        wait_link(lp, "apps")
        wait_link(lp, "vpn")
        assert fetch_md5(lp, "apps", "http://%s:8080/f" % VPN) == md5
        assert stat(lp, "vpn", "protocol_errors") == 0
        rows = lp.monitor()
        assert rows["vpn"]["restarts"] == 0 and rows["apps"]["restarts"] == 1, rows


TESTS = [
    ("ping_and_10mb_each_way", ping_and_10mb_each_way),
    ("hostile_apps_cannot_hurt_vpn", hostile_apps_cannot_hurt_vpn),
    ("apps_reboot_mid_transfer", apps_reboot_mid_transfer),
]
