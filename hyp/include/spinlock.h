/* SPDX-License-Identifier: MIT */
/*
 * A ticket spinlock for the few short critical sections shared between CPUs (console
 * output, a VM's emulated distributor, the crypto). Fair: CPUs get the lock in the
 * order they asked for it, so a CPU that takes and drops a lock in a tight loop (a VM
 * writing its console as fast as it can) cannot keep another CPU out of it for ever,
 * as it could with a test-and-set lock (and did, under QEMU's one-thread icount
 * scheduling). Usable only with the MMU on: exclusives need normal cacheable memory.
 *
 * One 32-bit word: the ticket being served in the low half, the next ticket to hand out
 * in the high half, each wrapping at 16 bits. Taking a ticket and trylock are 32-bit
 * atomics on the word; the holder releases with a 16-bit store to the owner half alone
 * (STLRH: single-copy atomic, and it clears other CPUs' exclusive monitors on the word,
 * so a concurrent ticket is retried, never lost), as Linux's arm64 ticket lock did.
 */
#ifndef SHOJI_SPINLOCK_H
#define SHOJI_SPINLOCK_H

#include <shoji/types.h>

struct spinlock {
	union {
		uint32_t word; /* owner [15:0], next [31:16] */
		struct {
			uint16_t owner; /* little-endian: the low half of word */
			uint16_t next;
		} half;
	};
};

_Static_assert(__BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__, "the owner is the low half of the word");

#define SPINLOCK_INIT \
	{             \
		0     \
	}

#define SPINLOCK_NEXT_ONE 0x10000U

static inline uint32_t spin_owner(uint32_t word)
{
	return word & 0xffffU;
}

static inline uint32_t spin_next(uint32_t word)
{
	return word >> 16;
}

static inline void spin_lock(struct spinlock *l)
{
	uint32_t ticket = spin_next(__atomic_fetch_add(&l->word, SPINLOCK_NEXT_ONE, __ATOMIC_RELAXED));

	while (spin_owner(__atomic_load_n(&l->word, __ATOMIC_ACQUIRE)) != ticket) {
	}
}

/* Takes the lock only if nobody holds it or waits for it. */
static inline bool spin_trylock(struct spinlock *l)
{
	uint32_t old = __atomic_load_n(&l->word, __ATOMIC_RELAXED);

	if (spin_owner(old) != spin_next(old)) {
		return false;
	}
	return __atomic_compare_exchange_n(&l->word, &old, old + SPINLOCK_NEXT_ONE, false, __ATOMIC_ACQUIRE,
					   __ATOMIC_RELAXED);
}

/* Only the holder calls this, and only it writes the owner half. */
static inline void spin_unlock(struct spinlock *l)
{
	uint16_t owner = __atomic_load_n(&l->half.owner, __ATOMIC_RELAXED); /* others only CAS the whole word */

	__atomic_store_n(&l->half.owner, (uint16_t)(owner + 1U), __ATOMIC_RELEASE);
}

static inline bool spin_is_locked(const struct spinlock *l)
{
	uint32_t word = __atomic_load_n(&l->word, __ATOMIC_RELAXED);

	return spin_owner(word) != spin_next(word);
}

#endif /* SHOJI_SPINLOCK_H */
