/*
 * proc.c: processes: fork, wait, exec, vfork, process groups and sessions,
 * kill, uname, resource limits.
 *
 * Usage: proc            (runs the tests; re-executes itself for exec checks)
 * Children never print: they report through their exit status.
 */
#define _GNU_SOURCE
#include "check.h"

#include <fcntl.h>
#include <signal.h>
#include <stdlib.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/utsname.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

extern char **environ;
static const char *self;

/* Exit status of a child that ran fn, or -1 if it did not exit normally. */
static int run_child(int (*fn)(void))
{
    pid_t pid = fork();
    if (pid == 0)
        _exit(fn());
    int st = reap(pid);
    return st >= 0 && WIFEXITED(st) ? WEXITSTATUS(st) : -1;
}

static void sleep_ms(long ms)
{
    struct timespec ts = { ms / 1000, (ms % 1000) * 1000000 };
    while (nanosleep(&ts, &ts) < 0 && errno == EINTR)
        ;
}

/* ---- modes for re-execution ---- */

/* proc --exec-check A B PID KEEPFD CLOSEDFD: bits of the exit status say what
 * was wrong. */
static int exec_check(int argc, char **argv)
{
    int bad = 0;
    if (argc != 7)
        return 0x80;
    if (strcmp(argv[2], "hello world") != 0 || strcmp(argv[3], "") != 0)
        bad |= 1;
    const char *v = getenv("PHANTOM_TEST");
    if (!v || strcmp(v, "value=1") != 0 || getenv("HOME") != NULL)
        bad |= 2;
    if (atoi(argv[4]) != getpid())
        bad |= 4;
    if (fcntl(atoi(argv[5]), F_GETFD) != 0)
        bad |= 8;
    if (fcntl(atoi(argv[6]), F_GETFD) != -1 || errno != EBADF)
        bad |= 16;
    return bad;
}

/* proc --wait-fd W R: write one byte to W, then block until R reaches EOF. */
static int wait_fd(char **argv)
{
    char c = 'r';
    write(atoi(argv[2]), &c, 1);
    while (read(atoi(argv[3]), &c, 1) > 0)
        ;
    return 0;
}

/* ---- fork and wait ---- */

static int child_exit42(void) { return 42; }
static int child_ppid_is_parent(void) { return getppid() == (pid_t)atol(getenv("PARENT_PID")) ? 0 : 1; }

static int global_var = 1;
static int child_writes_global(void)
{
    global_var = 99;
    return global_var == 99 ? 0 : 1;
}

