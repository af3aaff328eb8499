/* SPDX-License-Identifier: MIT */
/*
 * The register side of the virtual GICv3: the distributor and redistributor
 * frames as a guest sees them (Arm IHI 0069, ch. 12), as pure logic over
 * struct vgic. Only the hardware hooks in vgic.h leave this file.
 *
 * What is emulated, and the simplifications:
 *  - One security state (GICD_CTLR.DS = 1), affinity routing always on (ARE
 *    RAO/WI), no LPIs, ITS, MBIs or extended INTID ranges. Every interrupt is
 *    Group 1: IGROUPR reads 1 for owned INTIDs, 0 otherwise, and ignores writes;
 *    GICD_CTLR.EnableGrp0 is RAZ/WI as there is nothing in Group 0; IGRPMODR
 *    and NSACR are RAZ/WI, as they are with DS = 1.
 *  - Ownership: the distributor shows only the VM's SPIs, a redistributor only
 *    the 16 SGIs and the owned PPIs of its vCPU. Every other bit, byte or field
 *    reads as zero and ignores writes, and never reaches a hardware hook.
 *  - Banked INTIDs 0-31 appear only in the redistributor: with ARE = 1 the
 *    distributor's IGROUPR0, I[SC]ENABLER0, I[SC]PENDR0, I[SC]ACTIVER0,
 *    IPRIORITYR0-7 and ICFGR0-1 are RAZ/WI. GICD_ITARGETSR, GICD_SGIR and
 *    GICD_[CS]PENDSGIR are RAZ/WI too (their functions need ARE = 0).
 *  - Priorities keep their top 5 bits (32 levels), the least a virtual CPU
 *    interface implements (ICH_VTR_EL2.PRIbits >= 4), so the distributor never
 *    orders interrupts more finely than the list registers can.
 *  - Trigger mode: SPIs are edge/level RW. SGIs read as edge, PPIs as level
 *    (the virtual timer), and GICR_ICFGR0/1 ignore writes: SGI fields are RO
 *    architecturally, PPI ones IMPLEMENTATION DEFINED, and a hardware-backed
 *    timer must stay level. Linux only warns if a PPI write does not stick.
 *  - IROUTER keeps what the guest wrote (bits that are not RES0). Delivery goes
 *    to the vCPU whose virtual MPIDR (Aff0 = vCPU index, Aff1-3 = 0) matches;
 *    IRM = 1 (any PE) and an affinity naming no vCPU of this VM both deliver to
 *    vCPU 0. While an SPI sits in a list register its `target` names the vCPU
 *    holding that list register, so a new route takes effect (for `target`)
 *    when the list-register side releases it; hardware routing follows at once.
 *  - Pending: ISPENDR reads VIRQ_PENDING or VIRQ_IN_LR. ICPENDR clears
 *    VIRQ_PENDING except for a level-triggered virtual source whose line is
 *    still high (GICD_ICPENDR: such an interrupt "remains pending"). A pending
 *    state already in a list register is the list-register side's to retire.
 *    Active state (I[SC]ACTIVER) is kept virtual, also for hardware-backed
 *    interrupts: their physical active state is owned by the list register's
 *    HW bit, and moving it from here would race with the guest's deactivation.
 *  - Hardware hooks mirror guest writes: each written 1 in I[SC]ENABLER or
 *    I[SC]PENDR, each ICFGR field and each IROUTER write of an owned
 *    hardware-backed interrupt calls its hook, idempotently, even when the
 *    virtual state does not change, so the physical state cannot drift.
 *    vgic_notify is called once per vCPU per access, for every interrupt that
 *    became pending and enabled while GICD_CTLR.EnableGrp1 is set, and when
 *    EnableGrp1 goes from 0 to 1 for every vCPU with such an interrupt.
 *  - Accesses: 32-bit everywhere, naturally aligned; also 8-bit for
 *    IPRIORITYR and ITARGETSR, and 64-bit for IROUTER, GICR_TYPER and the
 *    (RAZ/WI) 64-bit LPI registers. Anything else is refused (-1) and the
 *    caller injects an abort. Only the low `size` bytes of a written value count.
 *  - ID registers: GICD/GICR_PIDR2 report ArchRev 3 (GICv3), the rest are RAZ.
 */
