// SPDX-License-Identifier: MIT
/* Unit tests for the payload package parser (hyp/core/pack.c): a good package, then every way to corrupt one. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include <pack.h>

#define PAGE       4096
#define BUF_PAGES  (PACK_MAX_ENTRIES + 2)
#define GOOD_TOTAL (5 * PAGE)

static _Alignas(PAGE) uint8_t buf[BUF_PAGES * PAGE];

static struct pack_header *hdr(void)
{
	return (struct pack_header *)buf;
}

static struct pack_entry *ent(unsigned int i)
{
	return (struct pack_entry *)(buf + sizeof(struct pack_header)) + i;
}

static void set_entry(unsigned int i, const char *name, uint64_t offset, uint64_t size)
{
	struct pack_entry *e = ent(i);

	memset(e, 0, sizeof(*e));
	strncpy(e->name, name, sizeof(e->name)); /* NUL-pads, as the format wants */
	e->offset = offset;
	e->size = size;
}

static void set_header(uint32_t n, uint64_t total)
{
	memcpy(hdr()->magic, PACK_MAGIC, PACK_MAGIC_SIZE);
	hdr()->version = PACK_VERSION;
	hdr()->table_size = (uint32_t)(sizeof(struct pack_header) + n * sizeof(struct pack_entry));
	hdr()->num_entries = n;
	hdr()->reserved = 0;
	hdr()->total_size = total;
}

/*
 * The good package every test starts from: a payload spanning one and a half
 * pages, a tiny one, and one of exactly a page, back to back.
 */
static int setup(void **state)
{
	(void)state;
	memset(buf, 0, sizeof(buf));
	set_header(3, GOOD_TOTAL);
	set_entry(0, "vpn.kernel", 0x1000, 0x1800);
	set_entry(1, "vpn.dtb", 0x3000, 10);
	set_entry(2, "apps.kernel", 0x4000, 0x1000);
	memset(buf + 0x1000, 0x11, 0x1800);
	memset(buf + 0x3000, 0x22, 10);
	memset(buf + 0x4000, 0x33, 0x1000);
	return 0;
}

/*
 * Opens a copy of the first `avail` bytes in a heap block of exactly that size,
 * so AddressSanitizer catches any read past what the parser was allowed.
 */
static int open_exact(struct pack *p, size_t avail)
{
	void *copy = NULL;

	assert_int_equal(posix_memalign(&copy, PAGE, avail == 0 ? 1 : avail), 0);
	memcpy(copy, buf, avail);
	int err = pack_open(p, copy, avail);
	free(copy);
	return err;
}

static int open_good_size(void)
{
	struct pack p;

	return open_exact(&p, GOOD_TOTAL);
}

static void opens_good_package(void **state)
{
	(void)state;
	struct pack p;
	const void *data = NULL;
	size_t size = 0;

	assert_int_equal(pack_open(&p, buf, GOOD_TOTAL), PACK_OK);
	assert_int_equal(p.num_entries, 3);
	assert_int_equal(p.size, GOOD_TOTAL);

	const struct pack_entry *e = pack_find(&p, "vpn.kernel", &data, &size);
	assert_ptr_equal(e, ent(0));
	assert_ptr_equal(data, buf + 0x1000);
	assert_int_equal(size, 0x1800);
	assert_int_equal(((const uint8_t *)data)[size - 1], 0x11);

	assert_ptr_equal(pack_find(&p, "vpn.dtb", &data, &size), ent(1));
	assert_ptr_equal(data, buf + 0x3000);
	assert_int_equal(size, 10);
	assert_ptr_equal(pack_find(&p, "apps.kernel", NULL, NULL), ent(2));

	/* More room than the package needs is fine: the image may be followed by anything. */
	assert_int_equal(pack_open(&p, buf, sizeof(buf)), PACK_OK);
	assert_int_equal(p.size, GOOD_TOTAL);
	assert_int_equal(open_good_size(), PACK_OK);
}

static void find_misses_leave_outputs_alone(void **state)
{
	(void)state;
	struct pack p;
	const void *data = (const void *)0x1234;
	size_t size = 99;
	char longname[100];

	memset(longname, 'a', sizeof(longname) - 1);
	longname[sizeof(longname) - 1] = '\0';
	assert_int_equal(pack_open(&p, buf, GOOD_TOTAL), PACK_OK);
	assert_null(pack_find(&p, "vpn", &data, &size)); /* a prefix is not a match */
	assert_null(pack_find(&p, "vpn.kernel2", &data, &size));
	assert_null(pack_find(&p, "", &data, &size));
	assert_null(pack_find(&p, longname, &data, &size));
	assert_null(pack_find(&p, NULL, &data, &size));
	assert_null(pack_find(NULL, "vpn.kernel", &data, &size));
	assert_ptr_equal(data, (const void *)0x1234);
	assert_int_equal(size, 99);
}

