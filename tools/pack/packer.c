/* SPDX-License-Identifier: MIT */
/*
 * Builds shoji.bin: the hypervisor image with the payload package appended, every
 * entry signed when a key is given, and its image_size rewritten.
 */
#ifndef _POSIX_C_SOURCE
#define _POSIX_C_SOURCE 200809L /* mkstemp, fdopen, fileno, fchmod, fsync */
#endif

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "internal.h"
#include "packer.h"
#include "sign.h"

/* A file read whole into memory: what is hashed is exactly what is written. */
struct blob {
	uint8_t *data;
	size_t size;
};

/* Where everything goes, decided before the first byte is written. */
struct layout {
	uint64_t linked_size;                               /* the hypervisor's own image_size, bss included */
	uint64_t pkg_start;                                 /* ALIGN_UP(linked_size, PACK_ALIGN): __image_end */
	uint64_t table_size;                                /* header + entries */
	uint64_t offset[PACK_MAX_ENTRIES];                  /* from pkg_start */
	uint64_t pkg_size;                                  /* total_size */
	uint64_t image_size;                                /* pkg_start + pkg_size: file length and new header value */
	uint8_t sha256[PACK_MAX_ENTRIES][PACK_SHA256_SIZE]; /* of each payload */
	uint8_t sig[PACK_MAX_ENTRIES][PACK_SIG_SIZE];       /* of each payload statement; zero unsigned */
};

void packer_report(char *err, size_t err_size, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	(void)vsnprintf(err, err_size, fmt, ap);
	va_end(ap);
}

/* ---- input files ---- */

static int read_stream(FILE *f, struct blob *b)
{
	size_t cap = 0;

	for (;;) {
		if (b->size == cap) {
			size_t ncap = cap == 0 ? 65536 : cap * 2;
			uint8_t *n = ncap > cap ? realloc(b->data, ncap) : NULL;
			if (n == NULL) {
				errno = ENOMEM;
				return -1;
			}
			b->data = n;
			cap = ncap;
		}
		size_t got = fread(b->data + b->size, 1, cap - b->size, f);
		b->size += got;
		if (got == 0) {
			return ferror(f) ? -1 : 0;
		}
	}
}

/* Reads path whole; `label` is the argument that named it (and contains the path), for the message. */
static int read_file(const char *label, const char *path, struct blob *b, char *err, size_t err_size)
{
	struct stat st;
	FILE *f = fopen(path, "rb");

	if (f == NULL) {
		return FAIL(err, err_size, "'%s': cannot open: %s", label, strerror(errno));
	}
	if (fstat(fileno(f), &st) == 0 && S_ISDIR(st.st_mode)) {
		(void)fclose(f);
		return FAIL(err, err_size, "'%s': is a directory", label);
	}
	int rc = read_stream(f, b);
	int saved = errno;
	(void)fclose(f);
	if (rc != 0) {
		return FAIL(err, err_size, "'%s': cannot read: %s", label, strerror(saved));
	}
	return PACKER_OK;
}

static uint64_t get_le64(const uint8_t *p)
{
	uint64_t v = 0;

	for (unsigned int i = 0; i < 8; i++) {
		v |= (uint64_t)p[i] << (8 * i);
	}
	return v;
}

static void put_le64(uint8_t *p, uint64_t v)
{
	for (unsigned int i = 0; i < 8; i++) {
		p[i] = (uint8_t)(v >> (8 * i));
	}
}

static void put_le32(uint8_t *p, uint32_t v)
{
	for (unsigned int i = 0; i < 4; i++) {
		p[i] = (uint8_t)(v >> (8 * i));
	}
}

/*
 * The hypervisor must be a raw arm64 Image whose image_size reaches past the
 * file: the bytes between the end of the file and image_size are its bss,
 * stacks and page tables, which the package must not occupy. Shoji always has
 * some (its stacks are NOLOAD), so an image_size no larger than the file means
 * an already packed shoji.bin, whose own package the hypervisor would find
 * first and a second one appended here would silently not be used.
 */