static void test_fork_wait(void)
{
    char pidbuf[32];
    pid_t me = getpid();
    snprintf(pidbuf, sizeof pidbuf, "%d", (int)me);
    setenv("PARENT_PID", pidbuf, 1);

    pid_t pid = fork();
    if (pid == 0)
        _exit(42);
    CHECK("fork returns a positive pid in the parent", pid > 0);
    CHECK("child pid differs from parent pid", pid != me);
    int st = 0;
    CHECK_EQ("waitpid returns the child's pid", waitpid(pid, &st, 0), pid);
    CHECK("WIFEXITED after _exit", WIFEXITED(st));
    CHECK("not WIFSIGNALED after _exit", !WIFSIGNALED(st));
    CHECK_EQ("WEXITSTATUS 42", WEXITSTATUS(st), 42);
    CHECK_EQ("run_child helper sees 42", run_child(child_exit42), 42);
    CHECK_EQ("child's getppid is the parent's getpid", run_child(child_ppid_is_parent), 0);

    pid = fork();
    if (pid == 0)
        exit(255);
    st = reap(pid);
    CHECK_EQ("exit(255) gives status 255", WIFEXITED(st) ? WEXITSTATUS(st) : -1, 255);
    pid = fork();
    if (pid == 0)
        exit(256 + 3);
    st = reap(pid);
    CHECK_EQ("exit(259) gives status 3 (low 8 bits)", WIFEXITED(st) ? WEXITSTATUS(st) : -1, 3);

    /* The child's getpid equals fork's return value in the parent. */
    int p[2];
    pipe(p);
    pid = fork();
    if (pid == 0) {
        pid_t mine = getpid();
        write(p[1], &mine, sizeof mine);
        _exit(0);
    }
    pid_t reported = 0;
    read(p[0], &reported, sizeof reported);
    reap(pid);
    CHECK("child's getpid equals fork's return", reported == pid);
    close(p[0]);
    close(p[1]);

    CHECK_EQ("child writes its own copy of memory", run_child(child_writes_global), 0);
    CHECK_EQ("parent's memory unchanged by the child", global_var, 1);

    /* Inherited descriptors share the file offset. */
    FILE *tf = tmpfile();
    int tfd = fileno(tf);
    pid = fork();
    if (pid == 0) {
        write(tfd, "abcd", 4);
        _exit(0);
    }
    reap(pid);
    CHECK_EQ("child's write moved the shared offset", lseek(tfd, 0, SEEK_CUR), 4);
    fclose(tf);

    /* Killed children. */
    pid = fork();
    if (pid == 0) {
        for (;;)
            pause();
    }
    CHECK_EQ("kill child with SIGTERM", kill(pid, SIGTERM), 0);
    st = reap(pid);
    CHECK("WIFSIGNALED after SIGTERM", st != -1 && WIFSIGNALED(st));
    CHECK("not WIFEXITED after SIGTERM", st != -1 && !WIFEXITED(st));
    CHECK_EQ("WTERMSIG is SIGTERM", st != -1 && WIFSIGNALED(st) ? WTERMSIG(st) : -1, SIGTERM);
    pid = fork();
    if (pid == 0) {
        for (;;)
            pause();
    }
    sleep_ms(20);
    kill(pid, SIGKILL);
    st = reap(pid);
    CHECK_EQ("WTERMSIG is SIGKILL", st != -1 && WIFSIGNALED(st) ? WTERMSIG(st) : -1, SIGKILL);
    pid = fork();
    if (pid == 0) {
        signal(SIGABRT, SIG_DFL);
        abort();
    }
    st = reap(pid);
    CHECK_EQ("abort() gives WTERMSIG SIGABRT", st != -1 && WIFSIGNALED(st) ? WTERMSIG(st) : -1, SIGABRT);
    pid = fork();
    if (pid == 0) {
        volatile int *nul = NULL;
        *nul = 1;
        _exit(0);
    }
    st = reap(pid);
    CHECK_EQ("NULL write gives WTERMSIG SIGSEGV", st != -1 && WIFSIGNALED(st) ? WTERMSIG(st) : -1, SIGSEGV);

    /* WNOHANG, wait for any, wait4 with rusage. */
    pipe(p);
    pid = fork();
    if (pid == 0) {
        char c;
        close(p[1]);
        read(p[0], &c, 1);
        _exit(5);
    }
    close(p[0]);
    CHECK_EQ("WNOHANG on a running child returns 0", waitpid(pid, &st, WNOHANG), 0);
    CHECK_EQ("WNOHANG with -1 on a running child returns 0", waitpid(-1, &st, WNOHANG), 0);
    close(p[1]);
    struct rusage ru;
    CHECK_EQ("wait4(-1) with rusage reaps it", wait4(-1, &st, 0, &ru), pid);
    CHECK_EQ("wait4 status 5", WIFEXITED(st) ? WEXITSTATUS(st) : -1, 5);
    CHECK_ERR("wait with no children gives ECHILD", wait(&st), ECHILD);
    CHECK_ERR("waitpid WNOHANG with no children gives ECHILD", waitpid(-1, &st, WNOHANG), ECHILD);
    CHECK_ERR("waitpid on a non-child gives ECHILD", waitpid(getppid(), &st, 0), ECHILD);
    CHECK_ERR("waitpid on own pid gives ECHILD", waitpid(getpid(), &st, 0), ECHILD);
    CHECK_ERR("waitpid bad options gives EINVAL", waitpid(-1, &st, 0x100), EINVAL);
    pid = fork();
    if (pid == 0)
        _exit(0);
    CHECK_ERR("waitpid into bad status pointer gives EFAULT", syscall(SYS_wait4, pid, BAD_PTR, 0, NULL), EFAULT);
    reap(pid);

    /* waitid with WNOWAIT leaves a zombie that can still be waited for. */
    pid = fork();
    if (pid == 0)
        _exit(9);
    sleep_ms(200);
    CHECK_EQ("kill(zombie, 0) succeeds", kill(pid, 0), 0);
    siginfo_t si;
    memset(&si, 0, sizeof si);
    CHECK_EQ("waitid WEXITED|WNOWAIT", waitid(P_PID, pid, &si, WEXITED | WNOWAIT), 0);
    CHECK("waitid: si_pid is the child", si.si_pid == pid);
    CHECK_EQ("waitid: si_code CLD_EXITED", si.si_code, CLD_EXITED);
    CHECK_EQ("waitid: si_status 9", si.si_status, 9);
    CHECK_EQ("kill(zombie, 0) after WNOWAIT succeeds", kill(pid, 0), 0);
    st = reap(pid);
    CHECK_EQ("zombie still reapable after WNOWAIT", WIFEXITED(st) ? WEXITSTATUS(st) : -1, 9);
    CHECK_ERR("kill(reaped pid, 0) gives ESRCH", kill(pid, 0), ESRCH);
    CHECK_ERR("getpgid(reaped pid) gives ESRCH", getpgid(pid), ESRCH);
    CHECK_ERR("getsid(reaped pid) gives ESRCH", getsid(pid), ESRCH);
    CHECK_ERR("setpgid(reaped pid) gives ESRCH", setpgid(pid, 0), ESRCH);

    pid = fork();
    if (pid == 0) {
        for (;;)
            pause();
    }
    CHECK_EQ("kill(live child, 0) succeeds", kill(pid, 0), 0);
    CHECK_ERR("kill with signal 999 gives EINVAL", kill(pid, 999), EINVAL);
    CHECK_EQ("kill(self, 0) succeeds", kill(getpid(), 0), 0);
    kill(pid, SIGKILL);
    reap(pid);
}

