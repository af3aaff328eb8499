/* SPDX-License-Identifier: MIT */
/*
 * What one test-guest build is (name, RAM, stacks) and the few CPU helpers every
 * file shares. Included by C, assembly and the linker script.
 */
#ifndef SHOJI_GUEST_H
#define SHOJI_GUEST_H

#include "layout.h"

/* The Makefile says which VM this build is for; its RAM comes from the system's layout.h. */
#if defined(GUEST_VM_vpn)
#define GUEST_RAM_BASE TP_VPN_RAM_IPA
#define GUEST_RAM_SIZE TP_VPN_RAM_SIZE
#elif defined(GUEST_VM_apps)
#define GUEST_RAM_BASE TP_APPS_RAM_IPA
#define GUEST_RAM_SIZE TP_APPS_RAM_SIZE
#else
#error "build with GUEST_VM_vpn or GUEST_VM_apps"
#endif

/* UART=<hex> on the make line moves the console, for runs on bare QEMU (its PL011 is elsewhere). */
#if defined(GUEST_UART_OVERRIDE)
#define GUEST_UART_BASE GUEST_UART_OVERRIDE
#else
#define GUEST_UART_BASE TP_VUART_IPA
#endif

/* `mark`/`check` own the top MiB of RAM; the image, bss and stacks must stay below it. */
#define GUEST_MARK_SIZE 0x00100000

/* Secondary stacks are indexed by MPIDR.Aff0; a CPU beyond this parks without one. */
#define GUEST_MAX_CPUS             8
#define GUEST_STACK_SIZE           0x4000
#define GUEST_SECONDARY_STACK_SIZE 0x1000

/* The 8 bytes at image offset 8, checked by check-image.sh. */
#define GUEST_MAGIC "shojitg1"

#if !defined(__ASSEMBLY__)
#include <shoji/types.h>

_Static_assert(GUEST_LOAD == GUEST_RAM_BASE, "LOAD from the Makefile disagrees with layout.h");

/* One inline accessor per system register, so inline asm lives in a single place. */
#define DEFINE_SYSREG_READ(reg)                              \
	static inline uint64_t read_##reg(void)              \
	{                                                    \
		uint64_t v;                                  \
		__asm__ volatile("mrs %0, " #reg : "=r"(v)); \
		return v;                                    \
	}

#define DEFINE_SYSREG_WRITE(reg)                                            \
	static inline void write_##reg(uint64_t v)                          \
	{                                                                   \
		__asm__ volatile("msr " #reg ", %0" : : "r"(v) : "memory"); \
	}

DEFINE_SYSREG_READ(mpidr_el1)
DEFINE_SYSREG_READ(currentel)
DEFINE_SYSREG_READ(cntvct_el0)
DEFINE_SYSREG_READ(cntfrq_el0)
/* Virtual timer (Arm ARM D11.2.4): the only timer a guest gets. */
DEFINE_SYSREG_READ(cntv_ctl_el0)
DEFINE_SYSREG_WRITE(cntv_ctl_el0)
DEFINE_SYSREG_READ(cntv_cval_el0)
DEFINE_SYSREG_WRITE(cntv_cval_el0)

#define MPIDR_AFF0_MASK ULL(0xff)

static inline uint32_t mmio_read32(uint64_t addr)
{
	return *(volatile uint32_t *)(uintptr_t)addr;
}

static inline void mmio_write32(uint64_t addr, uint32_t val)
{
	*(volatile uint32_t *)(uintptr_t)addr = val;
}

/* Orders our plain stores against another CPU's loads (memory is Device with the MMU off, still say it). */
static inline void dmb_sy(void)
{
	__asm__ volatile("dmb sy" : : : "memory");
}

static inline void isb(void)
{
	__asm__ volatile("isb" : : : "memory");
}

static inline void wfi(void)
{
	__asm__ volatile("wfi" : : : "memory");
}

/* PSTATE.I: IRQs are taken only between irq_unmask() and irq_mask() (irq.h says when). */
static inline void irq_unmask(void)
{
	__asm__ volatile("msr daifclr, #2\n\tisb" : : : "memory");
}

static inline void irq_mask(void)
{
	__asm__ volatile("msr daifset, #2" : : : "memory");
}

/* The vCPU index: Aff0 (Shoji's VMPIDR and QEMU virt both number CPUs there). */
static inline uint64_t this_cpu(void)
{
	return read_mpidr_el1() & MPIDR_AFF0_MASK;
}

/* Never returns: a parked CPU only wakes for interrupts, which stay masked. */
__attribute__((noreturn)) void park(void);

/* lib.c: what gcc may call on its own in freestanding code. */
void *memset(void *dst, int c, size_t n);
void *memcpy(void *dst, const void *src, size_t n);
bool streq(const char *a, const char *b);
/* Ascending, in place. */
void sort_u32(uint32_t *a, uint32_t n);

/* main.c: MPIDR of the CPU that booted the image; only it runs probes. */
extern uint64_t guest_boot_mpidr;

#endif /* !__ASSEMBLY__ */

#endif /* SHOJI_GUEST_H */
