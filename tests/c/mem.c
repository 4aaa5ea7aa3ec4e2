/*
 * mem.c: memory: brk, mmap (anonymous, fixed, file-backed, shared), munmap,
 * mprotect, mremap, madvise, faults delivered as SIGSEGV/SIGBUS with the
 * right si_addr and si_code, stack growth, malloc.
 *
 * Usage: mem [DIR]   (a scratch directory for the file mappings; default /tmp)
 */
#define _GNU_SOURCE
#include "check.h"

#include <fcntl.h>
#include <setjmp.h>
#include <signal.h>
#include <stdint.h>
#include <stdlib.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#ifndef MAP_FIXED_NOREPLACE
#define MAP_FIXED_NOREPLACE 0x100000
#endif

#define PAGE 4096L

static sigjmp_buf fault_jump;
static volatile int fault_sig, fault_code;
static void *volatile fault_addr;

static void on_fault(int sig, siginfo_t *si, void *uc)
{
    (void)uc;
    fault_sig = sig;
    fault_code = si->si_code;
    fault_addr = si->si_addr;
    siglongjmp(fault_jump, 1);
}

/* Touch one byte at p (write if wr) and return the signal it raised, or 0. */
static int touch(volatile char *p, int wr)
{
    fault_sig = 0;
    fault_code = 0;
    fault_addr = NULL;
    if (sigsetjmp(fault_jump, 1) == 0) {
        if (wr)
            *p = 1;
        else
            (void)*p;
        return 0;
    }
    return fault_sig;
}

/* Call code at p (returns int) and return the signal it raised, or 0. */
static int call_at(void *p, int *result)
{
    fault_sig = 0;
    fault_addr = NULL;
    if (sigsetjmp(fault_jump, 1) == 0) {
        *result = ((int (*)(void))p)();
        return 0;
    }
    return fault_sig;
}

