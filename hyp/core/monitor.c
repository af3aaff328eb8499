/* SPDX-License-Identifier: MIT */
/* The monitor table, printed on the console on request (escape key, then `m`). */
#include <arch.h>
#include <console_hw.h>
#include <lib.h>
#include <monitor.h>
#include <vm.h>

static const char *state_name(const struct vm *vm)
{
	switch (__atomic_load_n(&vm->state, __ATOMIC_RELAXED)) {
	case VM_RUNNING:
		return "running";
	case VM_STOPPING:
		return "stopping";
	case VM_REFUSED:
		return "refused";
	default:
		return "stopped";
	}
}

/* Verified boot's verdict (verify.c); "-" until the VM's CPU has checked it. */
static const char *boot_name(const struct vm *vm, enum vm_boot_check check)
{
	if (__atomic_load_n(&vm->state, __ATOMIC_RELAXED) == VM_REFUSED) {
		return "refused";
	}
	return check == VM_BOOT_VERIFIED ? "verified" : check == VM_BOOT_UNVERIFIED ? "UNVERIFIED" : "-";
}

/*
 * Verified boot and the measurement (its first 4 bytes; the boot log has all 32), in a
 * table of their own: the one above is what tests parse, and it is wide enough already.
 */
static void print_boot(void)
{
	log_line("%-8s %-10s %s", "VM", "BOOT", "MEASUREMENT");
	for (uint32_t i = 0; i < num_vms; i++) {
		const struct vm *vm = &vms[i];
		enum vm_boot_check check = __atomic_load_n(&vm->boot_check, __ATOMIC_ACQUIRE);
		char m[9] = "-";

		if (check != VM_BOOT_UNCHECKED) {
			fmt_hex(m, sizeof(m), vm->measurement, 4);
		}
		log_line("%-8s %-10s %s", vm->cfg->name, boot_name(vm, check), m);
	}
}

static void cpu_list(const struct vm *vm, char *buf, size_t size)
{
	size_t n = 0;

	buf[0] = '\0';
	for (uint32_t i = 0; i < vm->cfg->num_cpus && n + 1 < size; i++) {
		n += fmt_snprintf(buf + n, size - n, i == 0 ? "%u" : ",%u", vm->cfg->cpus[i]);
	}
}

static uint64_t ram_mib(const struct vm *vm)
{
	uint64_t total = 0;

	for (uint32_t i = 0; i < vm->cfg->num_ram; i++) {
		total += vm->cfg->ram[i].size;
	}
	return total >> 20;
}

void monitor_print(void)
{
	uint64_t now = read_sysreg(cntpct_el0);
	uint64_t freq = read_sysreg(cntfrq_el0);

	log_line("%-8s %-9s %-8s %-6s %8s %10s %10s %8s %8s", "VM", "TRUST", "STATE", "CPUS", "RAM", "UPTIME", "EXITS",
		 "DENIALS", "RESTARTS");
	for (uint32_t i = 0; i < num_vms; i++) {
		const struct vm *vm = &vms[i];
		uint64_t exits = 0;
		uint64_t denials = 0;
		char cpus[24];
		char uptime[24];

		for (uint32_t c = 0; c < vm->cfg->num_cpus; c++) {
			exits += vm->vcpus[c].stats.exits;
			denials += vm->vcpus[c].stats.denials;
		}
		cpu_list(vm, cpus, sizeof(cpus));
		if (vm->state == VM_RUNNING && freq != 0) {
			uint64_t ds = (now - vm->started_at) * 10 / freq;
			fmt_snprintf(uptime, sizeof(uptime), "%llu.%llus", (unsigned long long)(ds / 10),
				     (unsigned long long)(ds % 10));
		} else {
			fmt_snprintf(uptime, sizeof(uptime), "-");
		}
		log_line("%-8s %-9s %-8s %-6s %4llu MiB %10s %10llu %8llu %8llu", vm->cfg->name,
			 vm->cfg->trust == VM_TRUSTED ? "trusted" : "untrusted", state_name(vm), cpus,
			 (unsigned long long)ram_mib(vm), uptime, (unsigned long long)exits,
			 (unsigned long long)denials, (unsigned long long)vm->restarts);
	}
	print_boot();
}
