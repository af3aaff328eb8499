// SPDX-License-Identifier: MIT
/* The canonical encoding of a VM's partition-table entry (layout: vmdesc.h). */
#include <vmdesc.h>

/* A bounded writer: once anything does not fit, `ok` stays false and nothing more is written. */
struct out {
	uint8_t *buf;
	size_t size;
	size_t len;
	bool ok;
};

static uint8_t *take(struct out *o, size_t n)
{
	if (!o->ok || n > o->size - o->len) {
		o->ok = false;
		return NULL;
	}
	uint8_t *p = o->buf + o->len;
	o->len += n;
	return p;
}

static void put(struct out *o, uint64_t v, size_t n)
{
	uint8_t *p = take(o, n);

	for (size_t i = 0; p != NULL && i < n; i++)
		p[i] = (uint8_t)(v >> (8 * i));
}

/* The name NUL-padded to `width`; NULL encodes as all zeros. Too long: not encodable. */
static void put_name(struct out *o, const char *name, size_t width)
{
	uint8_t *p = take(o, width);
	size_t i = 0;

	if (p == NULL)
		return;
	for (; name != NULL && name[i] != '\0'; i++) {
		if (i == width - 1) {
			o->ok = false;
			return;
		}
		p[i] = (uint8_t)name[i];
	}
	for (; i < width; i++)
		p[i] = 0;
}

static bool streq(const char *a, const char *b)
{
	if (a == NULL || b == NULL)
		return false;
	while (*a != '\0' && *a == *b) {
		a++;
		b++;
	}
	return *a == *b;
}

static void put_payload(struct out *o, const char *name, ipa_t ipa)
{
	put_name(o, name, VMDESC_NAME_SIZE);
	put(o, name != NULL ? ipa.v : 0, 8);
}

static void put_channels(struct out *o, const struct system_config *sys, const struct vm_config *cfg)
{
	uint32_t n = 0;

	for (uint32_t c = 0; c < sys->num_channels; c++)
		for (uint32_t s = 0; s < 2; s++)
			n += streq(sys->channels[c].end[s].vm, cfg->name);
	put(o, n, 4);
	for (uint32_t c = 0; c < sys->num_channels; c++) {
		const struct channel_config *ch = &sys->channels[c];

		for (uint32_t s = 0; s < 2; s++) {
			if (!streq(ch->end[s].vm, cfg->name))
				continue;
			put_name(o, ch->name, VMDESC_NAME_SIZE);
			put(o, c, 4);
			put(o, ch->pa.v, 8);
			put(o, ch->size, 8);
			put(o, s, 4);
			put(o, ch->end[s].ipa.v, 8);
			put(o, ch->end[s].intid, 4);
			put_name(o, ch->end[1 - s].vm, VMDESC_VM_NAME);
		}
	}
}

size_t vmdesc_encode(const struct system_config *sys, uint32_t vm, uint8_t *buf, size_t size)
{
	struct out o = {.size = size, .ok = buf != NULL};

	o.buf = buf;
	if (sys == NULL || vm >= sys->num_vms)
		return 0;
	const struct vm_config *cfg = &sys->vms[vm];

	put_name(&o, VMDESC_DOMAIN, 16);
	put_name(&o, cfg->name, VMDESC_VM_NAME);
	put(&o, (uint32_t)cfg->trust, 4);
	put(&o, (uint32_t)cfg->verify, 4);
	put(&o, cfg->num_cpus, 4);
	for (uint32_t i = 0; i < cfg->num_cpus; i++)
		put(&o, cfg->cpus[i], 4);
	put(&o, cfg->num_ram, 4);
	for (uint32_t i = 0; i < cfg->num_ram; i++) {
		put(&o, cfg->ram[i].pa.v, 8);
		put(&o, cfg->ram[i].ipa.v, 8);
		put(&o, cfg->ram[i].size, 8);
	}
	put(&o, cfg->num_devices, 4);
	for (uint32_t i = 0; i < cfg->num_devices; i++) {
		const struct vm_device *d = &cfg->devices[i];
		bool end = false;

		put_name(&o, d->device, VMDESC_NAME_SIZE);
		put(&o, d->pa.v, 8);
		put(&o, d->ipa.v, 8);
		put(&o, d->size, 8);
		for (uint32_t k = 0; k < ARRAY_SIZE(d->intids); k++) {
			end = end || d->intids[k] == 0;
			put(&o, end ? 0 : d->intids[k], 4);
		}
	}
	put_payload(&o, cfg->image.kernel, cfg->image.kernel_ipa);
	put(&o, cfg->image.entry_offset, 8);
	put_payload(&o, cfg->image.dtb, cfg->image.dtb_ipa);
	put_payload(&o, cfg->image.initrd, cfg->image.initrd_ipa);
	put_payload(&o, cfg->image.sealed, cfg->image.sealed_ipa);
	put(&o, cfg->vdevs.vuart.v, 8);
	put(&o, cfg->vdevs.vuart_intid, 4);
	put(&o, cfg->vdevs.gicd.v, 8);
	put(&o, cfg->vdevs.gicr.v, 8);
	put_channels(&o, sys, cfg);
	return o.ok ? o.len : 0;
}
