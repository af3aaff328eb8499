/* SPDX-License-Identifier: MIT */
/*
 * The table of emulated devices a VM can reach by MMIO. One entry per device
 * kind; each handler gets the offset inside its window and the access size.
 * Anything not covered here is denied by the caller.
 */
#include <vconsole.h>
#include <vdev.h>
#include <vm.h>

#define VUART_SIZE 0x1000ULL

typedef bool (*vdev_fn)(struct vm *vm, uint64_t offset, const struct mmio_access *a, uint64_t *val);

struct vdev_kind {
	const char *name;
	uint64_t (*base)(const struct vm *vm);
	uint64_t (*size)(const struct vm *vm);
	vdev_fn access;
};

static uint64_t vuart_base(const struct vm *vm)
{
	return vm->cfg->vdevs.vuart.v;
}

static uint64_t vuart_size(const struct vm *vm)
{
	(void)vm;
	return VUART_SIZE;
}

static bool vuart_access(struct vm *vm, uint64_t offset, const struct mmio_access *a, uint64_t *val)
{
	int ret;

	spin_lock(&vm->uart_lock);
	if (a->write) {
		ret = vpl011_write(&vm->uart, offset, a->size, (uint32_t)*val);
	} else {
		uint32_t v = 0;
		ret = vpl011_read(&vm->uart, offset, a->size, &v);
		*val = v;
	}
	spin_unlock(&vm->uart_lock);
	if (!a->write && vm->rx_count > 0) {
		vconsole_rx_pump(vm); /* racy peek is fine: a miss is caught on the next read */
	}
	vdev_uart_irq_update(vm);
	return ret == 0;
}

static uint64_t vgicd_base(const struct vm *vm)
{
	return vm->cfg->vdevs.gicd.v;
}

static uint64_t vgicd_size(const struct vm *vm)
{
	(void)vm;
	return VGICD_SIZE;
}

static uint64_t vgicr_base(const struct vm *vm)
{
	return vm->cfg->vdevs.gicr.v;
}

static uint64_t vgicr_size(const struct vm *vm)
{
	return VGICR_STRIDE * vm->cfg->num_cpus;
}

static bool vgicd_access(struct vm *vm, uint64_t offset, const struct mmio_access *a, uint64_t *val)
{
	int ret;

	spin_lock(&vm->vgic.lock);
	ret = a->write ? vgic_dist_write(&vm->vgic, offset, a->size, *val)
		       : vgic_dist_read(&vm->vgic, offset, a->size, val);
	spin_unlock(&vm->vgic.lock);
	return ret == 0;
}

static bool vgicr_access(struct vm *vm, uint64_t offset, const struct mmio_access *a, uint64_t *val)
{
	uint32_t vcpu = (uint32_t)(offset / VGICR_STRIDE);
	uint64_t off = offset % VGICR_STRIDE;
	int ret;

	spin_lock(&vm->vgic.lock);
	ret = a->write ? vgic_redist_write(&vm->vgic, vcpu, off, a->size, *val)
		       : vgic_redist_read(&vm->vgic, vcpu, off, a->size, val);
	spin_unlock(&vm->vgic.lock);
	return ret == 0;
}

static const struct vdev_kind vdev_kinds[] = {
	{"vpl011", vuart_base, vuart_size, vuart_access},
	{"vgicd", vgicd_base, vgicd_size, vgicd_access},
	{"vgicr", vgicr_base, vgicr_size, vgicr_access},
};

void vdev_uart_irq_update(struct vm *vm)
{
	bool level;

	spin_lock(&vm->uart_lock);
	level = vpl011_irq_pending(&vm->uart);
	spin_unlock(&vm->uart_lock);
	if (vm->cfg->vdevs.vuart_intid != 0) {
		vgic_inject(&vm->vgic, 0, vm->cfg->vdevs.vuart_intid, level);
	}
}

bool vdev_access(struct vm *vm, const struct mmio_access *a, uint64_t *val)
{
	for (size_t i = 0; i < ARRAY_SIZE(vdev_kinds); i++) {
		const struct vdev_kind *k = &vdev_kinds[i];
		uint64_t base = k->base(vm);
		uint64_t size = k->size(vm);
		if (range_valid(a->ipa, a->size) && range_inside(a->ipa, a->size, base, size)) {
			return k->access(vm, a->ipa - base, a, val);
		}
	}
	return false;
}

void vdev_init(struct vm *vm)
{
	vconsole_attach_vm(vm);
}

void vdev_reset(struct vm *vm)
{
	spin_lock(&vm->uart_lock);
	vconsole_reset_vm(vm);
	spin_unlock(&vm->uart_lock);
}
