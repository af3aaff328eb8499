// SPDX-License-Identifier: MIT
/*
 * End-to-end tests for shoji-pack's core (tools/pack/) on temporary files: its
 * output must open with the hypervisor's own parser (hyp/core/pack.c), its
 * signatures must verify the way the hypervisor verifies them (the statement laid
 * out as the struct in attest.h), and every bad argument must fail with a message
 * naming it and leave no output.
 */
#include <dirent.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <cmocka.h>

#include <pack.h>

#include "crypto.h"
#include "hexkey.h"
#include "packer.h"

#define HYP_FILE_SIZE  0x1830
#define HYP_IMAGE_SIZE 0x5010 /* bss and stacks beyond the file; not page-aligned on purpose */
#define PKG_START      0x6000

static char dir[64];
static char err[PACKER_ERR_SIZE];

/* printf into one of a few rotating buffers, so several results can sit in one argv. */
__attribute__((format(printf, 1, 2))) static const char *tmpf(const char *fmt, ...)
{
	static char bufs[40][160];
	static unsigned int next;
	char *b = bufs[next++ % 40];
	va_list ap;

	va_start(ap, fmt);
	(void)vsnprintf(b, sizeof(bufs[0]), fmt, ap);
	va_end(ap);
	return b;
}

static const char *path_of(const char *name)
{
	return tmpf("%s/%s", dir, name);
}

/* The name=file argument for a file in dir. */
static const char *arg_of(const char *name, const char *file)
{
	return tmpf("%s=%s/%s", name, dir, file);
}

static void write_file(const char *name, const void *data, size_t len)
{
	FILE *f = fopen(path_of(name), "wb");

	assert_non_null(f);
	assert_int_equal(fwrite(data, 1, len, f), len);
	assert_int_equal(fclose(f), 0);
}

/* Returns a malloc'd copy of dir/name and its length, or NULL if it does not exist. */
static uint8_t *read_back(const char *name, size_t *len)
{
	FILE *f = fopen(path_of(name), "rb");
	if (f == NULL) {
		return NULL;
	}
	assert_int_equal(fseek(f, 0, SEEK_END), 0);
	long n = ftell(f);
	assert_true(n >= 0);
	assert_int_equal(fseek(f, 0, SEEK_SET), 0);
	uint8_t *data = NULL;
	assert_int_equal(posix_memalign((void **)&data, PACK_ALIGN, n == 0 ? 1 : (size_t)n), 0);
	assert_int_equal(fread(data, 1, (size_t)n, f), (size_t)n);
	assert_int_equal(fclose(f), 0);
	*len = (size_t)n;
	return data;
}

static uint64_t le64_at(const uint8_t *p)
{
	uint64_t v;

	memcpy(&v, p, sizeof(v)); /* the host, like the target, is little-endian */
	return v;
}

/* A stand-in hypervisor: an arm64 Image header, then a byte pattern. */
static void write_hyp(const char *name, size_t file_size, uint64_t image_size)
{
	static uint8_t img[HYP_FILE_SIZE];

	assert_true(file_size <= sizeof(img));
	for (size_t i = 0; i < sizeof(img); i++) {
		img[i] = (uint8_t)(i * 7 + 1);
	}
	if (file_size >= ARM64_HEADER_SIZE) {
		memset(img, 0, ARM64_HEADER_SIZE);
		img[3] = 0x14; /* b primary_entry */
		memcpy(&img[ARM64_IMAGE_SIZE_OFFSET], &image_size, sizeof(image_size));
		memcpy(&img[ARM64_MAGIC_OFFSET], ARM64_MAGIC, 4);
	}
	write_file(name, img, file_size);
}

static uint8_t kernel[10000];
static uint8_t page_payload[4096];

/* Two test keys: "key" signs, "other.key" is some other vendor's. */
static struct crypto_p256_priv test_key;
static struct crypto_p256_pub test_pub;
static struct crypto_p256_pub other_pub;

static void write_hex(const char *name, const uint8_t *bytes, size_t n, const char *tail)
{
	char hex[2 * 65 + 1];

	hex_encode(bytes, n, hex);
	FILE *f = fopen(path_of(name), "wb");
	assert_non_null(f);
	assert_true(fputs(hex, f) >= 0 && fputs(tail, f) >= 0);
	assert_int_equal(fclose(f), 0);
}

static void make_key(const char *priv_name, const char *pub_name, uint8_t seed, struct crypto_p256_priv *priv,
		     struct crypto_p256_pub *pub)
{
	for (size_t i = 0; i < sizeof(priv->bytes); i++) {
		priv->bytes[i] = (uint8_t)(seed + i * 13);
	}
	assert_int_equal(crypto_p256_public(priv, pub), CRYPTO_OK);
	write_hex(priv_name, priv->bytes, sizeof(priv->bytes), "\n");
	write_hex(pub_name, pub->bytes, sizeof(pub->bytes), "\n");
}

static int setup(void **state)
{
	(void)state;
	(void)umask(022);
	strcpy(dir, "/tmp/shoji-pack-test.XXXXXX");
	assert_non_null(mkdtemp(dir));
	for (size_t i = 0; i < sizeof(kernel); i++) {
		kernel[i] = (uint8_t)(i * 31 + (i >> 8));
	}
	memset(page_payload, 0x5a, sizeof(page_payload));
	write_hyp("hyp.bin", HYP_FILE_SIZE, HYP_IMAGE_SIZE);
	write_file("kernel", kernel, sizeof(kernel));
	write_file("dtb", "dtb", 3);
	write_file("initrd", page_payload, sizeof(page_payload));
	write_file("empty", "", 0);
	struct crypto_p256_priv other;
	make_key("key", "key.pub", 0x11, &test_key, &test_pub);
	make_key("other.key", "other.pub", 0x77, &other, &other_pub);
	return 0;
}

static int cmp_names(const void *a, const void *b)
{
	return strcmp(a, b);
}

