// SPDX-License-Identifier: MIT
/*
 * Unit tests for the guest call dispatchers: PSCI/SMCCC over SMC (hyp/core/vpsci.c)
 * and Shoji's hypercalls over HVC (hyp/core/hvc.c), against a hand-built VM and
 * the recording fakes in tests/unit/fake_vm.c. Function IDs and return codes are
 * written out from PSCI (Arm DEN 0022D) and SMCCC (Arm DEN 0028), not taken from
 * the code under test.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include <fake_vm.h>
#include <guest_calls.h>
#include <shoji/abi.h>

/* PSCI function IDs (DEN 0022D §5.1) and return codes (§5.2.2). */
#define F_PSCI_VERSION              0x84000000U
#define F_CPU_SUSPEND32             0x84000001U
#define F_CPU_OFF                   0x84000002U
#define F_CPU_ON32                  0x84000003U
#define F_AFFINITY_INFO32           0x84000004U
#define F_MIGRATE32                 0x84000005U
#define F_MIGRATE_INFO_TYPE         0x84000006U
#define F_MIGRATE_INFO_UP_CPU32     0x84000007U
#define F_SYSTEM_OFF                0x84000008U
#define F_SYSTEM_RESET              0x84000009U
#define F_PSCI_FEATURES             0x8400000aU
#define F_CPU_FREEZE                0x8400000bU
#define F_CPU_DEFAULT_SUSPEND32     0x8400000cU
#define F_NODE_HW_STATE32           0x8400000dU
#define F_SYSTEM_SUSPEND32          0x8400000eU
#define F_PSCI_SET_SUSPEND_MODE     0x8400000fU
#define F_PSCI_STAT_RESIDENCY32     0x84000010U
#define F_PSCI_STAT_COUNT32         0x84000011U
#define F_SYSTEM_RESET2_32          0x84000012U
#define F_MEM_PROTECT               0x84000013U
#define F_MEM_PROTECT_CHECK_RANGE32 0x84000014U
#define F_CPU_SUSPEND64             0xc4000001U
#define F_CPU_ON64                  0xc4000003U
#define F_AFFINITY_INFO64           0xc4000004U
#define F_MIGRATE64                 0xc4000005U
#define F_SYSTEM_SUSPEND64          0xc400000eU
#define F_SYSTEM_RESET2_64          0xc4000012U
#define F_SMCCC_VERSION             0x80000000U
#define F_SMCCC_ARCH_FEATURES       0x80000001U
#define F_ARCH_SOC_ID               0x80000002U
#define F_ARCH_WORKAROUND_1         0x80008000U
#define F_ARCH_WORKAROUND_2         0x80007fffU
#define F_ARCH_WORKAROUND_3         0x80003fffU

#define R_SUCCESS         0
#define R_NOT_SUPPORTED   (-1)
#define R_INVALID_PARAMS  (-2)
#define R_DENIED          (-3)
#define R_ALREADY_ON      (-4)
#define R_ON_PENDING      (-5)
#define R_INVALID_ADDRESS (-9)
#define V_1_1             0x10001
#define AFF_ON            0
#define AFF_OFF           1
#define AFF_ON_PENDING    2

/* Shoji's HVC range: SMCCC fast call, SMC64, owner 6 (vendor hypervisor service), function in [15:0]. */
#define H_VERSION 0xc6000000U

/* Sentinels in the result registers a call must leave alone. */
#define X1 0x1111111111111111ULL
#define X2 0x2222222222222222ULL
#define X3 0x3333333333333333ULL

/* ---- a VM built by hand: three vCPUs, two RAM regions ---- */

#define RAM0     0x40000000ULL
#define RAM0_END (RAM0 + MIB(64))
#define RAM1     0x50000000ULL
#define RAM1_END (RAM1 + MIB(16))

static const uint32_t apps_cpus[] = {1, 2, 3};
static const struct vm_ram apps_ram[] = {
	{PA_INIT(0x88000000), IPA_INIT(RAM0), MIB(64)},
	{PA_INIT(0x8c000000), IPA_INIT(RAM1), MIB(16)},
};
static const struct vm_config apps_cfg = {
	.name = "apps",
	.trust = VM_UNTRUSTED,
	.cpus = apps_cpus,
	.num_cpus = ARRAY_SIZE(apps_cpus),
	.ram = apps_ram,
	.num_ram = ARRAY_SIZE(apps_ram),
};
static const uint32_t vpn_cpus[] = {0};
static const struct vm_ram vpn_ram[] = {{PA_INIT(0x80000000), IPA_INIT(RAM0), MIB(32)}};
static const struct vm_config vpn_cfg = {
	.name = "vpn",
	.trust = VM_TRUSTED,
	.cpus = vpn_cpus,
	.num_cpus = ARRAY_SIZE(vpn_cpus),
	.ram = vpn_ram,
	.num_ram = ARRAY_SIZE(vpn_ram),
};

static struct vm apps, vpn;
static struct vm apps_before; /* a snapshot, to prove that nothing changed */
static struct trap_frame frame;

