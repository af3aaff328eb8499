// SPDX-License-Identifier: MIT
/*
 * Fakes of the vGIC hardware hooks (vgic.h) for host tests: every call is
 * appended to a text log, one line per call, so a test can compare the exact
 * sequence of calls with one string.
 */
#include <stdarg.h>
#include <stdio.h>

#include <vgic.h>

/* The test's side of the fake (tests/unit/test_vgic_regs.c declares the same). */
void fake_vgic_hw_reset(void);
const char *fake_vgic_hw_log(void);

static char log_buf[4096];
static size_t log_len;
static bool log_overflow;

void fake_vgic_hw_reset(void)
{
	log_buf[0] = '\0';
	log_len = 0;
	log_overflow = false;
}

/* The log, or a marker that fails any comparison once it overflowed. */
const char *fake_vgic_hw_log(void)
{
	return log_overflow ? "<log overflow>" : log_buf;
}

__attribute__((format(printf, 1, 2))) static void record(const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	int n = vsnprintf(log_buf + log_len, sizeof(log_buf) - log_len, fmt, ap);
	va_end(ap);
	if (n < 0 || (size_t)n >= sizeof(log_buf) - log_len) {
		log_overflow = true;
		log_buf[log_len] = '\0';
		return;
	}
	log_len += (size_t)n;
}

void vgic_hw_enable(struct vgic *g, uint32_t vcpu, uint32_t pintid, bool on)
{
	(void)g;
	record("enable vcpu=%u pintid=%u on=%d\n", vcpu, pintid, on);
}

void vgic_hw_route(struct vgic *g, uint32_t pintid, uint32_t vcpu)
{
	(void)g;
	record("route pintid=%u vcpu=%u\n", pintid, vcpu);
}

void vgic_hw_config(struct vgic *g, uint32_t pintid, bool edge)
{
	(void)g;
	record("config pintid=%u edge=%d\n", pintid, edge);
}

void vgic_hw_pending(struct vgic *g, uint32_t vcpu, uint32_t pintid, bool on)
{
	(void)g;
	record("pending vcpu=%u pintid=%u on=%d\n", vcpu, pintid, on);
}

void vgic_notify(struct vgic *g, uint32_t vcpu)
{
	(void)g;
	record("notify vcpu=%u\n", vcpu);
}
