/*
 * io.c: pipes, FIFOs, poll, select, epoll, eventfd, large transfers between
 * processes, redirecting stdout with dup2.
 *
 * Usage: io [DIR]   (a scratch directory for the FIFO; default /tmp)
 */
#define _GNU_SOURCE
#include "check.h"

#include <fcntl.h>
#include <poll.h>
#include <stdint.h>
#include <stdlib.h>
#include <sys/epoll.h>
#include <sys/eventfd.h>
#include <sys/ioctl.h>
#include <sys/resource.h>
#include <sys/select.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static const char *scratch_dir;

static int64_t now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static void sleep_ms(long ms)
{
    struct timespec ts = { ms / 1000, (ms % 1000) * 1000000 };
    while (nanosleep(&ts, &ts) < 0 && errno == EINTR)
        ;
}

/* ---- pipes ---- */

static void test_pipes(void)
{
    int p[2];
    char buf[64];
    CHECK_EQ("pipe returns 0", pipe(p), 0);
    CHECK("pipe gives two distinct fds", p[0] >= 0 && p[1] >= 0 && p[0] != p[1]);
    CHECK_EQ("read end is O_RDONLY", fcntl(p[0], F_GETFL) & O_ACCMODE, O_RDONLY);
    CHECK_EQ("write end is O_WRONLY", fcntl(p[1], F_GETFL) & O_ACCMODE, O_WRONLY);
    struct stat st;
    CHECK("fstat on a pipe: S_ISFIFO", fstat(p[0], &st) == 0 && S_ISFIFO(st.st_mode));
    CHECK_EQ("write 5 bytes", write(p[1], "hello", 5), 5);
    int avail = -1;
    CHECK_EQ("ioctl FIONREAD on a pipe", ioctl(p[0], FIONREAD, &avail), 0);
    CHECK_EQ("FIONREAD says 5 bytes", avail, 5);
    CHECK_EQ("read 3 of them", read(p[0], buf, 3), 3);
    CHECK_EQ("read returns what is there (2), not what was asked", read(p[0], buf, sizeof buf), 2);
    CHECK("pipe data in order", memcmp(buf, "lo", 2) == 0);
    CHECK_ERR("write to the read end gives EBADF", write(p[0], "x", 1), EBADF);
    CHECK_ERR("read from the write end gives EBADF", read(p[1], buf, 1), EBADF);
    CHECK_ERR("read into a bad pointer gives EFAULT", (write(p[1], "abc", 3), read(p[0], BAD_PTR, 3)), EFAULT);
    fcntl(p[0], F_SETFL, O_NONBLOCK);
    CHECK_EQ("a failed read leaves the data in the pipe", read(p[0], buf, sizeof buf), 3);
    fcntl(p[0], F_SETFL, 0);
    write(p[1], "end", 3);
    close(p[1]);
    CHECK_EQ("data written before close is still read", read(p[0], buf, sizeof buf), 3);
    CHECK_EQ("then EOF (0) once all writers closed", read(p[0], buf, sizeof buf), 0);
    close(p[0]);
    CHECK_ERR("pipe into a bad pointer gives EFAULT", syscall(SYS_pipe, BAD_PTR), EFAULT);
    CHECK_ERR("pipe2 bad flags gives EINVAL", syscall(SYS_pipe2, p, 0x1234), EINVAL);

    CHECK_EQ("pipe2 O_NONBLOCK", pipe2(p, O_NONBLOCK), 0);
    CHECK("O_NONBLOCK shows in F_GETFL", (fcntl(p[0], F_GETFL) & O_NONBLOCK) && (fcntl(p[1], F_GETFL) & O_NONBLOCK));
    CHECK_EQ("pipe2 without O_CLOEXEC: FD_CLOEXEC clear", fcntl(p[0], F_GETFD), 0);
    CHECK_ERR("empty non-blocking pipe read gives EAGAIN", read(p[0], buf, 1), EAGAIN);
    static char big[1 << 20];
    memset(big, 'b', sizeof big);
    ssize_t first = write(p[1], big, sizeof big);
    CHECK("non-blocking write of 1 MiB into an empty pipe writes part of it", first >= 4096 && first < (ssize_t)sizeof big);
    long total = first > 0 ? first : 0;
    ssize_t n;
    while ((n = write(p[1], big, 512)) > 0)
        total += n;
    CHECK("full non-blocking pipe write gives EAGAIN", n == -1 && errno == EAGAIN);
    CHECK("pipe capacity is at least 4 KiB", total >= 4096);
    long drained = 0;
    while ((n = read(p[0], big, sizeof big)) > 0)
        drained += n;
    CHECK_EQ("everything written is read back", drained, total);
    close(p[0]);
    close(p[1]);

    CHECK_EQ("pipe2 O_CLOEXEC", pipe2(p, O_CLOEXEC), 0);
    CHECK("O_CLOEXEC sets FD_CLOEXEC on both ends", fcntl(p[0], F_GETFD) == FD_CLOEXEC && fcntl(p[1], F_GETFD) == FD_CLOEXEC);
    CHECK("O_CLOEXEC does not set O_NONBLOCK", !(fcntl(p[0], F_GETFL) & O_NONBLOCK));
    fcntl(p[0], F_SETFL, O_NONBLOCK);
    CHECK_ERR("F_SETFL O_NONBLOCK makes an empty read give EAGAIN", read(p[0], buf, 1), EAGAIN);
    close(p[0]);
    close(p[1]);

    /* A blocked reader wakes when a writer from another process writes. */
    pipe(p);
    pid_t pid = fork();
    if (pid == 0) {
        close(p[0]);
        sleep_ms(100);
        write(p[1], "late", 4);
        _exit(0);
    }
    close(p[1]);
    int64_t t0 = now_ms();
    CHECK_EQ("blocking read waits for a later write", read(p[0], buf, sizeof buf), 4);
    CHECK("blocking read actually waited", now_ms() - t0 >= 90);
    CHECK_EQ("EOF after the writer process exits", read(p[0], buf, sizeof buf), 0);
    reap(pid);
    close(p[0]);

    /* A FIFO in the file system. */
    char path[512];
    snprintf(path, sizeof path, "%s/io-fifo", scratch_dir);
    unlink(path);
    CHECK_EQ("mkfifo", mkfifo(path, 0644), 0);
    CHECK("stat a FIFO: S_ISFIFO", stat(path, &st) == 0 && S_ISFIFO(st.st_mode));
    CHECK_ERR("mkfifo over an existing name gives EEXIST", mkfifo(path, 0644), EEXIST);
    pid = fork();
    if (pid == 0) {
        int w = open(path, O_WRONLY);
        write(w, "via fifo", 8);
        _exit(w >= 0 ? 0 : 1);
    }
    int r = open(path, O_RDONLY);
    memset(buf, 0, sizeof buf);
    long got = 0;
    while (r >= 0 && (n = read(r, buf + got, sizeof buf - got)) > 0)
        got += n;
    CHECK("data through a FIFO between two processes", got == 8 && memcmp(buf, "via fifo", 8) == 0);
    close(r);
    reap(pid);
    int nb = open(path, O_RDONLY | O_NONBLOCK);
    CHECK("open FIFO O_RDONLY|O_NONBLOCK without writers succeeds", nb >= 0);
    int nw = open(path, O_WRONLY | O_NONBLOCK);
    CHECK("open FIFO O_WRONLY|O_NONBLOCK with a reader succeeds", nw >= 0);
    close(nw);
    close(nb);
    CHECK_ERR("open FIFO O_WRONLY|O_NONBLOCK without readers gives ENXIO", open(path, O_WRONLY | O_NONBLOCK), ENXIO);
    unlink(path);
}