static int check_hyp(const char *path, const struct blob *hyp, uint64_t *linked_size, char *err, size_t err_size)
{
	if (hyp->size < ARM64_HEADER_SIZE) {
		return FAIL(err, err_size, "'%s': not an arm64 Image: %zu bytes, shorter than its %d-byte header", path,
			    hyp->size, ARM64_HEADER_SIZE);
	}
	if (memcmp(hyp->data + ARM64_MAGIC_OFFSET, ARM64_MAGIC, 4) != 0) {
		return FAIL(err, err_size, "'%s': not an arm64 Image: no \"ARM\\x64\" magic at offset %d", path,
			    ARM64_MAGIC_OFFSET);
	}
	uint64_t size = get_le64(hyp->data + ARM64_IMAGE_SIZE_OFFSET);
	if (size == 0) {
		return FAIL(err, err_size, "'%s': image_size is 0, so where its bss ends is unknown", path);
	}
	if (size <= hyp->size) {
		return FAIL(err, err_size,
			    "'%s': image_size %llu leaves no room for bss after the %zu-byte file: packed already?",
			    path, (unsigned long long)size, hyp->size);
	}
	*linked_size = size;
	return PACKER_OK;
}

/* a + b rounded up to `align`, false on overflow. */
static bool add_align(uint64_t a, uint64_t b, uint64_t align, uint64_t *out)
{
	uint64_t sum;

	if (__builtin_add_overflow(a, b, &sum) || __builtin_add_overflow(sum, align - 1, &sum)) {
		return false;
	}
	*out = ALIGN_DOWN(sum, align);
	return true;
}

/* Places the table, then each payload on its own page run, in argument order; checks -m. */
static int plan(const struct pack_job *job, const struct blob *payloads, struct layout *l, char *err, size_t err_size)
{
	uint64_t pos;

	l->table_size = sizeof(struct pack_header) + job->num_inputs * sizeof(struct pack_entry);
	if (!add_align(l->linked_size, 0, PACK_ALIGN, &l->pkg_start) ||
	    !add_align(l->table_size, 0, PACK_ALIGN, &pos)) {
		return FAIL(err, err_size, "'%s': image_size too large", job->hyp_path);
	}
	for (size_t i = 0; i < job->num_inputs; i++) {
		if (payloads[i].size == 0) {
			return FAIL(err, err_size, "'%s': file is empty", job->inputs[i].arg);
		}
		l->offset[i] = pos;
		if (!add_align(pos, payloads[i].size, PACK_ALIGN, &pos)) {
			return FAIL(err, err_size, "'%s': package size overflows", job->inputs[i].arg);
		}
		/* Hashed from the same bytes that are written: no second read of the file. */
		if (sign_payload_digest(payloads[i].data, payloads[i].size, l->sha256[i]) != CRYPTO_OK) {
			return FAIL(err, err_size, "'%s': cannot hash (crypto error)", job->inputs[i].arg);
		}
	}
	l->pkg_size = pos;
	if (__builtin_add_overflow(l->pkg_start, l->pkg_size, &l->image_size)) {
		return FAIL(err, err_size, "'%s': image size overflows", job->hyp_path);
	}
	/*
	 * Without -m, a hard ceiling still applies: a corrupt image_size must not make
	 * the tool write gigabytes of padding (no board gives a hypervisor 1 GiB).
	 */
	uint64_t limit = job->max_size != 0 ? job->max_size : PACKER_DEFAULT_MAX;
	if (l->image_size > limit) {
		return FAIL(err, err_size,
			    "-m %#llx: packed image is %#llx bytes (hypervisor with bss %#llx, package %#llx), "
			    "%llu bytes over the limit",
			    (unsigned long long)limit, (unsigned long long)l->image_size,
			    (unsigned long long)l->pkg_start, (unsigned long long)l->pkg_size,
			    (unsigned long long)(l->image_size - limit));
	}
	return PACKER_OK;
}

