/* SPDX-License-Identifier: MIT */
/*
 * Where the vGIC meets the physical GIC: the hardware hooks the register
 * emulation calls for interrupts a VM owns, and the per-VM set-up from the
 * partition table. Every hook acts on an INTID the VM owns (vgic_regs.c only
 * calls them for VIRQ_HW interrupts it found in the VM's own state).
 */
#include <board.h>
#include <chan.h>
#include <gic.h>
#include <vgic.h>
#include <vgic_lr.h>
#include <vm.h>

/* The virtual timer is the one PPI guests get. */
static uint32_t guest_ppi_mask(void)
{
	return 1U << (board_desc.vtimer_intid - VGIC_NUM_SGIS);
}

static uint32_t pcpu_of(const struct vgic *g, uint32_t vcpu)
{
	const struct vm *vm = g->owner;
	return vcpu < vm->cfg->num_cpus ? vm->vcpus[vcpu].pcpu : vm->vcpus[0].pcpu;
}

void vgic_hw_enable(struct vgic *g, uint32_t vcpu, uint32_t pintid, bool on)
{
	if (pintid < GIC_SPI_BASE) {
		gic_ppi_set_enable(pcpu_of(g, vcpu), pintid, on);
	} else {
		gic_set_enable(pintid, on);
	}
}

void vgic_hw_route(struct vgic *g, uint32_t pintid, uint32_t vcpu)
{
	gic_route_spi(pintid, pcpu_of(g, vcpu));
}

void vgic_hw_config(struct vgic *g, uint32_t pintid, bool edge)
{
	(void)g;
	gic_set_config(pintid, edge);
}

/*
 * A guest's ISPENDR on a hardware-backed interrupt is satisfied virtually (the
 * list register carries it); setting it physically too would deliver it twice.
 * ICPENDR does clear a physical pending state, so a cleared edge stays cleared.
 */
void vgic_hw_pending(struct vgic *g, uint32_t vcpu, uint32_t pintid, bool on)
{
	if (!on) {
		gic_set_pending(pcpu_of(g, vcpu), pintid, false);
	}
}

struct virq *vgic_find_hw(struct vgic *g, uint32_t vcpu, uint32_t pintid)
{
	if (pintid < VGIC_NUM_PRIVATE) {
		struct virq *q = vcpu < g->num_vcpus ? &g->cpu[vcpu].priv[pintid] : NULL;
		return q != NULL && (q->flags & VIRQ_HW) ? q : NULL;
	}
	for (uint32_t i = 0; i < g->num_spis; i++) {
		if ((g->spis[i].flags & VIRQ_HW) && g->spis[i].pintid == pintid) {
			return &g->spis[i];
		}
	}
	return NULL;
}

static uint32_t spi_descs(const struct vm *vm, struct vgic_spi_desc *d, uint32_t max)
{
	const struct vm_config *cfg = vm->cfg;
	uint32_t n = 0;

	if (cfg->vdevs.vuart_intid != 0 && n < max) {
		d[n++] = (struct vgic_spi_desc){(uint16_t)cfg->vdevs.vuart_intid, 0, false};
	}
	for (uint32_t i = 0; i < chan_count(); i++) {
		const struct chan *c = chan_get(i);
		int side = chan_side(c, vm);
		if (side >= 0 && n < max) {
			d[n++] = (struct vgic_spi_desc){(uint16_t)c->cfg->end[side].intid, 0, true};
		}
	}
	for (uint32_t i = 0; i < cfg->num_devices; i++) {
		for (uint32_t k = 0; k < ARRAY_SIZE(cfg->devices[i].intids) && cfg->devices[i].intids[k] != 0; k++) {
			uint16_t intid = (uint16_t)cfg->devices[i].intids[k];
			if (n < max) {
				d[n++] = (struct vgic_spi_desc){intid, intid, false};
			}
		}
	}
	return n;
}

/* Physical side of the VM's interrupts back to reset: disabled, inactive, routed to its boot CPU. */
static void quiesce_hw(struct vm *vm)
{
	struct vgic *g = &vm->vgic;

	for (uint32_t i = 0; i < g->num_spis; i++) {
		if (g->spis[i].flags & VIRQ_HW) {
			gic_quiesce(0, g->spis[i].pintid);
			gic_route_spi(g->spis[i].pintid, vm->vcpus[0].pcpu);
		}
	}
}

int vgic_setup(struct vm *vm)
{
	struct vgic_spi_desc d[VGIC_MAX_SPIS];
	uint32_t n = spi_descs(vm, d, VGIC_MAX_SPIS);

	return vgic_init(&vm->vgic, vm, vm->cfg->num_cpus, d, n, guest_ppi_mask());
}

void vgic_vm_reset(struct vm *vm)
{
	spin_lock(&vm->vgic.lock);
	quiesce_hw(vm);
	(void)vgic_setup(vm); /* succeeded at boot with the same input */
	spin_unlock(&vm->vgic.lock);
}
