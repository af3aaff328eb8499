/* SPDX-License-Identifier: MIT */
/* Build-time checks that the constants assembly uses agree with the C definitions. */
#include <arch.h>
#include <arch_asm.h>
#include <board.h>
#include <pt.h>

_Static_assert(BOARD_MAX_CPUS_ASM == BOARD_MAX_CPUS, "head.S bounds the CPU index");
_Static_assert(SCTLR_EL2_RES1_ASM == SCTLR_EL2_RES1, "SCTLR_EL2 RES1 bits");
_Static_assert(SCTLR_EL2_ON_ASM == (SCTLR_M | SCTLR_C | SCTLR_SA | SCTLR_I | SCTLR_WXN), "SCTLR_EL2 on bits");
_Static_assert(MAIR_EL2_ASM == MAIR_EL2_VALUE, "MAIR_EL2 attribute indices");
