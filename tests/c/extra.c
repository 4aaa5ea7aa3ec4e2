/*
 * extra.c: the less common calls: posix_fadvise, readahead, syncfs,
 * close_range, copy_file_range, memfd_create, utime, futimesat,
 * getpriority/setpriority, sched_setscheduler/sched_setparam,
 * sched_rr_get_interval.
 *
 * Usage: extra [DIR]     (a scratch directory, default /tmp)
 */
#define _GNU_SOURCE
#include "check.h"

#include <fcntl.h>
#include <limits.h>
#include <sched.h>
#include <stdlib.h>
#include <sys/mman.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/time.h>
#include <unistd.h>
#include <utime.h>

static void write_file(const char *name, const char *text)
{
    int fd = open(name, O_CREAT | O_TRUNC | O_WRONLY, 0644);
    if (fd >= 0) {
        if (write(fd, text, strlen(text)) < 0)
            perror("write");
        close(fd);
    }
}

static void test_advice(void)
{
    write_file("adv", "some text");
    int fd = open("adv", O_RDONLY);
    int p[2];
    CHECK_OK("pipe", pipe(p));
    CHECK_EQ("posix_fadvise WILLNEED", posix_fadvise(fd, 0, 0, POSIX_FADV_WILLNEED), 0);
    CHECK_EQ("posix_fadvise SEQUENTIAL on a range", posix_fadvise(fd, 2, 5, POSIX_FADV_SEQUENTIAL), 0);
    CHECK_EQ("posix_fadvise DONTNEED", posix_fadvise(fd, 0, 0, POSIX_FADV_DONTNEED), 0);
    CHECK_EQ("posix_fadvise bad advice gives EINVAL", posix_fadvise(fd, 0, 0, 99), EINVAL);
    CHECK_EQ("posix_fadvise on a pipe gives ESPIPE", posix_fadvise(p[0], 0, 0, POSIX_FADV_NORMAL), ESPIPE);
    CHECK_EQ("posix_fadvise bad fd gives EBADF", posix_fadvise(999, 0, 0, POSIX_FADV_NORMAL), EBADF);
    CHECK_OK("readahead on a file", readahead(fd, 0, 4096));
    CHECK_ERR("readahead on a pipe gives EINVAL", readahead(p[0], 0, 10), EINVAL);
    CHECK_ERR("readahead bad fd gives EBADF", readahead(999, 0, 10), EBADF);
    CHECK_OK("syncfs", syncfs(fd));
    CHECK_ERR("syncfs bad fd gives EBADF", syncfs(999), EBADF);
    close(fd);
    close(p[0]);
    close(p[1]);
}

static void test_close_range(void)
{
    int a = open("/dev/null", O_RDONLY), b = 41, c = 42, d = 43;
    CHECK("three descriptors in a row", dup2(a, b) == b && dup2(a, c) == c && dup2(a, d) == d);
    CHECK_OK("close_range(b, c, CLOEXEC)", syscall(SYS_close_range, b, c, 4 /* CLOSE_RANGE_CLOEXEC */));
    CHECK_EQ("the first of them is close-on-exec", fcntl(b, F_GETFD), FD_CLOEXEC);
    CHECK_EQ("the last of them is close-on-exec", fcntl(c, F_GETFD), FD_CLOEXEC);
    CHECK_EQ("the one after is not", fcntl(d, F_GETFD), 0);
    CHECK_OK("close_range(b, ~0)", syscall(SYS_close_range, b, ~0U, 0));
    CHECK_ERR("b is closed", fcntl(b, F_GETFD), EBADF);
    CHECK_ERR("d is closed", fcntl(d, F_GETFD), EBADF);
    CHECK_OK("a is still open", fcntl(a, F_GETFD));
    CHECK_ERR("close_range first > last gives EINVAL", syscall(SYS_close_range, 10, 5, 0), EINVAL);
    CHECK_ERR("close_range bad flags give EINVAL", syscall(SYS_close_range, 10, 20, 0x80), EINVAL);
    CHECK_OK("close_range over nothing open", syscall(SYS_close_range, 900, 1000, 0));
    close(a);
}