/* Names of what is in dir, sorted into one string, so a test can see stray temporary files. */
static void list_dir(char *out, size_t size)
{
	char names[32][256];
	size_t n = 0;
	DIR *d = opendir(dir);
	struct dirent *e;

	assert_non_null(d);
	while ((e = readdir(d)) != NULL) {
		if (strcmp(e->d_name, ".") != 0 && strcmp(e->d_name, "..") != 0 && n < 32) {
			(void)snprintf(names[n++], sizeof(names[0]), "%s", e->d_name);
		}
	}
	assert_int_equal(closedir(d), 0);
	qsort(names, n, sizeof(names[0]), cmp_names);
	out[0] = '\0';
	for (size_t i = 0; i < n; i++) {
		strncat(out, names[i], size - strlen(out) - 2);
		strcat(out, " ");
	}
}

static int teardown(void **state)
{
	(void)state;
	DIR *d = opendir(dir);
	struct dirent *e;

	assert_non_null(d);
	while ((e = readdir(d)) != NULL) {
		if (strcmp(e->d_name, ".") != 0 && strcmp(e->d_name, "..") != 0) {
			const char *path = path_of(e->d_name);
			if (unlink(path) != 0) {
				(void)rmdir(path); /* outdir, left behind by a failed assertion */
			}
		}
	}
	assert_int_equal(closedir(d), 0);
	assert_int_equal(rmdir(dir), 0);
	return 0;
}

/* Runs the CLI core on argv (NULL-terminated) as main() would, returning its status. */
static int run_argv(const char *const *args)
{
	static struct pack_job job;
	char *argv[64];
	int argc = 0;

	argv[argc++] = (char *)"shoji-pack";
	for (; args[argc - 1] != NULL; argc++) {
		argv[argc] = (char *)args[argc - 1];
	}
	argv[argc] = NULL;
	err[0] = '\0';
	int rc = packer_parse_args(argc, argv, &job, err, sizeof(err));
	if (rc == PACKER_OK) {
		rc = packer_build(&job, err, sizeof(err));
	}
	return rc;
}

#define RUN(...) run_argv((const char *const[]){__VA_ARGS__, NULL})

/* Like assert_int_equal on a packer status, but shows the packer's message when it is not the one expected. */
static void expect(int rc, int want)
{
	if (rc != want) {
		fail_msg("packer returned %d, expected %d; message: %s", rc, want, err);
	}
}

static void assert_err_mentions(const char *what)
{
	if (strstr(err, what) == NULL) {
		fail_msg("error \"%s\" does not mention \"%s\"", err, what);
	}
}

/* The hypervisor's way: the statement as the struct lays it out in memory (little-endian host), then verify. */
static enum crypto_err verify_like_hyp(const struct crypto_p256_pub *pub, const struct pack_entry *e)
{
	struct shoji_payload_statement st;
	struct crypto_sha256_digest h;
	struct crypto_p256_sig sig;

	memset(&st, 0, sizeof(st));
	memcpy(st.domain, SHOJI_PAYLOAD_DOMAIN, sizeof(st.domain));
	memcpy(st.name, e->name, sizeof(st.name));
	st.size = e->size;
	memcpy(st.sha256, e->sha256, sizeof(st.sha256));
	assert_int_equal(crypto_sha256(&st, sizeof(st), &h), CRYPTO_OK);
	memcpy(sig.bytes, e->sig, sizeof(sig.bytes));
	return crypto_p256_verify(pub, &h, &sig);
}

/* pub NULL: the entry must be unsigned (an all-zero sig); otherwise signed by pub. */
static void checks_payload(const struct pack *p, const char *name, const void *want, size_t want_size,
			   const struct crypto_p256_pub *pub)
{
	const void *data = NULL;
	size_t size = 0;
	struct crypto_sha256_digest digest;

	const struct pack_entry *e = pack_find(p, name, &data, &size);
	assert_non_null(e);
	assert_int_equal(size, want_size);
	assert_memory_equal(data, want, want_size);
	assert_int_equal(crypto_sha256(want, want_size, &digest), CRYPTO_OK);
	assert_memory_equal(e->sha256, digest.bytes, sizeof(digest.bytes));
	/* Padding to the next page is zero. */
	for (uint64_t i = e->offset + e->size; i < ALIGN_UP(e->offset + e->size, PACK_ALIGN); i++) {
		assert_int_equal(p->base[i], 0);
	}
	if (pub == NULL) {
		for (size_t i = 0; i < sizeof(e->sig); i++) {
			assert_int_equal(e->sig[i], 0);
		}
		return;
	}
	assert_int_equal(verify_like_hyp(pub, e), CRYPTO_OK);
	assert_int_equal(verify_like_hyp(&other_pub, e), CRYPTO_ERR_VERIFY);
}

/* The standard run: three payloads, one of them exactly a page. */
static int run_good(const char *out)
{
	return RUN("-o", path_of(out), path_of("hyp.bin"), arg_of("vpn.kernel", "kernel"), arg_of("vpn.dtb", "dtb"),
		   arg_of("apps.initrd", "initrd"));
}

