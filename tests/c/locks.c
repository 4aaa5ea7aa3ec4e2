/*
 * locks.c: advisory file locks between processes. fcntl record locks
 * (F_SETLK, F_SETLKW, F_GETLK): conflicts and what F_GETLK reports, a
 * process's own locks split and merged, release on close of any descriptor
 * of the file and on exit, no inheritance by fork, waiting (woken by an
 * unlock, interrupted by a signal, restarted with SA_RESTART, deadlocks),
 * errors; open-file-description locks (F_OFD_*); flock.
 *
 * Usage: locks [DIR]   (a scratch directory; default /tmp)
 *
 * A second process, the prober, tries locks on request (on its own
 * descriptor of the file) and answers with fcntl's result: it shows what
 * another process sees of the locks the test process holds.
 */
#define _GNU_SOURCE
#include "check.h"

#include <fcntl.h>
#include <limits.h>
#include <stdlib.h>
#include <sys/file.h>
#include <sys/time.h>
#include <unistd.h>

static void sleep_ms(long ms)
{
    struct timespec ts = { ms / 1000, (ms % 1000) * 1000000 };
    while (nanosleep(&ts, &ts) < 0 && errno == EINTR)
        ;
}

/* fcntl(fd, cmd) on a struct flock made of the other arguments; the
 * struct (as fcntl left it) goes to *out if out is not NULL. */
static int lk_out(int fd, int cmd, short type, short whence, off_t start, off_t len, struct flock *out)
{
    struct flock fl;
    memset(&fl, 0, sizeof fl);
    fl.l_type = type;
    fl.l_whence = whence;
    fl.l_start = start;
    fl.l_len = len;
    int r = fcntl(fd, cmd, &fl);
    if (out)
        *out = fl;
    return r;
}

static int lk(int fd, int cmd, short type, off_t start, off_t len)
{
    return lk_out(fd, cmd, type, SEEK_SET, start, len, NULL);
}

/* Does fl describe exactly this lock (as F_GETLK reports one)? */
static int is_lock(const struct flock *fl, short type, off_t start, off_t len, pid_t pid)
{
    return fl->l_type == type && fl->l_whence == SEEK_SET && fl->l_start == start && fl->l_len == len &&
           fl->l_pid == pid;
}

/* Read one byte from fd (through EINTR); -1 at EOF or on error. */
static int get_byte(int fd)
{
    unsigned char c;
    ssize_t n;
    do
        n = read(fd, &c, 1);
    while (n < 0 && errno == EINTR);
    return n == 1 ? c : -1;
}

static void put_byte(int fd, int c)
{
    unsigned char b = (unsigned char)c;
    (void)!write(fd, &b, 1);
}

/* ---- the prober ---- */

struct probe_request {
    int cmd;
    struct flock fl;
};

struct probe_reply {
    long ret;
    int err;
    struct flock fl;
};

static int probe_out = -1, probe_in = -1;
static pid_t prober = -1;

/* Start a prober with its own read-write descriptor of path. */
static void probe_start(const char *path)
{
    int req[2], rep[2];
    if (pipe(req) != 0 || pipe(rep) != 0)
        return;
    prober = fork();
    if (prober == 0) {
        /* Only its own descriptors: an inherited one would keep the
         * tester's open files (and their OFD and flock locks) alive. */
        for (int i = 3; i < 256; i++)
            if (i != req[0] && i != rep[1])
                close(i);
        int fd = open(path, O_RDWR);
        struct probe_request rq;
        while (read(req[0], &rq, sizeof rq) == (ssize_t)sizeof rq) {
            struct probe_reply rp;
            memset(&rp, 0, sizeof rp);
            rp.fl = rq.fl;
            errno = 0;
            rp.ret = fcntl(fd, rq.cmd, &rp.fl);
            rp.err = rp.ret < 0 ? errno : 0;
            (void)!write(rep[1], &rp, sizeof rp);
        }
        _exit(0);
    }
    close(req[0]);
    close(rep[1]);
    probe_out = req[1];
    probe_in = rep[0];
}

/* fcntl in the prober; errno is the prober's. */
static long probe_out_fl(int cmd, short type, short whence, off_t start, off_t len, struct flock *out)
{
    struct probe_request rq;
    struct probe_reply rp;
    memset(&rq, 0, sizeof rq);
    rq.cmd = cmd;
    rq.fl.l_type = type;
    rq.fl.l_whence = whence;
    rq.fl.l_start = start;
    rq.fl.l_len = len;
    if (write(probe_out, &rq, sizeof rq) != (ssize_t)sizeof rq ||
        read(probe_in, &rp, sizeof rp) != (ssize_t)sizeof rp) {
        errno = EPIPE;
        return -2;
    }
    if (out)
        *out = rp.fl;
    errno = rp.err;
    return rp.ret;
}

static long probe(int cmd, short type, off_t start, off_t len)
{
    return probe_out_fl(cmd, type, SEEK_SET, start, len, NULL);
}

/* F_GETLK in the prober: what another process sees of start..+len. */
static struct flock probe_get(short type, off_t start, off_t len)
{
    struct flock fl;
    memset(&fl, 0, sizeof fl);
    if (probe_out_fl(F_GETLK, type, SEEK_SET, start, len, &fl) != 0)
        fl.l_type = -1;
    return fl;
}

/* Stop the prober; its locks go with it. */
static void probe_stop(void)
{
    close(probe_out);
    close(probe_in);
    reap(prober);
    prober = -1;
}

/* ---- errors ---- */

