// SPDX-License-Identifier: GPL-2.0
/*
 * shoji_chan: an Ethernet interface (chan%d) over a Shoji channel, a memory window
 * shared with one other VM plus a doorbell hypercall. This file is the Linux glue
 * (device tree, netdev, NAPI, interrupt, HVC; sysfs is chan_sysfs.c); every protocol decision and
 * every check of what the peer wrote is in chan_ring.c (include/shoji/channel.h).
 *
 * Locking: priv->lock (BHs off) covers priv->ring and the carrier/queue decisions
 * that follow from it; it is the only lock this driver takes. Frames are handed to
 * the stack after it is released (the stack may transmit on this device from there).
 * The counters are atomics, read without it.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/arm-smccc.h>
#include <linux/etherdevice.h>
#include <linux/hrtimer.h>
#include <linux/interrupt.h>
#include <linux/io.h>
#include <linux/kernel.h>
#include <linux/module.h>
#include <linux/netdevice.h>
#include <linux/of.h>
#include <linux/platform_device.h>
#include <linux/random.h>
#include <linux/skbuff.h>
#include <linux/spinlock.h>
#include <linux/timer.h>
#include <asm/cpufeature.h>

/* abi.h spells three generic SMCCC results as <linux/arm-smccc.h> does, in parentheses. */
#undef SMCCC_RET_NOT_SUPPORTED
#undef SMCCC_RET_NOT_REQUIRED
#undef SMCCC_RET_INVALID_PARAMETER
#include <shoji/abi.h>

#include "chan_net.h"

#define CHAN_LINK_PERIOD   (HZ / 10)       /* the link re-check, whatever the doorbells do */
#define CHAN_BELL_RETRY_NS (1000L * 1000L) /* a rate-limited doorbell is retried after 1 ms */

/* ---- doorbell ---- */

long chan_notify(u32 channel)
{
	struct arm_smccc_res res;

	smp_mb(); /* our window writes before the doorbell whose handler reads them */
	arm_smccc_1_1_hvc(SHOJI_HVC_CHANNEL_NOTIFY, channel, &res);
	return (long)res.a0;
}

enum chan_count chan_bell_result(long ret)
{
	switch (ret) {
	case SHOJI_OK:
		return CNT_BELL_OK;
	case SHOJI_RET_RATE_LIMITED:
		return CNT_BELL_RATE_LIMITED;
	case SHOJI_RET_PEER_DOWN:
		return CNT_BELL_PEER_DOWN;
	case SMCCC_RET_INVALID_PARAMETER:
		return CNT_BELL_INVALID;
	default:
		return CNT_BELL_OTHER;
	}
}

/* Rings once and counts the result; true if the hypervisor asked us to retry later. */
static bool chan_bell_once(struct chan_priv *p)
{
	long ret = chan_notify(p->channel);
	enum chan_count res = chan_bell_result(ret);

	atomic_long_inc(&p->count[res]);
	if ((res == CNT_BELL_INVALID || res == CNT_BELL_OTHER) && net_ratelimit())
		netdev_warn(p->dev, "CHANNEL_NOTIFY(%u) returned %ld\n", p->channel, ret);
	return res == CNT_BELL_RATE_LIMITED;
}

/* Rings the peer's doorbell; a rate-limited one is retried every 1 ms until it rings. */
void chan_bell(struct chan_priv *p)
{
	if (atomic_read(&p->bell_pending))
		return; /* the retry timer rings after this */
	if (chan_bell_once(p)) {
		atomic_set(&p->bell_pending, 1);
		hrtimer_start(&p->bell_timer, ns_to_ktime(CHAN_BELL_RETRY_NS), HRTIMER_MODE_REL_SOFT);
	}
}

static enum hrtimer_restart chan_bell_retry(struct hrtimer *t)
{
	struct chan_priv *p = container_of(t, struct chan_priv, bell_timer);

	/* Clear first: a chan_bell that still sees it set knows this ring comes after its writes. */
	if (!atomic_xchg(&p->bell_pending, 0))
		return HRTIMER_NORESTART;
	if (!chan_bell_once(p))
		return HRTIMER_NORESTART;
	atomic_set(&p->bell_pending, 1);
	hrtimer_forward_now(t, ns_to_ktime(CHAN_BELL_RETRY_NS));
	return HRTIMER_RESTART;
}

/* ---- link ---- */

