// SPDX-License-Identifier: MIT
/* Unit tests for the bounded formatter (hyp/lib/fmt.c) and exception-class names (hyp/core/esr.c). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <lib.h>
#include <trap.h>

static char buf[64];

static void formats_integers(void **state)
{
	(void)state;
	assert_int_equal(fmt_snprintf(buf, sizeof(buf), "%d %i %u", -42, 7, 4000000000U), 16);
	assert_string_equal(buf, "-42 7 4000000000");
	fmt_snprintf(buf, sizeof(buf), "%lld %llu", (long long)INT64_MIN, (unsigned long long)UINT64_MAX);
	assert_string_equal(buf, "-9223372036854775808 18446744073709551615");
	fmt_snprintf(buf, sizeof(buf), "%x %X %llx", 0xbeefU, 0xbeefU, 0x1234567890abcdefULL);
	assert_string_equal(buf, "beef BEEF 1234567890abcdef");
	fmt_snprintf(buf, sizeof(buf), "%d", 0);
	assert_string_equal(buf, "0");
}

static void pads_fields(void **state)
{
	(void)state;
	fmt_snprintf(buf, sizeof(buf), "[%5d][%-5d][%05d][%016llx]", 42, 42, -42, 0xabcULL);
	assert_string_equal(buf, "[   42][42   ][-0042][0000000000000abc]");
	fmt_snprintf(buf, sizeof(buf), "[%6s][%-6s]", "ab", "cd");
	assert_string_equal(buf, "[    ab][cd    ]");
	fmt_snprintf(buf, sizeof(buf), "%p", (void *)0x1000);
	assert_string_equal(buf, "0x0000000000001000");
}

static void truncates_never_overflows(void **state)
{
	(void)state;
	char small[8];
	memset(small, 'Z', sizeof(small));
	size_t n = fmt_snprintf(small, 6, "%s", "abcdefghij");
	assert_int_equal(n, 5);
	assert_string_equal(small, "abcde");
	assert_int_equal(small[6], 'Z');
	n = fmt_snprintf(small, 1, "%d", 12345);
	assert_int_equal(n, 0);
	assert_int_equal(small[0], '\0');
	/* A huge width is capped, not an overflow. */
	n = fmt_snprintf(buf, sizeof(buf), "%99999d", 1);
	assert_true(n < sizeof(buf));
}

static void formats_hex_bytes(void **state)
{
	(void)state;
	static const uint8_t bytes[] = {0x00, 0x1f, 0xa0, 0xff};
	char small[6];

	assert_int_equal(fmt_hex(buf, sizeof(buf), bytes, sizeof(bytes)), 8);
	assert_string_equal(buf, "001fa0ff");
	memset(small, 'Z', sizeof(small));
	assert_int_equal(fmt_hex(small, 5, bytes, sizeof(bytes)), 4); /* truncated, terminated, nothing past 5 */
	assert_string_equal(small, "001f");
	assert_int_equal(small[5], 'Z');
	assert_int_equal(fmt_hex(small, 0, bytes, sizeof(bytes)), 0);
	assert_int_equal(small[0], '0');
}

static void odd_formats_are_visible(void **state)
{
	(void)state;
	/* Deliberately malformed: hide it from the compiler's format checking. */
	const char *volatile odd = "%s|%q|100%%|%";
	const char *volatile null_str = NULL;
	fmt_snprintf(buf, sizeof(buf), odd, null_str);
	assert_string_equal(buf, "(null)|%q|100%|%");
	fmt_snprintf(buf, sizeof(buf), "%c%c", 'o', 'k');
	assert_string_equal(buf, "ok");
}

static void bounded_string_compare(void **state)
{
	(void)state;
	assert_true(str_eq_bounded("vpn", "vpn", 16));
	assert_false(str_eq_bounded("vpn", "vpn2", 16));
	assert_false(str_eq_bounded("apps", "app", 16));
	/* Unterminated input is never read past max. */
	char a[4] = {'a', 'b', 'c', 'd'};
	char b[4] = {'a', 'b', 'c', 'd'};
	assert_true(str_eq_bounded(a, b, sizeof(a)));
}

static void names_exception_classes(void **state)
{
	(void)state;
	assert_string_equal(esr_class_name(0x25), "data abort, same EL");
	assert_string_equal(esr_class_name(0x24), "data abort, lower EL");
	assert_string_equal(esr_class_name(0x16), "HVC");
	assert_string_equal(esr_class_name(0x17), "SMC");
	assert_string_equal(esr_class_name(0x3f), "reserved");
	assert_string_equal(esr_class_name(0x1234), "reserved");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(formats_integers),          cmocka_unit_test(pads_fields),
		cmocka_unit_test(truncates_never_overflows), cmocka_unit_test(odd_formats_are_visible),
		cmocka_unit_test(bounded_string_compare),    cmocka_unit_test(names_exception_classes),
		cmocka_unit_test(formats_hex_bytes),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
