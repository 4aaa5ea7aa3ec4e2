/*
 * lmbench.c: lmbench-style operating-system microbenchmarks, one static musl
 * program that runs unchanged on Phantom and on Linux, so the two can be
 * compared on the same machine (`cargo xtask bench posix`).
 *
 * Usage: lmbench [--quick] NAME...     run the named benchmarks, in order
 *        lmbench [--quick]             run them all
 *        lmbench --list                print the names
 *
 * Each benchmark prints one machine-readable line,
 *
 *     bench NAME VALUE UNIT            (UNIT is ns/op or MB/s)
 *
 * after a comment line (`# ...`) with the iteration count and every sample.
 * A benchmark that cannot run prints `bench-error NAME why` instead, and the
 * program exits 1 after the others have run.
 *
 * How a benchmark is timed: its body runs `n` operations and returns the
 * nanoseconds they took (CLOCK_MONOTONIC, around the operations only, setup
 * excluded). `n` is first grown until one run takes at least an eighth of
 * the target time, then scaled so that a run takes about the target time
 * (0.3 s, or 0.05 s with --quick). Then SAMPLES runs are made and the
 * fastest is reported, as lmbench does: on a shared host, noise only ever
 * makes a run slower. MB here is 10^6 bytes.
 *
 * Files live in /tmp, which is a tmpfs on both systems.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#define PAGE 4096
#define IO_SIZE 4096
#define PIPE_CHUNK (64 * 1024)
#define MAP_SIZE (1024 * 1024)
/* Pages mapped at a time by the page-fault benchmark (16 MiB). */
#define FAULT_BATCH 4096
#define SAMPLES_FULL 5
#define SAMPLES_QUICK 3
#define TARGET_FULL_NS 300000000.0
#define TARGET_QUICK_NS 50000000.0

static const char *const data_file = "/tmp/lmbench.dat";
static const char *const exec_target = "/bin/true";

/* Why the benchmark being run failed, if it did. */
static char failure[256];

/* Records why the current benchmark cannot go on; returns -1 for the body. */
static double fail(const char *what)
{
    if (!failure[0])
        snprintf(failure, sizeof failure, "%s: %s", what, strerror(errno));
    return -1;
}

static double fail_plain(const char *what)
{
    if (!failure[0])
        snprintf(failure, sizeof failure, "%s", what);
    return -1;
}

static uint64_t now_ns(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
}

/* Reads or writes exactly `len` bytes; 0 on success. */
static int full_read(int fd, char *buf, size_t len)
{
    while (len > 0) {
        ssize_t got = read(fd, buf, len);
        if (got < 0 && errno == EINTR)
            continue;
        if (got <= 0)
            return -1;
        buf += got;
        len -= (size_t)got;
    }
    return 0;
}

static int full_write(int fd, const char *buf, size_t len)
{
    while (len > 0) {
        ssize_t put = write(fd, buf, len);
        if (put < 0 && errno == EINTR)
            continue;
        if (put <= 0)
            return -1;
        buf += put;
        len -= (size_t)put;
    }
    return 0;
}

/* Waits for `pid`; 0 if it exited with status 0. */
static int reap(pid_t pid)
{
    int status;
    while (waitpid(pid, &status, 0) < 0) {
        if (errno != EINTR)
            return -1;
    }
    return WIFEXITED(status) && WEXITSTATUS(status) == 0 ? 0 : -1;
}

/* ---- the benchmarks: each runs n operations, returns ns or -1 ---- */

static double bench_null_syscall(long n)
{
    uint64_t start = now_ns();
    for (long i = 0; i < n; i++)
        syscall(SYS_getppid);
    return (double)(now_ns() - start);
}

static double bench_getpid(long n)
{
    uint64_t start = now_ns();
    for (long i = 0; i < n; i++)
        syscall(SYS_getpid);
    return (double)(now_ns() - start);
}