static void packs_and_parses(void **state)
{
	(void)state;
	size_t len = 0;
	struct pack p;

	expect(run_good("out.bin"), PACKER_OK);
	uint8_t *img = read_back("out.bin", &len);
	assert_non_null(img);

	/* image_size now covers the whole file, which ends on a page. */
	assert_int_equal(le64_at(img + ARM64_IMAGE_SIZE_OFFSET), len);
	assert_true(len > PKG_START && len % PACK_ALIGN == 0);

	/* The hypervisor is unchanged but for image_size, and its bss room is zero. */
	uint8_t *orig = read_back("hyp.bin", &(size_t){0});
	assert_non_null(orig);
	assert_memory_equal(img, orig, ARM64_IMAGE_SIZE_OFFSET);
	assert_memory_equal(img + ARM64_IMAGE_SIZE_OFFSET + 8, orig + ARM64_IMAGE_SIZE_OFFSET + 8,
			    HYP_FILE_SIZE - ARM64_IMAGE_SIZE_OFFSET - 8);
	for (size_t i = HYP_FILE_SIZE; i < PKG_START; i++) {
		assert_int_equal(img[i], 0);
	}

	/* The package starts at the page after the linked image_size and passes the hypervisor's parser. */
	assert_int_equal(pack_open(&p, img + PKG_START, len - PKG_START), PACK_OK);
	assert_int_equal(p.size, len - PKG_START);
	assert_int_equal(p.num_entries, 3);
	assert_string_equal(p.entries[0].name, "vpn.kernel"); /* argument order */
	assert_int_equal(p.entries[0].offset, PACK_ALIGN);
	checks_payload(&p, "vpn.kernel", kernel, sizeof(kernel), NULL);
	checks_payload(&p, "vpn.dtb", "dtb", 3, NULL);
	checks_payload(&p, "apps.initrd", page_payload, sizeof(page_payload), NULL);
	assert_int_equal(p.entries[2].offset + p.entries[2].size, p.size); /* no slack after a whole page */

	/* Readable by others like any build output (setup sets umask 022), not mkstemp's 0600. */
	struct stat st;
	assert_int_equal(stat(path_of("out.bin"), &st), 0);
	assert_int_equal(st.st_mode & 0777, 0644);
	free(orig);
	free(img);
}

static void output_is_reproducible(void **state)
{
	(void)state;
	size_t len1 = 0;
	size_t len2 = 0;

	expect(run_good("one.bin"), PACKER_OK);
	expect(run_good("two.bin"), PACKER_OK);
	uint8_t *a = read_back("one.bin", &len1);
	uint8_t *b = read_back("two.bin", &len2);
	assert_non_null(a);
	assert_non_null(b);
	assert_int_equal(len1, len2);
	assert_memory_equal(a, b, len1);
	free(a);
	free(b);
}

static void respects_max_size(void **state)
{
	(void)state;
	size_t len = 0;

	expect(run_good("out.bin"), PACKER_OK);
	free(read_back("out.bin", &len));
	assert_int_equal(unlink(path_of("out.bin")), 0);

	/* Exactly the limit fits; one byte less names -m and writes nothing. */
	expect(RUN("-o", path_of("out.bin"), "-m", tmpf("%zu", len), path_of("hyp.bin"), arg_of("vpn.kernel", "kernel"),
		   arg_of("vpn.dtb", "dtb"), arg_of("apps.initrd", "initrd")),
	       PACKER_OK);
	assert_int_equal(unlink(path_of("out.bin")), 0);
	expect(RUN("-o", path_of("out.bin"), "-m", tmpf("%#zx", len - 1), path_of("hyp.bin"),
		   arg_of("vpn.kernel", "kernel"), arg_of("vpn.dtb", "dtb"), arg_of("apps.initrd", "initrd")),
	       PACKER_ERR);
	assert_err_mentions("-m ");
	assert_err_mentions("1 bytes over the limit");
	assert_null(read_back("out.bin", &len));
}

static void failure_keeps_old_output(void **state)
{
	(void)state;
	size_t len = 0;
	char listing[512];

	write_file("out.bin", "old", 3);
	expect(RUN("-o", path_of("out.bin"), path_of("hyp.bin"), arg_of("vpn.kernel", "missing")), PACKER_ERR);
	uint8_t *old = read_back("out.bin", &len);
	assert_int_equal(len, 3);
	assert_memory_equal(old, "old", 3);
	free(old);
	list_dir(listing, sizeof(listing));
	assert_string_equal(listing, "dtb empty hyp.bin initrd kernel key key.pub other.key other.pub out.bin ");

	/* An output directory that does not exist: the error names -o. */
	expect(RUN("-o", path_of("nodir/out.bin"), path_of("hyp.bin"), arg_of("a", "dtb")), PACKER_ERR);
	assert_err_mentions("-o '");

	/* The output is a directory: the temporary file is written, rename() fails, and it is removed. */
	assert_int_equal(mkdir(path_of("outdir"), 0755), 0);
	expect(RUN("-o", path_of("outdir"), path_of("hyp.bin"), arg_of("a", "dtb")), PACKER_ERR);
	assert_err_mentions("-o '");
	list_dir(listing, sizeof(listing));
	assert_string_equal(listing, "dtb empty hyp.bin initrd kernel key key.pub other.key other.pub out.bin outdir ");
	assert_int_equal(rmdir(path_of("outdir")), 0);

	/* Success replaces the old file in one step. */
	expect(run_good("out.bin"), PACKER_OK);
	free(read_back("out.bin", &len));
	assert_true(len > PKG_START);
	list_dir(listing, sizeof(listing));
	assert_string_equal(listing, "dtb empty hyp.bin initrd kernel key key.pub other.key other.pub out.bin ");
}

