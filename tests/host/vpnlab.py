# SPDX-License-Identifier: MIT
"""A test bench for vpnd on the host: the gateway (tests/vpn/gateway.py), one client
namespace standing in for the vpn VM, and vpnd's host build running in it.

Everything a Lab starts is killed when it closes, and a watchdog closes it if a test
overruns its limit, so a hung test cannot leave processes or namespaces behind.
"""
import json
import os
import re
import shutil
import signal
import subprocess
import sys
import threading
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
sys.path.insert(0, os.path.join(ROOT, "tests", "vpn"))

from gateway import Gateway, cleanup, kill_proc, ns_cmd  # noqa: E402
import pcap  # noqa: E402

NETPROBE = os.path.join(ROOT, "tests", "vpn", "netprobe.py")
_swept = False


class Vpnd:
    """vpnd running in the client namespace, its stderr in a log file."""

    def __init__(self, lab, conf_path, log_path, args=()):
        self.lab = lab
        self.log_path = log_path
        self.log_file = open(log_path, "ab")
        self.proc = lab.gw.popen(ns_cmd(lab.client.ns, *lab.vpnd_cmd, *args, conf_path), stdout=self.log_file,
                                 stderr=subprocess.STDOUT, env=lab.env)

    def log(self):
        with open(self.log_path, errors="replace") as f:
            return f.read()

    def wait_log(self, pattern, timeout=10.0, start=0):
        """Waits for regex pattern in the log after offset start; returns the match (AssertionError on timeout)."""
        rx = re.compile(pattern, re.M)
        end = time.monotonic() + timeout
        while True:
            m = rx.search(self.log(), start)
            if m:
                return m
            if time.monotonic() > end:
                raise AssertionError("vpnd: no %r within %.0f s; log:\n%s" % (pattern, timeout, self.log()[-3000:]))
            if self.proc.poll() is not None:
                raise AssertionError("vpnd exited (%d) before %r; log:\n%s" %
                                     (self.proc.returncode, pattern, self.log()[-3000:]))
            time.sleep(0.05)

    def count(self, pattern):
        return len(re.findall(pattern, self.log(), re.M))

    def stop(self, signo=signal.SIGTERM, timeout=5.0):
        """Sends signo; returns the exit status (AssertionError if vpnd outlives timeout)."""
        self.proc.send_signal(signo)
        try:
            return self.proc.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            kill_proc(self.proc)
            raise AssertionError("vpnd still running %.0f s after signal %d" % (timeout, signo))

    def close(self):
        kill_proc(self.proc)
        self.log_file.close()


def _live_owner(path):
    """The pid recorded in path/.owner if that process is alive and not this one, else None."""
    try:
        with open(os.path.join(path, ".owner")) as f:
            pid = int(f.read().strip())
        os.kill(pid, 0)
    except (OSError, ValueError):
        return None
    return pid if pid != os.getpid() else None


def _own_dir(base):
    """A fresh log directory for one test: base, or base.<pid> while another live run holds base
    (two runs in one tree must not delete each other's files)."""
    path = base if _live_owner(base) is None else "%s.%d" % (base, os.getpid())
    shutil.rmtree(path, ignore_errors=True)
    os.makedirs(path)
    with open(os.path.join(path, ".owner"), "w") as f:
        f.write("%d\n" % os.getpid())
    return path


