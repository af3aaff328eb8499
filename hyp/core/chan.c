/* SPDX-License-Identifier: MIT */
/*
 * Channels at run time: binding each window to its two VMs, and the
 * CHANNEL_NOTIFY hypercall, which only ever raises the peer's doorbell (a
 * virtual SPI). The hypervisor never reads or writes channel data.
 * Lock order: a channel end's lock, then the peer's vGIC lock (inside vgic_ring).
 */
#include <arch.h>
#include <chan.h>
#include <lib.h>
#include <shoji/abi.h>
#include <vm.h>

static struct chan chans[CHANNEL_MAX];
static uint32_t num_chans;

#ifndef SHOJI_HOST_TEST
static uint64_t counter_now(void)
{
	return read_sysreg(cntpct_el0);
}

static uint64_t counter_freq(void)
{
	return read_sysreg(cntfrq_el0);
}
#else
/* Host unit tests provide the clock. */
uint64_t counter_now(void);
uint64_t counter_freq(void);
#endif

static struct vm *vm_named(const char *name)
{
	for (uint32_t i = 0; i < num_vms && name != NULL; i++) {
		if (str_eq_bounded(system_config.vms[i].name, name, VM_NAME_MAX + 1)) {
			return &vms[i];
		}
	}
	return NULL;
}

void chan_init_all(void)
{
	num_chans = system_config.channels == NULL ? 0 : system_config.num_channels;
	num_chans = num_chans <= CHANNEL_MAX ? num_chans : CHANNEL_MAX;
	for (uint32_t i = 0; i < num_chans; i++) {
		struct chan *c = &chans[i];
		c->cfg = &system_config.channels[i];
		for (uint32_t s = 0; s < 2; s++) {
			c->vm[s] = vm_named(c->cfg->end[s].vm);
		}
	}
}

uint32_t chan_count(void)
{
	return num_chans;
}

struct chan *chan_get(uint32_t i)
{
	return i < num_chans ? &chans[i] : NULL;
}

int chan_side(const struct chan *c, const struct vm *vm)
{
	if (vm != NULL && c->vm[0] == vm) {
		return 0;
	}
	if (vm != NULL && c->vm[1] == vm) {
		return 1;
	}
	return -1;
}

/* Checks change nothing: the index is a full 64-bit value (stray high bits name no channel). */
int64_t chan_notify(struct vm *caller, uint64_t index)
{
	if (index >= num_chans) {
		return SMCCC_RET_INVALID_PARAMETER;
	}
	struct chan *c = &chans[index];
	int side = chan_side(c, caller);
	if (side < 0) {
		return SMCCC_RET_INVALID_PARAMETER;
	}
	struct vm *peer = c->vm[1 - side];
	/* Unlocked read: a peer that stops right after gets a doorbell its reset clears. */
	if (peer == NULL || __atomic_load_n(&peer->state, __ATOMIC_RELAXED) != VM_RUNNING) {
		return SHOJI_RET_PEER_DOWN;
	}
	struct chan_end_state *e = &c->end[side];
	spin_lock(&e->lock);
	if (!rate_take(&e->budget, counter_now(), counter_freq(), CHAN_NOTIFY_BURST, CHAN_NOTIFY_PER_SECOND)) {
		e->limited++;
		spin_unlock(&e->lock);
		return SHOJI_RET_RATE_LIMITED;
	}
	if (vgic_ring(&peer->vgic, c->cfg->end[1 - side].intid)) {
		e->rung++;
	} else {
		e->coalesced++;
	}
	spin_unlock(&e->lock);
	return SHOJI_OK;
}

void chan_ring_peers(struct vm *vm)
{
	for (uint32_t i = 0; i < num_chans; i++) {
		struct chan *c = &chans[i];
		int side = chan_side(c, vm);
		struct vm *peer = side < 0 ? NULL : c->vm[1 - side];
		if (peer != NULL && __atomic_load_n(&peer->state, __ATOMIC_RELAXED) == VM_RUNNING) {
			(void)vgic_ring(&peer->vgic, c->cfg->end[1 - side].intid);
		}
	}
}
