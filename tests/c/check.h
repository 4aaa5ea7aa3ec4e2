/*
 * check.h: the tiny test framework shared by the C conformance tests.
 *
 * Every check prints one line, `ok - NAME` or `FAIL - NAME (details)`, and
 * done() prints `N passed, M failed` and returns the exit status (0 when all
 * passed). Only the check names and results are printed, never pids,
 * addresses or times, so the output of a correct run is the same on Linux and
 * on Phantom and the two can be compared line by line. Details (which may
 * vary) appear only on failure.
 *
 *   CHECK(name, cond)               cond must be true (the errno shown on
 *                                   failure may be stale)
 *   CHECK_EQ(name, got, want)       two integers must be equal
 *                                   (errno, if got set it, shows on failure)
 *   CHECK_ERR(name, call, errno)    call must return -1 with exactly that errno
 *   CHECK_OK(name, call)            call must not return -1
 *
 *   run_section(name, fn, secs)     run a group of checks in a child
 *                                   process with a time limit
 *
 * Output is flushed after every line, so a fork never duplicates buffered
 * lines and a crash or hang still shows every check that ran. Only the
 * section process prints; the children a test makes report through their
 * exit status.
 */
#ifndef PHANTOM_CHECK_H
#define PHANTOM_CHECK_H

#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static int check_passed, check_failed;

/* Count one result and print its line; detail and err are shown on failure. */
static void check_report(const char *name, int ok, const char *detail, int err)
{
    if (ok) {
        check_passed++;
        printf("ok - %s\n", name);
    } else {
        check_failed++;
        if (err)
            printf("FAIL - %s (%s, errno=%d %s)\n", name, detail, err, strerror(err));
        else
            printf("FAIL - %s (%s)\n", name, detail);
    }
    fflush(stdout);
}

#define CHECK(name, cond)                                                      \
    do {                                                                       \
        int check_ok_ = !!(cond);                                              \
        check_report((name), check_ok_, "false: " #cond, errno);               \
    } while (0)

#define CHECK_EQ(name, got, want)                                              \
    do {                                                                       \
        errno = 0;                                                             \
        long check_g_ = (long)(got), check_w_ = (long)(want);                  \
        int check_e_ = errno;                                                  \
        char check_d_[96];                                                     \
        snprintf(check_d_, sizeof check_d_, "got %ld, want %ld", check_g_,     \
                 check_w_);                                                    \
        check_report((name), check_g_ == check_w_, check_d_, check_e_);        \
    } while (0)

#define CHECK_ERR(name, call, want_errno)                                      \
    do {                                                                       \
        errno = 0;                                                             \
        long check_r_ = (long)(call);                                          \
        int check_e_ = errno;                                                  \
        int check_ok_ = check_r_ == -1 && check_e_ == (want_errno);            \
        char check_d_[96];                                                     \
        snprintf(check_d_, sizeof check_d_, "got %ld, want -1 with errno %d %s", \
                 check_r_, (int)(want_errno), strerror(want_errno));           \
        check_report((name), check_ok_, check_d_, check_ok_ ? 0 : check_e_);   \
    } while (0)

#define CHECK_OK(name, call)                                                   \
    do {                                                                       \
        errno = 0;                                                             \
        long check_r_ = (long)(call);                                          \
        int check_e_ = errno;                                                  \
        char check_d_[64];                                                     \
        snprintf(check_d_, sizeof check_d_, "got %ld", check_r_);              \
        check_report((name), check_r_ != -1, check_d_, check_e_);              \
    } while (0)

/*
 * Run one group of checks in a child process, so that a crash or a hang in it
 * is reported as one failure and the following groups still run. The child
 * prints its own lines and sends its counts back through a pipe; a child
 * still running after timeout_s seconds is killed.
 */
static void run_section(const char *name, void (*fn)(void), int timeout_s)
{
    char detail[96];
    int p[2], counts[2] = { 0, 0 }, st = 0;
    fflush(stdout);
    if (pipe(p) != 0) {
        fn();
        return;
    }
    pid_t pid = fork();
    if (pid == 0) {
        close(p[0]);
        check_passed = check_failed = 0;
        fn();
        counts[0] = check_passed;
        counts[1] = check_failed;
        write(p[1], counts, sizeof counts);
        _exit(0);
    }
    close(p[1]);
    if (pid < 0) {
        close(p[0]);
        snprintf(detail, sizeof detail, "fork failed");
        check_report(name, 0, detail, errno);
        return;
    }
    pid_t r = 0;
    for (long waited = 0; waited < timeout_s * 100L; waited++) {
        r = waitpid(pid, &st, WNOHANG);
        if (r != 0 && !(r < 0 && errno == EINTR))
            break;
        struct timespec ts = { 0, 10000000 };
        nanosleep(&ts, NULL);
    }
    int timed_out = r == 0;
    if (timed_out) {
        kill(pid, SIGKILL);
        waitpid(pid, &st, 0);
    }
    ssize_t n = read(p[0], counts, sizeof counts);
    close(p[0]);
    if (n == (ssize_t)sizeof counts) {
        check_passed += counts[0];
        check_failed += counts[1];
    }
    if (timed_out)
        snprintf(detail, sizeof detail, "section %s timed out after %d s and was killed", name, timeout_s);
    else if (WIFSIGNALED(st))
        snprintf(detail, sizeof detail, "section %s died from signal %d", name, WTERMSIG(st));
    else if (n != (ssize_t)sizeof counts)
        snprintf(detail, sizeof detail, "section %s ended without reporting (status %d)", name, st);
    else
        return;
    check_report(name, 0, detail, 0);
}

/* Print the summary line and return the exit status for main. */
static int done(void)
{
    printf("%d passed, %d failed\n", check_passed, check_failed);
    fflush(stdout);
    return check_failed ? 1 : 0;
}

/* Pointers every syscall must refuse with EFAULT: an unmapped low address and
 * the first address of the kernel half. */
#define BAD_PTR ((void *)1)
#define KERNEL_PTR ((void *)0xffff800000000000UL)

/* Wait for pid (through EINTR) and return its raw status, or -1. */
static inline int reap(pid_t pid)
{
    int st;
    pid_t r;
    do
        r = waitpid(pid, &st, 0);
    while (r < 0 && errno == EINTR);
    return r == pid ? st : -1;
}

#endif
