/*
 * time.c: clocks and sleeps: clock_gettime (every clock), clock_getres,
 * nanosleep, clock_nanosleep (relative and TIMER_ABSTIME), gettimeofday,
 * time, times, getrusage, CPU-time clocks.
 *
 * Usage: time
 * Timing checks print only whether a bound held, never the times.
 */
#define _GNU_SOURCE
#include "check.h"

#include <stdint.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <sys/time.h>
#include <sys/times.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static int64_t ns(clockid_t c)
{
    struct timespec ts;
    if (clock_gettime(c, &ts) != 0)
        return -1;
    return (int64_t)ts.tv_sec * 1000000000 + ts.tv_nsec;
}

static volatile uint64_t spin_sink;

/* Burn CPU for about ms milliseconds of monotonic time. */
static void spin_ms(int ms)
{
    int64_t end = ns(CLOCK_MONOTONIC) + (int64_t)ms * 1000000;
    while (ns(CLOCK_MONOTONIC) < end)
        for (int i = 0; i < 1000; i++)
            spin_sink += i;
}

static void test_gettime(void)
{
    struct timespec ts;
    int64_t prev = ns(CLOCK_MONOTONIC), backwards = 0, bad_nsec = 0;
    for (int i = 0; i < 20000; i++) {
        clock_gettime(CLOCK_MONOTONIC, &ts);
        int64_t t = (int64_t)ts.tv_sec * 1000000000 + ts.tv_nsec;
        if (t < prev)
            backwards++;
        if (ts.tv_nsec < 0 || ts.tv_nsec >= 1000000000)
            bad_nsec++;
        prev = t;
    }
    CHECK_EQ("CLOCK_MONOTONIC never goes backwards (20000 reads)", backwards, 0);
    CHECK_EQ("CLOCK_MONOTONIC tv_nsec always in range", bad_nsec, 0);
    int64_t a = ns(CLOCK_MONOTONIC);
    spin_ms(20);
    CHECK("CLOCK_MONOTONIC advances", ns(CLOCK_MONOTONIC) > a);

    CHECK_EQ("clock_gettime CLOCK_REALTIME", clock_gettime(CLOCK_REALTIME, &ts), 0);
    CHECK("CLOCK_REALTIME is after 2020-01-01", ts.tv_sec > 1577836800);
    CHECK("CLOCK_REALTIME is before 2100", ts.tv_sec < 4102444800LL);
    CHECK("CLOCK_REALTIME tv_nsec in range", ts.tv_nsec >= 0 && ts.tv_nsec < 1000000000);

    static const struct {
        clockid_t id;
        const char *name;
    } clocks[] = {
        { CLOCK_REALTIME, "clock_gettime CLOCK_REALTIME works" },
        { CLOCK_MONOTONIC, "clock_gettime CLOCK_MONOTONIC works" },
        { CLOCK_PROCESS_CPUTIME_ID, "clock_gettime CLOCK_PROCESS_CPUTIME_ID works" },
        { CLOCK_THREAD_CPUTIME_ID, "clock_gettime CLOCK_THREAD_CPUTIME_ID works" },
        { CLOCK_MONOTONIC_RAW, "clock_gettime CLOCK_MONOTONIC_RAW works" },
        { CLOCK_REALTIME_COARSE, "clock_gettime CLOCK_REALTIME_COARSE works" },
        { CLOCK_MONOTONIC_COARSE, "clock_gettime CLOCK_MONOTONIC_COARSE works" },
        { CLOCK_BOOTTIME, "clock_gettime CLOCK_BOOTTIME works" },
    };
    for (unsigned i = 0; i < sizeof clocks / sizeof clocks[0]; i++)
        CHECK_EQ(clocks[i].name, syscall(SYS_clock_gettime, clocks[i].id, &ts), 0);
    CHECK("CLOCK_BOOTTIME >= CLOCK_MONOTONIC", ns(CLOCK_BOOTTIME) >= ns(CLOCK_MONOTONIC) - 1000000);
    int64_t r1 = ns(CLOCK_REALTIME), c1 = ns(CLOCK_REALTIME_COARSE);
    CHECK("CLOCK_REALTIME_COARSE within 100 ms of CLOCK_REALTIME", c1 > r1 - 100000000 && c1 < r1 + 100000000);
    CHECK_ERR("clock_gettime bad clock id gives EINVAL", syscall(SYS_clock_gettime, 12345, &ts), EINVAL);
    CHECK_ERR("clock_gettime bad pointer gives EFAULT", syscall(SYS_clock_gettime, CLOCK_MONOTONIC, BAD_PTR), EFAULT);
    CHECK_ERR("clock_gettime kernel pointer gives EFAULT", syscall(SYS_clock_gettime, CLOCK_REALTIME, KERNEL_PTR), EFAULT);

    struct timespec res;
    CHECK_EQ("clock_getres CLOCK_MONOTONIC", clock_getres(CLOCK_MONOTONIC, &res), 0);
    CHECK("CLOCK_MONOTONIC resolution between 1 ns and 10 ms", res.tv_sec == 0 && res.tv_nsec > 0 && res.tv_nsec <= 10000000);
    CHECK_EQ("clock_getres CLOCK_REALTIME", clock_getres(CLOCK_REALTIME, &res), 0);
    CHECK("CLOCK_REALTIME resolution between 1 ns and 10 ms", res.tv_sec == 0 && res.tv_nsec > 0 && res.tv_nsec <= 10000000);
    CHECK_EQ("clock_getres with NULL result", clock_getres(CLOCK_MONOTONIC, NULL), 0);
    CHECK_ERR("clock_getres bad clock id gives EINVAL", syscall(SYS_clock_getres, 12345, &res), EINVAL);
    CHECK_ERR("clock_settime CLOCK_MONOTONIC gives EINVAL", clock_settime(CLOCK_MONOTONIC, &ts), EINVAL);
}

