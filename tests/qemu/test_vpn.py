# SPDX-License-Identifier: MIT
"""The corporate VPN (issue 7) on the real image: vpn-apps behind the test gateway.

The gateway is socat's DTLS server bridged to a TUN with the corporate test server
behind it (tests/vpn/gateway.py, a program nobody here wrote); QEMU runs in its
network namespace (tests/qemu/vpnpair.py). What crosses vpn's NIC is read from QEMU's
own record of it (filter-dump); the outer path from tcpdump on the gateway namespace's
loopback (where QEMU's user network meets socat); what reaches the corporate network
from a capture on the gateway's corp-side interface. The corp server's file carries a marker string
that must never appear on vpn's wire.
"""
import os
import re

from vpnpair import TUNNEL_DOWN, TUNNEL_UP, VPND, VpnPair, gateway, pcap

GW = gateway.Gateway
SERVER = GW.SERVER_ADDR
APPS_ADDR, VPN_TUN_ADDR = "10.7.0.2", GW.CLIENT_TUN_ADDR
DHCP = {67, 68}


def vpn_addr(vp):
    """vpn's eth0 address, from its DHCP line."""
    return vp.wait_line(r"^\[vpn\] shoji-guest: eth0 ([0-9.]+)/", timeout=5).group(1)


def check_wire(vp):
    """What crossed vpn's NIC: vpn sent only ARP, DHCP and UDP to the gateway's DTLS port; no marker anywhere.

    Returns (DTLS datagrams sent, DTLS datagrams received).
    """
    me = vpn_addr(vp)
    sent = received = 0
    for f in vp.wire():
        assert GW.MARKER not in f.data, "the corp server's plaintext crossed vpn's NIC: %r" % f
        if f.kind == "ipv4" and f.src == GW.QEMU_GATEWAY and f.proto == 17 and f.sport == GW.PORT:
            received += 1
        outbound = f.kind != "ipv4" or f.src in (me, "0.0.0.0")
        if not outbound or f.kind == "arp":
            continue
        assert f.kind == "ipv4", "vpn sent a non-IPv4 frame: %r" % f
        if f.proto == 17 and {f.sport, f.dport} == DHCP:
            continue
        assert f.proto == 17 and f.dst == GW.QEMU_GATEWAY and f.dport == GW.PORT, "vpn sent in the clear: %r" % f
        for rec in pcap.dtls_records(f.payload):
            assert rec.ctype in (20, 21, 22, 23), "not DTLS: %r" % f
        sent += 1
    return sent, received


def check_corp_side(path):
    """On the gateway's corp-side interface, only tunnel addresses talk to the server.

    vpn leaking through QEMU's user network would show up here as 10.9.0.1, the gateway
    namespace's own address, which QEMU's NAT uses.
    """
    from_server = 0
    for f in pcap.packets(path):
        if f.kind != "ipv4":
            continue
        # The gateway's own "fragmentation needed" to the server (path MTU discovery: the
        # tunnel's MTU is 1,400) is not traffic from vpn: it quotes a packet for a tunnel address.
        if f.src == GW.CORP_GW_ADDR and f.icmp_type == 3 and f.quoted is not None and \
                f.quoted.dst in (APPS_ADDR, VPN_TUN_ADDR):
            continue
        peers = {f.src, f.dst} - {SERVER}
        assert peers <= {APPS_ADDR, VPN_TUN_ADDR}, "reached the corp server outside the tunnel: %r" % f
        if f.src == SERVER:
            from_server += len(f.data)
    return from_server


def check_outer_path(path):
    """tcpdump on the gateway namespace's loopback, where QEMU's user network meets socat: only DTLS.

    Returns the number of datagrams. Any other packet there (and there is nothing else in that
    namespace to send one) would be vpn's traffic leaving in the clear.
    """
    n = 0
    for f in pcap.packets(path):
        assert GW.MARKER not in f.data, "plaintext on the outer path: %r" % f
        # With socat down, this namespace's kernel answers QEMU's datagrams to the port with
        # "port unreachable": allowed, if what it quotes is a datagram to the DTLS port.
        if f.kind == "ipv4" and f.icmp_type == 3 and f.quoted is not None and f.quoted.proto == 17 and \
                f.quoted.dport == GW.PORT:
            continue
        assert f.kind == "ipv4" and f.proto == 17 and GW.PORT in (f.sport, f.dport), "not DTLS: %r" % f
        for rec in pcap.dtls_records(f.payload):
            assert rec.ctype in (20, 21, 22, 23), "not DTLS: %r" % f
        n += 1
    return n


