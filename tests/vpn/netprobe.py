#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""Network probes for the VPN tests, run inside a namespace (ip netns exec NS python3 netprobe.py ...).

The host has no ping(8) and may lack curl, so these are the standard library's. Each verb
prints one JSON object on stdout and exits 0 (its "error" field says what failed):

    netprobe.py ping ADDR [--count N] [--wait S] [--interval S] [--size BYTES]
        {"sent": N, "received": N, "rtt_ms": [...], "error": null or "Network is unreachable"...}
    netprobe.py fetch URL [--count N] [--timeout S]
        {"bytes": N (per fetch), "sha256": "...", "seconds": total, "fetches": N, "error": null}
"""
import argparse
import hashlib
import json
import os
import select
import socket
import struct
import sys
import time
import urllib.request

ICMP_ECHO_REQUEST = 8
ICMP_ECHO_REPLY = 0


def checksum(data):
    if len(data) % 2:
        data += b"\0"
    s = sum(struct.unpack("!%dH" % (len(data) // 2), data))
    while s >> 16:
        s = (s & 0xFFFF) + (s >> 16)
    return ~s & 0xFFFF


def echo_request(ident, seq, size):
    body = bytes((seq + i) & 0xFF for i in range(size))
    head = struct.pack("!BBHHH", ICMP_ECHO_REQUEST, 0, 0, ident, seq)
    return struct.pack("!BBHHH", ICMP_ECHO_REQUEST, 0, checksum(head + body), ident, seq) + body


def wait_reply(sock, ident, seq, deadline):
    """The reply to (ident, seq) before deadline: its arrival time, or None."""
    while True:
        left = deadline - time.monotonic()
        if left <= 0:
            return None
        ready, _, _ = select.select([sock], [], [], left)
        if not ready:
            return None
        data = sock.recv(65535)
        ihl = (data[0] & 0x0F) * 4
        icmp = data[ihl:ihl + 8]
        if len(icmp) == 8:
            typ, _, _, rid, rseq = struct.unpack("!BBHHH", icmp)
            if typ == ICMP_ECHO_REPLY and rid == ident and rseq == seq:
                return time.monotonic()


def ping(args):
    out = {"sent": 0, "received": 0, "rtt_ms": [], "error": None}
    ident = os.getpid() & 0xFFFF
    with socket.socket(socket.AF_INET, socket.SOCK_RAW, socket.IPPROTO_ICMP) as sock:
        for seq in range(1, args.count + 1):
            start = time.monotonic()
            try:
                sock.sendto(echo_request(ident, seq, args.size), (args.addr, 0))
            except OSError as e:
                out["error"] = e.strerror
                break
            out["sent"] += 1
            got = wait_reply(sock, ident, seq, start + args.wait)
            if got is not None:
                out["received"] += 1
                out["rtt_ms"].append(round((got - start) * 1000, 3))
            if seq < args.count:
                time.sleep(max(0.0, args.interval - (time.monotonic() - start)))
    return out


def fetch(args):
    out = {"bytes": 0, "sha256": None, "seconds": 0.0, "fetches": 0, "error": None}
    start = time.monotonic()
    try:
        for _ in range(args.count):
            with urllib.request.urlopen(args.url, timeout=args.timeout) as r:
                data = r.read()
            out["bytes"] = len(data)
            out["sha256"] = hashlib.sha256(data).hexdigest()
            out["fetches"] += 1
    except OSError as e:
        out["error"] = str(e)
    out["seconds"] = round(time.monotonic() - start, 4)
    return out


def main():
    ap = argparse.ArgumentParser()
    sub = ap.add_subparsers(dest="verb", required=True)
    p = sub.add_parser("ping")
    p.add_argument("addr")
    p.add_argument("--count", type=int, default=3)
    p.add_argument("--wait", type=float, default=1.0, help="seconds to wait for each reply")
    p.add_argument("--interval", type=float, default=0.2)
    p.add_argument("--size", type=int, default=56, help="payload bytes")
    p = sub.add_parser("fetch")
    p.add_argument("url")
    p.add_argument("--count", type=int, default=1)
    p.add_argument("--timeout", type=float, default=10.0)
    args = ap.parse_args()
    print(json.dumps(ping(args) if args.verb == "ping" else fetch(args)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
