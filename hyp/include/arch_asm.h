/* SPDX-License-Identifier: MIT */
/* Register values the assembly needs before C runs; hyp/arch/checks.c asserts them against arch.h. */
#ifndef SHOJI_ARCH_ASM_H
#define SHOJI_ARCH_ASM_H

#define BOARD_MAX_CPUS_ASM 8
#define SCTLR_EL2_RES1_ASM 0x30c50830
/* M | C | SA | I | WXN: MMU and caches on, stack alignment checked, writable never executable. */
#define SCTLR_EL2_ON_ASM 0x8100d
/* Device-nGnRnE, Normal WBWA, Device-nGnRE at indices 0, 1, 2. */
#define MAIR_EL2_ASM 0x04ff00
/* T0SZ=25 (39-bit VA, start at level 1), WBWA inner/outer, inner shareable, 4 KiB, PS=40 bits, RES1 23/31. */
#define TCR_EL2_ASM 0x80823519

#endif /* SHOJI_ARCH_ASM_H */
