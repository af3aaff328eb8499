/* SPDX-License-Identifier: MIT */
/* Physical interrupts at EL2: Shoji's own SGIs and the console UART; everything completes here. */
#include <board.h>
#include <vconsole.h>
#include <gic.h>
#include <irq.h>
#include <panic.h>

/* Bound on interrupts handled per call, so a storm cannot keep a CPU in EL2 forever. */
#define IRQ_BATCH 16

static void irq_handle(uint32_t intid)
{
	if (intid == SGI_STOP) {
		cpu_stop();
	}
	if (intid == board_desc.uart_intid) {
		vconsole_rx_irq();
	} else if (intid == board_desc.hyp_timer_intid) {
		vconsole_flush_timer_irq();
	}
	/* SGI_WAKE and SGI_KICK carry no data: the caller re-reads the vCPU's state. */
}

void irq_poll_el2(void)
{
	for (unsigned int i = 0; i < IRQ_BATCH; i++) {
		uint32_t intid = gic_ack();
		if (intid >= GIC_INTID_SPURIOUS) {
			return;
		}
		irq_handle(intid);
		gic_eoi(intid);
		gic_deactivate(intid);
	}
}
