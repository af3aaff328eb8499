/* SPDX-License-Identifier: MIT */
/* The physical console UART (driver chosen by the board) and the hypervisor's own log. */
#ifndef SHOJI_CONSOLE_HW_H
#define SHOJI_CONSOLE_HW_H

#include <shoji/types.h>

/* UART driver interface (hyp/drivers/<uart>.c). */
void uart_init(uintptr_t base);
void uart_putc(char c);
/* Returns -1 when no byte is waiting. */
int uart_getc(void);
void uart_rx_irq_enable(bool on);

/* Writes raw bytes to the UART under the console lock. */
void log_write(const char *s, size_t n);
/* One tagged hypervisor line: "[shoji] " + formatted text + newline. Bounded. */
void log_line(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* The panic path: bypasses the lock (another CPU may hold it forever). */
void log_panic_line(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

#endif /* SHOJI_CONSOLE_HW_H */
