/*
 * files.c: file-system system calls, their results and their errors.
 *
 * Usage: files [DIR]   (DIR must exist and be empty; default /tmp)
 * Everything is created under DIR, relative to it after a chdir.
 */
#define _GNU_SOURCE
#include "check.h"

#include <dirent.h>
#include <fcntl.h>
#include <limits.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/uio.h>
#include <time.h>
#include <unistd.h>

static char base[PATH_MAX];

/* Create NAME holding the string DATA (mode 0644 before the umask). */
static int put(const char *name, const char *data)
{
    int fd = open(name, O_CREAT | O_WRONLY | O_TRUNC, 0644);
    if (fd < 0)
        return -1;
    ssize_t n = write(fd, data, strlen(data));
    close(fd);
    return n == (ssize_t)strlen(data) ? 0 : -1;
}

/* Read all of NAME into buf (NUL-terminated); returns the length or -1. */
static long get(const char *name, char *buf, size_t cap)
{
    int fd = open(name, O_RDONLY);
    if (fd < 0)
        return -1;
    long n = read(fd, buf, cap - 1);
    close(fd);
    if (n >= 0)
        buf[n] = 0;
    return n;
}

static long size_of(const char *name)
{
    struct stat st;
    return stat(name, &st) == 0 ? (long)st.st_size : -1;
}

static void test_open_close_read_write(void)
{
    char buf[128];
    CHECK_ERR("open missing file gives ENOENT", open("missing", O_RDONLY), ENOENT);
    CHECK_ERR("open empty path gives ENOENT", open("", O_RDONLY), ENOENT);
    CHECK_ERR("open bad path pointer gives EFAULT", open(BAD_PTR, O_RDONLY), EFAULT);
    CHECK_ERR("open kernel path pointer gives EFAULT", open(KERNEL_PTR, O_RDONLY), EFAULT);
    CHECK_ERR("open missing/x gives ENOENT", open("missing/x", O_CREAT | O_WRONLY, 0644), ENOENT);

    int fd = open("a", O_CREAT | O_WRONLY | O_TRUNC, 0644);
    CHECK("open O_CREAT returns an fd", fd >= 0);
    int fd2 = open("a", O_RDONLY);
    close(fd);
    int fd3 = open("a", O_RDONLY);
    CHECK_EQ("open returns the lowest free fd", fd3, fd);
    close(fd3);
    close(fd2);
    fd = open("a", O_WRONLY);
    CHECK_EQ("write 11 bytes", write(fd, "hello world", 11), 11);
    CHECK_ERR("read on O_WRONLY fd gives EBADF", read(fd, buf, 10), EBADF);
    CHECK_ERR("write from bad pointer gives EFAULT", write(fd, BAD_PTR, 10), EFAULT);
    CHECK_ERR("write from kernel pointer gives EFAULT", write(fd, KERNEL_PTR, 10), EFAULT);
    CHECK_EQ("write 0 bytes returns 0", write(fd, "x", 0), 0);
    CHECK_EQ("close returns 0", close(fd), 0);
    CHECK_ERR("close twice gives EBADF", close(fd), EBADF);
    CHECK_ERR("close(-1) gives EBADF", close(-1), EBADF);
    CHECK_ERR("close(9999) gives EBADF", close(9999), EBADF);
    CHECK_EQ("file size after write is 11", size_of("a"), 11);

    fd = open("a", O_RDONLY);
    CHECK("open O_RDONLY existing", fd >= 0);
    memset(buf, 0, sizeof buf);
    CHECK_EQ("read returns 11 of 100", read(fd, buf, 100), 11);
    CHECK("read data matches", memcmp(buf, "hello world", 11) == 0);
    CHECK_EQ("read at EOF returns 0", read(fd, buf, 100), 0);
    CHECK_ERR("write on O_RDONLY fd gives EBADF", write(fd, "x", 1), EBADF);
    lseek(fd, 0, SEEK_SET);
    CHECK_ERR("read into pointer 1 gives EFAULT", read(fd, BAD_PTR, 10), EFAULT);
    CHECK_EQ("failed read leaves the offset", lseek(fd, 0, SEEK_CUR), 0);
    CHECK_ERR("read into kernel pointer gives EFAULT", read(fd, KERNEL_PTR, 10), EFAULT);
    CHECK_EQ("failed read (kernel pointer) leaves the offset", lseek(fd, 0, SEEK_CUR), 0);
    lseek(fd, 0, SEEK_SET);
    CHECK_EQ("read 5 then offset advanced", read(fd, buf, 5), 5);
    CHECK_EQ("second read continues", read(fd, buf, 6), 6);
    CHECK("second read data is ' world'", memcmp(buf, " world", 6) == 0);
    CHECK_EQ("read 0 bytes returns 0", read(fd, buf, 0), 0);
    close(fd);
    CHECK_ERR("read(-1) gives EBADF", read(-1, buf, 1), EBADF);
    CHECK_ERR("write(1000) gives EBADF", write(1000, "x", 1), EBADF);

    /* openat relative to a directory fd, and with an absolute path. */
    mkdir("oa", 0755);
    put("oa/inner", "in");
    int dfd = open("oa", O_RDONLY | O_DIRECTORY);
    CHECK("open directory O_DIRECTORY", dfd >= 0);
    fd = openat(dfd, "inner", O_RDONLY);
    CHECK("openat relative to dirfd", fd >= 0);
    CHECK_EQ("openat file reads", read(fd, buf, 10), 2);
    close(fd);
    char abs[PATH_MAX + 16];
    snprintf(abs, sizeof abs, "%s/a", base);
    fd = openat(dfd, abs, O_RDONLY);
    CHECK("openat absolute path ignores dirfd", fd >= 0);
    close(fd);
    fd = openat(AT_FDCWD, "oa/inner", O_RDONLY);
    CHECK("openat AT_FDCWD", fd >= 0);
    close(fd);
    int ffd = open("a", O_RDONLY);
    CHECK_ERR("openat with file as dirfd gives ENOTDIR", openat(ffd, "x", O_RDONLY), ENOTDIR);
    CHECK_ERR("openat with bad dirfd gives EBADF", openat(555, "x", O_RDONLY), EBADF);
    close(ffd);
    CHECK_ERR("openat missing relative to dirfd gives ENOENT", openat(dfd, "nope", O_RDONLY), ENOENT);
    close(dfd);

    /* creat: write-only, truncating */
    fd = creat("c", 0644);
    CHECK("creat returns an fd", fd >= 0);
    CHECK_EQ("creat fd is write-only", fcntl(fd, F_GETFL) & O_ACCMODE, O_WRONLY);
    CHECK_ERR("read from creat fd gives EBADF", read(fd, buf, 1), EBADF);
    write(fd, "12345", 5);
    close(fd);
    fd = creat("c", 0644);
    CHECK_EQ("creat truncates an existing file", size_of("c"), 0);
    close(fd);

    /* Open flags */
    CHECK_ERR("O_CREAT|O_EXCL on existing gives EEXIST", open("a", O_CREAT | O_EXCL | O_WRONLY, 0644), EEXIST);
    fd = open("excl", O_CREAT | O_EXCL | O_WRONLY, 0644);
    CHECK("O_CREAT|O_EXCL on new file", fd >= 0);
    close(fd);
    put("t", "0123456789");
    fd = open("t", O_WRONLY | O_TRUNC);
    CHECK_EQ("O_TRUNC empties the file", size_of("t"), 0);
    close(fd);
    put("ap", "abc");
    fd = open("ap", O_WRONLY | O_APPEND);
    lseek(fd, 0, SEEK_SET);
    write(fd, "def", 3);
    CHECK_EQ("O_APPEND offset is at end after write", lseek(fd, 0, SEEK_CUR), 6);
    close(fd);
    get("ap", buf, sizeof buf);
    CHECK("O_APPEND writes at end despite lseek", strcmp(buf, "abcdef") == 0);
    CHECK_ERR("O_DIRECTORY on a file gives ENOTDIR", open("a", O_RDONLY | O_DIRECTORY), ENOTDIR);
    CHECK_ERR("open file/x gives ENOTDIR", open("a/x", O_RDONLY), ENOTDIR);
    CHECK_ERR("open a directory O_WRONLY gives EISDIR", open("oa", O_WRONLY), EISDIR);
    CHECK_ERR("open a directory O_RDWR gives EISDIR", open("oa", O_RDWR), EISDIR);
    CHECK_ERR("O_CREAT on a directory gives EISDIR", open("oa", O_CREAT | O_WRONLY, 0644), EISDIR);
    fd = open(".", O_RDONLY | O_DIRECTORY);
    CHECK("open . O_DIRECTORY", fd >= 0);
    CHECK_ERR("read on a directory gives EISDIR", read(fd, buf, 10), EISDIR);
    close(fd);
    fd = open("a", O_RDONLY | O_CLOEXEC);
    CHECK_EQ("O_CLOEXEC sets FD_CLOEXEC", fcntl(fd, F_GETFD), FD_CLOEXEC);
    close(fd);

    /* A larger file in odd-sized chunks, read back in other chunks. */
    fd = open("big", O_CREAT | O_RDWR | O_TRUNC, 0644);
    static unsigned char blk[300000];
    for (unsigned i = 0; i < sizeof blk; i++)
        blk[i] = (unsigned char)(i * 7 + i / 251);
    size_t off = 0;
    int wok = 1;
    while (off < sizeof blk) {
        size_t n = sizeof blk - off < 4099 ? sizeof blk - off : 4099;
        if (write(fd, blk + off, n) != (ssize_t)n)
            wok = 0;
        off += n;
    }
    CHECK("300000-byte file written in 4099-byte chunks", wok);
    CHECK_EQ("big file size", size_of("big"), 300000);
    lseek(fd, 0, SEEK_SET);
    static unsigned char rb[300000];
    off = 0;
    for (;;) {
        ssize_t n = read(fd, rb + off, 65537 < sizeof rb - off ? 65537 : sizeof rb - off);
        if (n <= 0)
            break;
        off += n;
    }
    CHECK_EQ("big file read back length", off, 300000);
    CHECK("big file contents match", memcmp(blk, rb, sizeof blk) == 0);
    close(fd);
}

