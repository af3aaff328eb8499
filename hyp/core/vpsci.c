/* SPDX-License-Identifier: MIT */
/*
 * PSCI 1.1 (Arm DEN 0022D) and SMCCC 1.1 (Arm DEN 0028) emulated inside the
 * calling VM's partition: CPU_ON reaches only the caller's own vCPUs,
 * SYSTEM_OFF and SYSTEM_RESET act on the caller's VM only. Nothing is forwarded
 * to firmware. Every handler validates first and changes state last.
 */
#include <guest_calls.h>
#include <psci.h>
#include <shoji/abi.h>

/* Virtual MPIDR of vCPU i: Aff0 = i, all other affinity levels 0. */
static bool vcpu_from_mpidr(struct vm *vm, uint64_t mpidr, struct vcpu **out)
{
	if (mpidr >= vm->cfg->num_cpus) {
		return false; /* also rejects any bit outside Aff0 */
	}
	*out = &vm->vcpus[mpidr];
	return true;
}

static int64_t psci_cpu_on(struct vcpu *caller, uint64_t target, uint64_t entry, uint64_t context)
{
	struct vm *vm = caller->vm;
	struct vcpu *v;
	int64_t ret = PSCI_RET_SUCCESS;

	if (!vcpu_from_mpidr(vm, target, &v)) {
		return PSCI_RET_INVALID_PARAMS;
	}
	if ((entry & 3) != 0 || !vm_ipa_in_ram(vm, entry, 4)) {
		return PSCI_RET_INVALID_ADDRESS;
	}
	spin_lock(&vm->lock);
	if (vm->state != VM_RUNNING) {
		ret = PSCI_RET_DENIED;
	} else if (v->state == VCPU_ON) {
		ret = PSCI_RET_ALREADY_ON;
	} else if (v->state == VCPU_ON_PENDING) {
		ret = PSCI_RET_ON_PENDING;
	} else {
		v->entry = entry;
		v->context = context;
		v->state = VCPU_ON_PENDING;
		vm->active_vcpus++;
	}
	spin_unlock(&vm->lock);
	if (ret == PSCI_RET_SUCCESS) {
		vcpu_wake(v);
	}
	return ret;
}

static int64_t psci_affinity_info(struct vcpu *caller, uint64_t target, uint64_t level)
{
	struct vcpu *v;

	if (level != 0 || !vcpu_from_mpidr(caller->vm, target, &v)) {
		return PSCI_RET_INVALID_PARAMS;
	}
	switch (__atomic_load_n(&v->state, __ATOMIC_ACQUIRE)) {
	case VCPU_ON:
		return 0;
	case VCPU_ON_PENDING:
		return 2;
	default:
		return 1;
	}
}

static bool psci_fid_supported(uint64_t fid);

static int64_t psci_features(uint64_t fid)
{
	if (fid == SMCCC_VERSION_FID) {
		return PSCI_RET_SUCCESS;
	}
	return psci_fid_supported(fid) ? PSCI_RET_SUCCESS : PSCI_RET_NOT_SUPPORTED;
}

/*
 * There is no firmware behind Shoji to apply the Spectre workarounds, so they
 * are reported absent rather than pretended (the guest then reports itself
 * vulnerable, which is the truth on such a system).
 */
static int64_t smccc_arch_features(uint64_t fid)
{
	switch (fid) {
	case SMCCC_VERSION_FID:
	case SMCCC_ARCH_FEATURES_FID:
		return 0;
	default:
		return SMCCC_RET_NOT_SUPPORTED;
	}
}

enum smc_kind {
	SMC_VERSION,
	SMC_CPU_OFF,
	SMC_CPU_ON,
	SMC_AFFINITY_INFO,
	SMC_MIGRATE_INFO_TYPE,
	SMC_SYSTEM_OFF,
	SMC_SYSTEM_RESET,
	SMC_FEATURES,
	SMC_SMCCC_VERSION,
	SMC_SMCCC_ARCH_FEATURES,
};

