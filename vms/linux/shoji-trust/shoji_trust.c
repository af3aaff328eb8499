// SPDX-License-Identifier: GPL-2.0
/*
 * shoji_trust: Shoji's trust calls for a Linux guest, as /dev/shoji-trust (root only):
 * ATTEST and KEY_DERIVE through ioctls, and the VM's sealed area through read()
 * (shoji_trust.h). The hypercalls are docs/abi.md's; the driver adds no policy: it
 * passes a nonce or a label in, a report or a key out, and the blob as the hypervisor
 * copied it. Decrypting is user space's (the shoji-trust tool), so an unsealed secret
 * never sits in kernel memory; a sealing key passes through and is wiped.
 *
 * Binding (vms/linux/shoji-trust/README.md): compatible = "shoji,trust", and an optional
 * memory-region: a /reserved-memory node with no-map, exactly SHOJI_SEALED_MAX bytes,
 * the VM's sealed area (its partition entry's image.sealed_ipa).
 *
 * No lock: each call has its own buffer, the hypervisor serializes its crypto (answering
 * BUSY, which is retried here with a sleep), and the sealed area is only read.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/arm-smccc.h>
#include <linux/capability.h>
#include <linux/delay.h>
#include <linux/fs.h>
#include <linux/io.h>
#include <linux/miscdevice.h>
#include <linux/module.h>
#include <linux/of.h>
#include <linux/of_address.h>
#include <linux/platform_device.h>
#include <linux/slab.h>
#include <linux/string.h>
#include <linux/uaccess.h>
#include <asm/cpufeature.h>
#include <asm/unaligned.h>

/* abi.h spells three generic SMCCC results as <linux/arm-smccc.h> does, in parentheses. */
#undef SMCCC_RET_NOT_SUPPORTED
#undef SMCCC_RET_NOT_REQUIRED
#undef SMCCC_RET_INVALID_PARAMETER
#include <shoji/abi.h>
#include <shoji/seal.h>

#include "shoji_trust.h"

/* ATTEST signs in a few ms (tens under emulation): 50 tries 10 ms apart outlast any honest holder. */
#define TRUST_BUSY_TRIES    50
#define TRUST_BUSY_SLEEP_MS 10

struct trust {
	struct miscdevice misc;
	void *sealed; /* the sealed area, mapped write-back, read only; NULL: the VM has none */
};

static struct trust *trust_of(struct file *file)
{
	/* misc_open() leaves the miscdevice in private_data. */
	return container_of(file->private_data, struct trust, misc);
}

/* ---- hypercalls ---- */

/*
 * One trust call on a kernel buffer of `size` bytes (kmalloc: in this VM's RAM, physically
 * contiguous, at least 8-byte aligned, as the hypervisor requires), SHOJI_RET_BUSY
 * retried. Returns 0 with the hypervisor's x0 in *x0, or -EBUSY (still busy) or -EINTR
 * (a signal while waiting).
 */
static int trust_call(u32 fn, void *buf, size_t size, const u64 args[4], long *x0)
{
	struct arm_smccc_res res;
	phys_addr_t pa = virt_to_phys(buf);

	for (int i = 0; i < TRUST_BUSY_TRIES; i++) {
		arm_smccc_1_1_hvc(fn, pa, size, args[0], args[1], args[2], args[3], &res);
		*x0 = (long)res.a0;
		if (*x0 != SHOJI_RET_BUSY)
			return 0;
		if (msleep_interruptible(TRUST_BUSY_SLEEP_MS))
			return -EINTR;
	}
	return -EBUSY;
}

/* x0 of a trust call that should have written `want` bytes, as an errno. */
static int trust_result(const char *what, long x0, size_t want)
{
	if (x0 >= 0 && (size_t)x0 == want)
		return 0;
	if (x0 == SMCCC_RET_NOT_SUPPORTED)
		return -EOPNOTSUPP; /* the hypervisor has no device key (its boot log says why) */
	/* INVALID_PARAMETER would mean our own buffer was refused: a driver bug, never the caller's. */
	pr_warn_ratelimited("%s: unexpected answer %ld from the hypervisor\n", what, x0);
	return -EIO;
}