/* ---- exec ---- */

static void test_exec(void)
{
    pid_t pid = fork();
    if (pid == 0) {
        char *args[] = { "true", NULL };
        execve("/bin/true", args, environ);
        _exit(100);
    }
    int st = reap(pid);
    CHECK_EQ("execve /bin/true exits 0", WIFEXITED(st) ? WEXITSTATUS(st) : -1, 0);

    int keep = open("/dev/null", O_RDONLY);
    int gone = open("/dev/null", O_RDONLY | O_CLOEXEC);
    pid = fork();
    if (pid == 0) {
        char pidarg[16], k[16], g[16];
        snprintf(pidarg, sizeof pidarg, "%d", (int)getpid());
        snprintf(k, sizeof k, "%d", keep);
        snprintf(g, sizeof g, "%d", gone);
        char *args[] = { (char *)self, "--exec-check", "hello world", "", pidarg, k, g, NULL };
        char *env[] = { "PHANTOM_TEST=value=1", "OTHER=2", NULL };
        execve(self, args, env);
        _exit(100);
    }
    st = reap(pid);
    int code = WIFEXITED(st) ? WEXITSTATUS(st) : -1;
    CHECK("execve self: ran", code >= 0 && code < 100);
    CHECK("execve self: argc is 7", code >= 0 && !(code & 0x80));
    CHECK("execve self: argv strings passed (incl. empty)", code >= 0 && !(code & 1));
    CHECK("execve self: environment replaced by envp", code >= 0 && !(code & 2));
    CHECK("execve self: pid preserved", code >= 0 && !(code & 4));
    CHECK("execve self: fd without FD_CLOEXEC stays open", code >= 0 && !(code & 8));
    CHECK("execve self: FD_CLOEXEC fd closed", code >= 0 && !(code & 16));
    close(keep);
    close(gone);

    /* Failing execve returns in the caller; do it in children for safety. */
    char dir[] = "/tmp/proc-exec-XXXXXX";
    mkdtemp(dir);
    char notelf[64], noexec[64], script[64];
    snprintf(notelf, sizeof notelf, "%s/notelf", dir);
    snprintf(noexec, sizeof noexec, "%s/noexec", dir);
    snprintf(script, sizeof script, "%s/script", dir);
    int fd = open(notelf, O_CREAT | O_WRONLY, 0755);
    write(fd, "this is not an ELF file\nnor a script\n", 37);
    close(fd);
    fd = open(noexec, O_CREAT | O_WRONLY, 0644);
    write(fd, "#!/bin/sh\nexit 0\n", 17);
    close(fd);
    fd = open(script, O_CREAT | O_WRONLY, 0755);
    write(fd, "#!/bin/sh\nexit 7\n", 17);
    close(fd);

    struct {
        const char *name, *path;
        int want;
    } cases[] = {
        { "execve missing path gives ENOENT", "/nonexistent/program", ENOENT },
        { "execve non-ELF without #! gives ENOEXEC", notelf, ENOEXEC },
        { "execve file without x bit gives EACCES", noexec, EACCES },
        { "execve a directory gives EACCES", dir, EACCES },
        { "execve path through a file gives ENOTDIR", "/bin/true/x", ENOTDIR },
        { "execve empty path gives ENOENT", "", ENOENT },
    };
    for (unsigned i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        pid = fork();
        if (pid == 0) {
            char *args[] = { "x", NULL };
            execve(cases[i].path, args, environ);
            _exit(errno);
        }
        st = reap(pid);
        CHECK_EQ(cases[i].name, WIFEXITED(st) ? WEXITSTATUS(st) : -1, cases[i].want);
    }
    pid = fork();
    if (pid == 0) {
        char *args[] = { "x", NULL };
        syscall(SYS_execve, BAD_PTR, args, environ);
        _exit(errno);
    }
    st = reap(pid);
    CHECK_EQ("execve bad path pointer gives EFAULT", WIFEXITED(st) ? WEXITSTATUS(st) : -1, EFAULT);
    pid = fork();
    if (pid == 0) {
        syscall(SYS_execve, "/bin/true", BAD_PTR, environ);
        _exit(errno);
    }
    st = reap(pid);
    CHECK_EQ("execve bad argv pointer gives EFAULT", WIFEXITED(st) ? WEXITSTATUS(st) : -1, EFAULT);
    pid = fork();
    if (pid == 0) {
        char *args[] = { script, NULL };
        execve(script, args, environ);
        _exit(100);
    }
    st = reap(pid);
    CHECK_EQ("execve #!/bin/sh script exits 7", WIFEXITED(st) ? WEXITSTATUS(st) : -1, 7);
    unlink(notelf);
    unlink(noexec);
    unlink(script);
    rmdir(dir);

    /* vfork: the parent waits until the child exits. */
    int p[2];
    pipe(p);
    fcntl(p[0], F_SETFL, O_NONBLOCK);
    pid = vfork();
    if (pid == 0) {
        struct timespec ts = { 0, 100000000 };
        nanosleep(&ts, NULL);
        write(p[1], "v", 1);
        _exit(7);
    }
    char c = 0;
    CHECK_EQ("vfork: parent resumes only after the child's _exit", read(p[0], &c, 1), 1);
    st = reap(pid);
    CHECK_EQ("vfork + _exit(7) status", WIFEXITED(st) ? WEXITSTATUS(st) : -1, 7);
    close(p[0]);
    close(p[1]);
    pid = vfork();
    if (pid == 0) {
        char *args[] = { "true", NULL };
        execve("/bin/true", args, environ);
        _exit(100);
    }
    st = reap(pid);
    CHECK_EQ("vfork + execve /bin/true status 0", WIFEXITED(st) ? WEXITSTATUS(st) : -1, 0);
}

