/*
 * phantom.h: Phantom's own C interface, beside libc.
 *
 * The object bridge: a POSIX program reaches the native, persistent world
 * through /dev/phantom. Each open file is one request and its answer:
 *
 *   phantom_run()      run a program's Class.main attached: its output is
 *                      copied to a file descriptor, its exit status returned
 *   phantom_start()    start it detached and persistent (returns once a
 *                      snapshot holding it is durable)
 *   phantom_query()    "ps", "stat" or "snapshot": the answer is copied out
 *
 * The module is a `.phm` file (binary) or Phantom assembler text.
 * Link with libphantom.a (ports/bin/phantom-cc does).
 */
#ifndef PHANTOM_H
#define PHANTOM_H

#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif

/* ioctl on a /dev/phantom session: the exit status of the program it ran. */
#define PHANTOM_STATUS 0x70680001u

/* Runs CLASS.main(ARGS) from the module in MODULE (LEN bytes), attached:
 * the program's output goes to OUT_FD. Returns the program's exit status
 * (0, or 1 after an uncaught exception, whose text ends the output), 2 when
 * the request was refused (the reason is in the output), or -1 with errno. */
int phantom_run(const void *module, size_t len, const char *cls, char *const args[], int out_fd);

/* The same, detached: the program keeps running, persistently. The answer
 * ("started thread N") goes to OUT_FD. */
int phantom_start(const void *module, size_t len, const char *cls, char *const args[], int out_fd);

/* "ps", "stat" or "snapshot": the answer goes to OUT_FD. */
int phantom_query(const char *what, int out_fd);

/* Reads a whole file into a malloc'ed buffer; NULL with errno on failure. */
void *phantom_read_file(const char *path, size_t *len);

#ifdef __cplusplus
}
#endif

#endif