/* The parser does not interpret signatures (verified boot does): any bytes there open, and come back unchanged. */
static void signatures_are_opaque(void **state)
{
	(void)state;
	struct pack p;

	memset(ent(0)->sig, 0xff, PACK_SIG_SIZE);
	ent(1)->sig[PACK_SIG_SIZE - 1] = 1;
	assert_int_equal(open_good_size(), PACK_OK);
	assert_int_equal(pack_open(&p, buf, GOOD_TOTAL), PACK_OK);
	const struct pack_entry *e = pack_find(&p, "vpn.kernel", NULL, NULL);
	assert_non_null(e);
	assert_int_equal(e->sig[0], 0xff);
	assert_int_equal(pack_find(&p, "vpn.dtb", NULL, NULL)->sig[PACK_SIG_SIZE - 1], 1);
	assert_int_equal(pack_find(&p, "apps.kernel", NULL, NULL)->sig[0], 0);
}

static void empty_package_is_valid(void **state)
{
	(void)state;
	struct pack p;

	set_header(0, PAGE);
	assert_int_equal(open_exact(&p, PAGE), PACK_OK);
	assert_int_equal(p.num_entries, 0);
	assert_int_equal(pack_open(&p, buf, PAGE), PACK_OK);
	assert_null(pack_find(&p, "vpn.kernel", NULL, NULL));
}

static void accepts_max_entries(void **state)
{
	(void)state;
	struct pack p;
	char name[8];

	set_header(PACK_MAX_ENTRIES, (PACK_MAX_ENTRIES + 1) * PAGE);
	for (unsigned int i = 0; i < PACK_MAX_ENTRIES; i++) {
		name[0] = 'e';
		name[1] = (char)('a' + i);
		name[2] = '\0';
		set_entry(i, name, (uint64_t)(i + 1) * PAGE, PAGE);
	}
	assert_int_equal(open_exact(&p, (PACK_MAX_ENTRIES + 1) * PAGE), PACK_OK);
	assert_int_equal(pack_open(&p, buf, sizeof(buf)), PACK_OK);
	assert_int_equal(p.num_entries, PACK_MAX_ENTRIES);
	assert_ptr_equal(pack_find(&p, "ep", NULL, NULL), ent(PACK_MAX_ENTRIES - 1));
}

static void failure_leaves_handle_untouched(void **state)
{
	(void)state;
	struct pack p;
	struct pack before;

	memset(&p, 0xa5, sizeof(p));
	memcpy(&before, &p, sizeof(p));
	hdr()->magic[0] = 'X';
	assert_int_equal(pack_open(&p, buf, GOOD_TOTAL), PACK_ERR_MAGIC);
	assert_memory_equal(&p, &before, sizeof(p));
}

static void rejects_null_and_misaligned_base(void **state)
{
	(void)state;
	struct pack p;

	assert_int_equal(pack_open(NULL, buf, GOOD_TOTAL), PACK_ERR_ARG);
	assert_int_equal(pack_open(&p, NULL, GOOD_TOTAL), PACK_ERR_ARG);
	memmove(buf + 8, buf, GOOD_TOTAL);
	assert_int_equal(pack_open(&p, buf + 8, GOOD_TOTAL), PACK_ERR_ALIGN);
}

static void rejects_bad_magic(void **state)
{
	(void)state;
	hdr()->magic[7] = '!'; /* even the terminator is part of the magic */
	assert_int_equal(open_good_size(), PACK_ERR_MAGIC);
	memset(buf, 0, PAGE); /* an unpacked image: zeros after __image_end */
	assert_int_equal(open_good_size(), PACK_ERR_MAGIC);
}

static void rejects_other_versions(void **state)
{
	(void)state;
	hdr()->version = 0;
	assert_int_equal(open_good_size(), PACK_ERR_VERSION);
	/* Version 1 had no signatures: an old image must not pass for an unsigned new one. */
	hdr()->version = 1;
	assert_int_equal(open_good_size(), PACK_ERR_VERSION);
	hdr()->version = 3;
	assert_int_equal(open_good_size(), PACK_ERR_VERSION);
	hdr()->version = 0x02000000; /* 2 in the wrong byte order */
	assert_int_equal(open_good_size(), PACK_ERR_VERSION);
}

