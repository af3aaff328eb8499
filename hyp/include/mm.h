/* SPDX-License-Identifier: MIT */
/* The hypervisor's own address space (EL2 stage 1, identity-mapped). */
#ifndef SHOJI_MM_H
#define SHOJI_MM_H

#include <shoji/types.h>

/* Sections of the hypervisor image, from the linker script. */
extern char __image_start[], __text_start[], __text_end[], __rodata_start[], __rodata_end[];
extern char __data_start[], __stacks_start[], __stacks_end[], __image_end[];

/* Root table for TTBR0_EL2; secondaries read it in head.S. */
extern uint64_t el2_ttbr;

/* Builds the EL2 tables (boot CPU, MMU off). */
void el2_mm_init(void);

/* hyp/arch/head.S */
void mmu_enable(uint64_t ttbr);

/* Cache maintenance by VA to the point of coherency (Arm ARM D7.5). */
void dcache_clean_inval_range(uintptr_t start, size_t size);
void dcache_inval_range(uintptr_t start, size_t size);

#endif /* SHOJI_MM_H */
