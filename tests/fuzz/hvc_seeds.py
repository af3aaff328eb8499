#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""Seed inputs for fuzz_hvc.c: one call of each kind from each vCPU, good and bad buffers.

Each call is a selector byte (bits 0-1 the vCPU, 2-3 the function, 0x10 stray high
bits, 0x20 a small size, 0x40 an address near a boundary, 0x80 a raw x0) followed by
the 64-bit registers it takes, little-endian (fuzz_hvc.c, one_call).
"""
import os
import struct
import sys

VPN_IPA, APPS0_IPA = 0x50000000, 0x80000000


def call(vcpu, fn, x1, x2, rest=(0, 0, 0, 0)):
    return bytes([vcpu | (fn << 2)]) + struct.pack("<6Q", x1, x2, *rest)


seeds = {
    "version": call(0, 0, 0, 0) + call(1, 0, 0, 0),
    "notify": call(1, 1, 0, 0) + call(0, 1, 1 << 32, 0),
    "attest_vpn": call(0, 2, VPN_IPA, 208, (1, 2, 3, 4)),
    "attest_apps_seam": call(1, 2, APPS0_IPA + 0x2000 - 104, 208) + call(2, 2, APPS0_IPA + 0x2000 - 208, 208),
    "key_derive": call(0, 3, VPN_IPA + 8, 32, (0x79656b2d646e7076, 0, 0, 0)) + call(1, 3, APPS0_IPA, 31),
    "unaligned": call(0, 2, VPN_IPA + 4, 208) + call(2, 3, APPS0_IPA + 1, 64),
}
out = sys.argv[1]
os.makedirs(out, exist_ok=True)
for name, data in seeds.items():
    with open(os.path.join(out, name), "wb") as f:
        f.write(data)