#include <lib.h>
#include <vgic.h>

/* Distributor register map (IHI 0069, GIC Distributor register map). */
#define GICD_CTLR        U(0x0000)
#define GICD_TYPER       U(0x0004)
#define GICD_IIDR        U(0x0008)
#define GICD_IGROUPR     U(0x0080) /* then ISENABLER ... ICACTIVER, BANK_STRIDE apart */
#define GICD_IPRIORITYR  U(0x0400)
#define GICD_ITARGETSR   U(0x0800)
#define GICD_ICFGR       U(0x0C00)
#define GICD_ICFGR_END   U(0x0D00)
#define GICD_IROUTER     U(0x6000)
#define GICD_IROUTER_END U(0x8000)
#define GIC_PIDR2        U(0xFFE8) /* same offset in the distributor and RD_base */

#define BANK_STRIDE U(0x80) /* 32 registers of 1 bit per INTID */

/* GICD_CTLR with DS = 1: EnableGrp1 is VGICD_CTLR_ENABLE_G1 (vgic.h), kept in g->ctlr. */
#define GICD_CTLR_ARE U(0x10)
#define GICD_CTLR_DS  U(0x40)

/* GICD_TYPER. */
#define GICD_TYPER_IDBITS_SHIFT 19U
#define GIC_ID_BITS             10U /* INTIDs 0-1023: no LPIs */

/* GICD_IROUTER<n>: Aff3 [39:32], IRM [31], Aff2 [23:16], Aff1 [15:8], Aff0 [7:0]; the rest RES0. */
#define IROUTER_IRM  ULL(0x80000000)
#define IROUTER_AFF  ULL(0xFF00FFFFFF)
#define IROUTER_MASK (IROUTER_AFF | IROUTER_IRM)

/*
 * GICD_IIDR/GICR_IIDR: ProductID 'S' [31:24], variant and revision 0, and no
 * JEP106 implementer code: Shoji has none, and Arm's (0x43B) would make Linux
 * match workarounds for errata of Arm's GIC implementations.
 */
#define SHOJI_GIC_IIDR U(0x53000000)
#define GIC_PIDR2_V3   U(0x30) /* ArchRev [7:4] = 3: GICv3 */

/* Redistributor RD_base frame (IHI 0069, GIC Redistributor register map). */
#define GICR_IIDR      U(0x0004)
#define GICR_TYPER     U(0x0008)
#define GICR_WAKER     U(0x0014)
#define GICR_SETLPIR   U(0x0040)
#define GICR_CLRLPIR   U(0x0048)
#define GICR_PROPBASER U(0x0070)
#define GICR_PENDBASER U(0x0078)
#define GICR_INVLPIR   U(0x00A0)
#define GICR_INVALLR   U(0x00B0)

#define GICR_TYPER_LAST       BIT(4)
#define GICR_TYPER_PROC_SHIFT 8U
#define GICR_TYPER_AFF_SHIFT  32U

#define GICR_WAKER_PSLEEP  U(0x2)
#define GICR_WAKER_CASLEEP U(0x4)

#define PRIORITY_MASK U(0xF8)
#define SPI_MAX_INTID U(1019)
#define PPI_MASK      U(0xFFFF) /* ppi_mask: bit n = PPI 16 + n */

/* The seven 1-bit-per-INTID register banks, in address order. */
enum bank {
	BANK_IGROUPR,
	BANK_ISENABLER,
	BANK_ICENABLER,
	BANK_ISPENDR,
	BANK_ICPENDR,
	BANK_ISACTIVER,
	BANK_ICACTIVER,
};

/*
 * The INTIDs one frame shows: a redistributor those of its vCPU below 32, the
 * distributor the SPIs. The two share the layout of IGROUPR..ICFGR.
 */
struct view {
	struct vgic *g;
	uint32_t vcpu;
	bool private;
};

