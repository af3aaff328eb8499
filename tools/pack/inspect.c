/* SPDX-License-Identifier: MIT */
/* shoji-pack --list, --verify and --measure: reads a packed image the way the hypervisor does. */
#ifndef _POSIX_C_SOURCE
#define _POSIX_C_SOURCE 200809L /* posix_memalign, fileno */
#endif

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include <pack.h>
#include <shoji/partition.h>

#include "hexkey.h"
#include "internal.h"
#include "packer.h"
#include "sign.h"

/* A packed image in a page-aligned buffer (pack_open() wants the package on a page) and its package. */
struct image {
	uint8_t *data;
	size_t size;
	uint64_t pkg_offset;
	struct pack pack;
};

static int load_image(const char *path, struct image *img, char *err, size_t err_size)
{
	struct stat st;
	FILE *f = fopen(path, "rb");

	if (f == NULL) {
		return FAIL(err, err_size, "'%s': cannot open: %s", path, strerror(errno));
	}
	if (fstat(fileno(f), &st) != 0 || !S_ISREG(st.st_mode) || st.st_size <= 0 ||
	    (uint64_t)st.st_size > PACKER_DEFAULT_MAX) {
		(void)fclose(f);
		return FAIL(err, err_size, "'%s': not a regular file of 1 byte to 1 GiB", path);
	}
	img->size = (size_t)st.st_size;
	if (posix_memalign((void **)&img->data, PACK_ALIGN, img->size) != 0) {
		img->data = NULL;
		(void)fclose(f);
		return FAIL(err, err_size, "out of memory");
	}
	size_t got = fread(img->data, 1, img->size, f);
	(void)fclose(f);
	if (got != img->size) {
		return FAIL(err, err_size, "'%s': cannot read", path);
	}
	return PACKER_OK;
}

/* The header's total_size, read byte by byte (little-endian, any alignment). */
static uint64_t header_total_size(const uint8_t *h)
{
	uint64_t v = 0;

	for (unsigned int i = 0; i < 8; i++) {
		v |= (uint64_t)h[offsetof(struct pack_header, total_size) + i] << (8 * i);
	}
	return v;
}

/*
 * The package is on a page boundary after the hypervisor and ends with the file
 * (the packer puts it there and makes image_size the file's length). The first
 * page holds the Image header and code, so the search starts at the second; a
 * candidate must open with hyp/core/pack.c and end exactly at the end of the file.
 * The magic alone proves nothing: the hypervisor's own rodata holds it (pack.c), and
 * it may sit on a page boundary. So a candidate of another version is reported only
 * if its header says it ends the file.
 */
static int find_package(const char *path, struct image *img, char *err, size_t err_size)
{
	for (uint64_t off = PACK_ALIGN; off + sizeof(struct pack_header) <= img->size; off += PACK_ALIGN) {
		if (memcmp(img->data + off, PACK_MAGIC, PACK_MAGIC_SIZE) != 0) {
			continue;
		}
		struct pack p;
		int rc = pack_open(&p, img->data + off, img->size - (size_t)off);
		if (rc == PACK_OK && off + p.size == img->size) {
			img->pkg_offset = off;
			img->pack = p;
			return PACKER_OK;
		}
		if (rc == PACK_ERR_VERSION && header_total_size(img->data + off) == img->size - off) {
			return FAIL(err, err_size, "'%s': package at %#llx: %s (this tool reads version %u)", path,
				    (unsigned long long)off, pack_strerror(rc), PACK_VERSION);
		}
	}
	return FAIL(err, err_size, "'%s': no valid package ending the file: not a packed shoji.bin?", path);
}

static bool digest_ok(const struct image *img, const struct pack_entry *e)
{
	uint8_t d[PACK_SHA256_SIZE];

	return sign_payload_digest(img->pack.base + e->offset, e->size, d) == CRYPTO_OK &&
	       memcmp(d, e->sha256, sizeof(d)) == 0;
}

static bool sig_is_zero(const struct pack_entry *e)
{
	for (size_t i = 0; i < PACK_SIG_SIZE; i++) {
		if (e->sig[i] != 0) {
			return false;
		}
	}
	return true;
}

/*
 * One line per payload; with a key, the signature's verdict too. Returns how many payloads
 * failed. Sealed data is not the vendor's: "sig=n/a", and only its hash counts.
 */
static size_t list(const struct image *img, const struct crypto_p256_pub *pub, FILE *out)
{
	size_t bad = 0;

	for (uint32_t i = 0; i < img->pack.num_entries; i++) {
		const struct pack_entry *e = &img->pack.entries[i];
		char hex[2 * PACK_SHA256_SIZE + 1];
		bool hash = digest_ok(img, e);
		const char *sig = sig_is_zero(e) ? "zero" : "set";

		if (sign_exempt(e->name)) {
			sig = "n/a";
		} else if (pub != NULL) {
			sig = sig_is_zero(e) ? "zero" : sign_verify_entry(pub, e) == CRYPTO_OK ? "ok" : "BAD";
		}
		hex_encode(e->sha256, PACK_SHA256_SIZE, hex);
		(void)fprintf(out, "%s offset=%#llx size=%llu sha256=%s hash=%s sig=%s\n", e->name,
			      (unsigned long long)(img->pkg_offset + e->offset), (unsigned long long)e->size, hex,
			      hash ? "ok" : "BAD", sig);
		if (!hash || (pub != NULL && strcmp(sig, "ok") != 0 && strcmp(sig, "n/a") != 0)) {
			bad++;
		}
	}
	return bad;
}

