/*
 * threads.c: threads: pthread_create/join/detach, mutexes, condition
 * variables, barriers, semaphores, TLS, thread ids, futex errors, signals
 * aimed at one thread, exit() from a thread, fork from a threaded process.
 *
 * Build: musl-gcc -static -O1 -pthread threads.c
 * Usage: threads
 */
#define _GNU_SOURCE
#include "check.h"

#include <limits.h>
#include <pthread.h>
#include <semaphore.h>
#include <signal.h>
#include <stdint.h>
#include <stdlib.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#define NTHREADS 8

static const char *self;

/* From <linux/futex.h>, which musl-gcc does not see. */
#define FUTEX_WAIT_PRIVATE (0 | 128)
#define FUTEX_WAKE_PRIVATE (1 | 128)

static pid_t gettid_(void) { return (pid_t)syscall(SYS_gettid); }

/* ---- create and join ---- */

static void *square(void *arg)
{
    intptr_t n = (intptr_t)arg;
    return (void *)(n * n);
}

static struct {
    pthread_t self;
    pid_t tid, pid;
} ids[NTHREADS];

static void *record_ids(void *arg)
{
    intptr_t i = (intptr_t)arg;
    ids[i].self = pthread_self();
    ids[i].tid = gettid_();
    ids[i].pid = getpid();
    return NULL;
}

static void test_create_join(void)
{
    pthread_t t[NTHREADS];
    int created = 0;
    for (intptr_t i = 0; i < NTHREADS; i++)
        if (pthread_create(&t[i], NULL, square, (void *)i) == 0)
            created++;
    CHECK_EQ("pthread_create 8 threads", created, NTHREADS);
    int right = 0;
    for (intptr_t i = 0; i < NTHREADS; i++) {
        void *ret = NULL;
        if (pthread_join(t[i], &ret) == 0 && (intptr_t)ret == i * i)
            right++;
    }
    CHECK_EQ("pthread_join returns each thread's value", right, NTHREADS);

    for (intptr_t i = 0; i < NTHREADS; i++)
        pthread_create(&t[i], NULL, record_ids, (void *)i);
    for (int i = 0; i < NTHREADS; i++)
        pthread_join(t[i], NULL);
    int distinct_tid = 1, distinct_self = 1, same_pid = 1, not_main = 1;
    for (int i = 0; i < NTHREADS; i++) {
        if (ids[i].pid != getpid())
            same_pid = 0;
        if (ids[i].tid == getpid() || ids[i].tid <= 0)
            not_main = 0;
        for (int j = 0; j < i; j++) {
            if (ids[i].tid == ids[j].tid)
                distinct_tid = 0;
            if (pthread_equal(ids[i].self, ids[j].self))
                distinct_self = 0;
        }
    }
    CHECK("gettid is distinct in every thread", distinct_tid);
    CHECK("pthread_self is distinct in every thread", distinct_self);
    CHECK("getpid is the same in every thread", same_pid);
    CHECK("thread ids differ from the process id", not_main);
    CHECK_EQ("main thread's gettid equals getpid", gettid_(), getpid());
    CHECK("pthread_equal(self, self)", pthread_equal(pthread_self(), pthread_self()));

    /* Create and join many in sequence: resources are recycled. */
    int ok = 0;
    for (intptr_t i = 0; i < 200; i++) {
        pthread_t x;
        void *ret;
        if (pthread_create(&x, NULL, square, (void *)i) == 0 && pthread_join(x, &ret) == 0 && (intptr_t)ret == i * i)
            ok++;
    }
    CHECK_EQ("200 create/join cycles", ok, 200);

    /* 64 threads alive at once. */
    static pthread_t many[64];
    int up = 0;
    for (intptr_t i = 0; i < 64; i++)
        if (pthread_create(&many[i], NULL, square, (void *)i) == 0)
            up++;
    int back = 0;
    for (intptr_t i = 0; i < up; i++) {
        void *ret;
        if (pthread_join(many[i], &ret) == 0 && (intptr_t)ret == i * i)
            back++;
    }
    CHECK_EQ("64 threads at once", back, 64);
}

