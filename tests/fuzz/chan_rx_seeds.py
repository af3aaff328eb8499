#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""Writes the seed corpus of tests/fuzz/fuzz_chan_rx.c: a few op programs that bring
the link up and then do what a hostile peer or a restart does. Usage: chan_rx_seeds.py DIR."""
import os
import struct
import sys

# The op numbers of enum op in fuzz_chan_rx.c.
(PEER_CTRL, PEER_PROD, PEER_CONS, PEER_LEN, OWN_CTRL, ZERO, POLL, XMIT, TICK, IFDOWN_UP,
 PEER_POLL, PEER_XMIT, PEER_REATTACH) = range(13)


def u32(v):
    return struct.pack(">I", v)


UP = bytes([TICK, PEER_POLL, TICK, PEER_POLL])
TRAFFIC = bytes([XMIT, 4, XMIT, 0x85, XMIT, 6, PEER_POLL, PEER_XMIT, PEER_XMIT, POLL, 64])

SEEDS = {
    "traffic": UP + TRAFFIC * 4,
    "full-ring": UP + bytes([XMIT, 0x84]) * 130 + bytes([XMIT, 4, PEER_POLL, POLL, 64]),
    "garbage-prod": UP + TRAFFIC + bytes([PEER_CTRL, 3]) + u32(0x7fffff00) + bytes([POLL, 64, TICK, PEER_POLL]),
    "prod-step": UP + bytes([PEER_PROD, 129, POLL, 64, PEER_PROD, 5, POLL, 64]),
    "bad-cons": UP + TRAFFIC + bytes([PEER_CONS, 0x90, POLL, 8, XMIT, 4]),
    "bad-len": UP + bytes([PEER_XMIT, PEER_LEN, 0, 0, PEER_XMIT, PEER_LEN, 1, 18, POLL, 64]),
    "own-zeroed": UP + TRAFFIC + bytes([OWN_CTRL, 0]) + u32(0) + bytes([TICK, PEER_POLL, TICK]),
    "restart": UP + TRAFFIC + bytes([ZERO, TICK, PEER_POLL, TICK, PEER_POLL]) + TRAFFIC,
    "reattach": UP + TRAFFIC + bytes([PEER_REATTACH]) + u32(0x1234) + bytes([POLL, 64]) + UP + TRAFFIC,
    "ifdown": UP + bytes([IFDOWN_UP, IFDOWN_UP]) + u32(99) + UP + TRAFFIC,
    "epoch-change": UP + bytes([PEER_CTRL, 1]) + u32(0x4242) + bytes([TICK, POLL, 64]),
}


def main():
    out = sys.argv[1]
    os.makedirs(out, exist_ok=True)
    for name, data in SEEDS.items():
        with open(os.path.join(out, name), "wb") as f:
            f.write(data)


if __name__ == "__main__":
    main()
