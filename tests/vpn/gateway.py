#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""The corporate side of Shoji's VPN, for tests and demos: a gateway nobody here wrote.

socat's OPENSSL-DTLS-SERVER bridged to a TUN device, in network namespaces this module
creates and deletes (python3 standard library only; needs root, iproute2, socat,
openssl, tcpdump). The network:

    client ns (optional)          gw ns                                corp ns
    eth0 192.168.77.2/24 -------- cl0 192.168.77.1/24
                                  socat :4433 (DTLS) <-> gw0 10.8.0.1/24, MTU 1400
                                  routes 10.7.0.0/24, 10.8.0.0/24 dev gw0
                                  corp0 10.9.0.1/24 ------------------ eth0 10.9.0.2/24
                                  ip_forward=1 (this namespace only)   HTTP :80, ping

A vpn client's tunnel address is 10.8.0.2; 10.7.0.0/24 is the apps VM's subnet behind
it. QEMU started inside the gw namespace (run_in_gw) reaches socat at 10.0.2.2:4433
through its user-mode network, with nothing set up on the host.

Namespace names carry this process's id ("shoji-<pid>-<n>-gw"); everything started
here runs in its own session and is killed by process id on close(), at exit, and on
SIGTERM/SIGHUP. `gateway.py cleanup` removes what a crashed run left behind.

As a module:
    gw = Gateway(logdir="build/test-logs/x").start(server_cert="gw", client_ca="ca", idle=30)
    client = gw.add_client()          # a namespace standing in for the vpn VM's eth0
    print(gw.vpnd_config(client))     # a vpnd configuration for it
    gw.stop_gateway(graceful=False); gw.start_gateway(server_cert="rogue-gw")
    cap = gw.capture_start(client.ns, "eth0", "/tmp/x.pcap"); ...; gw.capture_stop(cap)
    gw.close()

As a program:
    gateway.py run [options] -- CMD...   start, run CMD in the gw namespace, tear down
    gateway.py up [options]              start and wait (Ctrl-C tears down)
    gateway.py cleanup [--all]           remove stale shoji-* namespaces and their processes
"""
import argparse
import atexit
import hashlib
import itertools
import os
import re
import select
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
PKI_DIR = os.path.join(ROOT, "build", "vpn-apps", "pki")
PREFIX = "shoji-"
NS_RE = re.compile(r"^shoji-(\d+)-\d+-[a-z0-9]+$")

# ChaCha20-Poly1305 first (no table lookups, constant time in software); the AES-GCM suites
# are what vpnd also offers. ECDSA only: the gateway's key is P-256.
CIPHERS = "ECDHE-ECDSA-CHACHA20-POLY1305:ECDHE-ECDSA-AES256-GCM-SHA384:ECDHE-ECDSA-AES128-GCM-SHA256"

_counter = itertools.count()
_live = set()
_handlers_installed = False


def _close_all():
    for gw in list(_live):
        gw.close()


atexit.register(_close_all)


def _on_signal(signo, _frame):
    _close_all()
    signal.signal(signo, signal.SIG_DFL)
    os.kill(os.getpid(), signo)


def _install_handlers():
    """SIGTERM and SIGHUP tear everything down (SIGINT raises KeyboardInterrupt, and atexit runs)."""
    global _handlers_installed
    if _handlers_installed or threading.current_thread() is not threading.main_thread():
        return
    for signo in (signal.SIGTERM, signal.SIGHUP):
        if signal.getsignal(signo) == signal.SIG_DFL:
            signal.signal(signo, _on_signal)
    _handlers_installed = True


def ns_cmd(ns, *cmd):
    """The argv that runs cmd inside network namespace ns."""
    return ["ip", "netns", "exec", ns] + [str(c) for c in cmd]


def run(*cmd, timeout=15, check=True):
    """Runs cmd to completion; returns its output (stdout and stderr). Raises on failure if check."""
    p = subprocess.run([str(c) for c in cmd], stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
                       timeout=timeout)
    if check and p.returncode != 0:
        raise RuntimeError("%s: exit %d: %s" % (" ".join(str(c) for c in cmd), p.returncode, p.stdout.strip()))
    return p.stdout


def kill_proc(p, grace=2.0):
    """Ends a process we started (its own session: the group id is its pid): SIGTERM, then SIGKILL."""
    if p.poll() is not None:
        return p.returncode
    for signo, wait in ((signal.SIGTERM, grace), (signal.SIGKILL, 5.0)):
        try:
            os.killpg(p.pid, signo)
        except ProcessLookupError:
            pass
        try:
            return p.wait(timeout=wait)
        except subprocess.TimeoutExpired:
            continue
    return p.poll()


def payload(size, marker):
    """Deterministic, incompressible bytes: 4 KiB blocks, each led by the marker and its number."""
    out = bytearray()
    block = 0
    while len(out) < size:
        out += b"%s-%08d\n" % (marker, block)
        for i in range(127):
            out += hashlib.sha256(b"shoji-vpn-payload %d %d" % (block, i)).digest()
        block += 1
    return bytes(out[:size])


def wait_for(predicate, timeout, what, interval=0.05):
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        if predicate():
            return
        time.sleep(interval)
    raise TimeoutError("timed out after %.1f s waiting for %s" % (timeout, what))


class Capture:
    """A tcpdump writing one interface's packets to a pcap file (stop() flushes and ends it)."""

    def __init__(self, proc, path):
        self.proc = proc
        self.path = path

    def stop(self):
        if self.proc.poll() is None:
            try:
                os.killpg(self.proc.pid, signal.SIGINT)  # tcpdump flushes its file on SIGINT
                self.proc.wait(timeout=5)
            except (ProcessLookupError, subprocess.TimeoutExpired):
                kill_proc(self.proc)
        return self.path