static void test_errors(void)
{
    int rw = open("errors", O_CREAT | O_RDWR | O_TRUNC, 0644);
    int ro = open("errors", O_RDONLY);
    int wo = open("errors", O_WRONLY);
    int path = open("errors", O_PATH);
    CHECK("open the file four ways", rw >= 0 && ro >= 0 && wo >= 0 && path >= 0);

    CHECK_ERR("F_RDLCK on a write-only fd gives EBADF", lk(wo, F_SETLK, F_RDLCK, 0, 0), EBADF);
    CHECK_ERR("F_WRLCK on a read-only fd gives EBADF", lk(ro, F_SETLK, F_WRLCK, 0, 0), EBADF);
    CHECK_ERR("F_SETLKW F_WRLCK on a read-only fd gives EBADF", lk(ro, F_SETLKW, F_WRLCK, 0, 0), EBADF);
    CHECK_EQ("F_RDLCK on a read-only fd", lk(ro, F_SETLK, F_RDLCK, 0, 10), 0);
    CHECK_EQ("F_WRLCK on a write-only fd", lk(wo, F_SETLK, F_WRLCK, 100, 10), 0);
    CHECK_EQ("F_UNLCK on a read-only fd", lk(ro, F_SETLK, F_UNLCK, 0, 0), 0);
    CHECK_EQ("F_SETLKW F_UNLCK returns at once", lk(rw, F_SETLKW, F_UNLCK, 0, 0), 0);

    struct flock fl;
    memset(&fl, 0, sizeof fl);
    fl.l_type = F_WRLCK;
    fl.l_whence = SEEK_CUR;
    fl.l_start = 3;
    fl.l_len = 7;
    fl.l_pid = 12345;
    lk(rw, F_SETLK, F_WRLCK, 0, 0);
    CHECK_EQ("F_GETLK of a write lock on a read-only fd", fcntl(ro, F_GETLK, &fl), 0);
    CHECK_EQ("F_GETLK: own locks never conflict (F_UNLCK)", fl.l_type, F_UNLCK);
    CHECK("F_GETLK leaves the other fields alone when nothing conflicts",
          fl.l_whence == SEEK_CUR && fl.l_start == 3 && fl.l_len == 7 && fl.l_pid == 12345);

    CHECK_ERR("an unknown l_type gives EINVAL", lk(rw, F_SETLK, 7, 0, 0), EINVAL);
    CHECK_ERR("F_GETLK of F_UNLCK gives EINVAL", lk(rw, F_GETLK, F_UNLCK, 0, 0), EINVAL);
    CHECK_ERR("F_GETLK of an unknown l_type gives EINVAL", lk(rw, F_GETLK, 9, 0, 0), EINVAL);
    CHECK_ERR("an unknown l_whence gives EINVAL", lk_out(rw, F_SETLK, F_WRLCK, 3, 0, 0, NULL), EINVAL);
    CHECK_ERR("a negative start gives EINVAL", lk(rw, F_SETLK, F_WRLCK, -1, 1), EINVAL);
    CHECK_ERR("a negative length reaching before 0 gives EINVAL", lk(rw, F_SETLK, F_WRLCK, 5, -6), EINVAL);
    CHECK_ERR("SEEK_CUR before the start of the file gives EINVAL",
              lk_out(rw, F_SETLK, F_WRLCK, SEEK_CUR, -1, 1, NULL), EINVAL);
    CHECK_ERR("a range past the largest offset gives EOVERFLOW", lk(rw, F_SETLK, F_WRLCK, LLONG_MAX, 2), EOVERFLOW);
    CHECK_EQ("a lock of the largest offset alone", lk(rw, F_SETLK, F_WRLCK, LLONG_MAX, 1), 0);
    CHECK_ERR("F_SETLK on a closed fd gives EBADF", lk(99, F_SETLK, F_RDLCK, 0, 0), EBADF);
    CHECK_ERR("F_GETLK on a closed fd gives EBADF", lk(99, F_GETLK, F_RDLCK, 0, 0), EBADF);
    CHECK_ERR("F_SETLK on an O_PATH fd gives EBADF", lk(path, F_SETLK, F_RDLCK, 0, 0), EBADF);
    CHECK_ERR("F_GETLK on an O_PATH fd gives EBADF", lk(path, F_GETLK, F_RDLCK, 0, 0), EBADF);
    CHECK_ERR("F_SETLK with a bad pointer gives EFAULT", fcntl(rw, F_SETLK, BAD_PTR), EFAULT);
    CHECK_ERR("F_GETLK with a bad pointer gives EFAULT", fcntl(rw, F_GETLK, BAD_PTR), EFAULT);

    memset(&fl, 0, sizeof fl);
    fl.l_type = F_RDLCK;
    fl.l_pid = 1;
    CHECK_ERR("F_OFD_SETLK with l_pid set gives EINVAL", fcntl(rw, F_OFD_SETLK, &fl), EINVAL);
    CHECK_ERR("F_OFD_GETLK with l_pid set gives EINVAL", fcntl(rw, F_OFD_GETLK, &fl), EINVAL);
    close(rw);
    close(ro);
    close(wo);
    close(path);
}

/* ---- conflicts between two processes, and what F_GETLK says ---- */