static void vm_build(struct vm *vm, const struct vm_config *cfg, uint32_t id)
{
	memset(vm, 0, sizeof(*vm));
	vm->cfg = cfg;
	vm->id = id;
	vm->state = VM_RUNNING;
	for (uint32_t i = 0; i < cfg->num_cpus; i++) {
		vm->vcpus[i].vm = vm;
		vm->vcpus[i].index = i;
		vm->vcpus[i].pcpu = cfg->cpus[i];
		vm->vcpus[i].state = VCPU_OFF;
	}
	/* The boot vCPU runs and is the caller unless a test says otherwise. */
	vm->vcpus[0].state = VCPU_ON;
	vm->vcpus[0].entry = RAM0;
	vm->active_vcpus = 1;
}

static int setup(void **state)
{
	(void)state;
	fake_vm_reset();
	vm_build(&apps, &apps_cfg, 1);
	vm_build(&vpn, &vpn_cfg, 0);
	memset(&frame, 0, sizeof(frame));
	for (unsigned int i = 0; i < 31; i++) {
		frame.x[i] = 0xf0f0f0f000000000ULL | i;
	}
	frame.elr = 0x40081234;
	frame.spsr = 0x3c5;
	return 0;
}

static void snapshot(void)
{
	apps_before = apps;
}

/* Nothing of the VM changed but its lock's ticket counters (a ticket lock's word moves on with every use). */
static void assert_apps_unchanged(void)
{
	assert_false(spin_is_locked(&apps.lock));
	apps_before.lock = apps.lock;
	apps_before.uart_lock = apps.uart_lock;
	apps_before.vgic.lock = apps.vgic.lock;
	assert_memory_equal(&apps, &apps_before, sizeof(apps));
}

static struct trap_frame *call(uint64_t x0, uint64_t x1, uint64_t x2, uint64_t x3)
{
	frame.x[0] = x0;
	frame.x[1] = x1;
	frame.x[2] = x2;
	frame.x[3] = x3;
	return &frame;
}

static int64_t smc(struct vcpu *v, uint64_t x0, uint64_t x1, uint64_t x2, uint64_t x3)
{
	smc_dispatch(v, call(x0, x1, x2, x3));
	assert_false(spin_is_locked(&apps.lock)); /* every path drops the VM lock */
	return (int64_t)frame.x[0];
}

static int64_t hvc(struct vcpu *v, uint64_t x0)
{
	hvc_dispatch(v, call(x0, X1, X2, X3));
	return (int64_t)frame.x[0];
}

/* An SMC that must not return to the guest: true if the vCPU left (vcpu_leave longjmped back here). */
static bool smc_leaves(struct vcpu *v, uint64_t x0)
{
	jmp_buf jb;

	call(x0, X1, X2, X3);
	if (setjmp(jb) == 0) {
		fake_vcpu_leave_jmp = &jb;
		smc_dispatch(v, &frame);
		fake_vcpu_leave_jmp = NULL;
		return false;
	}
	fake_vcpu_leave_jmp = NULL;
	return true;
}

/*
 * A refused call: x0 is NOT_SUPPORTED, every other register of the frame as it
 * was, the VM untouched, and none of the VM core's functions called.
 */
static void assert_smc_refused(struct vcpu *v, uint64_t x0)
{
	struct trap_frame before;

	fake_vm_reset();
	snapshot();
	call(x0, X1, X2, X3);
	before = frame;
	smc_dispatch(v, &frame);
	if ((int64_t)frame.x[0] != R_NOT_SUPPORTED) {
		fail_msg("SMC x0 = %#llx: returned %lld, expected NOT_SUPPORTED", (unsigned long long)x0,
			 (long long)frame.x[0]);
	}
	before.x[0] = frame.x[0];
	assert_memory_equal(&frame, &before, sizeof(frame));
	assert_int_equal(fake_vm.n, 0);
	assert_apps_unchanged();
}

static void assert_hvc_refused(struct vcpu *v, uint64_t x0)
{
	struct trap_frame before;

	fake_vm_reset();
	snapshot();
	call(x0, X1, X2, X3);
	before = frame;
	hvc_dispatch(v, &frame);
	if ((int64_t)frame.x[0] != R_NOT_SUPPORTED) {
		fail_msg("HVC x0 = %#llx: returned %lld, expected NOT_SUPPORTED", (unsigned long long)x0,
			 (long long)frame.x[0]);
	}
	before.x[0] = frame.x[0];
	assert_memory_equal(&frame, &before, sizeof(frame));
	assert_int_equal(fake_vm.n, 0);
	assert_apps_unchanged();
}

#define BOOT (&apps.vcpus[0])

/* ---- versions and discovery ---- */

static void psci_version_is_1_1(void **state)
{
	(void)state;
	assert_int_equal(smc(BOOT, F_PSCI_VERSION, X1, X2, X3), V_1_1);
}

static void smccc_version_is_1_1(void **state)
{
	(void)state;
	assert_int_equal(smc(BOOT, F_SMCCC_VERSION, X1, X2, X3), V_1_1);
}

