/*
 * signals.c: signal delivery: sigaction (SA_SIGINFO, SA_RESTART,
 * SA_RESETHAND, SA_NODEFER, SA_ONSTACK), masks, pending sets, sigsuspend,
 * timers (alarm, setitimer), SIGCHLD, SIGPIPE, inheritance over fork and
 * exec, sigaltstack, sigtimedwait, stop/continue, FPU state across handlers.
 *
 * Usage: signals     (re-executes itself for the exec checks)
 */
#define _GNU_SOURCE
#include "check.h"

#include <fcntl.h>
#include <setjmp.h>
#include <signal.h>
#include <stdint.h>
#include <stdlib.h>
#include <sys/syscall.h>
#include <sys/time.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static const char *self;

static volatile sig_atomic_t hits, last_sig, last_code, last_pid_ok, last_status;
static volatile sig_atomic_t mask_had_self, mask_had_usr2;
static volatile uintptr_t handler_stack;
static volatile int handler_onstack;

static void on_info(int sig, siginfo_t *si, void *uc)
{
    (void)uc;
    hits++;
    last_sig = si->si_signo == sig ? sig : -1;
    last_code = si->si_code;
    last_pid_ok = si->si_pid == getpid();
    sigset_t cur;
    sigprocmask(SIG_BLOCK, NULL, &cur);
    mask_had_self = sigismember(&cur, sig);
    mask_had_usr2 = sigismember(&cur, SIGUSR2);
}

static void on_plain(int sig)
{
    (void)sig;
    hits++;
}

static void set_handler(int sig, void (*fn)(int, siginfo_t *, void *), int flags)
{
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_sigaction = fn;
    sa.sa_flags = SA_SIGINFO | flags;
    sigaction(sig, &sa, NULL);
}

static void set_plain(int sig, void (*fn)(int), int flags)
{
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = fn;
    sa.sa_flags = flags;
    sigaction(sig, &sa, NULL);
}

static void unblock_all(void)
{
    sigset_t none;
    sigemptyset(&none);
    sigprocmask(SIG_SETMASK, &none, NULL);
}

/* waitpid that gives up after ms milliseconds (returns 0 then). */
static pid_t wait_ms(pid_t pid, int *st, int flags, int ms)
{
    for (int i = 0; i < ms / 10; i++) {
        pid_t r = waitpid(pid, st, flags | WNOHANG);
        if (r != 0)
            return r;
        struct timespec ts = { 0, 10000000 };
        nanosleep(&ts, NULL);
    }
    return 0;
}

static double now_s(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec + ts.tv_nsec / 1e9;
}

static void sleep_ms(long ms)
{
    struct timespec ts = { ms / 1000, (ms % 1000) * 1000000 };
    while (nanosleep(&ts, &ts) < 0 && errno == EINTR)
        ;
}

/* ---- re-executed mode: what survives exec ---- */

static int exec_signals(void)
{
    int bad = 0;
    struct sigaction sa;
    sigaction(SIGUSR1, NULL, &sa);
    if (sa.sa_handler != SIG_DFL)
        bad |= 1; /* a caught signal is reset to the default */
    sigaction(SIGUSR2, NULL, &sa);
    if (sa.sa_handler != SIG_IGN)
        bad |= 2; /* an ignored signal stays ignored */
    sigset_t cur;
    sigprocmask(SIG_BLOCK, NULL, &cur);
    if (!sigismember(&cur, SIGINT))
        bad |= 4; /* the mask is kept */
    sigset_t pend;
    sigpending(&pend);
    if (!sigismember(&pend, SIGINT))
        bad |= 8; /* pending signals are kept */
    stack_t ss;
    sigaltstack(NULL, &ss);
    if (!(ss.ss_flags & SS_DISABLE))
        bad |= 16; /* the alternate stack is gone */
    return bad;
}

/* ---- sigaction and SA_SIGINFO ---- */

