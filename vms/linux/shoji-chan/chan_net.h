/* SPDX-License-Identifier: GPL-2.0 */
/*
 * What the two halves of the Linux glue share: the device's private state
 * (chan_net.c: netdev, NAPI, doorbell, probe) and its sysfs files and hostile
 * test mode (chan_sysfs.c).
 */
#ifndef SHOJI_CHAN_NET_H
#define SHOJI_CHAN_NET_H

#include <linux/atomic.h>
#include <linux/hrtimer.h>
#include <linux/netdevice.h>
#include <linux/spinlock.h>
#include <linux/sysfs.h>
#include <linux/timer.h>

#include "chan_ring.h"

/* What this driver counts beyond the netdev statistics (sysfs: shoji/<name>). */
enum chan_count {
	CNT_BELL_OK,           /* doorbells rung */
	CNT_BELL_RATE_LIMITED, /* CHANNEL_NOTIFY said RATE_LIMITED: retried from a timer */
	CNT_BELL_PEER_DOWN,    /* CHANNEL_NOTIFY said PEER_DOWN */
	CNT_BELL_INVALID,      /* CHANNEL_NOTIFY said INVALID_PARAMETER: a device-tree mistake */
	CNT_BELL_OTHER,        /* any other result (NOT_SUPPORTED: a hypervisor without channels) */
	CNT_PROTOCOL_ERRORS,   /* peer indices out of range (also rx_errors, rx_frame_errors) */
	CNT_BAD_LENGTHS,       /* slots with a bad length (also rx_errors, rx_length_errors) */
	CNT_LINK_RESETS,       /* attaches and index restarts */
	CNT_COUNT
};

struct chan_priv {
	struct net_device *dev;
	struct napi_struct napi;
	spinlock_t lock;
	struct chan_ring ring; /* under lock */
	u32 channel;           /* the index CHANNEL_NOTIFY takes */
	int irq;               /* the peer's doorbell */
	struct timer_list link_timer;
	struct hrtimer bell_timer; /* retries a rate-limited doorbell */
	atomic_t bell_pending;
	atomic_long_t count[CNT_COUNT];
};

/* chan_net.c */
long chan_notify(u32 channel);
enum chan_count chan_bell_result(long ret);
void chan_bell(struct chan_priv *p);
void chan_apply(struct chan_priv *p, unsigned int act);

/* chan_sysfs.c: the group /sys/class/net/chanN/shoji/ */
extern const struct attribute_group chan_attr_group;
bool chan_hostile(void);

#endif /* SHOJI_CHAN_NET_H */