static void psci_features_lists_what_is_implemented(void **state)
{
	(void)state;
	static const uint32_t supported[] = {
		F_PSCI_VERSION,    F_CPU_OFF,         F_CPU_ON32,          F_CPU_ON64,
		F_AFFINITY_INFO32, F_AFFINITY_INFO64, F_MIGRATE_INFO_TYPE, F_SYSTEM_OFF,
		F_SYSTEM_RESET,    F_PSCI_FEATURES,   F_SMCCC_VERSION,
	};
	static const uint32_t unsupported[] = {
		F_CPU_SUSPEND32,
		F_CPU_SUSPEND64,
		F_MIGRATE32,
		F_MIGRATE64,
		F_MIGRATE_INFO_UP_CPU32,
		F_CPU_FREEZE,
		F_CPU_DEFAULT_SUSPEND32,
		F_NODE_HW_STATE32,
		F_SYSTEM_SUSPEND32,
		F_SYSTEM_SUSPEND64,
		F_PSCI_SET_SUSPEND_MODE,
		F_PSCI_STAT_RESIDENCY32,
		F_PSCI_STAT_COUNT32,
		F_SYSTEM_RESET2_32,
		F_SYSTEM_RESET2_64,
		F_MEM_PROTECT,
		F_MEM_PROTECT_CHECK_RANGE32,
		/* Not PSCI functions: PSCI_FEATURES answers only for PSCI and SMCCC_VERSION (DEN 0022D §5.1.14). */
		F_SMCCC_ARCH_FEATURES,
		F_ARCH_WORKAROUND_1,
		H_VERSION,
		0,
		0xffffffffU,
	};

	for (size_t i = 0; i < ARRAY_SIZE(supported); i++) {
		int64_t r = smc(BOOT, F_PSCI_FEATURES, supported[i], X2, X3);
		if (r != R_SUCCESS) {
			fail_msg("PSCI_FEATURES(%#x) = %lld, expected SUCCESS", supported[i], (long long)r);
		}
	}
	for (size_t i = 0; i < ARRAY_SIZE(unsupported); i++) {
		int64_t r = smc(BOOT, F_PSCI_FEATURES, unsupported[i], X2, X3);
		if (r != R_NOT_SUPPORTED) {
			fail_msg("PSCI_FEATURES(%#x) = %lld, expected NOT_SUPPORTED", unsupported[i], (long long)r);
		}
	}
	/* PSCI_FEATURES is an SMC32 call: only W1 is the argument (SMCCC 1.1 §3.1). */
	assert_int_equal(smc(BOOT, F_PSCI_FEATURES, 0xffffffff00000000ULL | F_CPU_ON64, X2, X3), R_SUCCESS);
	assert_int_equal(smc(BOOT, F_PSCI_FEATURES, 0xffffffff00000000ULL | F_CPU_SUSPEND32, X2, X3), R_NOT_SUPPORTED);
	assert_int_equal(fake_vm.n, 0);
}

static void smccc_arch_features_reports_no_workarounds(void **state)
{
	(void)state;
	assert_int_equal(smc(BOOT, F_SMCCC_ARCH_FEATURES, F_ARCH_WORKAROUND_1, X2, X3), R_NOT_SUPPORTED);
	assert_int_equal(smc(BOOT, F_SMCCC_ARCH_FEATURES, F_ARCH_WORKAROUND_2, X2, X3), R_NOT_SUPPORTED);
	assert_int_equal(smc(BOOT, F_SMCCC_ARCH_FEATURES, F_ARCH_WORKAROUND_3, X2, X3), R_NOT_SUPPORTED);
	assert_int_equal(smc(BOOT, F_SMCCC_ARCH_FEATURES, F_ARCH_SOC_ID, X2, X3), R_NOT_SUPPORTED);
	assert_int_equal(smc(BOOT, F_SMCCC_ARCH_FEATURES, F_PSCI_VERSION, X2, X3), R_NOT_SUPPORTED);
	assert_int_equal(smc(BOOT, F_SMCCC_ARCH_FEATURES, F_SMCCC_VERSION, X2, X3), R_SUCCESS);
	assert_int_equal(smc(BOOT, F_SMCCC_ARCH_FEATURES, F_SMCCC_ARCH_FEATURES, X2, X3), R_SUCCESS);
	assert_int_equal(smc(BOOT, F_SMCCC_ARCH_FEATURES, 0xffffffff00000000ULL | F_SMCCC_VERSION, X2, X3), R_SUCCESS);
}

static void migrate_info_type_says_no_trusted_os(void **state)
{
	(void)state;
	assert_int_equal(smc(BOOT, F_MIGRATE_INFO_TYPE, X1, X2, X3), 2);
}

/* ---- CPU_ON ---- */

/* CPU_ON that must fail: the error, and no trace of it anywhere. */
static void cpu_on_fails(uint64_t fid, uint64_t target, uint64_t entry, int64_t expect)
{
	fake_vm_reset();
	snapshot();
	int64_t r = smc(BOOT, fid, target, entry, 0xc0c0c0c0c0c0c0c0ULL);
	if (r != expect) {
		fail_msg("CPU_ON(%#llx, %#llx) = %lld, expected %lld", (unsigned long long)target,
			 (unsigned long long)entry, (long long)r, (long long)expect);
	}
	assert_int_equal(fake_vm_count(FAKE_VCPU_WAKE), 0);
	assert_apps_unchanged();
}

