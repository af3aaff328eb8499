/* SPDX-License-Identifier: MIT */
/* Secondary CPUs: brought up by PSCI CPU_ON, they check in through a mailbox and wait for interrupts. */
#ifndef SHOJI_GUEST_CPUS_H
#define SHOJI_GUEST_CPUS_H

#include <shoji/types.h>

/* The context id `cpuon` passes; a secondary that receives another one prints it. */
#define CPUS_CONTEXT_ID ULL(0x5ec0da7a)

/* The address CPU_ON should start a secondary at (start.S). */
uint64_t cpus_entry_point(void);

/* Boot CPU, from the command loop: prints `vcpu <aff0> up` for each secondary that checked in. */
void cpus_report(void);

/* Whether the secondary with this Aff0 is up with its GIC set up, waiting for interrupts. */
bool cpus_irq_ready(uint64_t aff0);

/* start.S: a secondary with a stack, at EL1. */
__attribute__((noreturn)) void secondary_main(uint64_t context_id, uint64_t aff0);

#endif /* SHOJI_GUEST_CPUS_H */
