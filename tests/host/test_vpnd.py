# SPDX-License-Identifier: MIT
"""vpnd on the host: its host build (ASan, UBSan) in a client namespace standing in for the
vpn VM, against socat's DTLS gateway (tests/vpn/gateway.py) and, for the cookie exchange,
openssl s_server. Each test builds its own namespaces and takes seconds.
"""
import os
import re
import signal
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)

from vpnlab import Lab, NETPROBE, outer_traffic_problems  # noqa: E402
from gateway import Gateway, ns_cmd, wait_for  # noqa: E402
import pcap  # noqa: E402

SERVER = Gateway.SERVER_ADDR
UP = r"^vpnd: tunnel up: TLS-ECDHE-ECDSA-WITH-CHACHA20-POLY1305-SHA256, gateway .*CN=gw\.corp\.shoji\.test$"
DOWN = r"^vpnd: tunnel down: "
# Short timers, so every loss shows within seconds.
FAST = dict(keepalive=1, dead_after=3, backoff_min=1, backoff_max=2)
TUN_ROUTE = r"^10\.9\.0\.0/24 dev vpn0 "
REJECT_ROUTE = r"^unreachable 10\.9\.0\.0/24 .*metric 1000"
# What the kernel answers for a destination whose route is of type unreachable (EHOSTUNREACH).
UNREACHABLE = "No route to host"


def assert_no_tunnel(lab):
    """The kill switch: vpn0 down, no route through it, the corp network refused rather than routed elsewhere."""
    assert not lab.link_up(), "vpn0 is up without a tunnel"
    routes = lab.routes()
    assert not re.search(TUN_ROUTE, routes, re.M), routes
    assert re.search(REJECT_ROUTE, routes, re.M), routes
    r = lab.ping(count=1, wait=0.5)
    assert r["received"] == 0 and r["error"] == UNREACHABLE, r


def assert_outer_clean(path, lab, min_udp=1):
    problems, udp = outer_traffic_problems(path, lab.client, Gateway.PORT, Gateway.MARKER)
    assert not problems, "on the client's outer interface:\n" + "\n".join(problems[:20])
    assert udp >= min_udp, "only %d DTLS datagrams captured (expected >= %d)" % (udp, min_udp)


def stats(log):
    """The counters of the last "tunnel down" line."""
    m = re.findall(r"packets in (\d+), out (\d+); dropped in (\d+), out (\d+); keepalives (\d+), replies (\d+)", log)
    assert m, log
    return dict(zip(("rx", "tx", "rx_dropped", "tx_dropped", "keepalives", "replies"), map(int, m[-1])))


# ---- the tunnel works ----

def tunnel_up_and_ping(ctx, name):
    with Lab(ctx, name) as lab:
        v = lab.start_vpnd(**FAST)
        v.wait_log(UP)
        assert lab.link_up()
        routes = lab.routes()
        assert re.search(TUN_ROUTE, routes, re.M) and re.search(REJECT_ROUTE, routes, re.M), routes
        r = lab.ping(count=3)
        assert r["received"] == 3, r
        # A packet of exactly the tunnel MTU: 1400 = 20 (IP) + 8 (ICMP) + 1372.
        r = lab.ping(count=2, size=1372)
        assert r["received"] == 2, r
        assert v.stop() == 0, v.log()
        st = stats(v.log())
        assert st["rx"] == st["tx"] == 5 and st["rx_dropped"] == st["tx_dropped"] == 0, st


def fetch_checksum_and_nothing_in_clear(ctx, name):
    with Lab(ctx, name) as lab:
        outer = lab.capture("outer.pcap")
        corp = lab.capture("corp.pcap", ns=lab.gw.ns_corp)  # the control: behind the gateway it is plaintext
        v = lab.start_vpnd(**FAST)
        v.wait_log(UP)
        r = lab.fetch()
        assert r["error"] is None and r["bytes"] == Gateway.FILE_SIZE and r["sha256"] == lab.gw.file_sha256, r
        lab.gw.capture_stop(outer)
        lab.gw.capture_stop(corp)
        # 1 MiB in packets of at most 1400 bytes is over 750 datagrams one way.
        assert_outer_clean(outer.path, lab, min_udp=750)
        with open(corp.path, "rb") as f:
            assert Gateway.MARKER in f.read(), "no marker even behind the gateway: the check would prove nothing"
        assert v.stop() == 0, v.log()