static void cpu_on_rejects_bad_targets(void **state)
{
	(void)state;
	const uint64_t entry = RAM0 + 0x80000;

	cpu_on_fails(F_CPU_ON64, 3, entry, R_INVALID_PARAMS);                     /* num_cpus is 3 */
	cpu_on_fails(F_CPU_ON64, 255, entry, R_INVALID_PARAMS);                   /* largest Aff0 */
	cpu_on_fails(F_CPU_ON64, 0x100 | 1, entry, R_INVALID_PARAMS);             /* Aff1 = 1 */
	cpu_on_fails(F_CPU_ON64, 0x10000 | 1, entry, R_INVALID_PARAMS);           /* Aff2 = 1 */
	cpu_on_fails(F_CPU_ON64, 0x100000000ULL | 1, entry, R_INVALID_PARAMS);    /* Aff3 = 1 */
	cpu_on_fails(F_CPU_ON64, 0x80000000ULL | 1, entry, R_INVALID_PARAMS);     /* MPIDR RES1 bit 31 */
	cpu_on_fails(F_CPU_ON64, 0x40000000ULL | 1, entry, R_INVALID_PARAMS);     /* MPIDR.U */
	cpu_on_fails(F_CPU_ON64, 0x8000000000000001ULL, entry, R_INVALID_PARAMS); /* stray bit 63 */
	cpu_on_fails(F_CPU_ON64, UINT64_MAX, entry, R_INVALID_PARAMS);
	cpu_on_fails(F_CPU_ON32, 0x80000001ULL, entry, R_INVALID_PARAMS);
	cpu_on_fails(F_CPU_ON32, 0x00000101ULL, entry, R_INVALID_PARAMS);
}

static void cpu_on_rejects_bad_entry_points(void **state)
{
	(void)state;
	cpu_on_fails(F_CPU_ON64, 1, RAM0 - 4, R_INVALID_ADDRESS);              /* just below RAM */
	cpu_on_fails(F_CPU_ON64, 1, RAM0_END, R_INVALID_ADDRESS);              /* just past RAM */
	cpu_on_fails(F_CPU_ON64, 1, RAM0_END - 2, R_INVALID_ADDRESS);          /* straddles the end */
	cpu_on_fails(F_CPU_ON64, 1, RAM1_END - 1, R_INVALID_ADDRESS);          /* straddles the end */
	cpu_on_fails(F_CPU_ON64, 1, RAM0 + 2, R_INVALID_ADDRESS);              /* not word aligned */
	cpu_on_fails(F_CPU_ON64, 1, RAM0 + 1, R_INVALID_ADDRESS);              /* not word aligned */
	cpu_on_fails(F_CPU_ON64, 1, RAM0_END + 0x1000, R_INVALID_ADDRESS);     /* the gap between regions */
	cpu_on_fails(F_CPU_ON64, 1, 0, R_INVALID_ADDRESS);                     /* IPA 0 */
	cpu_on_fails(F_CPU_ON64, 1, 0x100000000ULL | RAM0, R_INVALID_ADDRESS); /* RAM + 4 GiB */
	cpu_on_fails(F_CPU_ON64, 1, 0x8000000000000000ULL | RAM0, R_INVALID_ADDRESS);
	cpu_on_fails(F_CPU_ON64, 1, 0xfffffffffffffffcULL, R_INVALID_ADDRESS); /* would wrap */
	cpu_on_fails(F_CPU_ON64, 1, 0x88000000, R_INVALID_ADDRESS);            /* its RAM's PA, not an IPA */
}

static void cpu_on_checks_a_whole_instruction_is_in_ram(void **state)
{
	(void)state;
	/* The last word of RAM is a valid entry point... */
	assert_int_equal(smc(BOOT, F_CPU_ON64, 1, RAM0_END - 4, 0), R_SUCCESS);
	/* ...because the check covers exactly the instruction: vm_ipa_in_ram(entry, 4). */
	const struct fake_vm_call *c = fake_vm_find(FAKE_VM_IPA_IN_RAM, 0);
	assert_non_null(c);
	assert_ptr_equal(c->obj, &apps);
	assert_int_equal(c->a, RAM0_END - 4);
	assert_int_equal(c->b, 4);
}

static void cpu_on_reports_target_state(void **state)
{
	(void)state;
	cpu_on_fails(F_CPU_ON64, 0, RAM0, R_ALREADY_ON); /* the caller itself */
	apps.vcpus[2].state = VCPU_ON;
	cpu_on_fails(F_CPU_ON64, 2, RAM0, R_ALREADY_ON);
	apps.vcpus[2].state = VCPU_ON_PENDING;
	cpu_on_fails(F_CPU_ON64, 2, RAM0, R_ON_PENDING);
}

static void cpu_on_denied_unless_the_vm_runs(void **state)
{
	(void)state;
	static const enum vm_state not_running[] = {VM_STOPPED, VM_STOPPING, VM_REFUSED};

	for (size_t i = 0; i < ARRAY_SIZE(not_running); i++) {
		apps.state = not_running[i];
		cpu_on_fails(F_CPU_ON64, 1, RAM0, R_DENIED);
	}
}