static void set_flag(struct virq *v, uint32_t f)
{
	v->flags = (uint8_t)(v->flags | f);
}

static void clear_flag(struct virq *v, uint32_t f)
{
	v->flags = (uint8_t)(v->flags & ~f);
}

static bool has_flag(const struct virq *v, uint32_t f)
{
	return (v->flags & f) != 0;
}

static bool is_hw(const struct virq *v)
{
	return has_flag(v, VIRQ_HW);
}

/* Pending (outside a list register) and enabled: what vgic_notify announces. */
static bool deliverable(const struct virq *v)
{
	uint32_t both = (uint32_t)VIRQ_PENDING | (uint32_t)VIRQ_ENABLED;
	return (v->flags & both) == both;
}

static struct virq *view_find(const struct view *vw, uint32_t intid)
{
	if ((intid < VGIC_NUM_PRIVATE) != vw->private) {
		return NULL;
	}
	return vgic_find(vw->g, vw->vcpu, intid);
}

static uint32_t vcpu_bit(uint32_t vcpu)
{
	return vcpu < VM_MAX_VCPUS ? U(1) << vcpu : 0U;
}

static void notify_all(struct vgic *g, uint32_t vcpus)
{
	if ((g->ctlr & VGICD_CTLR_ENABLE_G1) == 0) {
		return;
	}
	for (uint32_t i = 0; i < g->num_vcpus && i < VM_MAX_VCPUS; i++) {
		if ((vcpus & vcpu_bit(i)) != 0) {
			vgic_notify(g, i);
		}
	}
}

/* ---- state ---- */

static struct virq *find_spi(struct vgic *g, uint32_t intid)
{
	uint32_t lo = 0;
	uint32_t hi = g->num_spis < VGIC_MAX_SPIS ? g->num_spis : VGIC_MAX_SPIS;

	while (lo < hi) {
		uint32_t mid = lo + (hi - lo) / 2U;
		if (g->spis[mid].intid < intid) {
			lo = mid + 1U;
		} else {
			hi = mid;
		}
	}
	if (lo < g->num_spis && lo < VGIC_MAX_SPIS && g->spis[lo].intid == intid) {
		return &g->spis[lo];
	}
	return NULL;
}

/* SPIs are found whatever `vcpu` is; private INTIDs only for a vCPU of the VM. */
struct virq *vgic_find(struct vgic *g, uint32_t vcpu, uint32_t intid)
{
	if (intid >= VGIC_NUM_PRIVATE) {
		return intid <= SPI_MAX_INTID ? find_spi(g, intid) : NULL;
	}
	if (vcpu >= g->num_vcpus || vcpu >= VM_MAX_VCPUS) {
		return NULL;
	}
	struct vgic_vcpu *c = &g->cpu[vcpu];
	if (intid >= VGIC_NUM_SGIS && (c->owned_ppis & (U(1) << (intid - VGIC_NUM_SGIS))) == 0) {
		return NULL;
	}
	return &c->priv[intid];
}

static bool spi_desc_valid(const struct vgic_spi_desc *d)
{
	bool intid_ok = d->intid >= VGIC_NUM_PRIVATE && d->intid <= SPI_MAX_INTID;
	bool pintid_ok = d->pintid == 0 || (d->pintid >= VGIC_NUM_PRIVATE && d->pintid <= SPI_MAX_INTID);
	return intid_ok && pintid_ok;
}

static bool spi_descs_valid(const struct vgic_spi_desc *spis, uint32_t num_spis)
{
	if (num_spis > VGIC_MAX_SPIS || (num_spis != 0 && spis == NULL)) {
		return false;
	}
	for (uint32_t i = 0; i < num_spis; i++) {
		if (!spi_desc_valid(&spis[i])) {
			return false;
		}
		for (uint32_t j = 0; j < i; j++) {
			bool same_pintid = spis[i].pintid != 0 && spis[i].pintid == spis[j].pintid;
			if (spis[i].intid == spis[j].intid || same_pintid) {
				return false;
			}
		}
	}
	return true;
}