static void test_vectored_and_positional(void)
{
    char a[4], b[8], c[16];
    int fd = open("v", O_CREAT | O_RDWR | O_TRUNC, 0644);
    struct iovec wv[3] = { { "abc", 3 }, { "", 0 }, { "defghij", 7 } };
    CHECK_EQ("writev writes 10 bytes", writev(fd, wv, 3), 10);
    CHECK_EQ("writev with 0 iovecs returns 0", writev(fd, wv, 0), 0);
    lseek(fd, 0, SEEK_SET);
    struct iovec rv[3] = { { a, 4 }, { b, 8 }, { c, 16 } };
    CHECK_EQ("readv reads 10 bytes", readv(fd, rv, 3), 10);
    CHECK("readv fills first iovec", memcmp(a, "abcd", 4) == 0);
    CHECK("readv fills second iovec", memcmp(b, "efghij", 6) == 0);
    CHECK_ERR("readv with iovcnt -1 gives EINVAL", readv(fd, rv, -1), EINVAL);
    CHECK_ERR("writev with bad iovec array gives EFAULT", writev(fd, BAD_PTR, 2), EFAULT);
    struct iovec badv[1] = { { KERNEL_PTR, 4 } };
    lseek(fd, 0, SEEK_SET);
    CHECK_ERR("readv into kernel pointer gives EFAULT", readv(fd, badv, 1), EFAULT);
    CHECK_EQ("failed readv leaves the offset", lseek(fd, 0, SEEK_CUR), 0);
    lseek(fd, 0, SEEK_SET);
    CHECK_ERR("writev on bad fd gives EBADF", writev(77, wv, 3), EBADF);

    CHECK_EQ("pwrite at 100", pwrite(fd, "XY", 2, 100), 2);
    CHECK_EQ("pwrite does not move the offset", lseek(fd, 0, SEEK_CUR), 0);
    CHECK_EQ("file grew to 102", size_of("v"), 102);
    char p[4] = { 0 };
    CHECK_EQ("pread at 3", pread(fd, p, 3, 3), 3);
    CHECK("pread data", memcmp(p, "def", 3) == 0);
    CHECK_EQ("pread does not move the offset", lseek(fd, 0, SEEK_CUR), 0);
    CHECK_EQ("pread in the hole reads zeros", pread(fd, p, 2, 50), 2);
    CHECK("hole bytes are zero", p[0] == 0 && p[1] == 0);
    CHECK_EQ("pread past EOF returns 0", pread(fd, p, 2, 1000), 0);
    CHECK_ERR("pread with negative offset gives EINVAL", pread(fd, p, 2, -1), EINVAL);
    CHECK_ERR("pread into bad pointer gives EFAULT", pread(fd, BAD_PTR, 2, 0), EFAULT);
    struct iovec pv[2] = { { a, 1 }, { b, 1 } };
    CHECK_EQ("preadv at 100", preadv(fd, pv, 2, 100), 2);
    CHECK("preadv data", a[0] == 'X' && b[0] == 'Y');
    struct iovec qv[1] = { { "Q", 1 } };
    CHECK_EQ("pwritev at 0", pwritev(fd, qv, 1, 0), 1);
    CHECK_EQ("pwritev does not move the offset", lseek(fd, 0, SEEK_CUR), 0);
    close(fd);

    int pfd[2];
    pipe(pfd);
    CHECK_ERR("pread on a pipe gives ESPIPE", pread(pfd[0], p, 1, 0), ESPIPE);
    CHECK_ERR("pwrite on a pipe gives ESPIPE", pwrite(pfd[1], p, 1, 0), ESPIPE);
    CHECK_ERR("lseek on a pipe gives ESPIPE", lseek(pfd[0], 0, SEEK_SET), ESPIPE);
    close(pfd[0]);
    close(pfd[1]);
}

