/* SPDX-License-Identifier: MIT */
/* Arm PL011 UART driver for the hypervisor's console (PL011 TRM DDI 0183, §3.3). */
#include <arch.h>
#include <console_hw.h>

#define UARTDR    0x000
#define UARTFR    0x018
#define UARTLCR_H 0x02c
#define UARTCR    0x030
#define UARTIMSC  0x038
#define UARTICR   0x044

#define FR_RXFE      BIT(4)
#define FR_TXFF      BIT(5)
#define LCR_H_FEN    BIT(4)
#define LCR_H_WLEN_8 (ULL(3) << 5)
#define CR_UARTEN    BIT(0)
#define CR_TXE       BIT(8)
#define CR_RXE       BIT(9)
#define IMSC_RXIM    BIT(4)
#define IMSC_RTIM    BIT(6)

static uintptr_t uart_base;

void uart_init(uintptr_t base)
{
	uart_base = base;
	/*
	 * The boot loader (or QEMU) has set the baud rate; we keep it and only make
	 * sure the line is 8N1 with FIFOs, and that TX and RX are on.
	 */
	mmio_write32(base + UARTCR, 0);
	mmio_write32(base + UARTLCR_H, (uint32_t)(LCR_H_WLEN_8 | LCR_H_FEN));
	mmio_write32(base + UARTIMSC, 0);
	mmio_write32(base + UARTICR, 0x7ff);
	mmio_write32(base + UARTCR, (uint32_t)(CR_UARTEN | CR_TXE | CR_RXE));
}

void uart_putc(char c)
{
	if (uart_base == 0) {
		return;
	}
	/* Bounded by the UART draining its FIFO: a hardware wait, not guest-controlled. */
	while (mmio_read32(uart_base + UARTFR) & FR_TXFF) {
	}
	mmio_write32(uart_base + UARTDR, (uint8_t)c);
}

int uart_getc(void)
{
	if (uart_base == 0 || (mmio_read32(uart_base + UARTFR) & FR_RXFE)) {
		return -1;
	}
	return (int)(mmio_read32(uart_base + UARTDR) & 0xff);
}

void uart_rx_irq_enable(bool on)
{
	mmio_write32(uart_base + UARTIMSC, on ? (uint32_t)(IMSC_RXIM | IMSC_RTIM) : 0U);
}
