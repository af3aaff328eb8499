/* SPDX-License-Identifier: MIT */
/* The console monitor: Shoji's `xl list`. */
#ifndef SHOJI_MONITOR_H
#define SHOJI_MONITOR_H

/* Prints one line per VM: name, trust, state, CPUs, RAM, uptime, exits, denials, restarts. */
void monitor_print(void);

#endif /* SHOJI_MONITOR_H */