/* "<vm>.<kind>" for each kind of attest.h's measurement, the entries present; false if vm is no VM name. */
static bool vm_entries(const struct image *img, const char *vm, const struct pack_entry *entries[4])
{
	size_t len = strlen(vm);

	if (len == 0 || len > VM_NAME_MAX) {
		return false;
	}
	for (size_t i = 0; i < len; i++) {
		if (vm[i] == '.' || !pack_name_char_valid(vm[i])) {
			return false;
		}
	}
	for (size_t k = 0; k < 4; k++) {
		char name[PACK_NAME_SIZE];

		(void)snprintf(name, sizeof(name), "%s.%s", vm, pack_measure_kinds[k]);
		entries[k] = pack_find(&img->pack, name, NULL, NULL);
	}
	return true;
}

/* VM vm's measurement in img (attest.h). */
static int measure_vm(const char *vm, const char *image_path, const struct image *img, struct crypto_sha256_digest *m,
		      char *err, size_t err_size)
{
	const struct pack_entry *entries[4];

	if (!vm_entries(img, vm, entries)) {
		return FAIL(err, err_size, "--measure '%s': not a VM name (1 to %d of a-z 0-9 _ -)", vm, VM_NAME_MAX);
	}
	if (entries[1] == NULL) {
		return FAIL(err, err_size, "--measure '%s': '%s' has no payload '%s.kernel'", vm, image_path, vm);
	}
	/* A payload that does not match its digest is refused at boot: it has no measurement to expect. */
	for (size_t k = 0; k < 4; k++) {
		if (entries[k] != NULL && !digest_ok(img, entries[k])) {
			return FAIL(err, err_size, "--measure '%s': payload '%s' does not match its SHA-256", vm,
				    entries[k]->name);
		}
	}
	if (sign_measure(entries, m) != CRYPTO_OK) {
		return FAIL(err, err_size, "--measure: crypto error");
	}
	return PACKER_OK;
}

static int measure(const struct pack_job *job, const struct image *img, FILE *out, char *err, size_t err_size)
{
	struct crypto_sha256_digest m;
	char hex[2 * CRYPTO_SHA256_SIZE + 1];

	int rc = measure_vm(job->vm, job->image_path, img, &m, err, err_size);
	if (rc != PACKER_OK) {
		return rc;
	}
	hex_encode(m.bytes, sizeof(m.bytes), hex);
	(void)fprintf(out, "%s\n", hex);
	return PACKER_OK;
}

static int run(const struct pack_job *job, struct image *img, FILE *out, char *err, size_t err_size)
{
	struct crypto_p256_pub pub;

	int rc = load_image(job->image_path, img, err, err_size);
	if (rc == PACKER_OK) {
		rc = find_package(job->image_path, img, err, err_size);
	}
	if (rc != PACKER_OK) {
		return rc;
	}
	switch (job->mode) {
	case PACK_MODE_LIST:
		(void)list(img, NULL, out);
		return PACKER_OK;
	case PACK_MODE_VERIFY: {
		if (sign_load_pub(job->pub_path, &pub, err, err_size) != 0) {
			return PACKER_ERR;
		}
		size_t bad = list(img, &pub, out);
		if (bad != 0) {
			return FAIL(err, err_size, "'%s': %zu of %u payloads fail verification", job->image_path, bad,
				    img->pack.num_entries);
		}
		return PACKER_OK;
	}
	case PACK_MODE_MEASURE:
		return measure(job, img, out, err, err_size);
	default:
		return FAIL(err, err_size, "not an inspect job");
	}
}

int packer_measure(const char *image_path, const char *vm, uint8_t out[PACK_SHA256_SIZE], char *err, size_t err_size)
{
	struct image img = {.data = NULL, .size = 0, .pkg_offset = 0};
	struct crypto_sha256_digest m;

	if (sign_init(err, err_size) != 0) {
		return PACKER_ERR;
	}
	int rc = load_image(image_path, &img, err, err_size);
	if (rc == PACKER_OK) {
		rc = find_package(image_path, &img, err, err_size);
	}
	if (rc == PACKER_OK) {
		rc = measure_vm(vm, image_path, &img, &m, err, err_size);
	}
	if (rc == PACKER_OK) {
		memcpy(out, m.bytes, PACK_SHA256_SIZE);
	}
	free(img.data);
	return rc;
}

int packer_inspect(const struct pack_job *job, FILE *out, char *err, size_t err_size)
{
	struct image img = {.data = NULL, .size = 0, .pkg_offset = 0};

	if (job->image_path == NULL || (job->mode == PACK_MODE_VERIFY && job->pub_path == NULL) ||
	    (job->mode == PACK_MODE_MEASURE && job->vm == NULL)) {
		return FAIL(err, err_size, "incomplete inspect job");
	}
	if (sign_init(err, err_size) != 0) {
		return PACKER_ERR;
	}
	int rc = run(job, &img, out, err, err_size);
	free(img.data);
	return rc;
}
