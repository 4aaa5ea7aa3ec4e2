package java.util.concurrent;

import java.util.Collection;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

public class Executors {
    private Executors() {}

    public static ExecutorService newFixedThreadPool(int nThreads) {
        return new ThreadPoolExecutor(nThreads, nThreads, 0L, TimeUnit.MILLISECONDS, new LinkedBlockingQueue<Runnable>());
    }

    public static ExecutorService newFixedThreadPool(int nThreads, ThreadFactory threadFactory) {
        return new ThreadPoolExecutor(nThreads, nThreads, 0L, TimeUnit.MILLISECONDS, new LinkedBlockingQueue<Runnable>(), threadFactory);
    }

    public static ExecutorService newSingleThreadExecutor() {
        return new Delegated(newFixedThreadPool(1));
    }

    public static ExecutorService newSingleThreadExecutor(ThreadFactory threadFactory) {
        return new Delegated(newFixedThreadPool(1, threadFactory));
    }

    /**
     * Threads are made as tasks come when none is idle and end after 60
     * seconds without work. (A queue of one place stands in for the JDK's
     * hand-off queue: a task waits there only until an idle worker takes it.)
     */
    public static ExecutorService newCachedThreadPool() {
        return new ThreadPoolExecutor(0, Integer.MAX_VALUE, 60L, TimeUnit.SECONDS, new HandOffQueue());
    }

    public static ExecutorService newCachedThreadPool(ThreadFactory threadFactory) {
        return new ThreadPoolExecutor(0, Integer.MAX_VALUE, 60L, TimeUnit.SECONDS, new HandOffQueue(), threadFactory);
    }

    /** Work-stealing pools run as a fixed pool of daemon threads. */
    public static ExecutorService newWorkStealingPool(int parallelism) {
        return newFixedThreadPool(parallelism, daemonFactory());
    }

    public static ExecutorService newWorkStealingPool() { return newWorkStealingPool(Runtime.getRuntime().availableProcessors()); }

    public static ExecutorService unconfigurableExecutorService(ExecutorService executor) {
        if (executor == null) throw new NullPointerException();
        return new Delegated(executor);
    }

    public static <T> Callable<T> callable(Runnable task, T result) {
        if (task == null) throw new NullPointerException();
        return () -> {
            task.run();
            return result;
        };
    }

    public static Callable<Object> callable(Runnable task) { return callable(task, null); }

    private static final AtomicInteger POOLS = new AtomicInteger(1);

    /** Threads named pool-N-thread-M, not daemons. */
    public static ThreadFactory defaultThreadFactory() {
        String prefix = "pool-" + POOLS.getAndIncrement() + "-thread-";
        AtomicInteger count = new AtomicInteger(1);
        return r -> {
            Thread t = new Thread(r, prefix + count.getAndIncrement());
            if (t.isDaemon()) t.setDaemon(false);
            return t;
        };
    }

    static ThreadFactory daemonFactory() {
        ThreadFactory f = defaultThreadFactory();
        return r -> {
            Thread t = f.newThread(r);
            t.setDaemon(true);
            return t;
        };
    }

    /** A queue that accepts a task only when a worker is waiting for one. */
    static final class HandOffQueue extends LinkedBlockingQueue<Runnable> {
        private int waiting;

        HandOffQueue() { super(Integer.MAX_VALUE); }

        public synchronized boolean offer(Runnable r) {
            if (waiting <= size()) return false;
            return super.offer(r);
        }

        synchronized Runnable pollAwake(long nanos, int w) throws InterruptedException {
            waiting++;
            try {
                return super.pollAwake(nanos, w);
            } finally {
                waiting--;
            }
        }
    }

    /** Only the ExecutorService methods of another executor. */
    static class Delegated extends AbstractExecutorService {
        private final ExecutorService e;

        Delegated(ExecutorService e) { this.e = e; }

        public void execute(Runnable command) { e.execute(command); }
        public void shutdown() { e.shutdown(); }
        public List<Runnable> shutdownNow() { return e.shutdownNow(); }
        public boolean isShutdown() { return e.isShutdown(); }
        public boolean isTerminated() { return e.isTerminated(); }
        public boolean awaitTermination(long timeout, TimeUnit unit) throws InterruptedException { return e.awaitTermination(timeout, unit); }
        public Future<?> submit(Runnable task) { return e.submit(task); }
        public <T> Future<T> submit(Callable<T> task) { return e.submit(task); }
        public <T> Future<T> submit(Runnable task, T result) { return e.submit(task, result); }
        public <T> List<Future<T>> invokeAll(Collection<? extends Callable<T>> tasks) throws InterruptedException { return e.invokeAll(tasks); }
        public <T> List<Future<T>> invokeAll(Collection<? extends Callable<T>> tasks, long timeout, TimeUnit unit) throws InterruptedException {
            return e.invokeAll(tasks, timeout, unit);
        }
        public <T> T invokeAny(Collection<? extends Callable<T>> tasks) throws InterruptedException, ExecutionException { return e.invokeAny(tasks); }
        public <T> T invokeAny(Collection<? extends Callable<T>> tasks, long timeout, TimeUnit unit)
                throws InterruptedException, ExecutionException, TimeoutException {
            return e.invokeAny(tasks, timeout, unit);
        }
    }
}