static void test_conflicts(void)
{
    int fd = open("conflicts", O_CREAT | O_RDWR | O_TRUNC, 0644);
    char block[100];
    memset(block, 'x', sizeof block);
    CHECK_EQ("make a 100-byte file", write(fd, block, sizeof block), 100);
    probe_start("conflicts");
    struct flock fl;

    CHECK_EQ("write-lock bytes 0..9", lk(fd, F_SETLK, F_WRLCK, 0, 10), 0);
    CHECK_EQ("read-lock bytes 20..29", lk(fd, F_SETLK, F_RDLCK, 20, 10), 0);
    CHECK_ERR("another process: write lock on a write-locked byte gives EAGAIN", probe(F_SETLK, F_WRLCK, 5, 1),
              EAGAIN);
    CHECK_ERR("another process: read lock on a write-locked byte gives EAGAIN", probe(F_SETLK, F_RDLCK, 9, 1),
              EAGAIN);
    CHECK_EQ("another process: read lock on a read-locked byte is granted", probe(F_SETLK, F_RDLCK, 25, 1), 0);
    CHECK_ERR("another process: write lock on a read-locked byte gives EAGAIN", probe(F_SETLK, F_WRLCK, 29, 1),
              EAGAIN);
    CHECK_ERR("another process: a range overlapping one locked byte gives EAGAIN", probe(F_SETLK, F_WRLCK, 9, 11),
              EAGAIN);
    CHECK_EQ("another process: write lock between the two locks", probe(F_SETLK, F_WRLCK, 10, 10), 0);
    CHECK_EQ("another process: write lock from 30 to the end of the file", probe(F_SETLK, F_WRLCK, 30, 0), 0);

    CHECK_ERR("the first process is refused the other's bytes", lk(fd, F_SETLK, F_WRLCK, 10, 1), EAGAIN);
    CHECK_ERR("... and the shared byte for writing", lk(fd, F_SETLK, F_WRLCK, 25, 1), EAGAIN);
    CHECK_ERR("... and bytes past the end of the file", lk(fd, F_SETLK, F_RDLCK, 5000, 1), EAGAIN);
    CHECK_EQ("... but may read-lock the shared byte again", lk(fd, F_SETLK, F_RDLCK, 25, 1), 0);

    CHECK_EQ("F_GETLK over everything", lk_out(fd, F_GETLK, F_WRLCK, SEEK_SET, 0, 0, &fl), 0);
    CHECK("F_GETLK reports the other's first lock: type, start, length, pid",
          is_lock(&fl, F_WRLCK, 10, 10, prober));
    fl = probe_get(F_RDLCK, 0, 0);
    CHECK("the other process sees our write lock 0..9 with our pid", is_lock(&fl, F_WRLCK, 0, 10, getpid()));
    fl = probe_get(F_WRLCK, 20, 1);
    CHECK("... and our read lock 20..29", is_lock(&fl, F_RDLCK, 20, 10, getpid()));
    fl = probe_get(F_RDLCK, 20, 1);
    CHECK_EQ("... which does not conflict with a read lock (F_UNLCK)", fl.l_type, F_UNLCK);
    fl = probe_get(F_WRLCK, 10, 10);
    CHECK_EQ("... and its own locks are not reported", fl.l_type, F_UNLCK);
    CHECK_EQ("F_GETLK from the end (SEEK_END -80, 5 bytes)",
              probe_out_fl(F_GETLK, F_WRLCK, SEEK_END, -80, 5, &fl), 0);
    CHECK("... reports the lock with SEEK_SET and its own range", is_lock(&fl, F_RDLCK, 20, 10, getpid()));
    CHECK_EQ("the position for SEEK_CUR", lseek(fd, 40, SEEK_SET), 40);
    CHECK_EQ("F_GETLK from the position (SEEK_CUR -35, 1 byte)",
              lk_out(fd, F_GETLK, F_RDLCK, SEEK_CUR, -35, 1, &fl), 0);
    CHECK_EQ("... finds nothing that conflicts with reading byte 5", fl.l_type, F_UNLCK);
    CHECK_EQ("F_GETLK from the position (SEEK_CUR -30, 1 byte)",
              lk_out(fd, F_GETLK, F_WRLCK, SEEK_CUR, -30, 1, &fl), 0);
    CHECK("... finds the other's lock on byte 10", is_lock(&fl, F_WRLCK, 10, 10, prober));

    /* A negative length covers the bytes before l_start; a lock to the end
     * of the file is reported with length 0. */
    CHECK_EQ("another process: read lock 50..59 as start 60, length -10",
             probe(F_SETLK, F_RDLCK, 60, -10), 0);
    CHECK_EQ("F_GETLK: read 55", lk_out(fd, F_GETLK, F_RDLCK, SEEK_SET, 55, 1, &fl), 0);
    CHECK_EQ("... does not conflict with its read lock", fl.l_type, F_UNLCK);
    CHECK_EQ("F_GETLK: write 55", lk_out(fd, F_GETLK, F_WRLCK, SEEK_SET, 55, 1, &fl), 0);
    CHECK("... reports the read lock as 50, length 10", is_lock(&fl, F_RDLCK, 50, 10, prober));
    CHECK_EQ("F_GETLK: read 1000", lk_out(fd, F_GETLK, F_RDLCK, SEEK_SET, 1000, 1, &fl), 0);
    CHECK("... reports the split write lock from 60 to the end (length 0)", is_lock(&fl, F_WRLCK, 60, 0, prober));

    probe_stop();
    CHECK_EQ("once the other process has ended, its bytes are free", lk(fd, F_SETLK, F_WRLCK, 0, 0), 0);
    close(fd);
}

/* ---- a process's own locks: replaced, split, merged ---- */

