/* SPDX-License-Identifier: MIT */
/* Boot: the boot CPU sets up the machine and starts the others; every CPU then runs its vCPU or parks. */
#include <arch.h>
#include <board.h>
#include <console_hw.h>
#include <gic.h>
#include <mm.h>
#include <panic.h>
#include <pcpu.h>
#include <psci.h>
#include <selftest.h>
#include <trust.h>
#include <version.h>
#include <vm.h>

struct pcpu pcpus[BOARD_MAX_CPUS];
uint8_t panic_stacks[BOARD_MAX_CPUS][PANIC_STACK_SIZE] __attribute__((aligned(16)));

extern char secondary_entry[];

static void pcpu_setup(uint32_t index)
{
	struct pcpu *cpu = this_cpu();

	cpu->index = index;
	cpu->mpidr = read_sysreg(mpidr_el1) & MPIDR_AFF_MASK;
	cpu->stack_top = (uint64_t)(uintptr_t)__stacks_start + (uint64_t)(index + 1) * (STACK_GUARD + STACK_SIZE);
}

static void print_banner(uint64_t dtb)
{
	uint64_t image = (uint64_t)(uintptr_t)__image_start;
	uint64_t image_kib = ((uint64_t)(uintptr_t)__image_end - image) >> 10;

	log_line("Shoji %s (%s build) on %s", SHOJI_VERSION, SHOJI_BUILD_KIND, board_desc.name);
	log_line("board: %u CPUs, RAM %llu MiB at 0x%llx, GICv%d", board_desc.num_cpus,
		 (unsigned long long)(board_desc.ram_size >> 20), (unsigned long long)board_desc.ram_base.v,
		 (int)board_desc.gic_version);
	log_line("hypervisor: window %llu MiB at 0x%llx, image 0x%llx (%llu KiB), DTB at 0x%llx",
		 (unsigned long long)(board_desc.hyp_size >> 20), (unsigned long long)board_desc.hyp_base.v,
		 (unsigned long long)image, (unsigned long long)image_kib, (unsigned long long)dtb);
}

static void cpu_online(void)
{
	struct pcpu *cpu = this_cpu();

	log_line("cpu %u online (MPIDR 0x%llx)", cpu->index, (unsigned long long)cpu->mpidr);
}

/* Console input arrives as the UART's interrupt on the boot CPU. */
static void console_rx_enable(void)
{
	gic_route_spi(board_desc.uart_intid, 0);
	gic_set_enable(board_desc.uart_intid, true);
	uart_rx_irq_enable(true);
}

static void start_secondaries(void)
{
	for (uint32_t i = 1; i < board_desc.num_cpus; i++) {
		/* QEMU refuses CPU_ON targets with MPIDR bit 31 (RES1) set: pass affinity only. */
		uint64_t target = board_desc.cpu_mpidr[i] & MPIDR_AFF_MASK;
		int64_t ret = (int64_t)smc_call(PSCI_CPU_ON_64, target, (uint64_t)(uintptr_t)secondary_entry, i);
		if (ret != PSCI_RET_SUCCESS) {
			log_line("cpu %u: PSCI CPU_ON (MPIDR 0x%llx) failed: %lld", i, (unsigned long long)target,
				 (long long)ret);
		}
	}
}

void boot_primary(uint64_t dtb);
void boot_secondary(uint32_t index);

void boot_primary(uint64_t dtb)
{
	pcpu_setup(0);
	board_early_init();
	uart_init((uintptr_t)board_desc.uart_base.v);
	el2_mm_init();
	mmu_enable(el2_ttbr);
	print_banner(dtb);
	gic_init();
	gic_cpu_init();
	cpu_online();
	selftest_run();
	attest_init();
	vm_init_all();
	console_rx_enable();
	vm_start_all();
	start_secondaries();
	cpu_main();
}

void boot_secondary(uint32_t index)
{
	pcpu_setup(index);
	gic_cpu_init();
	cpu_online();
	cpu_main();
}
