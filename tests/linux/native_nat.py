#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""Boots vpn's kernel and initramfs bare on QEMU virt (no Shoji) and checks its NAT.

Run by hand (not part of make test). One boot, the way tests/linux/native_boot.py
boots vpn (QEMU's own device tree, or vpn's with --own-dtb; a virtio-net-device on
QEMU's user network), and a `python3 -m http.server` on the host's loopback serving a
random token, which the guest reaches as 10.0.2.2. Checks, in order:

  boot          `shoji-guest: vpn up`, eth0's lease (10.0.2.15), a shell; no insmod
                or startup-hook failure on the console
  modules       every module of the initramfs (its /etc/shoji/modules) is loaded
  rules         iptables lists the MASQUERADE rule out of eth0, FORWARD's policy DROP
                and its two ACCEPT rules (established replies, chan0 -> eth0), and
                forwarding is on
  vpn-fetch     vpn itself fetches the token over eth0
  forward       end to end: a stand-in for apps in a network namespace inside vpn,
                linked to vpn by a veth pair whose vpn end is called chan0 (apps
                10.7.0.2/24, vpn 10.7.0.1/24), fetches the token through vpn. The
                connection's conntrack entry shows the reply addressed to vpn's eth0
                address (masqueraded), and the MASQUERADE and chan0 rules counted it.
                veth.ko is not in the initramfs (only this test needs it): vpn
                fetches it from the same server.
  no-forward    with the chan0 -> eth0 rule deleted, the same fetch fails (policy
                DROP); with the rule back, it works again
  no-masquerade with the MASQUERADE rule deleted, the fetch fails (QEMU's user network
                cannot answer 10.7.0.2); with the rule back, it works again

Prints PASS/FAIL per check, the iptables listings, the boot's wall time to `up` and
to the shell, and `N passed, N failed` last. Nothing is left running: QEMU runs under
a timeout in its own process group, the HTTP server is killed by its pid.

Usage: tests/linux/native_nat.py [-v] [--own-dtb]   (builds with make first)
"""
import os
import re
import secrets
import shutil
import socket
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
sys.path.insert(0, os.path.join(os.path.dirname(HERE), "qemu"))
import native_boot  # noqa: E402
from harness import Qemu, Timeout  # noqa: E402

ROOT = native_boot.ROOT
VA_OUT = native_boot.VA_OUT
MODDIR_TOP = os.path.join(ROOT, "build/linux/pkg/lib/modules")
WWW = os.path.join(ROOT, "build/test-logs/linux/nat-www")
LOG = os.path.join(ROOT, "build/test-logs/linux/nat.log")
HTTP_LOG = os.path.join(ROOT, "build/test-logs/linux/nat-http.log")
BOOT_TIMEOUT = 240.0
APPS_NS = "/tmp/apps.pid"  # in the guest: the pid whose network namespace is apps'
FORWARD_RULES = [
    "-P FORWARD DROP",
    "-A FORWARD -m conntrack --ctstate RELATED,ESTABLISHED -j ACCEPT",
    "-A FORWARD -i chan0 -o eth0 -j ACCEPT",
]


class Guest:
    """vpn's console shell: runs one command at a time, returns its output and status."""

    def __init__(self, q, start):
        self.q, self.pos, self.n = q, start, 0

    def run(self, cmd, timeout=30, ok=True):
        self.n += 1
        # The markers are printed by echo, so the echoed command line cannot match them.
        self.q.send("echo '@@%d<'; %s; echo \"@@%d> rc=$?\"\n" % (self.n, cmd, self.n))
        m0 = self.q.expect(r"^@@%d<$" % self.n, timeout=timeout, start=self.pos)
        m1 = self.q.expect(r"^@@%d> rc=(\d+)$" % self.n, timeout=timeout, start=m0.end())
        self.pos = m1.end()
        out, rc = self.q.out[m0.end():m1.start()].strip("\n"), int(m1.group(1))
        if ok and rc != 0:
            raise AssertionError("`%s` failed (exit %d):\n%s" % (cmd, rc, out))
        return out, rc


def show(title, text):
    print("      $ " + title)
    for line in text.splitlines():
        print("        " + line)


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_server(token, modver):
    shutil.rmtree(WWW, ignore_errors=True)
    os.makedirs(WWW)
    with open(os.path.join(WWW, "token"), "w") as f:
        f.write(token + "\n")
    shutil.copy(os.path.join(MODDIR_TOP, modver, "kernel/drivers/net/veth.ko"), WWW)
    port = free_port()
    # sys.executable, not a `python3` wrapper: the pid killed at the end is the server's.
    with open(HTTP_LOG, "w") as log:
        srv = subprocess.Popen([sys.executable, "-m", "http.server", str(port), "--bind", "127.0.0.1",
                                "--directory", WWW], stdout=log, stderr=subprocess.STDOUT)
    for _ in range(50):
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
            return srv, port
        except OSError:
            time.sleep(0.1)
    srv.kill()
    srv.wait()
    raise RuntimeError("the HTTP server did not start on port %d" % port)


def check_boot(g, ctx):
    out = g.q.out
    bad = re.findall(r"^shoji-guest: vpn: .*(?:failed|no interface).*$", out, re.M)
    assert not bad, "console: " + "; ".join(bad)
    assert re.search(r"^shoji-guest: eth0 10\.0\.2\.15/24 via 10\.0\.2\.2$", out, re.M), "no eth0 lease"
    # Kernel messages would interleave with command output from here on.
    g.run("dmesg -n 1")


def check_modules(g, ctx):
    out, _ = g.run("cat /proc/modules")
    loaded = {line.split()[0] for line in out.splitlines() if line.strip()}
    want = [os.path.basename(p.strip())[:-3].replace("-", "_") for p in ctx["modules"]]
    missing = [m for m in want if m not in loaded]
    assert not missing, "not loaded: %s" % " ".join(missing)
    print("      %d modules loaded: %s" % (len(want), " ".join(want)))


def check_rules(g, ctx):
    out, _ = g.run("iptables -t nat -L -n -v")
    show("iptables -t nat -L -n -v", out)
    assert re.search(r"^\s*\d+\s+\d+\s+MASQUERADE\s+\S+\s+--\s+\*\s+eth0\s", out, re.M), \
        "no MASQUERADE rule out of eth0"
    out, _ = g.run("iptables -L FORWARD -n")
    show("iptables -L FORWARD -n", out)
    assert out.splitlines()[0].strip() == "Chain FORWARD (policy DROP)", "FORWARD policy"
    out, _ = g.run("iptables -S FORWARD")
    show("iptables -S FORWARD", out)
    assert [line.strip() for line in out.splitlines()] == FORWARD_RULES, "FORWARD rules"
    out, _ = g.run("cat /proc/sys/net/ipv4/ip_forward")
    assert out.strip() == "1", "ip_forward is %r" % out


def fetch(ctx, ns=False, timeout=15):
    """The shell command that fetches the token, from vpn or from apps' namespace."""
    cmd = "timeout %d wget -q -O - http://10.0.2.2:%d/token" % (timeout, ctx["port"])
    return ("nsenter -n -t $(cat %s) " % APPS_NS if ns else "") + cmd


def check_vpn_fetch(g, ctx):
    out, _ = g.run(fetch(ctx))
    assert out.strip() == ctx["token"], "got %r" % out


def counters(g, table, chain):
    out, _ = g.run("iptables -t %s -L %s -n -v -x" % (table, chain))
    return out


def check_forward(g, ctx):
    g.run("wget -q -O /tmp/veth.ko http://10.0.2.2:%d/veth.ko && insmod /tmp/veth.ko" % ctx["port"])
    # busybox ip cannot name the peer: the kernel calls it veth0.
    g.run("ip link add chan0 type veth && ip link show veth0 >/dev/null")
    g.run("unshare -n sleep 600 >/dev/null 2>&1 & echo $! >%s" % APPS_NS)
    g.run("n=0; while [ \"$(readlink /proc/$(cat {p})/ns/net)\" = \"$(readlink /proc/self/ns/net)\" ]"
          " && [ $n -lt 50 ]; do sleep 0.1; n=$((n+1)); done; [ $n -lt 50 ]".format(p=APPS_NS))
    g.run("ip link set veth0 netns $(cat %s)" % APPS_NS)
    g.run("ip addr add 10.7.0.1/24 dev chan0 && ip link set chan0 up")
    g.run("nsenter -n -t $(cat %s) sh -c 'ip link set lo up && ip addr add 10.7.0.2/24 dev veth0"
          " && ip link set veth0 up && ip route add default via 10.7.0.1'" % APPS_NS)
    g.run("iptables -Z && iptables -t nat -Z")
    out, _ = g.run(fetch(ctx, ns=True))
    assert out.strip() == ctx["token"], "apps got %r" % out
    ct, _ = g.run("grep 'dst=10.0.2.2 .*dport=%d ' /proc/net/nf_conntrack" % ctx["port"])
    show("grep dport=%d /proc/net/nf_conntrack" % ctx["port"], ct)
    assert re.search(r"src=10\.7\.0\.2 dst=10\.0\.2\.2 sport=\d+ dport=%d .*"
                     r"src=10\.0\.2\.2 dst=10\.0\.2\.15 sport=%d " % (ctx["port"], ctx["port"]), ct), \
        "no masqueraded connection from 10.7.0.2"
    nat = counters(g, "nat", "POSTROUTING")
    fwd = counters(g, "filter", "FORWARD")
    show("iptables -t nat -L POSTROUTING -n -v -x", nat)
    show("iptables -L FORWARD -n -v -x", fwd)
    m = re.search(r"^\s*(\d+)\s+\d+\s+MASQUERADE\s", nat, re.M)
    assert m and int(m.group(1)) == 1, "MASQUERADE counted %s connections, want 1" % (m and m.group(1))
    m = re.search(r"^\s*(\d+)\s+\d+\s+ACCEPT\s+\S+\s+--\s+chan0\s+eth0\s", fwd, re.M)
    assert m and int(m.group(1)) >= 1, "the chan0 -> eth0 rule counted nothing"
    ctx["ns"] = True


def check_without(g, ctx, table, rule):
    assert ctx.get("ns"), "needs the forward check's namespace"
    g.run("iptables -t %s -D %s" % (table, rule))
    try:
        out, rc = g.run(fetch(ctx, ns=True, timeout=5), ok=False)
        # 143: `timeout` killed wget (SIGTERM): the packets went nowhere, as with a drop.
        assert rc == 143 and ctx["token"] not in out, \
            "without `%s`, the fetch ended with exit %d, not by timing out: %r" % (rule, rc, out)
    finally:
        g.run("iptables -t %s -A %s" % (table, rule))
    out, _ = g.run(fetch(ctx, ns=True))
    assert out.strip() == ctx["token"], "after putting `%s` back, apps got %r" % (rule, out)


CHECKS = [
    ("boot", check_boot),
    ("modules", check_modules),
    ("rules", check_rules),
    ("vpn-fetch", check_vpn_fetch),
    ("forward", check_forward),
    ("no-forward", lambda g, c: check_without(g, c, "filter", "FORWARD -i chan0 -o eth0 -j ACCEPT")),
    ("no-masquerade", lambda g, c: check_without(g, c, "nat", "POSTROUTING -o eth0 -j MASQUERADE")),
]


def main():
    verbose = "-v" in sys.argv
    own_dtb = "--own-dtb" in sys.argv
    os.makedirs(os.path.dirname(LOG), exist_ok=True)
    try:
        native_boot.build()
    except AssertionError as e:
        print("FAIL  nat/build: " + str(e))
        print("0 passed, 1 failed")
        return 1
    with open(os.path.join(VA_OUT, "vpn.initrd.d/modules")) as f:
        modules = [line for line in f if line.strip()]
    ctx = {"token": "shoji-nat-" + secrets.token_hex(8), "modules": modules}
    passed = failed = 0
    srv, ctx["port"] = start_server(ctx["token"], modules[0].split("/")[0])
    try:
        t0 = time.monotonic()
        with Qemu(native_boot.qemu_line("vpn", own_dtb), timeout=BOOT_TIMEOUT, log_path=LOG) as q:
            try:
                try:
                    q.expect(r"^shoji-guest: vpn up$", timeout=120)
                    t_up = time.monotonic() - t0
                    m = q.expect(r"Enter 'help' for a list of built-in commands\.$", timeout=120)
                    t_shell = time.monotonic() - t0
                except Timeout as e:
                    raise AssertionError("%s; console log: %s\n%s" % (e, LOG, q.out[-1500:]))
                print("      vpn (%s): 'up' after %.2f s, shell after %.2f s (wall, from QEMU start)"
                      % ("own DTB" if own_dtb else "QEMU's DTB", t_up, t_shell), flush=True)
                g = Guest(q, m.end())
                for name, fn in CHECKS:
                    try:
                        fn(g, ctx)
                        print("PASS  nat/" + name, flush=True)
                        passed += 1
                    except (AssertionError, Timeout) as e:
                        print("FAIL  nat/%s: %s" % (name, str(e).strip().replace("\n", "\n      ")),
                              flush=True)
                        failed += 1
                        if isinstance(e, Timeout):
                            break  # the console is out of step: the rest would time out too
                q.send("poweroff -f\n")
                q.wait_exit(20)
            finally:
                if verbose:
                    sys.stdout.write(q.out)
    except AssertionError as e:
        print("FAIL  nat/boot: " + str(e).strip())
        failed += 1
    finally:
        srv.kill()
        srv.wait()
        shutil.rmtree(WWW, ignore_errors=True)
    print("%d passed, %d failed" % (passed, failed))
    return 1 if failed or not passed else 0


if __name__ == "__main__":
    sys.exit(main())