static void test_sigaction(void)
{
    struct sigaction sa, old;
    memset(&sa, 0, sizeof sa);
    sa.sa_sigaction = on_info;
    sa.sa_flags = SA_SIGINFO;
    sigemptyset(&sa.sa_mask);
    sigaddset(&sa.sa_mask, SIGUSR2);
    CHECK_EQ("sigaction SIGUSR1 with SA_SIGINFO", sigaction(SIGUSR1, &sa, &old), 0);
    CHECK("previous action was SIG_DFL", old.sa_handler == SIG_DFL);
    sigaction(SIGUSR1, NULL, &old);
    CHECK("sigaction reads back the handler", old.sa_sigaction == on_info && (old.sa_flags & SA_SIGINFO));
    CHECK("sigaction reads back sa_mask", sigismember(&old.sa_mask, SIGUSR2));

    hits = 0;
    CHECK_EQ("kill(self, SIGUSR1)", kill(getpid(), SIGUSR1), 0);
    CHECK_EQ("handler ran once before kill returned", hits, 1);
    CHECK_EQ("si_signo is SIGUSR1", last_sig, SIGUSR1);
    CHECK_EQ("kill gives si_code SI_USER", last_code, SI_USER);
    CHECK("si_pid is the sender", last_pid_ok);
    CHECK("signal is blocked inside its handler", mask_had_self);
    CHECK("sa_mask is blocked inside the handler", mask_had_usr2);
    sigset_t cur;
    sigprocmask(SIG_BLOCK, NULL, &cur);
    CHECK("mask restored after the handler", !sigismember(&cur, SIGUSR1) && !sigismember(&cur, SIGUSR2));
    hits = 0;
    CHECK_EQ("raise(SIGUSR1)", raise(SIGUSR1), 0);
    CHECK_EQ("raise: handler ran", hits, 1);
    CHECK_EQ("raise gives si_code SI_TKILL", last_code, SI_TKILL);
    hits = 0;
    union sigval v = { .sival_int = 77 };
    CHECK_EQ("sigqueue(self, SIGUSR1)", sigqueue(getpid(), SIGUSR1, v), 0);
    CHECK("sigqueue gives si_code SI_QUEUE", hits == 1 && last_code == SI_QUEUE);

    set_handler(SIGUSR1, on_info, SA_NODEFER);
    raise(SIGUSR1);
    CHECK("SA_NODEFER: signal not blocked in its handler", !mask_had_self);
    set_handler(SIGUSR1, on_info, SA_RESETHAND);
    hits = 0;
    raise(SIGUSR1);
    sigaction(SIGUSR1, NULL, &old);
    CHECK("SA_RESETHAND: handler ran", hits == 1);
    CHECK("SA_RESETHAND: action reset to SIG_DFL", old.sa_handler == SIG_DFL);

    memset(&sa, 0, sizeof sa);
    sa.sa_handler = on_plain;
    CHECK_ERR("sigaction SIGKILL gives EINVAL", sigaction(SIGKILL, &sa, NULL), EINVAL);
    CHECK_ERR("sigaction SIGSTOP gives EINVAL", sigaction(SIGSTOP, &sa, NULL), EINVAL);
    CHECK_ERR("sigaction signal 0 gives EINVAL", sigaction(0, &sa, NULL), EINVAL);
    CHECK_ERR("sigaction signal 65 gives EINVAL", syscall(SYS_rt_sigaction, 65, NULL, NULL, 8), EINVAL);
    CHECK_ERR("rt_sigaction wrong sigsetsize gives EINVAL", syscall(SYS_rt_sigaction, SIGUSR1, NULL, &old, 4), EINVAL);
    CHECK_ERR("sigaction bad pointer gives EFAULT", syscall(SYS_rt_sigaction, SIGUSR1, BAD_PTR, NULL, 8), EFAULT);
    CHECK_EQ("sigaction SIGKILL query is allowed", sigaction(SIGKILL, NULL, &old), 0);

    /* Ignored and default-ignored signals do nothing. */
    signal(SIGUSR2, SIG_IGN);
    CHECK_EQ("SIG_IGN signal is discarded", raise(SIGUSR2), 0);
    signal(SIGUSR2, SIG_DFL);
    CHECK_EQ("SIGCHLD default action is to ignore", raise(SIGCHLD), 0);
    CHECK_EQ("SIGWINCH default action is to ignore", raise(SIGWINCH), 0);
}

