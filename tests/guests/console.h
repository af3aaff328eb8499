/* SPDX-License-Identifier: MIT */
/* PL011 console (polled, or receiving by interrupt) and the tiny number formatter the replies need. */
#ifndef SHOJI_GUEST_CONSOLE_H
#define SHOJI_GUEST_CONSOLE_H

#include <shoji/types.h>

void con_putc(char c);
void con_puts(const char *s);
void con_hex(uint64_t v);  /* "0x" and the fewest lowercase digits */
void con_hex2(uint64_t v); /* "0x" and at least two digits, for ESR.EC */
void con_dec(uint64_t v);
void con_field(const char *name, uint64_t v); /* " <name>=<v>", v in decimal: the reply fields */
void con_nl(void);
/* The next received byte, or -1 when none is waiting; never blocks. */
int con_getc(void);

/* `uartirq on|off`: receive by interrupt into a ring (SPI INTID_UART), or poll (the default). */
void con_set_rx_irq(bool on);
bool con_rx_irq_mode(void);
/* In interrupt mode: bytes are queued for con_getc. */
bool con_rx_pending(void);

#endif /* SHOJI_GUEST_CONSOLE_H */