static void test_copy_file_range(void)
{
    write_file("src", "0123456789abcdefghij");
    int in = open("src", O_RDONLY), out = open("dst", O_CREAT | O_TRUNC | O_RDWR, 0644);
    CHECK_EQ("copy_file_range 5 bytes at the files' offsets", copy_file_range(in, NULL, out, NULL, 5, 0), 5);
    CHECK_EQ("the input offset moved", lseek(in, 0, SEEK_CUR), 5);
    loff_t io = 10, oo = 20;
    CHECK_EQ("copy_file_range with offsets given", copy_file_range(in, &io, out, &oo, 6, 0), 6);
    CHECK("the given offsets moved", io == 16 && oo == 26);
    CHECK_EQ("the input's own offset did not", lseek(in, 0, SEEK_CUR), 5);
    io = 18;
    CHECK_EQ("copy_file_range stops at the end of the input", copy_file_range(in, &io, out, NULL, 100, 0), 2);
    io = 100;
    CHECK_EQ("copy_file_range past the end copies nothing", copy_file_range(in, &io, out, NULL, 10, 0), 0);
    char buf[64] = { 0 };
    CHECK_EQ("the output is 26 bytes", pread(out, buf, sizeof buf, 0), 26);
    CHECK("the output's bytes", memcmp(buf, "01234ij", 7) == 0 && buf[7] == 0 && memcmp(buf + 20, "abcdef", 6) == 0);
    CHECK_ERR("copy_file_range to a read-only fd gives EBADF", copy_file_range(in, NULL, in, NULL, 1, 0), EBADF);
    CHECK_ERR("copy_file_range flags give EINVAL", copy_file_range(in, NULL, out, NULL, 1, 1), EINVAL);
    int p[2];
    CHECK_OK("pipe", pipe(p));
    CHECK_ERR("copy_file_range from a pipe gives EINVAL", copy_file_range(p[0], NULL, out, NULL, 1, 0), EINVAL);
    CHECK_ERR("copy_file_range bad fd gives EBADF", copy_file_range(999, NULL, out, NULL, 1, 0), EBADF);
    close(p[0]);
    close(p[1]);
    close(in);
    close(out);
}

static void test_memfd(void)
{
    int fd = memfd_create("scratch", MFD_CLOEXEC);
    CHECK("memfd_create gives a descriptor", fd >= 0);
    CHECK_EQ("it is close-on-exec", fcntl(fd, F_GETFD), FD_CLOEXEC);
    CHECK_EQ("write to it", write(fd, "hello memfd", 11), 11);
    struct stat st;
    CHECK_OK("fstat", fstat(fd, &st));
    CHECK("a regular file of 11 bytes", S_ISREG(st.st_mode) && st.st_size == 11);
    char buf[32] = { 0 };
    CHECK_EQ("read it back", pread(fd, buf, sizeof buf, 0), 11);
    CHECK("the same bytes", strcmp(buf, "hello memfd") == 0);
    CHECK_OK("ftruncate it", ftruncate(fd, 4096));
    CHECK_OK("fstat again", fstat(fd, &st));
    CHECK_EQ("it grew", st.st_size, 4096);
    char path[64], link[128] = { 0 };
    snprintf(path, sizeof path, "/proc/self/fd/%d", fd);
    CHECK("its /proc/self/fd link", readlink(path, link, sizeof link - 1) > 0);
    CHECK("names it memfd:scratch (deleted)", strcmp(link, "/memfd:scratch (deleted)") == 0);
    int fd2 = memfd_create("other", 0);
    CHECK_EQ("without MFD_CLOEXEC it is not close-on-exec", fcntl(fd2, F_GETFD), 0);
    CHECK_OK("fstat the second", fstat(fd2, &st));
    CHECK_EQ("a second memfd is a file of its own (empty)", st.st_size, 0);
    CHECK_ERR("memfd_create bad flags give EINVAL", memfd_create("x", 0x100), EINVAL);
    CHECK_ERR("memfd_create bad name pointer gives EFAULT", syscall(SYS_memfd_create, BAD_PTR, 0), EFAULT);
    close(fd);
    close(fd2);
}

static void test_old_time_calls(void)
{
    write_file("t", "x");
    struct utimbuf ub = { .actime = 1000000000, .modtime = 1200000000 };
    struct stat st;
    CHECK_OK("utime", utime("t", &ub));
    CHECK_OK("stat", stat("t", &st));
    CHECK("utime set both times", st.st_atime == 1000000000 && st.st_mtime == 1200000000);
    CHECK_OK("utime NULL (now)", utime("t", NULL));
    CHECK_OK("stat", stat("t", &st));
    CHECK("utime NULL set the time to now", st.st_mtime > 1600000000);
    CHECK_ERR("utime of a missing file gives ENOENT", utime("missing", &ub), ENOENT);
    CHECK_ERR("utime bad times pointer gives EFAULT", syscall(SYS_utime, "t", BAD_PTR), EFAULT);
    CHECK_OK("mkdir d", mkdir("d", 0755));
    write_file("d/f", "y");
    int dfd = open("d", O_RDONLY | O_DIRECTORY);
    struct timeval tv[2] = { { 1100000000, 0 }, { 1300000000, 500000 } };
    CHECK_OK("futimesat relative to a directory", syscall(SYS_futimesat, dfd, "f", tv));
    CHECK_OK("stat d/f", stat("d/f", &st));
    CHECK("futimesat set the times", st.st_atime == 1100000000 && st.st_mtime == 1300000000);
    CHECK_OK("futimesat with AT_FDCWD", syscall(SYS_futimesat, AT_FDCWD, "t", tv));
    tv[1].tv_usec = 2000000;
    CHECK_ERR("futimesat bad microseconds give EINVAL", syscall(SYS_futimesat, dfd, "f", tv), EINVAL);
    close(dfd);
}