/* ---- masks and pending ---- */

static void test_mask(void)
{
    sigset_t set, old, pend;
    set_handler(SIGUSR1, on_info, 0);
    sigemptyset(&set);
    sigaddset(&set, SIGUSR1);
    CHECK_EQ("sigprocmask SIG_BLOCK SIGUSR1", sigprocmask(SIG_BLOCK, &set, &old), 0);
    CHECK("old mask did not have SIGUSR1", !sigismember(&old, SIGUSR1));
    hits = 0;
    kill(getpid(), SIGUSR1);
    kill(getpid(), SIGUSR1);
    CHECK_EQ("blocked signal not delivered", hits, 0);
    sigpending(&pend);
    CHECK("sigpending shows SIGUSR1", sigismember(&pend, SIGUSR1));
    CHECK("sigpending does not show SIGUSR2", !sigismember(&pend, SIGUSR2));
    CHECK_EQ("unblock returns 0", sigprocmask(SIG_UNBLOCK, &set, NULL), 0);
    CHECK_EQ("unblock delivers once (standard signals do not queue)", hits, 1);
    sigpending(&pend);
    CHECK("nothing pending afterwards", !sigismember(&pend, SIGUSR1));

    int rt = SIGRTMIN + 2;
    set_handler(rt, on_info, 0);
    sigemptyset(&set);
    sigaddset(&set, rt);
    sigprocmask(SIG_BLOCK, &set, NULL);
    hits = 0;
    for (int i = 0; i < 3; i++)
        kill(getpid(), rt);
    sigprocmask(SIG_UNBLOCK, &set, NULL);
    CHECK_EQ("real-time signals queue (3 kills, 3 deliveries)", hits, 3);

    sigfillset(&set);
    sigprocmask(SIG_SETMASK, &set, NULL);
    sigprocmask(SIG_SETMASK, NULL, &old);
    CHECK("SIGKILL and SIGSTOP cannot be blocked", !sigismember(&old, SIGKILL) && !sigismember(&old, SIGSTOP));
    CHECK("SIG_SETMASK with a full set blocks SIGUSR1", sigismember(&old, SIGUSR1));
    unblock_all();
    CHECK_ERR("sigprocmask bad how gives EINVAL", sigprocmask(99, &set, NULL), EINVAL);
    CHECK_ERR("rt_sigprocmask bad set pointer gives EFAULT", syscall(SYS_rt_sigprocmask, SIG_BLOCK, BAD_PTR, NULL, 8), EFAULT);
    CHECK_ERR("rt_sigprocmask wrong sigsetsize gives EINVAL", syscall(SYS_rt_sigprocmask, SIG_BLOCK, &set, NULL, 4), EINVAL);

    /* sigsuspend waits with a temporary mask. */
    sigemptyset(&set);
    sigaddset(&set, SIGUSR1);
    sigprocmask(SIG_BLOCK, &set, NULL);
    hits = 0;
    pid_t me = getpid();
    pid_t pid = fork();
    if (pid == 0) {
        sleep_ms(50);
        kill(me, SIGUSR1);
        _exit(0);
    }
    sigset_t empty;
    sigemptyset(&empty);
    int r = sigsuspend(&empty);
    int e = errno;
    CHECK("sigsuspend returns -1 EINTR", r == -1 && e == EINTR);
    CHECK_EQ("sigsuspend: handler ran", hits, 1);
    CHECK_EQ("sigsuspend: si_code SI_USER from another process", last_code, SI_USER);
    sigprocmask(SIG_BLOCK, NULL, &old);
    CHECK("sigsuspend restored the mask", sigismember(&old, SIGUSR1));
    reap(pid);
    unblock_all();

    /* A fork child starts with no pending signals but the same mask. */
    sigprocmask(SIG_BLOCK, &set, NULL);
    raise(SIGUSR1);
    pid = fork();
    if (pid == 0) {
        sigset_t p, m;
        sigpending(&p);
        sigprocmask(SIG_BLOCK, NULL, &m);
        _exit((sigismember(&p, SIGUSR1) ? 1 : 0) | (sigismember(&m, SIGUSR1) ? 0 : 2));
    }
    int st = reap(pid);
    int code = WIFEXITED(st) ? WEXITSTATUS(st) : -1;
    CHECK("fork child has no pending signals", code >= 0 && !(code & 1));
    CHECK("fork child inherits the mask", code >= 0 && !(code & 2));
    hits = 0;
    unblock_all();
    CHECK_EQ("parent's pending signal still delivered", hits, 1);
}