/* The header and entry table, little-endian at the offsets pack.h asserts; the rest of the page zero. */
static void encode_table(const struct pack_job *job, const struct blob *payloads, const struct layout *l,
			 uint8_t table[PACK_ALIGN])
{
	memset(table, 0, PACK_ALIGN);
	memcpy(table + offsetof(struct pack_header, magic), PACK_MAGIC, PACK_MAGIC_SIZE);
	put_le32(table + offsetof(struct pack_header, version), PACK_VERSION);
	put_le32(table + offsetof(struct pack_header, table_size), (uint32_t)l->table_size);
	put_le32(table + offsetof(struct pack_header, num_entries), (uint32_t)job->num_inputs);
	put_le64(table + offsetof(struct pack_header, total_size), l->pkg_size);
	for (size_t i = 0; i < job->num_inputs; i++) {
		uint8_t *e = table + sizeof(struct pack_header) + i * sizeof(struct pack_entry);

		memcpy(e + offsetof(struct pack_entry, name), job->inputs[i].name, PACK_NAME_SIZE);
		put_le64(e + offsetof(struct pack_entry, offset), l->offset[i]);
		put_le64(e + offsetof(struct pack_entry, size), payloads[i].size);
		memcpy(e + offsetof(struct pack_entry, sha256), l->sha256[i], PACK_SHA256_SIZE);
		memcpy(e + offsetof(struct pack_entry, sig), l->sig[i], PACK_SIG_SIZE);
	}
}

/*
 * Signs each payload's statement (attest.h), built from the entry exactly as it is
 * written, but for sealed data (sign_exempt), which stays unsigned. RFC 6979 signatures
 * are deterministic: the same inputs and key give the same image, byte for byte.
 */
static int sign_payloads(const struct pack_job *job, const struct blob *payloads, const struct crypto_p256_priv *key,
			 struct layout *l, char *err, size_t err_size)
{
	for (size_t i = 0; i < job->num_inputs; i++) {
		struct pack_entry e;

		if (sign_exempt(job->inputs[i].name)) {
			continue;
		}
		memset(&e, 0, sizeof(e));
		memcpy(e.name, job->inputs[i].name, PACK_NAME_SIZE);
		e.size = payloads[i].size;
		memcpy(e.sha256, l->sha256[i], PACK_SHA256_SIZE);
		if (sign_entry(key, &e) != CRYPTO_OK) {
			return FAIL(err, err_size, "'%s': cannot sign (crypto error)", job->inputs[i].arg);
		}
		memcpy(l->sig[i], e.sig, PACK_SIG_SIZE);
	}
	return PACKER_OK;
}

/* ---- output ---- */

/* A FILE that tracks its position, so padding is computed rather than trusted, and its first error. */
struct out {
	FILE *f;
	uint64_t pos;
	int error; /* errno of the first failure, 0 while none */
};

static void out_write(struct out *o, const void *data, size_t len)
{
	o->pos += len; /* even after an error, so out_pad_to() always ends */
	if (o->error != 0) {
		return; /* the first error is the one worth reporting */
	}
	errno = 0;
	if (fwrite(data, 1, len, o->f) != len) {
		o->error = errno != 0 ? errno : EIO;
	}
}

static void out_pad_to(struct out *o, uint64_t target)
{
	static const uint8_t zeros[4096];

	while (o->pos < target) {
		uint64_t n = target - o->pos;
		out_write(o, zeros, n < sizeof(zeros) ? (size_t)n : sizeof(zeros));
	}
}

static void write_image(struct out *o, const struct pack_job *job, struct blob *hyp, const struct blob *payloads,
			const struct layout *l)
{
	uint8_t table[PACK_ALIGN];

	/* Loaders (QEMU -kernel, U-Boot booti) keep image_size bytes in place: make that the whole file. */
	put_le64(hyp->data + ARM64_IMAGE_SIZE_OFFSET, l->image_size);
	out_write(o, hyp->data, hyp->size);
	out_pad_to(o, l->pkg_start);
	encode_table(job, payloads, l, table);
	out_write(o, table, (size_t)l->table_size);
	for (size_t i = 0; i < job->num_inputs; i++) {
		out_pad_to(o, l->pkg_start + l->offset[i]);
		out_write(o, payloads[i].data, payloads[i].size);
	}
	out_pad_to(o, l->image_size);
}

