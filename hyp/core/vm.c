/* SPDX-License-Identifier: MIT */
/*
 * VM set-up from the partition table, and the VM lifecycle: start, stop,
 * restart. A stop asks every vCPU of the VM to leave; the last one out hands
 * the rest (scrub, reload, start) to the VM's boot CPU, so a VM's RAM is only
 * ever scrubbed on its own core and no CPU waits for another.
 */
#include <arch.h>
#include <board.h>
#include <chan.h>
#include <vconsole.h>
#include <console_hw.h>
#include <gic.h>
#include <lib.h>
#include <mm.h>
#include <pack.h>
#include <pcpu.h>
#include <shoji/seal.h>
#include <trust.h>
#include <vm.h>
#include <vdev.h>
#include <vgic_lr.h>

/* VTCR_EL2: T0SZ 25 (39-bit IPA), SL0 1 (start at level 1), WBWA, inner shareable, 4 KiB, PS 40 bits. */
#define VTCR_EL2_VALUE \
	(ULL(25) | (ULL(1) << 6) | (ULL(1) << 8) | (ULL(1) << 10) | (ULL(3) << 12) | (ULL(2) << 16) | BIT(31))

struct vm vms[VM_MAX];
uint32_t num_vms;

static pt_page_t s2_pages[VM_MAX][S2_PT_PAGES];
static struct pack package;
static int package_err = PACK_ERR_ARG;

uint64_t vm_vtcr(void)
{
	return VTCR_EL2_VALUE;
}

struct vm *vm_by_index(uint32_t i)
{
	return i < num_vms ? &vms[i] : NULL;
}

bool vm_ipa_in_ram(const struct vm *vm, uint64_t ipa, uint64_t size)
{
	uint64_t pa;
	return vm_ram_ipa_to_pa(vm, ipa, size, &pa);
}

static void refuse(struct vm *vm, const char *reason)
{
	spin_lock(&vm->lock);
	vm->state = VM_REFUSED;
	vm->refuse_reason = reason;
	spin_unlock(&vm->lock);
	log_line("%s: refused: %s", vm->cfg->name, reason);
}

static bool build_stage2(struct vm *vm)
{
	const struct vm_config *cfg = vm->cfg;

	vm->s2_pool.pages = s2_pages[vm->id];
	vm->s2_pool.num_pages = S2_PT_PAGES;
	vm->s2_pool.used = 0;
	if (pt_init(&vm->s2, &vm->s2_pool, 1, S2_IPA_BITS) != PT_OK) {
		return false;
	}
	for (uint32_t i = 0; i < cfg->num_ram; i++) {
		const struct vm_ram *r = &cfg->ram[i];
		if (pt_map(&vm->s2, r->ipa.v, r->pa.v, r->size, PT_S2_RAM, PT_MAP_BLOCKS) != PT_OK) {
			return false;
		}
	}
	for (uint32_t i = 0; i < cfg->num_devices; i++) {
		const struct vm_device *d = &cfg->devices[i];
		if (pt_map(&vm->s2, d->ipa.v, d->pa.v, ALIGN_UP(d->size, PT_PAGE_SIZE), PT_S2_DEVICE,
			   PT_MAP_PAGES_ONLY) != PT_OK) {
			return false;
		}
	}
	for (uint32_t i = 0; i < chan_count(); i++) {
		const struct chan *c = chan_get(i);
		int side = chan_side(c, vm);
		/* Shared data, never code: a peer must not be able to plant instructions. */
		if (side >= 0 && pt_map(&vm->s2, c->cfg->end[side].ipa.v, c->cfg->pa.v, c->cfg->size,
					PT_S2_RAM | PTE_XN, PT_MAP_BLOCKS) != PT_OK) {
			return false;
		}
	}
	vm->vttbr = (uint64_t)(uintptr_t)vm->s2.root | ((uint64_t)vm->vmid << 48);
	return true;
}

/* A payload named by the partition table: present, and fits the VM's RAM at its IPA. */
static bool payload_ok(const struct vm *vm, const char *name, uint64_t ipa)
{
	const void *data;
	size_t size;
	uint64_t pa;

	if (name == NULL) {
		return true;
	}
	return pack_find(&package, name, &data, &size) != NULL && vm_ram_ipa_to_pa(vm, ipa, size, &pa);
}

static bool images_ok(const struct vm *vm)
{
	const struct vm_image *img = &vm->cfg->image;

	return payload_ok(vm, img->kernel, img->kernel_ipa.v) && payload_ok(vm, img->dtb, img->dtb_ipa.v) &&
	       payload_ok(vm, img->initrd, img->initrd_ipa.v);
}

_Static_assert(SHOJI_SEALED_MAX == 0x10000, "vm_setup's refusal says 64 KiB");