static void cpu_on_starts_the_target(void **state)
{
	(void)state;
	const uint64_t entry = RAM1 + 0x1000, context = 0xdeadbeefcafef00dULL;

	assert_int_equal(smc(BOOT, F_CPU_ON64, 2, entry, context), R_SUCCESS);
	struct vcpu *t = &apps.vcpus[2];
	assert_int_equal(t->state, VCPU_ON_PENDING);
	assert_int_equal(t->entry, entry);
	assert_int_equal(t->context, context);
	assert_int_equal(apps.active_vcpus, 2);
	/* Woken once, after its state was published and with the VM lock released. */
	assert_int_equal(fake_vm_count(FAKE_VCPU_WAKE), 1);
	const struct fake_vm_call *w = fake_vm_find(FAKE_VCPU_WAKE, 0);
	assert_ptr_equal(w->obj, t);
	assert_int_equal(w->state_at_wake, VCPU_ON_PENDING);
	assert_int_equal(w->entry_at_wake, entry);
	assert_int_equal(w->context_at_wake, context);
	assert_false(w->lock_held);
	assert_int_equal(fake_vm_count(FAKE_VM_REQUEST_STOP) + fake_vm_count(FAKE_VCPU_LEAVE), 0);
	/* The other vCPU is untouched. */
	assert_int_equal(apps.vcpus[1].state, VCPU_OFF);
	assert_int_equal(apps.vcpus[1].entry, 0);
	/* Asking again while it has not started: ON_PENDING, no second wake, no second count. */
	cpu_on_fails(F_CPU_ON64, 2, RAM0, R_ON_PENDING);
	assert_int_equal(apps.active_vcpus, 2);
	assert_int_equal(t->entry, entry);
}

static void cpu_on_from_a_secondary_vcpu(void **state)
{
	(void)state;
	apps.vcpus[1].state = VCPU_ON;
	apps.active_vcpus = 2;
	assert_int_equal(smc(&apps.vcpus[1], F_CPU_ON64, 2, RAM0, 7), R_SUCCESS);
	assert_int_equal(apps.vcpus[2].state, VCPU_ON_PENDING);
	assert_int_equal(apps.active_vcpus, 3);
	/* It cannot reach another VM: vpn's vCPU 0 is not apps' vCPU 0. */
	assert_int_equal(vpn.vcpus[0].state, VCPU_ON);
	assert_int_equal(vpn.active_vcpus, 1);
}

static void cpu_on_smc32_uses_only_w_registers(void **state)
{
	(void)state;
	/* SMCCC 1.1 §3.1: for an SMC32 call, bits [63:32] of the argument registers are not part of it. */
	assert_int_equal(smc(BOOT, F_CPU_ON32, 0xffffffff00000001ULL, 0xabcd000000000000ULL | (RAM0 + 0x80000),
			     0x123456789abcdef0ULL),
			 R_SUCCESS);
	assert_int_equal(apps.vcpus[1].state, VCPU_ON_PENDING);
	assert_int_equal(apps.vcpus[1].entry, RAM0 + 0x80000);
	assert_int_equal(apps.vcpus[1].context, 0x9abcdef0ULL);
	/* The SMC64 form does not mask: the same target is invalid. */
	cpu_on_fails(F_CPU_ON64, 0xffffffff00000002ULL, RAM0, R_INVALID_PARAMS);
}

/* ---- AFFINITY_INFO ---- */

static void affinity_info_reports_each_state(void **state)
{
	(void)state;
	apps.vcpus[2].state = VCPU_ON_PENDING;
	snapshot();
	assert_int_equal(smc(BOOT, F_AFFINITY_INFO64, 0, 0, X3), AFF_ON);
	assert_int_equal(smc(BOOT, F_AFFINITY_INFO64, 1, 0, X3), AFF_OFF);
	assert_int_equal(smc(BOOT, F_AFFINITY_INFO64, 2, 0, X3), AFF_ON_PENDING);
	assert_int_equal(smc(BOOT, F_AFFINITY_INFO32, 0, 0, X3), AFF_ON);
	assert_int_equal(smc(BOOT, F_AFFINITY_INFO32, 1, 0, X3), AFF_OFF);
	assert_int_equal(smc(BOOT, F_AFFINITY_INFO32, 2, 0, X3), AFF_ON_PENDING);
	/* SMC32: upper halves ignored. */
	assert_int_equal(smc(BOOT, F_AFFINITY_INFO32, 0xffffffff00000002ULL, 0xffffffff00000000ULL, X3),
			 AFF_ON_PENDING);
	assert_int_equal(fake_vm.n, 0);
	assert_apps_unchanged();
}

static void affinity_info_rejects_bad_levels_and_targets(void **state)
{
	(void)state;
	snapshot();
	/* Only level 0 is supported (DEN 0022D §5.1.8: higher levels are optional from PSCI 1.0). */
	assert_int_equal(smc(BOOT, F_AFFINITY_INFO64, 0, 1, X3), R_INVALID_PARAMS);
	assert_int_equal(smc(BOOT, F_AFFINITY_INFO64, 0, 3, X3), R_INVALID_PARAMS);
	assert_int_equal(smc(BOOT, F_AFFINITY_INFO64, 0, 0x100000000ULL, X3), R_INVALID_PARAMS);
	assert_int_equal(smc(BOOT, F_AFFINITY_INFO64, 3, 0, X3), R_INVALID_PARAMS);
	assert_int_equal(smc(BOOT, F_AFFINITY_INFO64, 0x100, 0, X3), R_INVALID_PARAMS);
	assert_int_equal(smc(BOOT, F_AFFINITY_INFO64, 0x80000000ULL, 0, X3), R_INVALID_PARAMS);
	assert_int_equal(smc(BOOT, F_AFFINITY_INFO64, 0x100000000ULL, 0, X3), R_INVALID_PARAMS);
	assert_int_equal(smc(BOOT, F_AFFINITY_INFO32, 0x100, 0, X3), R_INVALID_PARAMS);
	assert_int_equal(fake_vm.n, 0);
	assert_apps_unchanged();
}