def apps_has_only_the_channel(vp):
    out = vp.sh_ok("apps", "ls /sys/class/net")
    assert sorted(" ".join(out).split()) == ["chan0", "lo"], out


def tunnel_carries_apps_and_vpn(ctx, name):
    with VpnPair(ctx, name) as vp:
        corp = vp.gw.capture_start(vp.gw.ns_gw, "corp0", os.path.join(vp.dir, "corp0.pcap"))
        outer = vp.gw.capture_start(vp.gw.ns_gw, "lo", os.path.join(vp.dir, "outer.pcap"))
        up = vp.wait_tunnel(timeout=120).group(0)
        assert "CHACHA20-POLY1305" in up and "CN=gw.corp.shoji.test" in up, up
        apps_has_only_the_channel(vp)
        for vm in ("apps", "vpn"):
            sent, got = vp.ping(vm, SERVER, count=5)
            assert got == sent == 5, "%s: ping %s: %d of %d" % (vm, SERVER, got, sent)
            assert vp.wget_ok(vm), "%s: the 1 MiB file did not arrive intact" % vm
        # apps reaches nothing but the corporate network, and that only in the tunnel.
        for dst in ("10.0.2.2", "10.0.2.3", "192.0.2.1"):
            sent, got = vp.ping("apps", dst, count=2, wait=2)
            assert got == 0, "apps reached %s outside the tunnel" % dst
        rc, out = vp.sh("apps", "timeout 20 wget -q -O /dev/null http://10.0.2.2:%d/" % GW.HTTP_PORT, timeout=60)
        assert rc != 0, "apps fetched from the host outside the tunnel"
        # vpn's own traffic outside the tunnel is refused by its firewall (only DHCP and DTLS leave eth0).
        sent, got = vp.ping("vpn", "10.0.2.2", count=2, wait=2)
        assert got == 0, "vpn pinged the host in the clear"
        out = vp.sh_ok("vpn", "iptables -L FORWARD -n -v -x")
        m = re.search(r"policy DROP (\d+) packets", "\n".join(out))
        assert m and int(m.group(1)) > 0, "the forward policy dropped nothing: %s" % out
        sent, received = check_wire(vp)
        # 2 MiB in records of at most 1,400 bytes of packet: at least 1,500 datagrams in.
        assert received > 1500 and sent > 100, "DTLS datagrams: %d in, %d out: is the tunnel on this wire?" % (
            received, sent)
        vp.gw.capture_stop(outer)
        assert check_outer_path(outer.path) > 1500
        vp.gw.capture_stop(corp)
        # Both 1 MiB fetches crossed it (segments may be coalesced: count bytes, not frames).
        assert check_corp_side(corp.path) > 2 * GW.FILE_SIZE
        with open(os.path.join(vp.gw.dir, "http.log"), errors="replace") as f:
            clients = set(re.findall(r"^(\S+) - - ", f.read(), re.M))
        assert clients == {APPS_ADDR, VPN_TUN_ADDR}, "the corp server saw %s" % clients