/* A 4 KiB file in /tmp for the file benchmarks. */
static int make_data_file(void)
{
    static char block[IO_SIZE];
    memset(block, 'x', sizeof block);
    int fd = open(data_file, O_RDWR | O_CREAT | O_TRUNC, 0644);
    if (fd < 0) {
        fail("create /tmp/lmbench.dat");
        return -1;
    }
    if (full_write(fd, block, sizeof block) != 0) {
        fail("write /tmp/lmbench.dat");
        close(fd);
        return -1;
    }
    return fd;
}

static double bench_open_close(long n)
{
    int fd = make_data_file();
    if (fd < 0)
        return -1;
    close(fd);
    uint64_t start = now_ns();
    for (long i = 0; i < n; i++) {
        fd = open(data_file, O_RDONLY);
        if (fd < 0)
            return fail("open");
        close(fd);
    }
    return (double)(now_ns() - start);
}

static double bench_stat(long n)
{
    int fd = make_data_file();
    if (fd < 0)
        return -1;
    close(fd);
    struct stat st;
    uint64_t start = now_ns();
    for (long i = 0; i < n; i++) {
        if (stat(data_file, &st) != 0)
            return fail("stat");
    }
    return (double)(now_ns() - start);
}

/* n pread or pwrite calls of 4 KiB at offset 0 of the data file. */
static double file_io_4k(long n, int writing)
{
    static char buf[IO_SIZE];
    memset(buf, 'y', sizeof buf);
    int fd = make_data_file();
    if (fd < 0)
        return -1;
    uint64_t start = now_ns();
    for (long i = 0; i < n; i++) {
        ssize_t done = writing ? pwrite(fd, buf, IO_SIZE, 0) : pread(fd, buf, IO_SIZE, 0);
        if (done != IO_SIZE) {
            close(fd);
            return fail(writing ? "pwrite 4 KiB" : "pread 4 KiB");
        }
    }
    uint64_t end = now_ns();
    close(fd);
    return (double)(end - start);
}

static double bench_read_4k(long n)
{
    return file_io_4k(n, 0);
}

static double bench_write_4k(long n)
{
    return file_io_4k(n, 1);
}

static double bench_fork_exit(long n)
{
    uint64_t start = now_ns();
    for (long i = 0; i < n; i++) {
        pid_t pid = fork();
        if (pid < 0)
            return fail("fork");
        if (pid == 0)
            _exit(0);
        if (reap(pid) != 0)
            return fail_plain("the child did not exit with status 0");
    }
    return (double)(now_ns() - start);
}

static double bench_fork_exec(long n)
{
    char *const argv[] = {(char *)"true", NULL};
    char *const envp[] = {NULL};
    uint64_t start = now_ns();
    for (long i = 0; i < n; i++) {
        pid_t pid = fork();
        if (pid < 0)
            return fail("fork");
        if (pid == 0) {
            execve(exec_target, argv, envp);
            _exit(127);
        }
        if (reap(pid) != 0)
            return fail_plain("/bin/true did not exit with status 0 (exec failed?)");
    }
    return (double)(now_ns() - start);
}

/* One byte there and back between two processes, through two pipes. */
static double bench_pipe_latency(long n)
{
    int there[2], back[2];
    if (pipe(there) != 0 || pipe(back) != 0)
        return fail("pipe");
    pid_t pid = fork();
    if (pid < 0)
        return fail("fork");
    if (pid == 0) {
        close(there[1]);
        close(back[0]);
        char byte;
        while (read(there[0], &byte, 1) == 1) {
            if (write(back[1], &byte, 1) != 1)
                _exit(1);
        }
        _exit(0);
    }
    close(there[0]);
    close(back[1]);
    char byte = 'p';
    double result = -1;
    /* One trip first, so the child is running before the clock starts. */
    if (write(there[1], &byte, 1) != 1 || read(back[0], &byte, 1) != 1) {
        fail("the first round trip");
        goto out;
    }
    uint64_t start = now_ns();
    for (long i = 0; i < n; i++) {
        if (write(there[1], &byte, 1) != 1 || read(back[0], &byte, 1) != 1) {
            fail("round trip");
            goto out;
        }
    }
    result = (double)(now_ns() - start);
out:
    close(there[1]);
    close(back[0]);
    if (reap(pid) != 0 && result >= 0)
        result = fail_plain("the echoing child failed");
    return result;
}