static void sort_spis(struct vgic *g)
{
	for (uint32_t i = 1; i < g->num_spis; i++) {
		struct virq cur = g->spis[i];
		uint32_t j = i;
		while (j > 0 && g->spis[j - 1U].intid > cur.intid) {
			g->spis[j] = g->spis[j - 1U];
			j--;
		}
		g->spis[j] = cur;
	}
}

static void reset_vcpu(struct vgic_vcpu *c, uint32_t vcpu, uint32_t ppi_mask)
{
	for (uint32_t i = 0; i < VGIC_NUM_PRIVATE; i++) {
		struct virq *v = &c->priv[i];
		v->intid = (uint16_t)i;
		v->target = (uint8_t)vcpu;
		v->lr = VGIC_LR_NONE;
		if (i < VGIC_NUM_SGIS) {
			v->flags = VIRQ_EDGE;
		} else if ((ppi_mask & (U(1) << (i - VGIC_NUM_SGIS))) != 0) {
			v->flags = VIRQ_HW; /* level */
			v->pintid = (uint16_t)i;
		}
	}
	c->owned_ppis = ppi_mask;
	c->sleeping = true; /* GICR_WAKER.ProcessorSleep resets to 1 */
}

int vgic_init(struct vgic *g, void *owner, uint32_t num_vcpus, const struct vgic_spi_desc *spis, uint32_t num_spis,
	      uint32_t ppi_mask)
{
	if (num_vcpus == 0 || num_vcpus > VM_MAX_VCPUS || (ppi_mask & ~PPI_MASK) != 0 ||
	    !spi_descs_valid(spis, num_spis)) {
		return -1;
	}

	/*
	 * A reset runs with g->lock held (vgic_vm_reset): everything but the lock starts
	 * afresh. The lock word is never written here: another CPU may be taking a ticket.
	 */
	size_t lock_at = offsetof(struct vgic, lock);
	memset(g, 0, lock_at);
	memset((uint8_t *)g + lock_at + sizeof(g->lock), 0, sizeof(*g) - lock_at - sizeof(g->lock));
	g->owner = owner;
	g->num_vcpus = num_vcpus;
	g->num_spis = num_spis;
	for (uint32_t i = 0; i < num_spis; i++) {
		struct virq *v = &g->spis[i];
		v->intid = spis[i].intid;
		v->pintid = spis[i].pintid;
		v->lr = VGIC_LR_NONE;
		v->flags = (uint8_t)((spis[i].edge ? VIRQ_EDGE : 0U) | (spis[i].pintid != 0 ? VIRQ_HW : 0U));
	}
	sort_spis(g);
	for (uint32_t i = 0; i < num_vcpus; i++) {
		reset_vcpu(&g->cpu[i], i, ppi_mask);
	}
	return 0;
}

/* ---- 1 bit per INTID: IGROUPR, I[SC]ENABLER, I[SC]PENDR, I[SC]ACTIVER ---- */

static bool bank_bit(enum bank b, const struct virq *v)
{
	switch (b) {
	case BANK_ISENABLER:
	case BANK_ICENABLER:
		return has_flag(v, VIRQ_ENABLED);
	case BANK_ISPENDR:
	case BANK_ICPENDR:
		return has_flag(v, (uint32_t)VIRQ_PENDING | (uint32_t)VIRQ_IN_LR);
	case BANK_ISACTIVER:
	case BANK_ICACTIVER:
		return has_flag(v, VIRQ_ACTIVE);
	default:
		return true; /* IGROUPR: Group 1 */
	}
}

/* GICD_ICPENDR: a level-sensitive source that is still asserted stays pending. */
static bool line_holds_pending(const struct virq *v)
{
	return !is_hw(v) && !has_flag(v, VIRQ_EDGE) && has_flag(v, VIRQ_LEVEL);
}