static void test_lseek(void)
{
    int fd = open("s", O_CREAT | O_RDWR | O_TRUNC, 0644);
    write(fd, "0123456789", 10);
    CHECK_EQ("lseek SEEK_SET 4", lseek(fd, 4, SEEK_SET), 4);
    CHECK_EQ("lseek SEEK_CUR +3", lseek(fd, 3, SEEK_CUR), 7);
    CHECK_EQ("lseek SEEK_CUR -2", lseek(fd, -2, SEEK_CUR), 5);
    CHECK_EQ("lseek SEEK_END 0", lseek(fd, 0, SEEK_END), 10);
    CHECK_EQ("lseek SEEK_END -3", lseek(fd, -3, SEEK_END), 7);
    char c = 0;
    read(fd, &c, 1);
    CHECK("read after SEEK_END -3 gives '7'", c == '7');
    CHECK_ERR("lseek to negative gives EINVAL", lseek(fd, -1, SEEK_SET), EINVAL);
    CHECK_ERR("lseek SEEK_END before start gives EINVAL", lseek(fd, -11, SEEK_END), EINVAL);
    CHECK_ERR("lseek bad whence gives EINVAL", lseek(fd, 0, 99), EINVAL);
    CHECK_ERR("lseek bad fd gives EBADF", lseek(99, 0, SEEK_SET), EBADF);
    CHECK_EQ("lseek past end is allowed", lseek(fd, 4096 * 3 + 5, SEEK_SET), 4096 * 3 + 5);
    CHECK_EQ("size unchanged by lseek alone", size_of("s"), 10);
    CHECK_EQ("write after the hole", write(fd, "END", 3), 3);
    CHECK_EQ("size includes the hole", size_of("s"), 4096 * 3 + 8);
    char buf[4096 * 3 + 8];
    lseek(fd, 0, SEEK_SET);
    long got = 0, n;
    while ((n = read(fd, buf + got, sizeof buf - got)) > 0)
        got += n;
    CHECK_EQ("whole holey file reads back", got, (long)sizeof buf);
    int zeros = 1;
    for (int i = 10; i < 4096 * 3 + 5; i++)
        if (buf[i])
            zeros = 0;
    CHECK("hole reads as zeros", zeros);
    CHECK("data after the hole", memcmp(buf + 4096 * 3 + 5, "END", 3) == 0);
    close(fd);
}

static void test_stat(void)
{
    struct stat st, st2;
    put("st", "12345");
    CHECK_EQ("stat returns 0", stat("st", &st), 0);
    CHECK("stat: regular file", S_ISREG(st.st_mode));
    CHECK_EQ("stat: size 5", st.st_size, 5);
    CHECK_EQ("stat: mode 0644 after umask 022", st.st_mode & 07777, 0644);
    CHECK_EQ("stat: nlink 1", st.st_nlink, 1);
    CHECK("stat: blksize positive", st.st_blksize > 0);
    CHECK_EQ("stat .: returns 0", stat(".", &st2), 0);
    CHECK("stat .: directory", S_ISDIR(st2.st_mode));
    CHECK("stat .: not regular", !S_ISREG(st2.st_mode));
    CHECK("stat: file and dir differ in inode", st.st_ino != st2.st_ino);
    int fd = open("st", O_RDONLY);
    CHECK_EQ("fstat returns 0", fstat(fd, &st2), 0);
    CHECK("fstat: same inode as stat", st2.st_ino == st.st_ino && st2.st_dev == st.st_dev);
    CHECK_EQ("fstat: size 5", st2.st_size, 5);
    CHECK_ERR("fstat bad buffer gives EFAULT", syscall(SYS_fstat, fd, BAD_PTR), EFAULT);
    close(fd);
    CHECK_ERR("fstat bad fd gives EBADF", fstat(42, &st2), EBADF);
    CHECK_ERR("stat missing gives ENOENT", stat("missing", &st2), ENOENT);
    CHECK_ERR("stat missing/dir/x gives ENOENT", stat("missing/x", &st2), ENOENT);
    CHECK_ERR("stat file/x gives ENOTDIR", stat("st/x", &st2), ENOTDIR);
    CHECK_ERR("stat bad path pointer gives EFAULT", stat(BAD_PTR, &st2), EFAULT);
    CHECK_ERR("stat bad buffer gives EFAULT", syscall(SYS_stat, "st", KERNEL_PTR), EFAULT);
    CHECK_ERR("stat empty path gives ENOENT", stat("", &st2), ENOENT);

    symlink("st", "st-link");
    CHECK_EQ("lstat symlink returns 0", lstat("st-link", &st2), 0);
    CHECK("lstat: S_ISLNK", S_ISLNK(st2.st_mode));
    CHECK_EQ("lstat: size is target length", st2.st_size, 2);
    CHECK_EQ("stat through symlink returns 0", stat("st-link", &st2), 0);
    CHECK("stat through symlink: regular", S_ISREG(st2.st_mode));
    CHECK("stat through symlink: target inode", st2.st_ino == st.st_ino);

    int dfd = open(".", O_RDONLY | O_DIRECTORY);
    CHECK_EQ("fstatat relative to dirfd", fstatat(dfd, "st", &st2, 0), 0);
    CHECK("fstatat: same inode", st2.st_ino == st.st_ino);
    CHECK_EQ("fstatat AT_SYMLINK_NOFOLLOW", fstatat(dfd, "st-link", &st2, AT_SYMLINK_NOFOLLOW), 0);
    CHECK("fstatat AT_SYMLINK_NOFOLLOW: S_ISLNK", S_ISLNK(st2.st_mode));
    fd = open("st", O_RDONLY);
    CHECK_EQ("fstatat AT_EMPTY_PATH on fd", fstatat(fd, "", &st2, AT_EMPTY_PATH), 0);
    CHECK("fstatat AT_EMPTY_PATH: same inode", st2.st_ino == st.st_ino);
    CHECK_ERR("fstatat with file dirfd gives ENOTDIR", fstatat(fd, "x", &st2, 0), ENOTDIR);
    close(fd);
    CHECK_ERR("fstatat bad dirfd gives EBADF", fstatat(123, "st", &st2, 0), EBADF);
    CHECK_ERR("fstatat bad flags gives EINVAL", fstatat(dfd, "st", &st2, 0x40000000), EINVAL);
    close(dfd);

    CHECK_EQ("stat /dev/null", stat("/dev/null", &st2), 0);
    CHECK("/dev/null is a character device", S_ISCHR(st2.st_mode));
    CHECK_EQ("stat /", stat("/", &st2), 0);
    CHECK("/ is a directory", S_ISDIR(st2.st_mode));
}

