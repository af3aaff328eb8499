/* SPDX-License-Identifier: MIT */
/* Data-cache maintenance by address range (Arm ARM D7.5.9), line size from CTR_EL0. */
#include <arch.h>
#include <mm.h>

static size_t dcache_line(void)
{
	uint64_t ctr = read_sysreg(ctr_el0);
	return (size_t)4 << ((ctr >> 16) & 0xf);
}

void dcache_clean_inval_range(uintptr_t start, size_t size)
{
	size_t line = dcache_line();

	for (uintptr_t p = start & ~(line - 1); p < start + size; p += line) {
		__asm__ volatile("dc civac, %0" : : "r"(p) : "memory");
	}
	dsb(sy);
}

void dcache_inval_range(uintptr_t start, size_t size)
{
	size_t line = dcache_line();

	for (uintptr_t p = start & ~(line - 1); p < start + size; p += line) {
		__asm__ volatile("dc ivac, %0" : : "r"(p) : "memory");
	}
	dsb(sy);
}
