#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""Writes the seed corpus of tests/fuzz/fuzz_vpnd_packet.c: valid packets (the keepalive,
its reply, UDP and TCP of several sizes, a header with options) and a few that break
one rule each. Usage: vpnd_packet_seeds.py DIR."""
import os
import struct
import sys

# The input header's flags (fuzz_vpnd_packet.c).
FIX_LENGTH, FIX_IP_SUM, FIX_ICMP_SUM, ADDR_FROM_PKT, MTU_NEAR_LEN = 0x01, 0x02, 0x04, 0x08, 0x10
# With MTU_NEAR_LEN, the MTU field modulo 3 picks the MTU: the length + 1, the length, the length - 1.
ABOVE, AT, BELOW = 576, 577, 578

SELF = bytes([10, 8, 0, 2])
PEER = bytes([10, 8, 0, 1])
ID = 0xBEEF


def csum(b):
    if len(b) % 2:
        b += b"\0"
    s = sum(struct.unpack(">%dH" % (len(b) // 2), b))
    while s > 0xFFFF:
        s = (s & 0xFFFF) + (s >> 16)
    return ~s & 0xFFFF


def ipv4(src, dst, proto, payload, options=b"", frag=0x4000):
    ihl = 20 + len(options)
    h = struct.pack(">BBHHHBBH4s4s", 0x40 | ihl // 4, 0, ihl + len(payload), 0x1234, frag, 64, proto, 0,
                    src, dst) + options
    return h[:10] + struct.pack(">H", csum(h)) + h[12:] + payload


def icmp_echo(kind, ident, seq, data=b""):
    m = struct.pack(">BBHHH", kind, 0, 0, ident, seq) + data
    return m[:2] + struct.pack(">H", csum(m)) + m[4:]


def header(flags, mtu, self_=SELF, peer=PEER, ident=ID, seq=7):
    return struct.pack(">BH4s4sHH", flags, mtu - 576, self_, peer, ident, seq)


UDP_1400 = ipv4(SELF, bytes([10, 9, 0, 1]), 17, b"\xa5" * 1380)
REPLY = ipv4(PEER, SELF, 1, icmp_echo(0, ID, 7), frag=0)
SEEDS = {
    "keepalive-reply": header(0, 1400) + REPLY,
    "keepalive-request": header(0, 1400) + ipv4(SELF, PEER, 1, icmp_echo(8, ID, 7)),
    "reply-odd-data": header(ADDR_FROM_PKT, 1400) + ipv4(PEER, SELF, 1, icmp_echo(0, 9, 1, b"abc")),
    "reply-fragment": header(0, 1400) + ipv4(PEER, SELF, 1, icmp_echo(0, ID, 7), frag=0x2000),
    "udp-small": header(0, 576) + ipv4(bytes([192, 168, 1, 5]), bytes([10, 9, 0, 7]), 17, bytes(range(40))),
    "udp-mtu": header(0, 1400) + UDP_1400,
    "mtu-at-length": header(MTU_NEAR_LEN, AT) + UDP_1400,
    "mtu-below-length": header(MTU_NEAR_LEN, BELOW) + UDP_1400,
    "tcp-options": header(0, 1500) + ipv4(SELF, PEER, 6, b"\0" * 20, options=b"\x01" * 40),
    "too-big": header(0, 576) + ipv4(SELF, PEER, 17, b"\0" * 600),
    "fix-me": header(FIX_LENGTH | FIX_IP_SUM | FIX_ICMP_SUM | ADDR_FROM_PKT, 1400) +
    bytes([0x45]) + b"\0" * 8 + bytes([1]) + b"\0" * 2 + PEER + SELF + b"\0" * 8,
    "martian-dst": header(0, 1400) + ipv4(SELF, bytes([224, 0, 0, 1]), 17, b"\0" * 8),
    "ipv6": header(0, 1400) + bytes([0x60]) + b"\0" * 39,
    "short": header(0, 1400) + REPLY[:19],
}


def main():
    out = sys.argv[1]
    os.makedirs(out, exist_ok=True)
    for name, data in SEEDS.items():
        with open(os.path.join(out, name), "wb") as f:
            f.write(data)


if __name__ == "__main__":
    main()
