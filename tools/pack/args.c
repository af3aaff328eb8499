/* SPDX-License-Identifier: MIT */
/* shoji-pack's command line: options and name=file arguments into a struct pack_job, every name checked. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "internal.h"
#include "packer.h"

/*
 * Decimal or 0x-hex byte count, nothing else: strtoull() alone would also take
 * a sign, leading blanks and octal, none of which a size in a Makefile means.
 */
static int parse_size(const char *s, uint64_t *out)
{
	int base = 10;
	char *end;

	if (s[0] == '0' && (s[1] == 'x' || s[1] == 'X')) {
		base = 16;
		s += 2;
	}
	if (s[0] == '\0' || strchr("0123456789abcdefABCDEF", s[0]) == NULL) {
		return PACKER_USAGE;
	}
	errno = 0;
	unsigned long long v = strtoull(s, &end, base);
	if (errno != 0 || *end != '\0' || v == 0) {
		return PACKER_USAGE;
	}
	*out = v;
	return PACKER_OK;
}

/* Validates job->inputs[i] against its own rules and every earlier input. */
static int check_input(const struct pack_job *job, size_t i, char *err, size_t err_size)
{
	const struct pack_input *in = &job->inputs[i];
	size_t len = strnlen(in->name, PACK_NAME_SIZE);

	if (len == 0 || len > PACK_NAME_MAX) {
		return FAIL(err, err_size, "'%s': payload name must be 1 to %d characters", in->arg, PACK_NAME_MAX);
	}
	for (size_t c = 0; c < len; c++) {
		if (!pack_name_char_valid(in->name[c])) {
			return FAIL(err, err_size, "'%s': bad payload name '%s': use only a-z 0-9 . _ -", in->arg,
				    in->name);
		}
	}
	if (in->path == NULL || in->path[0] == '\0') {
		return FAIL(err, err_size, "'%s': no file after '='", in->arg);
	}
	for (size_t j = 0; j < i; j++) {
		if (strncmp(job->inputs[j].name, in->name, PACK_NAME_SIZE) == 0) {
			return FAIL(err, err_size, "'%s': duplicate payload name '%s' (already given by '%s')", in->arg,
				    in->name, job->inputs[j].arg);
		}
	}
	return PACKER_OK;
}

/* Splits name=file into the next input slot and checks it. */
static int add_input(struct pack_job *job, const char *arg, char *err, size_t err_size)
{
	const char *eq = strchr(arg, '=');

	if (eq == NULL) {
		packer_report(err, err_size, "'%s': expected name=file", arg);
		return PACKER_USAGE;
	}
	if (job->num_inputs == PACK_MAX_ENTRIES) {
		return FAIL(err, err_size, "'%s': too many payloads, at most %d", arg, PACK_MAX_ENTRIES);
	}
	size_t len = (size_t)(eq - arg);
	if (len == 0 || len > PACK_NAME_MAX) {
		return FAIL(err, err_size, "'%s': payload name must be 1 to %d characters", arg, PACK_NAME_MAX);
	}
	struct pack_input *in = &job->inputs[job->num_inputs];
	memset(in, 0, sizeof(*in));
	in->arg = arg;
	memcpy(in->name, arg, len);
	in->path = eq + 1;
	int rc = check_input(job, job->num_inputs, err, err_size);
	if (rc == PACKER_OK) {
		job->num_inputs++;
	}
	return rc;
}

/* An option that takes a value; returns it or NULL after writing the usage error. */
static const char *option_value(int argc, char *const argv[], int i, char *err, size_t err_size)
{
	if (i + 1 >= argc) {
		(void)snprintf(err, err_size, "%s needs a value", argv[i]);
		return NULL;
	}
	return argv[i + 1];
}

/* The options with a value, and the mode each one selects (build options leave it alone). */
static int set_option(struct pack_job *job, const char *opt, const char *v, enum pack_mode *mode, char *err,
		      size_t err_size)
{
	if (strcmp(opt, "-o") == 0) {
		job->out_path = v;
	} else if (strcmp(opt, "-m") == 0) {
		if (parse_size(v, &job->max_size) != PACKER_OK) {
			(void)snprintf(err, err_size, "-m '%s': expected a positive byte count (decimal or 0x hex)", v);
			return PACKER_USAGE;
		}
	} else if (strcmp(opt, "--sign") == 0) {
		job->key_path = v;
	} else if (strcmp(opt, "--verify") == 0) {
		job->pub_path = v;
		*mode = PACK_MODE_VERIFY;
	} else {
		job->vm = v; /* --measure */
		*mode = PACK_MODE_MEASURE;
	}
	return PACKER_OK;
}

static bool takes_value(const char *a)
{
	static const char *const opts[] = {"-o", "-m", "--sign", "--verify", "--measure"};

	for (size_t i = 0; i < ARRAY_SIZE(opts); i++) {
		if (strcmp(a, opts[i]) == 0) {
			return true;
		}
	}
	return false;
}