static void test_getdents(void)
{
    char name[64];
    CHECK_EQ("mkdir many", mkdir("many", 0755), 0);
    int made = 0;
    for (int i = 0; i < 50; i++) {
        snprintf(name, sizeof name, "many/file-%02d", i);
        if (put(name, "x") == 0)
            made++;
    }
    CHECK_EQ("created 50 files", made, 50);
    DIR *d = opendir("many");
    CHECK("opendir", d != NULL);
    int count = 0, dot = 0, dotdot = 0, bad = 0;
    unsigned char seen[50] = { 0 };
    struct dirent *e;
    while (d && (e = readdir(d))) {
        if (strcmp(e->d_name, ".") == 0) {
            dot++;
            continue;
        }
        if (strcmp(e->d_name, "..") == 0) {
            dotdot++;
            continue;
        }
        int k;
        if (sscanf(e->d_name, "file-%d", &k) == 1 && k >= 0 && k < 50 && !seen[k]) {
            seen[k] = 1;
            count++;
            if (e->d_type != DT_REG && e->d_type != DT_UNKNOWN)
                bad++;
        } else {
            bad++;
        }
    }
    CHECK_EQ("readdir lists 50 files", count, 50);
    CHECK_EQ("readdir lists . once", dot, 1);
    CHECK_EQ("readdir lists .. once", dotdot, 1);
    CHECK_EQ("readdir: no unexpected or duplicate entries", bad, 0);
    if (d) {
        rewinddir(d);
        int again = 0;
        while (readdir(d))
            again++;
        CHECK_EQ("rewinddir then readdir sees 52 entries", again, 52);
        closedir(d);
    }

    for (int i = 0; i < 50; i += 2) {
        snprintf(name, sizeof name, "many/file-%02d", i);
        unlink(name);
    }
    mkdir("many/sub", 0755);
    d = opendir("many");
    count = 0;
    int dirs = 0;
    while (d && (e = readdir(d))) {
        if (e->d_name[0] == '.')
            continue;
        count++;
        if (strcmp(e->d_name, "sub") == 0 && e->d_type == DT_DIR)
            dirs++;
    }
    if (d)
        closedir(d);
    CHECK_EQ("after unlinking 25 and adding a dir: 26 entries", count, 26);
    CHECK_EQ("subdirectory has d_type DT_DIR", dirs, 1);

    char buf[4096];
    int fd = open("many", O_RDONLY | O_DIRECTORY);
    long n;
    int entries = 0;
    while ((n = syscall(SYS_getdents64, fd, buf, sizeof buf)) > 0)
        for (long off = 0; off < n; off += ((struct dirent64 *)(buf + off))->d_reclen)
            entries++;
    CHECK_EQ("getdents64 ends with 0", n, 0);
    CHECK_EQ("getdents64 returns 28 records", entries, 28);
    close(fd);
    fd = open("many", O_RDONLY | O_DIRECTORY);
    CHECK_ERR("getdents64 with 1-byte buffer gives EINVAL", syscall(SYS_getdents64, fd, buf, 1), EINVAL);
    entries = 0;
    while ((n = syscall(SYS_getdents64, fd, buf, 100)) > 0)
        for (long off = 0; off < n; off += ((struct dirent64 *)(buf + off))->d_reclen)
            entries++;
    CHECK_EQ("EINVAL getdents64 consumes no entries (then 100-byte reads)", entries, 28);
    close(fd);
    fd = open("many", O_RDONLY | O_DIRECTORY);
    CHECK_ERR("getdents64 into bad pointer gives EFAULT", syscall(SYS_getdents64, fd, BAD_PTR, 4096), EFAULT);
    entries = 0;
    while ((n = syscall(SYS_getdents64, fd, buf, sizeof buf)) > 0)
        for (long off = 0; off < n; off += ((struct dirent64 *)(buf + off))->d_reclen)
            entries++;
    CHECK_EQ("EFAULT getdents64 consumes no entries", entries, 28);
    close(fd);
    fd = open("st", O_RDONLY);
    CHECK_ERR("getdents64 on a file gives ENOTDIR", syscall(SYS_getdents64, fd, buf, sizeof buf), ENOTDIR);
    close(fd);
    CHECK_ERR("getdents64 on bad fd gives EBADF", syscall(SYS_getdents64, 88, buf, sizeof buf), EBADF);
    CHECK("opendir missing fails", opendir("missing") == NULL && errno == ENOENT);
}