/* n chunks of 64 KiB from a child to the parent; the time is per chunk. */
static double bench_pipe_bandwidth(long n)
{
    static char buf[PIPE_CHUNK];
    int fds[2];
    if (pipe(fds) != 0)
        return fail("pipe");
    pid_t pid = fork();
    if (pid < 0)
        return fail("fork");
    if (pid == 0) {
        close(fds[0]);
        memset(buf, 'b', sizeof buf);
        for (long i = 0; i <= n; i++) {
            if (full_write(fds[1], buf, sizeof buf) != 0)
                _exit(1);
        }
        _exit(0);
    }
    close(fds[1]);
    double result = -1;
    /* The first chunk is not timed: the child has to start. */
    if (full_read(fds[0], buf, sizeof buf) != 0) {
        fail("read the first chunk");
        goto out;
    }
    uint64_t start = now_ns();
    for (long i = 0; i < n; i++) {
        if (full_read(fds[0], buf, sizeof buf) != 0) {
            fail("read");
            goto out;
        }
    }
    result = (double)(now_ns() - start);
out:
    close(fds[0]);
    if (reap(pid) != 0 && result >= 0)
        result = fail_plain("the writing child failed");
    return result;
}

/* Writes one byte to each of n fresh anonymous pages; only the touches
 * are timed, not mmap and munmap. */
