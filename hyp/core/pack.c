/* SPDX-License-Identifier: MIT */
/* Validates the payload package appended to the image and finds payloads in it by name. */
#include <lib.h>
#include <pack.h>

/*
 * The format is little-endian and read in place through its structs; both the
 * hypervisor (AArch64, EL2 data accesses little-endian) and the host tests are.
 */
_Static_assert(__BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__, "pack.c reads the little-endian format in place");
/* Payload sizes are handed out as size_t; a 64-bit one must fit without narrowing. */
_Static_assert(sizeof(size_t) == sizeof(uint64_t), "size_t holds a payload size");

/* What table_size must be for n entries; n is already <= PACK_MAX_ENTRIES. */
static uint64_t table_bytes(uint32_t n)
{
	return sizeof(struct pack_header) + (uint64_t)n * sizeof(struct pack_entry);
}

/*
 * 1..PACK_NAME_MAX name characters, then NUL up to the end of the field. The
 * padding is checked too so that a name has exactly one encoding: two entries
 * differ in name exactly when their fields differ.
 */
static bool name_valid(const char name[PACK_NAME_SIZE])
{
	size_t len = 0;

	while (len < PACK_NAME_SIZE && name[len] != '\0') {
		if (!pack_name_char_valid(name[len])) {
			return false;
		}
		len++;
	}
	if (len == 0 || len > PACK_NAME_MAX) {
		return false; /* empty, or no terminator inside the field */
	}
	for (size_t i = len; i < PACK_NAME_SIZE; i++) {
		if (name[i] != '\0') {
			return false;
		}
	}
	return true;
}

/* A validated field against a caller's string; reads neither past its terminator. */
static bool name_matches(const char field[PACK_NAME_SIZE], const char *name)
{
	for (size_t i = 0; i < PACK_NAME_SIZE; i++) {
		if (field[i] != name[i]) {
			return false;
		}
		if (name[i] == '\0') {
			return true;
		}
	}
	return false; /* unreachable for a validated field: its last byte is NUL */
}

static int check_header(const struct pack_header *h, size_t avail)
{
	if (memcmp(h->magic, PACK_MAGIC, PACK_MAGIC_SIZE) != 0) {
		return PACK_ERR_MAGIC;
	}
	if (h->version != PACK_VERSION) {
		return PACK_ERR_VERSION;
	}
	if (h->num_entries > PACK_MAX_ENTRIES) {
		return PACK_ERR_COUNT;
	}
	if (h->reserved != 0 || h->table_size != table_bytes(h->num_entries)) {
		return PACK_ERR_HEADER;
	}
	/* Payload pages follow the table's page, and the package ends on a page boundary. */
	if (!IS_ALIGNED(h->total_size, PACK_ALIGN) || h->total_size < ALIGN_UP(h->table_size, PACK_ALIGN)) {
		return PACK_ERR_HEADER;
	}
	if (h->total_size > avail) {
		return PACK_ERR_TRUNCATED;
	}
	return PACK_OK;
}

/* One entry on its own: name, alignment, and [offset, offset + size) between the table and the end. */
static int check_entry(const struct pack_entry *e, uint64_t table_size, uint64_t total_size)
{
	if (!name_valid(e->name)) {
		return PACK_ERR_NAME;
	}
	if (!IS_ALIGNED(e->offset, PACK_ALIGN)) {
		return PACK_ERR_ALIGN;
	}
	/* range_inside() compares sizes, never offset + size, so a huge size cannot wrap past the check. */
	if (e->size == 0 || e->offset < table_size || !range_inside(e->offset, e->size, 0, total_size)) {
		return PACK_ERR_BOUNDS;
	}
	return PACK_OK;
}

/* Entry i against the entries before it, which have already passed check_entry(). */
static int check_against_earlier(const struct pack_entry *entries, uint32_t i)
{
	const struct pack_entry *e = &entries[i];

	for (uint32_t j = 0; j < i; j++) {
		if (memcmp(e->name, entries[j].name, PACK_NAME_SIZE) == 0) {
			return PACK_ERR_DUPLICATE;
		}
		if (ranges_overlap(e->offset, e->size, entries[j].offset, entries[j].size)) {
			return PACK_ERR_OVERLAP;
		}
	}
	return PACK_OK;
}

static int check_entries(const struct pack_header *h)
{
	const struct pack_entry *entries = (const struct pack_entry *)(h + 1);

	for (uint32_t i = 0; i < h->num_entries; i++) {
		int err = check_entry(&entries[i], h->table_size, h->total_size);

		if (err == PACK_OK) {
			err = check_against_earlier(entries, i);
		}
		if (err != PACK_OK) {
			return err;
		}
	}
	return PACK_OK;
}

int pack_open(struct pack *p, const void *base, size_t avail)
{
	const struct pack_header *h = base;

	if (p == NULL || base == NULL) {
		return PACK_ERR_ARG;
	}
	/* The image puts the package on a page; anything else is not our image, and the structs need it. */
	if (!IS_ALIGNED((uintptr_t)base, PACK_ALIGN)) {
		return PACK_ERR_ALIGN;
	}
	if (avail < sizeof(*h)) {
		return PACK_ERR_TRUNCATED;
	}
	int err = check_header(h, avail);
	if (err == PACK_OK) {
		err = check_entries(h); /* reads only the table, which check_header() put inside avail */
	}
	if (err != PACK_OK) {
		return err;
	}

	p->base = base;
	p->size = h->total_size;
	p->entries = (const struct pack_entry *)(h + 1);
	p->num_entries = h->num_entries;
	return PACK_OK;
}

const struct pack_entry *pack_find(const struct pack *p, const char *name, const void **data, size_t *size)
{
	if (p == NULL || name == NULL) {
		return NULL;
	}
	for (uint32_t i = 0; i < p->num_entries; i++) {
		const struct pack_entry *e = &p->entries[i];

		if (!name_matches(e->name, name)) {
			continue;
		}
		if (data != NULL) {
			*data = p->base + e->offset;
		}
		if (size != NULL) {
			*size = e->size;
		}
		return e;
	}
	return NULL;
}

const char *pack_strerror(int err)
{
	switch (err) {
	case PACK_OK:
		return "ok";
	case PACK_ERR_ARG:
		return "no package given";
	case PACK_ERR_ALIGN:
		return "misaligned package or payload";
	case PACK_ERR_TRUNCATED:
		return "package truncated";
	case PACK_ERR_MAGIC:
		return "no package magic";
	case PACK_ERR_VERSION:
		return "unsupported package version";
	case PACK_ERR_COUNT:
		return "too many payloads";
	case PACK_ERR_HEADER:
		return "inconsistent package header";
	case PACK_ERR_NAME:
		return "bad payload name";
	case PACK_ERR_DUPLICATE:
		return "duplicate payload name";
	case PACK_ERR_BOUNDS:
		return "payload outside the package";
	case PACK_ERR_OVERLAP:
		return "overlapping payloads";
	default:
		return "unknown package error";
	}
}