static void rejects_truncated(void **state)
{
	(void)state;
	struct pack p;

	assert_int_equal(open_exact(&p, 0), PACK_ERR_TRUNCATED);
	assert_int_equal(open_exact(&p, sizeof(struct pack_header) - 1), PACK_ERR_TRUNCATED);
	assert_int_equal(open_exact(&p, sizeof(struct pack_header)), PACK_ERR_TRUNCATED);
	assert_int_equal(open_exact(&p, PAGE), PACK_ERR_TRUNCATED);
	assert_int_equal(open_exact(&p, GOOD_TOTAL - 1), PACK_ERR_TRUNCATED);
	/* A total_size the bytes available do not hold, however plausible its alignment. */
	hdr()->total_size = ULL(0xfffffffffffff000);
	assert_int_equal(open_good_size(), PACK_ERR_TRUNCATED);
}

static void rejects_inconsistent_header(void **state)
{
	(void)state;
	hdr()->table_size += 1;
	assert_int_equal(open_good_size(), PACK_ERR_HEADER);
	setup(NULL);
	hdr()->table_size = 0;
	assert_int_equal(open_good_size(), PACK_ERR_HEADER);
	setup(NULL);
	hdr()->reserved = 1;
	assert_int_equal(open_good_size(), PACK_ERR_HEADER);
	setup(NULL);
	hdr()->total_size = GOOD_TOTAL - 1; /* not a page multiple */
	assert_int_equal(open_good_size(), PACK_ERR_HEADER);
	setup(NULL);
	hdr()->total_size = 0; /* smaller than the table's page */
	assert_int_equal(open_good_size(), PACK_ERR_HEADER);
}

static void rejects_too_many(void **state)
{
	(void)state;
	hdr()->num_entries = PACK_MAX_ENTRIES + 1;
	assert_int_equal(open_good_size(), PACK_ERR_COUNT);
	hdr()->num_entries = UINT32_MAX; /* table_size would overflow 32 bits */
	assert_int_equal(open_good_size(), PACK_ERR_COUNT);
}

static void rejects_entry_out_of_bounds(void **state)
{
	(void)state;
	ent(2)->offset = GOOD_TOTAL; /* starts at the end */
	assert_int_equal(open_good_size(), PACK_ERR_BOUNDS);
	setup(NULL);
	ent(2)->size = 0x1001; /* ends one byte past */
	assert_int_equal(open_good_size(), PACK_ERR_BOUNDS);
	setup(NULL);
	ent(1)->size = 0; /* an empty payload is a packing mistake */
	assert_int_equal(open_good_size(), PACK_ERR_BOUNDS);
	setup(NULL);
	ent(0)->offset = 0; /* over the header and table */
	assert_int_equal(open_good_size(), PACK_ERR_BOUNDS);
}

static void rejects_offset_size_overflow(void **state)
{
	(void)state;
	/* 0x3000 + size wraps to 0x1000: a naive end check would pass it. */
	ent(1)->size = ULL(0xffffffffffffe000);
	assert_int_equal(open_good_size(), PACK_ERR_BOUNDS);
	setup(NULL);
	ent(1)->offset = ULL(0xfffffffffffff000);
	ent(1)->size = 0x2000;
	assert_int_equal(open_good_size(), PACK_ERR_BOUNDS);
	setup(NULL);
	ent(1)->size = UINT64_MAX;
	assert_int_equal(open_good_size(), PACK_ERR_BOUNDS);
}

static void rejects_unaligned_entry(void **state)
{
	(void)state;
	ent(1)->offset = 0x3008;
	assert_int_equal(open_good_size(), PACK_ERR_ALIGN);
	setup(NULL);
	ent(2)->offset = 0x4000 - 1;
	assert_int_equal(open_good_size(), PACK_ERR_ALIGN);
}

static void rejects_overlap(void **state)
{
	(void)state;
	ent(1)->offset = 0x2000; /* inside vpn.kernel's second page */
	assert_int_equal(open_good_size(), PACK_ERR_OVERLAP);
	setup(NULL);
	ent(2)->offset = 0x1000; /* the same bytes under another name */
	assert_int_equal(open_good_size(), PACK_ERR_OVERLAP);
	setup(NULL);
	ent(0)->size = 0x2001; /* grows one byte into vpn.dtb */
	assert_int_equal(open_good_size(), PACK_ERR_OVERLAP);
	setup(NULL);
	ent(0)->size = 0x2000; /* ends exactly where vpn.dtb starts: fine */
	assert_int_equal(open_good_size(), PACK_OK);
}

static void rejects_duplicate(void **state)
{
	(void)state;
	strcpy(ent(2)->name, "vpn.kernel");
	assert_int_equal(open_good_size(), PACK_ERR_DUPLICATE);
}