static void test_own_locks(void)
{
    int fd = open("own", O_CREAT | O_RDWR | O_TRUNC, 0644);
    probe_start("own");
    struct flock fl;

    CHECK_EQ("write-lock 0..99", lk(fd, F_SETLK, F_WRLCK, 0, 100), 0);
    CHECK_EQ("unlock 40..59", lk(fd, F_SETLK, F_UNLCK, 40, 20), 0);
    fl = probe_get(F_WRLCK, 0, 0);
    CHECK("the lock is split: 0..39 first", is_lock(&fl, F_WRLCK, 0, 40, getpid()));
    fl = probe_get(F_WRLCK, 40, 20);
    CHECK_EQ("... 40..59 free", fl.l_type, F_UNLCK);
    fl = probe_get(F_WRLCK, 50, 0);
    CHECK("... then 60..99", is_lock(&fl, F_WRLCK, 60, 40, getpid()));
    CHECK_EQ("another process locks in the hole", probe(F_SETLK, F_WRLCK, 45, 10), 0);
    CHECK_EQ("... and unlocks", probe(F_SETLK, F_UNLCK, 45, 10), 0);

    CHECK_EQ("read-lock the hole", lk(fd, F_SETLK, F_RDLCK, 40, 20), 0);
    fl = probe_get(F_WRLCK, 45, 1);
    CHECK("another process sees the read lock 40..59", is_lock(&fl, F_RDLCK, 40, 20, getpid()));
    CHECK_EQ("... and may share it", probe(F_SETLK, F_RDLCK, 45, 1), 0);
    CHECK_ERR("upgrading the shared part fails with EAGAIN", lk(fd, F_SETLK, F_WRLCK, 40, 20), EAGAIN);
    CHECK_EQ("... and the refusal changed nothing", probe_get(F_WRLCK, 45, 1).l_type, F_RDLCK);
    CHECK_EQ("the other process unlocks", probe(F_SETLK, F_UNLCK, 45, 1), 0);

    CHECK_EQ("write-lock 40..59 again", lk(fd, F_SETLK, F_WRLCK, 40, 20), 0);
    fl = probe_get(F_RDLCK, 50, 1);
    CHECK("the three parts merge into one lock 0..99", is_lock(&fl, F_WRLCK, 0, 100, getpid()));
    CHECK_EQ("write-lock 100..109", lk(fd, F_SETLK, F_WRLCK, 100, 10), 0);
    fl = probe_get(F_RDLCK, 50, 1);
    CHECK("an adjacent lock of the same type merges: 0..109", is_lock(&fl, F_WRLCK, 0, 110, getpid()));
    CHECK_EQ("read-lock 110..119", lk(fd, F_SETLK, F_RDLCK, 110, 10), 0);
    fl = probe_get(F_WRLCK, 115, 1);
    CHECK("an adjacent lock of another type stays apart", is_lock(&fl, F_RDLCK, 110, 10, getpid()));
    CHECK_EQ("downgrade 5..9 to a read lock", lk(fd, F_SETLK, F_RDLCK, 5, 5), 0);
    CHECK_EQ("another process may now read-lock 7", probe(F_SETLK, F_RDLCK, 7, 1), 0);
    CHECK_ERR("... but not 4", probe(F_SETLK, F_RDLCK, 4, 1), EAGAIN);
    CHECK_EQ("... and unlocks 7", probe(F_SETLK, F_UNLCK, 7, 1), 0);

    CHECK_EQ("read-lock from 0 to the end of the file", lk(fd, F_SETLK, F_RDLCK, 0, 0), 0);
    fl = probe_get(F_WRLCK, 200, 1);
    CHECK("it replaces all of them: one read lock, length 0", is_lock(&fl, F_RDLCK, 0, 0, getpid()));
    CHECK_EQ("unlock everything", lk(fd, F_SETLK, F_UNLCK, 0, 0), 0);
    CHECK_EQ("nothing is left", probe_get(F_WRLCK, 0, 0).l_type, F_UNLCK);
    probe_stop();
    close(fd);
}

/* ---- release when any descriptor of the file is closed ---- */

static void test_release_on_close(void)
{
    int fd = open("close", O_CREAT | O_RDWR | O_TRUNC, 0644);
    probe_start("close");
    struct flock fl;

    CHECK_EQ("lock 0..9", lk(fd, F_SETLK, F_WRLCK, 0, 10), 0);
    int other = open("close", O_RDONLY);
    CHECK_EQ("close another descriptor of the file", close(other), 0);
    CHECK_EQ("... releases the lock taken through the first", probe_get(F_WRLCK, 0, 0).l_type, F_UNLCK);

    CHECK_EQ("lock 0..9 again", lk(fd, F_SETLK, F_WRLCK, 0, 10), 0);
    int copy = dup(fd);
    CHECK_EQ("close a dup of the descriptor", close(copy), 0);
    CHECK_EQ("... releases it too", probe_get(F_WRLCK, 0, 0).l_type, F_UNLCK);

    CHECK_EQ("lock 0..9 again", lk(fd, F_SETLK, F_WRLCK, 0, 10), 0);
    int unrelated = open("close-unrelated", O_CREAT | O_RDWR, 0644);
    CHECK_EQ("lock another file", lk(unrelated, F_SETLK, F_WRLCK, 0, 0), 0);
    CHECK_EQ("close the other file", close(unrelated), 0);
    fl = probe_get(F_WRLCK, 0, 0);
    CHECK("... leaves the lock on this one", is_lock(&fl, F_WRLCK, 0, 10, getpid()));

    other = open("close", O_RDONLY);
    int null = open("/dev/null", O_RDONLY);
    CHECK_EQ("dup2 over another descriptor of the file", dup2(null, other), other);
    CHECK_EQ("... releases the lock", probe_get(F_WRLCK, 0, 0).l_type, F_UNLCK);
    close(other);
    close(null);

    CHECK_EQ("lock 0..9 again", lk(fd, F_SETLK, F_WRLCK, 0, 10), 0);
    CHECK_EQ("close the descriptor itself", close(fd), 0);
    CHECK_EQ("... releases it", probe_get(F_WRLCK, 0, 0).l_type, F_UNLCK);
    probe_stop();
}