/* ---- poll and select ---- */

static void test_poll_select(void)
{
    int p[2];
    char buf[16];
    pipe(p);
    struct pollfd pf[2] = { { p[0], POLLIN, 0 }, { p[1], POLLOUT, 0 } };
    CHECK_EQ("poll: only the write end is ready", poll(pf, 2, 0), 1);
    CHECK("poll: read end has no events", pf[0].revents == 0);
    CHECK("poll: write end POLLOUT", pf[1].revents == POLLOUT);
    write(p[1], "x", 1);
    CHECK_EQ("poll after a write: both ready", poll(pf, 2, 0), 2);
    CHECK("poll: read end POLLIN", pf[0].revents == POLLIN);
    read(p[0], buf, 1);
    int64_t t0 = now_ms();
    CHECK_EQ("poll with 100 ms timeout on an empty pipe returns 0", poll(pf, 1, 100), 0);
    CHECK("poll waited at least 100 ms", now_ms() - t0 >= 100);
    pid_t pid = fork();
    if (pid == 0) {
        sleep_ms(100);
        write(p[1], "y", 1);
        _exit(0);
    }
    t0 = now_ms();
    CHECK_EQ("poll wakes when another process writes", poll(pf, 1, 5000), 1);
    CHECK("poll woke before its timeout", now_ms() - t0 < 4000);
    reap(pid);
    read(p[0], buf, 1);
    close(p[1]);
    CHECK_EQ("poll after the writer closed", poll(pf, 1, 0), 1);
    CHECK("poll: POLLHUP after the writer closed", pf[0].revents & POLLHUP);
    CHECK("poll: no POLLIN with no data left", !(pf[0].revents & POLLIN));
    close(p[0]);

    pipe(p);
    close(p[0]);
    struct pollfd w = { p[1], POLLOUT, 0 };
    CHECK_EQ("poll on a write end with no reader", poll(&w, 1, 0), 1);
    CHECK("poll: POLLERR when no reader is left", w.revents & POLLERR);
    close(p[1]);

    struct pollfd bad[2] = { { 999, POLLIN, 0 }, { -1, POLLIN, 77 } };
    CHECK_EQ("poll on a closed fd counts it", poll(bad, 2, 0), 1);
    CHECK("poll: POLLNVAL for a closed fd", bad[0].revents == POLLNVAL);
    CHECK("poll: negative fd ignored, revents cleared", bad[1].revents == 0);
    CHECK_ERR("poll bad pointer gives EFAULT", poll(BAD_PTR, 1, 0), EFAULT);
    struct rlimit rl;
    getrlimit(RLIMIT_NOFILE, &rl);
    CHECK_ERR("poll with nfds over RLIMIT_NOFILE gives EINVAL", poll(bad, rl.rlim_cur + 1, 0), EINVAL);
    CHECK_EQ("poll with no fds sleeps and returns 0", poll(NULL, 0, 20), 0);

    pipe(p);
    fd_set rs, ws;
    FD_ZERO(&rs);
    FD_SET(p[0], &rs);
    struct timeval tv = { 0, 100000 };
    t0 = now_ms();
    /* The raw system call: musl passes a copy of the timeout to the kernel. */
    CHECK_EQ("select with 100 ms timeout on an empty pipe returns 0", syscall(SYS_select, p[0] + 1, &rs, NULL, NULL, &tv), 0);
    CHECK("select waited at least 100 ms", now_ms() - t0 >= 100);
    CHECK("select cleared the fd from the set", !FD_ISSET(p[0], &rs));
    CHECK("select updated the timeout to what is left (0)", tv.tv_sec == 0 && tv.tv_usec == 0);
    write(p[1], "z", 1);
    FD_ZERO(&rs);
    FD_SET(p[0], &rs);
    FD_ZERO(&ws);
    FD_SET(p[1], &ws);
    tv.tv_sec = 1;
    tv.tv_usec = 0;
    int maxfd = p[0] > p[1] ? p[0] : p[1];
    CHECK_EQ("select: readable and writable", select(maxfd + 1, &rs, &ws, NULL, &tv), 2);
    CHECK("select: read end set", FD_ISSET(p[0], &rs));
    CHECK("select: write end set", FD_ISSET(p[1], &ws));
    FD_ZERO(&rs);
    FD_SET(p[0], &rs);
    CHECK_EQ("select with NULL timeout returns for a ready fd", select(p[0] + 1, &rs, NULL, NULL, NULL), 1);
    int closed = dup(0);
    close(closed);
    FD_ZERO(&rs);
    FD_SET(closed, &rs);
    tv.tv_sec = 0;
    CHECK_ERR("select on a closed fd gives EBADF", select(closed + 1, &rs, NULL, NULL, &tv), EBADF);
    CHECK_ERR("select negative nfds gives EINVAL", select(-1, NULL, NULL, NULL, &tv), EINVAL);
    tv.tv_usec = 0;
    FD_ZERO(&rs);
    FD_SET(p[0], &rs); /* ready, so a kernel that accepts the timeout does not block */
    tv.tv_sec = -1;
    CHECK_ERR("select negative timeout gives EINVAL", syscall(SYS_select, p[0] + 1, &rs, NULL, NULL, &tv), EINVAL);
    close(p[0]);
    close(p[1]);
}

