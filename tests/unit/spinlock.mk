# SPDX-License-Identifier: MIT
# The hypervisor's ticket spinlock (hyp/include/spinlock.h), on the host's atomics: semantics, wrap, threads.
UNIT_TESTS += spinlock
unit_spinlock_SRCS := tests/unit/test_spinlock.c
unit_spinlock_CFLAGS := -pthread
