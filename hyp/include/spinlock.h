/* SPDX-License-Identifier: MIT */
/*
 * A test-and-set spinlock for the few short critical sections shared between
 * CPUs (console output, a VM's emulated distributor). Usable only with the MMU
 * on: exclusives need normal cacheable memory.
 */
#ifndef SHOJI_SPINLOCK_H
#define SHOJI_SPINLOCK_H

#include <shoji/types.h>

struct spinlock {
	uint32_t locked;
};

#define SPINLOCK_INIT \
	{             \
		0     \
	}

static inline void spin_lock(struct spinlock *l)
{
	while (__atomic_exchange_n(&l->locked, 1U, __ATOMIC_ACQUIRE) != 0) {
		while (__atomic_load_n(&l->locked, __ATOMIC_RELAXED) != 0) {
		}
	}
}

static inline bool spin_trylock(struct spinlock *l)
{
	return __atomic_exchange_n(&l->locked, 1U, __ATOMIC_ACQUIRE) == 0;
}

static inline void spin_unlock(struct spinlock *l)
{
	__atomic_store_n(&l->locked, 0U, __ATOMIC_RELEASE);
}

#endif /* SHOJI_SPINLOCK_H */