/* ---- calls that end the vCPU or the VM ---- */

static void cpu_off_leaves_without_stopping_the_vm(void **state)
{
	(void)state;
	apps.vcpus[1].state = VCPU_ON;
	assert_true(smc_leaves(&apps.vcpus[1], F_CPU_OFF));
	assert_int_equal(fake_vm.n, 1);
	assert_int_equal(fake_vm.calls[0].fn, FAKE_VCPU_LEAVE);
	assert_ptr_equal(fake_vm.calls[0].obj, &apps.vcpus[1]);
	assert_false(spin_is_locked(&apps.lock));
}

static void system_off_stops_only_the_callers_vm(void **state)
{
	(void)state;
	assert_true(smc_leaves(BOOT, F_SYSTEM_OFF));
	assert_int_equal(fake_vm.n, 2);
	assert_int_equal(fake_vm.calls[0].fn, FAKE_VM_REQUEST_STOP);
	assert_ptr_equal(fake_vm.calls[0].obj, &apps);
	assert_int_equal(fake_vm.calls[0].a, VM_PENDING_OFF);
	assert_int_equal(fake_vm.calls[1].fn, FAKE_VCPU_LEAVE);
	assert_ptr_equal(fake_vm.calls[1].obj, BOOT);
	assert_false(spin_is_locked(&apps.lock));
}

static void system_reset_restarts_only_the_callers_vm(void **state)
{
	(void)state;
	assert_true(smc_leaves(&vpn.vcpus[0], F_SYSTEM_RESET));
	assert_int_equal(fake_vm.n, 2);
	assert_int_equal(fake_vm.calls[0].fn, FAKE_VM_REQUEST_STOP);
	assert_ptr_equal(fake_vm.calls[0].obj, &vpn);
	assert_int_equal(fake_vm.calls[0].a, VM_PENDING_RESTART);
	assert_int_equal(fake_vm.calls[1].fn, FAKE_VCPU_LEAVE);
	assert_ptr_equal(fake_vm.calls[1].obj, &vpn.vcpus[0]);
}

/* ---- everything else is refused ---- */

static void smc_unknown_ids_are_not_supported(void **state)
{
	(void)state;
	static const uint32_t ids[] = {
		F_CPU_SUSPEND32,     F_CPU_SUSPEND64,
		F_MIGRATE32,         F_MIGRATE_INFO_UP_CPU32,
		F_CPU_FREEZE,        F_CPU_DEFAULT_SUSPEND32,
		F_SYSTEM_SUSPEND32,  F_SYSTEM_SUSPEND64,
		F_SYSTEM_RESET2_32,  F_SYSTEM_RESET2_64,
		F_MEM_PROTECT,       0x8400001f, /* end of the PSCI range */
		0xc4000002,                      /* CPU_OFF has no SMC64 form */
		0xc4000008,                      /* nor SYSTEM_OFF */
		0xc4000009,                      /* nor SYSTEM_RESET */
		0xc4000000,                      /* nor PSCI_VERSION */
		0x84010000,                      /* fast-call bits [23:16] must be zero */
		0x04000000,                      /* PSCI_VERSION as a yielding call */
		0xc0000000,                      /* SMCCC_VERSION as SMC64 */
		F_ARCH_WORKAROUND_1,             /* a workaround we said is absent */
		F_ARCH_WORKAROUND_2, F_ARCH_SOC_ID,
		0x82000000, /* SiP */
		0x83000000, /* OEM */
		0xc6000000, /* Shoji's own HVC, over SMC */
		0xb2000000, /* trusted OS */
		0x00000000,          0xffffffff,
	};

	for (size_t i = 0; i < ARRAY_SIZE(ids); i++) {
		assert_smc_refused(BOOT, ids[i]);
	}
}

static void smc_ids_with_stray_high_bits_are_not_supported(void **state)
{
	(void)state;
	/* Valid W0 with anything in X0[63:32]: refused, so SYSTEM_OFF does not stop and CPU_ON does not start. */
	static const uint32_t ids[] = {F_PSCI_VERSION, F_SYSTEM_OFF,      F_SYSTEM_RESET,  F_CPU_OFF,
				       F_CPU_ON64,     F_AFFINITY_INFO64, F_PSCI_FEATURES, F_SMCCC_VERSION};
	static const uint64_t high[] = {1ULL << 32, 1ULL << 63, 0xffffffff00000000ULL};

	for (size_t i = 0; i < ARRAY_SIZE(ids); i++) {
		for (size_t h = 0; h < ARRAY_SIZE(high); h++) {
			assert_smc_refused(BOOT, high[h] | ids[i]);
		}
	}
	/* And a CPU_ON with valid arguments, to be sure nothing starts. */
	fake_vm_reset();
	snapshot();
	assert_int_equal(smc(BOOT, (1ULL << 32) | F_CPU_ON64, 1, RAM0, 0), R_NOT_SUPPORTED);
	assert_int_equal(fake_vm.n, 0);
	assert_apps_unchanged();
}

