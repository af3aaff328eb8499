// SPDX-License-Identifier: GPL-2.0
/*
 * The /sys/class/net/chanN/shoji/ files of shoji_chan: the link state and the
 * counters the netdev statistics have no place for (busybox can cat them), and,
 * only with the module parameter hostile=1, "attack": a write-only file that makes
 * this end break the channel protocol on request, so tests can show the other VM
 * counts the errors and stays up. Never load hostile=1 outside a test.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/device.h>
#include <linux/kernel.h>
#include <linux/module.h>
#include <linux/random.h>
#include <linux/sched.h>
#include <linux/string.h>

#include "chan_net.h"

#define CHAN_FLOOD_MAX 10000000U /* "flood N": at most this N */
#define CHAN_STORM_MAX 100000U   /* "epoch_storm N": at most this N */

static bool hostile;
module_param(hostile, bool, 0444);
MODULE_PARM_DESC(hostile, "Tests only: add shoji/attack, which breaks the channel protocol on request");

bool chan_hostile(void)
{
	return hostile;
}

static struct chan_priv *chan_of(struct device *d)
{
	return netdev_priv(to_net_dev(d));
}

struct chan_count_attr {
	struct device_attribute attr;
	enum chan_count idx;
};

static ssize_t chan_count_show(struct device *d, struct device_attribute *attr, char *buf)
{
	const struct chan_count_attr *ca = container_of(attr, struct chan_count_attr, attr);

	return sysfs_emit(buf, "%ld\n", atomic_long_read(&chan_of(d)->count[ca->idx]));
}

#define CHAN_COUNT_ATTR(_name, _idx)                                \
	static struct chan_count_attr chan_attr_##_name = {         \
		.attr = __ATTR(_name, 0444, chan_count_show, NULL), \
		.idx = (_idx),                                      \
	}

CHAN_COUNT_ATTR(doorbells, CNT_BELL_OK);
CHAN_COUNT_ATTR(doorbells_rate_limited, CNT_BELL_RATE_LIMITED);
CHAN_COUNT_ATTR(doorbells_peer_down, CNT_BELL_PEER_DOWN);
CHAN_COUNT_ATTR(doorbells_invalid, CNT_BELL_INVALID);
CHAN_COUNT_ATTR(doorbells_other, CNT_BELL_OTHER);
CHAN_COUNT_ATTR(protocol_errors, CNT_PROTOCOL_ERRORS);
CHAN_COUNT_ATTR(bad_lengths, CNT_BAD_LENGTHS);
CHAN_COUNT_ATTR(link_resets, CNT_LINK_RESETS);

static ssize_t link_show(struct device *d, struct device_attribute *attr, char *buf)
{
	static const char *const names[] = {
		[CHAN_LINK_DOWN] = "down",
		[CHAN_LINK_WAIT] = "waiting",
		[CHAN_LINK_UP] = "up",
		[CHAN_LINK_ERROR] = "error",
	};
	struct chan_priv *p = chan_of(d);
	enum chan_link state;
	u32 epoch, peer;

	spin_lock_bh(&p->lock);
	state = p->ring.state;
	epoch = p->ring.epoch;
	peer = p->ring.peer_epoch;
	spin_unlock_bh(&p->lock);
	return sysfs_emit(buf, "%s epoch %#x peer %#x\n", names[state], epoch, peer);
}
static DEVICE_ATTR_RO(link);

/* ---- hostile mode (tests only): a peer that breaks the protocol on request ---- */

/* Writes a tx_prod far past anything published. */
static void chan_attack_garbage_prod(struct chan_priv *p, unsigned int n)
{
	u32 ours, bad;

	spin_lock_bh(&p->lock);
	ours = p->ring.tx_prod;
	bad = ours + SHOJI_CHAN_SLOTS + 1U + (get_random_u32() & 0x3fffffffU);
	chan_write(&p->ring.own->tx_prod, bad);
	spin_unlock_bh(&p->lock);
	chan_bell(p);
	pr_info("%s: hostile garbage_prod: tx_prod %#x written (ours is %#x)\n", p->dev->name, bad, ours);
}

/* Writes an rx_cons far past anything the peer published. */
static void chan_attack_bad_cons(struct chan_priv *p, unsigned int n)
{
	u32 ours, bad;

	spin_lock_bh(&p->lock);
	ours = p->ring.rx_cons;
	bad = ours + SHOJI_CHAN_SLOTS + 1U + (get_random_u32() & 0x3fffffffU);
	chan_write(&p->ring.own->rx_cons, bad);
	spin_unlock_bh(&p->lock);
	chan_bell(p);
	pr_info("%s: hostile bad_cons: rx_cons %#x written (ours is %#x)\n", p->dev->name, bad, ours);
}