/* Carries out what a chan_ring call returned (CHAN_ACT_*). Under lock. */
void chan_apply(struct chan_priv *p, unsigned int act)
{
	struct net_device *dev = p->dev;

	if (act & CHAN_ACT_ERROR) {
		DEV_STATS_INC(dev, rx_errors);
		DEV_STATS_INC(dev, rx_frame_errors);
		atomic_long_inc(&p->count[CNT_PROTOCOL_ERRORS]);
		if (net_ratelimit())
			netdev_warn(dev, "peer index out of range: link down until the peer attaches anew\n");
	}
	if (act & CHAN_ACT_RESET)
		atomic_long_inc(&p->count[CNT_LINK_RESETS]);
	if (act & CHAN_ACT_DOWN) {
		netif_carrier_off(dev);
		if (net_ratelimit())
			netdev_info(dev, "link down\n");
	}
	if (act & CHAN_ACT_UP) {
		netif_carrier_on(dev);
		netif_wake_queue(dev);
		if (net_ratelimit())
			netdev_info(dev, "link up (epochs %#x, peer %#x)\n", p->ring.epoch, p->ring.peer_epoch);
	}
	if (act & CHAN_ACT_KICK)
		chan_bell(p);
	/* A link check never asks for another: this recursion is one deep. */
	if (act & CHAN_ACT_RELINK)
		chan_apply(p, chan_link_check(&p->ring, get_random_u32()));
}

/* The peer freed slots: take the queue back. Validates its rx_cons on every poll. Under lock. */
static void chan_tx_update(struct chan_priv *p)
{
	unsigned int act;
	u32 space;

	act = chan_tx_space(&p->ring, &space);
	chan_apply(p, act);
	if (space > 0 && netif_queue_stopped(p->dev)) {
		chan_tx_unblock(&p->ring);
		netif_wake_queue(p->dev);
	}
}

/* ---- receive ---- */

struct chan_rx_ctx {
	struct chan_priv *p;
	struct sk_buff_head *q;
};

/* One validated frame, still in the window: the one copy out of it. */
static void chan_rx_frame(void *arg, const u8 *frame, u32 len)
{
	struct chan_rx_ctx *ctx = arg;
	struct net_device *dev = ctx->p->dev;
	struct sk_buff *skb = napi_alloc_skb(&ctx->p->napi, len);

	if (!skb) {
		DEV_STATS_INC(dev, rx_dropped);
		return;
	}
	memcpy(skb_put(skb, len), frame, len);
	skb->protocol = eth_type_trans(skb, dev);
	DEV_STATS_INC(dev, rx_packets);
	DEV_STATS_ADD(dev, rx_bytes, len);
	__skb_queue_tail(ctx->q, skb);
}

/* Drains up to budget slots into q. Under lock. */
static u32 chan_rx_update(struct chan_priv *p, u32 budget, struct sk_buff_head *q)
{
	struct chan_rx_ctx ctx = {.p = p, .q = q};
	struct chan_rx_result res;
	unsigned int act;

	act = chan_rx_drain(&p->ring, budget, chan_rx_frame, &ctx, &res);
	if (res.bad_len) {
		DEV_STATS_ADD(p->dev, rx_errors, res.bad_len);
		DEV_STATS_ADD(p->dev, rx_length_errors, res.bad_len);
		atomic_long_add(res.bad_len, &p->count[CNT_BAD_LENGTHS]);
	}
	chan_apply(p, act);
	if (res.consumed && chan_rx_peer_blocked(&p->ring))
		chan_bell(p);
	return res.consumed;
}

static int chan_poll(struct napi_struct *napi, int budget)
{
	struct chan_priv *p = container_of(napi, struct chan_priv, napi);
	struct sk_buff_head q;
	struct sk_buff *skb;
	u32 done = 0;
	bool more;

	__skb_queue_head_init(&q);
	spin_lock_bh(&p->lock);
	chan_apply(p, chan_link_check(&p->ring, get_random_u32()));
	chan_tx_update(p);
	if (budget > 0)
		done = chan_rx_update(p, (u32)budget, &q);
	spin_unlock_bh(&p->lock);
	while ((skb = __skb_dequeue(&q)))
		napi_gro_receive(napi, skb);
	if (done >= (u32)budget)
		return budget;
	/* Sleep only after a last look (chan_rx_pending: our rx_cons, a barrier, its tx_prod). */
	if (napi_complete_done(napi, (int)done)) {
		spin_lock_bh(&p->lock);
		more = chan_rx_pending(&p->ring);
		spin_unlock_bh(&p->lock);
		if (more)
			napi_schedule(napi);
	}
	return (int)done;
}

static irqreturn_t chan_irq(int irq, void *data)
{
	struct chan_priv *p = data;

	napi_schedule(&p->napi);
	return IRQ_HANDLED;
}

static void chan_link_tick(struct timer_list *t)
{
	struct chan_priv *p = from_timer(p, t, link_timer);

	napi_schedule(&p->napi);
	mod_timer(&p->link_timer, jiffies + CHAN_LINK_PERIOD);
}

