/* SPDX-License-Identifier: MIT */
/* PSCI 1.1 (Arm DEN 0022) function IDs and return codes, for calls to firmware and for the emulation. */
#ifndef SHOJI_PSCI_H
#define SHOJI_PSCI_H

#include <shoji/types.h>

#define PSCI_VERSION           0x84000000U
#define PSCI_CPU_SUSPEND_32    0x84000001U
#define PSCI_CPU_OFF           0x84000002U
#define PSCI_CPU_ON_32         0x84000003U
#define PSCI_AFFINITY_INFO_32  0x84000004U
#define PSCI_MIGRATE_INFO_TYPE 0x84000006U
#define PSCI_SYSTEM_OFF        0x84000008U
#define PSCI_SYSTEM_RESET      0x84000009U
#define PSCI_FEATURES          0x8400000aU
#define PSCI_CPU_SUSPEND_64    0xc4000001U
#define PSCI_CPU_ON_64         0xc4000003U
#define PSCI_AFFINITY_INFO_64  0xc4000004U

#define PSCI_RET_SUCCESS          0
#define PSCI_RET_NOT_SUPPORTED    (-1)
#define PSCI_RET_INVALID_PARAMS   (-2)
#define PSCI_RET_DENIED           (-3)
#define PSCI_RET_ALREADY_ON       (-4)
#define PSCI_RET_ON_PENDING       (-5)
#define PSCI_RET_INTERNAL_FAILURE (-6)
#define PSCI_RET_NOT_PRESENT      (-7)
#define PSCI_RET_DISABLED         (-8)
#define PSCI_RET_INVALID_ADDRESS  (-9)

/* hyp/arch/smc.S */
uint64_t smc_call(uint64_t fid, uint64_t a1, uint64_t a2, uint64_t a3);

#endif /* SHOJI_PSCI_H */