static void test_dup_fcntl(void)
{
    char c;
    put("dd", "abcdef");
    int fd = open("dd", O_RDWR);
    int lowest = open("/dev/null", O_RDONLY);
    close(lowest);
    int d = dup(fd);
    CHECK_EQ("dup returns lowest free fd", d, lowest);
    read(fd, &c, 1);
    read(d, &c, 1);
    CHECK("dup shares the file offset", c == 'b');
    CHECK_EQ("dup: offset seen through both", lseek(fd, 0, SEEK_CUR), 2);
    CHECK_EQ("dup does not copy FD_CLOEXEC", fcntl(d, F_GETFD), 0);
    CHECK_ERR("dup bad fd gives EBADF", dup(500), EBADF);

    CHECK_EQ("dup2 to 20", dup2(fd, 20), 20);
    CHECK_EQ("dup2 fd to itself returns fd", dup2(fd, fd), fd);
    CHECK_ERR("dup2 bad old fd gives EBADF", dup2(500, 21), EBADF);
    CHECK_ERR("dup2 onto -1 gives EBADF", dup2(fd, -1), EBADF);
    CHECK_ERR("dup2 onto huge fd gives EBADF", dup2(fd, 1 << 30), EBADF);
    int other = open("st", O_RDONLY);
    CHECK_EQ("dup2 over an open fd", dup2(fd, other), other);
    lseek(fd, 0, SEEK_SET);
    read(other, &c, 1);
    CHECK("dup2 replaced the old file", c == 'a');
    CHECK_EQ("dup3 with O_CLOEXEC", syscall(SYS_dup3, fd, 22, O_CLOEXEC), 22);
    CHECK_EQ("dup3 O_CLOEXEC sets FD_CLOEXEC", fcntl(22, F_GETFD), FD_CLOEXEC);
    CHECK_ERR("dup3 same fd gives EINVAL", syscall(SYS_dup3, fd, fd, 0), EINVAL);
    CHECK_ERR("dup3 bad flags gives EINVAL", syscall(SYS_dup3, fd, 23, 0x1234), EINVAL);
    close(20);
    close(22);
    close(other);

    int f = fcntl(fd, F_DUPFD, 30);
    CHECK("F_DUPFD returns >= 30", f >= 30);
    CHECK_EQ("F_DUPFD clears FD_CLOEXEC", fcntl(f, F_GETFD), 0);
    int g = fcntl(fd, F_DUPFD, 30);
    CHECK_EQ("F_DUPFD picks the next free fd", g, f + 1);
    int h = fcntl(fd, F_DUPFD_CLOEXEC, 40);
    CHECK("F_DUPFD_CLOEXEC returns >= 40", h >= 40);
    CHECK_EQ("F_DUPFD_CLOEXEC sets FD_CLOEXEC", fcntl(h, F_GETFD), FD_CLOEXEC);
    CHECK_ERR("F_DUPFD with negative minimum gives EINVAL", fcntl(fd, F_DUPFD, -1), EINVAL);
    close(f);
    close(g);
    close(h);

    CHECK_EQ("F_GETFD initially 0", fcntl(fd, F_GETFD), 0);
    CHECK_EQ("F_SETFD FD_CLOEXEC", fcntl(fd, F_SETFD, FD_CLOEXEC), 0);
    CHECK_EQ("F_GETFD now FD_CLOEXEC", fcntl(fd, F_GETFD), FD_CLOEXEC);
    CHECK_EQ("dup'd fd keeps its own FD_CLOEXEC", fcntl(d, F_GETFD), 0);
    fcntl(fd, F_SETFD, 0);
    CHECK_EQ("F_GETFL access mode O_RDWR", fcntl(fd, F_GETFL) & O_ACCMODE, O_RDWR);
    CHECK("F_GETFL no O_APPEND yet", !(fcntl(fd, F_GETFL) & O_APPEND));
    CHECK_EQ("F_SETFL O_APPEND", fcntl(fd, F_SETFL, O_APPEND), 0);
    CHECK("F_GETFL has O_APPEND", fcntl(fd, F_GETFL) & O_APPEND);
    CHECK("F_SETFL O_APPEND is shared with dup", fcntl(d, F_GETFL) & O_APPEND);
    lseek(fd, 0, SEEK_SET);
    write(fd, "Z", 1);
    CHECK_EQ("write after F_SETFL O_APPEND goes to end", size_of("dd"), 7);
    fcntl(fd, F_SETFL, O_RDONLY);
    CHECK_EQ("F_SETFL cannot change access mode", fcntl(fd, F_GETFL) & O_ACCMODE, O_RDWR);
    CHECK("F_SETFL 0 cleared O_APPEND", !(fcntl(fd, F_GETFL) & O_APPEND));
    CHECK_ERR("fcntl bad fd gives EBADF", fcntl(321, F_GETFD), EBADF);
    CHECK_ERR("fcntl bad command gives EINVAL", fcntl(fd, 9999), EINVAL);
    close(d);
    close(fd);
}

static void test_access(void)
{
    put("ac", "x");
    chmod("ac", 0644);
    CHECK_EQ("access F_OK existing", access("ac", F_OK), 0);
    CHECK_EQ("access R_OK|W_OK", access("ac", R_OK | W_OK), 0);
    CHECK_ERR("access X_OK on 0644 file gives EACCES", access("ac", X_OK), EACCES);
    chmod("ac", 0755);
    CHECK_EQ("access X_OK on 0755 file", access("ac", X_OK), 0);
    CHECK_ERR("access missing gives ENOENT", access("missing", F_OK), ENOENT);
    CHECK_ERR("access bad mode gives EINVAL", access("ac", 0x100), EINVAL);
    CHECK_ERR("access bad pointer gives EFAULT", access(BAD_PTR, F_OK), EFAULT);
    CHECK_ERR("access file/x gives ENOTDIR", access("ac/x", F_OK), ENOTDIR);
    int dfd = open(".", O_RDONLY | O_DIRECTORY);
    CHECK_EQ("faccessat relative to dirfd", faccessat(dfd, "ac", R_OK, 0), 0);
    CHECK_ERR("faccessat missing gives ENOENT", faccessat(dfd, "missing", F_OK, 0), ENOENT);
    CHECK_ERR("faccessat bad dirfd gives EBADF", faccessat(444, "ac", F_OK, 0), EBADF);
    close(dfd);
    CHECK_EQ("access on a directory X_OK", access(".", X_OK), 0);
}

