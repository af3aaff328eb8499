/* SPDX-License-Identifier: MIT */
/*
 * Self-test faults for the integration tests: each proves a protection is real
 * by violating it at EL2 and letting the panic path report it. Built only when
 * SHOJI_SELFTEST names one; a normal build runs none.
 */
#include <asm_offsets.h>
#include <console_hw.h>
#include <mm.h>
#include <selftest.h>

#ifdef SHOJI_SELFTEST

static void __attribute__((noinline)) touch_unmapped(void)
{
	/* The guard page under CPU 0's stack is never mapped. */
	volatile uint64_t *p = (volatile uint64_t *)(uintptr_t)__stacks_start;
	log_line("selftest: reading unmapped address 0x%llx", (unsigned long long)(uintptr_t)p);
	(void)*p;
}

static void __attribute__((noinline)) write_text(void)
{
	volatile uint32_t *p = (volatile uint32_t *)(uintptr_t)__text_start;
	log_line("selftest: writing hypervisor code at 0x%llx", (unsigned long long)(uintptr_t)p);
	*p = 0xd503201fU; /* NOP: harmless if W^X were broken, but the write must fault */
	log_line("selftest: write to code succeeded: W^X is broken");
}

static void __attribute__((noinline)) exec_data(void)
{
	static uint32_t ret_insn = 0xd65f03c0U; /* RET, in RW+XN data */
	void (*fn)(void) = (void (*)(void))(uintptr_t)&ret_insn;
	log_line("selftest: executing data at 0x%llx", (unsigned long long)(uintptr_t)&ret_insn);
	fn();
	log_line("selftest: data executed: W^X is broken");
}

static volatile uint64_t recursion_sink;
static volatile uint64_t recursion_limit = ~ULL(0);

/* Bounded only by a limit the compiler cannot see through; the guard page stops it first. */
static uint64_t __attribute__((noinline)) recurse(uint64_t depth)
{
	volatile uint8_t frame[512];
	frame[0] = (uint8_t)depth;
	if (depth < recursion_limit) {
		recursion_sink += recurse(depth + 1) + frame[0];
	}
	return recursion_sink;
}

static void stack_overflow(void)
{
	log_line("selftest: recursing until the stack overflows");
	(void)recurse(0);
}

void selftest_run(void)
{
	const char *name = SHOJI_SELFTEST;

	if (name[0] == 'u') {
		touch_unmapped();
	} else if (name[0] == 'w') {
		write_text();
	} else if (name[0] == 'x') {
		exec_data();
	} else if (name[0] == 's') {
		stack_overflow();
	}
	log_line("selftest: '%s' did not fault", name);
}

#else

void selftest_run(void)
{
}

#endif