/* ---- mutex ---- */

static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static long counter;

static void *add_many(void *arg)
{
    (void)arg;
    for (int i = 0; i < 10000; i++) {
        pthread_mutex_lock(&lock);
        counter++;
        pthread_mutex_unlock(&lock);
    }
    return NULL;
}

static void test_mutex(void)
{
    pthread_t t[NTHREADS];
    counter = 0;
    for (int i = 0; i < NTHREADS; i++)
        pthread_create(&t[i], NULL, add_many, NULL);
    for (int i = 0; i < NTHREADS; i++)
        pthread_join(t[i], NULL);
    CHECK_EQ("mutex-protected counter: 8 x 10000", counter, NTHREADS * 10000);

    pthread_mutex_lock(&lock);
    CHECK_EQ("trylock on a held mutex gives EBUSY", pthread_mutex_trylock(&lock), EBUSY);
    pthread_mutex_unlock(&lock);
    CHECK_EQ("trylock on a free mutex", pthread_mutex_trylock(&lock), 0);
    pthread_mutex_unlock(&lock);

    pthread_mutexattr_t a;
    pthread_mutex_t rec, chk;
    pthread_mutexattr_init(&a);
    pthread_mutexattr_settype(&a, PTHREAD_MUTEX_RECURSIVE);
    pthread_mutex_init(&rec, &a);
    pthread_mutexattr_settype(&a, PTHREAD_MUTEX_ERRORCHECK);
    pthread_mutex_init(&chk, &a);
    CHECK("recursive mutex locks twice", pthread_mutex_lock(&rec) == 0 && pthread_mutex_lock(&rec) == 0);
    pthread_mutex_unlock(&rec);
    pthread_mutex_unlock(&rec);
    pthread_mutex_lock(&chk);
    CHECK_EQ("error-checking mutex relock gives EDEADLK", pthread_mutex_lock(&chk), EDEADLK);
    pthread_mutex_unlock(&chk);
    CHECK_EQ("error-checking mutex unlock when free gives EPERM", pthread_mutex_unlock(&chk), EPERM);

    struct timespec to;
    clock_gettime(CLOCK_REALTIME, &to);
    to.tv_nsec += 50000000;
    if (to.tv_nsec >= 1000000000) {
        to.tv_sec++;
        to.tv_nsec -= 1000000000;
    }
    pthread_mutex_lock(&lock);
    CHECK_EQ("pthread_mutex_timedlock on a held mutex gives ETIMEDOUT", pthread_mutex_timedlock(&lock, &to), ETIMEDOUT);
    pthread_mutex_unlock(&lock);
}

/* ---- condition variable: bounded queue, 2 producers, 2 consumers ---- */

#define QCAP 4
static int queue[QCAP], qhead, qlen;
static pthread_cond_t not_empty = PTHREAD_COND_INITIALIZER, not_full = PTHREAD_COND_INITIALIZER;
static pthread_mutex_t qlock = PTHREAD_MUTEX_INITIALIZER;

static void *producer(void *arg)
{
    intptr_t base = (intptr_t)arg;
    for (int i = 1; i <= 1000; i++) {
        pthread_mutex_lock(&qlock);
        while (qlen == QCAP)
            pthread_cond_wait(&not_full, &qlock);
        queue[(qhead + qlen++) % QCAP] = (int)(base + i);
        pthread_cond_signal(&not_empty);
        pthread_mutex_unlock(&qlock);
    }
    return NULL;
}

static void *consumer(void *arg)
{
    (void)arg;
    long sum = 0;
    for (int i = 0; i < 1000; i++) {
        pthread_mutex_lock(&qlock);
        while (qlen == 0)
            pthread_cond_wait(&not_empty, &qlock);
        sum += queue[qhead];
        qhead = (qhead + 1) % QCAP;
        qlen--;
        pthread_cond_signal(&not_full);
        pthread_mutex_unlock(&qlock);
    }
    return (void *)sum;
}

