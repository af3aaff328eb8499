// SPDX-License-Identifier: MIT
/*
 * Unit tests for the channel core (hyp/core/chan.c): binding ends to VMs,
 * CHANNEL_NOTIFY's checks (docs/abi.md) and its per-end doorbell budget, against
 * a fake vGIC and a fake clock.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include <chan.h>
#include <shoji/abi.h>
#include <vm.h>

/* ---- what chan.c links against: the VM table, the clock, the vGIC ---- */

struct vm vms[VM_MAX];
uint32_t num_vms;

#define FREQ 62500000ULL /* QEMU virt's counter */
static uint64_t now_ticks;

uint64_t counter_now(void);
uint64_t counter_freq(void);
uint64_t counter_now(void)
{
	return now_ticks;
}
uint64_t counter_freq(void)
{
	return FREQ;
}

#define MAX_RINGS 8
static struct {
	unsigned int n;
	struct vgic *g[MAX_RINGS];
	uint32_t intid[MAX_RINGS];
	bool pending; /* what the fake returns: true = newly pending */
} rings;

bool vgic_ring(struct vgic *g, uint32_t intid)
{
	if (rings.n < MAX_RINGS) {
		rings.g[rings.n] = g;
		rings.intid[rings.n] = intid;
	}
	rings.n++;
	return rings.pending;
}

/* ---- a system: vpn, apps, and a third VM on no channel; two channels ---- */

enum {
	VPN,
	APPS,
	OTHER
};

static const struct vm_config vm_cfgs[] = {
	[VPN] = {.name = "vpn"},
	[APPS] = {.name = "apps"},
	[OTHER] = {.name = "other"},
};

static const struct channel_config chan_cfgs[] = {
	{"net", PA_INIT(0x48000000), 0x100000, {{"vpn", IPA_INIT(0x70000000), 40}, {"apps", IPA_INIT(0xa0000000), 41}}},
	{"odd", PA_INIT(0x48100000), 0x100000, {{"apps", IPA_INIT(0xa0100000), 42}, {"nobody", IPA_INIT(0), 43}}},
};

const struct system_config system_config = {
	.name = "unit",
	.vms = vm_cfgs,
	.num_vms = ARRAY_SIZE(vm_cfgs),
	.channels = chan_cfgs,
	.num_channels = ARRAY_SIZE(chan_cfgs),
};

static int setup(void **state)
{
	(void)state;
	memset(vms, 0, sizeof(vms));
	memset(&rings, 0, sizeof(rings));
	rings.pending = true;
	num_vms = ARRAY_SIZE(vm_cfgs);
	for (uint32_t i = 0; i < num_vms; i++) {
		vms[i].cfg = &vm_cfgs[i];
		vms[i].id = i;
		vms[i].state = VM_RUNNING;
	}
	now_ticks = 1000 * FREQ;
	chan_init_all();
	/* chan.c keeps its budgets across tests: give every end a full bucket at a fresh time. */
	for (uint32_t i = 0; i < chan_count(); i++) {
		memset(chan_get(i)->end, 0, sizeof(chan_get(i)->end));
	}
	return 0;
}

static void ends_are_bound_by_name(void **state)
{
	(void)state;
	assert_int_equal(chan_count(), 2);
	assert_ptr_equal(chan_get(0)->vm[0], &vms[VPN]);
	assert_ptr_equal(chan_get(0)->vm[1], &vms[APPS]);
	assert_ptr_equal(chan_get(1)->vm[0], &vms[APPS]);
	assert_null(chan_get(1)->vm[1]);
	assert_null(chan_get(2));
	assert_int_equal(chan_side(chan_get(0), &vms[VPN]), 0);
	assert_int_equal(chan_side(chan_get(0), &vms[APPS]), 1);
	assert_int_equal(chan_side(chan_get(0), &vms[OTHER]), -1);
	assert_int_equal(chan_side(chan_get(1), NULL), -1);
}

static void notify_rings_the_peers_doorbell(void **state)
{
	(void)state;
	assert_int_equal(chan_notify(&vms[VPN], 0), SHOJI_OK);
	assert_int_equal(rings.n, 1);
	assert_ptr_equal(rings.g[0], &vms[APPS].vgic);
	assert_int_equal(rings.intid[0], 41); /* apps's doorbell, not vpn's */

	assert_int_equal(chan_notify(&vms[APPS], 0), SHOJI_OK);
	assert_ptr_equal(rings.g[1], &vms[VPN].vgic);
	assert_int_equal(rings.intid[1], 40);
	assert_int_equal(chan_get(0)->end[0].rung, 1);
	assert_int_equal(chan_get(0)->end[1].rung, 1);
}

static void notify_counts_coalesced_doorbells(void **state)
{
	(void)state;
	rings.pending = false; /* the doorbell was pending already */
	assert_int_equal(chan_notify(&vms[VPN], 0), SHOJI_OK);
	assert_int_equal(chan_get(0)->end[0].rung, 0);
	assert_int_equal(chan_get(0)->end[0].coalesced, 1);
}