static void rejects_bad_names(void **state)
{
	(void)state;
	static const char *const bad[] = {"", "Vpn.kernel", "vpn kernel", "vpn/kernel", "vpn\\k", "vpn\xc3\xa9", "a+b"};

	for (size_t i = 0; i < ARRAY_SIZE(bad); i++) {
		setup(NULL);
		set_entry(1, bad[i], 0x3000, 10);
		assert_int_equal(open_good_size(), PACK_ERR_NAME);
	}
	setup(NULL);
	memset(ent(1)->name, 'a', PACK_NAME_SIZE); /* no terminator in the field */
	assert_int_equal(open_good_size(), PACK_ERR_NAME);
	setup(NULL);
	memcpy(ent(1)->name, "dtb\0x", 5); /* junk after the terminator: two encodings of one name */
	assert_int_equal(open_good_size(), PACK_ERR_NAME);
	setup(NULL);
	ent(1)->name[PACK_NAME_SIZE - 1] = 'z';
	assert_int_equal(open_good_size(), PACK_ERR_NAME);

	/* The longest name and every allowed character are accepted. */
	setup(NULL);
	set_entry(1, "abcdefghijklmnopqrstuvwxyz._-09", 0x3000, 10);
	assert_int_equal(strlen(ent(1)->name), PACK_NAME_MAX);
	assert_int_equal(open_good_size(), PACK_OK);
}

static void every_error_has_a_message(void **state)
{
	(void)state;
	const char *unknown = pack_strerror(-1000);

	for (int err = PACK_OK; err >= PACK_ERR_OVERLAP; err--) {
		const char *msg = pack_strerror(err);
		assert_non_null(msg);
		assert_true(msg[0] != '\0');
		assert_true(err == PACK_OK || strcmp(msg, unknown) != 0);
		for (int other = err + 1; other <= PACK_OK; other++) {
			assert_string_not_equal(msg, pack_strerror(other));
		}
	}
}

static uint64_t rng = 0x9e3779b97f4a7c15ULL;

static uint64_t next_random(void)
{
	rng ^= rng << 13;
	rng ^= rng >> 7;
	rng ^= rng << 17;
	return rng;
}

/*
 * Random corruptions of the header and table, and random truncation, must give
 * an error or a package whose every payload lies inside what was available;
 * AddressSanitizer turns any stray read into a failure.
 */
static void survives_random_corruption(void **state)
{
	(void)state;
	static const uint64_t interesting[] = {0, 1, 0x1000, 0xfff, UINT64_MAX, ULL(0x8000000000000000)};

	for (unsigned int iter = 0; iter < 20000; iter++) {
		struct pack p;

		setup(NULL);
		unsigned int flips = 1 + (unsigned int)(next_random() % 4);
		for (unsigned int f = 0; f < flips; f++) {
			size_t at =
				(size_t)(next_random() % (sizeof(struct pack_header) + 3 * sizeof(struct pack_entry)));
			if (next_random() % 4 == 0 && at + 8 <= PAGE) {
				uint64_t v = interesting[next_random() % ARRAY_SIZE(interesting)];
				memcpy(buf + (at & ~(size_t)7), &v, sizeof(v));
			} else {
				buf[at] ^= (uint8_t)(1U << (next_random() % 8));
			}
		}
		size_t avail = next_random() % 8 == 0 ? (size_t)(next_random() % (GOOD_TOTAL + 1)) : GOOD_TOTAL;
		if (open_exact(&p, avail) != PACK_OK) {
			continue;
		}
		assert_true(p.size <= avail);
		for (uint32_t i = 0; i < p.num_entries; i++) {
			assert_true(ent(i)->offset >= PAGE && ent(i)->size > 0);
			assert_true(ent(i)->offset + ent(i)->size <= p.size);
		}
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup(opens_good_package, setup),
		cmocka_unit_test_setup(find_misses_leave_outputs_alone, setup),
		cmocka_unit_test_setup(signatures_are_opaque, setup),
		cmocka_unit_test_setup(empty_package_is_valid, setup),
		cmocka_unit_test_setup(accepts_max_entries, setup),
		cmocka_unit_test_setup(failure_leaves_handle_untouched, setup),
		cmocka_unit_test_setup(rejects_null_and_misaligned_base, setup),
		cmocka_unit_test_setup(rejects_bad_magic, setup),
		cmocka_unit_test_setup(rejects_other_versions, setup),
		cmocka_unit_test_setup(rejects_truncated, setup),
		cmocka_unit_test_setup(rejects_inconsistent_header, setup),
		cmocka_unit_test_setup(rejects_too_many, setup),
		cmocka_unit_test_setup(rejects_entry_out_of_bounds, setup),
		cmocka_unit_test_setup(rejects_offset_size_overflow, setup),
		cmocka_unit_test_setup(rejects_unaligned_entry, setup),
		cmocka_unit_test_setup(rejects_overlap, setup),
		cmocka_unit_test_setup(rejects_duplicate, setup),
		cmocka_unit_test_setup(rejects_bad_names, setup),
		cmocka_unit_test(every_error_has_a_message),
		cmocka_unit_test(survives_random_corruption),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