static void bank_set(struct vgic *g, enum bank b, struct virq *v)
{
	switch (b) {
	case BANK_ISENABLER:
		set_flag(v, VIRQ_ENABLED);
		if (is_hw(v)) {
			vgic_hw_enable(g, v->target, v->pintid, true);
		}
		break;
	case BANK_ICENABLER:
		clear_flag(v, VIRQ_ENABLED);
		if (is_hw(v)) {
			vgic_hw_enable(g, v->target, v->pintid, false);
		}
		break;
	case BANK_ISPENDR:
		set_flag(v, VIRQ_PENDING);
		if (is_hw(v)) {
			vgic_hw_pending(g, v->target, v->pintid, true);
		}
		break;
	case BANK_ICPENDR:
		if (!line_holds_pending(v)) {
			clear_flag(v, VIRQ_PENDING);
		}
		if (is_hw(v)) {
			vgic_hw_pending(g, v->target, v->pintid, false);
		}
		break;
	case BANK_ISACTIVER:
		set_flag(v, VIRQ_ACTIVE);
		break;
	case BANK_ICACTIVER:
		clear_flag(v, VIRQ_ACTIVE);
		break;
	default: /* IGROUPR: RAO/WI */
		break;
	}
}

static uint32_t bank_read(const struct view *vw, enum bank b, uint32_t first)
{
	uint32_t val = 0;
	for (uint32_t x = 0; x < 32U; x++) {
		const struct virq *v = view_find(vw, first + x);
		if (v != NULL && bank_bit(b, v)) {
			val |= U(1) << x;
		}
	}
	return val;
}

static void bank_write(const struct view *vw, enum bank b, uint32_t first, uint32_t val)
{
	uint32_t notify = 0;
	for (uint32_t x = 0; x < 32U; x++) {
		struct virq *v = (val & (U(1) << x)) != 0 ? view_find(vw, first + x) : NULL;
		if (v == NULL) {
			continue;
		}
		bool was = deliverable(v);
		bank_set(vw->g, b, v);
		if (!was && deliverable(v)) {
			notify |= vcpu_bit(v->target);
		}
	}
	notify_all(vw->g, notify);
}

/* ---- 8 bits per INTID: IPRIORITYR ---- */

static uint32_t priority_read(const struct view *vw, uint32_t first, uint32_t size)
{
	uint32_t val = 0;
	for (uint32_t i = 0; i < size; i++) {
		const struct virq *v = view_find(vw, first + i);
		if (v != NULL) {
			val |= (uint32_t)v->priority << (8U * i);
		}
	}
	return val;
}

static void priority_write(const struct view *vw, uint32_t first, uint32_t size, uint32_t val)
{
	for (uint32_t i = 0; i < size; i++) {
		struct virq *v = view_find(vw, first + i);
		if (v != NULL) {
			v->priority = (uint8_t)((val >> (8U * i)) & PRIORITY_MASK);
		}
	}
}

/* ---- 2 bits per INTID: ICFGR, bit 1 of each field = edge (bit 0 RES0) ---- */

static uint32_t config_read(const struct view *vw, uint32_t first)
{
	uint32_t val = 0;
	for (uint32_t k = 0; k < 16U; k++) {
		const struct virq *v = view_find(vw, first + k);
		if (v != NULL && has_flag(v, VIRQ_EDGE)) {
			val |= U(2) << (2U * k);
		}
	}
	return val;
}

static void config_write(const struct view *vw, uint32_t first, uint32_t val)
{
	if (vw->private) {
		return; /* GICR_ICFGR0/1 are read-only here: see the top of the file */
	}
	for (uint32_t k = 0; k < 16U; k++) {
		struct virq *v = view_find(vw, first + k);
		if (v == NULL) {
			continue;
		}
		bool edge = (val & (U(2) << (2U * k))) != 0;
		if (edge) {
			set_flag(v, VIRQ_EDGE);
		} else {
			clear_flag(v, VIRQ_EDGE);
		}
		if (is_hw(v)) {
			vgic_hw_config(vw->g, v->pintid, edge);
		}
	}
}

/* ---- the part of the layout the distributor and SGI_base share ---- */

static bool in_range(uint32_t off, uint32_t base, uint32_t end)
{
	return off >= base && off < end;
}