static void notify_rejects_channels_that_are_not_the_callers(void **state)
{
	(void)state;
	static const uint64_t bad[] = {2, 3, 0xffffffff, 0x100000000ULL, 0x8000000000000000ULL, UINT64_MAX};

	for (size_t i = 0; i < ARRAY_SIZE(bad); i++) {
		assert_int_equal(chan_notify(&vms[VPN], bad[i]), SMCCC_RET_INVALID_PARAMETER);
	}
	assert_int_equal(chan_notify(&vms[VPN], 1), SMCCC_RET_INVALID_PARAMETER);   /* not an end */
	assert_int_equal(chan_notify(&vms[OTHER], 0), SMCCC_RET_INVALID_PARAMETER); /* not an end */
	assert_int_equal(rings.n, 0);
}

static void notify_to_a_peer_that_is_not_running_is_refused(void **state)
{
	(void)state;
	static const enum vm_state down[] = {VM_STOPPED, VM_STOPPING, VM_REFUSED};

	for (size_t i = 0; i < ARRAY_SIZE(down); i++) {
		vms[APPS].state = down[i];
		assert_int_equal(chan_notify(&vms[VPN], 0), SHOJI_RET_PEER_DOWN);
	}
	/* An end that names no VM has no peer. */
	assert_int_equal(chan_notify(&vms[APPS], 1), SHOJI_RET_PEER_DOWN);
	assert_int_equal(rings.n, 0);
}

static void notify_budget_is_a_burst_then_a_rate(void **state)
{
	(void)state;
	for (unsigned int i = 0; i < CHAN_NOTIFY_BURST; i++) {
		assert_int_equal(chan_notify(&vms[APPS], 0), SHOJI_OK);
	}
	assert_int_equal(chan_notify(&vms[APPS], 0), SHOJI_RET_RATE_LIMITED);
	assert_int_equal(rings.n, CHAN_NOTIFY_BURST); /* a refused call rings nothing */
	assert_int_equal(chan_get(0)->end[1].limited, 1);

	/* The other end has its own budget. */
	assert_int_equal(chan_notify(&vms[VPN], 0), SHOJI_OK);

	/* One token per 1/CHAN_NOTIFY_PER_SECOND s. */
	now_ticks += FREQ / CHAN_NOTIFY_PER_SECOND;
	assert_int_equal(chan_notify(&vms[APPS], 0), SHOJI_OK);
	assert_int_equal(chan_notify(&vms[APPS], 0), SHOJI_RET_RATE_LIMITED);

	/* A long pause refills no more than the burst. */
	now_ticks += 3600 * FREQ;
	for (unsigned int i = 0; i < CHAN_NOTIFY_BURST; i++) {
		assert_int_equal(chan_notify(&vms[APPS], 0), SHOJI_OK);
	}
	assert_int_equal(chan_notify(&vms[APPS], 0), SHOJI_RET_RATE_LIMITED);
}

static void notify_rate_holds_over_a_second(void **state)
{
	(void)state;
	unsigned int ok = 0;

	/* A caller trying every 10 us for one second gets the burst plus the rate, no more. */
	for (unsigned int i = 0; i < 100000; i++) {
		now_ticks += FREQ / 100000;
		ok += chan_notify(&vms[APPS], 0) == SHOJI_OK;
	}
	assert_in_range(ok, CHAN_NOTIFY_PER_SECOND - 1, CHAN_NOTIFY_PER_SECOND + CHAN_NOTIFY_BURST);
}

static void restart_rings_only_running_peers(void **state)
{
	(void)state;
	chan_ring_peers(&vms[APPS]);
	assert_int_equal(rings.n, 1); /* vpn; channel 1's other end is nobody */
	assert_ptr_equal(rings.g[0], &vms[VPN].vgic);
	assert_int_equal(rings.intid[0], 40);

	rings.n = 0;
	vms[APPS].state = VM_STOPPED;
	chan_ring_peers(&vms[VPN]);
	assert_int_equal(rings.n, 0);
	chan_ring_peers(&vms[OTHER]);
	assert_int_equal(rings.n, 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup(ends_are_bound_by_name, setup),
		cmocka_unit_test_setup(notify_rings_the_peers_doorbell, setup),
		cmocka_unit_test_setup(notify_counts_coalesced_doorbells, setup),
		cmocka_unit_test_setup(notify_rejects_channels_that_are_not_the_callers, setup),
		cmocka_unit_test_setup(notify_to_a_peer_that_is_not_running_is_refused, setup),
		cmocka_unit_test_setup(notify_budget_is_a_burst_then_a_rate, setup),
		cmocka_unit_test_setup(notify_rate_holds_over_a_second, setup),
		cmocka_unit_test_setup(restart_rings_only_running_peers, setup),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
