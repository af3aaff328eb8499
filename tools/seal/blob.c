/* SPDX-License-Identifier: MIT */
/* The sealed-blob format: header in, header out (blob.h). */
#include <string.h>

#include "blob.h"

void seal_header_init(struct shoji_sealed_header *h, uint64_t label, const uint8_t nonce[SHOJI_SEALED_NONCE_SIZE],
		      uint32_t length)
{
	memset(h, 0, sizeof(*h));
	h->magic = SHOJI_SEALED_MAGIC;
	h->version = SHOJI_SEALED_VERSION;
	h->length = length;
	h->label = label;
	memcpy(h->nonce, nonce, sizeof(h->nonce));
}

enum shoji_sealed_fault seal_blob_parse(const uint8_t *blob, size_t size, struct shoji_sealed_header *h)
{
	memset(h, 0, sizeof(*h));
	if (size < sizeof(*h)) {
		return SHOJI_SEALED_SHORT;
	}
	memcpy(h, blob, sizeof(*h)); /* one copy: what is checked is what is used */
	enum shoji_sealed_fault f = shoji_sealed_check(h, size);
	if (f == SHOJI_SEALED_OK && size != sizeof(*h) + h->length) {
		return SHOJI_SEALED_BAD_LENGTH;
	}
	return f;
}

const char *seal_fault_text(enum shoji_sealed_fault f)
{
	switch (f) {
	case SHOJI_SEALED_OK:
		return "well formed";
	case SHOJI_SEALED_SHORT:
		return "too short for a sealed blob";
	case SHOJI_SEALED_BAD_MAGIC:
		return "not a sealed blob (no SHOJISB magic)";
	case SHOJI_SEALED_BAD_VERSION:
		return "a sealed blob of another format version";
	case SHOJI_SEALED_BAD_HEADER:
		return "a sealed blob with a malformed header (reserved bits set)";
	case SHOJI_SEALED_BAD_LENGTH:
		return "a sealed blob whose length field does not match its size";
	}
	return "not a sealed blob";
}

bool seal_parse_label(const char *s, uint64_t *label)
{
	uint64_t v = 0;
	unsigned int base = 10;
	size_t i = 0;

	if (s[0] == '0' && (s[1] == 'x' || s[1] == 'X')) {
		base = 16;
		i = 2;
	}
	if (s[i] == '\0') {
		return false;
	}
	for (; s[i] != '\0'; i++) {
		char c = s[i];
		unsigned int d;

		if (c >= '0' && c <= '9') {
			d = (unsigned int)(c - '0');
		} else if (base == 16 && c >= 'a' && c <= 'f') {
			d = (unsigned int)(c - 'a' + 10);
		} else if (base == 16 && c >= 'A' && c <= 'F') {
			d = (unsigned int)(c - 'A' + 10);
		} else {
			return false;
		}
		if (v > (UINT64_MAX - d) / base) {
			return false; /* more than 64 bits */
		}
		v = v * base + d;
	}
	*label = v;
	return true;
}