/* ---- transmit ---- */

/* Rings at the end of a batch, if the peer may be asleep. Under lock. */
static void chan_tx_flush(struct chan_priv *p)
{
	if ((!netdev_xmit_more() || netif_queue_stopped(p->dev)) && p->ring.state == CHAN_LINK_UP &&
	    chan_tx_kick_needed(&p->ring))
		chan_bell(p);
}

/* The ring is (nearly) full: stop, ask the peer for a doorbell, and look once more. Under lock. */
static u32 chan_tx_stop(struct chan_priv *p)
{
	u32 space;

	netif_stop_queue(p->dev);
	chan_apply(p, chan_tx_block(&p->ring, &space));
	if (space > 0) {
		chan_tx_unblock(&p->ring);
		netif_wake_queue(p->dev);
	}
	return space;
}

static netdev_tx_t chan_xmit(struct sk_buff *skb, struct net_device *dev)
{
	struct chan_priv *p = netdev_priv(dev);
	u32 len = skb->len;
	u32 space = 0;

	spin_lock_bh(&p->lock);
	if (p->ring.state != CHAN_LINK_UP || len < SHOJI_CHAN_FRAME_MIN || len > SHOJI_CHAN_FRAME_MAX)
		goto drop;
	chan_apply(p, chan_tx_space(&p->ring, &space));
	if (space == 0 && p->ring.state == CHAN_LINK_UP) {
		space = chan_tx_stop(p);
		if (space == 0) {
			chan_tx_flush(p);
			spin_unlock_bh(&p->lock);
			return NETDEV_TX_BUSY; /* the peer's doorbell wakes the queue */
		}
	}
	if (p->ring.state != CHAN_LINK_UP || skb_copy_bits(skb, 0, chan_tx_slot(&p->ring), (int)len))
		goto drop;
	chan_tx_publish(&p->ring, len);
	DEV_STATS_INC(dev, tx_packets);
	DEV_STATS_ADD(dev, tx_bytes, len);
	if (space <= 1)
		chan_tx_stop(p);
	chan_tx_flush(p);
	spin_unlock_bh(&p->lock);
	dev_consume_skb_any(skb);
	return NETDEV_TX_OK;
drop:
	DEV_STATS_INC(dev, tx_dropped);
	chan_tx_flush(p);
	spin_unlock_bh(&p->lock);
	dev_kfree_skb_any(skb);
	return NETDEV_TX_OK;
}

/* ---- up and down ---- */

static int chan_open(struct net_device *dev)
{
	struct chan_priv *p = netdev_priv(dev);
	int err;

	err = request_irq(p->irq, chan_irq, 0, dev->name, p);
	if (err)
		return err;
	netif_carrier_off(dev);
	spin_lock_bh(&p->lock);
	chan_apply(p, chan_attach(&p->ring, get_random_u32()));
	spin_unlock_bh(&p->lock);
	napi_enable(&p->napi);
	netif_start_queue(dev);
	mod_timer(&p->link_timer, jiffies + CHAN_LINK_PERIOD);
	local_bh_disable();
	napi_schedule(&p->napi);
	local_bh_enable();
	return 0;
}

static int chan_stop(struct net_device *dev)
{
	struct chan_priv *p = netdev_priv(dev);

	netif_tx_disable(dev);
	del_timer_sync(&p->link_timer);
	napi_disable(&p->napi);
	free_irq(p->irq, p);
	spin_lock_bh(&p->lock);
	chan_detach(&p->ring);
	netif_carrier_off(dev);
	chan_bell(p); /* tell the peer now rather than at its next link check */
	spin_unlock_bh(&p->lock);
	hrtimer_cancel(&p->bell_timer);
	atomic_set(&p->bell_pending, 0);
	return 0;
}

static const struct net_device_ops chan_netdev_ops = {
	.ndo_open = chan_open,
	.ndo_stop = chan_stop,
	.ndo_start_xmit = chan_xmit,
	.ndo_set_mac_address = eth_mac_addr,
	.ndo_validate_addr = eth_validate_addr,
};

/* ---- probe ---- */

/* Reads the binding (vms/linux/shoji-chan/README.md); every value checked. */
static int chan_parse_dt(struct platform_device *pdev, struct resource **win, u32 *channel, u32 *side)
{
	struct device *d = &pdev->dev;

	*win = platform_get_resource(pdev, IORESOURCE_MEM, 0);
	if (!*win || resource_size(*win) != SHOJI_CHAN_WINDOW_SIZE)
		return dev_err_probe(d, -EINVAL, "reg: want one window of %#x bytes\n", SHOJI_CHAN_WINDOW_SIZE);
	if (of_property_read_u32(d->of_node, "shoji,channel", channel))
		return dev_err_probe(d, -EINVAL, "no shoji,channel\n");
	if (of_property_read_u32(d->of_node, "shoji,side", side) || *side > 1)
		return dev_err_probe(d, -EINVAL, "shoji,side: want 0 or 1\n");
	return 0;
}

