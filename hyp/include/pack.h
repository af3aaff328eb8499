/* SPDX-License-Identifier: MIT */
/*
 * The hypervisor's reader for the payload package (format: include/shoji/pack.h).
 * Pure logic over bytes: no allocation, no hardware access, host-unit-tested.
 */
#ifndef SHOJI_HYP_PACK_H
#define SHOJI_HYP_PACK_H

#include <shoji/pack.h>

#define PACK_OK            0
#define PACK_ERR_ARG       (-1)  /* NULL base or handle */
#define PACK_ERR_ALIGN     (-2)  /* base or an entry's offset not PACK_ALIGN-aligned */
#define PACK_ERR_TRUNCATED (-3)  /* header, table or total_size beyond the bytes available */
#define PACK_ERR_MAGIC     (-4)  /* no package here */
#define PACK_ERR_VERSION   (-5)  /* a format this hypervisor does not read */
#define PACK_ERR_COUNT     (-6)  /* more than PACK_MAX_ENTRIES entries */
#define PACK_ERR_HEADER    (-7)  /* table_size, total_size or reserved inconsistent */
#define PACK_ERR_NAME      (-8)  /* unterminated, empty, not NUL-padded or outside [a-z0-9._-] */
#define PACK_ERR_DUPLICATE (-9)  /* two entries with the same name */
#define PACK_ERR_BOUNDS    (-10) /* empty payload, or one reaching into the table or past total_size */
#define PACK_ERR_OVERLAP   (-11) /* two payloads share a byte */

/* A validated package. Only pack_open() fills it; nothing in it is trusted before. */
struct pack {
	const uint8_t *base;
	uint64_t size; /* header.total_size, <= the bytes available */
	const struct pack_entry *entries;
	uint32_t num_entries;
};

/*
 * Validates the package at base, of which `avail` bytes may be read, and on
 * success fills *p. Every field is treated as hostile (a corrupted or truncated
 * image): nothing is read past `avail`, and no sum can wrap. On failure *p is
 * left untouched and the PACK_ERR_* code says what was wrong. Neither the
 * SHA-256 digests nor the signatures are checked here: verified boot does that
 * for each VM's payloads before it first starts.
 */
int pack_open(struct pack *p, const void *base, size_t avail);

/*
 * Finds the payload called `name` in an opened package. On success returns its
 * table entry and, through data and size when they are not NULL, its bytes;
 * otherwise returns NULL and leaves *data and *size alone.
 */
const struct pack_entry *pack_find(const struct pack *p, const char *name, const void **data, size_t *size);

/* A short English description of a PACK_ERR_* code, for the boot log. */
const char *pack_strerror(int err);

#endif /* SHOJI_HYP_PACK_H */
