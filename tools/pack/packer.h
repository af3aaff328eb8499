/* SPDX-License-Identifier: MIT */
/*
 * The core of shoji-pack, callable from tests: parse a command line into a job,
 * then append the payload package (include/shoji/pack.h) to a hypervisor image,
 * signing every entry, or inspect a packed image (list, verify, measure a VM).
 */
#ifndef SHOJI_TOOLS_PACKER_H
#define SHOJI_TOOLS_PACKER_H

#include <stdio.h>

#include <shoji/pack.h>

/* arm64 Image header (Linux Documentation/arch/arm64/booting.rst). */
#define ARM64_HEADER_SIZE       64
#define ARM64_IMAGE_SIZE_OFFSET 16
#define ARM64_MAGIC_OFFSET      56
#define ARM64_MAGIC             "ARM\x64"

/* Exit statuses of the CLI, returned by the functions below. */
#define PACKER_OK    0
#define PACKER_ERR   1 /* bad input or I/O failure; the message says which argument */
#define PACKER_USAGE 2 /* malformed command line */
#define PACKER_HELP  3 /* -h: not an error, the caller prints the usage */

#define PACKER_ERR_SIZE 512

/* One name=file argument. */
struct pack_input {
	const char *arg; /* as given, so messages name it */
	char name[PACK_NAME_SIZE];
	const char *path;
};

enum pack_mode {
	PACK_MODE_BUILD,   /* -o out [-m max] [--sign key] hyp.bin name=file ... */
	PACK_MODE_LIST,    /* --list image: one line per payload */
	PACK_MODE_VERIFY,  /* --verify pubfile image: every digest and signature, or fail */
	PACK_MODE_MEASURE, /* --measure vm image: the VM's measurement (attest.h) in hex */
};

struct pack_job {
	enum pack_mode mode;
	const char *out_path;
	const char *hyp_path;   /* build: the hypervisor image */
	const char *image_path; /* list, verify, measure: a packed shoji.bin */
	const char *key_path;   /* --sign: private key file; NULL leaves every sig zero */
	const char *pub_path;   /* --verify: public key file */
	const char *vm;         /* --measure */
	uint64_t max_size;      /* -m: the whole packed image must fit; 0 for no limit */
	size_t num_inputs;
	struct pack_input inputs[PACK_MAX_ENTRIES];
};

/*
 * Fills *job from a command line (shoji-pack.c's usage lists them). The job
 * points into argv. On failure writes a one-line reason into err.
 */
int packer_parse_args(int argc, char *const argv[], struct pack_job *job, char *err, size_t err_size);

/*
 * Checks what the command line cannot: every name valid and unique, at most
 * PACK_MAX_ENTRIES of them, paths present. packer_build() calls it first.
 */
int packer_check_job(const struct pack_job *job, char *err, size_t err_size);

/*
 * Writes job->out_path: the hypervisor image zero-padded to its aligned
 * image_size, then the package, with image_size rewritten to the new length.
 * The output appears atomically (temporary file, then rename) or not at all; an
 * existing file is left as it was on any error.
 */
int packer_build(const struct pack_job *job, char *err, size_t err_size);

/*
 * Runs a list, verify or measure job on job->image_path, writing its lines to out.
 * The package is found as the hypervisor finds it: on a page boundary, ending
 * where the image ends, and opened with the hypervisor's own parser. Returns
 * PACKER_OK, or PACKER_ERR with the reason in err (verify: any payload that is
 * unsigned or fails its digest or signature; measure: no "<vm>.kernel", or a
 * payload of the VM that fails its digest).
 */
int packer_inspect(const struct pack_job *job, FILE *out, char *err, size_t err_size);

/*
 * What --measure prints, as bytes: VM vm's measurement in the packed image at
 * image_path. Returns PACKER_OK, or PACKER_ERR with the reason in err.
 */
int packer_measure(const char *image_path, const char *vm, uint8_t out[PACK_SHA256_SIZE], char *err, size_t err_size);

/* Ceiling on the packed image when no -m is given (1 GiB). */
#define PACKER_DEFAULT_MAX (1ULL << 30)

#endif /* SHOJI_TOOLS_PACKER_H */
