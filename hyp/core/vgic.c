/* SPDX-License-Identifier: MIT */
/*
 * The list-register side of the vGIC (GICv3 §11, "GIC support for
 * virtualization"): pending virtual interrupts are moved into this CPU's list
 * registers when its vCPU is about to run, hardware-backed ones with the HW bit
 * so the guest's deactivation reaches the physical interrupt. More pending
 * interrupts than list registers: the best-priority ones go in, a worse pending
 * one may be evicted, and the underflow maintenance interrupt brings the CPU
 * back for the rest.
 *
 * Only a vCPU's own CPU touches its list registers; other CPUs mark interrupts
 * pending under vgic->lock and kick it with an SGI.
 */
#include <arch.h>
#include <gic.h>
#include <pcpu.h>
#include <vgic.h>
#include <vgic_lr.h>
#include <vm.h>

#define ICH_HCR_EN  BIT(0)
#define ICH_HCR_UIE BIT(1)

#define LR_STATE_SHIFT   62
#define LR_STATE_MASK    ULL(3)
#define LR_STATE_PENDING ULL(1)
#define LR_STATE_ACTIVE  ULL(2)
#define LR_HW            BIT(61)
#define LR_GROUP1        BIT(60)
#define LR_PRIO_SHIFT    48
#define LR_PINTID_SHIFT  32
#define LR_EOI           BIT(41) /* HW == 0: maintenance interrupt when the guest EOIs it */

/* Per physical CPU: which virq each list register holds. */
struct lr_slots {
	struct virq *virq[VGIC_MAX_LRS];
	uint32_t num;
};

static struct lr_slots lr_slots[BOARD_MAX_CPUS];