class Lab:
    def __init__(self, ctx, name, limit=60.0, **gateway_args):
        global _swept
        if not _swept:  # what an earlier, crashed run left (namespaces of processes that are gone)
            with open(os.devnull, "w") as devnull:
                cleanup(everything=False, out=devnull)
            _swept = True
        self.ctx = ctx
        self.dir = _own_dir(os.path.join(ctx.logdir, re.sub(r"[^A-Za-z0-9_.-]", "_", name)))
        self.vpnd_cmd = list(ctx.vpnd_cmd)  # vpnd's host build, or the aarch64 one under qemu-aarch64
        # The host build has ASan and UBSan: any report ends vpnd with a non-zero status.
        self.env = dict(os.environ, ASAN_OPTIONS="detect_leaks=1:abort_on_error=0:exitcode=66",
                        UBSAN_OPTIONS="print_stacktrace=1:halt_on_error=1:exitcode=67")
        self.gw = Gateway(pki=ctx.pki, logdir=self.dir)
        self.vpnds = []
        self._watchdog = threading.Timer(limit, self._overrun)
        self._watchdog.daemon = True
        self._watchdog.start()
        self.overran = False
        try:
            self.gw.start(**gateway_args)
            self.client = self.gw.add_client()
        except BaseException:
            self.close()
            raise

    def _overrun(self):
        self.overran = True
        self.close()

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()
        if self.overran:
            raise AssertionError("the test overran its time limit; everything was killed")

    def close(self):
        self._watchdog.cancel()
        for v in self.vpnds:
            v.close()
        self.gw.close()

    def write_config(self, text, name="vpnd.conf"):
        path = os.path.join(self.dir, name)
        with open(path, "w") as f:
            f.write(text)
        return path

    def start_vpnd(self, config=None, args=(), **config_args):
        """vpnd with a configuration (text, or gateway.vpnd_config(client, **config_args))."""
        text = config if config is not None else self.gw.vpnd_config(self.client, **config_args)
        n = len(self.vpnds)
        v = Vpnd(self, self.write_config(text, "vpnd%d.conf" % n), os.path.join(self.dir, "vpnd%d.log" % n), args)
        self.vpnds.append(v)
        return v

    def check_config(self, text, name="check.conf"):
        """vpnd -t on a configuration: (exit status, output)."""
        path = self.write_config(text, name)
        p = subprocess.run(ns_cmd(self.client.ns, *self.vpnd_cmd, "-t", path), stdout=subprocess.PIPE,
                           stderr=subprocess.STDOUT, text=True, timeout=20, env=self.env)
        return p.returncode, p.stdout, path

    def probe(self, *args, timeout=60):
        out = self.gw.run_in(self.client.ns, [sys.executable, NETPROBE] + [str(a) for a in args], timeout=timeout)
        return json.loads(out.strip().splitlines()[-1])

    def ping(self, addr=Gateway.SERVER_ADDR, count=3, wait=1.0, size=56):
        return self.probe("ping", addr, "--count", count, "--wait", wait, "--size", size)

    def fetch(self, count=1):
        return self.probe("fetch", self.gw.file_url, "--count", count, "--timeout", 10)

    def routes(self):
        return self.gw.run_in(self.client.ns, ["ip", "-4", "route", "show", "table", "main"])

    def link_up(self, name="vpn0"):
        out = self.gw.run_in(self.client.ns, ["ip", "-o", "link", "show", name], check=False)
        m = re.search(r"<([^>]*)>", out)
        return m is not None and "UP" in m.group(1).split(",")

    def capture(self, name, ns=None, iface="eth0"):
        return self.gw.capture_start(ns or self.client.ns, iface, os.path.join(self.dir, name))


def outer_traffic_problems(path, client, port, marker):
    """What in a capture of the client's outer interface is not the DTLS flow, or holds the marker.

    Allowed: ARP (address resolution on the veth, no payload); UDP between the client's
    address and the gateway's address and port; and ICMP errors about that UDP flow (a
    port unreachable from a stopped gateway, or from the client for a late datagram to a
    socket vpnd has closed), which quote only the IP and UDP headers of an encrypted
    datagram. Returns (problems, number of UDP frames).
    """
    def dtls_flow(f):
        return (f is not None and f.kind == "ipv4" and f.proto == 17 and
                ((f.src, f.dst, f.dport) == (client.addr, client.gw_addr, port) or
                 (f.src, f.dst, f.sport) == (client.gw_addr, client.addr, port)))

    problems = []
    udp = 0
    for f in pcap.packets(path):
        if f.kind == "arp" or (f.kind == "ipv4" and f.icmp_type == 3 and dtls_flow(f.quoted)):
            continue
        if dtls_flow(f):
            udp += 1
        else:
            problems.append(repr(f))
    with open(path, "rb") as fh:
        if marker in fh.read():
            problems.append("the plaintext marker %r is in the capture" % marker)
    return problems, udp