/* ---- epoll ---- */

static void test_epoll(void)
{
    int ep = epoll_create1(0);
    CHECK("epoll_create1(0)", ep >= 0);
    CHECK_ERR("epoll_create1 bad flags gives EINVAL", epoll_create1(0x1234), EINVAL);
    CHECK_ERR("epoll_create(0) gives EINVAL", syscall(SYS_epoll_create, 0), EINVAL);
    int epc = epoll_create1(EPOLL_CLOEXEC);
    CHECK_EQ("EPOLL_CLOEXEC sets FD_CLOEXEC", fcntl(epc, F_GETFD), FD_CLOEXEC);
    close(epc);

    int p[2], q[2];
    pipe(p);
    pipe(q);
    struct epoll_event ev = { .events = EPOLLIN, .data.u64 = 0x1122334455667788ULL }, out[8];
    CHECK_EQ("EPOLL_CTL_ADD", epoll_ctl(ep, EPOLL_CTL_ADD, p[0], &ev), 0);
    CHECK_ERR("EPOLL_CTL_ADD twice gives EEXIST", epoll_ctl(ep, EPOLL_CTL_ADD, p[0], &ev), EEXIST);
    CHECK_ERR("EPOLL_CTL_MOD of an fd not added gives ENOENT", epoll_ctl(ep, EPOLL_CTL_MOD, q[0], &ev), ENOENT);
    CHECK_ERR("EPOLL_CTL_DEL of an fd not added gives ENOENT", epoll_ctl(ep, EPOLL_CTL_DEL, q[0], &ev), ENOENT);
    CHECK_ERR("epoll_ctl on a closed fd gives EBADF", epoll_ctl(ep, EPOLL_CTL_ADD, 950, &ev), EBADF);
    CHECK_ERR("epoll_ctl with a non-epoll epfd gives EINVAL", epoll_ctl(p[1], EPOLL_CTL_ADD, q[0], &ev), EINVAL);
    CHECK_ERR("epoll_ctl adding epfd to itself gives EINVAL", epoll_ctl(ep, EPOLL_CTL_ADD, ep, &ev), EINVAL);
    CHECK_ERR("epoll_ctl bad op gives EINVAL", epoll_ctl(ep, 99, q[0], &ev), EINVAL);
    CHECK_ERR("epoll_ctl bad event pointer gives EFAULT", epoll_ctl(ep, EPOLL_CTL_ADD, q[0], BAD_PTR), EFAULT);
    char path[512];
    snprintf(path, sizeof path, "%s/io-regular", scratch_dir);
    int reg = open(path, O_CREAT | O_RDWR, 0644);
    CHECK_ERR("epoll_ctl on a regular file gives EPERM", epoll_ctl(ep, EPOLL_CTL_ADD, reg, &ev), EPERM);
    epoll_ctl(ep, EPOLL_CTL_DEL, reg, NULL); /* in case it was accepted */
    close(reg);
    unlink(path);

    CHECK_EQ("epoll_wait with nothing ready returns 0", epoll_wait(ep, out, 8, 0), 0);
    int64_t t0 = now_ms();
    CHECK_EQ("epoll_wait 100 ms timeout returns 0", epoll_wait(ep, out, 8, 100), 0);
    CHECK("epoll_wait waited at least 100 ms", now_ms() - t0 >= 100);
    write(p[1], "ab", 2);
    memset(out, 0, sizeof out);
    CHECK_EQ("epoll_wait after a write returns 1", epoll_wait(ep, out, 8, 0), 1);
    CHECK("epoll event is EPOLLIN", out[0].events == EPOLLIN);
    CHECK("epoll event carries the user data", out[0].data.u64 == 0x1122334455667788ULL);
    CHECK_EQ("level-triggered: still ready without reading", epoll_wait(ep, out, 8, 0), 1);
    CHECK_ERR("epoll_wait maxevents 0 gives EINVAL", epoll_wait(ep, out, 0, 0), EINVAL);
    CHECK_ERR("epoll_wait on a non-epoll fd gives EINVAL", epoll_wait(p[0], out, 8, 0), EINVAL);
    CHECK_ERR("epoll_wait bad events pointer gives EFAULT", epoll_wait(ep, BAD_PTR, 8, 0), EFAULT);

    ev.events = EPOLLIN;
    ev.data.u32 = 2;
    epoll_ctl(ep, EPOLL_CTL_ADD, q[0], &ev);
    write(q[1], "c", 1);
    memset(out, 0, sizeof out);
    CHECK_EQ("two ready fds give two events", epoll_wait(ep, out, 8, 0), 2);
    CHECK_EQ("maxevents 1 returns one event", epoll_wait(ep, out, 1, 0), 1);

    ev.events = EPOLLOUT;
    ev.data.u32 = 1;
    CHECK_EQ("EPOLL_CTL_MOD to EPOLLOUT", epoll_ctl(ep, EPOLL_CTL_MOD, p[0], &ev), 0);
    memset(out, 0, sizeof out);
    CHECK_EQ("after MOD the read end reports nothing (only q is ready)", epoll_wait(ep, out, 8, 0), 1);
    CHECK_EQ("the one event is q's", out[0].data.u32, 2);
    CHECK_EQ("EPOLL_CTL_DEL", epoll_ctl(ep, EPOLL_CTL_DEL, q[0], NULL), 0);
    CHECK_EQ("after DEL nothing is ready", epoll_wait(ep, out, 8, 0), 0);
    epoll_ctl(ep, EPOLL_CTL_DEL, p[0], NULL);
    char buf[8];
    read(p[0], buf, sizeof buf);
    read(q[0], buf, sizeof buf);

    /* Edge-triggered and one-shot. */
    ev.events = EPOLLIN | EPOLLET;
    ev.data.u32 = 5;
    epoll_ctl(ep, EPOLL_CTL_ADD, p[0], &ev);
    write(p[1], "1", 1);
    CHECK_EQ("EPOLLET: first wait reports the edge", epoll_wait(ep, out, 8, 0), 1);
    CHECK_EQ("EPOLLET: no new data, no event", epoll_wait(ep, out, 8, 0), 0);
    write(p[1], "2", 1);
    CHECK_EQ("EPOLLET: new data is a new edge", epoll_wait(ep, out, 8, 0), 1);
    epoll_ctl(ep, EPOLL_CTL_DEL, p[0], NULL);
    read(p[0], buf, sizeof buf);
    ev.events = EPOLLIN | EPOLLONESHOT;
    epoll_ctl(ep, EPOLL_CTL_ADD, p[0], &ev);
    write(p[1], "3", 1);
    CHECK_EQ("EPOLLONESHOT: first event", epoll_wait(ep, out, 8, 0), 1);
    CHECK_EQ("EPOLLONESHOT: then disabled", epoll_wait(ep, out, 8, 0), 0);
    ev.events = EPOLLIN | EPOLLONESHOT;
    epoll_ctl(ep, EPOLL_CTL_MOD, p[0], &ev);
    CHECK_EQ("EPOLLONESHOT: re-armed by MOD", epoll_wait(ep, out, 8, 0), 1);
    epoll_ctl(ep, EPOLL_CTL_DEL, p[0], NULL);
    read(p[0], buf, sizeof buf);

    /* Blocking wait woken by another process; hang-up. */
    ev.events = EPOLLIN;
    epoll_ctl(ep, EPOLL_CTL_ADD, p[0], &ev);
    pid_t pid = fork();
    if (pid == 0) {
        sleep_ms(100);
        write(p[1], "w", 1);
        _exit(0);
    }
    t0 = now_ms();
    CHECK_EQ("epoll_wait wakes for a write from another process", epoll_wait(ep, out, 8, 5000), 1);
    CHECK("epoll_wait woke early", now_ms() - t0 < 4000);
    reap(pid);
    read(p[0], buf, sizeof buf);
    close(p[1]);
    memset(out, 0, sizeof out);
    CHECK_EQ("epoll_wait after the writer closed", epoll_wait(ep, out, 8, 0), 1);
    CHECK("EPOLLHUP reported (without asking)", out[0].events & EPOLLHUP);
    close(p[0]);
    CHECK_EQ("closing the fd removes it from the epoll set", epoll_wait(ep, out, 8, 0), 0);
    close(q[0]);
    close(q[1]);
    close(ep);
}

