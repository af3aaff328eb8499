/* SPDX-License-Identifier: MIT */
/*
 * The tun device on the tunnel's inside, set up with ioctls (no ip(8), no shell):
 * address, netmask and MTU once at start; the link up, and the configured routes
 * through it, only while the tunnel is established. Bringing the link down makes the
 * kernel drop those routes, so nothing is routed into a dead tunnel.
 *
 * The kill switch for the configured routes: while vpnd runs, each has an
 * "unreachable" twin with a worse metric (TUN_REJECT_METRIC). With the tunnel up the
 * route through the device wins; with it down the twin does, and the kernel refuses
 * those destinations ("Network is unreachable") instead of sending them along another
 * route, such as a default route, in the clear.
 */
#ifndef SHOJI_VPND_TUN_H
#define SHOJI_VPND_TUN_H

#include <stddef.h>

#include "config.h"

#define TUN_REJECT_METRIC 1000

struct tun {
	int fd;  /* /dev/net/tun, attached to the device; -1 when closed */
	int ctl; /* an AF_INET datagram socket for the interface and route ioctls */
	char name[CONFIG_IFNAME_MAX];
};

/*
 * Creates (or attaches to) the tun device cfg->tun, IFF_TUN | IFF_NO_PI, non-blocking;
 * sets its address, netmask and MTU with the link down, then adds the reject routes.
 * 0, or -1 after logging what failed (the device is closed again).
 */
int tun_open(struct tun *t, const struct vpnd_config *cfg);

/* Link up and the configured routes through the device. 0, or -1 after logging. */
int tun_link_up(struct tun *t, const struct vpnd_config *cfg);

/* Link down (the kernel removes the routes through it). 0, or -1 after logging. */
int tun_link_down(struct tun *t);

/* Link down, reject routes removed, device closed (a non-persistent tun device disappears). */
void tun_close(struct tun *t, const struct vpnd_config *cfg);

#endif /* SHOJI_VPND_TUN_H */