class Client:
    """A namespace standing in for the vpn VM: eth0 on a veth to the gw namespace, default route through it."""

    def __init__(self, ns, addr, gw_addr, iface="eth0"):
        self.ns = ns
        self.addr = addr
        self.gw_addr = gw_addr  # where the client reaches socat
        self.iface = iface


class Gateway:
    # The test network (module docstring); the same for every instance, in its own namespaces.
    PORT = 4433
    TUN = "gw0"
    TUN_ADDR = "10.8.0.1"
    TUN_PREFIX = 24
    TUN_NET = "10.8.0.0/24"
    MTU = 1400
    CLIENT_TUN_ADDR = "10.8.0.2"
    APPS_NET = "10.7.0.0/24"
    CORP_NET = "10.9.0.0/24"
    CORP_GW_ADDR = "10.9.0.1"
    SERVER_ADDR = "10.9.0.2"
    HTTP_PORT = 80
    FILE_NAME = "data.bin"
    FILE_SIZE = 1 << 20
    MARKER = b"SHOJI-CLEARTEXT-CANARY"
    GATEWAY_NAME = "gw.corp.shoji.test"
    QEMU_GATEWAY = "10.0.2.2"  # socat as QEMU's user network shows it to a guest run in ns_gw

    def __init__(self, pki=PKI_DIR, logdir=None):
        self.id = "%s%d-%d" % (PREFIX, os.getpid(), next(_counter))
        self.ns_gw = self.id + "-gw"
        self.ns_corp = self.id + "-corp"
        self.pki = pki
        self._own_dir = logdir is None
        self.dir = tempfile.mkdtemp(prefix=self.id + "-") if logdir is None else logdir
        os.makedirs(self.dir, exist_ok=True)
        self.socat_log = os.path.join(self.dir, "socat.log")
        self.file_url = "http://%s/%s" % (self.SERVER_ADDR, self.FILE_NAME)
        self.file_sha256 = None
        self.socat_starts = 0
        self.clients = []
        self._namespaces = []
        self._procs = []
        self._captures = []
        self._lock = threading.Lock()
        self._socat = None
        self._socat_stop = threading.Event()
        self._socat_thread = None
        self._socat_cmd = None

    # ---- life cycle ----

    def start(self, server_cert="gw", client_ca="ca", idle=30, ciphers=CIPHERS):
        """Namespaces, the corp server, then socat (see start_gateway). Returns self."""
        _live.add(self)
        _install_handlers()
        try:
            self._make_gw()
            self._make_corp()
            self._start_http()
            self.start_gateway(server_cert, client_ca, idle, ciphers)
        except BaseException:
            self.close()
            raise
        return self

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()

    def close(self):
        """Stops every process started here (by process id), deletes the namespaces. Idempotent."""
        for cap in self._captures:
            cap.stop()
        self._captures = []
        self.stop_gateway()
        for p in self._procs:
            kill_proc(p)
        self._procs = []
        for ns in reversed(self._namespaces):
            _delete_namespace(ns)
        self._namespaces = []
        _live.discard(self)
        if self._own_dir:
            shutil.rmtree(self.dir, ignore_errors=True)

    # ---- processes ----

    def popen(self, argv, **kw):
        """Starts argv in its own session, killed on close(). stdin defaults to /dev/null."""
        kw.setdefault("stdin", subprocess.DEVNULL)
        p = subprocess.Popen([str(a) for a in argv], start_new_session=True, **kw)
        self._procs.append(p)
        return p

    def run_in_gw(self, cmd, **kw):
        """Starts cmd (argv list) inside the gw namespace, e.g. QEMU (the guest reaches socat at 10.0.2.2:4433)."""
        return self.popen(ns_cmd(self.ns_gw, *cmd), **kw)

    def run_in(self, ns, cmd, timeout=15, check=True):
        """Runs cmd (argv list) to completion inside namespace ns; returns its output."""
        return run(*ns_cmd(ns, *cmd), timeout=timeout, check=check)

    # ---- namespaces ----

    def _add_ns(self, ns):
        run("ip", "netns", "add", ns)
        self._namespaces.append(ns)
        run("ip", "-n", ns, "link", "set", "lo", "up")
        # IPv4 only: no IPv6 link-local chatter on any interface created after this.
        self.run_in(ns, ["sysctl", "-qw", "net.ipv6.conf.all.disable_ipv6=1", "net.ipv6.conf.default.disable_ipv6=1"])

    def _make_gw(self):
        ns = self.ns_gw
        self._add_ns(ns)
        # Persistent and configured before socat, which attaches to it only after a handshake.
        run("ip", "-n", ns, "tuntap", "add", "dev", self.TUN, "mode", "tun")
        run("ip", "-n", ns, "addr", "add", "%s/%d" % (self.TUN_ADDR, self.TUN_PREFIX), "dev", self.TUN)
        run("ip", "-n", ns, "link", "set", self.TUN, "mtu", self.MTU, "up")
        run("ip", "-n", ns, "route", "add", self.APPS_NET, "dev", self.TUN)
        self.run_in(ns, ["sysctl", "-qw", "net.ipv4.ip_forward=1"])  # per namespace: the host's is untouched

    def _make_corp(self):
        self._add_ns(self.ns_corp)
        run("ip", "-n", self.ns_gw, "link", "add", "corp0", "type", "veth", "peer", "name", "eth0", "netns",
            self.ns_corp)
        run("ip", "-n", self.ns_gw, "addr", "add", self.CORP_GW_ADDR + "/24", "dev", "corp0")
        run("ip", "-n", self.ns_gw, "link", "set", "corp0", "up")
        run("ip", "-n", self.ns_corp, "addr", "add", self.SERVER_ADDR + "/24", "dev", "eth0")
        run("ip", "-n", self.ns_corp, "link", "set", "eth0", "up")
        run("ip", "-n", self.ns_corp, "route", "add", "default", "via", self.CORP_GW_ADDR)

    def add_client(self):
        """A namespace for a vpn client (the vpn VM's stand-in): eth0 to the gw namespace, default route via it."""
        n = len(self.clients)
        ns = "%s-client%d" % (self.id, n)
        subnet = "192.168.%d" % (77 + n)
        gw_if = "cl%d" % n
        self._add_ns(ns)
        run("ip", "-n", self.ns_gw, "link", "add", gw_if, "type", "veth", "peer", "name", "eth0", "netns", ns)
        run("ip", "-n", self.ns_gw, "addr", "add", subnet + ".1/24", "dev", gw_if)
        run("ip", "-n", self.ns_gw, "link", "set", gw_if, "up")
        run("ip", "-n", ns, "addr", "add", subnet + ".2/24", "dev", "eth0")
        run("ip", "-n", ns, "link", "set", "eth0", "up")
        run("ip", "-n", ns, "route", "add", "default", "via", subnet + ".1")
        client = Client(ns, subnet + ".2", subnet + ".1")
        self.clients.append(client)
        return client

    # ---- the corp server ----

    def _start_http(self):
        www = os.path.join(self.dir, "www")
        os.makedirs(www, exist_ok=True)
        data = payload(self.FILE_SIZE, self.MARKER)
        self.file_sha256 = hashlib.sha256(data).hexdigest()
        with open(os.path.join(www, self.FILE_NAME), "wb") as f:
            f.write(data)
        with open(os.path.join(www, self.FILE_NAME + ".sha256"), "w") as f:
            f.write("%s  %s\n" % (self.file_sha256, self.FILE_NAME))
        log = open(os.path.join(self.dir, "http.log"), "ab")
        self.popen(ns_cmd(self.ns_corp, sys.executable, "-m", "http.server", self.HTTP_PORT, "--bind",
                          self.SERVER_ADDR, "--directory", www), stdout=log, stderr=subprocess.STDOUT)
        log.close()
        wait_for(lambda: self.is_listening(self.ns_corp, "t", self.HTTP_PORT), 10, "the HTTP server")

    def is_listening(self, ns, proto, port):
        """Whether something in namespace ns listens on port; proto "u" (UDP) or "t" (TCP)."""
        out = self.run_in(ns, ["ss", "-Hn%sl" % proto], check=False)
        return any(re.search(r":%d\s" % port, line) for line in out.splitlines())

    # ---- socat ----

    def start_gateway(self, server_cert="gw", client_ca="ca", idle=30, ciphers=CIPHERS):
        """socat in a respawn loop: it serves one client and exits when that client ends or idles for `idle` s."""
        self.stop_gateway()
        pki = self.pki_file
        dtls = ("OPENSSL-DTLS-SERVER:%d,pf=ip4,reuseaddr,cert=%s,key=%s,cafile=%s,verify=1,cipher=%s" %
                (self.PORT, pki(server_cert, "crt"), pki(server_cert, "key"), pki(client_ca, "crt"), ciphers))
        tun = "TUN,tun-name=%s,iff-no-pi,iff-up" % self.TUN
        self._socat_cmd = ns_cmd(self.ns_gw, "socat", "-d", "-d", "-T%d" % idle, dtls, tun)
        self._socat_stop.clear()
        self._socat_thread = threading.Thread(target=self._socat_loop, name="socat-" + self.id, daemon=True)
        self._socat_thread.start()
        wait_for(lambda: self.is_listening(self.ns_gw, "u", self.PORT), 10, "socat to listen")

    def _socat_loop(self):
        while True:
            with self._lock:
                if self._socat_stop.is_set():
                    return
                log = open(self.socat_log, "ab")
                log.write(b"--- socat start %d ---\n" % (self.socat_starts + 1))
                log.flush()
                self._socat = subprocess.Popen(self._socat_cmd, stdin=subprocess.DEVNULL, stdout=log,
                                               stderr=subprocess.STDOUT, start_new_session=True)
                log.close()
                self.socat_starts += 1
                p = self._socat
            p.wait()
            # Also keeps a socat that fails at once (a bad certificate) from spinning.
            self._socat_stop.wait(0.2)

    def stop_gateway(self, *, graceful=True):
        """Stops socat and its respawn loop; the namespaces, gw0 and its routes stay.

        graceful: SIGTERM, on which socat closes the session with a close_notify.
        Otherwise SIGKILL: the gateway vanishes without a word (a crash, a cut cable).
        """
        with self._lock:
            self._socat_stop.set()
            p = self._socat
            self._socat = None
        if p is not None and not graceful and p.poll() is None:
            os.killpg(p.pid, signal.SIGKILL)
        if p is not None:
            kill_proc(p)
        if self._socat_thread is not None:
            self._socat_thread.join(timeout=10)
            self._socat_thread = None

    def socat_pid(self):
        with self._lock:
            return self._socat.pid if self._socat is not None and self._socat.poll() is None else None

    # ---- captures ----

    def capture_start(self, ns, iface, path):
        """tcpdump on iface in namespace ns, every packet in full, into the pcap file path.

        --immediate-mode: otherwise libpcap hands packets over in blocks, and what sits in
        the last block when tcpdump is stopped never reaches the file.
        """
        proc = self.popen(ns_cmd(ns, "tcpdump", "-i", iface, "-n", "-U", "--immediate-mode", "-s", "0", "-Z", "root",
                                 "-w", path), stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        seen = b""
        end = time.monotonic() + 10
        while b"listening on" not in seen:
            left = end - time.monotonic()
            if left <= 0 or proc.poll() is not None:
                kill_proc(proc)
                raise RuntimeError("tcpdump on %s/%s did not start: %s" % (ns, iface, seen.decode(errors="replace")))
            ready, _, _ = select.select([proc.stderr], [], [], left)
            if ready:
                seen += os.read(proc.stderr.fileno(), 4096)
        cap = Capture(proc, path)
        self._captures.append(cap)
        return cap

    def capture_stop(self, cap=None):
        """Stops one capture (or all); returns the path (or the list of paths)."""
        caps = [cap] if cap is not None else list(self._captures)
        for c in caps:
            c.stop()
            if c in self._captures:
                self._captures.remove(c)
        return caps[0].path if cap is not None else [c.path for c in caps]

    # ---- vpnd configuration ----

    def pki_file(self, name, ext):
        """A file of the demo PKI: pki_file("gw", "crt")."""
        return os.path.join(self.pki, "%s.%s" % (name, ext))

    def vpnd_config(self, client=None, cert="client", ca="ca", gateway=None, tun="vpn0", mtu=MTU, keepalive=10,
                    dead_after=30, backoff_min=1, backoff_max=8, gateway_name=GATEWAY_NAME, pki_dir=None,
                    routes=(CORP_NET,), extra=""):
        """A vpnd configuration for a client namespace, or (client None) for a guest QEMU runs in ns_gw.

        pki_dir: where vpnd will find the PKI files (e.g. "/etc/vpnd" inside a VM); default this
        gateway's PKI directory on the host. extra: more lines, appended as they are.
        """
        if gateway is None:
            gateway = "%s:%d" % (client.gw_addr if client is not None else self.QEMU_GATEWAY, self.PORT)
        pki = lambda name, ext: os.path.join(pki_dir or self.pki, "%s.%s" % (name, ext))  # noqa: E731
        return "\n".join([
            "# vpnd configuration written by tests/vpn/gateway.py",
            "gateway = %s" % gateway,
            "gateway_name = %s" % gateway_name,
            "ca = %s" % pki(ca, "crt"),
            "cert = %s" % pki(cert, "crt"),
            "key = %s" % pki(cert, "key"),
            "tun = %s" % tun,
            "address = %s/%d" % (self.CLIENT_TUN_ADDR, self.TUN_PREFIX),
            "peer = %s" % self.TUN_ADDR,
            "mtu = %d" % mtu,
        ] + ["route = %s" % r for r in routes] + [
            "keepalive = %d" % keepalive,
            "dead_after = %d" % dead_after,
            "backoff_min = %d" % backoff_min,
            "backoff_max = %d" % backoff_max,
        ]) + "\n" + extra

    def describe(self):
        return "\n".join([
            "gateway %s: namespaces %s" % (self.id, " ".join(self._namespaces)),
            "  socat DTLS on %s udp/%d (from QEMU user net in %s: %s:%d), tun %s %s/%d mtu %d" %
            ("0.0.0.0", self.PORT, self.ns_gw, self.QEMU_GATEWAY, self.PORT, self.TUN, self.TUN_ADDR,
             self.TUN_PREFIX, self.MTU),
            "  corp server %s: %s (sha256 %s)" % (self.SERVER_ADDR, self.file_url, self.file_sha256),
            "  logs in %s" % self.dir,
        ] + ["  client %s: %s, gateway at %s:%d" % (c.ns, c.addr, c.gw_addr, self.PORT) for c in self.clients])


def start(pki=PKI_DIR, logdir=None, **kw):
    """Gateway(pki, logdir).start(**kw): namespaces, corp server and socat, running."""
    return Gateway(pki=pki, logdir=logdir).start(**kw)


# ---- cleanup of crashed runs ----

def _pid_alive(pid):
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def _delete_namespace(ns):
    """Kills every process in ns (by id, from `ip netns pids`), then deletes it."""
    for signo in (signal.SIGTERM, signal.SIGKILL):
        pids = [int(p) for p in run("ip", "netns", "pids", ns, check=False).split() if p.isdigit()]
        for pid in pids:
            try:
                os.kill(pid, signo)
            except ProcessLookupError:
                pass
        if pids and signo == signal.SIGTERM:
            end = time.monotonic() + 2
            while time.monotonic() < end and any(_pid_alive(p) for p in pids):
                time.sleep(0.05)
    run("ip", "netns", "del", ns, check=False)


def cleanup(everything=False, out=sys.stdout):
    """Deletes shoji-* namespaces (and kills what runs in them) whose creating process is gone, or all."""
    removed = []
    for line in run("ip", "netns", "list", check=False).splitlines():
        ns = line.split()[0] if line.split() else ""
        m = NS_RE.match(ns)
        if not m or (not everything and _pid_alive(int(m.group(1)))):
            continue
        _delete_namespace(ns)
        removed.append(ns)
    for d in os.listdir(tempfile.gettempdir()):
        m = re.match(r"^shoji-(\d+)-\d+-", d)
        if m and (everything or not _pid_alive(int(m.group(1)))):
            shutil.rmtree(os.path.join(tempfile.gettempdir(), d), ignore_errors=True)
    print("removed %d namespace(s)%s" % (len(removed), (": " + " ".join(removed)) if removed else ""), file=out)
    return removed


# ---- command line ----

def _start_from_args(args):
    gw = Gateway(logdir=args.logdir).start(server_cert=args.server_cert, client_ca=args.client_ca, idle=args.idle)
    for _ in range(args.clients):
        gw.add_client()
    return gw


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    sub = ap.add_subparsers(dest="verb", required=True)
    for verb in ("run", "up"):
        p = sub.add_parser(verb)
        p.add_argument("--server-cert", default="gw", help="PKI name of socat's certificate (default gw)")
        p.add_argument("--client-ca", default="ca", help="PKI name of the CA client certificates must chain to")
        p.add_argument("--idle", type=int, default=30, help="socat -T: seconds of silence that end a session")
        p.add_argument("--clients", type=int, default=0, help="client namespaces to create (veth to gw)")
        p.add_argument("--logdir", default=None, help="keep logs and the served file here")
        if verb == "run":
            p.add_argument("cmd", nargs=argparse.REMAINDER, help="-- CMD...: run in the gw namespace")
    p = sub.add_parser("cleanup")
    p.add_argument("--all", action="store_true", help="also namespaces of running processes")
    args = ap.parse_args(argv)

    if os.geteuid() != 0:
        print("gateway.py: needs root (network namespaces, TUN)", file=sys.stderr)
        return 1
    if args.verb == "cleanup":
        cleanup(everything=args.all)
        return 0
    gw = _start_from_args(args)
    try:
        print(gw.describe(), flush=True)
        if args.verb == "up":
            print("up; Ctrl-C tears it down", flush=True)
            _wait_forever()
        cmd = args.cmd[1:] if args.cmd[:1] == ["--"] else args.cmd
        if not cmd:
            print("gateway.py run: no command (gateway.py run -- CMD...)", file=sys.stderr)
            return 2
        # In the foreground, on this terminal: not a session of its own, so Ctrl-C and job control reach it.
        return subprocess.call(ns_cmd(gw.ns_gw, *cmd))
    except KeyboardInterrupt:
        return 130
    finally:
        gw.close()


def _wait_forever():
    while True:
        time.sleep(3600)


if __name__ == "__main__":
    sys.exit(main())