static void test_sleep(void)
{
    struct timespec req = { 0, 50000000 }, rem = { 7, 7 };
    int64_t t0 = ns(CLOCK_MONOTONIC);
    CHECK_EQ("nanosleep 50 ms returns 0", nanosleep(&req, &rem), 0);
    int64_t dt = ns(CLOCK_MONOTONIC) - t0;
    CHECK("nanosleep 50 ms took at least 50 ms", dt >= 50000000);
    CHECK("nanosleep 50 ms took less than 2 s", dt < 2000000000);
    int64_t r0 = ns(CLOCK_REALTIME);
    t0 = ns(CLOCK_MONOTONIC);
    req.tv_nsec = 200000000;
    nanosleep(&req, NULL);
    int64_t rdt = ns(CLOCK_REALTIME) - r0;
    dt = ns(CLOCK_MONOTONIC) - t0;
    CHECK("REALTIME and MONOTONIC agree over a 200 ms sleep (within 50 ms)", rdt - dt < 50000000 && dt - rdt < 50000000);
    req.tv_sec = 0;
    req.tv_nsec = 0;
    CHECK_EQ("nanosleep 0 returns 0", nanosleep(&req, NULL), 0);
    req.tv_nsec = 1000000000;
    CHECK_ERR("nanosleep tv_nsec = 1e9 gives EINVAL", nanosleep(&req, NULL), EINVAL);
    req.tv_sec = -1;
    req.tv_nsec = 0;
    CHECK_ERR("nanosleep negative seconds gives EINVAL", nanosleep(&req, NULL), EINVAL);
    CHECK_ERR("nanosleep bad pointer gives EFAULT", syscall(SYS_nanosleep, BAD_PTR, NULL), EFAULT);

    struct timespec target;
    clock_gettime(CLOCK_MONOTONIC, &target);
    target.tv_nsec += 100000000;
    if (target.tv_nsec >= 1000000000) {
        target.tv_sec++;
        target.tv_nsec -= 1000000000;
    }
    CHECK_EQ("clock_nanosleep TIMER_ABSTIME returns 0", clock_nanosleep(CLOCK_MONOTONIC, TIMER_ABSTIME, &target, NULL), 0);
    int64_t after = ns(CLOCK_MONOTONIC);
    CHECK("clock_nanosleep TIMER_ABSTIME woke at or after the target", after >= (int64_t)target.tv_sec * 1000000000 + target.tv_nsec);
    CHECK("clock_nanosleep TIMER_ABSTIME woke within 1 s of the target", after < (int64_t)target.tv_sec * 1000000000 + target.tv_nsec + 1000000000);
    target.tv_sec = 0; /* just after boot: in the past but still valid */
    target.tv_nsec = 1;
    t0 = ns(CLOCK_MONOTONIC);
    CHECK_EQ("clock_nanosleep absolute time in the past returns 0", clock_nanosleep(CLOCK_MONOTONIC, TIMER_ABSTIME, &target, NULL), 0);
    CHECK("past absolute time returns at once", ns(CLOCK_MONOTONIC) - t0 < 100000000);
    struct timespec rt;
    clock_gettime(CLOCK_REALTIME, &rt);
    rt.tv_nsec += 60000000;
    if (rt.tv_nsec >= 1000000000) {
        rt.tv_sec++;
        rt.tv_nsec -= 1000000000;
    }
    CHECK_EQ("clock_nanosleep CLOCK_REALTIME TIMER_ABSTIME", clock_nanosleep(CLOCK_REALTIME, TIMER_ABSTIME, &rt, NULL), 0);
    CHECK("CLOCK_REALTIME absolute sleep reached its target", ns(CLOCK_REALTIME) >= (int64_t)rt.tv_sec * 1000000000 + rt.tv_nsec);
    req.tv_sec = 0;
    req.tv_nsec = 30000000;
    t0 = ns(CLOCK_MONOTONIC);
    CHECK_EQ("clock_nanosleep relative 30 ms", clock_nanosleep(CLOCK_MONOTONIC, 0, &req, NULL), 0);
    CHECK("relative clock_nanosleep took at least 30 ms", ns(CLOCK_MONOTONIC) - t0 >= 30000000);
    CHECK_EQ("clock_nanosleep bad clock gives EINVAL (returned)", clock_nanosleep(12345, 0, &req, NULL), EINVAL);
    req.tv_nsec = -5;
    CHECK_EQ("clock_nanosleep bad nsec gives EINVAL (returned)", clock_nanosleep(CLOCK_MONOTONIC, 0, &req, NULL), EINVAL);

    t0 = ns(CLOCK_MONOTONIC);
    CHECK_EQ("sleep(1) returns 0", sleep(1), 0);
    CHECK("sleep(1) took at least 1 s", ns(CLOCK_MONOTONIC) - t0 >= 1000000000);
    t0 = ns(CLOCK_MONOTONIC);
    usleep(20000);
    CHECK("usleep(20000) took at least 20 ms", ns(CLOCK_MONOTONIC) - t0 >= 20000000);
}