static void *map(size_t len, int prot)
{
    return mmap(NULL, len, prot, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
}

static void test_brk(void)
{
    uintptr_t start = (uintptr_t)syscall(SYS_brk, 0);
    CHECK("brk(0) returns the current break", start != 0 && start != (uintptr_t)-1);
    CHECK_EQ("brk(0) is stable", (uintptr_t)syscall(SYS_brk, 0), start);
    uintptr_t want = start + 64 * 1024;
    CHECK_EQ("brk grows by 64 KiB", (uintptr_t)syscall(SYS_brk, want), want);
    int zero = 1, ok = 1;
    for (uintptr_t p = start; p < want; p++)
        if (*(char *)p)
            zero = 0;
    for (uintptr_t p = start; p < want; p++)
        *(char *)p = (char)p;
    for (uintptr_t p = start; p < want; p++)
        if (*(char *)p != (char)p)
            ok = 0;
    CHECK("new brk memory is zeroed", zero);
    CHECK("new brk memory is writable", ok);
    uintptr_t big = want + 8 * 1024 * 1024;
    CHECK_EQ("brk grows by 8 MiB more", (uintptr_t)syscall(SYS_brk, big), big);
    ((char *)big)[-1] = 7;
    CHECK("last byte below the 8 MiB break usable", ((char *)big)[-1] == 7);
    CHECK_EQ("brk(0) reports the new break", (uintptr_t)syscall(SYS_brk, 0), big);
    CHECK_EQ("brk shrinks", (uintptr_t)syscall(SYS_brk, want), want);
    uintptr_t page_after = (want + PAGE - 1) & ~(PAGE - 1);
    CHECK_EQ("memory above a shrunk break faults", touch((char *)page_after + PAGE, 0), SIGSEGV);
    CHECK_EQ("brk below the start is refused (returns the old break)", (uintptr_t)syscall(SYS_brk, start - 16 * 1024 * 1024), want);
    CHECK_EQ("brk into the kernel half is refused", (uintptr_t)syscall(SYS_brk, 0xffff800000000000UL), want);
    CHECK_EQ("regrow: brk back to 64 KiB", (uintptr_t)syscall(SYS_brk, want), want);
    CHECK("data below a shrink survives", *(char *)(start + 100) == (char)(start + 100));
    syscall(SYS_brk, start);
}

static void test_anon(void)
{
    size_t len = 1 << 20;
    char *p = map(len, PROT_READ | PROT_WRITE);
    CHECK("mmap anonymous 1 MiB", p != MAP_FAILED);
    CHECK_EQ("mmap result is page aligned", (uintptr_t)p % PAGE, 0);
    int zero = 1;
    for (size_t i = 0; i < len; i++)
        if (p[i])
            zero = 0;
    CHECK("anonymous memory is zeroed", zero);
    memset(p, 0xab, len);
    CHECK("anonymous memory is writable", (unsigned char)p[len - 1] == 0xab && (unsigned char)p[0] == 0xab);
    CHECK_EQ("munmap returns 0", munmap(p, len), 0);
    CHECK_EQ("access after munmap gives SIGSEGV", touch(p + 100, 0), SIGSEGV);
    CHECK("SIGSEGV si_addr is the faulting address", fault_addr == p + 100);
    CHECK_EQ("SIGSEGV si_code is SEGV_MAPERR", fault_code, SEGV_MAPERR);
    CHECK_EQ("write after munmap gives SIGSEGV", touch(p + len - 1, 1), SIGSEGV);
    CHECK("SIGSEGV si_addr for the write", fault_addr == p + len - 1);

    /* Unmap the middle page of three. */
    char *q = map(3 * PAGE, PROT_READ | PROT_WRITE);
    q[0] = 'a';
    q[PAGE] = 'b';
    q[2 * PAGE] = 'c';
    CHECK_EQ("munmap the middle page", munmap(q + PAGE, PAGE), 0);
    CHECK_EQ("first page still mapped", touch(q, 0), 0);
    CHECK_EQ("middle page faults", touch(q + PAGE + 5, 0), SIGSEGV);
    CHECK("middle page si_addr", fault_addr == q + PAGE + 5);
    CHECK("third page still mapped with its data", touch(q + 2 * PAGE, 0) == 0 && q[2 * PAGE] == 'c');
    CHECK_EQ("munmap a range with a hole in it", munmap(q, 3 * PAGE), 0);
    CHECK_EQ("munmap an unmapped range succeeds", munmap(q, 3 * PAGE), 0);

    /* MAP_FIXED over an existing mapping replaces just those pages. */
    char *f = map(4 * PAGE, PROT_READ | PROT_WRITE);
    memset(f, 'A', 4 * PAGE);
    char *r = mmap(f + PAGE, PAGE, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED, -1, 0);
    CHECK("MAP_FIXED returns the requested address", r == f + PAGE);
    CHECK("MAP_FIXED page is fresh (zero)", f[PAGE] == 0 && f[2 * PAGE - 1] == 0);
    CHECK("MAP_FIXED leaves neighbours alone", f[0] == 'A' && f[PAGE - 1] == 'A' && f[2 * PAGE] == 'A');
    errno = 0;
    r = mmap(f + 2 * PAGE, PAGE, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED_NOREPLACE, -1, 0);
    CHECK("MAP_FIXED_NOREPLACE over a mapping gives EEXIST", r == MAP_FAILED && errno == EEXIST);
    CHECK("failed MAP_FIXED_NOREPLACE left the page alone", f[2 * PAGE] == 'A');
    munmap(f + 3 * PAGE, PAGE);
    r = mmap(f + 3 * PAGE, PAGE, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED_NOREPLACE, -1, 0);
    CHECK("MAP_FIXED_NOREPLACE on a free range maps there", r == f + 3 * PAGE);
    munmap(f, 4 * PAGE);

    /* 64 MiB, touched sparsely. */
    size_t huge = 64UL << 20;
    char *h = map(huge, PROT_READ | PROT_WRITE);
    CHECK("mmap 64 MiB anonymous", h != MAP_FAILED);
    if (h != MAP_FAILED) {
        for (size_t off = 0; off < huge; off += 1 << 20)
            h[off + (off >> 20)] = (char)(off >> 20);
        int good = 1;
        for (size_t off = 0; off < huge; off += 1 << 20)
            if (h[off + (off >> 20)] != (char)(off >> 20) || h[off + 4000] != 0)
                good = 0;
        h[huge - 1] = 9;
        CHECK("64 MiB mapping touched every MiB", good && h[huge - 1] == 9);
        CHECK_EQ("munmap 64 MiB", munmap(h, huge), 0);
    }

    /* Shared and private anonymous memory across fork. */
    int *shared = mmap(NULL, PAGE, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
    int *priv = map(PAGE, PROT_READ | PROT_WRITE);
    *shared = 1;
    *priv = 1;
    pid_t pid = fork();
    if (pid == 0) {
        *shared = 42;
        *priv = 42;
        _exit(0);
    }
    waitpid(pid, NULL, 0);
    CHECK_EQ("MAP_SHARED anonymous: parent sees the child's write", *shared, 42);
    CHECK_EQ("MAP_PRIVATE anonymous: child's write is its own", *priv, 1);
    munmap(shared, PAGE);
    munmap(priv, PAGE);

    /* MADV_DONTNEED drops private anonymous pages: they read as zero. */
    char *m = map(2 * PAGE, PROT_READ | PROT_WRITE);
    memset(m, 'x', 2 * PAGE);
    CHECK_EQ("madvise MADV_DONTNEED", madvise(m, 2 * PAGE, MADV_DONTNEED), 0);
    CHECK("MADV_DONTNEED pages read as zero afterwards", m[0] == 0 && m[2 * PAGE - 1] == 0);
    munmap(m, 2 * PAGE);
}

static void test_protect(void)
{
    char *p = map(2 * PAGE, PROT_READ);
    CHECK("mmap PROT_READ", p != MAP_FAILED);
    CHECK_EQ("read of PROT_READ page works", touch(p, 0), 0);
    CHECK_EQ("write to PROT_READ page gives SIGSEGV", touch(p + 10, 1), SIGSEGV);
    CHECK("PROT_READ fault si_addr", fault_addr == p + 10);
    CHECK_EQ("PROT_READ fault si_code is SEGV_ACCERR", fault_code, SEGV_ACCERR);
    CHECK_EQ("mprotect adds PROT_WRITE", mprotect(p, PAGE, PROT_READ | PROT_WRITE), 0);
    CHECK_EQ("write after mprotect works", touch(p + 10, 1), 0);
    CHECK("written value reads back", p[10] == 1);
    CHECK_EQ("second page is still read-only", touch(p + PAGE, 1), SIGSEGV);
    CHECK_EQ("mprotect PROT_NONE", mprotect(p, PAGE, PROT_NONE), 0);
    CHECK_EQ("read of PROT_NONE page gives SIGSEGV", touch(p + 1, 0), SIGSEGV);
    CHECK_EQ("PROT_NONE fault si_code is SEGV_ACCERR", fault_code, SEGV_ACCERR);
    CHECK_EQ("mprotect back to read/write", mprotect(p, PAGE, PROT_READ | PROT_WRITE), 0);
    CHECK("data kept across PROT_NONE", p[10] == 1);
    CHECK_ERR("mprotect unaligned gives EINVAL", syscall(SYS_mprotect, p + 1, PAGE, PROT_READ), EINVAL);
    CHECK_ERR("mprotect bad prot bits gives EINVAL", mprotect(p, PAGE, 0x100), EINVAL);
    munmap(p, 2 * PAGE);
    CHECK_ERR("mprotect unmapped range gives ENOMEM", mprotect(p, PAGE, PROT_READ), ENOMEM);

    char *none = map(PAGE, PROT_NONE);
    CHECK_EQ("read of a fresh PROT_NONE mapping gives SIGSEGV", touch(none, 0), SIGSEGV);
    CHECK_EQ("write to a fresh PROT_NONE mapping gives SIGSEGV", touch(none, 1), SIGSEGV);
    munmap(none, PAGE);
    char *rw = map(PAGE, PROT_READ | PROT_WRITE);
    rw[0] = 1;
    mprotect(rw, PAGE, PROT_READ);
    CHECK_EQ("write after mprotect removed PROT_WRITE gives SIGSEGV", touch(rw, 1), SIGSEGV);
    CHECK_EQ("the page is still readable", touch(rw, 0), 0);
    munmap(rw, PAGE);

    /* Execute permission: code runs only from PROT_EXEC pages. */
    static const unsigned char ret42[] = { 0xb8, 0x2a, 0x00, 0x00, 0x00, 0xc3 }; /* mov eax,42; ret */
    char *x = map(PAGE, PROT_READ | PROT_WRITE);
    memcpy(x, ret42, sizeof ret42);
    int result = 0;
    CHECK_EQ("calling into a non-exec page gives SIGSEGV", call_at(x, &result), SIGSEGV);
    CHECK("non-exec fault si_addr is the code address", fault_addr == x);
    mprotect(x, PAGE, PROT_READ | PROT_EXEC);
    CHECK_EQ("calling into a PROT_EXEC page works", call_at(x, &result), 0);
    CHECK_EQ("the code returned 42", result, 42);
    munmap(x, PAGE);
}

static void test_mremap(void)
{
    char *p = map(4 * PAGE, PROT_READ | PROT_WRITE);
    for (int i = 0; i < 2 * PAGE; i++)
        p[i] = (char)(i * 3);
    p[2 * PAGE] = 'Z'; /* pages 2-3 stay mapped, so growing in place is impossible */
    errno = 0;
    void *r = mremap(p, 2 * PAGE, 8 * PAGE, 0);
    CHECK("mremap grow without MAYMOVE when blocked gives ENOMEM", r == MAP_FAILED && errno == ENOMEM);
    char *n = mremap(p, 2 * PAGE, 8 * PAGE, MREMAP_MAYMOVE);
    CHECK("mremap grow with MREMAP_MAYMOVE", n != MAP_FAILED);
    if (n == MAP_FAILED)
        return;
    CHECK("mremap moved the mapping", n != p);
    int same = 1;
    for (int i = 0; i < 2 * PAGE; i++)
        if (n[i] != (char)(i * 3))
            same = 0;
    CHECK("mremap kept the contents", same);
    CHECK("grown part is zero and writable", n[8 * PAGE - 1] == 0 && touch(n + 8 * PAGE - 1, 1) == 0);
    CHECK_EQ("old address is unmapped after the move", touch(p, 0), SIGSEGV);
    CHECK("pages after the old range untouched", p[2 * PAGE] == 'Z');
    char *s = mremap(n, 8 * PAGE, 3 * PAGE, 0);
    CHECK("mremap shrink stays in place", s == n);
    CHECK_EQ("beyond the shrunk end faults", touch(n + 4 * PAGE, 0), SIGSEGV);
    errno = 0;
    r = mremap(n + 1, PAGE, 2 * PAGE, MREMAP_MAYMOVE);
    CHECK("mremap unaligned address gives EINVAL", r == MAP_FAILED && errno == EINVAL);
    errno = 0;
    r = mremap(n, PAGE, 2 * PAGE, 0x80);
    CHECK("mremap bad flags gives EINVAL", r == MAP_FAILED && errno == EINVAL);
    munmap(n, 3 * PAGE);
    munmap(p + 2 * PAGE, 2 * PAGE);

    /* Grow in place when the next pages are free. */
    char *g = map(4 * PAGE, PROT_READ | PROT_WRITE);
    munmap(g + PAGE, 3 * PAGE);
    g[0] = 'g';
    char *g2 = mremap(g, PAGE, 3 * PAGE, 0);
    CHECK("mremap grows in place when there is room", g2 == g && g[0] == 'g' && touch(g + 3 * PAGE - 1, 1) == 0);
    munmap(g, 3 * PAGE);
}

static const char *scratch_dir;

static void test_file_maps(void)
{
    const char *dir = scratch_dir;
    char path[512];
    snprintf(path, sizeof path, "%s/mem-map-file", dir);
    int fd = open(path, O_CREAT | O_RDWR | O_TRUNC, 0644);
    static char data[3 * 4096 + 100];
    for (unsigned i = 0; i < sizeof data; i++)
        data[i] = (char)('a' + i % 26 + i / 4096);
    write(fd, data, sizeof data);

    char *p = mmap(NULL, sizeof data, PROT_READ, MAP_PRIVATE, fd, 0);
    CHECK("mmap a file MAP_PRIVATE", p != MAP_FAILED);
    CHECK("file mapping has the file's contents", p != MAP_FAILED && memcmp(p, data, sizeof data) == 0);
    CHECK("file mapping: bytes past EOF in the last page are zero", p != MAP_FAILED && p[sizeof data] == 0 && p[4 * PAGE - 1] == 0);
    munmap(p, sizeof data);

    p = mmap(NULL, 2 * PAGE, PROT_READ, MAP_PRIVATE, fd, PAGE);
    CHECK("mmap with a page offset", p != MAP_FAILED && memcmp(p, data + PAGE, 2 * PAGE) == 0);
    munmap(p, 2 * PAGE);

    p = mmap(NULL, 2 * PAGE, PROT_READ | PROT_WRITE, MAP_PRIVATE, fd, 0);
    p[0] = '#';
    char c = 0;
    pread(fd, &c, 1, 0);
    CHECK("MAP_PRIVATE write stays private", p[0] == '#' && c == data[0]);
    munmap(p, 2 * PAGE);

    p = mmap(NULL, 6 * PAGE, PROT_READ, MAP_PRIVATE, fd, 0);
    CHECK("mmap longer than the file", p != MAP_FAILED);
    CHECK_EQ("access beyond the file's last page gives SIGBUS", touch(p + 5 * PAGE, 0), SIGBUS);
    CHECK("SIGBUS si_addr", fault_addr == p + 5 * PAGE);
    munmap(p, 6 * PAGE);

    p = mmap(NULL, PAGE, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
    CHECK("mmap a file MAP_SHARED", p != MAP_FAILED);
    if (p != MAP_FAILED) {
        memcpy(p + 10, "SHARED", 6);
        char buf[8] = { 0 };
        pread(fd, buf, 6, 10);
        CHECK("MAP_SHARED write is visible to read()", memcmp(buf, "SHARED", 6) == 0);
        pwrite(fd, "WRITE", 5, 100);
        CHECK("write() is visible through MAP_SHARED", memcmp(p + 100, "WRITE", 5) == 0);
        munmap(p, PAGE);
    }

    errno = 0;
    p = mmap(NULL, PAGE, PROT_READ, MAP_PRIVATE, fd, 100);
    CHECK("mmap unaligned offset gives EINVAL", p == MAP_FAILED && errno == EINVAL);
    errno = 0;
    p = mmap(NULL, PAGE, PROT_READ, MAP_PRIVATE, 77, 0);
    CHECK("mmap bad fd gives EBADF", p == MAP_FAILED && errno == EBADF);
    int wfd = open(path, O_WRONLY);
    errno = 0;
    p = mmap(NULL, PAGE, PROT_READ, MAP_PRIVATE, wfd, 0);
    CHECK("mmap of a write-only fd gives EACCES", p == MAP_FAILED && errno == EACCES);
    close(wfd);
    int rfd = open(path, O_RDONLY);
    errno = 0;
    p = mmap(NULL, PAGE, PROT_READ | PROT_WRITE, MAP_SHARED, rfd, 0);
    CHECK("MAP_SHARED writable on a read-only fd gives EACCES", p == MAP_FAILED && errno == EACCES);
    close(rfd);
    close(fd);
    unlink(path);
}

static void test_einval(void)
{
    errno = 0;
    void *p = mmap(NULL, 0, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    CHECK("mmap length 0 gives EINVAL", p == MAP_FAILED && errno == EINVAL);
    errno = 0;
    p = mmap((void *)0x10000001, PAGE, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED, -1, 0);
    CHECK("mmap MAP_FIXED unaligned gives EINVAL", p == MAP_FAILED && errno == EINVAL);
    errno = 0;
    p = mmap(NULL, PAGE, PROT_READ, MAP_ANONYMOUS, -1, 0);
    CHECK("mmap without PRIVATE or SHARED gives EINVAL", p == MAP_FAILED && errno == EINVAL);
    errno = 0;
    p = mmap((void *)0xffff800000000000UL, PAGE, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED, -1, 0);
    CHECK("mmap MAP_FIXED in the kernel half fails", p == MAP_FAILED && (errno == ENOMEM || errno == EINVAL || errno == EPERM));
    errno = 0;
    p = mmap(NULL, (size_t)1 << 62, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    CHECK("mmap 4 EiB gives ENOMEM", p == MAP_FAILED && errno == ENOMEM);
    char *q = map(PAGE, PROT_READ);
    CHECK_ERR("munmap unaligned gives EINVAL", munmap(q + 1, PAGE), EINVAL);
    CHECK_ERR("munmap length 0 gives EINVAL", munmap(q, 0), EINVAL);
    munmap(q, PAGE);
}

/* Recurse with 64 KiB frames to use about 4 MiB of stack. */
static int deep(int n)
{
    volatile char frame[64 * 1024];
    frame[0] = (char)n;
    frame[sizeof frame - 1] = (char)n;
    if (n == 0)
        return frame[0];
    return deep(n - 1) + frame[sizeof frame - 1] - n + 1;
}

static void test_stack_and_malloc(void)
{
    CHECK_EQ("stack grows to 4 MiB", deep(64), 64);

    int ok = 1, count = 0;
    void *ptrs[200];
    for (int i = 0; i < 200; i++) {
        size_t sz = 1 + (size_t)i * i * 13 % 300000;
        ptrs[i] = malloc(sz);
        if (!ptrs[i]) {
            ok = 0;
            continue;
        }
        memset(ptrs[i], i, sz);
        count++;
    }
    for (int i = 0; i < 200; i++) {
        size_t sz = 1 + (size_t)i * i * 13 % 300000;
        unsigned char *b = ptrs[i];
        if (b && (b[0] != (unsigned char)i || b[sz - 1] != (unsigned char)i))
            ok = 0;
    }
    for (int i = 0; i < 200; i += 2)
        free(ptrs[i]);
    for (int i = 0; i < 200; i += 2)
        ptrs[i] = malloc(1000);
    for (int i = 0; i < 200; i++)
        free(ptrs[i]);
    CHECK_EQ("malloc 200 blocks of many sizes", count, 200);
    CHECK("malloc blocks keep their contents", ok);

    char *r = malloc(16);
    strcpy(r, "realloc");
    for (size_t sz = 32; sz <= (8 << 20); sz *= 2)
        r = realloc(r, sz);
    CHECK("realloc to 8 MiB keeps contents", r && strcmp(r, "realloc") == 0);
    free(r);
    int *z = calloc(100000, sizeof(int));
    int zero = 1;
    for (int i = 0; z && i < 100000; i++)
        if (z[i])
            zero = 0;
    CHECK("calloc returns zeroed memory", z && zero);
    free(z);
    long churn = 0;
    for (int round = 0; round < 20000; round++) {
        void *a = malloc((round * 37) % 5000 + 1);
        if (a)
            churn++;
        free(a);
    }
    CHECK_EQ("20000 malloc/free cycles", churn, 20000);
}

int main(int argc, char **argv)
{
    scratch_dir = argc > 1 ? argv[1] : "/tmp";
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_sigaction = on_fault;
    sa.sa_flags = SA_SIGINFO | SA_NODEFER;
    sigaction(SIGSEGV, &sa, NULL);
    sigaction(SIGBUS, &sa, NULL);

    run_section("brk", test_brk, 60);
    run_section("anon", test_anon, 60);
    run_section("protect", test_protect, 60);
    run_section("mremap", test_mremap, 60);
    run_section("file_maps", test_file_maps, 60);
    run_section("einval", test_einval, 60);
    run_section("stack_and_malloc", test_stack_and_malloc, 60);
    return done();
}