/* ---- interrupted system calls ---- */

static int interrupted_read(int restart, int *err)
{
    int p[2];
    pipe(p);
    set_plain(SIGUSR1, on_plain, restart ? SA_RESTART : 0);
    hits = 0;
    pid_t me = getpid();
    pid_t pid = fork();
    if (pid == 0) {
        close(p[0]);
        sleep_ms(100);
        kill(me, SIGUSR1);
        sleep_ms(100);
        write(p[1], "x", 1);
        _exit(0);
    }
    close(p[1]);
    char c;
    errno = 0;
    int r = read(p[0], &c, 1);
    *err = errno;
    reap(pid);
    close(p[0]);
    return r;
}

static void test_restart(void)
{
    int e;
    int r = interrupted_read(1, &e);
    CHECK_EQ("SA_RESTART: interrupted read is restarted and gets the data", r, 1);
    CHECK_EQ("SA_RESTART: handler ran", hits, 1);
    r = interrupted_read(0, &e);
    CHECK("without SA_RESTART: read fails with EINTR", r == -1 && e == EINTR);
    CHECK_EQ("without SA_RESTART: handler ran", hits, 1);

    /* nanosleep is never restarted: EINTR with the time left. */
    set_plain(SIGUSR1, on_plain, SA_RESTART);
    pid_t me = getpid();
    pid_t pid = fork();
    if (pid == 0) {
        sleep_ms(100);
        kill(me, SIGUSR1);
        _exit(0);
    }
    struct timespec req = { 5, 0 }, rem = { 0, 0 };
    double t0 = now_s();
    r = nanosleep(&req, &rem);
    e = errno;
    double dt = now_s() - t0;
    CHECK("nanosleep interrupted gives EINTR even with SA_RESTART", r == -1 && e == EINTR);
    CHECK("nanosleep returned early", dt < 4.0);
    CHECK("nanosleep remaining time is between 3 and 5 s", rem.tv_sec >= 3 && rem.tv_sec < 5);
    reap(pid);
}

/* ---- timers ---- */

static void test_timers(void)
{
    set_plain(SIGALRM, on_plain, 0);
    hits = 0;
    CHECK_EQ("alarm(1) with no previous alarm returns 0", alarm(1), 0);
    double t0 = now_s();
    int r = pause();
    int e = errno;
    double dt = now_s() - t0;
    CHECK("pause returns -1 EINTR", r == -1 && e == EINTR);
    CHECK_EQ("SIGALRM handler ran", hits, 1);
    CHECK("alarm(1) fired after about a second", dt >= 0.95 && dt < 3.0);
    alarm(10);
    unsigned left = alarm(0);
    CHECK("alarm returns the seconds left", left == 10 || left == 9);
    CHECK_EQ("alarm(0) after cancel returns 0", alarm(0), 0);

    struct itimerval it = { { 0, 50000 }, { 0, 50000 } }, got;
    hits = 0;
    t0 = now_s();
    CHECK_EQ("setitimer ITIMER_REAL 50 ms periodic", setitimer(ITIMER_REAL, &it, NULL), 0);
    while (hits < 4)
        pause();
    dt = now_s() - t0;
    CHECK_EQ("getitimer", getitimer(ITIMER_REAL, &got), 0);
    CHECK("getitimer interval is 50 ms", got.it_interval.tv_sec == 0 && got.it_interval.tv_usec == 50000);
    CHECK("getitimer value counts down within the interval", got.it_value.tv_sec == 0 && got.it_value.tv_usec <= 50000);
    memset(&it, 0, sizeof it);
    setitimer(ITIMER_REAL, &it, &got);
    CHECK("setitimer returns the old value", got.it_interval.tv_usec == 50000);
    CHECK("4 periodic SIGALRMs took at least 200 ms", dt >= 0.19);
    int before = hits;
    sleep_ms(150);
    CHECK("disarmed timer does not fire", hits == before);
    struct itimerval bad = { { 0, 0 }, { 0, 2000000 } };
    CHECK_ERR("setitimer bad usec gives EINVAL", setitimer(ITIMER_REAL, &bad, NULL), EINVAL);
    CHECK_ERR("setitimer bad which gives EINVAL", setitimer(99, &it, NULL), EINVAL);
    memset(&it, 0, sizeof it);
    setitimer(ITIMER_REAL, &it, NULL); /* in case a bad call was accepted */
    signal(SIGALRM, SIG_DFL);
}