/* The sealed payload may be absent (the guest then finds its area zero); present, it is bounded and fits. */
static bool sealed_ok(const struct vm *vm)
{
	const struct vm_image *img = &vm->cfg->image;
	const void *data;
	size_t size;
	uint64_t pa;

	if (img->sealed == NULL || pack_find(&package, img->sealed, &data, &size) == NULL) {
		return true;
	}
	return size <= SHOJI_SEALED_MAX && vm_ram_ipa_to_pa(vm, img->sealed_ipa.v, size, &pa);
}

static void bind_vcpus(struct vm *vm)
{
	for (uint32_t i = 0; i < vm->cfg->num_cpus; i++) {
		struct vcpu *v = &vm->vcpus[i];
		v->vm = vm;
		v->index = i;
		v->pcpu = vm->cfg->cpus[i];
		v->state = VCPU_OFF;
		if (v->pcpu < board_desc.num_cpus) {
			pcpus[v->pcpu].vcpu = v;
		}
	}
}

static void vm_setup(struct vm *vm, const struct vm_config *cfg, uint32_t id)
{
	vm->cfg = cfg;
	vm->id = id;
	vm->vmid = (uint16_t)(id + 1);
	vm->state = VM_STOPPED;
	bind_vcpus(vm);
	vdev_init(vm);
	if (package_err != PACK_OK) {
		refuse(vm, "no valid payload package in the image");
	} else if (!images_ok(vm)) {
		refuse(vm, "a boot payload is missing or does not fit the VM's RAM");
	} else if (!sealed_ok(vm)) {
		refuse(vm, "its sealed payload is over 64 KiB or does not fit the VM's RAM");
	} else if (!build_stage2(vm)) {
		refuse(vm, "stage-2 tables could not be built");
	} else if (vgic_setup(vm) != 0) {
		refuse(vm, "its interrupts do not fit the virtual GIC");
	}
}

void vm_init_all(void)
{
	uintptr_t pkg = (uintptr_t)ALIGN_UP((uint64_t)(uintptr_t)__image_end, PT_PAGE_SIZE);
	uintptr_t hyp_end = (uintptr_t)(board_desc.hyp_base.v + board_desc.hyp_size);

	package_err = pack_open(&package, (const void *)pkg, hyp_end - pkg);
	if (package_err != PACK_OK) {
		log_line("package: %s", pack_strerror(package_err));
	} else {
		log_line("package: %u payloads, %llu KiB", package.num_entries,
			 (unsigned long long)(package.size >> 10));
	}
	num_vms = system_config.num_vms <= VM_MAX ? system_config.num_vms : VM_MAX;
	log_line("system %s: %u VMs", system_config.name, num_vms);
	chan_init_all();
	for (uint32_t i = 0; i < num_vms; i++) {
		vm_setup(&vms[i], &system_config.vms[i], i);
	}
	vconsole_setup();
}

/* Zeroes [pa, pa + size) through the hypervisor's RW map, 64 bytes a go where DC ZVA allows. */
static void scrub(uint64_t pa, uint64_t size)
{
	uint64_t dczid = read_sysreg(dczid_el0);
	uint64_t block = ULL(4) << (dczid & 0xf);

	if ((dczid & BIT(4)) || !IS_ALIGNED(pa | size, block)) {
		memset((void *)(uintptr_t)pa, 0, size);
		return;
	}
	for (uint64_t p = pa; p < pa + size; p += block) {
		__asm__ volatile("dc zva, %0" : : "r"(p) : "memory");
	}
	dsb(ish);
}

static void load_payload(const struct vm *vm, const char *name, uint64_t ipa)
{
	const void *data;
	size_t size;
	uint64_t pa;

	if (name == NULL || pack_find(&package, name, &data, &size) == NULL || !vm_ram_ipa_to_pa(vm, ipa, size, &pa)) {
		return; /* an absent sealed payload; anything else was checked at set-up */
	}
	memcpy((void *)(uintptr_t)pa, data, size);
}

/*
 * Zero the VM's channel windows (its peers may be using them right now: they
 * find their own control blocks gone and re-attach, include/shoji/channel.h).
 */
static void zero_channels(const struct vm *vm)
{
	for (uint32_t i = 0; i < chan_count(); i++) {
		const struct chan *c = chan_get(i);
		if (chan_side(c, vm) >= 0) {
			scrub(c->cfg->pa.v, c->cfg->size);
			dcache_clean_inval_range((uintptr_t)c->cfg->pa.v, c->cfg->size);
		}
	}
}

