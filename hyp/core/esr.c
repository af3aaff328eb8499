/* SPDX-License-Identifier: MIT */
/* Names for ESR_ELx exception classes (Arm ARM D17.2.37, table "ESR_ELx.EC"). */
#include <arch.h>
#include <trap.h>

struct ec_name {
	uint8_t ec;
	const char *name;
};

static const struct ec_name ec_names[] = {
	{EC_UNKNOWN, "unknown reason"},
	{EC_WFX, "WFI/WFE"},
	{EC_CP15_32, "MCR/MRC (CP15)"},
	{EC_CP15_64, "MCRR/MRRC (CP15)"},
	{EC_CP14_MR, "MCR/MRC (CP14)"},
	{EC_CP14_LS, "LDC/STC (CP14)"},
	{EC_FP_ASIMD, "FP/SIMD access"},
	{EC_CP10_ID, "VMRS (CP10)"},
	{EC_PAC, "pointer authentication"},
	{EC_CP14_64, "MRRC (CP14)"},
	{EC_ILL, "illegal execution state"},
	{EC_SVC32, "SVC (AArch32)"},
	{EC_HVC32, "HVC (AArch32)"},
	{EC_SMC32, "SMC (AArch32)"},
	{EC_SVC64, "SVC"},
	{EC_HVC64, "HVC"},
	{EC_SMC64, "SMC"},
	{EC_SYS64, "MSR/MRS/system instruction"},
	{EC_SVE, "SVE access"},
	{EC_IABT_LOW, "instruction abort, lower EL"},
	{EC_IABT_CUR, "instruction abort, same EL"},
	{EC_PC_ALIGN, "PC alignment fault"},
	{EC_DABT_LOW, "data abort, lower EL"},
	{EC_DABT_CUR, "data abort, same EL"},
	{EC_SP_ALIGN, "SP alignment fault"},
	{EC_FP_EXC32, "FP exception (AArch32)"},
	{EC_FP_EXC64, "FP exception"},
	{EC_SERROR, "SError"},
	{EC_BREAKPT_LOW, "breakpoint, lower EL"},
	{EC_BREAKPT_CUR, "breakpoint, same EL"},
	{EC_SOFTSTP_LOW, "software step, lower EL"},
	{EC_SOFTSTP_CUR, "software step, same EL"},
	{EC_WATCHPT_LOW, "watchpoint, lower EL"},
	{EC_WATCHPT_CUR, "watchpoint, same EL"},
	{EC_BKPT32, "BKPT (AArch32)"},
	{EC_BRK64, "BRK"},
};

const char *esr_class_name(uint64_t ec)
{
	for (size_t i = 0; i < ARRAY_SIZE(ec_names); i++) {
		if (ec_names[i].ec == ec) {
			return ec_names[i].name;
		}
	}
	return "reserved";
}
