/* SPDX-License-Identifier: MIT */
/*
 * Polled PL011 console. The UART is emulated by the hypervisor, so use only the
 * data and flag registers, 32-bit accesses only, and never program it: what
 * the emulation does not implement must not matter.
 */
#include "console.h"
#include "guest.h"

/* PL011 TRM (DDI 0183G) §3.2: UARTDR at 0x000, UARTFR at 0x018. */
#define UART_DR      U(0x000)
#define UART_FR      U(0x018)
#define UART_FR_RXFE BIT(4)
#define UART_FR_TXFF BIT(5)
#define UART_DR_DATA U(0xff)

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

int con_getc(void)
{
	if (uart_fr() & UART_FR_RXFE)
		return -1;
	return (int)(mmio_read32(GUEST_UART_BASE + UART_DR) & UART_DR_DATA);
}
