/* SPDX-License-Identifier: MIT */
/* SMC to firmware (on QEMU, to its built-in PSCI): x0 = function id, x1..x3 arguments. */
	.text
	.global smc_call
smc_call:
	smc	#0
	ret