/* Publishes three slots whose len no receiver may accept. */
static void chan_attack_bad_len(struct chan_priv *p, unsigned int n)
{
	static const u32 bad[] = {0, 65535, 0xffffffffU};
	unsigned int i, done = 0;
	u32 space = 0;

	spin_lock_bh(&p->lock);
	chan_apply(p, chan_tx_space(&p->ring, &space));
	for (i = 0; i < ARRAY_SIZE(bad) && i < space; i++) {
		chan_tx_publish(&p->ring, bad[i]);
		done++;
	}
	spin_unlock_bh(&p->lock);
	chan_bell(p);
	pr_info("%s: hostile bad_len: %u of 3 slots published with len 0, 65535, 0xffffffff (link %s)\n", p->dev->name,
		done, done ? "up" : "not up or ring full");
}

/* CHANNEL_NOTIFY n times back to back, counting each result. */
static void chan_attack_flood(struct chan_priv *p, unsigned int n)
{
	unsigned long res[CNT_BELL_OTHER + 1] = {0};
	unsigned int i;

	for (i = 0; i < n; i++) {
		res[chan_bell_result(chan_notify(p->channel))]++;
		if ((i & 4095U) == 4095U)
			cond_resched();
	}
	pr_info("%s: hostile flood: %u notifies: %lu ok, %lu rate-limited, %lu peer-down, %lu invalid, %lu other\n",
		p->dev->name, n, res[CNT_BELL_OK], res[CNT_BELL_RATE_LIMITED], res[CNT_BELL_PEER_DOWN],
		res[CNT_BELL_INVALID], res[CNT_BELL_OTHER]);
}

/* Attaches afresh n times, each with a new epoch and a doorbell. */
static void chan_attack_epoch_storm(struct chan_priv *p, unsigned int n)
{
	unsigned int i, done = 0;
	u32 epoch = 0;

	for (i = 0; i < n; i++) {
		spin_lock_bh(&p->lock);
		if (p->ring.state != CHAN_LINK_DOWN) {
			chan_apply(p, chan_attach(&p->ring, get_random_u32()));
			done++;
		}
		epoch = p->ring.epoch;
		spin_unlock_bh(&p->lock);
		if ((i & 63U) == 63U)
			cond_resched();
	}
	pr_info("%s: hostile epoch_storm: attached %u of %u times, epoch now %#x\n", p->dev->name, done, n, epoch);
}

struct chan_attack {
	const char *name;
	unsigned int max_n; /* 0: takes no count */
	void (*run)(struct chan_priv *p, unsigned int n);
};

static const struct chan_attack chan_attacks[] = {
	{"garbage_prod", 0, chan_attack_garbage_prod},
	{"bad_len", 0, chan_attack_bad_len},
	{"bad_cons", 0, chan_attack_bad_cons},
	{"flood", CHAN_FLOOD_MAX, chan_attack_flood},
	{"epoch_storm", CHAN_STORM_MAX, chan_attack_epoch_storm},
};

/* "NAME" or "NAME N" (1 <= N <= the attack's max_n). */
static ssize_t attack_store(struct device *d, struct device_attribute *attr, const char *buf, size_t len)
{
	const struct chan_attack *a = NULL;
	char name[16];
	unsigned int i, n = 0;
	int got;

	if (!hostile)
		return -EPERM;
	if (!netif_running(to_net_dev(d)))
		return -ENETDOWN;
	got = sscanf(buf, "%15s %u", name, &n);
	if (got < 1)
		return -EINVAL;
	for (i = 0; i < ARRAY_SIZE(chan_attacks); i++)
		if (!strcmp(name, chan_attacks[i].name))
			a = &chan_attacks[i];
	if (!a || (a->max_n == 0 && got != 1) || (a->max_n != 0 && (got != 2 || n == 0 || n > a->max_n)))
		return -EINVAL;
	a->run(chan_of(d), n);
	return (ssize_t)len;
}
static DEVICE_ATTR_WO(attack);

static struct attribute *chan_attrs[] = {
	&dev_attr_link.attr,
	&chan_attr_doorbells.attr.attr,
	&chan_attr_doorbells_rate_limited.attr.attr,
	&chan_attr_doorbells_peer_down.attr.attr,
	&chan_attr_doorbells_invalid.attr.attr,
	&chan_attr_doorbells_other.attr.attr,
	&chan_attr_protocol_errors.attr.attr,
	&chan_attr_bad_lengths.attr.attr,
	&chan_attr_link_resets.attr.attr,
	&dev_attr_attack.attr,
	NULL,
};

static umode_t chan_attr_visible(struct kobject *kobj, struct attribute *attr, int n)
{
	if (attr == &dev_attr_attack.attr && !hostile)
		return 0;
	return attr->mode;
}

const struct attribute_group chan_attr_group = {
	.name = "shoji",
	.attrs = chan_attrs,
	.is_visible = chan_attr_visible,
};