static long trust_attest(void __user *uarg)
{
	struct shoji_trust_attest a;
	u64 nonce[4];
	long x0 = 0;
	void *buf;
	int err;

	if (copy_from_user(&a, uarg, sizeof(a)))
		return -EFAULT;
	for (int i = 0; i < 4; i++)
		nonce[i] = get_unaligned_le64(&a.nonce[8 * i]); /* x3 holds nonce bytes 0..7, little-endian */
	buf = kzalloc(SHOJI_TRUST_REPORT_SIZE, GFP_KERNEL);
	if (!buf)
		return -ENOMEM;
	err = trust_call(SHOJI_HVC_ATTEST, buf, SHOJI_TRUST_REPORT_SIZE, nonce, &x0);
	if (!err)
		err = trust_result("ATTEST", x0, SHOJI_TRUST_REPORT_SIZE);
	if (!err) {
		memcpy(a.report, buf, sizeof(a.report));
		if (copy_to_user(uarg, &a, sizeof(a)))
			err = -EFAULT;
	}
	kfree(buf);
	return err;
}

static long trust_key_derive(void __user *uarg)
{
	struct shoji_trust_key k;
	u64 args[4] = {0};
	long x0 = 0;
	void *buf;
	int err;

	if (copy_from_user(&k, uarg, sizeof(k)))
		return -EFAULT;
	args[0] = k.label;
	buf = kzalloc(SHOJI_TRUST_KEY_SIZE, GFP_KERNEL);
	if (!buf)
		return -ENOMEM;
	err = trust_call(SHOJI_HVC_KEY_DERIVE, buf, SHOJI_TRUST_KEY_SIZE, args, &x0);
	if (!err)
		err = trust_result("KEY_DERIVE", x0, SHOJI_TRUST_KEY_SIZE);
	if (!err) {
		memcpy(k.key, buf, sizeof(k.key));
		if (copy_to_user(uarg, &k, sizeof(k)))
			err = -EFAULT;
	}
	/* The key leaves no copy behind in this kernel. */
	memzero_explicit(&k, sizeof(k));
	kfree_sensitive(buf);
	return err;
}

/* ---- the device ---- */

static int trust_open(struct inode *inode, struct file *file)
{
	/* The node is 0600 root; a sealing key is worth a second check. */
	return capable(CAP_SYS_ADMIN) ? 0 : -EPERM;
}

static long trust_ioctl(struct file *file, unsigned int cmd, unsigned long arg)
{
	switch (cmd) {
	case SHOJI_TRUST_IOC_ATTEST:
		return trust_attest((void __user *)arg);
	case SHOJI_TRUST_IOC_KEY_DERIVE:
		return trust_key_derive((void __user *)arg);
	default:
		return -ENOTTY;
	}
}

/* The blob in the sealed area: exactly as long as its header says, or an error if there is none. */
static ssize_t trust_read(struct file *file, char __user *ubuf, size_t count, loff_t *ppos)
{
	struct trust *t = trust_of(file);
	struct shoji_sealed_header h;

	if (!t->sealed)
		return -ENXIO;
	/* One copy of the header: its length is checked against the area before anything is read by it. */
	memcpy(&h, t->sealed, sizeof(h));
	if (shoji_sealed_check(&h, SHOJI_SEALED_MAX) != SHOJI_SEALED_OK)
		return -ENODATA;
	return simple_read_from_buffer(ubuf, count, ppos, t->sealed, sizeof(h) + h.length);
}

static const struct file_operations trust_fops = {
	.owner = THIS_MODULE,
	.open = trust_open,
	.read = trust_read,
	.unlocked_ioctl = trust_ioctl,
	.compat_ioctl = compat_ptr_ioctl,
	.llseek = default_llseek,
};

/* ---- probe ---- */

/*
 * HVC is UNDEFINED where no EL2 is implemented (Arm ARM, HVC): a kernel booted bare on
 * such a CPU with this device tree (tests/linux/native_boot.py does) must not issue
 * one. Then VERSION must answer as Shoji does, not as another hypervisor or a stub.
 */
