/* SPDX-License-Identifier: MIT */
/* The vGIC as the exit path uses it: list registers, hardware interrupts, SGIs (hyp/core/vgic.c). */
#ifndef SHOJI_VGIC_LR_H
#define SHOJI_VGIC_LR_H

#include <shoji/types.h>

#define VGIC_MAX_LRS 16U

struct vcpu;
struct vgic;
struct virq;

void vgic_cpu_reset(struct vcpu *v);                /* before the vCPU's first entry on this CPU */
void vgic_flush(struct vcpu *v);                    /* before every return to the guest */
bool vgic_take_hw(struct vcpu *v, uint32_t pintid); /* a physical interrupt the vCPU may own */
void vgic_sgi(struct vcpu *v, uint64_t icc_sgi1r);  /* a trapped SGI write */
struct virq *vgic_find_hw(struct vgic *g, uint32_t vcpu, uint32_t pintid);

/* VM set-up and restart (hyp/core/vgic_hw.c). */
struct vm;
int vgic_setup(struct vm *vm);
void vgic_vm_reset(struct vm *vm);

#endif /* SHOJI_VGIC_LR_H */
