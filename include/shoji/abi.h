/* SPDX-License-Identifier: MIT */
/*
 * The guest-visible ABI: hypercall function IDs and result codes. Shared by the
 * hypervisor and every guest (Linux driver, test guests). docs/abi.md is the spec.
 *
 * Hypercalls are SMCCC fast calls in the vendor-specific hypervisor service range
 * (SMCCC 1.1 §6.2: owning entity 6, "Vendor Specific Hypervisor Service").
 */
#ifndef SHOJI_ABI_H
#define SHOJI_ABI_H

#define SHOJI_ABI_MAJOR 0
#define SHOJI_ABI_MINOR 1

/* SMCCC function ID fields. */
#define SMCCC_FAST_CALL        0x80000000U
#define SMCCC_SMC64            0x40000000U
#define SMCCC_OWNER_SHIFT      24
#define SMCCC_OWNER_MASK       0x3fU
#define SMCCC_OWNER_ARCH       0U
#define SMCCC_OWNER_STD        4U
#define SMCCC_OWNER_VENDOR_HYP 6U
#define SMCCC_FUNC_MASK        0xffffU

#define SHOJI_HVC(n) (SMCCC_FAST_CALL | SMCCC_SMC64 | (SMCCC_OWNER_VENDOR_HYP << SMCCC_OWNER_SHIFT) | (n))

/*
 * SHOJI_HVC_VERSION: returns x0 = (major << 16) | minor, x1 = caller's VM id,
 * x2 = caller's trust (0 untrusted, 1 trusted), x3 = caller's vCPU index.
 */
#define SHOJI_HVC_VERSION SHOJI_HVC(0x0)

/*
 * SHOJI_HVC_CHANNEL_NOTIFY(x1 = channel index): rings the doorbell (a virtual SPI)
 * of the other VM on that channel. The index is the system-wide one the device
 * tree gives ("shoji,channel"); the caller must be one of the channel's two ends.
 * Returns SHOJI_OK, SMCCC_RET_INVALID_PARAMETER (no such channel, not the
 * caller's, stray high bits), SHOJI_RET_PEER_DOWN (the peer is not running) or
 * SHOJI_RET_RATE_LIMITED (this end's budget is spent: nothing was rung; retry
 * later). A doorbell already pending in the peer is not rung again.
 */
#define SHOJI_HVC_CHANNEL_NOTIFY SHOJI_HVC(0x1)

/* Trust calls: include/shoji/attest.h has their registers and formats. */
#define SHOJI_HVC_ATTEST     SHOJI_HVC(0x2)
#define SHOJI_HVC_KEY_DERIVE SHOJI_HVC(0x3)

/* Results in x0 (SMCCC: negative values are errors). */
#define SHOJI_OK                    0
#define SMCCC_RET_NOT_SUPPORTED     (-1)
#define SMCCC_RET_NOT_REQUIRED      (-2)
#define SMCCC_RET_INVALID_PARAMETER (-3)
/* Shoji's own results (SMCCC leaves other negative values to each function). */
#define SHOJI_RET_PEER_DOWN    (-4)
#define SHOJI_RET_RATE_LIMITED (-5)
#define SHOJI_RET_BUSY         (-6) /* the hypervisor's crypto is in use by another CPU: retry */

#endif /* SHOJI_ABI_H */
