# SPDX-License-Identifier: MIT
"""vpn-apps with its corporate gateway: the test gateway (tests/vpn/gateway.py) and QEMU in its namespace.

QEMU runs inside the gateway's namespace, so vpn's NIC (QEMU's user network) reaches
socat at 10.0.2.2:4433 exactly as vms/vpn-apps/vpnd.conf says, with nothing set up on
the host. Everything vpn's NIC sends is also recorded, frame by frame, by QEMU itself
(filter-dump on the NIC's netdev): the wire as vpn drives it, before any host routing.
"""
import os
import re
import sys

from harness import Qemu
from linuxpair import LinuxPair

sys.path.insert(0, os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "vpn"))
import gateway  # noqa: E402
import pcap  # noqa: E402

# vpnd's lines may follow a shell prompt on the same console line (the prompt has no newline).
VPND = r"^\[vpn\] (?:.*?)vpnd: "
TUNNEL_UP = VPND + "tunnel up: "
TUNNEL_DOWN = VPND + "tunnel down: "


class VpnPair(LinuxPair):
    """A booted vpn-apps system behind a running gateway. `self.gw` is the gateway.Gateway.

    gateway_kw: what Gateway.start takes (server_cert, client_ca, idle). image: a variant
    image to boot instead of the built one. wire: record vpn's NIC (self.wire_path).
    """

    def __init__(self, ctx, name, timeout=600.0, image=None, gateway_kw=None, wire=True):
        slug = re.sub(r"[^A-Za-z0-9_.-]", "_", name)
        self.dir = os.path.join(ctx.logdir, slug + ".vpn")
        os.makedirs(self.dir, exist_ok=True)
        self.gw = gateway.Gateway(logdir=self.dir).start(**(gateway_kw or {}))
        try:
            if image is None:
                image = ctx.image("SYSTEM=vpn-apps")
            cmd = ctx.qemu_cmd(image, "SYSTEM=vpn-apps")
            self.wire_path = os.path.join(self.dir, "vpn-nic.pcap") if wire else None
            if wire:
                if os.path.exists(self.wire_path):
                    os.unlink(self.wire_path)
                cmd += " -object filter-dump,id=wire,netdev=n0,file=%s" % self.wire_path
            self.q = Qemu("ip netns exec %s %s" % (self.gw.ns_gw, cmd), timeout=timeout,
                          log_path=os.path.join(ctx.logdir, slug + ".log"))
            self.focus = "vpn"
            self.q.expect(r"^\[vpn\] shoji-guest: eth0 ", timeout=90)
            self.q.expect(r"^\[apps\] shoji-guest: apps up$", timeout=90)
        except BaseException:
            self.close()
            raise

    def close(self):
        q = getattr(self, "q", None)
        if q is not None:
            q.kill()
        self.gw.close()

    def wait_tunnel(self, start=0, timeout=60):
        """Waits for `vpnd: tunnel up` after output offset `start`; returns the match."""
        return self.q.expect(TUNNEL_UP + ".*$", start=start, timeout=timeout)

    def wait_line(self, pattern, start=0, timeout=60):
        return self.q.expect(pattern, start=start, timeout=timeout)

    def mark(self):
        """An output offset: later waits and checks look only at what comes after it."""
        return len(self.q.out)

    def wire(self):
        """The frames vpn's NIC has sent and received so far (QEMU flushes each one as it goes)."""
        return pcap.packets(self.wire_path)

    def sh_ok(self, vm, cmd, timeout=60):
        rc, out = self.sh(vm, cmd, timeout=timeout)
        assert rc == 0, "%s: `%s` exited %d: %s" % (vm, cmd, rc, out[-5:])
        return out

    def wget_ok(self, vm, url=None, timeout=180):
        """Fetches into /tmp/f in `vm`: True if wget succeeded and the file's sha256 is the server's.

        (busybox 1.35's wget crashes on -T; `timeout` bounds it instead.)
        """
        rc, out = self.sh(vm, "rm -f /tmp/f; timeout 60 wget -q -O /tmp/f %s && sha256sum /tmp/f" %
                          (url or self.gw.file_url), timeout=timeout)
        return rc == 0 and any(line.startswith(self.gw.file_sha256) for line in out)

    def ping(self, vm, dst, count=3, wait=3):
        """(transmitted, received) of a busybox ping from `vm`."""
        rc, out = self.sh(vm, "ping -c %d -W %d %s" % (count, wait, dst), timeout=count * wait + 30)
        m = re.search(r"(\d+) packets transmitted, (\d+) packets received", "\n".join(out))
        return (int(m.group(1)), int(m.group(2))) if m else (0, 0)