def kill_switch_and_reconnect(ctx, name):
    with VpnPair(ctx, name) as vp:
        corp = vp.gw.capture_start(vp.gw.ns_gw, "corp0", os.path.join(vp.dir, "corp0.pcap"))
        outer = vp.gw.capture_start(vp.gw.ns_gw, "lo", os.path.join(vp.dir, "outer.pcap"))
        vp.wait_tunnel(timeout=120)
        # 1. The gateway shuts down cleanly: its close_notify ends the tunnel at once.
        m = vp.mark()
        vp.gw.stop_gateway(graceful=True)
        down = vp.wait_line(TUNNEL_DOWN + ".*$", start=m, timeout=30).group(0)
        assert "close_notify" in down, down
        # 2. It comes back: vpnd reconnects by itself, and apps' fetch works again.
        m = vp.mark()
        vp.gw.start_gateway()
        vp.wait_tunnel(start=m, timeout=60)
        assert vp.wget_ok("apps"), "apps' fetch after the reconnect"
        # 3. The gateway vanishes without a word (a crash): vpnd notices the silence (dead_after).
        m = vp.mark()
        vp.gw.stop_gateway(graceful=False)
        sent, got = vp.ping("apps", SERVER, count=3, wait=2)
        assert got == 0, "apps reached the server with the gateway gone"
        down = vp.wait_line(TUNNEL_DOWN + ".*$", start=m, timeout=90).group(0)
        assert "nothing from the gateway" in down, down
        # Down: apps' packets reach nothing, and nothing leaves vpn but attempts to reconnect.
        for _ in range(2):
            sent, got = vp.ping("apps", SERVER, count=3, wait=2)
            assert got == 0, "apps reached the server with the tunnel down"
            assert not vp.wget_ok("apps", timeout=60), "apps fetched with the tunnel down"
            sent, got = vp.ping("vpn", SERVER, count=2, wait=2)
            assert got == 0, "vpn reached the server with the tunnel down"
        assert not re.search(TUNNEL_UP, vp.q.out[m:], re.M)
        vp.sh_ok("vpn", "sleep 10")  # long enough for a reconnect attempt or two on the wire
        check_wire(vp)
        # 4. Back again, by itself.
        m = vp.mark()
        vp.gw.start_gateway()
        vp.wait_tunnel(start=m, timeout=60)
        assert vp.wget_ok("apps"), "apps' fetch after the gateway came back"
        vp.gw.capture_stop(corp)
        check_corp_side(corp.path)
        vp.gw.capture_stop(outer)
        check_outer_path(outer.path)
        check_wire(vp)
        rows = vp.monitor()
        assert rows["vpn"]["restarts"] == 0 and rows["apps"]["restarts"] == 0, rows


def certificates_are_checked_both_ways(ctx, name):
    with VpnPair(ctx, name, gateway_kw={"server_cert": "rogue-gw"}) as vp:
        # A gateway certificate from another CA (with the right name).
        line = vp.wait_line(VPND + r".*gateway certificate rejected: (.*)$", timeout=120).group(1)
        assert "not correctly signed by the trusted CA" in line, line
        # One from our CA for another name.
        m = vp.mark()
        vp.gw.start_gateway(server_cert="misnamed-gw")
        line = vp.wait_line(VPND + r".*gateway certificate rejected: (.*)$", start=m, timeout=60).group(1)
        assert "Common Name" in line, line
        # The gateway refuses our certificate (it trusts another CA only).
        m = vp.mark()
        vp.gw.start_gateway(client_ca="rogue-ca")
        line = vp.wait_line(VPND + r"handshake failed: (.*)$", start=m, timeout=60).group(1)
        assert "did not accept our certificate" in line, line
        assert not re.search(TUNNEL_UP, vp.q.out, re.M), "a tunnel came up with a wrong certificate"
        sent, got = vp.ping("apps", SERVER, count=2, wait=2)
        assert got == 0
        check_wire(vp)
        # The genuine gateway: the same boot gets its tunnel.
        m = vp.mark()
        vp.gw.start_gateway()
        vp.wait_tunnel(start=m, timeout=60)
        assert vp.wget_ok("apps")


def apps_reboot_leaves_the_tunnel_up(ctx, name):
    with VpnPair(ctx, name) as vp:
        vp.wait_tunnel(timeout=120)
        assert vp.wget_ok("apps")
        m = vp.mark()
        vp.reboot_apps("reboot -f")
        sent, got = vp.ping("vpn", SERVER, count=3)
        assert got == 3, "vpn's tunnel after apps' reboot"
        vp.sh_ok("apps", "i=0; while ! ping -c 1 -W 1 %s >/dev/null && [ $i -lt 30 ]; do i=$((i+1)); done" % SERVER,
                 timeout=120)
        assert vp.wget_ok("apps"), "apps' fetch after its reboot"
        assert not re.search(TUNNEL_DOWN, vp.q.out[m:], re.M), "apps' reboot took the tunnel down"
        rows = vp.monitor()
        assert rows["vpn"]["restarts"] == 0 and rows["apps"]["restarts"] == 1, rows


TESTS = [
    ("tunnel_carries_apps_and_vpn", tunnel_carries_apps_and_vpn),
    ("kill_switch_and_reconnect", kill_switch_and_reconnect),
    ("certificates_are_checked_both_ways", certificates_are_checked_both_ways),
    ("apps_reboot_leaves_the_tunnel_up", apps_reboot_leaves_the_tunnel_up),
]