/* ---- processes: fork, exit, kill ---- */

static void test_processes(void)
{
    int fd = open("procs", O_CREAT | O_RDWR | O_TRUNC, 0644);
    probe_start("procs");
    struct flock fl;
    int sync[2], go[2];

    /* A forked child inherits the descriptor but not the lock. */
    CHECK_EQ("lock 0..9", lk(fd, F_SETLK, F_WRLCK, 0, 10), 0);
    pid_t parent = getpid();
    pid_t child = fork();
    if (child == 0) {
        int bad = 0;
        struct flock got;
        if (lk(fd, F_SETLK, F_WRLCK, 5, 1) != -1 || errno != EAGAIN)
            bad |= 1;
        if (lk_out(fd, F_GETLK, F_WRLCK, SEEK_SET, 0, 0, &got) != 0 || !is_lock(&got, F_WRLCK, 0, 10, parent))
            bad |= 2;
        if (lk(fd, F_SETLK, F_WRLCK, 10, 5) != 0)
            bad |= 4;
        close(fd); /* the child's close does not release the parent's lock */
        _exit(bad);
    }
    int st = reap(child);
    CHECK("a forked child is refused its parent's lock", WIFEXITED(st) && !(WEXITSTATUS(st) & 1));
    CHECK("... sees it with F_GETLK, with the parent's pid", WIFEXITED(st) && !(WEXITSTATUS(st) & 2));
    CHECK("... and may lock other bytes", WIFEXITED(st) && !(WEXITSTATUS(st) & 4));
    fl = probe_get(F_WRLCK, 0, 0);
    CHECK("the child's close and exit leave the parent's lock", is_lock(&fl, F_WRLCK, 0, 10, getpid()));
    CHECK_EQ("... and the child's own lock went with it", probe_get(F_WRLCK, 10, 5).l_type, F_UNLCK);
    lk(fd, F_SETLK, F_UNLCK, 0, 0);

    /* Locks go when their process exits. */
    if (pipe(sync) != 0 || pipe(go) != 0)
        return;
    child = fork();
    if (child == 0) {
        int own = open("procs", O_RDWR);
        put_byte(sync[1], lk(own, F_SETLK, F_WRLCK, 50, 10) == 0 ? 'L' : 'x');
        get_byte(go[0]);
        _exit(0);
    }
    CHECK_EQ("a child locks 50..59", get_byte(sync[0]), 'L');
    CHECK_ERR("the parent is refused a byte of it", lk(fd, F_SETLK, F_RDLCK, 55, 1), EAGAIN);
    CHECK_EQ("F_GETLK", lk_out(fd, F_GETLK, F_RDLCK, SEEK_SET, 0, 0, &fl), 0);
    CHECK("... names the child", is_lock(&fl, F_WRLCK, 50, 10, child));
    put_byte(go[1], 'g');
    reap(child);
    CHECK_EQ("once the child has exited the bytes are free", lk(fd, F_SETLK, F_WRLCK, 50, 10), 0);
    lk(fd, F_SETLK, F_UNLCK, 0, 0);

    /* ... and when it is killed. */
    child = fork();
    if (child == 0) {
        int own = open("procs", O_RDWR);
        put_byte(sync[1], lk(own, F_SETLK, F_WRLCK, 0, 0) == 0 ? 'L' : 'x');
        for (;;)
            pause();
    }
    CHECK_EQ("a child locks the whole file", get_byte(sync[0]), 'L');
    CHECK_ERR("the parent is refused", lk(fd, F_SETLK, F_RDLCK, 0, 1), EAGAIN);
    kill(child, SIGKILL);
    st = reap(child);
    CHECK("the child is killed", WIFSIGNALED(st) && WTERMSIG(st) == SIGKILL);
    CHECK_EQ("... and its lock is gone", lk(fd, F_SETLK, F_WRLCK, 0, 0), 0);
    close(sync[0]);
    close(sync[1]);
    close(go[0]);
    close(go[1]);
    probe_stop();
    close(fd);
}

/* ---- F_SETLKW: waiting ---- */

static int signal_pipe = -1;

static void on_alarm(int sig)
{
    (void)sig;
    put_byte(signal_pipe, 'S');
}

/* A child that waits in F_SETLKW for a write lock on byte 5 of `name`,
 * with SIGALRM handled (flags) and due after alarm_ms (0: none). It
 * writes 'W' just before waiting, then the result: 'G' granted, 'I' EINTR,
 * 'D' EDEADLK, 'x' anything else; then waits for a byte on go and exits. */