/* ---- process groups and sessions ---- */

static int child_own_group(void)
{
    int bad = 0;
    if (setpgid(0, 0) != 0)
        bad |= 1;
    if (getpgid(0) != getpid() || getpgrp() != getpid())
        bad |= 2;
    errno = 0;
    if (setsid() != -1 || errno != EPERM)
        bad |= 4; /* a group leader cannot start a session */
    return bad;
}

static int child_new_session(void)
{
    int bad = 0;
    pid_t parent_pgid = getpgid(getppid());
    pid_t sid = setsid();
    if (sid != getpid())
        bad |= 1;
    if (getsid(0) != getpid() || getpgid(0) != getpid())
        bad |= 2;
    errno = 0;
    if (setpgid(0, parent_pgid) != -1 || errno != EPERM)
        bad |= 4; /* cannot join a group in another session */
    errno = 0;
    if (setsid() != -1 || errno != EPERM)
        bad |= 8; /* already a session leader */
    errno = 0;
    if (setpgid(0, 0) != -1 || errno != EPERM)
        bad |= 16; /* a session leader cannot change its group */
    return bad;
}

static void test_groups(void)
{
    CHECK_EQ("getpgid(0) equals getpgrp()", getpgid(0), getpgrp());
    CHECK_EQ("getpgid(self) equals getpgid(0)", getpgid(getpid()), getpgid(0));
    /* 0 is a valid answer on Linux when the session leader lives in
     * an outer pid namespace (containers); only an error is wrong here.
     * The child below checks the value after its own setsid. */
    CHECK("getsid(0) succeeds", getsid(0) >= 0);
    CHECK_EQ("getsid(self) equals getsid(0)", getsid(getpid()), getsid(0));
    int code = run_child(child_own_group);
    CHECK("child setpgid(0,0) succeeds", code >= 0 && !(code & 1));
    CHECK("child becomes its own group leader", code >= 0 && !(code & 2));
    CHECK("setsid in a group leader gives EPERM", code >= 0 && !(code & 4));
    code = run_child(child_new_session);
    CHECK("setsid returns the caller's pid", code >= 0 && !(code & 1));
    CHECK("after setsid: own session and group", code >= 0 && !(code & 2));
    CHECK("setpgid into another session gives EPERM", code >= 0 && !(code & 4));
    CHECK("second setsid gives EPERM", code >= 0 && !(code & 8));
    CHECK("session leader setpgid(0,0) gives EPERM", code >= 0 && !(code & 16));
    CHECK_ERR("setpgid negative pgid gives EINVAL", setpgid(0, -1), EINVAL);
    CHECK_ERR("setpgid on a non-child gives ESRCH", setpgid(getppid(), getppid()), ESRCH);

    /* The parent moves a child into its own group; after exec it may not. */
    int ready[2], hold[2];
    pipe(ready);
    pipe(hold);
    pid_t pid = fork();
    if (pid == 0) {
        char w[16], r[16];
        close(ready[0]);
        close(hold[1]);
        snprintf(w, sizeof w, "%d", ready[1]);
        snprintf(r, sizeof r, "%d", hold[0]);
        char *args[] = { (char *)self, "--wait-fd", w, r, NULL };
        execve(self, args, environ);
        _exit(100);
    }
    close(ready[1]);
    close(hold[0]);
    char c;
    CHECK_EQ("exec'd child is ready", read(ready[0], &c, 1), 1);
    CHECK_ERR("setpgid on a child after its exec gives EACCES", setpgid(pid, pid), EACCES);
    close(hold[1]);
    close(ready[0]);
    reap(pid);

    pipe(hold);
    pid = fork();
    if (pid == 0) {
        close(hold[1]);
        read(hold[0], &c, 1);
        _exit(getpgrp() == getpid() ? 0 : 1);
    }
    close(hold[0]);
    CHECK_EQ("parent setpgid(child, child)", setpgid(pid, pid), 0);
    CHECK_EQ("getpgid(child) is the child's pid", getpgid(pid), pid);
    close(hold[1]);
    int st = reap(pid);
    CHECK_EQ("child sees its new group", WIFEXITED(st) ? WEXITSTATUS(st) : -1, 0);

    /* An orphan is re-parented when its parent dies. */
    int p[2];
    pipe(p);
    pid = fork();
    if (pid == 0) {
        pid_t mid = getpid();
        pid_t g = fork();
        if (g == 0) {
            int i = 0;
            while (getppid() == mid && i++ < 300)
                sleep_ms(10);
            char r = getppid() != mid ? 'y' : 'n';
            write(p[1], &r, 1);
            _exit(0);
        }
        _exit(0);
    }
    close(p[1]);
    reap(pid);
    c = 0;
    read(p[0], &c, 1);
    CHECK("orphan gets a new parent when its parent exits", c == 'y');
    close(p[0]);
}

