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
 *   phantom_call()     call a method of a persistent object by name: its
 *                      output and result are copied to a file descriptor
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

/* Calls METHOD(ARGS) on a persistent object, in a new thread of the world,
 * attached like phantom_run: TARGET is "root" (the world's root object,
 * phantom.System.setRoot) or "Class.field" (a static reference field of a
 * program's class). The method is the first of that name whose parameters
 * are as many as ARGS, each a String, int, long, boolean or double (the
 * text is converted). What it prints, then its result on a line of its own
 * (nothing for void), go to OUT_FD. Returns 0, 1 after an uncaught
 * exception, 2 when refused (no such target or method; the reason is in the
 * output), or -1 with errno. */
int phantom_call(const char *target, const char *method, char *const args[], int out_fd);

/* "ps", "stat" or "snapshot": the answer goes to OUT_FD. */
int phantom_query(const char *what, int out_fd);

/* Reads a whole file into a malloc'ed buffer; NULL with errno on failure. */
void *phantom_read_file(const char *path, size_t *len);

#ifdef __cplusplus
}
#endif

#endif
