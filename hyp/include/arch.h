/* SPDX-License-Identifier: MIT */
/* AArch64 system-register accessors and barriers: the one place inline asm lives in C. */
#ifndef SHOJI_ARCH_H
#define SHOJI_ARCH_H

#include <shoji/types.h>

#ifndef SHOJI_HOST_TEST

#define read_sysreg(reg)                                        \
	({                                                      \
		uint64_t __rv;                                  \
		__asm__ volatile("mrs %0, " #reg : "=r"(__rv)); \
		__rv;                                           \
	})

#define write_sysreg(reg, val)                                                 \
	do {                                                                   \
		uint64_t __wv = (uint64_t)(val);                               \
		__asm__ volatile("msr " #reg ", %0" : : "r"(__wv) : "memory"); \
	} while (0)

/* Registers the assembler knows only by encoding (GICv3 ICC/ICH use names, but older binutils may not). */
#define read_sysreg_s(enc)                                    \
	({                                                    \
		uint64_t __rv;                                \
		__asm__ volatile("mrs %0, " enc : "=r"(__v)); \
		__v;                                          \
	})
#define write_sysreg_s(enc, val)                                             \
	do {                                                                 \
		uint64_t __v = (uint64_t)(val);                              \
		__asm__ volatile("msr " enc ", %0" : : "r"(__v) : "memory"); \
	} while (0)

static inline void isb(void)
{
	__asm__ volatile("isb" : : : "memory");
}

#define dsb(opt) __asm__ volatile("dsb " #opt : : : "memory")
#define dmb(opt) __asm__ volatile("dmb " #opt : : : "memory")

static inline void wfi(void)
{
	__asm__ volatile("wfi" : : : "memory");
}

static inline void sev(void)
{
	__asm__ volatile("sev" : : : "memory");
}

static inline uint64_t mmio_read64(uintptr_t addr)
{
	return *(volatile uint64_t *)addr;
}

static inline uint32_t mmio_read32(uintptr_t addr)
{
	return *(volatile uint32_t *)addr;
}

static inline void mmio_write32(uintptr_t addr, uint32_t val)
{
	*(volatile uint32_t *)addr = val;
}

static inline void mmio_write64(uintptr_t addr, uint64_t val)
{
	*(volatile uint64_t *)addr = val;
}

#endif /* !SHOJI_HOST_TEST */

/* ESR_ELx (Arm ARM D17.2.37) */
#define ESR_EC_SHIFT 26
#define ESR_EC_MASK  ULL(0x3f)
#define ESR_IL       BIT(25)
#define ESR_ISS_MASK ULL(0x1ffffff)
#define ESR_EC(esr)  (((esr) >> ESR_EC_SHIFT) & ESR_EC_MASK)

#define EC_UNKNOWN     0x00
#define EC_WFX         0x01
#define EC_CP15_32     0x03
#define EC_CP15_64     0x04
#define EC_CP14_MR     0x05
#define EC_CP14_LS     0x06
#define EC_FP_ASIMD    0x07
#define EC_CP10_ID     0x08
#define EC_PAC         0x09
#define EC_CP14_64     0x0c
#define EC_ILL         0x0e
#define EC_SVC32       0x11
#define EC_HVC32       0x12
#define EC_SMC32       0x13
#define EC_SVC64       0x15
#define EC_HVC64       0x16
#define EC_SMC64       0x17
#define EC_SYS64       0x18
#define EC_SVE         0x19
#define EC_IABT_LOW    0x20
#define EC_IABT_CUR    0x21
#define EC_PC_ALIGN    0x22
#define EC_DABT_LOW    0x24
#define EC_DABT_CUR    0x25
#define EC_SP_ALIGN    0x26
#define EC_FP_EXC32    0x28
#define EC_FP_EXC64    0x2c
#define EC_SERROR      0x2f
#define EC_BREAKPT_LOW 0x30
#define EC_BREAKPT_CUR 0x31
#define EC_SOFTSTP_LOW 0x32
#define EC_SOFTSTP_CUR 0x33
#define EC_WATCHPT_LOW 0x34
#define EC_WATCHPT_CUR 0x35
#define EC_BKPT32      0x38
#define EC_BRK64       0x3c

/* Data/instruction abort ISS (Arm ARM D17.2.37, "ISS encoding for an exception from a Data Abort") */
#define ISS_DABT_ISV       BIT(24)
#define ISS_DABT_SAS_SHIFT 22
#define ISS_DABT_SAS_MASK  ULL(0x3)
#define ISS_DABT_SSE       BIT(21)
#define ISS_DABT_SRT_SHIFT 16
#define ISS_DABT_SRT_MASK  ULL(0x1f)
#define ISS_DABT_SF        BIT(15)
#define ISS_DABT_AR        BIT(14)
#define ISS_DABT_FNV       BIT(10)
#define ISS_DABT_EA        BIT(9)
#define ISS_DABT_CM        BIT(8)
#define ISS_DABT_S1PTW     BIT(7)
#define ISS_DABT_WNR       BIT(6)
#define ISS_FSC_MASK       ULL(0x3f)
#define FSC_SEA            0x10 /* synchronous external abort, not on a table walk */

/* HCR_EL2 (Arm ARM D17.2.48) */
#define HCR_VM     BIT(0)
#define HCR_SWIO   BIT(1)
#define HCR_PTW    BIT(2)
#define HCR_FMO    BIT(3)
#define HCR_IMO    BIT(4)
#define HCR_AMO    BIT(5)
#define HCR_VF     BIT(6)
#define HCR_VI     BIT(7)
#define HCR_VSE    BIT(8)
#define HCR_FB     BIT(9)
#define HCR_BSU_IS (ULL(1) << 10)
#define HCR_DC     BIT(12)
#define HCR_TWI    BIT(13)
#define HCR_TWE    BIT(14)
#define HCR_TID0   BIT(15)
#define HCR_TID1   BIT(16)
#define HCR_TID2   BIT(17)
#define HCR_TID3   BIT(18)
#define HCR_TSC    BIT(19)
#define HCR_TIDCP  BIT(20)
#define HCR_TACR   BIT(21)
#define HCR_TSW    BIT(22)
#define HCR_TPCP   BIT(23)
#define HCR_TPU    BIT(24)
#define HCR_TTLB   BIT(25)
#define HCR_TVM    BIT(26)
#define HCR_TGE    BIT(27)
#define HCR_TDZ    BIT(28)
#define HCR_HCD    BIT(29)
#define HCR_TRVM   BIT(30)
#define HCR_RW     BIT(31)
#define HCR_CD     BIT(32)
#define HCR_ID     BIT(33)
#define HCR_E2H    BIT(34)

/* SCTLR_ELx (Arm ARM D17.2.118) */
#define SCTLR_M   BIT(0)
#define SCTLR_A   BIT(1)
#define SCTLR_C   BIT(2)
#define SCTLR_SA  BIT(3)
#define SCTLR_I   BIT(12)
#define SCTLR_WXN BIT(19)
#define SCTLR_EE  BIT(25)
/* RES1 bits of SCTLR_EL2 when HCR_EL2.E2H == 0: 4, 5, 11, 16, 18, 22, 23, 28, 29. */
#define SCTLR_EL2_RES1 ULL(0x30c50830)
/* RES1 bits of SCTLR_EL1 in Armv8.0: 11, 20, 22, 23, 28, 29. */
#define SCTLR_EL1_RES1 ULL(0x30d00800)

/* SPSR_ELx / PSTATE (Arm ARM C5.2.19) */
#define PSR_MODE_EL0t 0x0
#define PSR_MODE_EL1t 0x4
#define PSR_MODE_EL1h 0x5
#define PSR_MODE_EL2t 0x8
#define PSR_MODE_EL2h 0x9
#define PSR_MODE_MASK ULL(0xf)
#define PSR_F         BIT(6)
#define PSR_I         BIT(7)
#define PSR_A         BIT(8)
#define PSR_D         BIT(9)
#define PSR_DAIF      (PSR_D | PSR_A | PSR_I | PSR_F)

/* MPIDR_EL1: the affinity fields; bit 31 is RES1 and bit 30 (U) is not an address. */
#define MPIDR_AFF_MASK ULL(0xff00ffffff)

/* CurrentEL */
#define CURRENTEL_EL(v) (((v) >> 2) & 3)

#endif /* SHOJI_ARCH_H */
