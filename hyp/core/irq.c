/* SPDX-License-Identifier: MIT */
/* Physical interrupts at EL2: Shoji's own SGIs and the console UART; everything completes here. */
#include <board.h>
#include <vconsole.h>
#include <gic.h>
#include <irq.h>
#include <panic.h>
#include <pcpu.h>
#include <vgic_lr.h>
#include <vm.h>

/* Bound on interrupts handled per call, so a storm cannot keep a CPU in EL2 forever. */
#define IRQ_BATCH 16

/* Handles one interrupt; returns false if it must stay active (handed to a guest with the HW bit). */
static bool irq_handle(uint32_t intid)
{
	struct vcpu *v = current_vcpu();

	if (intid == SGI_STOP) {
		cpu_stop();
	}
	if (intid == board_desc.uart_intid) {
		vconsole_rx_irq();
	} else if (intid == board_desc.hyp_timer_intid) {
		vconsole_flush_timer_irq();
	} else if (intid == board_desc.maint_intid || intid == SGI_KICK) {
		/* List registers drained or new interrupts pending: the exit tail refills. */
		if (v != NULL) {
			__atomic_store_n(&v->vgic_dirty, 1U, __ATOMIC_RELEASE);
		}
	} else if (intid != SGI_WAKE && v != NULL && vgic_take_hw(v, intid)) {
		return false;
	}
	return true;
}

void irq_poll_el2(void)
{
	for (unsigned int i = 0; i < IRQ_BATCH; i++) {
		uint32_t intid = gic_ack();
		if (intid >= GIC_INTID_SPURIOUS) {
			return;
		}
		bool done = irq_handle(intid);
		gic_eoi(intid);
		if (done) {
			gic_deactivate(intid);
		}
	}
}
