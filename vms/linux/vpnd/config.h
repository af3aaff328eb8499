/* SPDX-License-Identifier: MIT */
/*
 * vpnd's configuration: one file of `key = value` lines, parsed strictly (README.md has
 * the reference). Parsing is free of I/O except config_load's read of the file, so the
 * unit tests drive every path through config_parse.
 */
#ifndef SHOJI_VPND_CONFIG_H
#define SHOJI_VPND_CONFIG_H

#include <stddef.h>
#include <stdint.h>

#include "value.h"

#define CONFIG_MAX_ROUTES   16
#define CONFIG_PATH_MAX     256 /* with the NUL */
#define CONFIG_HOSTNAME_MAX HOSTNAME_MAX
#define CONFIG_IFNAME_MAX   16 /* IFNAMSIZ: 15 characters and the NUL */
#define CONFIG_FILE_MAX     65536
#define CONFIG_LINE_MAX     512

/* A credential file and the config line that named it, for error messages at load time. */
struct config_file {
	char path[CONFIG_PATH_MAX];
	unsigned line;
};

struct vpnd_config {
	uint32_t gateway_addr; /* host byte order */
	uint16_t gateway_port;
	char gateway_name[CONFIG_HOSTNAME_MAX];
	struct config_file ca, cert, key;
	char tun[CONFIG_IFNAME_MAX];
	struct ipv4_prefix address; /* the tun device's own address and on-link prefix */
	uint32_t peer;              /* the gateway's tunnel address: the keepalive's target */
	unsigned mtu;
	struct ipv4_prefix routes[CONFIG_MAX_ROUTES];
	size_t n_routes;
	unsigned keepalive;   /* seconds */
	unsigned dead_after;  /* seconds */
	unsigned backoff_min; /* seconds */
	unsigned backoff_max; /* seconds */
};

/*
 * What went wrong and where: line 0 when the problem is not on one line (a missing key,
 * an unreadable file); key empty when no key is involved (a malformed line).
 */
struct config_error {
	unsigned line;
	char key[32];
	char msg[192];
};

/* 0 and a complete, checked *cfg; or -1 and *err filled in. text need not be NUL-terminated. */
int config_parse(const char *text, size_t len, struct vpnd_config *cfg, struct config_error *err);

/* config_parse on the contents of path (at most CONFIG_FILE_MAX bytes). */
int config_load(const char *path, struct vpnd_config *cfg, struct config_error *err);

#endif /* SHOJI_VPND_CONFIG_H */