/* ---- SIGCHLD and SIGPIPE ---- */

static volatile sig_atomic_t chld_pid_seen, chld_status;
static void on_chld(int sig, siginfo_t *si, void *uc)
{
    (void)sig;
    (void)uc;
    hits++;
    chld_pid_seen = si->si_pid;
    last_code = si->si_code;
    chld_status = si->si_status;
}

static void test_chld_pipe(void)
{
    set_handler(SIGCHLD, on_chld, 0);
    sigset_t set, empty;
    sigemptyset(&set);
    sigemptyset(&empty);
    sigaddset(&set, SIGCHLD);
    sigprocmask(SIG_BLOCK, &set, NULL);
    hits = 0;
    pid_t pid = fork();
    if (pid == 0)
        _exit(33);
    while (hits == 0)
        sigsuspend(&empty);
    CHECK_EQ("SIGCHLD delivered on child exit", hits, 1);
    CHECK("SIGCHLD si_pid is the child", chld_pid_seen == pid);
    CHECK_EQ("SIGCHLD si_code is CLD_EXITED", last_code, CLD_EXITED);
    CHECK_EQ("SIGCHLD si_status is the exit code", chld_status, 33);
    reap(pid);
    hits = 0;
    pid = fork();
    if (pid == 0) {
        for (;;)
            pause();
    }
    kill(pid, SIGTERM);
    while (hits == 0)
        sigsuspend(&empty);
    CHECK_EQ("SIGCHLD for a killed child: CLD_KILLED", last_code, CLD_KILLED);
    CHECK_EQ("SIGCHLD for a killed child: si_status is the signal", chld_status, SIGTERM);
    reap(pid);
    unblock_all();
    signal(SIGCHLD, SIG_DFL);

    /* SIGPIPE */
    int p[2];
    pipe(p);
    close(p[0]);
    pid = fork();
    if (pid == 0) {
        signal(SIGPIPE, SIG_DFL);
        write(p[1], "x", 1);
        _exit(0);
    }
    int st = reap(pid);
    CHECK_EQ("write to a pipe with no reader: killed by SIGPIPE", WIFSIGNALED(st) ? WTERMSIG(st) : -1, SIGPIPE);
    signal(SIGPIPE, SIG_IGN);
    CHECK_ERR("with SIGPIPE ignored: write gives EPIPE", write(p[1], "x", 1), EPIPE);
    set_handler(SIGPIPE, on_info, 0);
    hits = 0;
    CHECK_ERR("with a SIGPIPE handler: write gives EPIPE", write(p[1], "x", 1), EPIPE);
    CHECK_EQ("SIGPIPE handler ran", hits, 1);
    signal(SIGPIPE, SIG_DFL);
    close(p[1]);
}

/* ---- fork and exec inheritance ---- */