static void test_condvar(void)
{
    pthread_t p[2], c[2];
    pthread_create(&c[0], NULL, consumer, NULL);
    pthread_create(&c[1], NULL, consumer, NULL);
    pthread_create(&p[0], NULL, producer, (void *)0);
    pthread_create(&p[1], NULL, producer, (void *)100000);
    void *s0, *s1;
    pthread_join(p[0], NULL);
    pthread_join(p[1], NULL);
    pthread_join(c[0], &s0);
    pthread_join(c[1], &s1);
    long want = 2 * 500500L + 1000L * 100000;
    CHECK_EQ("producer/consumer through a condition variable: sum", (long)(intptr_t)s0 + (long)(intptr_t)s1, want);
    CHECK_EQ("queue empty at the end", qlen, 0);

    pthread_cond_t cv = PTHREAD_COND_INITIALIZER;
    struct timespec to;
    clock_gettime(CLOCK_REALTIME, &to);
    to.tv_nsec += 50000000;
    if (to.tv_nsec >= 1000000000) {
        to.tv_sec++;
        to.tv_nsec -= 1000000000;
    }
    pthread_mutex_lock(&qlock);
    CHECK_EQ("pthread_cond_timedwait times out with ETIMEDOUT", pthread_cond_timedwait(&cv, &qlock, &to), ETIMEDOUT);
    struct timespec now;
    clock_gettime(CLOCK_REALTIME, &now);
    CHECK("pthread_cond_timedwait waited until the deadline",
          now.tv_sec > to.tv_sec || (now.tv_sec == to.tv_sec && now.tv_nsec >= to.tv_nsec));
    pthread_mutex_unlock(&qlock);
}

/* ---- TLS ---- */

static __thread int tls_value = 123;
static __thread char tls_big[4096];

static void *tls_worker(void *arg)
{
    intptr_t id = (intptr_t)arg;
    int ok = tls_value == 123 && tls_big[0] == 0 && tls_big[4095] == 0;
    tls_value = (int)id * 1000;
    memset(tls_big, (int)id, sizeof tls_big);
    for (int i = 0; i < 100; i++)
        sched_yield();
    ok = ok && tls_value == id * 1000 && tls_big[0] == (char)id && tls_big[4095] == (char)id;
    return (void *)(intptr_t)ok;
}

static void test_tls(void)
{
    tls_value = 7;
    pthread_t t[NTHREADS];
    for (intptr_t i = 0; i < NTHREADS; i++)
        pthread_create(&t[i], NULL, tls_worker, (void *)(i + 1));
    int ok = 0;
    for (int i = 0; i < NTHREADS; i++) {
        void *r;
        pthread_join(t[i], &r);
        ok += (intptr_t)r == 1;
    }
    CHECK_EQ("__thread: initial values and distinct values per thread", ok, NTHREADS);
    CHECK_EQ("__thread: main thread's value unchanged", tls_value, 7);
}

/* ---- detach, barrier, semaphore ---- */

static sem_t detached_done;
static volatile int detached_ran;

static void *detached(void *arg)
{
    (void)arg;
    detached_ran = 1;
    sem_post(&detached_done);
    return NULL;
}

static pthread_barrier_t barrier;
static volatile int arrived[5];
static int serial_count[5];
static pthread_mutex_t serial_lock = PTHREAD_MUTEX_INITIALIZER;
static int barrier_errors;

static void *barrier_worker(void *arg)
{
    (void)arg;
    for (int round = 0; round < 5; round++) {
        __atomic_add_fetch(&arrived[round], 1, __ATOMIC_SEQ_CST);
        int r = pthread_barrier_wait(&barrier);
        if (__atomic_load_n(&arrived[round], __ATOMIC_SEQ_CST) != NTHREADS) {
            pthread_mutex_lock(&serial_lock);
            barrier_errors++;
            pthread_mutex_unlock(&serial_lock);
        }
        if (r == PTHREAD_BARRIER_SERIAL_THREAD) {
            pthread_mutex_lock(&serial_lock);
            serial_count[round]++;
            pthread_mutex_unlock(&serial_lock);
        }
    }
    return NULL;
}

