/* SPDX-License-Identifier: MIT */
/*
 * partcheck: checks the board and system it is linked with (board/<b>/board.c,
 * vms/<s>/system.c) and fails the build on any error. Usage: partcheck [-q]
 */
#include <stdio.h>
#include <string.h>

#include "check.h"

/* Every error on its own line on stderr, where make shows it. */
static void print_error(void *ctx, enum pc_code code, const char *line)
{
	(void)ctx;
	(void)code;
	(void)fprintf(stderr, "%s\n", line);
}

int main(int argc, char **argv)
{
	const char *sys = partcheck_system_label(&system_config);
	const char *board = partcheck_board_label(&board_desc);
	int quiet = 0;
	unsigned int errors;

	if (argc == 2 && strcmp(argv[1], "-q") == 0) {
		quiet = 1;
	} else if (argc != 1) {
		(void)fprintf(stderr, "usage: partcheck [-q]\n");
		return 2;
	}
	errors = partcheck(&board_desc, &system_config, print_error, NULL);
	if (errors != 0) {
		(void)fprintf(stderr, "partcheck: %s on %s: %u error%s\n", sys, board, errors, errors == 1 ? "" : "s");
		return 1;
	}
	if (!quiet) {
		(void)printf("partcheck: %s on %s: %u VM%s OK\n", sys, board, (unsigned int)system_config.num_vms,
			     system_config.num_vms == 1 ? "" : "s");
	}
	return 0;
}
