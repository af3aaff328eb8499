/* SPDX-License-Identifier: MIT */
/*
 * Console glue: every byte a VM writes to its vPL011 goes through the console
 * multiplexer and out of the one physical UART, tagged per line; input typed on
 * the UART goes to the focused VM, and the escape key (Ctrl-]) selects commands.
 *
 * Locking: mux_lock serialises every call into the multiplexer and every write
 * to the UART (the panic path excepted). Lock order: vm->uart_lock, mux_lock.
 */
#include <arch.h>
#include <board.h>
#include <console.h>
#include <console_hw.h>
#include <lib.h>
#include <monitor.h>
#include <spinlock.h>
#include <vconsole.h>
#include <vdev.h>
#include <vm.h>

/* A VM may print this much at full speed, then this many bytes a second. */
#define VM_CONSOLE_BURST 65536U
#define VM_CONSOLE_RATE  32768U
/*
 * The focused VM's unfinished line (a shell prompt) appears after this long
 * without a newline. Long enough that a slow but busy line is rarely split.
 */
#define FLUSH_DELAY_MS 250U
#define RX_BATCH       64U

#define CNTHP_CTL_ENABLE BIT(0)
#define CNTHP_CTL_IMASK  BIT(1)

static struct console mux;
static struct spinlock mux_lock = SPINLOCK_INIT;
static bool mux_ready;
static const char *vm_names[VM_MAX];

static uint64_t now(void)
{
	return read_sysreg(cntpct_el0);
}

static void uart_out(void *ctx, const char *s, size_t n)
{
	(void)ctx;
	for (size_t i = 0; i < n; i++) {
		uart_putc(s[i]);
	}
}

void vconsole_hyp_write(const char *s, size_t n)
{
	spin_lock(&mux_lock);
	if (mux_ready) {
		console_write(&mux, CONSOLE_SRC_HYP, s, n, now());
	} else {
		/* Before the multiplexer exists (early boot), tag the line here. */
		uart_out(NULL, "[shoji] ", 8);
		for (size_t i = 0; i < n; i++) {
			if (s[i] == '\n') {
				uart_putc('\r');
			}
			uart_putc(s[i]);
		}
	}
	spin_unlock(&mux_lock);
}

void vconsole_setup(void)
{
	struct console_config cfg = {
		.hyp_name = "shoji",
		.vm_names = vm_names,
		.num_vms = num_vms,
		.out = uart_out,
		.out_ctx = NULL,
		.vm_rate = VM_CONSOLE_RATE,
		.vm_burst = VM_CONSOLE_BURST,
		.ticks_per_sec = read_sysreg(cntfrq_el0),
	};

	for (uint32_t i = 0; i < num_vms; i++) {
		vm_names[i] = vms[i].cfg->name;
	}
	spin_lock(&mux_lock);
	int ret = console_init(&mux, &cfg);
	mux_ready = ret == CONSOLE_OK;
	spin_unlock(&mux_lock);
	if (!mux_ready) {
		log_line("console: set-up failed (%d); VM output is not shown", ret);
		return;
	}
	log_line("console: input goes to %s; Ctrl-] then h for help", vm_names[0]);
}

/* Arms this CPU's EL2 timer so an unfinished line is written out soon. */
static void arm_flush_timer(void)
{
	uint64_t delay = read_sysreg(cntfrq_el0) / 1000 * FLUSH_DELAY_MS;

	if ((read_sysreg(cnthp_ctl_el2) & (CNTHP_CTL_ENABLE | CNTHP_CTL_IMASK)) == CNTHP_CTL_ENABLE) {
		return; /* already armed; it will flush whatever is pending by then */
	}
	write_sysreg(cnthp_cval_el2, now() + delay);
	write_sysreg(cnthp_ctl_el2, CNTHP_CTL_ENABLE);
	isb();
}

/* vPL011 transmit: called with the VM's uart_lock held. */
static void vm_tx(void *ctx, uint8_t c)
{
	const struct vm *vm = ctx;
	bool pending;

	spin_lock(&mux_lock);
	console_putc(&mux, vm->id, c, now());
	pending = console_pending(&mux, vm->id) && console_focus(&mux) == vm->id;
	spin_unlock(&mux_lock);
	if (pending) {
		arm_flush_timer();
	} else if (read_sysreg(cnthp_ctl_el2) & CNTHP_CTL_ENABLE) {
		/* The line completed: nothing left for the timer to flush on this CPU. */
		write_sysreg(cnthp_ctl_el2, 0);
	}
}

void vconsole_flush_timer_irq(void)
{
	write_sysreg(cnthp_ctl_el2, 0);
	isb();
	spin_lock(&mux_lock);
	unsigned int focus = console_focus(&mux);
	if (console_pending(&mux, focus)) {
		console_flush(&mux, focus, now());
	}
	spin_unlock(&mux_lock);
}

void vconsole_attach_vm(struct vm *vm)
{
	vpl011_init(&vm->uart, vm_tx, vm);
}

void vconsole_reset_vm(struct vm *vm)
{
	vpl011_init(&vm->uart, vm_tx, vm);
	vm->rx_head = 0;
	vm->rx_count = 0;
}

/* Moves queued input into the vPL011 FIFO while it has room. Caller holds uart_lock. */
static void pump_locked(struct vm *vm)
{
	while (vm->rx_count > 0 && vpl011_rx_push(&vm->uart, vm->rx_ring[vm->rx_head])) {
		vm->rx_head = (vm->rx_head + 1) % VM_RX_RING;
		vm->rx_count--;
	}
}

void vconsole_rx_pump(struct vm *vm)
{
	spin_lock(&vm->uart_lock);
	pump_locked(vm);
	spin_unlock(&vm->uart_lock);
}

static void deliver(unsigned int index, uint8_t byte)
{
	struct vm *vm = vm_by_index(index);

	if (vm == NULL) {
		return;
	}
	spin_lock(&vm->uart_lock);
	if (vm->rx_count < VM_RX_RING) { /* beyond 4 KiB of unread input, bytes are dropped */
		vm->rx_ring[(vm->rx_head + vm->rx_count) % VM_RX_RING] = byte;
		vm->rx_count++;
	}
	pump_locked(vm);
	spin_unlock(&vm->uart_lock);
	vdev_uart_irq_update(vm);
}

static void act(const struct console_action *a)
{
	struct vm *vm = vm_by_index(a->vm);

	switch (a->kind) {
	case CONSOLE_ACT_DELIVER:
		deliver(a->vm, a->byte);
		break;
	case CONSOLE_ACT_FOCUS:
		if (vm != NULL) {
			log_line("console: input goes to %s", vm->cfg->name);
		}
		break;
	case CONSOLE_ACT_MONITOR:
		monitor_print();
		break;
	case CONSOLE_ACT_RESTART:
		if (vm != NULL) {
			log_line("console: restarting %s", vm->cfg->name);
			vm_request_stop(vm, VM_PENDING_RESTART);
		}
		break;
	case CONSOLE_ACT_HELP:
	case CONSOLE_ACT_HINT:
		if (a->text != NULL) {
			vconsole_hyp_write(a->text, strnlen(a->text, 1024));
		}
		break;
	case CONSOLE_ACT_NONE:
		break;
	}
}

void vconsole_rx_irq(void)
{
	for (unsigned int i = 0; i < RX_BATCH; i++) {
		int c = uart_getc();
		struct console_action a;

		if (c < 0 || !mux_ready) {
			return;
		}
		spin_lock(&mux_lock);
		console_input(&mux, (uint8_t)c, &a);
		spin_unlock(&mux_lock);
		act(&a);
	}
}