static pid_t waiter(const char *name, short type, int flags, long alarm_ms, int sync_w, int go_r)
{
    pid_t pid = fork();
    if (pid != 0)
        return pid;
    int own = open(name, O_RDWR);
    signal_pipe = sync_w;
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = on_alarm;
    sa.sa_flags = flags;
    sigaction(SIGALRM, &sa, NULL);
    if (alarm_ms) {
        struct itimerval it = { { 0, 0 }, { alarm_ms / 1000, (alarm_ms % 1000) * 1000 } };
        setitimer(ITIMER_REAL, &it, NULL);
    }
    put_byte(sync_w, 'W');
    int r = lk(own, F_SETLKW, type, 5, 1);
    put_byte(sync_w, r == 0 ? 'G' : errno == EINTR ? 'I' : errno == EDEADLK ? 'D' : 'x');
    get_byte(go_r);
    _exit(0);
}

static void test_setlkw(void)
{
    int fd = open("wait", O_CREAT | O_RDWR | O_TRUNC, 0644);
    int sync[2], go[2];
    struct flock fl;
    if (pipe(sync) != 0 || pipe(go) != 0)
        return;

    CHECK_EQ("F_SETLKW on free bytes returns at once", lk(fd, F_SETLKW, F_WRLCK, 0, 10), 0);

    /* A waiter is woken by the unlock and then holds the lock. */
    pid_t child = waiter("wait", F_WRLCK, 0, 0, sync[1], go[0]);
    CHECK_EQ("a child is about to wait", get_byte(sync[0]), 'W');
    sleep_ms(150);
    CHECK_EQ("... and is still waiting", waitpid(child, NULL, WNOHANG), 0);
    CHECK_EQ("unlock", lk(fd, F_SETLK, F_UNLCK, 0, 0), 0);
    CHECK_EQ("the child's F_SETLKW returns 0", get_byte(sync[0]), 'G');
    CHECK_EQ("F_GETLK", lk_out(fd, F_GETLK, F_RDLCK, SEEK_SET, 0, 0, &fl), 0);
    CHECK("... shows the child's new lock", is_lock(&fl, F_WRLCK, 5, 1, child));
    put_byte(go[1], 'g');
    reap(child);

    /* Two readers waiting for a writer both get in. */
    CHECK_EQ("lock 0..9 again", lk(fd, F_SETLK, F_WRLCK, 0, 10), 0);
    pid_t r1 = waiter("wait", F_RDLCK, 0, 0, sync[1], go[0]);
    CHECK_EQ("a reader waits", get_byte(sync[0]), 'W');
    pid_t r2 = waiter("wait", F_RDLCK, 0, 0, sync[1], go[0]);
    CHECK_EQ("a second reader waits", get_byte(sync[0]), 'W');
    sleep_ms(100);
    CHECK_EQ("downgrade to a read lock", lk(fd, F_SETLK, F_RDLCK, 0, 10), 0);
    int a = get_byte(sync[0]), b = get_byte(sync[0]);
    CHECK("... lets both readers in", a == 'G' && b == 'G');
    CHECK_ERR("... and keeps writers out", lk(fd, F_SETLK, F_WRLCK, 5, 1), EAGAIN);
    put_byte(go[1], 'g');
    put_byte(go[1], 'g');
    reap(r1);
    reap(r2);

    /* A signal interrupts the wait (EINTR), or restarts it (SA_RESTART). */
    CHECK_EQ("write-lock 0..9", lk(fd, F_SETLK, F_WRLCK, 0, 10), 0);
    child = waiter("wait", F_WRLCK, 0, 100, sync[1], go[0]);
    CHECK_EQ("a child waits with an alarm coming", get_byte(sync[0]), 'W');
    CHECK_EQ("its handler runs", get_byte(sync[0]), 'S');
    CHECK_EQ("F_SETLKW fails with EINTR", get_byte(sync[0]), 'I');
    put_byte(go[1], 'g');
    reap(child);
    child = waiter("wait", F_WRLCK, SA_RESTART, 100, sync[1], go[0]);
    CHECK_EQ("a child waits with an alarm coming, SA_RESTART", get_byte(sync[0]), 'W');
    CHECK_EQ("its handler runs", get_byte(sync[0]), 'S');
    sleep_ms(100);
    CHECK_EQ("... and it waits on", waitpid(child, NULL, WNOHANG), 0);
    CHECK_EQ("unlock", lk(fd, F_SETLK, F_UNLCK, 0, 0), 0);
    CHECK_EQ("the restarted F_SETLKW is granted", get_byte(sync[0]), 'G');
    put_byte(go[1], 'g');
    reap(child);

    /* Two processes that would wait for each other: one gets EDEADLK. */
    CHECK_EQ("lock byte 0", lk(fd, F_SETLK, F_WRLCK, 0, 1), 0);
    child = fork();
    if (child == 0) {
        int own = open("wait", O_RDWR);
        put_byte(sync[1], lk(own, F_SETLK, F_WRLCK, 5, 1) == 0 ? 'L' : 'x');
        int r = lk(own, F_SETLKW, F_WRLCK, 0, 1);
        _exit(r == 0 ? 10 : errno == EDEADLK ? 11 : 12);
    }
    CHECK_EQ("a child locks byte 5", get_byte(sync[0]), 'L');
    sleep_ms(150); /* the child now waits for byte 0, most likely */
    int r = lk(fd, F_SETLKW, F_WRLCK, 5, 1);
    int err = errno;
    if (r == -1 && err == EDEADLK)
        lk(fd, F_SETLK, F_UNLCK, 0, 1);
    int st = reap(child);
    int code = WIFEXITED(st) ? WEXITSTATUS(st) : -1;
    CHECK("of two processes waiting for each other, one gets EDEADLK and the other its lock",
          (r == -1 && err == EDEADLK && code == 10) || (r == 0 && code == 11));
    lk(fd, F_SETLK, F_UNLCK, 0, 0);

    /* Without waiting there is no deadlock, only a conflict. */
    CHECK_EQ("lock byte 0", lk(fd, F_SETLK, F_WRLCK, 0, 1), 0);
    child = fork();
    if (child == 0) {
        int own = open("wait", O_RDWR);
        put_byte(sync[1], lk(own, F_SETLK, F_WRLCK, 5, 1) == 0 ? 'L' : 'x');
        _exit(lk(own, F_SETLKW, F_WRLCK, 0, 1) == 0 ? 10 : 12);
    }
    CHECK_EQ("a child locks byte 5 (and then waits for byte 0)", get_byte(sync[0]), 'L');
    sleep_ms(150);
    CHECK_ERR("F_SETLK of its byte gives EAGAIN, not EDEADLK", lk(fd, F_SETLK, F_WRLCK, 5, 1), EAGAIN);
    CHECK_EQ("unlock byte 0", lk(fd, F_SETLK, F_UNLCK, 0, 1), 0);
    st = reap(child);
    CHECK("the child gets it", WIFEXITED(st) && WEXITSTATUS(st) == 10);
    close(sync[0]);
    close(sync[1]);
    close(go[0]);
    close(go[1]);
    close(fd);
}