static void rejects_bad_payloads(void **state)
{
	(void)state;
	const char *hyp = path_of("hyp.bin");
	const char *out = path_of("out.bin");
	size_t len = 0;

	expect(RUN("-o", out, hyp, arg_of("vpn.kernel", "missing")), PACKER_ERR);
	assert_err_mentions("'vpn.kernel=");
	assert_err_mentions("No such file");

	expect(RUN("-o", out, hyp, arg_of("Vpn.kernel", "kernel")), PACKER_ERR);
	assert_err_mentions("bad payload name 'Vpn.kernel'");
	expect(RUN("-o", out, hyp, arg_of("vpn/kernel", "kernel")), PACKER_ERR);
	assert_err_mentions("bad payload name");
	expect(RUN("-o", out, hyp, arg_of("", "kernel")), PACKER_ERR);
	assert_err_mentions("1 to 31 characters");
	expect(RUN("-o", out, hyp, arg_of("abcdefghijklmnopqrstuvwxyz012345", "kernel")), PACKER_ERR);
	assert_err_mentions("'abcdefghijklmnopqrstuvwxyz012345=");
	expect(RUN("-o", out, hyp, arg_of("abcdefghijklmnopqrstuvwxyz01234", "kernel")), PACKER_OK);

	expect(RUN("-o", out, hyp, arg_of("a", "kernel"), arg_of("b", "dtb"), arg_of("a", "initrd")), PACKER_ERR);
	assert_err_mentions("duplicate payload name 'a'");
	assert_err_mentions("/initrd'");

	expect(RUN("-o", out, hyp, arg_of("a", "empty")), PACKER_ERR);
	assert_err_mentions("'a=");
	assert_err_mentions("empty");
	expect(RUN("-o", out, hyp, tmpf("a=%s", dir)), PACKER_ERR);
	assert_err_mentions("directory");
	expect(RUN("-o", out, hyp, "a="), PACKER_ERR);
	assert_err_mentions("no file after '='");
	expect(RUN("-o", out, hyp, path_of("kernel")), PACKER_USAGE);
	assert_err_mentions("expected name=file");

	assert_int_equal(unlink(out), 0); /* from the one success above */
	assert_null(read_back("out.bin", &len));
}

static void rejects_too_many_payloads(void **state)
{
	(void)state;
	const char *argv[PACK_MAX_ENTRIES + 6];
	size_t n = 0;

	argv[n++] = "-o";
	argv[n++] = path_of("out.bin");
	argv[n++] = path_of("hyp.bin");
	for (unsigned int i = 0; i < PACK_MAX_ENTRIES; i++) {
		argv[n++] = arg_of(tmpf("p%u", i), "dtb");
	}
	argv[n] = NULL;
	expect(run_argv(argv), PACKER_OK);
	argv[n++] = arg_of("p16", "dtb");
	argv[n] = NULL;
	expect(run_argv(argv), PACKER_ERR);
	assert_err_mentions("'p16=");
	assert_err_mentions("too many payloads, at most 16");
}

static void rejects_bad_hypervisor(void **state)
{
	(void)state;
	const char *out = path_of("out.bin");
	size_t len = 0;

	expect(RUN("-o", out, path_of("nohyp.bin"), arg_of("a", "dtb")), PACKER_ERR);
	assert_err_mentions("nohyp.bin': cannot open");

	/* A payload is not an Image: the magic is checked. */
	expect(RUN("-o", out, path_of("kernel"), arg_of("a", "dtb")), PACKER_ERR);
	assert_err_mentions("/kernel': not an arm64 Image: no \"ARM\\x64\" magic");

	write_hyp("short.bin", ARM64_HEADER_SIZE - 1, 0);
	expect(RUN("-o", out, path_of("short.bin"), arg_of("a", "dtb")), PACKER_ERR);
	assert_err_mentions("shorter than its 64-byte header");

	write_hyp("nosize.bin", HYP_FILE_SIZE, 0);
	expect(RUN("-o", out, path_of("nosize.bin"), arg_of("a", "dtb")), PACKER_ERR);
	assert_err_mentions("image_size is 0");

	/* image_size not past the file: a header that lies, or an already packed image. */
	write_hyp("packed.bin", HYP_FILE_SIZE, HYP_FILE_SIZE - 1);
	expect(RUN("-o", out, path_of("packed.bin"), arg_of("a", "dtb")), PACKER_ERR);
	assert_err_mentions("packed.bin': image_size 6191 leaves no room for bss after the 6192-byte file");
	write_hyp("packed.bin", HYP_FILE_SIZE, HYP_FILE_SIZE);
	expect(RUN("-o", out, path_of("packed.bin"), arg_of("a", "dtb")), PACKER_ERR);
	assert_err_mentions("packed already?");
	expect(run_good("first.bin"), PACKER_OK);
	expect(RUN("-o", out, path_of("first.bin"), arg_of("a", "dtb")), PACKER_ERR);
	assert_err_mentions("first.bin': image_size");

	/* An image_size so large the package offset would wrap. */
	write_hyp("huge.bin", HYP_FILE_SIZE, UINT64_MAX - 10);
	expect(RUN("-o", out, path_of("huge.bin"), arg_of("a", "dtb")), PACKER_ERR);
	assert_err_mentions("huge.bin': image_size too large");

	/* One byte of bss past a page-sized file: the package goes on the next page, not over it. */
	write_hyp("tight.bin", 0x1000, 0x1001);
	expect(RUN("-o", out, path_of("tight.bin"), arg_of("a", "dtb")), PACKER_OK);
	uint8_t *img = read_back("out.bin", &len);
	struct pack p;
	assert_int_equal(img[0x1000], 0);
	assert_int_equal(pack_open(&p, img + 0x2000, len - 0x2000), PACK_OK);
	free(img);
}

static void rejects_bad_command_lines(void **state)
{
	(void)state;
	const char *hyp = path_of("hyp.bin");
	const char *out = path_of("out.bin");
	const char *a = arg_of("a", "dtb");
	static const char *const bad_sizes[] = {"0", "-1", "+5", " 5", "0x", "12k", "0x1g", "99999999999999999999999"};
	size_t len = 0;

	expect(RUN(hyp, a), PACKER_USAGE);
	assert_err_mentions("-o");
	expect(RUN(hyp, a, "-o"), PACKER_USAGE);
	assert_err_mentions("-o needs a value");
	expect(RUN("-o", out), PACKER_USAGE);
	assert_err_mentions("no hypervisor image");
	expect(RUN("-o", out, hyp), PACKER_USAGE);
	assert_err_mentions("no payloads");
	expect(RUN("-o", out, "-x", hyp, a), PACKER_USAGE);
	assert_err_mentions("'-x': unknown option");
	expect(RUN("-o", out, hyp, a, "-m"), PACKER_USAGE);
	assert_err_mentions("-m needs a value");
	for (size_t i = 0; i < ARRAY_SIZE(bad_sizes); i++) {
		expect(RUN("-o", out, "-m", bad_sizes[i], hyp, a), PACKER_USAGE);
		assert_err_mentions(tmpf("-m '%s'", bad_sizes[i]));
	}
	expect(RUN("-h"), PACKER_HELP);
	assert_null(read_back("out.bin", &len));

	/* Decimal with a leading zero is decimal, not octal; hex takes either case. */
	expect(RUN("-o", out, "-m", "010000", hyp, a), PACKER_ERR); /* 10000 < the 0x8000 image */
	assert_err_mentions("-m 0x2710:");
	expect(RUN("-o", out, "-m", "0X100000", hyp, a), PACKER_OK);
}