/* ---- eventfd ---- */

static void test_eventfd(void)
{
    uint64_t v = 0;
    int e = eventfd(5, 0);
    CHECK("eventfd(5, 0)", e >= 0);
    CHECK_EQ("eventfd read gives the counter", read(e, &v, 8), 8);
    CHECK_EQ("counter value 5", v, 5);
    v = 3;
    write(e, &v, 8);
    v = 4;
    CHECK_EQ("eventfd write 8 bytes", write(e, &v, 8), 8);
    CHECK_EQ("eventfd read after writes", read(e, &v, 8), 8);
    CHECK_EQ("writes add up (3 + 4)", v, 7);
    CHECK_ERR("eventfd read with a 4-byte buffer gives EINVAL", read(e, &v, 4), EINVAL);
    v = UINT64_MAX;
    CHECK_ERR("eventfd write of 2^64-1 gives EINVAL", write(e, &v, 8), EINVAL);
    CHECK_ERR("eventfd write of 4 bytes gives EINVAL", write(e, &v, 4), EINVAL);
    struct pollfd pf = { e, POLLIN | POLLOUT, 0 };
    CHECK_EQ("poll on a zero eventfd: writable only", poll(&pf, 1, 0), 1);
    CHECK("zero eventfd: POLLOUT, no POLLIN", pf.revents == POLLOUT);
    pid_t pid = fork();
    if (pid == 0) {
        sleep_ms(100);
        uint64_t one = 1;
        write(e, &one, 8);
        _exit(0);
    }
    CHECK_EQ("blocking eventfd read wakes for a write from a child", read(e, &v, 8), 8);
    CHECK_EQ("value from the child", v, 1);
    reap(pid);
    close(e);

    e = eventfd(0, EFD_NONBLOCK);
    CHECK_ERR("non-blocking read at zero gives EAGAIN", read(e, &v, 8), EAGAIN);
    v = UINT64_MAX - 1;
    write(e, &v, 8);
    v = 1;
    CHECK_ERR("non-blocking write that would overflow gives EAGAIN", write(e, &v, 8), EAGAIN);
    close(e);

    e = eventfd(3, EFD_SEMAPHORE | EFD_NONBLOCK);
    int ones = 0;
    for (int i = 0; i < 3; i++)
        if (read(e, &v, 8) == 8 && v == 1)
            ones++;
    CHECK_EQ("EFD_SEMAPHORE: three reads of 1", ones, 3);
    CHECK_ERR("EFD_SEMAPHORE: then EAGAIN", read(e, &v, 8), EAGAIN);
    close(e);
    e = eventfd(0, EFD_CLOEXEC);
    CHECK_EQ("EFD_CLOEXEC sets FD_CLOEXEC", fcntl(e, F_GETFD), FD_CLOEXEC);
    int ep = epoll_create1(0);
    struct epoll_event ev = { .events = EPOLLIN, .data.u32 = 9 }, out;
    epoll_ctl(ep, EPOLL_CTL_ADD, e, &ev);
    CHECK_EQ("eventfd in epoll: not ready at zero", epoll_wait(ep, &out, 1, 0), 0);
    v = 2;
    write(e, &v, 8);
    CHECK_EQ("eventfd in epoll: ready after a write", epoll_wait(ep, &out, 1, 0), 1);
    close(ep);
    close(e);
    CHECK_ERR("eventfd bad flags gives EINVAL", syscall(SYS_eventfd2, 0, 0x1234), EINVAL);
}