static uint32_t shared_read(const struct view *vw, uint32_t off, uint32_t size)
{
	if (in_range(off, GICD_IGROUPR, GICD_IPRIORITYR)) {
		enum bank b = (enum bank)((off - GICD_IGROUPR) / BANK_STRIDE);
		return bank_read(vw, b, (off % BANK_STRIDE) / 4U * 32U);
	}
	if (in_range(off, GICD_IPRIORITYR, GICD_ITARGETSR)) {
		return priority_read(vw, off - GICD_IPRIORITYR, size);
	}
	if (in_range(off, GICD_ICFGR, GICD_ICFGR_END)) {
		return config_read(vw, (off - GICD_ICFGR) / 4U * 16U);
	}
	return 0; /* ITARGETSR, IGRPMODR, NSACR, SGIR, [CS]PENDSGIR, reserved: RAZ/WI */
}

static void shared_write(const struct view *vw, uint32_t off, uint32_t size, uint32_t val)
{
	if (in_range(off, GICD_IGROUPR, GICD_IPRIORITYR)) {
		enum bank b = (enum bank)((off - GICD_IGROUPR) / BANK_STRIDE);
		bank_write(vw, b, (off % BANK_STRIDE) / 4U * 32U, val);
	} else if (in_range(off, GICD_IPRIORITYR, GICD_ITARGETSR)) {
		priority_write(vw, off - GICD_IPRIORITYR, size, val);
	} else if (in_range(off, GICD_ICFGR, GICD_ICFGR_END)) {
		config_write(vw, (off - GICD_ICFGR) / 4U * 16U, val);
	}
}

/* ---- access checks: sizes is a mask of the allowed sizes (1, 4, 8 are distinct bits) ---- */

static bool access_ok(uint64_t offset, uint32_t size, uint64_t window, uint32_t sizes)
{
	bool size_ok = (size == 1U || size == 4U || size == 8U) && (sizes & size) != 0;
	return offset < window && size_ok && (offset & (size - 1U)) == 0;
}

static uint32_t dist_sizes(uint32_t off)
{
	if (in_range(off, GICD_IPRIORITYR, GICD_ICFGR)) {
		return 1U | 4U; /* IPRIORITYR, ITARGETSR */
	}
	if (in_range(off, GICD_IROUTER, GICD_IROUTER_END)) {
		return 4U | 8U;
	}
	return 4U;
}

static uint32_t redist_sizes(uint32_t off)
{
	switch (off) {
	case GICR_TYPER:
	case GICR_SETLPIR:
	case GICR_CLRLPIR:
	case GICR_PROPBASER:
	case GICR_PENDBASER:
	case GICR_INVLPIR:
	case GICR_INVALLR:
		return 4U | 8U;
	default:
		break;
	}
	if (in_range(off, (uint32_t)VGICR_SGI_OFFSET + GICD_IPRIORITYR, (uint32_t)VGICR_SGI_OFFSET + GICD_ITARGETSR)) {
		return 1U | 4U;
	}
	return 4U;
}

/* A 64-bit register seen through an access of `size` at `off` (4-byte halves allowed). */
static uint64_t reg64_part(uint64_t reg, uint32_t off, uint32_t size)
{
	if (size == 8U) {
		return reg;
	}
	return (off & 4U) != 0 ? reg >> 32 : reg & ULL(0xFFFFFFFF);
}

static uint64_t reg64_merge(uint64_t reg, uint32_t off, uint32_t size, uint64_t val)
{
	if (size == 8U) {
		return val;
	}
	if ((off & 4U) != 0) {
		return (reg & ULL(0xFFFFFFFF)) | (val << 32);
	}
	return (reg & ~ULL(0xFFFFFFFF)) | val;
}

static uint64_t low_bytes(uint64_t val, uint32_t size)
{
	return size == 8U ? val : val & ((ULL(1) << (8U * size)) - 1U);
}

/* ---- distributor ---- */