/* ---- uname, limits, many children ---- */

static void test_misc(void)
{
    struct utsname u;
    CHECK_EQ("uname returns 0", uname(&u), 0);
    CHECK("uname sysname is Linux", strcmp(u.sysname, "Linux") == 0);
    CHECK("uname machine is x86_64", strcmp(u.machine, "x86_64") == 0);
    CHECK("uname release is non-empty", u.release[0] != 0);
    CHECK_ERR("uname bad pointer gives EFAULT", uname(BAD_PTR), EFAULT);

    struct rlimit rl, old;
    CHECK_EQ("getrlimit RLIMIT_NOFILE", getrlimit(RLIMIT_NOFILE, &old), 0);
    CHECK("RLIMIT_NOFILE cur <= max", old.rlim_cur <= old.rlim_max);
    rl.rlim_cur = 32;
    rl.rlim_max = old.rlim_max;
    CHECK_EQ("setrlimit RLIMIT_NOFILE 32", setrlimit(RLIMIT_NOFILE, &rl), 0);
    CHECK("getrlimit reads 32 back", getrlimit(RLIMIT_NOFILE, &rl) == 0 && rl.rlim_cur == 32 && rl.rlim_max == old.rlim_max);
    int last = -1, fails = 0, e = 0, made[64], nmade = 0;
    for (int i = 0; i < 64; i++) {
        int fd = dup(0);
        if (fd < 0) {
            e = errno;
            fails++;
        } else {
            last = fd;
            made[nmade++] = fd;
        }
    }
    CHECK("highest fd under RLIMIT_NOFILE 32 is 31", last == 31);
    CHECK("dup past RLIMIT_NOFILE gives EMFILE", fails > 0 && e == EMFILE);
    CHECK_ERR("dup2 beyond RLIMIT_NOFILE gives EBADF", dup2(0, 40), EBADF);
    for (int i = 0; i < nmade; i++)
        close(made[i]);
    CHECK_EQ("restore RLIMIT_NOFILE", setrlimit(RLIMIT_NOFILE, &old), 0);
    rl.rlim_cur = old.rlim_max == RLIM_INFINITY ? RLIM_INFINITY : old.rlim_max + 1;
    rl.rlim_max = old.rlim_max == RLIM_INFINITY ? 1000 : old.rlim_max;
    CHECK_ERR("setrlimit cur > max gives EINVAL", setrlimit(RLIMIT_NOFILE, &rl), EINVAL);
    CHECK_EQ("getrlimit RLIMIT_STACK", getrlimit(RLIMIT_STACK, &rl), 0);
    CHECK("RLIMIT_STACK cur is non-zero", rl.rlim_cur > 0);
    CHECK_ERR("getrlimit bad resource gives EINVAL", syscall(SYS_getrlimit, 999, &rl), EINVAL);
    CHECK_ERR("getrlimit bad pointer gives EFAULT", syscall(SYS_getrlimit, RLIMIT_NOFILE, BAD_PTR), EFAULT);
    rl.rlim_cur = 4 << 20;
    rl.rlim_max = RLIM_INFINITY;
    getrlimit(RLIMIT_CORE, &old);
    pid_t pid = fork();
    if (pid == 0) {
        struct rlimit l = { 12345, 12345 };
        setrlimit(RLIMIT_CORE, &l);
        _exit(0);
    }
    reap(pid);
    CHECK("a child's setrlimit does not touch the parent", getrlimit(RLIMIT_CORE, &rl) == 0 && rl.rlim_cur == old.rlim_cur);

    /* 50 children that exit at once. */
    pid_t kids[50];
    int forked = 0;
    for (int i = 0; i < 50; i++) {
        kids[i] = fork();
        if (kids[i] == 0)
            _exit(i);
        if (kids[i] > 0)
            forked++;
    }
    CHECK_EQ("forked 50 children", forked, 50);
    int reaped = 0, right = 0, st;
    pid_t w;
    int wait_errno = 0;
    while ((w = wait(&st)) > 0 || (wait_errno = errno, 0)) {
        reaped++;
        for (int i = 0; i < 50; i++)
            if (kids[i] == w && WIFEXITED(st) && WEXITSTATUS(st) == i)
                right++;
    }
    CHECK_EQ("reaped 50 children", reaped, 50);
    CHECK_EQ("each child's status matches its index", right, 50);
    CHECK_EQ("then wait gives ECHILD", wait_errno, ECHILD);

    /* A chain of 20 nested forks, each waiting for the next. */
    int depth = 0;
    for (depth = 0; depth < 20; depth++) {
        pid = fork();
        if (pid != 0)
            break;
    }
    if (pid == 0)
        _exit(1);
    st = reap(pid);
    int got = WIFEXITED(st) ? WEXITSTATUS(st) : 0;
    if (depth > 0)
        _exit(got + 1);
    CHECK_EQ("a chain of 20 nested forks", got, 20);
}

int main(int argc, char **argv)
{
    self = argv[0];
    if (argc > 1 && strcmp(argv[1], "--exec-check") == 0)
        return exec_check(argc, argv);
    if (argc > 3 && strcmp(argv[1], "--wait-fd") == 0)
        return wait_fd(argv);
    run_section("fork_wait", test_fork_wait, 60);
    run_section("exec", test_exec, 60);
    run_section("groups", test_groups, 60);
    run_section("misc", test_misc, 60);
    return done();
}