static void test_inherit(void)
{
    signal(SIGUSR1, SIG_IGN);
    pid_t pid = fork();
    if (pid == 0) {
        raise(SIGUSR1);
        _exit(0);
    }
    int st = reap(pid);
    CHECK_EQ("SIG_IGN is inherited across fork", WIFEXITED(st) ? WEXITSTATUS(st) : -1, 0);

    set_plain(SIGUSR1, on_plain, 0);
    pid = fork();
    if (pid == 0) {
        hits = 0;
        raise(SIGUSR1);
        _exit(hits == 1 ? 0 : 1);
    }
    st = reap(pid);
    CHECK_EQ("handlers are inherited across fork", WIFEXITED(st) ? WEXITSTATUS(st) : -1, 0);

    signal(SIGUSR2, SIG_IGN);
    pid = fork();
    if (pid == 0) {
        sigset_t set;
        sigemptyset(&set);
        sigaddset(&set, SIGINT);
        sigprocmask(SIG_BLOCK, &set, NULL);
        raise(SIGINT);
        static char altstack[65536];
        stack_t ss = { .ss_sp = altstack, .ss_size = sizeof altstack, .ss_flags = 0 };
        sigaltstack(&ss, NULL);
        char *args[] = { (char *)self, "--exec-signals", NULL };
        execv(self, args);
        _exit(100);
    }
    st = reap(pid);
    int code = WIFEXITED(st) ? WEXITSTATUS(st) : -1;
    CHECK("exec: re-executed", code >= 0 && code < 100);
    CHECK("exec resets a caught signal to SIG_DFL", code >= 0 && !(code & 1));
    CHECK("exec keeps SIG_IGN", code >= 0 && !(code & 2));
    CHECK("exec keeps the signal mask", code >= 0 && !(code & 4));
    CHECK("exec keeps pending signals", code >= 0 && !(code & 8));
    CHECK("exec disables the alternate stack", code >= 0 && !(code & 16));
    signal(SIGUSR1, SIG_DFL);
    signal(SIGUSR2, SIG_DFL);

    pid = fork();
    if (pid == 0) {
        raise(SIGKILL);
        _exit(0);
    }
    st = reap(pid);
    CHECK_EQ("raise(SIGKILL) in a child: WTERMSIG 9", WIFSIGNALED(st) ? WTERMSIG(st) : -1, 9);
    pid = fork();
    if (pid == 0) {
        signal(SIGTERM, SIG_IGN);
        sigset_t all;
        sigfillset(&all);
        sigprocmask(SIG_BLOCK, &all, NULL);
        kill(getpid(), SIGKILL);
        _exit(0);
    }
    st = reap(pid);
    CHECK_EQ("SIGKILL with everything blocked still kills", WIFSIGNALED(st) ? WTERMSIG(st) : -1, 9);

    /* kill(0, sig) reaches the whole process group. */
    pid = fork();
    if (pid == 0) {
        setpgid(0, 0);
        signal(SIGTERM, SIG_IGN);
        pid_t kids[3];
        for (int i = 0; i < 3; i++) {
            kids[i] = fork();
            if (kids[i] == 0) {
                signal(SIGTERM, SIG_DFL);
                for (;;)
                    pause();
            }
        }
        sleep_ms(50);
        kill(0, SIGTERM);
        int killed = 0;
        for (int i = 0; i < 3; i++) {
            int s = reap(kids[i]);
            if (s != -1 && WIFSIGNALED(s) && WTERMSIG(s) == SIGTERM)
                killed++;
        }
        _exit(killed);
    }
    st = reap(pid);
    CHECK_EQ("kill(0, SIGTERM) reaches all 3 group members", WIFEXITED(st) ? WEXITSTATUS(st) : -1, 3);
    pid = fork();
    if (pid == 0) {
        setpgid(0, 0);
        for (;;)
            pause();
    }
    sleep_ms(50);
    CHECK_EQ("kill(-pgid, SIGKILL)", kill(-pid, SIGKILL), 0);
    st = reap(pid);
    CHECK_EQ("kill(-pgid) killed the group leader", WIFSIGNALED(st) ? WTERMSIG(st) : -1, SIGKILL);

    /* Stop and continue. */
    pid = fork();
    if (pid == 0) {
        for (;;)
            pause();
    }
    kill(pid, SIGSTOP);
    int s2 = 0;
    CHECK_EQ("waitpid WUNTRACED sees the stop", wait_ms(pid, &s2, WUNTRACED, 3000), pid);
    CHECK("WIFSTOPPED with WSTOPSIG SIGSTOP", WIFSTOPPED(s2) && WSTOPSIG(s2) == SIGSTOP);
    kill(pid, SIGCONT);
    s2 = 0;
    CHECK_EQ("waitpid WCONTINUED sees the continue", wait_ms(pid, &s2, WCONTINUED, 3000), pid);
    CHECK("WIFCONTINUED", WIFCONTINUED(s2));
    kill(pid, SIGKILL);
    reap(pid);
}