def throughput_for_scale(ctx, name):
    """8 MiB over HTTP and 20 pings through the tunnel; the figures go to vpnd-figures.txt (not judged)."""
    with Lab(ctx, name) as lab:
        v = lab.start_vpnd(**FAST)
        v.wait_log(UP)
        r = lab.fetch(count=8)
        assert r["error"] is None and r["fetches"] == 8 and r["sha256"] == lab.gw.file_sha256, r
        p = lab.ping(count=20, wait=1.0)
        assert p["received"] == 20, p
        rtt = sorted(p["rtt_ms"])
        figures = ("vpnd host tunnel: %.1f MiB/s HTTP (8 x 1 MiB in %.2f s); "
                   "ping rtt min/median/max %.3f/%.3f/%.3f ms\n" % (8 / r["seconds"], r["seconds"], rtt[0],
                                                                    rtt[len(rtt) // 2], rtt[-1]))
        with open(os.path.join(ctx.logdir, "vpnd-figures.txt"), "w") as f:
            f.write(figures)
        assert v.stop() == 0, v.log()
        st = stats(v.log())
        assert st["rx"] > 8 * 750, st  # it went through the tunnel, not around it


# ---- losing the gateway ----

def gateway_stopped_kill_switch(ctx, name):
    with Lab(ctx, name) as lab:
        v = lab.start_vpnd(**dict(FAST, dead_after=4))  # time for the probes below before vpnd gives up
        v.wait_log(UP)
        assert lab.ping(count=1)["received"] == 1
        outer = lab.capture("outer.pcap")
        mark = len(v.log())
        lab.gw.stop_gateway(graceful=False)  # gone without a close_notify: only the silence tells
        # Until vpnd notices, packets still go into the tunnel (encrypted) and get no answer.
        r = lab.ping(count=2, wait=0.5)
        assert r["received"] == 0 and r["error"] is None, r
        r = lab.probe("fetch", lab.gw.file_url, "--timeout", 1)
        assert r["error"] is not None, r
        v.wait_log(DOWN + r"nothing from the gateway for 4 s", timeout=8, start=mark)
        assert_no_tunnel(lab)
        r = lab.probe("fetch", lab.gw.file_url, "--timeout", 2)
        assert r["error"] is not None and UNREACHABLE in r["error"], r
        v.wait_log(r"^vpnd: handshake failed: network error: Connection refused$", start=mark)
        v.wait_log(r"^vpnd: retrying in \d s$", start=mark)
        lab.gw.capture_stop(outer)
        assert_outer_clean(outer.path, lab)
        assert v.stop() == 0, v.log()


def gateway_restart_reconnects(ctx, name):
    with Lab(ctx, name) as lab:
        v = lab.start_vpnd(**FAST)
        v.wait_log(UP)
        lab.gw.stop_gateway()  # SIGTERM: socat says close_notify on its way out
        down = v.wait_log(DOWN + r"close_notify from the gateway", timeout=8).end()
        v.wait_log(r"^vpnd: retrying in 2 s$", start=down)  # the backoff grew: 1 s, then 2 s (backoff_max)
        lab.gw.start_gateway()
        v.wait_log(UP, timeout=8, start=down)
        r = lab.fetch()
        assert r["error"] is None and r["sha256"] == lab.gw.file_sha256, r
        assert v.count(r"^vpnd: tunnel up: ") == 2, v.log()
        assert v.stop() == 0, v.log()


def keepalive_holds_idle_tunnel(ctx, name):
    with Lab(ctx, name, idle=2) as lab:  # socat ends a session after 2 s without traffic
        v = lab.start_vpnd(keepalive=1, dead_after=4, backoff_min=1, backoff_max=2)
        v.wait_log(UP)
        pid = lab.gw.socat_pid()
        time.sleep(6)
        assert v.count(DOWN) == 0, v.log()
        assert lab.gw.socat_starts == 1 and lab.gw.socat_pid() == pid, "socat was restarted: %d starts" % (
            lab.gw.socat_starts)
        assert lab.ping(count=1)["received"] == 1
        assert v.stop() == 0, v.log()
        st = stats(v.log())
        # Replies to the probes are consumed, not written to vpn0: only the one ping reply went in.
        assert st["keepalives"] >= 4 and st["replies"] >= 4 and st["rx"] == 1, st


def idle_gateway_times_out_without_keepalive(ctx, name):
    """The control for the test above: socat's -T does end a quiet session."""
    with Lab(ctx, name, idle=2) as lab:
        v = lab.start_vpnd(keepalive=20, dead_after=40, backoff_min=1, backoff_max=2)
        v.wait_log(UP)
        wait_for(lambda: lab.gw.socat_starts >= 2, 6, "socat to end the idle session and start again")
        assert v.stop() == 0, v.log()


# ---- who may talk to whom ----

def rejected(ctx, name, expected, gateway_args=None, vpnd_args=None):
    with Lab(ctx, name, **(gateway_args or {})) as lab:
        outer = lab.capture("outer.pcap")
        v = lab.start_vpnd(**dict(FAST, **(vpnd_args or {})))
        first = v.wait_log(expected)
        v.wait_log(r"^vpnd: retrying in 1 s$", start=first.start())
        v.wait_log(expected, start=first.end())  # and again after the backoff
        assert v.count(r"tunnel up") == 0, v.log()
        assert_no_tunnel(lab)
        lab.gw.capture_stop(outer)
        assert_outer_clean(outer.path, lab)
        assert v.stop() == 0, v.log()


def rogue_gateway_rejected(ctx, name):
    rejected(ctx, name, r"^vpnd: gateway certificate rejected: The certificate is not correctly signed by the "
             r"trusted CA$", gateway_args=dict(server_cert="rogue-gw"))


def misnamed_gateway_rejected(ctx, name):
    rejected(ctx, name, r"^vpnd: gateway certificate rejected: The certificate Common Name \(CN\) does not match "
             r"with the expected CN$", gateway_args=dict(server_cert="misnamed-gw"))


def rogue_client_refused_by_gateway(ctx, name):
    rejected(ctx, name, r"^vpnd: handshake failed: the gateway sent fatal alert 48 \(unknown_ca\): it did not "
             r"accept our certificate$", vpnd_args=dict(cert="rogue-client"))


# ---- protocol details ----

def s_server(lab, log_name):
    """openssl s_server in the gw namespace with -listen: DTLSv1_listen, which answers a first
    ClientHello with a HelloVerifyRequest (RFC 6347 §4.2.1). -msg logs every record."""
    pki = lab.gw.pki_file
    log = open(os.path.join(lab.dir, log_name), "wb")
    p = lab.gw.run_in_gw(["openssl", "s_server", "-dtls1_2", "-listen", "-accept", Gateway.PORT, "-cert",
                          pki("gw", "crt"), "-key", pki("gw", "key"), "-CAfile", pki("ca", "crt"), "-Verify", "1",
                          "-cipher", "ECDHE-ECDSA-CHACHA20-POLY1305", "-msg"],
                         stdin=subprocess.PIPE, stdout=log, stderr=subprocess.STDOUT)
    log.close()
    wait_for(lambda: lab.gw.is_listening(lab.gw.ns_gw, "u", Gateway.PORT), 10, "s_server to listen")
    return p, os.path.join(lab.dir, log_name)


def handshake_records(path, client):
    """The plaintext handshake messages of a capture, in order: (direction, msg_type, body)."""
    out = []
    for f in pcap.packets(path):
        if f.kind != "ipv4" or f.proto != 17:
            continue
        direction = "c2s" if f.src == client.addr else "s2c"
        for rec in pcap.dtls_records(f.payload):
            hs = rec.handshake()
            if hs is not None:
                out.append((direction, hs[0], hs[2]))
    return out


def silent_gateway_handshake_times_out(ctx, name):
    """A gateway that swallows every datagram: ClientHello retransmitted after 1, 2 and 4 s, given up
    at 15 s (dtls.h), then the backoff. The slowest test here, by the protocol's own timers."""
    with Lab(ctx, name, limit=60) as lab:
        lab.gw.stop_gateway()
        sink = lab.gw.run_in_gw([sys.executable, "-c", "import socket, time\n"
                                 "s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)\n"
                                 "s.bind(('0.0.0.0', %d))\ntime.sleep(120)" % Gateway.PORT])
        wait_for(lambda: lab.gw.is_listening(lab.gw.ns_gw, "u", Gateway.PORT), 10, "the sink to listen")
        outer = lab.capture("outer.pcap")
        v = lab.start_vpnd(**FAST)
        first = v.wait_log(r"^vpnd: handshake failed: no answer from the gateway within 15 s$", timeout=20)
        v.wait_log(r"^vpnd: retrying in 1 s$", start=first.end())
        v.wait_log(r"^vpnd: connecting to ", start=first.end())
        time.sleep(0.3)
        lab.gw.capture_stop(outer)
        assert sink.poll() is None
        assert v.stop() == 0, v.log()
        hellos = [f.ts for f in pcap.packets(outer.path) if f.kind == "ipv4" and f.proto == 17 and
                  any(r.handshake() and r.handshake()[0] == pcap.HS_CLIENT_HELLO for r in pcap.dtls_records(f.payload))]
        assert len(hellos) == 5, "ClientHellos at %s" % hellos  # 4 in the first attempt, 1 in the next
        gaps = [round(b - a, 1) for a, b in zip(hellos, hellos[1:])]
        assert [abs(g - w) < 0.5 for g, w in zip(gaps, (1, 2, 4, 9))] == [True] * 4, gaps


def cookie_exchange_and_close_notify(ctx, name):
    with Lab(ctx, name) as lab:
        lab.gw.stop_gateway()
        server, server_log = s_server(lab, "s_server.log")
        outer = lab.capture("outer.pcap")
        v = lab.start_vpnd(**FAST)
        v.wait_log(UP)
        assert v.stop() == 0, v.log()
        # s_server prints DONE when the client closes the session with close_notify.
        wait_for(lambda: "DONE" in open(server_log, errors="replace").read(), 5, "s_server to see the close")
        lab.gw.capture_stop(outer)
        hs = handshake_records(outer.path, lab.client)
        hellos = [(d, t, b) for d, t, b in hs if t in (pcap.HS_CLIENT_HELLO, pcap.HS_HELLO_VERIFY_REQUEST)]
        kinds = [(d, t) for d, t, _ in hellos]
        assert kinds[:3] == [("c2s", 1), ("s2c", 3), ("c2s", 1)], kinds
        cookie = pcap.hello_verify_cookie(hellos[1][2])
        assert pcap.client_hello_cookie(hellos[0][2]) == b"", "the first ClientHello carries a cookie"
        assert cookie and pcap.client_hello_cookie(hellos[2][2]) == cookie, "the second ClientHello lacks the cookie"
        # The close_notify as s_server decrypted it: an alert record (content type 21) holding 01 00
        # (level warning, description close_notify, RFC 5246 §7.2).
        log = open(server_log, errors="replace").read()
        assert re.search(r"^<<< .*content_type=21\) \[length 0002\]\n\s+01 00$", log, re.M), log[-2000:]


def sigterm_sends_close_notify(ctx, name):
    with Lab(ctx, name) as lab:  # socat's -T is 30 s: only a close_notify ends its session sooner
        v = lab.start_vpnd(**FAST)
        v.wait_log(UP)
        t0 = time.monotonic()
        assert v.stop(signal.SIGTERM) == 0, v.log()
        log = v.log()
        assert re.search(DOWN + r"stopped by signal", log, re.M) and log.rstrip().endswith("vpnd: stopped"), log
        # socat reads EOF on the DTLS side (SSL_read returns 0 only for close_notify) and ends the session.
        wait_for(lambda: re.search(r"socket 1 \(fd \d+\) is at EOF", open(lab.gw.socat_log).read()), 3,
                 "socat to read the close_notify")
        wait_for(lambda: lab.gw.socat_starts >= 2, 3, "socat to end the session")
        assert time.monotonic() - t0 < 5
        # vpnd left nothing behind: the tun device and the unreachable routes went with it.
        assert "vpn0" not in lab.gw.run_in(lab.client.ns, ["ip", "-o", "link"])
        assert not re.search(r"10\.9\.0\.0/24", lab.routes()), lab.routes()

        # The control: killed outright, vpnd sends nothing, and the session lingers at the gateway;
        # the unreachable route stays (fail closed) until vpnd runs again.
        v2 = lab.start_vpnd(**FAST)
        v2.wait_log(UP)
        starts = lab.gw.socat_starts
        v2.stop(signal.SIGKILL)
        time.sleep(2)
        assert lab.gw.socat_starts == starts
        assert len(re.findall(r"is at EOF", open(lab.gw.socat_log).read())) == 1
        assert re.search(REJECT_ROUTE, lab.routes(), re.M), lab.routes()


FORGER = """
import os, socket, struct, sys
client, port, gw, gw_port = sys.argv[1], int(sys.argv[2]), sys.argv[3], int(sys.argv[4])
s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)  # beside socat, which binds with reuseaddr too
s.bind((gw, gw_port))
for i in range(200):  # application data records of the live epoch with fresh sequence numbers and junk
    body = os.urandom(64)
    s.sendto(struct.pack("!BHHHIH", 23, 0xFEFD, 1, 0x7FFF, 0x10000 + i, len(body)) + body, (client, port))
for i in range(50):  # not DTLS at all
    s.sendto(os.urandom(1 + i * 20), (client, port))
for i in range(5):
    s.sendto(b"", (client, port))
"""


def forged_datagrams_ignored(ctx, name):
    """Datagrams that claim to come from the gateway but are not its records: dropped, counted, harmless."""
    with Lab(ctx, name) as lab:
        v = lab.start_vpnd(**FAST)
        v.wait_log(UP)
        m = re.search(r"accepting UDP connection from AF=2 [\d.]+:(\d+)", open(lab.gw.socat_log).read())
        assert m, open(lab.gw.socat_log).read()
        lab.gw.run_in(lab.gw.ns_gw, [sys.executable, "-c", FORGER, lab.client.addr, m.group(1),
                                     lab.client.gw_addr, Gateway.PORT])
        r = lab.ping(count=3)
        assert r["received"] == 3, r
        assert v.count(DOWN) == 0, v.log()
        assert v.stop() == 0, v.log()
        v.wait_log(r"^vpnd: 200 records failed authentication and were dropped$")
        st = stats(v.log())
        assert st["rx"] == 3 and st["rx_dropped"] == 0, st


def oversized_packet_from_gateway_dropped(ctx, name):
    with Lab(ctx, name) as lab:
        v = lab.start_vpnd(mtu=1300, **FAST)  # the gateway's side of the tunnel keeps MTU 1400
        v.wait_log(UP)
        probe = [sys.executable, NETPROBE, "ping", Gateway.CLIENT_TUN_ADDR, "--count", "1", "--wait", "0.5"]
        out = lab.gw.run_in(lab.gw.ns_gw, probe + ["--size", "1372"])  # a 1400-byte packet
        assert '"received": 0' in out, out
        v.wait_log(r"^vpnd: dropped a 1400-byte packet from the gateway: larger than the tunnel MTU \(1 dropped")
        out = lab.gw.run_in(lab.gw.ns_gw, probe + ["--size", "1272"])  # 1300 bytes: fits
        assert '"received": 1' in out, out
        assert v.stop() == 0, v.log()
        st = stats(v.log())
        assert st["rx_dropped"] == 1 and st["rx"] == 1, st


# ---- configuration errors ----

def config_errors_exit_2(ctx, name):
    with Lab(ctx, name) as lab:
        base = lab.gw.vpnd_config(lab.client, **FAST)
        lines = base.splitlines()
        num = {l.split(" = ")[0]: i + 1 for i, l in enumerate(lines) if " = " in l}

        rc, out, path = lab.check_config(base, "good.conf")
        assert rc == 0 and "configuration and credentials are valid" in out, out

        def replace(key, value):
            return "\n".join("%s = %s" % (key, value) if l.startswith(key + " = ") else l for l in lines) + "\n"

        def drop(key):
            return "\n".join(l for l in lines if not l.startswith(key + " = ")) + "\n"

        pki = lab.gw.pki_file
        n = len(lines)
        cases = [
            (base + "colour = blue\n", r":%d: colour: unknown key$" % (n + 1)),
            (base + "keepalive 5\n", r":%d: expected 'key = value'" % (n + 1)),
            (base + "gateway = 192.168.77.1:4433\n", r":%d: gateway: given twice \(first on line %d\)$" % (
                n + 1, num["gateway"])),
            (drop("peer"), r": peer: required key missing$"),
            (replace("keepalive", "1s"), r":%d: keepalive: '1s' is not a whole number from 1 to 3600$" % num[
                "keepalive"]),
            (replace("mtu", "99999999999999999999"), r":%d: mtu: '9+' is not a whole number from 576 to 1500$" %
             num["mtu"]),
            (replace("mtu", "-1400"), r":%d: mtu: '-1400' is not a whole number" % num["mtu"]),
            (replace("gateway", "192.168.77.1"), r":%d: gateway: '192.168.77.1' is not an IPv4 address and port" %
             num["gateway"]),
            (replace("gateway", "192.168.77.1:70000"), r":%d: gateway: '70000' is not a port number" %
             num["gateway"]),
            (replace("gateway", "192.168.077.1:4433"), r":%d: gateway: '192.168.077.1' is not a unicast IPv4" %
             num["gateway"]),
            (replace("route", "10.9.0.1/24"), r":%d: route: '10.9.0.1/24' has bits set after the prefix length$" %
             num["route"]),
            (replace("route", "192.168.0.0/16"), r":%d: route: 192.168.0.0/16 would carry the tunnel's own packets" %
             num["route"]),
            (replace("dead_after", "1"), r":%d: dead_after: '1' is not a whole number from 2 to 86400$" %
             num["dead_after"]),
            (replace("dead_after", "2").replace("keepalive = 1", "keepalive = 2"),
             r":%d: dead_after: dead_after \(2 s\) must be longer than keepalive \(2 s\)$" % num["dead_after"]),
            (replace("gateway_name", "gw_corp"), r":%d: gateway_name: 'gw_corp' is not a DNS host name$" %
             num["gateway_name"]),
            (replace("tun", "vpn/0"), r":%d: tun: 'vpn/0': an interface name has" % num["tun"]),
            (replace("cert", "/nonexistent/client.crt"), r":%d: cert: '/nonexistent/client.crt': no certificate: "
             r"No such file or directory$" % num["cert"]),
            (replace("key", pki("rogue-client", "key")), r":%d: key: '.*rogue-client\.key': does not match cert" %
             num["key"]),
            (replace("ca", pki("ca", "key")), r":%d: ca: '.*ca\.key': no CA certificate" % num["ca"]),
        ]
        for i, (text, expected) in enumerate(cases):
            rc, out, path = lab.check_config(text, "bad%d.conf" % i)
            assert rc == 2, "case %d: exit %d, expected 2: %s" % (i, rc, out)
            assert re.search(r"^vpnd: " + re.escape(path) + expected, out, re.M), "case %d: %r\n%s" % (
                i, expected, out)

        # Without -t too: the daemon stops at the configuration, before any device or packet.
        bad = lab.write_config(replace("mtu", "1501"), "daemon.conf")
        p = subprocess.run(ns_cmd(lab.client.ns, *lab.vpnd_cmd, "-c", bad), stdout=subprocess.PIPE,
                           stderr=subprocess.STDOUT, text=True, timeout=20, env=lab.env)
        assert p.returncode == 2 and "%s:%d: mtu: '1501'" % (bad, num["mtu"]) in p.stdout, p.stdout
        assert "vpn0" not in lab.gw.run_in(lab.client.ns, ["ip", "-o", "link"])
        for argv, what in (([], "no arguments"), (["/nonexistent.conf"], "a missing file")):
            p = subprocess.run(lab.vpnd_cmd + argv, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
                               timeout=20, env=lab.env)
            assert p.returncode == 2 and p.stdout.startswith("vpnd: "), "%s: %d %s" % (what, p.returncode, p.stdout)
        assert "/nonexistent.conf: cannot read: No such file or directory" in p.stdout, p.stdout


TESTS = [
    ("tunnel_up_and_ping", tunnel_up_and_ping),
    ("fetch_checksum_and_nothing_in_clear", fetch_checksum_and_nothing_in_clear),
    ("throughput_for_scale", throughput_for_scale),
    ("gateway_stopped_kill_switch", gateway_stopped_kill_switch),
    ("gateway_restart_reconnects", gateway_restart_reconnects),
    ("keepalive_holds_idle_tunnel", keepalive_holds_idle_tunnel),
    ("idle_gateway_times_out_without_keepalive", idle_gateway_times_out_without_keepalive),
    ("rogue_gateway_rejected", rogue_gateway_rejected),
    ("misnamed_gateway_rejected", misnamed_gateway_rejected),
    ("rogue_client_refused_by_gateway", rogue_client_refused_by_gateway),
    ("silent_gateway_handshake_times_out", silent_gateway_handshake_times_out),
    ("cookie_exchange_and_close_notify", cookie_exchange_and_close_notify),
    ("sigterm_sends_close_notify", sigterm_sends_close_notify),
    ("forged_datagrams_ignored", forged_datagrams_ignored),
    ("oversized_packet_from_gateway_dropped", oversized_packet_from_gateway_dropped),
    ("config_errors_exit_2", config_errors_exit_2),
]