#define LR_CASE(n) \
	case n:    \
		return read_sysreg(ich_lr##n##_el2)
static uint64_t lr_read(uint32_t n)
{
	switch (n) {
		LR_CASE(0);
		LR_CASE(1);
		LR_CASE(2);
		LR_CASE(3);
		LR_CASE(4);
		LR_CASE(5);
		LR_CASE(6);
		LR_CASE(7);
		LR_CASE(8);
		LR_CASE(9);
		LR_CASE(10);
		LR_CASE(11);
		LR_CASE(12);
		LR_CASE(13);
		LR_CASE(14);
		LR_CASE(15);
	default:
		return 0;
	}
}
#undef LR_CASE

#define LR_CASE(n)                                \
	case n:                                   \
		write_sysreg(ich_lr##n##_el2, v); \
		break
static void lr_write(uint32_t n, uint64_t v)
{
	switch (n) {
		LR_CASE(0);
		LR_CASE(1);
		LR_CASE(2);
		LR_CASE(3);
		LR_CASE(4);
		LR_CASE(5);
		LR_CASE(6);
		LR_CASE(7);
		LR_CASE(8);
		LR_CASE(9);
		LR_CASE(10);
		LR_CASE(11);
		LR_CASE(12);
		LR_CASE(13);
		LR_CASE(14);
		LR_CASE(15);
	default:
		break;
	}
}
#undef LR_CASE

/*
 * Where an SPI goes now, from the IROUTER value the guest last wrote: Aff0 names
 * the vCPU; IRM or an affinity that names none of this VM's vCPUs means vCPU 0.
 */
static void retarget_spi(struct vgic *g, struct virq *q)
{
	if (q < g->spis || q >= g->spis + g->num_spis) {
		return; /* private interrupts never move */
	}
	uint64_t route = g->irouter[q - g->spis];
	uint64_t aff0 = route & 0xff;
	bool other = (route & (BIT(31) | GENMASK(39, 32) | GENMASK(23, 8))) != 0;
	q->target = (uint8_t)(!other && aff0 < g->num_vcpus ? aff0 : 0);
}

static struct lr_slots *my_slots(void)
{
	return &lr_slots[this_cpu()->index];
}

static struct vgic *vgic_of(struct vcpu *v)
{
	return &v->vm->vgic;
}

/* This CPU's virtual interface, clean: called before a vCPU is first entered. */
void vgic_cpu_reset(struct vcpu *v)
{
	struct lr_slots *s = my_slots();

	s->num = (uint32_t)(read_sysreg(ich_vtr_el2) & 0x1f) + 1;
	if (s->num > VGIC_MAX_LRS) {
		s->num = VGIC_MAX_LRS;
	}
	for (uint32_t i = 0; i < s->num; i++) {
		lr_write(i, 0);
		s->virq[i] = NULL;
	}
	write_sysreg(ich_ap1r0_el2, 0);
	write_sysreg(ich_vmcr_el2, 0);
	write_sysreg(ich_hcr_el2, ICH_HCR_EN);
	isb();
	/* A hardware-backed PPI left active by the VM's previous life would never fire again. */
	for (uint32_t n = 0; n < VGIC_NUM_PRIVATE - VGIC_NUM_SGIS; n++) {
		if (vgic_of(v)->cpu[v->index].owned_ppis & (1U << n)) {
			gic_quiesce(this_cpu()->index, VGIC_NUM_SGIS + n);
		}
	}
	__atomic_store_n(&v->vgic_dirty, 1U, __ATOMIC_RELEASE);
}

/*
 * List registers the guest has finished with: ICH_ELRSR_EL2 flags invalid ones
 * that need no maintenance, ICH_EISR_EL2 those that asked for an EOI maintenance
 * interrupt (GICv3 §12.4.4, §12.4.6). Two reads instead of one per LR.
 */
static uint32_t finished_lrs(void)
{
	return (uint32_t)(read_sysreg(ich_elrsr_el2) | read_sysreg(ich_eisr_el2));
}

/* Releases the bookkeeping of finished LRs; returns true if a level line must be re-sampled. */
static bool sync_lrs(struct vgic *g, struct lr_slots *s)
{
	uint32_t done = finished_lrs();
	bool repend = false;

	for (uint32_t i = 0; i < s->num; i++) {
		struct virq *q = s->virq[i];
		if (q == NULL || !(done & (1U << i))) {
			continue;
		}
		/* Clear it: an invalid LR with EOI set keeps ICH_EISR_EL2, and the maintenance interrupt, raised. */
		lr_write(i, 0);
		q->flags &= (uint8_t)~VIRQ_IN_LR;
		q->lr = VGIC_LR_NONE;
		s->virq[i] = NULL;
		/* A re-route while it was in the list register takes effect now. */
		retarget_spi(g, q);
		/* A level-sensitive virtual line still high is pending again (GICv3 §4.1.2). */
		if (q->flags & VIRQ_LEVEL) {
			q->flags |= VIRQ_PENDING;
			repend = true;
		}
	}
	return repend;
}

static uint64_t lr_value(const struct virq *q)
{
	uint64_t v =
		q->intid | ((uint64_t)q->priority << LR_PRIO_SHIFT) | LR_GROUP1 | (LR_STATE_PENDING << LR_STATE_SHIFT);

	if (q->flags & VIRQ_HW) {
		v |= LR_HW | ((uint64_t)q->pintid << LR_PINTID_SHIFT);
	} else if (!(q->flags & VIRQ_EDGE)) {
		v |= LR_EOI; /* level: come back at EOI to re-sample the line */
	}
	return v;
}

static bool deliverable(const struct vgic *g, const struct virq *q, uint32_t vcpu)
{
	return (q->flags & (VIRQ_PENDING | VIRQ_ENABLED)) == (VIRQ_PENDING | VIRQ_ENABLED) && q->target == vcpu &&
	       (g->ctlr & VGICD_CTLR_ENABLE_G1) != 0;
}

/* Best (numerically lowest priority) deliverable interrupt for this vCPU, or NULL. */
static struct virq *best_pending(struct vgic *g, uint32_t vcpu)
{
	struct virq *best = NULL;

	for (uint32_t i = 0; i < VGIC_NUM_PRIVATE; i++) {
		struct virq *q = &g->cpu[vcpu].priv[i];
		if (deliverable(g, q, vcpu) && (best == NULL || q->priority < best->priority)) {
			best = q;
		}
	}
	for (uint32_t i = 0; i < g->num_spis; i++) {
		struct virq *q = &g->spis[i];
		if (deliverable(g, q, vcpu) && (best == NULL || q->priority < best->priority)) {
			best = q;
		}
	}
	return best;
}

/* A re-triggered edge interrupt still held by an LR: add pending to it (state active+pending). */
static bool merge_into_lr(struct lr_slots *s, struct virq *q)
{
	if (!(q->flags & VIRQ_IN_LR) || q->lr >= s->num || s->virq[q->lr] != q) {
		return false;
	}
	uint64_t v = lr_read(q->lr);
	if (!(q->flags & VIRQ_HW)) {
		lr_write(q->lr, v | (LR_STATE_PENDING << LR_STATE_SHIFT));
	}
	q->flags &= (uint8_t)~VIRQ_PENDING;
	return true;
}

static int free_lr(const struct lr_slots *s)
{
	for (uint32_t i = 0; i < s->num; i++) {
		if (s->virq[i] == NULL) {
			return (int)i;
		}
	}
	return -1;
}

/* The LR holding the worst-priority interrupt that is only pending (not yet acknowledged). */
static int evictable_lr(struct lr_slots *s, uint8_t better_than)
{
	int worst = -1;

	for (uint32_t i = 0; i < s->num; i++) {
		struct virq *q = s->virq[i];
		uint64_t state = (lr_read(i) >> LR_STATE_SHIFT) & LR_STATE_MASK;
		if (q == NULL || state != LR_STATE_PENDING || q->priority <= better_than) {
			continue;
		}
		if (worst < 0 || q->priority > s->virq[worst]->priority) {
			worst = (int)i;
		}
	}
	return worst;
}

static void place(struct lr_slots *s, uint32_t i, struct virq *q)
{
	lr_write(i, lr_value(q));
	s->virq[i] = q;
	q->lr = (uint8_t)i;
	q->flags = (uint8_t)((q->flags | VIRQ_IN_LR) & ~VIRQ_PENDING);
}

static void evict(struct lr_slots *s, uint32_t i)
{
	struct virq *old = s->virq[i];

	lr_write(i, 0);
	old->flags = (uint8_t)((old->flags | VIRQ_PENDING) & ~VIRQ_IN_LR);
	old->lr = VGIC_LR_NONE;
	s->virq[i] = NULL;
}

/*
 * Moves this vCPU's deliverable interrupts into list registers, best priority
 * first. Returns true if some are left over (the caller asks for underflow).
 */
static bool fill_lrs(struct vgic *g, struct lr_slots *s, uint32_t vcpu)
{
	for (uint32_t guard = 0; guard < VGIC_NUM_PRIVATE + VGIC_MAX_SPIS; guard++) {
		struct virq *q = best_pending(g, vcpu);
		if (q == NULL) {
			return false;
		}
		if (merge_into_lr(s, q)) {
			continue;
		}
		int i = free_lr(s);
		if (i < 0) {
			i = evictable_lr(s, q->priority);
			if (i < 0) {
				return true;
			}
			evict(s, (uint32_t)i);
		}
		place(s, (uint32_t)i, q);
	}
	return true;
}

void vgic_flush(struct vcpu *v)
{
	struct vgic *g = vgic_of(v);
	struct lr_slots *s = my_slots();

	if (!__atomic_exchange_n(&v->vgic_dirty, 0U, __ATOMIC_ACQ_REL)) {
		return;
	}
	spin_lock(&g->lock);
	(void)sync_lrs(g, s);
	bool more = fill_lrs(g, s, v->index);
	spin_unlock(&g->lock);
	write_sysreg(ich_hcr_el2, ICH_HCR_EN | (more ? ICH_HCR_UIE : 0));
}

void vgic_notify(struct vgic *g, uint32_t vcpu)
{
	struct vm *vm = g->owner;

	if (vm == NULL || vcpu >= vm->cfg->num_cpus) {
		return;
	}
	struct vcpu *v = &vm->vcpus[vcpu];
	__atomic_store_n(&v->vgic_dirty, 1U, __ATOMIC_RELEASE);
	if (v->pcpu != this_cpu()->index) {
		gic_send_sgi(v->pcpu, SGI_KICK);
	}
}

void vgic_inject(struct vgic *g, uint32_t vcpu, uint32_t intid, bool level_high)
{
	spin_lock(&g->lock);
	struct virq *q = vgic_find(g, vcpu, intid);
	bool notify = false;
	if (q != NULL && !(q->flags & VIRQ_HW)) {
		if (q->flags & VIRQ_EDGE) {
			q->flags |= VIRQ_PENDING;
		} else if (level_high) {
			q->flags |= VIRQ_LEVEL | (q->flags & VIRQ_IN_LR ? 0 : VIRQ_PENDING);
		} else {
			q->flags &= (uint8_t) ~(VIRQ_LEVEL | VIRQ_PENDING);
		}
		notify = deliverable(g, q, q->target) || (q->flags & VIRQ_IN_LR);
	}
	uint32_t target = q != NULL ? q->target : 0;
	spin_unlock(&g->lock);
	if (notify) {
		vgic_notify(g, target);
	}
}

/*
 * A doorbell: makes a virtual-only SPI pending with edge semantics, whatever
 * trigger the guest configured. Returns false, and kicks nobody, when it was
 * pending already: a peer that rings faster than this VM takes its doorbell costs
 * this VM nothing.
 */
bool vgic_ring(struct vgic *g, uint32_t intid)
{
	spin_lock(&g->lock);
	struct virq *q = intid >= VGIC_NUM_PRIVATE ? vgic_find(g, 0, intid) : NULL;
	bool rung = q != NULL && !(q->flags & (VIRQ_HW | VIRQ_PENDING));
	bool notify = false;
	if (rung) {
		q->flags |= VIRQ_PENDING;
		notify = deliverable(g, q, q->target) || (q->flags & VIRQ_IN_LR);
	}
	uint32_t target = q != NULL ? q->target : 0;
	spin_unlock(&g->lock);
	if (notify) {
		vgic_notify(g, target);
	}
	return rung;
}

/*
 * A physical interrupt this CPU took while its vCPU owns it (a passthrough SPI
 * routed here, or the virtual timer PPI). Its priority has been dropped, it
 * stays active until the guest deactivates it through the list register.
 * Returns false if the running VM does not own it (the caller deactivates it).
 */
bool vgic_take_hw(struct vcpu *v, uint32_t pintid)
{
	struct vgic *g = vgic_of(v);
	struct lr_slots *s = my_slots();
	bool placed = false;

	spin_lock(&g->lock);
	struct virq *q = vgic_find_hw(g, v->index, pintid);
	if (q == NULL) {
		spin_unlock(&g->lock);
		return false;
	}
	/*
	 * Fast path (the virtual timer's every tick): deliverable here and now, and a
	 * list register is free once finished ones are released: straight in.
	 */
	q->flags |= VIRQ_PENDING;
	bool repend = sync_lrs(g, s);
	if (deliverable(g, q, v->index) && !(q->flags & VIRQ_IN_LR)) {
		int i = free_lr(s);
		if (i >= 0) {
			place(s, (uint32_t)i, q);
			placed = true;
		}
	}
	uint32_t target = q->target;
	spin_unlock(&g->lock);
	if (!placed || repend) {
		vgic_notify(g, target);
	}
	return true;
}

/*
 * A trapped ICC_SGI1R_EL1 write (GICv3 §12.11.14). Targets are filtered to the
 * sender's own VM: its virtual MPIDRs have Aff0 = vCPU index and nothing else,
 * so any other affinity, range selector or out-of-range bit names nobody.
 */
void vgic_sgi(struct vcpu *v, uint64_t value)
{
	struct vgic *g = vgic_of(v);
	uint32_t intid = (uint32_t)((value >> 24) & 0xf);
	uint32_t n = v->vm->cfg->num_cpus;
	uint32_t targets = 0;

	if (value & BIT(40)) {
		targets = ((1U << n) - 1U) & ~(1U << v->index); /* IRM: all but self */
	} else if ((value & (GENMASK(55, 48) | GENMASK(47, 44) | GENMASK(39, 32) | GENMASK(23, 16))) == 0) {
		targets = (uint32_t)(value & 0xffff) & ((1U << n) - 1U);
	}
	for (uint32_t t = 0; t < n; t++) {
		if (targets & (1U << t)) {
			vgic_inject(g, t, intid, true);
		}
	}
}
