/*
 * phantom: the POSIX command that reaches the native, persistent world.
 *
 *   phantom run FILE [CLASS [ARGS...]]    run CLASS.main attached (exit status 0,
 *                                         or 1 with the exception printed)
 *   phantom start FILE [CLASS [ARGS...]]  start it detached and persistent
 *   phantom call TARGET METHOD [ARGS...]  call a method of a persistent object
 *                                         (TARGET: root or Class.field); prints
 *                                         its output and its result
 *   phantom ps                            the world's threads
 *   phantom snapshot                      take a snapshot, wait until durable
 *   phantom stat                          snapshot and heap statistics
 *   phantom rawbench                      the raw disk write rate (benchmarks)
 *
 * FILE is a .phm module or Phantom assembler text; CLASS defaults to Main.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "phantom.h"

static int usage(void)
{
	fprintf(stderr,
		"usage: phantom run FILE [CLASS [ARGS...]]\n"
		"       phantom start FILE [CLASS [ARGS...]]\n"
		"       phantom call TARGET METHOD [ARGS...]   (TARGET: root or Class.field)\n"
		"       phantom ps | snapshot | stat\n");
	return 2;
}

int main(int argc, char **argv)
{
	if (argc < 2)
		return usage();
	const char *cmd = argv[1];
	int status;
	if (!strcmp(cmd, "run") || !strcmp(cmd, "start")) {
		if (argc < 3)
			return usage();
		size_t len;
		void *module = phantom_read_file(argv[2], &len);
		if (!module) {
			fprintf(stderr, "phantom: %s: %s\n", argv[2], strerror(errno));
			return 2;
		}
		const char *cls = argc > 3 ? argv[3] : "Main";
		char **args = argc > 4 ? argv + 4 : (char *[]){ NULL };
		status = !strcmp(cmd, "run") ? phantom_run(module, len, cls, args, STDOUT_FILENO)
					     : phantom_start(module, len, cls, args, STDOUT_FILENO);
		free(module);
	} else if (!strcmp(cmd, "call")) {
		if (argc < 4)
			return usage();
		status = phantom_call(argv[2], argv[3], argv + 4, STDOUT_FILENO);
	} else if (!strcmp(cmd, "ps") || !strcmp(cmd, "snapshot") || !strcmp(cmd, "stat") ||
		   !strcmp(cmd, "rawbench")) {
		if (argc != 2)
			return usage();
		status = phantom_query(cmd, STDOUT_FILENO);
	} else {
		return usage();
	}
	if (status < 0) {
		fprintf(stderr, "phantom: /dev/phantom: %s\n", strerror(errno));
		return 2;
	}
	return status;
}