/* ---- large transfers and redirection ---- */

static uint32_t checksum(const unsigned char *b, size_t n, uint32_t h)
{
    for (size_t i = 0; i < n; i++)
        h = (h ^ b[i]) * 16777619u;
    return h;
}

static unsigned char pattern(size_t i) { return (unsigned char)(i * 131 + (i >> 9)); }

static void test_transfer(void)
{
    enum { SIZE = 1 << 20 };
    static unsigned char src[SIZE], dst[SIZE];
    for (size_t i = 0; i < SIZE; i++)
        src[i] = pattern(i);
    uint32_t want = checksum(src, SIZE, 2166136261u);

    int down[2], up[2];
    pipe(down);
    pipe(up);
    pid_t pid = fork();
    if (pid == 0) {
        close(down[1]);
        close(up[0]);
        /* Receive 1 MiB, answer with its checksum, then send 1 MiB back. */
        uint32_t h = 2166136261u;
        size_t got = 0;
        ssize_t n;
        while ((n = read(down[0], dst, 7919)) > 0) {
            h = checksum(dst, n, h);
            got += n;
        }
        write(up[1], &h, sizeof h);
        uint64_t g = got;
        write(up[1], &g, sizeof g);
        size_t off = 0;
        while (off < SIZE) {
            size_t len = SIZE - off < 10007 ? SIZE - off : 10007;
            n = write(up[1], src + off, len);
            if (n <= 0)
                _exit(2);
            off += n;
        }
        _exit(0);
    }
    close(down[0]);
    close(up[1]);
    size_t off = 0;
    int wrote_all = 1;
    while (off < SIZE) {
        size_t len = SIZE - off < 65536 ? SIZE - off : 65536;
        ssize_t n = write(down[1], src + off, len);
        if (n <= 0) {
            wrote_all = 0;
            break;
        }
        off += n;
    }
    close(down[1]);
    CHECK("parent wrote 1 MiB into the pipe", wrote_all);
    uint32_t h = 0;
    uint64_t g = 0;
    read(up[0], &h, sizeof h);
    read(up[0], &g, sizeof g);
    CHECK_EQ("child received 1 MiB", g, SIZE);
    CHECK("child's checksum of 1 MiB matches", h == want);
    size_t got = 0;
    ssize_t n;
    while (got < SIZE && (n = read(up[0], dst + got, SIZE - got)) > 0)
        got += n;
    CHECK_EQ("parent received 1 MiB back", got, SIZE);
    CHECK("parent's checksum of the returned 1 MiB matches", checksum(dst, got, 2166136261u) == want);
    close(up[0]);
    int st = reap(pid);
    CHECK_EQ("child exited 0", WIFEXITED(st) ? WEXITSTATUS(st) : -1, 0);

    /* dup2 onto stdout and back. */
    fflush(stdout);
    int saved = dup(1);
    int p[2];
    pipe(p);
    int moved = dup2(p[1], 1);
    ssize_t w = write(1, "captured", 8);
    int back = dup2(saved, 1);
    close(saved);
    close(p[1]);
    char buf[16] = { 0 };
    ssize_t r = read(p[0], buf, sizeof buf);
    close(p[0]);
    CHECK_EQ("dup2 pipe onto stdout returns 1", moved, 1);
    CHECK_EQ("write to fd 1 while redirected", w, 8);
    CHECK("the write went into the pipe", r == 8 && memcmp(buf, "captured", 8) == 0);
    CHECK_EQ("dup2 restores stdout", back, 1);
    CHECK("stdout is usable again", write(1, "", 0) == 0);
}

int main(int argc, char **argv)
{
    scratch_dir = argc > 1 ? argv[1] : "/tmp";
    signal(SIGPIPE, SIG_IGN);
    run_section("pipes", test_pipes, 60);
    run_section("poll_select", test_poll_select, 60);
    run_section("epoll", test_epoll, 60);
    run_section("eventfd", test_eventfd, 60);
    run_section("transfer", test_transfer, 120);
    return done();
}
