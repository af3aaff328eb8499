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
	return ret == 0;
}

static const struct vdev_kind vdev_kinds[] = {
	{"vpl011", vuart_base, vuart_size, vuart_access},
};

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