/* packer_build() is an API too: a job built by hand gets the same checks as one from argv. */
static void build_checks_hand_made_jobs(void **state)
{
	(void)state;
	static struct pack_job job;

	memset(&job, 0, sizeof(job));
	job.out_path = path_of("out.bin");
	job.hyp_path = path_of("hyp.bin");
	job.num_inputs = 2;
	job.inputs[0] = (struct pack_input){.arg = "x", .name = "a", .path = path_of("dtb")};
	job.inputs[1] = (struct pack_input){.arg = "y", .name = "a", .path = path_of("dtb")};
	expect(packer_build(&job, err, sizeof(err)), PACKER_ERR);
	assert_err_mentions("duplicate");
	memset(job.inputs[1].name, 'b', PACK_NAME_SIZE); /* unterminated */
	expect(packer_build(&job, err, sizeof(err)), PACKER_ERR);
	assert_err_mentions("1 to 31 characters");
	job.num_inputs = PACK_MAX_ENTRIES + 1;
	expect(packer_build(&job, err, sizeof(err)), PACKER_ERR);
	job.num_inputs = 0;
	expect(packer_build(&job, err, sizeof(err)), PACKER_ERR);
	job.num_inputs = 1;
	job.inputs[0].path = NULL;
	expect(packer_build(&job, err, sizeof(err)), PACKER_ERR);
	assert_err_mentions("no file");
	job.inputs[0].path = path_of("dtb");
	expect(packer_build(&job, err, sizeof(err)), PACKER_OK);
}

/* ---- signing ---- */

static const char *sign_args_out;

/* The standard payloads of a signed VM image, as the Makefile names them, signed with `key`. */
static int run_signed(const char *out, const char *key)
{
	sign_args_out = path_of(out);
	return RUN("-o", sign_args_out, "--sign", path_of(key), path_of("hyp.bin"), arg_of("vpn.config", "dtb"),
		   arg_of("vpn.kernel", "kernel"), arg_of("vpn.dtb", "initrd"), arg_of("apps.kernel", "kernel"));
}

static void open_image(const char *name, uint8_t **img, struct pack *p)
{
	size_t len = 0;

	*img = read_back(name, &len);
	assert_non_null(*img);
	assert_int_equal(pack_open(p, *img + PKG_START, len - PKG_START), PACK_OK);
}

static void signs_every_payload(void **state)
{
	(void)state;
	uint8_t *img;
	struct pack p;

	expect(run_signed("out.bin", "key"), PACKER_OK);
	open_image("out.bin", &img, &p);
	assert_int_equal(((const struct pack_header *)p.base)->version, 2);
	checks_payload(&p, "vpn.config", "dtb", 3, &test_pub);
	checks_payload(&p, "vpn.kernel", kernel, sizeof(kernel), &test_pub);
	checks_payload(&p, "vpn.dtb", page_payload, sizeof(page_payload), &test_pub);
	checks_payload(&p, "apps.kernel", kernel, sizeof(kernel), &test_pub);

	/* The statement binds name and size: the same bytes under another name, or shorter, do not verify. */
	struct pack_entry e = *pack_find(&p, "apps.kernel", NULL, NULL);
	assert_int_equal(verify_like_hyp(&test_pub, &e), CRYPTO_OK);
	memcpy(e.name, "vpn.kernel", sizeof("vpn.kernel"));
	assert_int_equal(verify_like_hyp(&test_pub, &e), CRYPTO_ERR_VERIFY);
	e = *pack_find(&p, "apps.kernel", NULL, NULL);
	e.size -= 1;
	assert_int_equal(verify_like_hyp(&test_pub, &e), CRYPTO_ERR_VERIFY);
	free(img);
}

static void signing_is_reproducible(void **state)
{
	(void)state;
	size_t len1 = 0;
	size_t len2 = 0;
	size_t len3 = 0;

	expect(run_signed("one.bin", "key"), PACKER_OK);
	expect(run_signed("two.bin", "key"), PACKER_OK);
	expect(RUN("-o", path_of("bare.bin"), path_of("hyp.bin"), arg_of("vpn.config", "dtb"),
		   arg_of("vpn.kernel", "kernel"), arg_of("vpn.dtb", "initrd"), arg_of("apps.kernel", "kernel")),
	       PACKER_OK);
	uint8_t *a = read_back("one.bin", &len1);
	uint8_t *b = read_back("two.bin", &len2);
	uint8_t *bare = read_back("bare.bin", &len3);
	assert_int_equal(len1, len2);
	assert_memory_equal(a, b, len1); /* RFC 6979: no randomness in the image */
	/* Signing changes the sig fields and nothing else. */
	assert_int_equal(len1, len3);
	for (size_t i = 0; i < 4; i++) {
		size_t at = PKG_START + sizeof(struct pack_header) + i * sizeof(struct pack_entry) +
			    offsetof(struct pack_entry, sig);
		assert_memory_not_equal(a + at, bare + at, PACK_SIG_SIZE);
		memcpy(a + at, bare + at, PACK_SIG_SIZE);
	}
	assert_memory_equal(a, bare, len1);
	free(a);
	free(b);
	free(bare);
}