static void test_wall(void)
{
    struct timeval tv;
    struct timespec ts;
    CHECK_EQ("gettimeofday returns 0", gettimeofday(&tv, NULL), 0);
    clock_gettime(CLOCK_REALTIME, &ts);
    int64_t g = (int64_t)tv.tv_sec * 1000000 + tv.tv_usec;
    int64_t c = (int64_t)ts.tv_sec * 1000000 + ts.tv_nsec / 1000;
    CHECK("gettimeofday tv_usec in range", tv.tv_usec >= 0 && tv.tv_usec < 1000000);
    CHECK("gettimeofday agrees with CLOCK_REALTIME (within 50 ms)", c - g >= 0 && c - g < 50000);
    CHECK_ERR("gettimeofday bad pointer gives EFAULT", syscall(SYS_gettimeofday, BAD_PTR, NULL), EFAULT);
    CHECK_EQ("gettimeofday with NULL tv", syscall(SYS_gettimeofday, NULL, NULL), 0);
    time_t t1 = 0;
    time_t t = time(&t1);
    clock_gettime(CLOCK_REALTIME, &ts);
    CHECK("time() returns and stores the same value", t == t1);
    CHECK("time() agrees with CLOCK_REALTIME", ts.tv_sec - t >= 0 && ts.tv_sec - t <= 1);
    CHECK_EQ("raw time(NULL) syscall agrees", syscall(SYS_time, NULL) / 2, (long)time(NULL) / 2);
    CHECK_ERR("time() bad pointer gives EFAULT", syscall(SYS_time, BAD_PTR), EFAULT);
}