static void test_priority(void)
{
    errno = 0;
    CHECK_EQ("getpriority starts at 0", getpriority(PRIO_PROCESS, 0), 0);
    CHECK_EQ("the raw call answers 20 - nice", syscall(SYS_getpriority, PRIO_PROCESS, 0), 20);
    CHECK_OK("setpriority 5", setpriority(PRIO_PROCESS, 0, 5));
    CHECK_EQ("getpriority is 5", getpriority(PRIO_PROCESS, 0), 5);
    CHECK_EQ("getpriority by pid", getpriority(PRIO_PROCESS, getpid()), 5);
    CHECK_OK("setpriority 40 is clamped", setpriority(PRIO_PROCESS, 0, 40));
    CHECK_EQ("to 19", getpriority(PRIO_PROCESS, 0), 19);
    CHECK_OK("setpriority 7 again", setpriority(PRIO_PROCESS, 0, 7));
    pid_t c = fork();
    if (c == 0)
        _exit(getpriority(PRIO_PROCESS, 0) == 7 ? 0 : 1);
    int status = -1;
    waitpid(c, &status, 0);
    CHECK("a child inherits the nice value", WIFEXITED(status) && WEXITSTATUS(status) == 0);
    CHECK_ERR("getpriority bad which gives EINVAL", getpriority(7, 0), EINVAL);
    CHECK_ERR("getpriority of no such process gives ESRCH", getpriority(PRIO_PROCESS, 999999), ESRCH);
    CHECK_ERR("setpriority of no such process gives ESRCH", setpriority(PRIO_PROCESS, 999999, 1), ESRCH);
}

/* musl's sched_setscheduler and friends answer ENOSYS by design: the calls
 * are made directly. */
static void test_sched(void)
{
    struct sched_param sp = { .sched_priority = 0 };
    CHECK_OK("sched_setscheduler SCHED_OTHER", syscall(SYS_sched_setscheduler, 0, SCHED_OTHER, &sp));
    CHECK_EQ("sched_getscheduler is SCHED_OTHER", syscall(SYS_sched_getscheduler, 0), SCHED_OTHER);
    CHECK_OK("sched_setparam priority 0", syscall(SYS_sched_setparam, 0, &sp));
    sp.sched_priority = 5;
    CHECK_ERR("SCHED_OTHER with priority 5 gives EINVAL", syscall(SYS_sched_setscheduler, 0, SCHED_OTHER, &sp), EINVAL);
    CHECK_ERR("an unknown policy gives EINVAL", syscall(SYS_sched_setscheduler, 0, 77, &sp), EINVAL);
    CHECK_ERR("sched_setparam of no such process gives ESRCH", syscall(SYS_sched_setparam, 999999, &sp), ESRCH);
    CHECK_ERR("sched_setscheduler NULL param gives EINVAL", syscall(SYS_sched_setscheduler, 0, SCHED_OTHER, NULL), EINVAL);
    struct timespec ts = { 0, 0 };
    CHECK_OK("sched_rr_get_interval", sched_rr_get_interval(0, &ts));
    CHECK("a time slice under a second", ts.tv_sec == 0 && ts.tv_nsec >= 0 && ts.tv_nsec < 1000000000);
    CHECK_ERR("sched_rr_get_interval of no such process gives ESRCH", sched_rr_get_interval(999999, &ts), ESRCH);
    CHECK_ERR("sched_rr_get_interval bad pointer gives EFAULT", syscall(SYS_sched_rr_get_interval, 0, BAD_PTR), EFAULT);
}

int main(int argc, char **argv)
{
    const char *dir = argc > 1 ? argv[1] : "/tmp";
    if (chdir(dir) != 0) {
        printf("FAIL - cannot enter %s\n", dir);
        return 2;
    }
    run_section("advice", test_advice, 60);
    run_section("close_range", test_close_range, 60);
    run_section("copy_file_range", test_copy_file_range, 60);
    run_section("memfd", test_memfd, 60);
    run_section("old_time_calls", test_old_time_calls, 60);
    run_section("priority", test_priority, 60);
    run_section("sched", test_sched, 60);
    return done();
}