static void refuses_bad_key_files(void **state)
{
	(void)state;
	static const struct {
		const char *content;
		const char *says;
	} bad[] = {
		{"", "only 0 hex characters"},
		{"0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcde\n", "only 63 hex characters"},
		{"0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef0\n", "more than 64 hex"},
		{"0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef\n\n", "more than 64 hex"},
		{"0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdeg\n",
		 "non-hex byte 0x67 at offset 63"},
		{" 123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef\n", "non-hex byte 0x20 at offset 0"},
		{"-----BEGIN EC PRIVATE KEY-----\nMHcCAQEEI\n", "a PEM file"},
		/* Well-formed files whose scalar is no P-256 key: 0, the group order n, 2^256 - 1. */
		{"0000000000000000000000000000000000000000000000000000000000000000\n", "not a P-256 private key"},
		{"ffffffff00000000ffffffffffffffffbce6faada7179e84f3b9cac2fc632551\n", "not a P-256 private key"},
		{"ffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff", "not a P-256 private key"},
	};
	size_t len = 0;

	for (size_t i = 0; i < ARRAY_SIZE(bad); i++) {
		write_file("bad.key", bad[i].content, strlen(bad[i].content));
		expect(run_signed("out.bin", "bad.key"), PACKER_ERR);
		assert_err_mentions(tmpf("'%s'", path_of("bad.key")));
		assert_err_mentions(bad[i].says);
		assert_null(read_back("out.bin", &len));
	}
	expect(run_signed("out.bin", "nokey"), PACKER_ERR);
	assert_err_mentions("nokey': cannot open");

	/* n - 1 is the largest key; no newline and a CRLF are fine too. */
	write_file("max.key", "ffffffff00000000ffffffffffffffffbce6faada7179e84f3b9cac2fc632550", 64);
	expect(run_signed("out.bin", "max.key"), PACKER_OK);
	write_hex("crlf.key", test_key.bytes, sizeof(test_key.bytes), "\r\n");
	expect(run_signed("out.bin", "crlf.key"), PACKER_OK);
	expect(RUN("-o", path_of("x.bin"), path_of("hyp.bin"), arg_of("a", "dtb"), "--sign"), PACKER_USAGE);
	assert_err_mentions("--sign needs a value");
}

/* ---- inspecting an image ---- */

static char inspect_out[8192];

/* Runs a list/verify/measure command line; its stdout lands in inspect_out. */
static int inspect_argv(const char *const *args)
{
	static struct pack_job job;
	char *argv[16];
	int argc = 0;
	char *buf = NULL;
	size_t len = 0;

	argv[argc++] = (char *)"shoji-pack";
	for (; args[argc - 1] != NULL; argc++) {
		argv[argc] = (char *)args[argc - 1];
	}
	argv[argc] = NULL;
	err[0] = '\0';
	inspect_out[0] = '\0';
	int rc = packer_parse_args(argc, argv, &job, err, sizeof(err));
	if (rc != PACKER_OK) {
		return rc;
	}
	if (job.mode == PACK_MODE_BUILD) {
		return -1;
	}
	FILE *f = open_memstream(&buf, &len);
	assert_non_null(f);
	rc = packer_inspect(&job, f, err, sizeof(err));
	assert_int_equal(fclose(f), 0);
	(void)snprintf(inspect_out, sizeof(inspect_out), "%s", buf);
	free(buf);
	return rc;
}

#define INSPECT(...) inspect_argv((const char *const[]){__VA_ARGS__, NULL})

static void out_mentions(const char *what)
{
	if (strstr(inspect_out, what) == NULL) {
		fail_msg("output \"%s\" does not mention \"%s\" (error: %s)", inspect_out, what, err);
	}
}

/* attest.h's measurement, computed here from its definition rather than with tools/pack/sign.c. */
static void expected_measurement(const struct pack *p, const char *vm, char hex[65])
{
	static const char *const kinds[] = {"config", "kernel", "dtb", "initrd"};
	struct crypto_sha256_ctx ctx;
	struct crypto_sha256_digest d;

	assert_int_equal(crypto_sha256_init(&ctx), CRYPTO_OK);
	assert_int_equal(crypto_sha256_update(&ctx, "SHOJI-MEASURE-v1", 16), CRYPTO_OK);
	for (size_t k = 0; k < ARRAY_SIZE(kinds); k++) {
		const void *data;
		size_t size;
		const struct pack_entry *e = pack_find(p, tmpf("%s.%s", vm, kinds[k]), &data, &size);
		if (e == NULL) {
			continue;
		}
		struct crypto_sha256_digest h;
		assert_int_equal(crypto_sha256(data, size, &h), CRYPTO_OK);
		assert_int_equal(crypto_sha256_update(&ctx, e->name, PACK_NAME_SIZE), CRYPTO_OK);
		assert_int_equal(crypto_sha256_update(&ctx, h.bytes, sizeof(h.bytes)), CRYPTO_OK);
	}
	assert_int_equal(crypto_sha256_final(&ctx, &d), CRYPTO_OK);
	hex_encode(d.bytes, sizeof(d.bytes), hex);
}

/* A path that outlives tmpf()'s rotating buffers. */
static const char *stable_path(char *buf, size_t size, const char *name)
{
	(void)snprintf(buf, size, "%s", path_of(name));
	return buf;
}

