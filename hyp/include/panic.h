/* SPDX-License-Identifier: MIT */
/*
 * Stopping the machine on a hypervisor bug. Never reachable from guest input:
 * guests get error codes or injected aborts (STYLE.md, "Guest input").
 */
#ifndef SHOJI_PANIC_H
#define SHOJI_PANIC_H

#include <shoji/types.h>

void panic(const char *fmt, ...) __attribute__((noreturn, format(printf, 1, 2)));

/* Stop this CPU for good (PSCI CPU_OFF, falling back to a masked WFI loop). */
void cpu_stop(void) __attribute__((noreturn));

/* Set once any CPU panics; others stop when they see it. */
bool system_panicking(void);

#define ASSERT(cond)                                                                      \
	do {                                                                              \
		if (!(cond)) {                                                            \
			panic("assertion failed: %s (%s:%d)", #cond, __FILE__, __LINE__); \
		}                                                                         \
	} while (0)

#endif /* SHOJI_PANIC_H */