/* ---- open file description locks ---- */

static int ofd(int fd, int cmd, short type, off_t start, off_t len, struct flock *out)
{
    return lk_out(fd, cmd, type, SEEK_SET, start, len, out);
}

static void test_ofd(void)
{
    int fd1 = open("ofd", O_CREAT | O_RDWR | O_TRUNC, 0644);
    int fd2 = open("ofd", O_RDWR);
    struct flock fl;

    CHECK_EQ("OFD write lock 0..9", ofd(fd1, F_OFD_SETLK, F_WRLCK, 0, 10, NULL), 0);
    CHECK_ERR("another open of the file is refused, in the same process",
              ofd(fd2, F_OFD_SETLK, F_WRLCK, 5, 1, NULL), EAGAIN);
    CHECK_ERR("so is a classic lock of the same process", lk(fd2, F_SETLK, F_RDLCK, 5, 1), EAGAIN);
    CHECK_EQ("F_OFD_GETLK through the other open", ofd(fd2, F_OFD_GETLK, F_RDLCK, 0, 0, &fl), 0);
    CHECK("... reports the lock with l_pid -1", is_lock(&fl, F_WRLCK, 0, 10, -1));
    CHECK_EQ("F_GETLK", lk_out(fd2, F_GETLK, F_RDLCK, SEEK_SET, 0, 0, &fl), 0);
    CHECK("... reports it the same way", is_lock(&fl, F_WRLCK, 0, 10, -1));
    CHECK_EQ("F_OFD_GETLK through the same open", ofd(fd1, F_OFD_GETLK, F_WRLCK, 0, 0, &fl), 0);
    CHECK_EQ("... finds no conflict", fl.l_type, F_UNLCK);

    int copy = dup(fd1);
    CHECK_EQ("a dup is the same owner: it turns 0..4 into a read lock",
             ofd(copy, F_OFD_SETLK, F_RDLCK, 0, 5, NULL), 0);
    ofd(fd2, F_OFD_GETLK, F_WRLCK, 0, 0, &fl);
    CHECK("... (the other open sees the read lock first)", is_lock(&fl, F_RDLCK, 0, 5, -1));
    CHECK_EQ("the other open may share the read lock", ofd(fd2, F_OFD_SETLK, F_RDLCK, 2, 1, NULL), 0);
    CHECK_EQ("... and close, with no effect on the first's lock", close(fd2), 0);
    int fd3 = open("ofd", O_RDWR);
    close(copy);
    CHECK_ERR("closing the dup leaves it too", ofd(fd3, F_OFD_SETLK, F_WRLCK, 7, 1, NULL), EAGAIN);

    pid_t child = fork();
    if (child == 0)
        _exit(ofd(fd1, F_OFD_SETLK, F_WRLCK, 0, 10, NULL) == 0 ? 0 : 1);
    int st = reap(child);
    CHECK("a forked child's copy is the same owner: it may change the lock", WIFEXITED(st) && WEXITSTATUS(st) == 0);
    ofd(fd3, F_OFD_GETLK, F_RDLCK, 0, 0, &fl);
    CHECK("... and its exit leaves the lock", is_lock(&fl, F_WRLCK, 0, 10, -1));

    int sync[2], go[2];
    if (pipe(sync) != 0 || pipe(go) != 0)
        return;
    child = fork();
    if (child == 0) {
        /* Its copies of the parent's descriptors would keep the lock. */
        close(fd1);
        close(fd3);
        int own = open("ofd", O_RDWR);
        put_byte(sync[1], 'W');
        int r = ofd(own, F_OFD_SETLKW, F_WRLCK, 5, 1, NULL);
        put_byte(sync[1], r == 0 ? 'G' : 'x');
        get_byte(go[0]);
        _exit(0);
    }
    CHECK_EQ("a child waits in F_OFD_SETLKW", get_byte(sync[0]), 'W');
    sleep_ms(100);
    CHECK_EQ("... still", waitpid(child, NULL, WNOHANG), 0);
    CHECK_EQ("closing the last descriptor of the open file", close(fd1), 0);
    CHECK_EQ("... releases its lock: the child gets in", get_byte(sync[0]), 'G');
    put_byte(go[1], 'g');
    reap(child);
    CHECK_EQ("... and the child's lock went with its exit", ofd(fd3, F_OFD_SETLK, F_WRLCK, 0, 0, NULL), 0);
    close(fd3);
    close(sync[0]);
    close(sync[1]);
    close(go[0]);
    close(go[1]);
}