/* ---- HVC ---- */

static void hvc_version_identifies_the_caller(void **state)
{
	(void)state;
	/* docs/abi.md: x0 = (major << 16) | minor, x1 = VM id, x2 = trust, x3 = vCPU index. */
	assert_int_equal(SHOJI_HVC_VERSION, H_VERSION);
	assert_int_equal(hvc(BOOT, H_VERSION), (SHOJI_ABI_MAJOR << 16) | SHOJI_ABI_MINOR);
	assert_int_equal(frame.x[1], 1);
	assert_int_equal(frame.x[2], 0);
	assert_int_equal(frame.x[3], 0);

	assert_int_equal(hvc(&vpn.vcpus[0], H_VERSION), (SHOJI_ABI_MAJOR << 16) | SHOJI_ABI_MINOR);
	assert_int_equal(frame.x[1], 0);
	assert_int_equal(frame.x[2], 1);
	assert_int_equal(frame.x[3], 0);

	apps.vcpus[2].state = VCPU_ON;
	assert_int_equal(hvc(&apps.vcpus[2], H_VERSION), (SHOJI_ABI_MAJOR << 16) | SHOJI_ABI_MINOR);
	assert_int_equal(frame.x[1], 1);
	assert_int_equal(frame.x[2], 0);
	assert_int_equal(frame.x[3], 2);
	/* Only x0..x3 are results. */
	assert_int_equal(frame.x[4], 0xf0f0f0f000000004ULL);
	assert_int_equal(frame.elr, 0x40081234);
	assert_int_equal(fake_vm.n, 0);
}

/* docs/abi.md: CHANNEL_NOTIFY hands the caller's VM and all 64 bits of x1 to the channel core. */
static void hvc_channel_notify_passes_the_whole_index(void **state)
{
	(void)state;
	static const uint64_t idx[] = {0, 1, 0x100000000ULL, UINT64_MAX};
	static const int64_t res[] = {SHOJI_OK, SMCCC_RET_INVALID_PARAMETER, SHOJI_RET_PEER_DOWN,
				      SHOJI_RET_RATE_LIMITED};

	assert_int_equal(SHOJI_HVC_CHANNEL_NOTIFY, 0xc6000001U);
	for (size_t i = 0; i < ARRAY_SIZE(idx); i++) {
		fake_vm_reset();
		fake_chan_notify_result = res[i];
		hvc_dispatch(&apps.vcpus[0], call(0xc6000001U, idx[i], X2, X3));
		assert_int_equal((int64_t)frame.x[0], res[i]);
		assert_int_equal(fake_vm_count(FAKE_CHAN_NOTIFY), 1);
		assert_ptr_equal(fake_vm_find(FAKE_CHAN_NOTIFY, 0)->obj, &apps);
		assert_int_equal(fake_vm_find(FAKE_CHAN_NOTIFY, 0)->a, idx[i]);
#ifdef SHOJI_DEBUG_SCRUB
		/* x1..x3 are not results: debug builds make that visible. */
		assert_int_equal(frame.x[1], 0xdeadbeefdeadbeefULL);
		assert_int_equal(frame.x[3], 0xdeadbeefdeadbeefULL);
#endif
	}
	/* A malformed function ID never reaches the channel core. */
	fake_vm_reset();
	assert_hvc_refused(BOOT, (1ULL << 32) | 0xc6000001U);
	assert_int_equal(fake_vm_count(FAKE_CHAN_NOTIFY), 0);
}

