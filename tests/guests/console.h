/* SPDX-License-Identifier: MIT */
/* Polled PL011 console and the tiny number formatter the guest's replies need. */
#ifndef SHOJI_GUEST_CONSOLE_H
#define SHOJI_GUEST_CONSOLE_H

#include <shoji/types.h>

void con_putc(char c);
void con_puts(const char *s);
void con_hex(uint64_t v);  /* "0x" and the fewest lowercase digits */
void con_hex2(uint64_t v); /* "0x" and at least two digits, for ESR.EC */
void con_dec(uint64_t v);
void con_nl(void);
/* The next received byte, or -1 when none is waiting; never blocks. */
int con_getc(void);

#endif /* SHOJI_GUEST_CONSOLE_H */