static void lists_verifies_and_measures(void **state)
{
	(void)state;
	char img_buf[128];
	const char *img_path = stable_path(img_buf, sizeof(img_buf), "out.bin");
	uint8_t *img;
	struct pack p;
	char hex[65];

	expect(run_signed("out.bin", "key"), PACKER_OK);
	open_image("out.bin", &img, &p);

	expect(INSPECT("--list", img_path), PACKER_OK);
	out_mentions(tmpf("vpn.config offset=%#x size=3 sha256=", PKG_START + 0x1000));
	out_mentions(tmpf("vpn.kernel offset=%#x size=10000 sha256=", PKG_START + 0x2000));
	out_mentions("hash=ok sig=set\n");
	assert_null(strstr(inspect_out, "BAD"));

	expect(INSPECT("--verify", path_of("key.pub"), img_path), PACKER_OK);
	out_mentions("apps.kernel offset=");
	out_mentions("hash=ok sig=ok\n");
	expect(INSPECT("--verify", path_of("other.pub"), img_path), PACKER_ERR);
	out_mentions("hash=ok sig=BAD\n");
	assert_err_mentions("4 of 4 payloads fail verification");

	expected_measurement(&p, "vpn", hex);
	expect(INSPECT("--measure", "vpn", img_path), PACKER_OK);
	assert_string_equal(inspect_out, tmpf("%s\n", hex));
	expected_measurement(&p, "apps", hex); /* a kernel and nothing else */
	expect(INSPECT("--measure", "apps", img_path), PACKER_OK);
	assert_string_equal(inspect_out, tmpf("%s\n", hex));

	expect(INSPECT("--measure", "nope", img_path), PACKER_ERR);
	assert_err_mentions("has no payload 'nope.kernel'");
	expect(INSPECT("--measure", "vpn.kernel", img_path), PACKER_ERR);
	assert_err_mentions("not a VM name");
	expect(INSPECT("--measure", "", img_path), PACKER_ERR);
	assert_err_mentions("not a VM name");
	free(img);
}

/* Flips byte `at` of file `name` in place. */
static void flip(const char *name, size_t at)
{
	size_t len = 0;
	uint8_t *data = read_back(name, &len);

	assert_true(at < len);
	data[at] ^= 0x01;
	write_file(name, data, len);
	free(data);
}

static void verify_catches_tampering(void **state)
{
	(void)state;
	char img_buf[128];
	char pub_buf[128];
	const char *img_path = stable_path(img_buf, sizeof(img_buf), "out.bin");
	const char *pub = stable_path(pub_buf, sizeof(pub_buf), "key.pub");
	size_t entry1 = PKG_START + sizeof(struct pack_header) + sizeof(struct pack_entry); /* vpn.kernel */

	/* A payload byte: the digest no longer matches, so no measurement is expected of that VM. */
	expect(run_signed("out.bin", "key"), PACKER_OK);
	flip("out.bin", PKG_START + 0x2000 + 5000);
	expect(INSPECT("--verify", pub, img_path), PACKER_ERR);
	out_mentions("vpn.kernel offset=");
	out_mentions("hash=BAD sig=ok\n");
	assert_err_mentions("1 of 4 payloads fail verification");
	expect(INSPECT("--measure", "vpn", img_path), PACKER_ERR);
	assert_err_mentions("payload 'vpn.kernel' does not match its SHA-256");
	expect(INSPECT("--measure", "apps", img_path), PACKER_OK);

	/* The stored digest, its name or size, or the signature itself: the signature fails. */
	static const size_t fields[] = {offsetof(struct pack_entry, sha256) + 31, offsetof(struct pack_entry, sig),
					offsetof(struct pack_entry, sig) + 63, offsetof(struct pack_entry, size)};
	for (size_t i = 0; i < ARRAY_SIZE(fields); i++) {
		expect(run_signed("out.bin", "key"), PACKER_OK);
		flip("out.bin", entry1 + fields[i]);
		expect(INSPECT("--verify", pub, img_path), PACKER_ERR);
		out_mentions("sig=BAD\n");
	}
	expect(run_signed("out.bin", "key"), PACKER_OK);
	flip("out.bin", entry1 + 2); /* "vpn.kernel" -> "vpo.kernel" */
	expect(INSPECT("--verify", pub, img_path), PACKER_ERR);
	out_mentions("vpo.kernel offset=");
	out_mentions("sig=BAD\n");

	/* Unsigned: listed as zero, refused by --verify. */
	expect(run_good("out.bin"), PACKER_OK);
	expect(INSPECT("--list", img_path), PACKER_OK);
	out_mentions("hash=ok sig=zero\n");
	expect(INSPECT("--verify", pub, img_path), PACKER_ERR);
	out_mentions("sig=zero\n");
	assert_err_mentions("3 of 3 payloads fail verification");
}

/*
 * "<vm>.sealed" is sealed data (include/shoji/seal.h): packed unsigned even with --sign,
 * "sig=n/a" in --list and --verify, which passes without its signature; its hash still
 * counts, and it is not part of the VM's measurement.
 */
static void sealed_payloads_stay_unsigned(void **state)
{
	(void)state;
	char img_buf[128];
	char pub_buf[128];
	const char *img_path = stable_path(img_buf, sizeof(img_buf), "out.bin");
	const char *pub = stable_path(pub_buf, sizeof(pub_buf), "key.pub");
	uint8_t plain[PACK_SHA256_SIZE];
	uint8_t sealed[PACK_SHA256_SIZE];
	uint8_t *img;
	struct pack p;

	expect(run_signed("out.bin", "key"), PACKER_OK);
	expect(packer_measure(img_path, "vpn", plain, err, sizeof(err)), PACKER_OK);
	expect(RUN("-o", img_path, "--sign", path_of("key"), path_of("hyp.bin"), arg_of("vpn.config", "dtb"),
		   arg_of("vpn.kernel", "kernel"), arg_of("vpn.dtb", "initrd"), arg_of("apps.kernel", "kernel"),
		   arg_of("vpn.sealed", "dtb")),
	       PACKER_OK);
	open_image("out.bin", &img, &p);
	checks_payload(&p, "vpn.sealed", "dtb", 3, NULL); /* all-zero sig */
	checks_payload(&p, "vpn.kernel", kernel, sizeof(kernel), &test_pub);
	size_t at = PKG_START + pack_find(&p, "vpn.sealed", NULL, NULL)->offset + 1;
	free(img);
	expect(INSPECT("--list", img_path), PACKER_OK);
	out_mentions("vpn.sealed offset=");
	out_mentions("hash=ok sig=n/a\n");
	expect(INSPECT("--verify", pub, img_path), PACKER_OK);
	out_mentions("hash=ok sig=n/a\n");
	expect(packer_measure(img_path, "vpn", sealed, err, sizeof(err)), PACKER_OK);
	assert_memory_equal(plain, sealed, sizeof(plain));

	/* A damaged sealed payload is still a damaged image. */
	flip("out.bin", at);
	expect(INSPECT("--verify", pub, img_path), PACKER_ERR);
	out_mentions("hash=BAD sig=n/a\n");
	assert_err_mentions("1 of 5 payloads fail verification");

	expect(packer_measure(img_path, "nope", sealed, err, sizeof(err)), PACKER_ERR);
	assert_err_mentions("has no payload 'nope.kernel'");
	expect(packer_measure(path_of("missing.bin"), "vpn", sealed, err, sizeof(err)), PACKER_ERR);
}