/* ---- flock ---- */

static void test_flock(void)
{
    int a = open("flock", O_CREAT | O_RDWR | O_TRUNC, 0644);
    int b = open("flock", O_RDONLY);
    int path = open("flock", O_PATH);
    probe_start("flock");

    CHECK_EQ("LOCK_EX", flock(a, LOCK_EX), 0);
    CHECK_EQ("LOCK_EX again through the same open", flock(a, LOCK_EX), 0);
    CHECK_ERR("another open: LOCK_EX|LOCK_NB gives EWOULDBLOCK", flock(b, LOCK_EX | LOCK_NB), EWOULDBLOCK);
    CHECK_ERR("another open: LOCK_SH|LOCK_NB gives EWOULDBLOCK", flock(b, LOCK_SH | LOCK_NB), EWOULDBLOCK);
    CHECK_EQ("fcntl locks are separate: another process write-locks the file",
             probe(F_SETLK, F_WRLCK, 0, 0), 0);
    probe(F_SETLK, F_UNLCK, 0, 0);
    int copy = dup(a);
    CHECK_EQ("LOCK_UN through a dup", flock(copy, LOCK_UN), 0);
    CHECK_EQ("... released the lock", flock(b, LOCK_SH | LOCK_NB), 0);
    CHECK_EQ("LOCK_SH shares it", flock(a, LOCK_SH | LOCK_NB), 0);
    CHECK_ERR("upgrading a shared lock with LOCK_NB fails", flock(a, LOCK_EX | LOCK_NB), EWOULDBLOCK);
    CHECK_EQ("LOCK_UN through the other open", flock(b, LOCK_UN), 0);
    int c = open("flock", O_RDONLY);
    CHECK_EQ("the failed upgrade let go of the old lock (not atomic, as documented)",
             flock(c, LOCK_EX | LOCK_NB), 0);
    CHECK_EQ("LOCK_UN|LOCK_NB", flock(c, LOCK_UN | LOCK_NB), 0);

    CHECK_EQ("LOCK_EX", flock(a, LOCK_EX), 0);
    close(a);
    CHECK_ERR("closing one of two descriptors of the open file keeps the lock", flock(b, LOCK_SH | LOCK_NB),
              EWOULDBLOCK);
    close(copy);
    CHECK_EQ("closing the last releases it", flock(b, LOCK_SH | LOCK_NB), 0);
    CHECK_EQ("LOCK_UN", flock(b, LOCK_UN), 0);

    /* A forked child shares the open file, and so its lock. */
    CHECK_EQ("LOCK_EX", flock(b, LOCK_EX), 0);
    pid_t child = fork();
    if (child == 0)
        _exit(flock(b, LOCK_UN) == 0 ? 0 : 1);
    int st = reap(child);
    CHECK("a child unlocks its parent's open file", WIFEXITED(st) && WEXITSTATUS(st) == 0);
    CHECK_EQ("... which releases the lock", flock(c, LOCK_EX | LOCK_NB), 0);
    flock(c, LOCK_UN);

    /* Waiting. */
    int sync[2];
    if (pipe(sync) != 0)
        return;
    CHECK_EQ("LOCK_SH", flock(b, LOCK_SH), 0);
    child = fork();
    if (child == 0) {
        int own = open("flock", O_RDONLY);
        put_byte(sync[1], 'W');
        int r = flock(own, LOCK_EX);
        _exit(r == 0 ? 0 : 1);
    }
    CHECK_EQ("a child waits for LOCK_EX", get_byte(sync[0]), 'W');
    sleep_ms(150);
    CHECK_EQ("... still", waitpid(child, NULL, WNOHANG), 0);
    CHECK_EQ("LOCK_UN", flock(b, LOCK_UN), 0);
    st = reap(child);
    CHECK("the child gets the lock (and its exit releases it)", WIFEXITED(st) && WEXITSTATUS(st) == 0);
    CHECK_EQ("LOCK_EX|LOCK_NB after it", flock(c, LOCK_EX | LOCK_NB), 0);

    CHECK_ERR("flock with no operation gives EINVAL", flock(b, 0), EINVAL);
    CHECK_ERR("LOCK_SH|LOCK_EX gives EINVAL", flock(b, LOCK_SH | LOCK_EX), EINVAL);
    CHECK_ERR("LOCK_NB alone gives EINVAL", flock(b, LOCK_NB), EINVAL);
    CHECK_ERR("a closed fd gives EBADF", flock(99, LOCK_SH), EBADF);
    CHECK_ERR("an O_PATH fd gives EBADF", flock(path, LOCK_SH), EBADF);
    probe_stop();
    close(sync[0]);
    close(sync[1]);
    close(b);
    close(c);
    close(path);
}

int main(int argc, char **argv)
{
    const char *dir = argc > 1 ? argv[1] : "/tmp";
    if (chdir(dir) != 0) {
        printf("FAIL - chdir %s (%s)\n", dir, strerror(errno));
        return 1;
    }
    run_section("errors", test_errors, 30);
    run_section("conflicts", test_conflicts, 30);
    run_section("own_locks", test_own_locks, 30);
    run_section("release_on_close", test_release_on_close, 30);
    run_section("processes", test_processes, 30);
    run_section("setlkw", test_setlkw, 30);
    run_section("ofd", test_ofd, 30);
    run_section("flock", test_flock, 30);
    return done();
}