static void test_names(void)
{
    struct stat st, st2;
    char buf[64];

    CHECK_EQ("mkdir d", mkdir("d", 0755), 0);
    CHECK_EQ("stat d: directory with mode 0755", stat("d", &st) == 0 ? (long)(st.st_mode & 0177777) : -1L, S_IFDIR | 0755);
    CHECK_ERR("mkdir existing gives EEXIST", mkdir("d", 0755), EEXIST);
    CHECK_ERR("mkdir over a file gives EEXIST", mkdir("st", 0755), EEXIST);
    CHECK_ERR("mkdir missing/x gives ENOENT", mkdir("missing/x", 0755), ENOENT);
    CHECK_ERR("mkdir file/x gives ENOTDIR", mkdir("st/x", 0755), ENOTDIR);
    CHECK_ERR("mkdir bad pointer gives EFAULT", mkdir(BAD_PTR, 0755), EFAULT);
    put("d/f", "data");
    CHECK_ERR("rmdir non-empty gives ENOTEMPTY", rmdir("d"), ENOTEMPTY);
    CHECK_ERR("rmdir a file gives ENOTDIR", rmdir("d/f"), ENOTDIR);
    CHECK_ERR("rmdir missing gives ENOENT", rmdir("missing"), ENOENT);
    CHECK_ERR("rmdir . gives EINVAL", rmdir("d/."), EINVAL);
    CHECK_ERR("unlink a directory gives EISDIR", unlink("d"), EISDIR);
    CHECK_ERR("unlink missing gives ENOENT", unlink("missing"), ENOENT);
    CHECK_ERR("unlink file/x gives ENOTDIR", unlink("d/f/x"), ENOTDIR);
    CHECK_EQ("unlink file", unlink("d/f"), 0);
    CHECK_ERR("stat after unlink gives ENOENT", stat("d/f", &st), ENOENT);
    CHECK_EQ("rmdir empty directory", rmdir("d"), 0);
    CHECK_ERR("stat after rmdir gives ENOENT", stat("d", &st), ENOENT);

    mkdir("u", 0755);
    put("u/f", "x");
    int dfd = open("u", O_RDONLY | O_DIRECTORY);
    CHECK_ERR("unlinkat bad flags gives EINVAL", unlinkat(dfd, "f", 0x1), EINVAL);
    put("u/f", "x");
    CHECK_ERR("unlinkat AT_REMOVEDIR on a file gives ENOTDIR", unlinkat(dfd, "f", AT_REMOVEDIR), ENOTDIR);
    CHECK_EQ("unlinkat file relative to dirfd", unlinkat(dfd, "f", 0), 0);
    mkdir("u/sub", 0755);
    CHECK_ERR("unlinkat without AT_REMOVEDIR on a dir gives EISDIR", unlinkat(dfd, "sub", 0), EISDIR);
    CHECK_EQ("unlinkat AT_REMOVEDIR", unlinkat(dfd, "sub", AT_REMOVEDIR), 0);
    close(dfd);

    /* An open file survives its unlink. */
    put("gone", "still here");
    int fd = open("gone", O_RDONLY);
    unlink("gone");
    memset(buf, 0, sizeof buf);
    CHECK_EQ("read from an unlinked open file", read(fd, buf, sizeof buf), 10);
    CHECK("unlinked file data intact", strcmp(buf, "still here") == 0);
    CHECK_EQ("fstat of unlinked file: nlink 0", fstat(fd, &st) == 0 ? (long)st.st_nlink : -1L, 0);
    close(fd);

    /* rename */
    put("r1", "one");
    put("r2", "two");
    stat("r1", &st);
    CHECK_EQ("rename to new name", rename("r1", "r3"), 0);
    CHECK_ERR("old name is gone", stat("r1", &st2), ENOENT);
    CHECK("new name has the same inode", stat("r3", &st2) == 0 && st2.st_ino == st.st_ino);
    CHECK_EQ("rename over an existing file", rename("r3", "r2"), 0);
    get("r2", buf, sizeof buf);
    CHECK("replaced file has the new contents", strcmp(buf, "one") == 0);
    CHECK_EQ("rename onto itself", rename("r2", "r2"), 0);
    CHECK_ERR("rename missing gives ENOENT", rename("missing", "x"), ENOENT);
    CHECK_ERR("rename into missing dir gives ENOENT", rename("r2", "missing/x"), ENOENT);
    mkdir("rd1", 0755);
    mkdir("rd2", 0755);
    put("rd2/f", "x");
    CHECK_ERR("rename dir onto non-empty dir gives ENOTEMPTY", rename("rd1", "rd2"), ENOTEMPTY);
    CHECK_ERR("rename file onto dir gives EISDIR", rename("r2", "rd1"), EISDIR);
    CHECK_ERR("rename dir onto file gives ENOTDIR", rename("rd1", "r2"), ENOTDIR);
    CHECK_ERR("rename dir into its own subdir gives EINVAL", rename("rd2", "rd2/inner"), EINVAL);
    mkdir("rd3", 0755);
    CHECK_EQ("rename dir onto empty dir", rename("rd1", "rd3"), 0);
    CHECK_ERR("renamed-away dir is gone", stat("rd1", &st), ENOENT);
    CHECK_EQ("rename file across directories", rename("r2", "rd2/moved"), 0);
    get("rd2/moved", buf, sizeof buf);
    CHECK("moved file readable", strcmp(buf, "one") == 0);
    CHECK_EQ("rename directory with contents", rename("rd2", "rd4"), 0);
    CHECK_EQ("contents follow the directory", size_of("rd4/moved"), 3);
    int d1 = open("rd4", O_RDONLY | O_DIRECTORY), d2 = open("rd3", O_RDONLY | O_DIRECTORY);
    CHECK_EQ("renameat between dirfds", renameat(d1, "moved", d2, "back"), 0);
    CHECK_EQ("renameat result", size_of("rd3/back"), 3);
    close(d1);
    close(d2);

    /* link */
    put("l1", "linked");
    stat("l1", &st);
    CHECK_EQ("link", link("l1", "l2"), 0);
    CHECK("link: same inode", stat("l2", &st2) == 0 && st2.st_ino == st.st_ino);
    CHECK_EQ("link: nlink 2", st2.st_nlink, 2);
    CHECK_ERR("link onto existing gives EEXIST", link("l1", "l2"), EEXIST);
    CHECK_ERR("link missing gives ENOENT", link("missing", "l3"), ENOENT);
    CHECK_ERR("link a directory gives EPERM", link("rd3", "rd5"), EPERM);
    fd = open("l2", O_WRONLY | O_APPEND);
    write(fd, "!", 1);
    close(fd);
    get("l1", buf, sizeof buf);
    CHECK("write through one link seen through the other", strcmp(buf, "linked!") == 0);
    unlink("l1");
    CHECK("unlink one link: nlink 1", stat("l2", &st2) == 0 && st2.st_nlink == 1);
    CHECK_EQ("linkat", linkat(AT_FDCWD, "l2", AT_FDCWD, "l4", 0), 0);

    /* symlink and readlink */
    CHECK_EQ("symlink", symlink("l2", "sl"), 0);
    memset(buf, 'Q', sizeof buf);
    CHECK_EQ("readlink returns target length", readlink("sl", buf, sizeof buf), 2);
    CHECK("readlink target", memcmp(buf, "l2", 2) == 0);
    CHECK("readlink does not NUL-terminate", buf[2] == 'Q');
    CHECK_EQ("readlink truncates to the buffer", readlink("sl", buf, 1), 1);
    CHECK_ERR("readlink on a regular file gives EINVAL", readlink("l2", buf, sizeof buf), EINVAL);
    CHECK_ERR("readlink missing gives ENOENT", readlink("missing", buf, sizeof buf), ENOENT);
    CHECK_ERR("readlink into bad pointer gives EFAULT", readlink("sl", BAD_PTR, 10), EFAULT);
    CHECK_ERR("readlink with size 0 gives EINVAL", syscall(SYS_readlink, "sl", buf, 0), EINVAL);
    CHECK_ERR("symlink onto existing gives EEXIST", symlink("x", "sl"), EEXIST);
    get("sl", buf, sizeof buf);
    CHECK("open through symlink reads target", strcmp(buf, "linked!") == 0);
    CHECK_ERR("open O_NOFOLLOW on symlink gives ELOOP", open("sl", O_RDONLY | O_NOFOLLOW), ELOOP);
    symlink("nowhere", "dangling");
    CHECK_ERR("stat dangling symlink gives ENOENT", stat("dangling", &st), ENOENT);
    CHECK("lstat dangling symlink works", lstat("dangling", &st) == 0 && S_ISLNK(st.st_mode));
    symlink("loop2", "loop1");
    symlink("loop1", "loop2");
    CHECK_ERR("open symlink loop gives ELOOP", open("loop1", O_RDONLY), ELOOP);
    symlink("rd3", "dirlink");
    CHECK_EQ("path through a directory symlink", size_of("dirlink/back"), 3);
    CHECK_EQ("unlink removes the symlink, not the target", unlink("sl"), 0);
    CHECK_EQ("target still there", size_of("l2"), 7);
    int dd = open(".", O_RDONLY | O_DIRECTORY);
    CHECK_EQ("symlinkat relative to dirfd", symlinkat("l2", dd, "sl2"), 0);
    CHECK_EQ("readlinkat relative to dirfd", readlinkat(dd, "sl2", buf, sizeof buf), 2);
    close(dd);
}