/* Writes the image into fd and closes it; returns 0 or the errno of the first failure. */
static int write_fd(int fd, const struct pack_job *job, struct blob *hyp, const struct blob *payloads,
		    const struct layout *l)
{
	mode_t mask = umask(0);

	(void)umask(mask);
	/* mkstemp() creates 0600; give the mode any other build output gets. */
	if (fchmod(fd, 0666 & ~mask) != 0) {
		int e = errno;
		(void)close(fd);
		return e;
	}
	struct out o = {.f = fdopen(fd, "wb"), .pos = 0, .error = 0};
	if (o.f == NULL) {
		int e = errno;
		(void)close(fd);
		return e;
	}
	write_image(&o, job, hyp, payloads, l);
	if (o.error == 0 && fflush(o.f) != 0) {
		o.error = errno;
	}
	if (o.error == 0 && fsync(fd) != 0) {
		o.error = errno;
	}
	if (fclose(o.f) != 0 && o.error == 0) {
		o.error = errno;
	}
	return o.error;
}

/* Temporary file beside the output, so rename() replaces it in one step on the same file system. */
static int write_atomically(const struct pack_job *job, struct blob *hyp, const struct blob *payloads,
			    const struct layout *l, char *err, size_t err_size)
{
	size_t n = strlen(job->out_path) + sizeof(".XXXXXX");
	char *tmp = malloc(n);

	if (tmp == NULL) {
		return FAIL(err, err_size, "out of memory");
	}
	(void)snprintf(tmp, n, "%s.XXXXXX", job->out_path);
	int fd = mkstemp(tmp);
	int e = fd < 0 ? errno : write_fd(fd, job, hyp, payloads, l);
	if (e == 0 && rename(tmp, job->out_path) != 0) {
		e = errno;
	}
	if (e != 0 && fd >= 0) {
		(void)unlink(tmp);
	}
	free(tmp);
	if (e != 0) {
		return FAIL(err, err_size, "-o '%s': cannot write: %s", job->out_path, strerror(e));
	}
	return PACKER_OK;
}

int packer_build(const struct pack_job *job, char *err, size_t err_size)
{
	struct blob hyp = {NULL, 0};
	struct blob payloads[PACK_MAX_ENTRIES] = {{NULL, 0}};
	struct crypto_p256_priv key;
	struct layout l;

	memset(&l, 0, sizeof(l));
	memset(&key, 0, sizeof(key));
	int rc = packer_check_job(job, err, err_size);
	if (rc == PACKER_OK && sign_init(err, err_size) != 0) {
		rc = PACKER_ERR;
	}
	/* The key first: a wrong key file fails before any input is read. */
	if (rc == PACKER_OK && job->key_path != NULL && sign_load_key(job->key_path, &key, err, err_size) != 0) {
		rc = PACKER_ERR;
	}
	if (rc == PACKER_OK) {
		rc = read_file(job->hyp_path, job->hyp_path, &hyp, err, err_size);
	}
	if (rc == PACKER_OK) {
		rc = check_hyp(job->hyp_path, &hyp, &l.linked_size, err, err_size);
	}
	for (size_t i = 0; rc == PACKER_OK && i < job->num_inputs; i++) {
		rc = read_file(job->inputs[i].arg, job->inputs[i].path, &payloads[i], err, err_size);
	}
	if (rc == PACKER_OK) {
		rc = plan(job, payloads, &l, err, err_size);
	}
	if (rc == PACKER_OK && job->key_path != NULL) {
		rc = sign_payloads(job, payloads, &key, &l, err, err_size);
	}
	crypto_zeroize(&key, sizeof(key));
	if (rc == PACKER_OK) {
		rc = write_atomically(job, &hyp, payloads, &l, err, err_size);
	}
	free(hyp.data);
	for (size_t i = 0; i < PACK_MAX_ENTRIES; i++) {
		free(payloads[i].data);
	}
	return rc;
}