static void test_cpu_time(void)
{
    long hz = sysconf(_SC_CLK_TCK);
    CHECK_EQ("sysconf(_SC_CLK_TCK) is 100", hz, 100);
    struct tms a, b;
    clock_t c0 = times(&a);
    int64_t p0 = ns(CLOCK_PROCESS_CPUTIME_ID), th0 = ns(CLOCK_THREAD_CPUTIME_ID);
    struct rusage ru0, ru1;
    getrusage(RUSAGE_SELF, &ru0);
    spin_ms(300);
    clock_t c1 = times(&b);
    int64_t p1 = ns(CLOCK_PROCESS_CPUTIME_ID), th1 = ns(CLOCK_THREAD_CPUTIME_ID);
    getrusage(RUSAGE_SELF, &ru1);
    CHECK("times() returns a tick count", c0 != (clock_t)-1);
    CHECK("times() elapsed ticks for 300 ms are 25..200", c1 - c0 >= 25 && c1 - c0 <= 200);
    CHECK("times() user+system grew by at least 6 ticks after 300 ms of work",
          (b.tms_utime + b.tms_stime) - (a.tms_utime + a.tms_stime) >= 6);
    CHECK("CLOCK_PROCESS_CPUTIME_ID grew by at least 60 ms", p1 - p0 >= 60000000);
    CHECK("CLOCK_PROCESS_CPUTIME_ID grew by at most the wall time (+50 ms)", p1 - p0 <= 350000000);
    CHECK("CLOCK_THREAD_CPUTIME_ID grew by at least 60 ms", th1 - th0 >= 60000000);
    int64_t u0 = ru0.ru_utime.tv_sec * 1000000LL + ru0.ru_utime.tv_usec + ru0.ru_stime.tv_sec * 1000000LL + ru0.ru_stime.tv_usec;
    int64_t u1 = ru1.ru_utime.tv_sec * 1000000LL + ru1.ru_utime.tv_usec + ru1.ru_stime.tv_sec * 1000000LL + ru1.ru_stime.tv_usec;
    CHECK("getrusage user+system grew by at least 60 ms", u1 - u0 >= 60000);

    int64_t s0 = ns(CLOCK_PROCESS_CPUTIME_ID);
    struct timespec req = { 0, 200000000 };
    nanosleep(&req, NULL);
    CHECK("sleeping uses (almost) no CPU time", ns(CLOCK_PROCESS_CPUTIME_ID) - s0 < 50000000);

    times(&a);
    pid_t pid = fork();
    if (pid == 0) {
        spin_ms(300);
        _exit(0);
    }
    waitpid(pid, NULL, 0);
    times(&b);
    CHECK("times() counts a waited-for child's CPU time (>= 6 ticks)",
          (b.tms_cutime + b.tms_cstime) - (a.tms_cutime + a.tms_cstime) >= 6);
    getrusage(RUSAGE_CHILDREN, &ru1);
    CHECK("getrusage RUSAGE_CHILDREN counts the child (>= 60 ms)",
          ru1.ru_utime.tv_sec * 1000000LL + ru1.ru_utime.tv_usec + ru1.ru_stime.tv_sec * 1000000LL + ru1.ru_stime.tv_usec >= 60000);
    CHECK_ERR("getrusage bad who gives EINVAL", getrusage(99, &ru1), EINVAL);
    CHECK_ERR("times() bad pointer gives EFAULT", syscall(SYS_times, BAD_PTR), EFAULT);
}

int main(void)
{
    run_section("gettime", test_gettime, 60);
    run_section("sleep", test_sleep, 60);
    run_section("wall", test_wall, 60);
    run_section("cpu_time", test_cpu_time, 60);
    return done();
}
