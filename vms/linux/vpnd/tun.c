/* SPDX-License-Identifier: MIT */
/* The tun device and its routes, by ioctl (tun.h). */
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <linux/if_tun.h>
#include <net/if.h>
#include <net/route.h>
#include <netinet/in.h>
#include <stdio.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <unistd.h>

#include "log.h"
#include "tun.h"

static int tun_fail(const struct tun *t, const char *what)
{
	vpnd_log("tun %s: %s: %s", t->name, what, strerror(errno));
	return -1;
}

static void ifreq_init(const struct tun *t, struct ifreq *ifr)
{
	memset(ifr, 0, sizeof(*ifr));
	memcpy(ifr->ifr_name, t->name, sizeof(t->name)); /* both IFNAMSIZ, NUL-terminated */
}

static void set_sin(struct sockaddr *sa, uint32_t addr)
{
	struct sockaddr_in sin;

	memset(&sin, 0, sizeof(sin));
	sin.sin_family = AF_INET;
	sin.sin_addr.s_addr = htonl(addr);
	memcpy(sa, &sin, sizeof(sin));
}

static int set_addr(struct tun *t, unsigned long req, uint32_t addr, const char *what)
{
	struct ifreq ifr;

	ifreq_init(t, &ifr);
	set_sin(&ifr.ifr_addr, addr);
	return ioctl(t->ctl, req, &ifr) == 0 ? 0 : tun_fail(t, what);
}

static int set_mtu(struct tun *t, unsigned mtu)
{
	struct ifreq ifr;

	ifreq_init(t, &ifr);
	ifr.ifr_mtu = (int)mtu;
	return ioctl(t->ctl, SIOCSIFMTU, &ifr) == 0 ? 0 : tun_fail(t, "set MTU");
}

enum link_state {
	LINK_DOWN,
	LINK_UP
};

static int set_link(struct tun *t, enum link_state state)
{
	struct ifreq ifr;

	ifreq_init(t, &ifr);
	if (ioctl(t->ctl, SIOCGIFFLAGS, &ifr) != 0) {
		return tun_fail(t, "get flags");
	}
	if (state == LINK_UP) {
		ifr.ifr_flags = (short)(ifr.ifr_flags | IFF_UP);
	} else {
		ifr.ifr_flags = (short)(ifr.ifr_flags & ~IFF_UP);
	}
	return ioctl(t->ctl, SIOCSIFFLAGS, &ifr) == 0 ? 0 : tun_fail(t, state == LINK_UP ? "link up" : "link down");
}

enum route_kind {
	ROUTE_VIA_TUN,
	ROUTE_REJECT
};

/*
 * SIOCADDRT/SIOCDELRT: with RTF_REJECT the kernel makes an "unreachable" route
 * (fib_frontend.c rtentry_to_fib_config); rt_metric is the route's priority plus one.
 */
static int route(struct tun *t, unsigned long req, const struct ipv4_prefix *dst, enum route_kind kind)
{
	struct rtentry rt;
	char dev[CONFIG_IFNAME_MAX];
	char a[16];

	memset(&rt, 0, sizeof(rt));
	set_sin(&rt.rt_dst, dst->addr);
	set_sin(&rt.rt_genmask, ipv4_mask(dst->len));
	rt.rt_flags = RTF_UP;
	if (kind == ROUTE_REJECT) {
		rt.rt_flags |= RTF_REJECT;
		rt.rt_metric = TUN_REJECT_METRIC + 1;
	} else {
		memcpy(dev, t->name, sizeof(dev));
		rt.rt_dev = dev;
	}
	if (ioctl(t->ctl, req, &rt) == 0 || (req == SIOCADDRT && errno == EEXIST) ||
	    (req == SIOCDELRT && errno == ESRCH)) {
		return 0;
	}
	vpnd_log("tun %s: %s %sroute %s/%u: %s", t->name, req == SIOCADDRT ? "add" : "delete",
		 kind == ROUTE_REJECT ? "unreachable " : "", ipv4_str(dst->addr, a, sizeof(a)), dst->len,
		 strerror(errno));
	return -1;
}

/*
 * The tunnel carries IPv4 only. Left on, IPv6 gives the device a link-local address and
 * the kernel sends router solicitations into it, which vpnd would only drop and log.
 * Best effort: a kernel without IPv6 has no such file.
 */
static void disable_ipv6(const struct tun *t)
{
	char path[64];
	int fd;

	(void)snprintf(path, sizeof(path), "/proc/sys/net/ipv6/conf/%s/disable_ipv6", t->name);
	fd = open(path, O_WRONLY | O_CLOEXEC);
	if (fd < 0) {
		return;
	}
	if (write(fd, "1", 1) != 1) {
		vpnd_log("tun %s: disable IPv6: %s", t->name, strerror(errno));
	}
	(void)close(fd);
}

static int attach(struct tun *t)
{
	struct ifreq ifr;

	t->fd = open("/dev/net/tun", O_RDWR | O_NONBLOCK | O_CLOEXEC);
	if (t->fd < 0) {
		return tun_fail(t, "open /dev/net/tun");
	}
	ifreq_init(t, &ifr);
	ifr.ifr_flags = IFF_TUN | IFF_NO_PI;
	if (ioctl(t->fd, TUNSETIFF, &ifr) != 0) {
		return tun_fail(t, "TUNSETIFF");
	}
	disable_ipv6(t);
	t->ctl = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);
	return t->ctl >= 0 ? 0 : tun_fail(t, "socket");
}

int tun_open(struct tun *t, const struct vpnd_config *cfg)
{
	int ret;

	t->fd = -1;
	t->ctl = -1;
	memcpy(t->name, cfg->tun, sizeof(t->name));
	ret = attach(t);
	if (ret == 0) {
		ret = set_link(t, LINK_DOWN);
	}
	if (ret == 0) {
		ret = set_addr(t, SIOCSIFADDR, cfg->address.addr, "set address");
	}
	if (ret == 0) {
		ret = set_addr(t, SIOCSIFNETMASK, ipv4_mask(cfg->address.len), "set netmask");
	}
	if (ret == 0) {
		ret = set_mtu(t, cfg->mtu);
	}
	for (size_t i = 0; ret == 0 && i < cfg->n_routes; i++) {
		ret = route(t, SIOCADDRT, &cfg->routes[i], ROUTE_REJECT);
	}
	if (ret != 0) {
		tun_close(t, cfg);
	}
	return ret;
}

int tun_link_up(struct tun *t, const struct vpnd_config *cfg)
{
	if (set_link(t, LINK_UP) != 0) {
		return -1;
	}
	for (size_t i = 0; i < cfg->n_routes; i++) {
		if (route(t, SIOCADDRT, &cfg->routes[i], ROUTE_VIA_TUN) != 0) {
			(void)set_link(t, LINK_DOWN);
			return -1;
		}
	}
	return 0;
}

int tun_link_down(struct tun *t)
{
	return set_link(t, LINK_DOWN);
}

void tun_close(struct tun *t, const struct vpnd_config *cfg)
{
	if (t->ctl >= 0) {
		(void)set_link(t, LINK_DOWN);
		for (size_t i = 0; i < cfg->n_routes; i++) {
			(void)route(t, SIOCDELRT, &cfg->routes[i], ROUTE_REJECT);
		}
		(void)close(t->ctl);
		t->ctl = -1;
	}
	if (t->fd >= 0) {
		(void)close(t->fd);
		t->fd = -1;
	}
}
