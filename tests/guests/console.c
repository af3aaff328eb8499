/* SPDX-License-Identifier: MIT */
/*
 * PL011 console, polled by default. The UART is emulated by the hypervisor, so
 * use only the data and flag registers, 32-bit accesses only, and never program
 * it: what the emulation does not implement must not matter. The one exception
 * is `uartirq on`, which tests the emulation's receive interrupt (IMSC, ICR):
 * then the handler moves received bytes into a ring the command loop reads.
 */
#include "console.h"
#include "guest.h"
#include "irq.h"

/* PL011 TRM (DDI 0183G) §3.2: UARTDR, UARTFR, UARTIMSC, UARTICR; §3.3.10: RXIM (4), RTIM (6). */
#define UART_DR      U(0x000)
#define UART_FR      U(0x018)
#define UART_IMSC    U(0x038)
#define UART_ICR     U(0x044)
#define UART_FR_RXFE BIT(4)
#define UART_FR_TXFF BIT(5)
#define UART_DR_DATA U(0xff)
#define UART_INT_RX  (BIT(4) | BIT(6))
#define RX_RING      256U /* a power of two, more than a command line */

/*
 * Single producer (the RX handler) and single consumer (the command loop), both
 * on the boot vCPU. When the ring fills, the handler masks the UART's receive
 * interrupt and leaves further bytes in the UART (whose full FIFO holds the
 * sender back); the consumer unmasks it once half the ring is free again.
 */
static volatile struct {
	uint8_t buf[RX_RING];
	uint32_t head;  /* written by the handler only */
	uint32_t tail;  /* written by the command loop only */
	bool throttled; /* set by the handler, cleared by the command loop while the interrupt is masked */
	bool irq_mode;
} rx;

static uint32_t uart_fr(void)
{
	return mmio_read32(GUEST_UART_BASE + UART_FR);
}

void con_putc(char c)
{
	while (uart_fr() & UART_FR_TXFF)
		;
	mmio_write32(GUEST_UART_BASE + UART_DR, (uint8_t)c);
}

void con_puts(const char *s)
{
	while (*s != '\0')
		con_putc(*s++);
}

void con_nl(void)
{
	con_puts("\r\n");
}

static void put_hex_digits(uint64_t v, unsigned min_digits)
{
	static const char digits[] = "0123456789abcdef";
	unsigned n = 16;

	while (n > min_digits && ((v >> (4 * (n - 1))) & 0xf) == 0)
		n--;
	while (n > 0) {
		n--;
		con_putc(digits[(v >> (4 * n)) & 0xf]);
	}
}

void con_hex(uint64_t v)
{
	con_puts("0x");
	put_hex_digits(v, 1);
}

void con_hex2(uint64_t v)
{
	con_puts("0x");
	put_hex_digits(v, 2);
}

void con_dec(uint64_t v)
{
	char buf[20]; /* 2^64 - 1 has 20 digits */
	unsigned n = 0;

	do {
		buf[n++] = (char)('0' + v % 10);
		v /= 10;
	} while (v != 0);
	while (n > 0)
		con_putc(buf[--n]);
}

void con_field(const char *name, uint64_t v)
{
	con_putc(' ');
	con_puts(name);
	con_putc('=');
	con_dec(v);
}

static int uart_getc(void)
{
	if (uart_fr() & UART_FR_RXFE)
		return -1;
	return (int)(mmio_read32(GUEST_UART_BASE + UART_DR) & UART_DR_DATA);
}

static void rx_unthrottle(void)
{
	if (rx.throttled && rx.head - rx.tail <= RX_RING / 2) {
		rx.throttled = false;
		if (rx.irq_mode)
			mmio_write32(GUEST_UART_BASE + UART_IMSC, (uint32_t)UART_INT_RX);
	}
}

/* Bytes the handler queued come first, also just after `uartirq off`. */
int con_getc(void)
{
	uint8_t c;

	if (rx.tail != rx.head) {
		c = rx.buf[rx.tail % RX_RING];
		rx.tail = rx.tail + 1;
		rx_unthrottle();
		return c;
	}
	return rx.irq_mode ? -1 : uart_getc();
}

bool con_rx_pending(void)
{
	return rx.tail != rx.head;
}

bool con_rx_irq_mode(void)
{
	return rx.irq_mode;
}

/*
 * Clears, then drains the receive FIFO (which also lowers RXRIS and RTRIS). In
 * this order a byte arriving meanwhile is either read here or raises the
 * interrupt again; clearing last could lose its interrupt while it waits in the
 * FIFO. A sender can keep the FIFO fed while we read, so stop at a full ring.
 */
void con_on_rx_irq(uint64_t now)
{
	int c;

	(void)now;
	mmio_write32(GUEST_UART_BASE + UART_ICR, (uint32_t)UART_INT_RX);
	while (rx.head - rx.tail < RX_RING) {
		c = uart_getc();
		if (c < 0)
			return;
		rx.buf[rx.head % RX_RING] = (uint8_t)c;
		rx.head = rx.head + 1;
	}
	rx.throttled = true;
	mmio_write32(GUEST_UART_BASE + UART_IMSC, 0);
}

void con_set_rx_irq(bool on)
{
	if (on) {
		rx.irq_mode = true;
		irq_line_on(INTID_UART);
		mmio_write32(GUEST_UART_BASE + UART_IMSC, (uint32_t)UART_INT_RX);
		return;
	}
	mmio_write32(GUEST_UART_BASE + UART_IMSC, 0);
	irq_line_off(INTID_UART);
	rx.irq_mode = false;
	rx.throttled = false;
}