static uint32_t dist_typer(const struct vgic *g)
{
	uint32_t max_intid = g->num_spis != 0 ? g->spis[g->num_spis - 1U].intid : 0U;
	uint32_t lines = max_intid / 32U; /* covers INTIDs up to 32 * (lines + 1) - 1 */
	if (lines < 1U) {
		lines = 1U; /* some SPI lines, so Linux sets up its SPI domain */
	}
	/* LPIS, MBIS, SecurityExtn, ESPI, No1N = 0; CPUNumber = 0 with ARE = 1. */
	return lines | ((GIC_ID_BITS - 1U) << GICD_TYPER_IDBITS_SHIFT);
}

/* Where an SPI with this IROUTER value is delivered (see the top of the file). */
static uint32_t route_vcpu(const struct vgic *g, uint64_t irouter)
{
	uint64_t aff = irouter & IROUTER_AFF;
	if ((irouter & IROUTER_IRM) != 0 || aff >= g->num_vcpus) {
		return 0;
	}
	return (uint32_t)aff;
}

static uint64_t irouter_read(struct vgic *g, uint32_t off, uint32_t size)
{
	const struct virq *v = find_spi(g, (off - GICD_IROUTER) / 8U);
	if (v == NULL) {
		return 0;
	}
	return reg64_part(g->irouter[v - g->spis], off, size);
}

static void irouter_write(struct vgic *g, uint32_t off, uint32_t size, uint64_t val)
{
	struct virq *v = find_spi(g, (off - GICD_IROUTER) / 8U);
	if (v == NULL) {
		return;
	}
	uint64_t *r = &g->irouter[v - g->spis];
	*r = reg64_merge(*r, off, size, val) & IROUTER_MASK;
	uint32_t vcpu = route_vcpu(g, *r);
	if (is_hw(v)) {
		vgic_hw_route(g, v->pintid, vcpu);
	}
	if (has_flag(v, VIRQ_IN_LR) || v->target == vcpu) {
		return; /* the list-register side owns `target` while it holds the interrupt */
	}
	v->target = (uint8_t)vcpu;
	if (deliverable(v)) {
		notify_all(g, vcpu_bit(vcpu));
	}
}

static uint32_t deliverable_vcpus(struct vgic *g)
{
	uint32_t vcpus = 0;
	for (uint32_t i = 0; i < g->num_spis && i < VGIC_MAX_SPIS; i++) {
		if (deliverable(&g->spis[i])) {
			vcpus |= vcpu_bit(g->spis[i].target);
		}
	}
	for (uint32_t c = 0; c < g->num_vcpus && c < VM_MAX_VCPUS; c++) {
		for (uint32_t i = 0; i < VGIC_NUM_PRIVATE; i++) {
			const struct virq *v = vgic_find(g, c, i);
			if (v != NULL && deliverable(v)) {
				vcpus |= vcpu_bit(c);
			}
		}
	}
	return vcpus;
}

static void dist_ctlr_write(struct vgic *g, uint32_t val)
{
	bool was = (g->ctlr & VGICD_CTLR_ENABLE_G1) != 0;
	g->ctlr = val & VGICD_CTLR_ENABLE_G1;
	if (!was && g->ctlr != 0) {
		notify_all(g, deliverable_vcpus(g));
	}
}

int vgic_dist_read(struct vgic *g, uint64_t offset, uint32_t size, uint64_t *val)
{
	if (!access_ok(offset, size, VGICD_SIZE, dist_sizes((uint32_t)(offset & 0xFFFFU)))) {
		return -1;
	}
	uint32_t off = (uint32_t)offset;
	const struct view vw = {.g = g, .vcpu = 0, .private = false};

	switch (off) {
	case GICD_CTLR:
		*val = (g->ctlr & VGICD_CTLR_ENABLE_G1) | GICD_CTLR_ARE | GICD_CTLR_DS;
		return 0;
	case GICD_TYPER:
		*val = dist_typer(g);
		return 0;
	case GICD_IIDR:
		*val = SHOJI_GIC_IIDR;
		return 0;
	case GIC_PIDR2:
		*val = GIC_PIDR2_V3;
		return 0;
	default:
		break;
	}
	if (in_range(off, GICD_IROUTER, GICD_IROUTER_END)) {
		*val = irouter_read(g, off, size);
	} else {
		*val = shared_read(&vw, off, size);
	}
	return 0;
}