/* docs/abi.md: ATTEST and KEY_DERIVE hand the caller's VM and x1..x6 (all 64 bits) to attest.c, x0 back. */
static void hvc_attest_and_key_derive_pass_every_register(void **state)
{
	(void)state;
	static const int64_t res[] = {208, SMCCC_RET_INVALID_PARAMETER, SHOJI_RET_BUSY, SMCCC_RET_NOT_SUPPORTED};

	assert_int_equal(SHOJI_HVC_ATTEST, 0xc6000002U);
	assert_int_equal(SHOJI_HVC_KEY_DERIVE, 0xc6000003U);
	for (size_t i = 0; i < ARRAY_SIZE(res); i++) {
		fake_vm_reset();
		fake_attest_result = res[i];
		struct trap_frame *f = call(0xc6000002U, UINT64_MAX - 1, X2, X3);
		f->x[4] = 0x4444444444444444ULL;
		f->x[5] = 0x5555555555555555ULL;
		f->x[6] = 0x6666666666666666ULL;
		hvc_dispatch(&apps.vcpus[0], f);
		assert_int_equal((int64_t)frame.x[0], res[i]);
		assert_int_equal(fake_vm_count(FAKE_ATTEST), 1);
		const struct fake_vm_call *c = fake_vm_find(FAKE_ATTEST, 0);
		assert_ptr_equal(c->obj, &apps);
		assert_int_equal(c->a, UINT64_MAX - 1);
		assert_int_equal(c->b, X2);
		assert_int_equal(c->c[0], X3);
		assert_int_equal(c->c[1], 0x4444444444444444ULL);
		assert_int_equal(c->c[3], 0x6666666666666666ULL);
		assert_int_equal(frame.x[6], 0x6666666666666666ULL); /* the nonce registers are left as they were */

		fake_vm_reset();
		fake_attest_result = res[i];
		hvc_dispatch(&vpn.vcpus[0], call(0xc6000003U, 0x1000, 32, UINT64_MAX));
		assert_int_equal((int64_t)frame.x[0], res[i]);
		c = fake_vm_find(FAKE_KEY_DERIVE, 0);
		assert_non_null(c);
		assert_ptr_equal(c->obj, &vpn);
		assert_int_equal(c->a, 0x1000);
		assert_int_equal(c->b, 32);
		assert_int_equal(c->c[0], UINT64_MAX);
#ifdef SHOJI_DEBUG_SCRUB
		/* One result: x1..x3 read as garbage in debug builds. */
		assert_int_equal(frame.x[1], 0xdeadbeefdeadbeefULL);
		assert_int_equal(frame.x[3], 0xdeadbeefdeadbeefULL);
#endif
	}
	/* A malformed function ID never reaches attest.c. */
	fake_vm_reset();
	assert_hvc_refused(BOOT, (1ULL << 32) | 0xc6000002U);
	assert_hvc_refused(BOOT, 0x86000003U);
	assert_int_equal(fake_vm_count(FAKE_ATTEST) + fake_vm_count(FAKE_KEY_DERIVE), 0);
}

static void hvc_unknown_and_malformed_ids_are_not_supported(void **state)
{
	(void)state;
	static const uint64_t ids[] = {
		H_VERSION + 4,            /* the next function: not (yet) in the table */
		H_VERSION + 0x10,         /* beyond the table */
		H_VERSION + 0xffff,       /* last function number */
		(1ULL << 32) | H_VERSION, /* stray high bits */
		(1ULL << 63) | H_VERSION,
		0xffffffff00000000ULL | H_VERSION,
		0x86000000, /* the SMC32 form of VERSION */
		0x46000000, /* a yielding call */
		0xc6010000, /* fast-call bits [23:16] must be zero */
		0xc6ff0000,
		0xc5000000,     /* owner 5: standard hypervisor service */
		0xc4000000,     /* owner 4: standard secure service */
		F_PSCI_VERSION, /* PSCI over HVC: Shoji's conduit for PSCI is SMC */
		F_CPU_ON64,
		F_SMCCC_VERSION, /* owner 0: Arm architecture calls */
		0xc7000000,      /* owner 7: vendor specific EL3 monitor */
		0xf6000000,      /* owner 0x36 (trusted OS range) */
		0,
		0xffffffff,
		UINT64_MAX,
	};

	for (size_t i = 0; i < ARRAY_SIZE(ids); i++) {
		assert_hvc_refused(BOOT, ids[i]);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup(psci_version_is_1_1, setup),
		cmocka_unit_test_setup(smccc_version_is_1_1, setup),
		cmocka_unit_test_setup(psci_features_lists_what_is_implemented, setup),
		cmocka_unit_test_setup(smccc_arch_features_reports_no_workarounds, setup),
		cmocka_unit_test_setup(migrate_info_type_says_no_trusted_os, setup),
		cmocka_unit_test_setup(cpu_on_rejects_bad_targets, setup),
		cmocka_unit_test_setup(cpu_on_rejects_bad_entry_points, setup),
		cmocka_unit_test_setup(cpu_on_checks_a_whole_instruction_is_in_ram, setup),
		cmocka_unit_test_setup(cpu_on_reports_target_state, setup),
		cmocka_unit_test_setup(cpu_on_denied_unless_the_vm_runs, setup),
		cmocka_unit_test_setup(cpu_on_starts_the_target, setup),
		cmocka_unit_test_setup(cpu_on_from_a_secondary_vcpu, setup),
		cmocka_unit_test_setup(cpu_on_smc32_uses_only_w_registers, setup),
		cmocka_unit_test_setup(affinity_info_reports_each_state, setup),
		cmocka_unit_test_setup(affinity_info_rejects_bad_levels_and_targets, setup),
		cmocka_unit_test_setup(cpu_off_leaves_without_stopping_the_vm, setup),
		cmocka_unit_test_setup(system_off_stops_only_the_callers_vm, setup),
		cmocka_unit_test_setup(system_reset_restarts_only_the_callers_vm, setup),
		cmocka_unit_test_setup(smc_unknown_ids_are_not_supported, setup),
		cmocka_unit_test_setup(smc_ids_with_stray_high_bits_are_not_supported, setup),
		cmocka_unit_test_setup(hvc_version_identifies_the_caller, setup),
		cmocka_unit_test_setup(hvc_channel_notify_passes_the_whole_index, setup),
		cmocka_unit_test_setup(hvc_attest_and_key_derive_pass_every_register, setup),
		cmocka_unit_test_setup(hvc_unknown_and_malformed_ids_are_not_supported, setup),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