static double bench_page_fault(long n)
{
    double total = 0;
    for (long done = 0; done < n;) {
        long pages = n - done < FAULT_BATCH ? n - done : FAULT_BATCH;
        size_t len = (size_t)pages * PAGE;
        char *map = mmap(NULL, len, PROT_READ | PROT_WRITE,
                         MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
        if (map == MAP_FAILED)
            return fail("mmap");
        /* One fault per page on Linux too, not one per 2 MiB. */
        madvise(map, len, MADV_NOHUGEPAGE);
        uint64_t start = now_ns();
        for (long i = 0; i < pages; i++)
            ((volatile char *)map)[(size_t)i * PAGE] = 1;
        total += (double)(now_ns() - start);
        if (munmap(map, len) != 0)
            return fail("munmap");
        done += pages;
    }
    return total;
}

/* mmap of 1 MiB of anonymous memory and munmap, without touching it. */
static double bench_mmap_munmap(long n)
{
    uint64_t start = now_ns();
    for (long i = 0; i < n; i++) {
        void *map = mmap(NULL, MAP_SIZE, PROT_READ | PROT_WRITE,
                         MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
        if (map == MAP_FAILED)
            return fail("mmap");
        if (munmap(map, MAP_SIZE) != 0)
            return fail("munmap");
    }
    return (double)(now_ns() - start);
}

static volatile sig_atomic_t caught;

static void on_signal(int sig)
{
    (void)sig;
    caught++;
}

/* kill(self, SIGUSR1) with a handler: delivery, the handler, sigreturn. */
static double bench_signal(long n)
{
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = on_signal;
    sigemptyset(&sa.sa_mask);
    if (sigaction(SIGUSR1, &sa, NULL) != 0)
        return fail("sigaction");
    pid_t self = getpid();
    caught = 0;
    uint64_t start = now_ns();
    for (long i = 0; i < n; i++) {
        if (kill(self, SIGUSR1) != 0)
            return fail("kill");
    }
    uint64_t end = now_ns();
    if (caught != n)
        return fail_plain("the handler did not run once per signal");
    return (double)(end - start);
}

/* ---- the table and the timing loop ---- */

enum unit { NS_PER_OP, MB_PER_S };

struct benchmark {
    const char *name;
    double (*run)(long n);
    enum unit unit;
    /* Bytes per operation, for MB/s. */
    double bytes;
};

static const struct benchmark benchmarks[] = {
    {"null_syscall", bench_null_syscall, NS_PER_OP, 0},
    {"getpid", bench_getpid, NS_PER_OP, 0},
    {"open_close", bench_open_close, NS_PER_OP, 0},
    {"stat", bench_stat, NS_PER_OP, 0},
    {"read_4k", bench_read_4k, NS_PER_OP, 0},
    {"write_4k", bench_write_4k, NS_PER_OP, 0},
    {"fork_exit", bench_fork_exit, NS_PER_OP, 0},
    {"fork_exec", bench_fork_exec, NS_PER_OP, 0},
    {"pipe_latency", bench_pipe_latency, NS_PER_OP, 0},
    {"pipe_bandwidth", bench_pipe_bandwidth, MB_PER_S, PIPE_CHUNK},
    {"page_fault", bench_page_fault, NS_PER_OP, 0},
    {"mmap_munmap", bench_mmap_munmap, NS_PER_OP, 0},
    {"signal", bench_signal, NS_PER_OP, 0},
};

#define COUNT (sizeof benchmarks / sizeof benchmarks[0])

/* Runs one benchmark and prints its lines; 0 on success. */
static int measure(const struct benchmark *b, int quick)
{
    double target = quick ? TARGET_QUICK_NS : TARGET_FULL_NS;
    int samples = quick ? SAMPLES_QUICK : SAMPLES_FULL;
    failure[0] = 0;

    /* Grow n until a run takes an eighth of the target, then scale it. */
    long n = 1;
    double ns;
    for (;;) {
        ns = b->run(n);
        if (ns < 0)
            goto failed;
        if (ns >= target / 8)
            break;
        n = ns < target / 1000 ? n * 10 : n * 2;
    }
    double scaled = (double)n * target / (ns > 0 ? ns : 1);
    n = scaled < 1 ? 1 : (long)scaled;

    double best = 0;
    char line[512];
    int used = snprintf(line, sizeof line, "# %s: %d x %ld ops, ns/op", b->name, samples, n);
    for (int i = 0; i < samples; i++) {
        ns = b->run(n);
        if (ns < 0)
            goto failed;
        double per_op = ns / (double)n;
        if (i == 0 || per_op < best)
            best = per_op;
        if (used > 0 && (size_t)used < sizeof line)
            used += snprintf(line + used, sizeof line - (size_t)used, " %.1f", per_op);
    }
    printf("%s\n", line);
    if (b->unit == MB_PER_S)
        printf("bench %s %.1f MB/s\n", b->name, b->bytes * 1000.0 / best);
    else
        printf("bench %s %.1f ns/op\n", b->name, best);
    fflush(stdout);
    unlink(data_file);
    return 0;

failed:
    printf("bench-error %s %s\n", b->name, failure[0] ? failure : "failed");
    fflush(stdout);
    unlink(data_file);
    return -1;
}

int main(int argc, char **argv)
{
    int quick = 0, named = 0, failed = 0;
    for (int i = 1; i < argc; i++) {
        if (strcmp(argv[i], "--quick") == 0) {
            quick = 1;
        } else if (strcmp(argv[i], "--list") == 0) {
            for (size_t j = 0; j < COUNT; j++)
                printf("%s\n", benchmarks[j].name);
            return 0;
        } else if (argv[i][0] == '-') {
            fprintf(stderr, "usage: lmbench [--quick] [NAME...] | --list\n");
            return 2;
        } else {
            named = 1;
        }
    }
    for (size_t j = 0; j < COUNT; j++) {
        int wanted = !named;
        for (int i = 1; i < argc && !wanted; i++)
            wanted = strcmp(argv[i], benchmarks[j].name) == 0;
        if (wanted && measure(&benchmarks[j], quick) != 0)
            failed = 1;
    }
    for (int i = 1; i < argc; i++) {
        if (argv[i][0] == '-')
            continue;
        size_t j = 0;
        while (j < COUNT && strcmp(argv[i], benchmarks[j].name) != 0)
            j++;
        if (j == COUNT) {
            printf("bench-error %s no such benchmark\n", argv[i]);
            failed = 1;
        }
    }
    return failed;
}
