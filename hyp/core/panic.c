/* SPDX-License-Identifier: MIT */
/* The panic path: dump what happened at EL2, stop every other CPU, halt. Never a silent hang. */
#include <arch.h>
#include <asm_offsets.h>
#include <board.h>
#include <console_hw.h>
#include <gic.h>
#include <lib.h>
#include <panic.h>
#include <pcpu.h>
#include <psci.h>
#include <trap.h>

extern char __stacks_start[];

static uint32_t panicking;

bool system_panicking(void)
{
	return __atomic_load_n(&panicking, __ATOMIC_RELAXED) != 0;
}

void cpu_stop(void)
{
	/* With Group 1 off at this CPU interface nothing can wake the WFI below. */
	write_sysreg(icc_igrpen1_el1, 0);
	isb();
	smc_call(PSCI_CPU_OFF, 0, 0, 0);
	for (;;) {
		wfi();
	}
}

static void stop_others(void)
{
	__atomic_store_n(&panicking, 1U, __ATOMIC_RELEASE);
	if (gic_ready()) {
		gic_send_sgi_others(SGI_STOP);
	}
}

/* Returns true (and the CPU) when addr is in the guard page under a CPU's stack. */
static bool in_stack_guard(uint64_t addr, uint32_t *cpu)
{
	uint64_t base = (uint64_t)(uintptr_t)__stacks_start;

	for (uint32_t i = 0; i < BOARD_MAX_CPUS; i++) {
		uint64_t guard = base + (uint64_t)i * (STACK_SIZE + STACK_GUARD);
		if (addr >= guard && addr < guard + STACK_GUARD) {
			*cpu = i;
			return true;
		}
	}
	return false;
}

static bool enter_panic(void)
{
	struct pcpu *cpu = this_cpu();

	if (cpu->in_panic) {
		log_panic_line("PANIC: cpu %u: fault inside the panic path; halting", cpu->index);
		return false;
	}
	cpu->in_panic = 1;
	return true;
}

void panic(const char *fmt, ...)
{
	char msg[160];
	va_list ap;

	if (!enter_panic()) {
		cpu_stop();
	}
	va_start(ap, fmt);
	fmt_vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	log_panic_line("PANIC: cpu %u: %s", this_cpu()->index, msg);
	stop_others();
	log_panic_line("PANIC: cpu %u: system halted", this_cpu()->index);
	cpu_stop();
}

static const char *const kind_names[] = {"synchronous", "IRQ", "FIQ", "SError"};

static void dump_registers(const struct trap_frame *f)
{
	for (unsigned int i = 0; i < 31; i += 3) {
		if (i + 2 < 31) {
			log_panic_line("  x%-2u %016llx  x%-2u %016llx  x%-2u %016llx", i, (unsigned long long)f->x[i],
				       i + 1, (unsigned long long)f->x[i + 1], i + 2, (unsigned long long)f->x[i + 2]);
		} else {
			log_panic_line("  x%-2u %016llx", i, (unsigned long long)f->x[i]);
		}
	}
}

void panic_exception(struct trap_frame *f, uint64_t kind)
{
	uint64_t esr = read_sysreg(esr_el2);
	uint64_t far = read_sysreg(far_el2);
	uint64_t ec = ESR_EC(esr);
	uint32_t me = this_cpu()->index;
	uint32_t owner;

	if (!enter_panic()) {
		cpu_stop();
	}
	log_panic_line("PANIC: cpu %u: unexpected %s exception at EL2", me, kind_names[kind & 3]);
	log_panic_line("  EC 0x%02llx (%s)", (unsigned long long)ec, esr_class_name(ec));
	log_panic_line("  ESR %016llx  FAR %016llx", (unsigned long long)esr, (unsigned long long)far);
	log_panic_line("  ELR %016llx  SPSR %016llx  SP %016llx", (unsigned long long)f->elr,
		       (unsigned long long)f->spsr, (unsigned long long)f->sp);
	if ((ec == EC_DABT_CUR || ec == EC_SP_ALIGN) && in_stack_guard(far, &owner)) {
		log_panic_line("  FAR is in the guard page below cpu %u's stack (a stack overflow?)", owner);
	}
	dump_registers(f);
	stop_others();
	log_panic_line("PANIC: cpu %u: system halted", me);
	cpu_stop();
}