int vgic_dist_write(struct vgic *g, uint64_t offset, uint32_t size, uint64_t val)
{
	if (!access_ok(offset, size, VGICD_SIZE, dist_sizes((uint32_t)(offset & 0xFFFFU)))) {
		return -1;
	}
	uint32_t off = (uint32_t)offset;
	uint64_t data = low_bytes(val, size);
	const struct view vw = {.g = g, .vcpu = 0, .private = false};

	if (off == GICD_CTLR) {
		dist_ctlr_write(g, (uint32_t)data);
	} else if (in_range(off, GICD_IROUTER, GICD_IROUTER_END)) {
		irouter_write(g, off, size, data);
	} else {
		shared_write(&vw, off, size, (uint32_t)data);
	}
	return 0;
}

/* ---- redistributor ---- */

static uint64_t redist_typer(const struct vgic *g, uint32_t vcpu)
{
	/* PLPIS, VLPIS, DirectLPI, CommonLPIAff, PPInum = 0 (16 PPIs). */
	uint64_t typer = ((uint64_t)vcpu << GICR_TYPER_AFF_SHIFT) | ((uint64_t)vcpu << GICR_TYPER_PROC_SHIFT);
	if (vcpu + 1U == g->num_vcpus) {
		typer |= GICR_TYPER_LAST;
	}
	return typer;
}

static bool redist_access_ok(const struct vgic *g, uint32_t vcpu, uint64_t offset, uint32_t size)
{
	return vcpu < g->num_vcpus && vcpu < VM_MAX_VCPUS &&
	       access_ok(offset, size, VGICR_STRIDE, redist_sizes((uint32_t)(offset & 0x1FFFFU)));
}

int vgic_redist_read(struct vgic *g, uint32_t vcpu, uint64_t offset, uint32_t size, uint64_t *val)
{
	if (!redist_access_ok(g, vcpu, offset, size)) {
		return -1;
	}
	uint32_t off = (uint32_t)offset;
	const struct view vw = {.g = g, .vcpu = vcpu, .private = true};

	if (off >= (uint32_t)VGICR_SGI_OFFSET) {
		*val = shared_read(&vw, off - (uint32_t)VGICR_SGI_OFFSET, size);
		return 0;
	}
	if ((off & ~U(4)) == GICR_TYPER) {
		*val = reg64_part(redist_typer(g, vcpu), off, size);
		return 0;
	}
	switch (off) {
	case GICR_IIDR:
		*val = SHOJI_GIC_IIDR;
		break;
	case GICR_WAKER: /* ChildrenAsleep follows ProcessorSleep at once */
		*val = g->cpu[vcpu].sleeping ? GICR_WAKER_PSLEEP | GICR_WAKER_CASLEEP : 0U;
		break;
	case GIC_PIDR2:
		*val = GIC_PIDR2_V3;
		break;
	default: /* CTLR (EnableLPIs RAZ/WI), STATUSR, PROPBASER, PENDBASER, LPI registers: RAZ/WI */
		*val = 0;
		break;
	}
	return 0;
}

int vgic_redist_write(struct vgic *g, uint32_t vcpu, uint64_t offset, uint32_t size, uint64_t val)
{
	if (!redist_access_ok(g, vcpu, offset, size)) {
		return -1;
	}
	uint32_t off = (uint32_t)offset;
	uint64_t data = low_bytes(val, size);
	const struct view vw = {.g = g, .vcpu = vcpu, .private = true};

	if (off >= (uint32_t)VGICR_SGI_OFFSET) {
		shared_write(&vw, off - (uint32_t)VGICR_SGI_OFFSET, size, (uint32_t)data);
	} else if (off == GICR_WAKER) {
		g->cpu[vcpu].sleeping = (data & GICR_WAKER_PSLEEP) != 0;
	}
	/* Everything else in RD_base is RO or RAZ/WI: LPIs are off, so PROPBASER and
	 * PENDBASER can never point the GIC at memory. */
	return 0;
}