/* ---- sigaltstack ---- */

static void on_alt(int sig)
{
    (void)sig;
    volatile char here;
    handler_stack = (uintptr_t)&here;
    stack_t cur;
    sigaltstack(NULL, &cur);
    handler_onstack = (cur.ss_flags & SS_ONSTACK) != 0;
}

static void on_overflow(int sig)
{
    (void)sig;
    _exit(42);
}

static int recurse(int n)
{
    volatile char pad[4096];
    pad[0] = (char)n;
    if (n == -1)
        return 0;
    return recurse(n + 1) + pad[0];
}

static void test_altstack(void)
{
    static char alt[64 * 1024];
    stack_t ss = { .ss_sp = alt, .ss_size = sizeof alt, .ss_flags = 0 }, old;
    CHECK_EQ("sigaltstack query", sigaltstack(NULL, &old), 0);
    CHECK("no alternate stack at first (SS_DISABLE)", old.ss_flags & SS_DISABLE);
    CHECK_EQ("sigaltstack set", sigaltstack(&ss, NULL), 0);
    set_plain(SIGUSR1, on_alt, SA_ONSTACK);
    handler_stack = 0;
    raise(SIGUSR1);
    CHECK("SA_ONSTACK handler runs on the alternate stack",
          handler_stack >= (uintptr_t)alt && handler_stack < (uintptr_t)alt + sizeof alt);
    CHECK("SS_ONSTACK reported inside the handler", handler_onstack);
    sigaltstack(NULL, &old);
    CHECK("SS_ONSTACK not reported outside", old.ss_flags == 0 && old.ss_sp == alt && old.ss_size == sizeof alt);
    set_plain(SIGUSR1, on_alt, 0);
    raise(SIGUSR1);
    CHECK("handler without SA_ONSTACK runs on the normal stack",
          !(handler_stack >= (uintptr_t)alt && handler_stack < (uintptr_t)alt + sizeof alt));
    stack_t small = { .ss_sp = alt, .ss_size = 512, .ss_flags = 0 };
    CHECK_ERR("sigaltstack too small gives ENOMEM", sigaltstack(&small, NULL), ENOMEM);
    stack_t badf = { .ss_sp = alt, .ss_size = sizeof alt, .ss_flags = 0x1234 };
    CHECK_ERR("sigaltstack bad flags gives EINVAL", sigaltstack(&badf, NULL), EINVAL);
    stack_t dis = { .ss_flags = SS_DISABLE };
    CHECK_EQ("sigaltstack disable", sigaltstack(&dis, NULL), 0);
    signal(SIGUSR1, SIG_DFL);

    /* Stack overflow is survivable only on an alternate stack. */
    pid_t pid = fork();
    if (pid == 0) {
        static char alt2[64 * 1024];
        stack_t s = { .ss_sp = alt2, .ss_size = sizeof alt2, .ss_flags = 0 };
        sigaltstack(&s, NULL);
        set_plain(SIGSEGV, on_overflow, SA_ONSTACK);
        recurse(0);
        _exit(1);
    }
    int st = reap(pid);
    CHECK_EQ("stack overflow caught by a SIGSEGV handler on the alternate stack", WIFEXITED(st) ? WEXITSTATUS(st) : -1, 42);
}

