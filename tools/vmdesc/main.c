/* SPDX-License-Identifier: MIT */
/*
 * shoji-vmdesc: writes each VM's partition-table entry, in the canonical encoding
 * the hypervisor checks it against (hyp/core/vmdesc.c), to DIR/<vm>.config: the
 * "<vm>.config" payload the packer signs. Linked with one system's system.c, like
 * tools/partcheck, so the bytes come from the very table the hypervisor is built with.
 *
 * usage: shoji-vmdesc -o DIR VM...
 * The VM names are the ones the build packs a kernel for; they must be exactly the
 * table's, so a VM can neither lose its config payload nor gain a stray one.
 */
#ifndef _POSIX_C_SOURCE
#define _POSIX_C_SOURCE 200809L /* mkstemp, fdopen */
#endif

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <shoji/partition.h>
#include <vmdesc.h>

static int usage(void)
{
	(void)fprintf(stderr,
		      "usage: shoji-vmdesc -o DIR VM...\n"
		      "  Writes DIR/<vm>.config, the canonical partition entry of each VM of system '%s'.\n"
		      "  The VMs named must be exactly the system's.\n",
		      system_config.name);
	return 2;
}

static int table_index(const char *name)
{
	for (uint32_t i = 0; i < system_config.num_vms; i++) {
		if (strcmp(system_config.vms[i].name, name) == 0) {
			return (int)i;
		}
	}
	return -1;
}

/* Every name a VM of the table, once, and every VM of the table named. */
static int check_names(int n, char *const names[])
{
	for (int i = 0; i < n; i++) {
		if (table_index(names[i]) < 0) {
			(void)fprintf(stderr, "shoji-vmdesc: '%s' is not a VM of system '%s'\n", names[i],
				      system_config.name);
			return -1;
		}
		for (int j = 0; j < i; j++) {
			if (strcmp(names[i], names[j]) == 0) {
				(void)fprintf(stderr, "shoji-vmdesc: VM '%s' named twice\n", names[i]);
				return -1;
			}
		}
	}
	for (uint32_t v = 0; v < system_config.num_vms; v++) {
		bool named = false;
		for (int i = 0; i < n && !named; i++) {
			named = strcmp(system_config.vms[v].name, names[i]) == 0;
		}
		if (!named) {
			(void)fprintf(
				stderr,
				"shoji-vmdesc: system '%s' has VM '%s', but the build packs no '%s.kernel' for it\n",
				system_config.name, system_config.vms[v].name, system_config.vms[v].name);
			return -1;
		}
	}
	return 0;
}

/* path written whole or not at all (temporary file, then rename). */
static int write_file(const char *path, const uint8_t *data, size_t len)
{
	size_t n = strlen(path) + sizeof(".XXXXXX");
	char *tmp = malloc(n);
	int rc = -1;

	if (tmp == NULL) {
		return -1;
	}
	(void)snprintf(tmp, n, "%s.XXXXXX", path);
	int fd = mkstemp(tmp);
	FILE *f = fd < 0 ? NULL : fdopen(fd, "wb");
	if (f != NULL) {
		bool ok = fwrite(data, 1, len, f) == len;
		ok = fclose(f) == 0 && ok;
		mode_t mask = umask(0);
		(void)umask(mask);
		ok = ok && chmod(tmp, 0666 & ~mask) == 0 && rename(tmp, path) == 0;
		rc = ok ? 0 : -1;
	} else if (fd >= 0) {
		(void)close(fd);
	}
	if (rc != 0) {
		(void)fprintf(stderr, "shoji-vmdesc: '%s': cannot write: %s\n", path, strerror(errno));
		if (fd >= 0) {
			(void)unlink(tmp);
		}
	}
	free(tmp);
	return rc;
}

static int write_vm(const char *dir, uint32_t vm)
{
	static uint8_t buf[VMDESC_MAX];
	char path[4096];
	const char *name = system_config.vms[vm].name;
	size_t len = vmdesc_encode(&system_config, vm, buf, sizeof(buf));

	if (len == 0) {
		(void)fprintf(stderr,
			      "shoji-vmdesc: VM '%s': its partition entry has no canonical encoding "
			      "(a name too long for its field, or more than %d bytes)\n",
			      name, VMDESC_MAX);
		return -1;
	}
	if ((size_t)snprintf(path, sizeof(path), "%s/%s.config", dir, name) >= sizeof(path)) {
		(void)fprintf(stderr, "shoji-vmdesc: '%s': path too long\n", dir);
		return -1;
	}
	return write_file(path, buf, len);
}

int main(int argc, char **argv)
{
	if (argc < 4 || strcmp(argv[1], "-o") != 0) {
		return usage();
	}
	const char *dir = argv[2];
	if (check_names(argc - 3, &argv[3]) != 0) {
		return 1;
	}
	for (uint32_t v = 0; v < system_config.num_vms; v++) {
		if (write_vm(dir, v) != 0) {
			return 1;
		}
	}
	return 0;
}