static void test_chmod_utime_truncate(void)
{
    struct stat st;
    put("cm", "0123456789");
    CHECK_EQ("chmod 0600", chmod("cm", 0600), 0);
    CHECK_EQ("stat after chmod: 0600 regular", stat("cm", &st) == 0 ? (long)(st.st_mode & 0177777) : -1L, S_IFREG | 0600);
    int fd = open("cm", O_RDWR);
    CHECK_EQ("fchmod 0640", fchmod(fd, 0640), 0);
    CHECK_EQ("fstat after fchmod: 0640", fstat(fd, &st) == 0 ? (long)(st.st_mode & 07777) : -1L, 0640);
    CHECK_ERR("chmod missing gives ENOENT", chmod("missing", 0644), ENOENT);
    CHECK_ERR("fchmod bad fd gives EBADF", fchmod(99, 0644), EBADF);
    mkdir("cmd", 0755);
    chmod("cmd", 0700);
    CHECK_EQ("chmod a directory keeps S_IFDIR", stat("cmd", &st) == 0 ? (long)(st.st_mode & 0177777) : -1L, S_IFDIR | 0700);

    struct timespec ts[2] = { { 1000000000, 0 }, { 1234567890, 500000000 } };
    CHECK_EQ("utimensat set times", utimensat(AT_FDCWD, "cm", ts, 0), 0);
    stat("cm", &st);
    CHECK_EQ("mtime seconds read back", st.st_mtim.tv_sec, 1234567890);
    CHECK_EQ("mtime nanoseconds read back", st.st_mtim.tv_nsec, 500000000);
    CHECK_EQ("atime seconds read back", st.st_atim.tv_sec, 1000000000);
    struct timespec omit[2] = { { 0, UTIME_OMIT }, { 1500000000, 0 } };
    CHECK_EQ("utimensat UTIME_OMIT for atime", utimensat(AT_FDCWD, "cm", omit, 0), 0);
    stat("cm", &st);
    CHECK("UTIME_OMIT left atime alone", st.st_atim.tv_sec == 1000000000 && st.st_mtim.tv_sec == 1500000000);
    struct timespec fts[2] = { { 1600000000, 0 }, { 1700000000, 0 } };
    CHECK_EQ("futimens", futimens(fd, fts), 0);
    fstat(fd, &st);
    CHECK_EQ("futimens mtime read back", st.st_mtim.tv_sec, 1700000000);
    CHECK_EQ("utimensat NULL times (now)", utimensat(AT_FDCWD, "cm", NULL, 0), 0);
    stat("cm", &st);
    long now = (long)time(NULL);
    CHECK("utimensat NULL sets mtime to about now", st.st_mtim.tv_sec >= now - 5 && st.st_mtim.tv_sec <= now + 1);
    CHECK_ERR("utimensat missing gives ENOENT", utimensat(AT_FDCWD, "missing", ts, 0), ENOENT);
    struct timespec bad[2] = { { 0, 1000000000 }, { 0, 0 } };
    CHECK_ERR("utimensat bad nanoseconds gives EINVAL", utimensat(AT_FDCWD, "cm", bad, 0), EINVAL);
    CHECK_ERR("utimensat bad times pointer gives EFAULT", syscall(SYS_utimensat, AT_FDCWD, "cm", BAD_PTR, 0), EFAULT);

    /* Writing updates mtime. */
    utimensat(AT_FDCWD, "cm", ts, 0);
    lseek(fd, 0, SEEK_END);
    write(fd, "x", 1);
    fstat(fd, &st);
    CHECK("write updates mtime", st.st_mtim.tv_sec > 1234567890);

    CHECK_EQ("truncate grows to 5000", truncate("cm", 5000), 0);
    CHECK_EQ("size after truncate 5000", size_of("cm"), 5000);
    char buf[16];
    CHECK_EQ("pread grown region", pread(fd, buf, 4, 4000), 4);
    CHECK("grown region reads zeros", buf[0] == 0 && buf[3] == 0);
    CHECK_EQ("ftruncate shrinks to 3", ftruncate(fd, 3), 0);
    CHECK_EQ("size after ftruncate 3", size_of("cm"), 3);
    CHECK_EQ("read after shrink", pread(fd, buf, 16, 0), 3);
    CHECK_EQ("ftruncate grow again to 8", ftruncate(fd, 8), 0);
    CHECK_EQ("re-grown tail", pread(fd, buf, 16, 0), 8);
    CHECK("re-grown tail is zero, not old data", buf[3] == 0 && buf[7] == 0 && buf[0] == '0');
    close(fd);
    CHECK_ERR("truncate missing gives ENOENT", truncate("missing", 0), ENOENT);
    CHECK_ERR("truncate negative gives EINVAL", truncate("cm", -1), EINVAL);
    CHECK_ERR("truncate a directory gives EISDIR", truncate("cmd", 0), EISDIR);
    fd = open("cm", O_RDONLY);
    CHECK_ERR("ftruncate on O_RDONLY fd gives EINVAL", ftruncate(fd, 0), EINVAL);
    close(fd);
    CHECK_ERR("ftruncate bad fd gives EBADF", ftruncate(77, 0), EBADF);
    int p[2];
    pipe(p);
    CHECK_ERR("ftruncate a pipe gives EINVAL", ftruncate(p[1], 0), EINVAL);
    close(p[0]);
    close(p[1]);
}

