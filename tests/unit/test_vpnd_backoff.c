/* SPDX-License-Identifier: MIT */
/* vpnd's reconnect delays (vms/linux/vpnd/backoff.c): doubling, the cap, reset, and the edges. */
#include <limits.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "backoff.h"

static void expect_sequence(struct backoff *b, const unsigned *want, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		unsigned got = backoff_next(b);

		if (got != want[i]) {
			fail_msg("delay %zu: %u, expected %u", i, got, want[i]);
		}
	}
}

static void test_doubles_to_cap(void **state)
{
	static const unsigned want[] = {1, 2, 4, 8, 16, 32, 60, 60, 60};
	struct backoff b;

	(void)state;
	backoff_init(&b, 1, 60);
	expect_sequence(&b, want, sizeof(want) / sizeof(want[0]));
}

static void test_cap_not_a_power_of_two(void **state)
{
	static const unsigned want[] = {3, 6, 10, 10};
	struct backoff b;

	(void)state;
	backoff_init(&b, 3, 10);
	expect_sequence(&b, want, sizeof(want) / sizeof(want[0]));
}

static void test_reset(void **state)
{
	static const unsigned again[] = {2, 4, 8};
	struct backoff b;

	(void)state;
	backoff_init(&b, 2, 8);
	(void)backoff_next(&b);
	(void)backoff_next(&b);
	(void)backoff_next(&b);
	assert_int_equal(backoff_next(&b), 8);
	backoff_reset(&b);
	expect_sequence(&b, again, sizeof(again) / sizeof(again[0]));
	/* Reset before any failure changes nothing. */
	backoff_reset(&b);
	backoff_reset(&b);
	assert_int_equal(backoff_next(&b), 2);
}

static void test_min_equals_max(void **state)
{
	static const unsigned want[] = {5, 5, 5};
	struct backoff b;

	(void)state;
	backoff_init(&b, 5, 5);
	expect_sequence(&b, want, sizeof(want) / sizeof(want[0]));
}

static void test_bad_bounds_clamped(void **state)
{
	static const unsigned never_zero[] = {1, 2, 4, 4};
	static const unsigned max_below_min[] = {9, 9};
	struct backoff b;

	(void)state;
	/* A zero delay would turn a refusing gateway into a busy loop. */
	backoff_init(&b, 0, 4);
	expect_sequence(&b, never_zero, sizeof(never_zero) / sizeof(never_zero[0]));
	backoff_init(&b, 9, 3);
	expect_sequence(&b, max_below_min, sizeof(max_below_min) / sizeof(max_below_min[0]));
}

static void test_no_overflow(void **state)
{
	static const unsigned want[] = {3000000000U, UINT_MAX, UINT_MAX};
	static const unsigned half[] = {UINT_MAX / 2, UINT_MAX - 1, UINT_MAX};
	struct backoff b;

	(void)state;
	backoff_init(&b, 3000000000U, UINT_MAX);
	expect_sequence(&b, want, sizeof(want) / sizeof(want[0]));
	backoff_init(&b, UINT_MAX / 2, UINT_MAX);
	expect_sequence(&b, half, sizeof(half) / sizeof(half[0]));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_doubles_to_cap),
		cmocka_unit_test(test_cap_not_a_power_of_two),
		cmocka_unit_test(test_reset),
		cmocka_unit_test(test_min_equals_max),
		cmocka_unit_test(test_bad_bounds_clamped),
		cmocka_unit_test(test_no_overflow),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