static void test_detach_barrier(void)
{
    sem_init(&detached_done, 0, 0);
    pthread_t t;
    pthread_create(&t, NULL, detached, NULL);
    CHECK_EQ("pthread_detach", pthread_detach(t), 0);
    sem_wait(&detached_done);
    CHECK("detached thread ran", detached_ran);
    pthread_attr_t attr;
    pthread_attr_init(&attr);
    pthread_attr_setdetachstate(&attr, PTHREAD_CREATE_DETACHED);
    int started = 0;
    for (int i = 0; i < 20; i++)
        if (pthread_create(&t, &attr, detached, NULL) == 0)
            started++;
    for (int i = 0; i < started; i++)
        sem_wait(&detached_done);
    CHECK_EQ("20 threads created detached all ran", started, 20);

    pthread_barrier_init(&barrier, NULL, NTHREADS);
    pthread_t w[NTHREADS];
    for (int i = 0; i < NTHREADS; i++)
        pthread_create(&w[i], NULL, barrier_worker, NULL);
    for (int i = 0; i < NTHREADS; i++)
        pthread_join(w[i], NULL);
    CHECK_EQ("barrier: nobody passed before all arrived (5 rounds)", barrier_errors, 0);
    int one_serial = 1;
    for (int r = 0; r < 5; r++)
        if (serial_count[r] != 1)
            one_serial = 0;
    CHECK("barrier: exactly one PTHREAD_BARRIER_SERIAL_THREAD per round", one_serial);
    pthread_barrier_destroy(&barrier);

    sem_t s;
    sem_init(&s, 0, 2);
    CHECK("sem_trywait succeeds twice", sem_trywait(&s) == 0 && sem_trywait(&s) == 0);
    CHECK_ERR("sem_trywait at zero gives EAGAIN", sem_trywait(&s), EAGAIN);
    struct timespec to;
    clock_gettime(CLOCK_REALTIME, &to);
    to.tv_nsec += 50000000;
    if (to.tv_nsec >= 1000000000) {
        to.tv_sec++;
        to.tv_nsec -= 1000000000;
    }
    CHECK_ERR("sem_timedwait at zero gives ETIMEDOUT", sem_timedwait(&s, &to), ETIMEDOUT);

    /* A thread with a 1 MiB stack can use most of it. */
    pthread_attr_t big;
    pthread_attr_init(&big);
    pthread_attr_setstacksize(&big, 1 << 20);
    extern void *use_stack(void *);
    void *r = NULL;
    int rc = pthread_create(&t, &big, use_stack, NULL);
    if (rc == 0)
        pthread_join(t, &r);
    CHECK("thread with a 1 MiB stack uses 768 KiB of it", rc == 0 && (intptr_t)r == 768);
}

void *use_stack(void *arg)
{
    (void)arg;
    volatile char buf[768 * 1024];
    for (size_t i = 0; i < sizeof buf; i += 4096)
        buf[i] = 1;
    intptr_t sum = 0;
    for (size_t i = 0; i < sizeof buf; i += 1024)
        sum += buf[i];
    return (void *)(sum + 576);
}

/* ---- futex ---- */

static int fut;

static void *futex_waker(void *arg)
{
    (void)arg;
    struct timespec ts = { 0, 50000000 };
    nanosleep(&ts, NULL);
    __atomic_store_n(&fut, 1, __ATOMIC_SEQ_CST);
    syscall(SYS_futex, &fut, FUTEX_WAKE_PRIVATE, 1, NULL, NULL, 0);
    return NULL;
}