static void test_cwd(void)
{
    char cwd[PATH_MAX], want[PATH_MAX + 16], small[2];
    CHECK("getcwd returns buf", getcwd(cwd, sizeof cwd) == cwd);
    CHECK("getcwd equals the test directory", strcmp(cwd, base) == 0);
    CHECK_ERR("getcwd with 1-byte buffer gives ERANGE", (long)getcwd(small, 1) == 0 ? -1 : 0, ERANGE);
    mkdir("cw", 0755);
    mkdir("cw/deeper", 0755);
    int here = open(".", O_RDONLY | O_DIRECTORY);
    CHECK_EQ("chdir into subdir", chdir("cw/deeper"), 0);
    getcwd(cwd, sizeof cwd);
    snprintf(want, sizeof want, "%s/cw/deeper", base);
    CHECK("getcwd after chdir", strcmp(cwd, want) == 0);
    CHECK_EQ("chdir ..", chdir(".."), 0);
    getcwd(cwd, sizeof cwd);
    snprintf(want, sizeof want, "%s/cw", base);
    CHECK("getcwd after chdir ..", strcmp(cwd, want) == 0);
    put("rel", "r");
    CHECK_EQ("relative path resolves from new cwd", size_of("rel"), 1);
    CHECK_ERR("chdir missing gives ENOENT", chdir("missing"), ENOENT);
    CHECK_ERR("chdir to a file gives ENOTDIR", chdir("rel"), ENOTDIR);
    CHECK_ERR("chdir bad pointer gives EFAULT", chdir(BAD_PTR), EFAULT);
    CHECK_EQ("fchdir back", fchdir(here), 0);
    getcwd(cwd, sizeof cwd);
    CHECK("getcwd after fchdir", strcmp(cwd, base) == 0);
    int f = open("cw/rel", O_RDONLY);
    CHECK_ERR("fchdir to a file gives ENOTDIR", fchdir(f), ENOTDIR);
    close(f);
    CHECK_ERR("fchdir bad fd gives EBADF", fchdir(66), EBADF);
    close(here);
    chdir("/");
    CHECK("getcwd at /", getcwd(cwd, sizeof cwd) && strcmp(cwd, "/") == 0);
    chdir(base);
}

static void test_umask(void)
{
    struct stat st;
    CHECK_EQ("umask returns the previous mask", umask(077), 022);
    int fd = creat("um", 0666);
    close(fd);
    CHECK_EQ("creat 0666 under umask 077 gives 0600", stat("um", &st) == 0 ? (long)(st.st_mode & 0777) : -1L, 0600);
    mkdir("umd", 0777);
    CHECK_EQ("mkdir 0777 under umask 077 gives 0700", stat("umd", &st) == 0 ? (long)(st.st_mode & 0777) : -1L, 0700);
    CHECK_EQ("umask 0 returns 077", umask(0), 077);
    fd = open("um0", O_CREAT | O_WRONLY, 0666);
    close(fd);
    CHECK_EQ("open 0666 under umask 0 gives 0666", stat("um0", &st) == 0 ? (long)(st.st_mode & 0777) : -1L, 0666);
    CHECK_EQ("umask keeps only 0777 bits", (umask(0177777), umask(022)), 0777);
    fd = open("um0", O_CREAT | O_WRONLY, 0600);
    close(fd);
    CHECK_EQ("O_CREAT on existing file keeps its mode", stat("um0", &st) == 0 ? (long)(st.st_mode & 0777) : -1L, 0666);
}

static void test_devices(void)
{
    char buf[256];
    int fd = open("/dev/null", O_RDWR);
    CHECK("open /dev/null", fd >= 0);
    CHECK_EQ("write /dev/null swallows all", write(fd, buf, sizeof buf), 256);
    CHECK_EQ("read /dev/null gives EOF", read(fd, buf, sizeof buf), 0);
    CHECK_EQ("lseek /dev/null returns 0", lseek(fd, 100, SEEK_SET), 0);
    close(fd);

    fd = open("/dev/zero", O_RDWR);
    CHECK("open /dev/zero", fd >= 0);
    memset(buf, 0x5a, sizeof buf);
    CHECK_EQ("read /dev/zero fills the buffer", read(fd, buf, sizeof buf), 256);
    int z = 1;
    for (int i = 0; i < 256; i++)
        if (buf[i])
            z = 0;
    CHECK("/dev/zero gives zeros", z);
    CHECK_EQ("write /dev/zero accepted", write(fd, buf, 100), 100);
    CHECK_ERR("read /dev/zero into bad pointer gives EFAULT", read(fd, BAD_PTR, 10), EFAULT);
    close(fd);

    fd = open("/dev/full", O_RDWR);
    CHECK("open /dev/full", fd >= 0);
    CHECK_ERR("write /dev/full gives ENOSPC", write(fd, "x", 1), ENOSPC);
    memset(buf, 0x5a, sizeof buf);
    CHECK_EQ("read /dev/full gives data", read(fd, buf, 16), 16);
    CHECK("/dev/full reads zeros", buf[0] == 0 && buf[15] == 0);
    close(fd);
    struct stat st;
    CHECK("/dev/zero is a character device", stat("/dev/zero", &st) == 0 && S_ISCHR(st.st_mode));
}

int main(int argc, char **argv)
{
    const char *dir = argc > 1 ? argv[1] : "/tmp";
    umask(022);
    if (chdir(dir) != 0 || !getcwd(base, sizeof base)) {
        printf("FAIL - cannot enter %s\n", dir);
        return 2;
    }
    run_section("open_close_read_write", test_open_close_read_write, 60);
    run_section("vectored_and_positional", test_vectored_and_positional, 60);
    run_section("lseek", test_lseek, 60);
    run_section("stat", test_stat, 60);
    run_section("getdents", test_getdents, 60);
    run_section("dup_fcntl", test_dup_fcntl, 60);
    run_section("access", test_access, 60);
    run_section("names", test_names, 60);
    run_section("chmod_utime_truncate", test_chmod_utime_truncate, 60);
    run_section("cwd", test_cwd, 60);
    run_section("umask", test_umask, 60);
    run_section("devices", test_devices, 60);
    return done();
}
