// SPDX-License-Identifier: MIT
/*
 * Unit tests for the ticket spinlock (hyp/include/spinlock.h): what trylock and
 * is_locked say, the 16-bit counters wrapping, and mutual exclusion and progress with
 * real threads on the host's atomics (the same builtins the hypervisor uses).
 */
#include <pthread.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <spinlock.h>

static void free_lock_takes_and_drops(void **state)
{
	(void)state;
	struct spinlock l = SPINLOCK_INIT;

	assert_false(spin_is_locked(&l));
	spin_lock(&l);
	assert_true(spin_is_locked(&l));
	assert_false(spin_trylock(&l)); /* held */
	spin_unlock(&l);
	assert_false(spin_is_locked(&l));
	assert_true(spin_trylock(&l));
	assert_true(spin_is_locked(&l));
	spin_unlock(&l);
	assert_false(spin_is_locked(&l));
}

/* A waiter holds a ticket: trylock must not jump the queue, and is_locked says so. */
static void trylock_never_jumps_a_waiter(void **state)
{
	(void)state;
	struct spinlock l = {.word = 0x00020001U}; /* ticket 1 served, ticket 2 handed out: a holder and no waiter */

	assert_true(spin_is_locked(&l));
	assert_false(spin_trylock(&l));
	l.word = 0x00030001U; /* one holder and one waiter */
	assert_false(spin_trylock(&l));
	spin_unlock(&l); /* the holder leaves: the waiter's turn, still locked */
	assert_int_equal(l.word, 0x00030002U);
	assert_true(spin_is_locked(&l));
	spin_unlock(&l);
	assert_false(spin_is_locked(&l));
	assert_true(spin_trylock(&l));
	spin_unlock(&l);
}

/* The halves wrap at 16 bits, each on its own: an unlock never carries into the next-ticket half. */
static void counters_wrap(void **state)
{
	(void)state;
	struct spinlock l = {.word = 0xfffefffeU};

	for (unsigned int i = 0; i < 70000; i++) {
		spin_lock(&l);
		assert_true(spin_is_locked(&l));
		spin_unlock(&l);
		assert_false(spin_is_locked(&l));
		assert_int_equal(l.word >> 16, l.word & 0xffffU);
	}
	assert_true(spin_trylock(&l));
	spin_unlock(&l);
}

#define THREADS 4
#define ROUNDS  20000

static struct spinlock shared = SPINLOCK_INIT;
static volatile unsigned long counter; /* only ever touched under `shared` */
static volatile unsigned int inside;

static void *hammer(void *arg)
{
	(void)arg;
	for (unsigned int i = 0; i < ROUNDS; i++) {
		if (i % 3 == 0) {
			while (!spin_trylock(&shared)) {
			}
		} else {
			spin_lock(&shared);
		}
		inside++;
		if (inside != 1) {
			return (void *)1; /* two holders at once */
		}
		counter++;
		inside--;
		spin_unlock(&shared);
	}
	return NULL;
}

static void threads_exclude_each_other(void **state)
{
	(void)state;
	pthread_t t[THREADS];
	void *ret;

	for (unsigned int i = 0; i < THREADS; i++) {
		assert_int_equal(pthread_create(&t[i], NULL, hammer, NULL), 0);
	}
	for (unsigned int i = 0; i < THREADS; i++) {
		assert_int_equal(pthread_join(t[i], &ret), 0);
		assert_null(ret);
	}
	assert_int_equal(counter, (unsigned long)THREADS * ROUNDS);
	assert_false(spin_is_locked(&shared));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(free_lock_takes_and_drops),
		cmocka_unit_test(trylock_never_jumps_a_waiter),
		cmocka_unit_test(counters_wrap),
		cmocka_unit_test(threads_exclude_each_other),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