static int trust_check_shoji(struct device *d, struct arm_smccc_res *ver)
{
	u64 pfr0 = read_sanitised_ftr_reg(SYS_ID_AA64PFR0_EL1);

	if (!cpuid_feature_extract_unsigned_field(pfr0, ID_AA64PFR0_EL1_EL2_SHIFT))
		return dev_err_probe(d, -ENODEV, "this CPU has no EL2: no hypervisor to call\n");
	arm_smccc_1_1_hvc(SHOJI_HVC_VERSION, ver);
	if (ver->a0 > 0xffffffffUL || (ver->a0 >> 16) != SHOJI_ABI_MAJOR)
		return dev_err_probe(d, -ENODEV, "VERSION answered %#lx: not Shoji ABI %u.x\n", ver->a0,
				     SHOJI_ABI_MAJOR);
	return 0;
}

/* The optional sealed area: a no-map reserved region of exactly SHOJI_SEALED_MAX bytes. */
static int trust_map_sealed(struct device *d, struct trust *t)
{
	struct device_node *np = of_parse_phandle(d->of_node, "memory-region", 0);
	struct resource res;
	bool nomap;
	int err;

	if (!np)
		return 0;
	err = of_address_to_resource(np, 0, &res);
	nomap = of_property_read_bool(np, "no-map");
	of_node_put(np);
	if (err)
		return dev_err_probe(d, err, "memory-region: no address\n");
	/* Without no-map the kernel could hand those pages out, and we would read its data as a blob. */
	if (!nomap)
		return dev_err_probe(d, -EINVAL, "memory-region %pR: must be no-map\n", &res);
	if (resource_size(&res) != SHOJI_SEALED_MAX)
		return dev_err_probe(d, -EINVAL, "memory-region %pR: must be %#x bytes\n", &res, SHOJI_SEALED_MAX);
	t->sealed = devm_memremap(d, res.start, resource_size(&res), MEMREMAP_WB);
	if (IS_ERR(t->sealed))
		return dev_err_probe(d, PTR_ERR(t->sealed), "cannot map the sealed area %pR\n", &res);
	return 0;
}

static int trust_probe(struct platform_device *pdev)
{
	struct device *d = &pdev->dev;
	struct arm_smccc_res ver;
	struct trust *t;
	int err;

	err = trust_check_shoji(d, &ver);
	if (err)
		return err;
	t = devm_kzalloc(d, sizeof(*t), GFP_KERNEL);
	if (!t)
		return -ENOMEM;
	err = trust_map_sealed(d, t);
	if (err)
		return err;
	t->misc.minor = MISC_DYNAMIC_MINOR;
	t->misc.name = "shoji-trust";
	t->misc.fops = &trust_fops;
	t->misc.mode = 0600;
	t->misc.parent = d;
	err = misc_register(&t->misc);
	if (err)
		return dev_err_probe(d, err, "cannot register /dev/shoji-trust\n");
	platform_set_drvdata(pdev, t);
	dev_info(d, "/dev/shoji-trust: Shoji ABI %lu.%lu, VM %lu (%s), %s\n", ver.a0 >> 16, ver.a0 & 0xffff, ver.a1,
		 ver.a2 ? "trusted" : "untrusted", t->sealed ? "sealed area" : "no sealed area");
	return 0;
}

static int trust_remove(struct platform_device *pdev)
{
	struct trust *t = platform_get_drvdata(pdev);

	misc_deregister(&t->misc);
	return 0;
}

static const struct of_device_id trust_of_match[] = {
	{.compatible = "shoji,trust"},
	{},
};
MODULE_DEVICE_TABLE(of, trust_of_match);

static struct platform_driver trust_driver = {
	.probe = trust_probe,
	.remove = trust_remove,
	.driver =
		{
			.name = "shoji-trust",
			.of_match_table = trust_of_match,
			/*
			 * No unbind through sysfs: an open file keeps the module (fops.owner), not
			 * the device and its mapping, so only module removal may take them away.
			 */
			.suppress_bind_attrs = true,
		},
};
module_platform_driver(trust_driver);

MODULE_DESCRIPTION("Shoji trust calls (ATTEST, KEY_DERIVE) and sealed area");
MODULE_LICENSE("GPL");