/* ---- sigtimedwait ---- */

static void test_sigwait(void)
{
    sigset_t set;
    sigemptyset(&set);
    sigaddset(&set, SIGUSR1);
    sigprocmask(SIG_BLOCK, &set, NULL);
    struct timespec to = { 0, 100000000 };
    siginfo_t si;
    double t0 = now_s();
    CHECK_ERR("sigtimedwait with nothing pending gives EAGAIN", sigtimedwait(&set, &si, &to), EAGAIN);
    double dt = now_s() - t0;
    CHECK("sigtimedwait waited about 100 ms", dt >= 0.095 && dt < 2.0);
    struct timespec zero = { 0, 0 };
    CHECK_ERR("sigtimedwait zero timeout gives EAGAIN", sigtimedwait(&set, &si, &zero), EAGAIN);
    kill(getpid(), SIGUSR1);
    memset(&si, 0, sizeof si);
    CHECK_EQ("sigtimedwait returns the pending signal", sigtimedwait(&set, &si, &to), SIGUSR1);
    CHECK("sigtimedwait fills siginfo", si.si_signo == SIGUSR1 && si.si_code == SI_USER && si.si_pid == getpid());
    sigset_t pend;
    sigpending(&pend);
    CHECK("sigtimedwait consumed the signal", !sigismember(&pend, SIGUSR1));
    pid_t me = getpid();
    pid_t pid = fork();
    if (pid == 0) {
        sleep_ms(50);
        kill(me, SIGUSR1);
        _exit(0);
    }
    struct timespec longer = { 5, 0 };
    CHECK_EQ("sigtimedwait wakes for a signal sent later", sigtimedwait(&set, &si, &longer), SIGUSR1);
    reap(pid);
    kill(getpid(), SIGUSR1);
    CHECK_EQ("sigwaitinfo", sigwaitinfo(&set, &si), SIGUSR1);
    struct timespec badto = { 0, 2000000000 };
    CHECK_ERR("sigtimedwait bad timeout gives EINVAL", sigtimedwait(&set, &si, &badto), EINVAL);
    unblock_all();
}

/* ---- FPU and SSE state survive handlers ---- */

static volatile double handler_sink;
static void on_fpu(int sig)
{
    (void)sig;
    double x = 1.0;
    for (int i = 0; i < 50; i++)
        x = x * 1.0000001 + 3.25;
    handler_sink = x;
    hits++;
}

__attribute__((noipa)) static double fpu_work(int n)
{
    double acc = 0.5;
    for (int i = 1; i <= n; i++)
        acc = acc * 0.999999 + (double)i / 7.0;
    return acc;
}

static void test_fpu(void)
{
    double want = fpu_work(20000);
    set_plain(SIGALRM, on_fpu, SA_RESTART);
    struct itimerval it = { { 0, 1000 }, { 0, 1000 } };
    hits = 0;
    setitimer(ITIMER_REAL, &it, NULL);
    int wrong = 0;
    for (int round = 0; round < 100000 && hits < 30; round++)
        if (fpu_work(20000) != want)
            wrong++;
    int interrupted = hits;
    memset(&it, 0, sizeof it);
    setitimer(ITIMER_REAL, &it, NULL);
    signal(SIGALRM, SIG_DFL);
    CHECK("timer signals arrived during the computation", interrupted > 0);
    CHECK_EQ("floating-point state survives signal handlers (wrong results)", wrong, 0);
}

int main(int argc, char **argv)
{
    self = argv[0];
    if (argc > 1 && strcmp(argv[1], "--exec-signals") == 0)
        return exec_signals();
    run_section("sigaction", test_sigaction, 60);
    run_section("mask", test_mask, 60);
    run_section("restart", test_restart, 60);
    run_section("timers", test_timers, 60);
    run_section("chld_pipe", test_chld_pipe, 60);
    run_section("inherit", test_inherit, 60);
    run_section("altstack", test_altstack, 60);
    run_section("sigwait", test_sigwait, 60);
    run_section("fpu", test_fpu, 60);
    return done();
}