/*
 * Command-line words that are not options, in order: room for the hypervisor and
 * one payload more than fits, so that add_input() names the first one too many.
 */
struct positionals {
	const char *arg[PACK_MAX_ENTRIES + 2];
	size_t n;
	bool overflow; /* more words than that: a build fails on the one too many first */
};

static int parse_one(int argc, char *const argv[], int *i, struct pack_job *job, struct positionals *pos,
		     enum pack_mode *mode, char *err, size_t err_size)
{
	const char *a = argv[*i];
	enum pack_mode m = PACK_MODE_BUILD;

	if (strcmp(a, "-h") == 0 || strcmp(a, "--help") == 0) {
		return PACKER_HELP;
	}
	if (takes_value(a)) {
		const char *v = option_value(argc, argv, *i, err, err_size);
		if (v == NULL) {
			return PACKER_USAGE;
		}
		(*i)++;
		int rc = set_option(job, a, v, &m, err, err_size);
		if (rc == PACKER_OK && m != PACK_MODE_BUILD) {
			if (*mode != PACK_MODE_BUILD) {
				(void)snprintf(err, err_size, "'%s': give only one of --list, --verify, --measure", a);
				return PACKER_USAGE;
			}
			*mode = m;
		}
		return rc;
	}
	if (strcmp(a, "--list") == 0) {
		if (*mode != PACK_MODE_BUILD) {
			(void)snprintf(err, err_size, "'%s': give only one of --list, --verify, --measure", a);
			return PACKER_USAGE;
		}
		*mode = PACK_MODE_LIST;
		return PACKER_OK;
	}
	if (a[0] == '-' && a[1] != '\0') {
		(void)snprintf(err, err_size, "'%s': unknown option", a);
		return PACKER_USAGE;
	}
	if (pos->n == ARRAY_SIZE(pos->arg)) {
		pos->overflow = true;
		return PACKER_OK;
	}
	pos->arg[pos->n++] = a;
	return PACKER_OK;
}

/* A list, verify or measure job: exactly one image, none of the build options. */
static int finish_inspect(struct pack_job *job, const struct positionals *pos, char *err, size_t err_size)
{
	if (job->out_path != NULL || job->max_size != 0 || job->key_path != NULL) {
		(void)snprintf(err, err_size,
			       "-o, -m and --sign build an image; --list, --verify and --measure read one");
		return PACKER_USAGE;
	}
	if (pos->n != 1 || pos->overflow) {
		(void)snprintf(err, err_size, "give exactly one packed image to inspect, not %zu arguments", pos->n);
		return PACKER_USAGE;
	}
	job->image_path = pos->arg[0];
	return PACKER_OK;
}

static int finish_build(struct pack_job *job, const struct positionals *pos, char *err, size_t err_size)
{
	if (pos->n > 0) {
		job->hyp_path = pos->arg[0];
	}
	for (size_t i = 1; i < pos->n; i++) {
		int rc = add_input(job, pos->arg[i], err, err_size);
		if (rc != PACKER_OK) {
			return rc;
		}
	}
	const char *missing = job->out_path == NULL   ? "no output: give -o out.bin"
			      : job->hyp_path == NULL ? "no hypervisor image given"
			      : job->num_inputs == 0  ? "no payloads given: name=file ..."
						      : NULL;
	if (missing != NULL) {
		(void)snprintf(err, err_size, "%s", missing);
		return PACKER_USAGE;
	}
	return PACKER_OK;
}

int packer_parse_args(int argc, char *const argv[], struct pack_job *job, char *err, size_t err_size)
{
	struct positionals pos = {.n = 0, .overflow = false};
	enum pack_mode mode = PACK_MODE_BUILD;

	memset(job, 0, sizeof(*job));
	for (int i = 1; i < argc; i++) {
		int rc = parse_one(argc, argv, &i, job, &pos, &mode, err, err_size);
		if (rc != PACKER_OK) {
			return rc;
		}
	}
	job->mode = mode;
	if (mode != PACK_MODE_BUILD) {
		return finish_inspect(job, &pos, err, err_size);
	}
	return finish_build(job, &pos, err, err_size);
}

int packer_check_job(const struct pack_job *job, char *err, size_t err_size)
{
	if (job->mode != PACK_MODE_BUILD) {
		return FAIL(err, err_size, "not a build job: use packer_inspect()");
	}
	if (job->out_path == NULL || job->hyp_path == NULL) {
		return FAIL(err, err_size, "no output or no hypervisor image given");
	}
	if (job->num_inputs == 0 || job->num_inputs > PACK_MAX_ENTRIES) {
		return FAIL(err, err_size, "%zu payloads given, need 1 to %d", job->num_inputs, PACK_MAX_ENTRIES);
	}
	for (size_t i = 0; i < job->num_inputs; i++) {
		int rc = check_input(job, i, err, err_size);
		if (rc != PACKER_OK) {
			return rc;
		}
	}
	return PACKER_OK;
}
