/* SPDX-License-Identifier: MIT */
/*
 * The virtual PL011 each VM sees: register semantics only, over state the
 * caller owns. No hardware access, no globals, no locking: the caller holds the
 * VM's UART lock around every call (vm->uart_lock) and maps the MMIO window.
 *
 * Reference: Arm PrimeCell UART (PL011) Technical Reference Manual, r1p5
 * (DDI 0183G), chapter 3 "Programmers Model". What is emulated and what is not
 * is written at the top of hyp/core/vpl011.c.
 */
#ifndef SHOJI_VPL011_H
#define SHOJI_VPL011_H

#include <shoji/types.h>

/* The register window: one 4 KiB page (TRM §3.2, Table 3-1). */
#define VPL011_MMIO_SIZE U(0x1000)

/* PL011 r1p5 FIFOs are 32 entries deep (TRM §2.1; Linux amba-pl011 keys this on the revision). */
#define VPL011_FIFO_DEPTH 32U

/* Results of vpl011_read/vpl011_write; any error means "inject an abort". */
enum vpl011_err {
	VPL011_OK = 0,
	VPL011_ERR_SIZE = -1,  /* not 1, 2 or 4 bytes */
	VPL011_ERR_ALIGN = -2, /* not naturally aligned */
	VPL011_ERR_RANGE = -3, /* outside the 4 KiB window */
};

typedef void (*vpl011_tx_fn)(void *ctx, uint8_t c);

struct vpl011 {
	vpl011_tx_fn tx; /* where transmitted bytes go (the console); may be NULL */
	void *tx_ctx;

	/* Guest-programmed registers, kept at their implemented widths. */
	uint32_t ilpr;
	uint32_t ibrd;
	uint32_t fbrd;
	uint32_t lcr_h;
	uint32_t cr;
	uint32_t ifls;
	uint32_t imsc;

	/* Latched state: receive errors (RSR) and the latched raw interrupts (OE). */
	uint32_t rsr;
	uint32_t ris_latched;

	/* Receive FIFO, a ring: rx_count bytes starting at rx_head. */
	uint8_t rx_fifo[VPL011_FIFO_DEPTH];
	uint32_t rx_head;
	uint32_t rx_count;

	/* For the monitor: bytes lost, never guest-visible. */
	uint64_t rx_dropped; /* receiver disabled or FIFO full */
	uint64_t tx_dropped; /* written while UARTEN or TXE was clear */
};

/*
 * Puts the UART in its reset state (also on VM restart): every register at its
 * reset value, the FIFO emptied, the counters zeroed. `tx` receives every
 * transmitted byte; it is called from vpl011_write with the caller's lock held.
 */
void vpl011_init(struct vpl011 *u, vpl011_tx_fn tx, void *ctx);

/*
 * A guest access at `offset` inside the window, of `size` bytes (1, 2 or 4,
 * naturally aligned). Returns VPL011_OK, or a negative vpl011_err and changes
 * nothing. For a write, only the low `size` bytes of `val` are used.
 */
int vpl011_read(struct vpl011 *u, uint64_t offset, unsigned int size, uint32_t *val);
int vpl011_write(struct vpl011 *u, uint64_t offset, unsigned int size, uint32_t val);

/*
 * A byte arrives on the line (from the console). False when it was dropped: the
 * receiver is disabled, or the FIFO is full (an overrun, as the guest sees it).
 */
bool vpl011_rx_push(struct vpl011 *u, uint8_t c);

/* The level of the UART's interrupt line: (RIS & IMSC) != 0. */
bool vpl011_irq_pending(const struct vpl011 *u);

#endif /* SHOJI_VPL011_H */