static void test_futex(void)
{
    fut = 5;
    CHECK_ERR("FUTEX_WAIT with a different value gives EAGAIN", syscall(SYS_futex, &fut, FUTEX_WAIT_PRIVATE, 4, NULL, NULL, 0), EAGAIN);
    struct timespec to = { 0, 50000000 };
    CHECK_ERR("FUTEX_WAIT with a timeout gives ETIMEDOUT", syscall(SYS_futex, &fut, FUTEX_WAIT_PRIVATE, 5, &to, NULL, 0), ETIMEDOUT);
    CHECK_EQ("FUTEX_WAKE with no waiters returns 0", syscall(SYS_futex, &fut, FUTEX_WAKE_PRIVATE, 1, NULL, NULL, 0), 0);
    CHECK_ERR("FUTEX_WAIT on a bad address gives EFAULT", syscall(SYS_futex, KERNEL_PTR, FUTEX_WAIT_PRIVATE, 0, NULL, NULL, 0), EFAULT);
    CHECK_ERR("FUTEX_WAIT on a misaligned address gives EINVAL", syscall(SYS_futex, (char *)&fut + 1, FUTEX_WAIT_PRIVATE, 0, NULL, NULL, 0), EINVAL);
    CHECK_ERR("futex with a bad op gives ENOSYS", syscall(SYS_futex, &fut, 99, 0, NULL, NULL, 0), ENOSYS);
    fut = 0;
    pthread_t t;
    pthread_create(&t, NULL, futex_waker, NULL);
    int woke = 0;
    for (int i = 0; i < 100 && __atomic_load_n(&fut, __ATOMIC_SEQ_CST) == 0; i++) {
        struct timespec limit = { 2, 0 };
        long r = syscall(SYS_futex, &fut, FUTEX_WAIT_PRIVATE, 0, &limit, NULL, 0);
        if (r == 0 || (r == -1 && errno == EAGAIN))
            woke = 1;
    }
    pthread_join(t, NULL);
    CHECK("FUTEX_WAIT woken by FUTEX_WAKE from another thread", woke && fut == 1);
}

/* ---- signals and threads ---- */

static volatile pid_t handled_by;
static void on_usr1(int sig)
{
    (void)sig;
    handled_by = gettid_();
}

static volatile int worker_tid;
static volatile int stop_worker;
static void *spin_worker(void *arg)
{
    (void)arg;
    worker_tid = gettid_();
    while (!stop_worker) {
        struct timespec ts = { 0, 1000000 };
        nanosleep(&ts, NULL);
    }
    return NULL;
}

static void test_signals(void)
{
    signal(SIGUSR1, on_usr1);
    pthread_t t;
    worker_tid = 0;
    stop_worker = 0;
    pthread_create(&t, NULL, spin_worker, NULL);
    while (!worker_tid)
        sched_yield();
    handled_by = 0;
    CHECK_EQ("pthread_kill(worker, SIGUSR1)", pthread_kill(t, SIGUSR1), 0);
    for (int i = 0; i < 2000 && !handled_by; i++) {
        struct timespec ts = { 0, 1000000 };
        nanosleep(&ts, NULL);
    }
    CHECK("pthread_kill runs the handler on the target thread", handled_by == worker_tid);
    handled_by = 0;
    pthread_kill(pthread_self(), SIGUSR1);
    CHECK("pthread_kill(self) runs the handler on this thread", handled_by == gettid_());
    sigset_t set;
    sigemptyset(&set);
    sigaddset(&set, SIGUSR1);
    pthread_sigmask(SIG_BLOCK, &set, NULL);
    handled_by = 0;
    kill(getpid(), SIGUSR1);
    for (int i = 0; i < 2000 && !handled_by; i++) {
        struct timespec ts = { 0, 1000000 };
        nanosleep(&ts, NULL);
    }
    CHECK("process signal blocked in main goes to a thread that allows it", handled_by == worker_tid);
    pthread_sigmask(SIG_UNBLOCK, &set, NULL);
    stop_worker = 1;
    pthread_join(t, NULL);
    CHECK_EQ("pthread_kill on an invalid signal gives EINVAL", pthread_kill(pthread_self(), 999), EINVAL);
    signal(SIGUSR1, SIG_DFL);
}

/* ---- process-wide effects ---- */

