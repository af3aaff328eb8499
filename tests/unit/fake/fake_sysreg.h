/* SPDX-License-Identifier: MIT */
/*
 * For host tests of code that reads a system register (the counter, its frequency):
 * force-included (`-include fake_sysreg.h` in the test's CFLAGS), it turns
 * read_sysreg(reg) into a call of the test's fake_read_sysreg("reg").
 */
#ifndef SHOJI_FAKE_SYSREG_H
#define SHOJI_FAKE_SYSREG_H

#include <stdint.h>

uint64_t fake_read_sysreg(const char *name);
#define read_sysreg(reg) fake_read_sysreg(#reg)

#endif /* SHOJI_FAKE_SYSREG_H */