/* Scrub all of the VM's RAM and its channel windows, then copy its payloads from the pristine package. */
static void vm_load(struct vm *vm, bool with_images)
{
	const struct vm_config *cfg = vm->cfg;

	for (uint32_t i = 0; i < cfg->num_ram; i++) {
		scrub(cfg->ram[i].pa.v, cfg->ram[i].size);
	}
	zero_channels(vm);
	if (with_images) {
		/* Unmeasured bytes first: should they overlap a measured payload, the measured one wins. */
		load_payload(vm, cfg->image.sealed, cfg->image.sealed_ipa.v);
		load_payload(vm, cfg->image.kernel, cfg->image.kernel_ipa.v);
		load_payload(vm, cfg->image.dtb, cfg->image.dtb_ipa.v);
		load_payload(vm, cfg->image.initrd, cfg->image.initrd_ipa.v);
	}
	/* The guest starts with its MMU and caches off: everything must be in memory. */
	for (uint32_t i = 0; i < cfg->num_ram; i++) {
		dcache_clean_inval_range((uintptr_t)cfg->ram[i].pa.v, cfg->ram[i].size);
	}
	__asm__ volatile("ic ialluis" : : : "memory");
	dsb(ish);
	isb();
}

static void vm_start(struct vm *vm)
{
	struct vcpu *boot = &vm->vcpus[0];

	/* Interrupt state first: a peer's doorbell may arrive as soon as the VM reads RUNNING. */
	vgic_vm_reset(vm);
	vdev_reset(vm);
	spin_lock(&vm->lock);
	vm->cntvoff = read_sysreg(cntpct_el0);
	vm->started_at = vm->cntvoff;
	boot->entry = vm->cfg->image.kernel_ipa.v + vm->cfg->image.entry_offset;
	boot->context = vm->cfg->image.dtb != NULL ? vm->cfg->image.dtb_ipa.v : 0;
	boot->state = VCPU_ON_PENDING;
	vm->active_vcpus = 1;
	vm->state = VM_RUNNING;
	spin_unlock(&vm->lock);
	vcpu_wake(boot);
}

/* Runs on the VM's boot CPU once every vCPU has left. */
void vm_finish_stop(struct vm *vm)
{
	spin_lock(&vm->lock);
	enum vm_pending what = vm->pending;
	bool go = vm->finish_pending && vm->state == VM_STOPPED;
	vm->finish_pending = false;
	vm->pending = VM_PENDING_NONE;
	spin_unlock(&vm->lock);
	if (!go) {
		return;
	}
	/* Verified boot, once, here on the VM's own CPU: the VMs check their payloads in parallel. */
	if (what == VM_PENDING_RESTART && vm->boot_check == VM_BOOT_UNCHECKED && !verify_vm(vm, &package)) {
		refuse(vm, vm->boot_note);
		return;
	}
	vm_load(vm, what == VM_PENDING_RESTART);
	chan_ring_peers(vm);
	if (what == VM_PENDING_RESTART) {
		if (vm->boots++ > 0) {
			vm->restarts++;
			log_line("%s: restarted (RAM scrubbed, image reloaded)", vm->cfg->name);
		}
		vm_start(vm);
	} else {
		log_line("%s: powered off (RAM scrubbed)", vm->cfg->name);
	}
}

/*
 * First boot is a restart from nothing. Only flags are set: the other CPUs are
 * not online yet, and each finds its VM's flag on its first pass of cpu_main.
 */
void vm_start_all(void)
{
	for (uint32_t i = 0; i < num_vms; i++) {
		struct vm *vm = &vms[i];
		spin_lock(&vm->lock);
		if (vm->state != VM_REFUSED) {
			vm->pending = VM_PENDING_RESTART;
			vm->finish_pending = true;
		}
		spin_unlock(&vm->lock);
	}
}

/*
 * Asks the VM to power off or restart. Safe from any CPU, including one of the
 * VM's own vCPUs (which then leaves through the exit tail).
 */
void vm_request_stop(struct vm *vm, enum vm_pending what)
{
	uint32_t kick[VM_MAX_VCPUS];
	uint32_t nkick = 0;
	bool finish_now = false;

	spin_lock(&vm->lock);
	if (vm->state == VM_REFUSED) {
		spin_unlock(&vm->lock);
		return;
	}
	if (what == VM_PENDING_RESTART || vm->pending == VM_PENDING_NONE) {
		vm->pending = what;
	}
	if (vm->state == VM_RUNNING) {
		vm->state = VM_STOPPING;
		for (uint32_t i = 0; i < vm->cfg->num_cpus; i++) {
			if (vm->vcpus[i].state != VCPU_OFF) {
				kick[nkick++] = vm->vcpus[i].pcpu;
			}
		}
		if (vm->active_vcpus == 0) {
			vm->state = VM_STOPPED;
			finish_now = true;
		}
	} else if (vm->state == VM_STOPPED && vm->pending == VM_PENDING_RESTART) {
		finish_now = true;
	}
	if (finish_now) {
		vm->finish_pending = true;
	}
	spin_unlock(&vm->lock);

	/* The calling CPU, if it runs one of these vCPUs, leaves through its exit tail. */
	for (uint32_t i = 0; i < nkick; i++) {
		if (kick[i] != this_cpu()->index) {
			gic_send_sgi(kick[i], SGI_KICK);
		}
	}
	if (finish_now) {
		gic_send_sgi(vm->vcpus[0].pcpu, SGI_WAKE);
	}
}