static void inspect_refuses_bad_input(void **state)
{
	(void)state;
	char img_buf[128];
	const char *img_path = stable_path(img_buf, sizeof(img_buf), "out.bin");

	expect(run_signed("out.bin", "key"), PACKER_OK);
	expect(INSPECT("--list"), PACKER_USAGE);
	assert_err_mentions("exactly one packed image");
	expect(INSPECT("--list", img_path, img_path), PACKER_USAGE);
	expect(INSPECT("--list", "-o", path_of("x"), img_path), PACKER_USAGE);
	assert_err_mentions("-o, -m and --sign build an image");
	expect(INSPECT("--list", "--sign", path_of("key"), img_path), PACKER_USAGE);
	expect(INSPECT("--list", "--measure", "vpn", img_path), PACKER_USAGE);
	assert_err_mentions("only one of");
	expect(INSPECT("--verify"), PACKER_USAGE);
	assert_err_mentions("--verify needs a value");
	expect(INSPECT("--measure", "vpn"), PACKER_USAGE);

	expect(INSPECT("--list", path_of("missing.bin")), PACKER_ERR);
	assert_err_mentions("missing.bin': cannot open");
	expect(INSPECT("--list", path_of("hyp.bin")), PACKER_ERR); /* no package */
	assert_err_mentions("no valid package ending the file");
	expect(INSPECT("--verify", path_of("key"), img_path), PACKER_ERR); /* a private key is no public key */
	assert_err_mentions("only 64 hex characters");
	write_file("offcurve.pub",
		   "04000000000000000000000000000000000000000000000000000000000000000100000000000000"
		   "00000000000000000000000000000000000000000000000001\n",
		   131);
	expect(INSPECT("--verify", path_of("offcurve.pub"), img_path), PACKER_ERR);
	assert_err_mentions("not a P-256 public key");

	/* A version-1 image says so rather than "no package". */
	flip("out.bin", PKG_START + offsetof(struct pack_header, version) + 1); /* 2 -> 0x102 */
	expect(INSPECT("--list", img_path), PACKER_ERR);
	assert_err_mentions("unsupported package version");
}

/*
 * The hypervisor's own rodata holds the package magic (hyp/core/pack.c), and a build may
 * put it on a page boundary: the inspector must not take that copy for the package, nor
 * report its "version" (an xdata selftest build did exactly this once).
 */
static void inspect_skips_the_magic_inside_the_hypervisor(void **state)
{
	(void)state;
	char img_buf[128];
	const char *img_path = stable_path(img_buf, sizeof(img_buf), "out.bin");
	size_t len = 0;
	uint8_t *hyp = read_back("hyp.bin", &len);
	struct pack_header fake = {.version = 1, .table_size = 1234, .total_size = 99};

	assert_non_null(hyp);
	assert_true(len >= PACK_ALIGN + sizeof(fake));
	memcpy(fake.magic, PACK_MAGIC, PACK_MAGIC_SIZE);
	memcpy(hyp + PACK_ALIGN, &fake, sizeof(fake));
	write_file("hyp.bin", hyp, len);
	free(hyp);

	expect(run_signed("out.bin", "key"), PACKER_OK);
	expect(INSPECT("--verify", path_of("key.pub"), img_path), PACKER_OK);
	out_mentions(tmpf("vpn.config offset=%#x size=3 sha256=", PKG_START + 0x1000));
	expect(INSPECT("--measure", "vpn", img_path), PACKER_OK);
}

static int group_setup(void **state)
{
	(void)state;
	return crypto_init() == CRYPTO_OK ? 0 : -1;
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(packs_and_parses, setup, teardown),
		cmocka_unit_test_setup_teardown(output_is_reproducible, setup, teardown),
		cmocka_unit_test_setup_teardown(respects_max_size, setup, teardown),
		cmocka_unit_test_setup_teardown(failure_keeps_old_output, setup, teardown),
		cmocka_unit_test_setup_teardown(rejects_bad_payloads, setup, teardown),
		cmocka_unit_test_setup_teardown(rejects_too_many_payloads, setup, teardown),
		cmocka_unit_test_setup_teardown(rejects_bad_hypervisor, setup, teardown),
		cmocka_unit_test_setup_teardown(rejects_bad_command_lines, setup, teardown),
		cmocka_unit_test_setup_teardown(build_checks_hand_made_jobs, setup, teardown),
		cmocka_unit_test_setup_teardown(signs_every_payload, setup, teardown),
		cmocka_unit_test_setup_teardown(signing_is_reproducible, setup, teardown),
		cmocka_unit_test_setup_teardown(refuses_bad_key_files, setup, teardown),
		cmocka_unit_test_setup_teardown(lists_verifies_and_measures, setup, teardown),
		cmocka_unit_test_setup_teardown(verify_catches_tampering, setup, teardown),
		cmocka_unit_test_setup_teardown(sealed_payloads_stay_unsigned, setup, teardown),
		cmocka_unit_test_setup_teardown(inspect_refuses_bad_input, setup, teardown),
		cmocka_unit_test_setup_teardown(inspect_skips_the_magic_inside_the_hypervisor, setup, teardown),
	};
	return cmocka_run_group_tests(tests, group_setup, NULL);
}