struct smc_entry {
	uint32_t fid;
	enum smc_kind kind;
	bool is32; /* SMC32: arguments are W registers */
};

static const struct smc_entry smc_table[] = {
	{PSCI_VERSION, SMC_VERSION, true},
	{PSCI_CPU_OFF, SMC_CPU_OFF, true},
	{PSCI_CPU_ON_32, SMC_CPU_ON, true},
	{PSCI_CPU_ON_64, SMC_CPU_ON, false},
	{PSCI_AFFINITY_INFO_32, SMC_AFFINITY_INFO, true},
	{PSCI_AFFINITY_INFO_64, SMC_AFFINITY_INFO, false},
	{PSCI_MIGRATE_INFO_TYPE, SMC_MIGRATE_INFO_TYPE, true},
	{PSCI_SYSTEM_OFF, SMC_SYSTEM_OFF, true},
	{PSCI_SYSTEM_RESET, SMC_SYSTEM_RESET, true},
	{PSCI_FEATURES, SMC_FEATURES, true},
	{SMCCC_VERSION_FID, SMC_SMCCC_VERSION, true},
	{SMCCC_ARCH_FEATURES_FID, SMC_SMCCC_ARCH_FEATURES, true},
};

static const struct smc_entry *smc_lookup(uint64_t fid)
{
	for (size_t i = 0; i < ARRAY_SIZE(smc_table); i++) {
		if (smc_table[i].fid == fid) {
			return &smc_table[i];
		}
	}
	return NULL;
}

static bool psci_fid_supported(uint64_t fid)
{
	const struct smc_entry *e = smc_lookup(fid);
	return e != NULL && e->kind != SMC_SMCCC_VERSION && e->kind != SMC_SMCCC_ARCH_FEATURES;
}

static void set_ret(struct trap_frame *f, int64_t ret)
{
	f->x[0] = (uint64_t)ret;
}

/* Calls that end the calling vCPU or VM: they do not return to the caller. */
static void smc_leave(struct vcpu *v, enum smc_kind kind)
{
	if (kind == SMC_SYSTEM_OFF) {
		vm_request_stop(v->vm, VM_PENDING_OFF);
	} else if (kind == SMC_SYSTEM_RESET) {
		vm_request_stop(v->vm, VM_PENDING_RESTART);
	}
	vcpu_leave(v);
}

void smc_dispatch(struct vcpu *v, struct trap_frame *f)
{
	uint64_t x0 = f->x[0];
	const struct smc_entry *e = SMCCC_FID_VALID(x0) ? smc_lookup(x0) : NULL;

	if (e == NULL) {
		set_ret(f, SMCCC_RET_NOT_SUPPORTED);
		return;
	}
	uint64_t mask = e->is32 ? 0xffffffffULL : ~0ULL;
	uint64_t a1 = f->x[1] & mask;
	uint64_t a2 = f->x[2] & mask;
	uint64_t a3 = f->x[3] & mask;

	switch (e->kind) {
	case SMC_VERSION:
		set_ret(f, PSCI_VERSION_1_1);
		break;
	case SMC_CPU_ON:
		set_ret(f, psci_cpu_on(v, a1, a2, a3));
		break;
	case SMC_AFFINITY_INFO:
		set_ret(f, psci_affinity_info(v, a1, a2));
		break;
	case SMC_MIGRATE_INFO_TYPE:
		set_ret(f, 2); /* no Trusted OS: migration not required */
		break;
	case SMC_FEATURES:
		set_ret(f, psci_features(a1));
		break;
	case SMC_SMCCC_VERSION:
		set_ret(f, SMCCC_VERSION_1_1);
		break;
	case SMC_SMCCC_ARCH_FEATURES:
		set_ret(f, smccc_arch_features(a1));
		break;
	case SMC_CPU_OFF:
	case SMC_SYSTEM_OFF:
	case SMC_SYSTEM_RESET:
		smc_leave(v, e->kind);
		break;
	}
}