static void *exit_seven(void *arg)
{
    (void)arg;
    struct timespec ts = { 0, 20000000 };
    nanosleep(&ts, NULL);
    exit(7);
}

static int pipe_w;
static void *last_thread(void *arg)
{
    (void)arg;
    struct timespec ts = { 0, 50000000 };
    nanosleep(&ts, NULL);
    write(pipe_w, "L", 1);
    return NULL;
}

static void *forker(void *arg)
{
    (void)arg;
    pid_t pid = fork();
    if (pid == 0)
        _exit(11);
    int st = reap(pid);
    return (void *)(intptr_t)(WIFEXITED(st) ? WEXITSTATUS(st) : -1);
}

static void test_process(void)
{
    pid_t pid = fork();
    if (pid == 0) {
        pthread_t t;
        pthread_create(&t, NULL, exit_seven, NULL);
        for (;;)
            pause();
    }
    int st = reap(pid);
    CHECK_EQ("exit(7) in a thread ends the whole process with status 7", WIFEXITED(st) ? WEXITSTATUS(st) : -1, 7);

    /* In a fresh image: musl needs set_tid_address from startup for this. */
    int p[2];
    pipe(p);
    pid = fork();
    if (pid == 0) {
        close(p[0]);
        char fd[16];
        snprintf(fd, sizeof fd, "%d", p[1]);
        char *args[] = { (char *)self, "--main-exit", fd, NULL };
        execv(self, args);
        _exit(100);
    }
    close(p[1]);
    char c = 0;
    read(p[0], &c, 1);
    close(p[0]);
    st = reap(pid);
    CHECK("main thread's pthread_exit lets other threads finish", c == 'L');
    CHECK_EQ("process exits 0 after its last thread returns", WIFEXITED(st) ? WEXITSTATUS(st) : -1, 0);

    pid = fork();
    if (pid == 0) {
        pthread_t t;
        pthread_create(&t, NULL, exit_seven, NULL);
        for (;;)
            pause();
    }
    kill(pid, SIGKILL);
    st = reap(pid);
    CHECK_EQ("SIGKILL ends a threaded process", WIFSIGNALED(st) ? WTERMSIG(st) : -1, SIGKILL);

    pthread_t t;
    void *r;
    pthread_create(&t, NULL, forker, NULL);
    pthread_join(t, &r);
    CHECK_EQ("fork from a second thread, child exits 11", (intptr_t)r, 11);

    pthread_t bg;
    stop_worker = 0;
    pthread_create(&bg, NULL, spin_worker, NULL);
    pid = fork();
    if (pid == 0) {
        /* Only the forking thread exists in the child. */
        pthread_t x;
        int ok = pthread_create(&x, NULL, square, (void *)3) == 0;
        void *v;
        ok = ok && pthread_join(x, &v) == 0 && (intptr_t)v == 9;
        _exit(ok ? 0 : 1);
    }
    st = reap(pid);
    CHECK_EQ("a child forked from a threaded process can create threads", WIFEXITED(st) ? WEXITSTATUS(st) : -1, 0);
    stop_worker = 1;
    pthread_join(bg, NULL);
}

/* threads --main-exit FD: the main thread leaves first; the last thread
 * writes to FD and returns, which must end the process with status 0. */
static int main_exit(const char *fd)
{
    pipe_w = atoi(fd);
    pthread_t t;
    pthread_create(&t, NULL, last_thread, NULL);
    pthread_exit(NULL);
}

int main(int argc, char **argv)
{
    self = argv[0];
    if (argc > 2 && strcmp(argv[1], "--main-exit") == 0)
        return main_exit(argv[2]);
    run_section("create_join", test_create_join, 60);
    run_section("mutex", test_mutex, 60);
    run_section("condvar", test_condvar, 60);
    run_section("tls", test_tls, 60);
    run_section("detach_barrier", test_detach_barrier, 60);
    run_section("futex", test_futex, 60);
    run_section("signals", test_signals, 60);
    run_section("process", test_process, 60);
    return done();
}
