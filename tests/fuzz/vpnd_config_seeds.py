#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""Writes the seed corpus of tests/fuzz/fuzz_vpnd_config.c: the README's configuration,
the smallest and the largest valid ones, and mutations that each break one rule.
Usage: vpnd_config_seeds.py DIR."""
import os
import sys

# vms/linux/vpnd/README.md, as the host tests use it.
README = b"""gateway = 192.168.77.1:4433
gateway_name = gw.corp.shoji.test
ca = build/vpn-apps/pki/ca.crt
cert = build/vpn-apps/pki/client.crt
key = build/vpn-apps/pki/client.key
tun = vpn0
address = 10.8.0.2/24
peer = 10.8.0.1
mtu = 1400
route = 10.9.0.0/24
keepalive = 1
dead_after = 3
backoff_min = 1
backoff_max = 2
"""

MINIMAL = b"""gateway=192.168.77.1:4433
gateway_name=gw
ca=c
cert=d
key=k
address=10.8.0.2/24
peer=10.8.0.1"""

LABEL = b"a" + b"-" * 61 + b"z"  # 63 characters, the longest label
ROUTES = b"".join(b"route = 10.%d.0.0/16\n" % i for i in range(10, 26))
LIMITS = (README.replace(b"mtu = 1400", b"mtu = 576").replace(b"keepalive = 1", b"keepalive = 3600")
          .replace(b"dead_after = 3", b"dead_after = 86400").replace(b"backoff_max = 2", b"backoff_max = 86400")
          .replace(b"route = 10.9.0.0/24\n", ROUTES))

SEEDS = {
    "readme": README,
    "minimal": MINIMAL,
    "limits": LIMITS,
    "crlf-comments": b"# vpnd\r\n\r\n" + README.replace(b"\n", b"\r\n").replace(b"tun =", b"  \t# x\r\ntun ="),
    "trailing-comment": README.replace(b"keepalive = 1", b"keepalive = 5 # s"),
    "keepalive-not-less": README.replace(b"keepalive = 1", b"keepalive = 3"),
    "backoff-reversed": README.replace(b"backoff_min = 1", b"backoff_min = 5"),
    "peer-is-address": README.replace(b"peer = 10.8.0.1", b"peer = 10.8.0.2"),
    "gateway-in-route": README.replace(b"10.9.0.0/24", b"192.168.0.0/16"),
    "route-host-bits": README.replace(b"10.9.0.0/24", b"10.9.0.1/24"),
    "leading-zero": README.replace(b"peer = 10.8.0.1", b"peer = 10.8.0.01"),
    "given-twice": README + b"mtu = 1400\n",
    "17-routes": LIMITS + b"route = 10.99.0.0/16\n",
    "mtu-range": README.replace(b"mtu = 1400", b"mtu = 1501"),
    "missing-peer": README.replace(b"peer = 10.8.0.1\n", b""),
    "long-line": README + b"# " + b"x" * 509 + b"\n" + b"# " + b"y" * 510 + b"\n",
    "nul": README.replace(b"vpn0", b"vpn\0"),
    "unknown-key": README + b"Mtu = 1400\n",
    "name-labels": README.replace(b"gw.corp.shoji.test", b"-gw..corp"),
    # Valid, each at a limit the README states: one step further is an error.
    "at-limits": (README.replace(b"tun = vpn0", b"tun = a-b_c.D0123456Z")
                  .replace(b"gw.corp.shoji.test", LABEL + b"." + LABEL + b"." + LABEL + b"." + b"b" * 61)
                  .replace(b"ca = build/vpn-apps/pki/ca.crt", b"ca = /" + b"p" * 254)
                  .replace(b"keepalive = 1", b"keepalive = 2").replace(b"backoff_min = 1", b"backoff_min = 2")
                  .replace(b"4433", b"65535").replace(b"10.8.0.2/24", b"10.8.0.2/30")
                  .replace(b"10.9.0.0/24", b"10.9.0.1/32")),
}


def main():
    out = sys.argv[1]
    os.makedirs(out, exist_ok=True)
    for name, data in SEEDS.items():
        with open(os.path.join(out, name), "wb") as f:
            f.write(data)


if __name__ == "__main__":
    main()