static void chan_setup_netdev(struct net_device *dev, u32 channel, u32 side)
{
	/* Locally administered, from the channel and side: stable across boots. */
	const u8 mac[ETH_ALEN] = {0x02, 'S', 'h', (u8)(channel >> 8), (u8)channel, (u8)side};

	strscpy(dev->name, "chan%d", sizeof(dev->name));
	dev->netdev_ops = &chan_netdev_ops;
	dev->sysfs_groups[0] = &chan_attr_group;
	dev->min_mtu = ETH_MIN_MTU;
	dev->max_mtu = ETH_DATA_LEN;
	eth_hw_addr_set(dev, mac);
	netif_carrier_off(dev); /* until a handshake completes */
}

/* After unregister (devm order): no doorbell retry may outlive the device. */
static void chan_cancel_bell(void *data)
{
	struct chan_priv *p = data;

	hrtimer_cancel(&p->bell_timer);
}

/*
 * The doorbell is an HVC, UNDEFINED where no EL2 is implemented (Arm ARM, HVC): a kernel
 * booted bare on such a CPU with a VM's device tree (tests/linux/native_boot.py) must not
 * bind, or its first doorbell is an oops. With EL2 there is always someone to answer:
 * Shoji, or (the loopback test) the kernel's own hyp code, which refuses the call.
 */
static int chan_check_el2(struct device *d)
{
	u64 pfr0 = read_sanitised_ftr_reg(SYS_ID_AA64PFR0_EL1);

	if (!cpuid_feature_extract_unsigned_field(pfr0, ID_AA64PFR0_EL1_EL2_SHIFT))
		return dev_err_probe(d, -ENODEV, "this CPU has no EL2: no doorbell to ring\n");
	return 0;
}

static int chan_probe(struct platform_device *pdev)
{
	struct device *d = &pdev->dev;
	struct net_device *dev;
	struct chan_priv *p;
	struct resource *res;
	u32 channel, side;
	void *win;
	int irq, err;

	err = chan_check_el2(d);
	if (err)
		return err;
	err = chan_parse_dt(pdev, &res, &channel, &side);
	if (err)
		return err;
	irq = platform_get_irq(pdev, 0);
	if (irq < 0)
		return irq;
	/*
	 * Plain RAM both VMs map write-back, inner shareable, not in this VM's /memory.
	 * Not claimed in /proc/iomem: both sides of one window may be bound in one
	 * kernel (the loopback test, vms/linux/shoji-chan/README.md).
	 */
	win = devm_memremap(d, res->start, resource_size(res), MEMREMAP_WB);
	if (IS_ERR(win))
		return dev_err_probe(d, PTR_ERR(win), "cannot map the window %pR\n", res);
	dev = devm_alloc_etherdev(d, sizeof(*p));
	if (!dev)
		return -ENOMEM;
	SET_NETDEV_DEV(dev, d);
	p = netdev_priv(dev);
	p->dev = dev;
	p->channel = channel;
	p->irq = irq;
	spin_lock_init(&p->lock);
	if (chan_init(&p->ring, win, side))
		return -EINVAL;
	chan_detach(&p->ring); /* absent to the peer until the interface is up */
	timer_setup(&p->link_timer, chan_link_tick, 0);
	hrtimer_init(&p->bell_timer, CLOCK_MONOTONIC, HRTIMER_MODE_REL_SOFT);
	p->bell_timer.function = chan_bell_retry;
	err = devm_add_action_or_reset(d, chan_cancel_bell, p);
	if (err)
		return err;
	netif_napi_add(dev, &p->napi, chan_poll);
	chan_setup_netdev(dev, channel, side);
	err = devm_register_netdev(d, dev);
	if (err)
		return dev_err_probe(d, err, "cannot register the interface\n");
	netdev_info(dev, "channel %u side %u, window %pR, irq %d%s\n", channel, side, res, irq,
		    chan_hostile() ? ", HOSTILE test mode: shoji/attack" : "");
	return 0;
}

static const struct of_device_id chan_of_match[] = {
	{.compatible = "shoji,channel-net"},
	{},
};
MODULE_DEVICE_TABLE(of, chan_of_match);

static struct platform_driver chan_driver = {
	.probe = chan_probe,
	.driver =
		{
			.name = "shoji-chan",
			.of_match_table = chan_of_match,
		},
};
module_platform_driver(chan_driver);

MODULE_DESCRIPTION("Shoji channel network interface");
MODULE_LICENSE("GPL");
