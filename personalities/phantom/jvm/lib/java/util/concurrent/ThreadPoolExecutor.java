package java.util.concurrent;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;

/**
 * A pool of worker threads taking tasks from a queue. Up to corePoolSize
 * workers are started as tasks come; beyond that tasks are queued, and when
 * the queue refuses one, up to maximumPoolSize workers are started. Idle
 * workers above the core size end after keepAliveTime.
 */
public class ThreadPoolExecutor extends AbstractExecutorService {
    private static final int RUNNING = 0;
    private static final int SHUTDOWN = 1;
    private static final int STOP = 2;
    private static final int TERMINATED = 3;

    private final BlockingQueue<Runnable> workQueue;
    private volatile int corePoolSize;
    private volatile int maximumPoolSize;
    private volatile long keepAliveNanos;
    private volatile boolean allowCoreThreadTimeOut;
    private volatile ThreadFactory threadFactory;
    private volatile RejectedExecutionHandler handler;

    // Under the executor's monitor.
    private int runState = RUNNING;
    private final HashSet<Worker> workers = new HashSet<>();
    private int idle;
    private int largestPoolSize;
    private long completedTaskCount;

    public ThreadPoolExecutor(int corePoolSize, int maximumPoolSize, long keepAliveTime, TimeUnit unit,
            BlockingQueue<Runnable> workQueue) {
        this(corePoolSize, maximumPoolSize, keepAliveTime, unit, workQueue, Executors.defaultThreadFactory(), new AbortPolicy());
    }

    public ThreadPoolExecutor(int corePoolSize, int maximumPoolSize, long keepAliveTime, TimeUnit unit,
            BlockingQueue<Runnable> workQueue, ThreadFactory threadFactory) {
        this(corePoolSize, maximumPoolSize, keepAliveTime, unit, workQueue, threadFactory, new AbortPolicy());
    }

    public ThreadPoolExecutor(int corePoolSize, int maximumPoolSize, long keepAliveTime, TimeUnit unit,
            BlockingQueue<Runnable> workQueue, RejectedExecutionHandler handler) {
        this(corePoolSize, maximumPoolSize, keepAliveTime, unit, workQueue, Executors.defaultThreadFactory(), handler);
    }

    public ThreadPoolExecutor(int corePoolSize, int maximumPoolSize, long keepAliveTime, TimeUnit unit,
            BlockingQueue<Runnable> workQueue, ThreadFactory threadFactory, RejectedExecutionHandler handler) {
        if (corePoolSize < 0 || maximumPoolSize <= 0 || maximumPoolSize < corePoolSize || keepAliveTime < 0) {
            throw new IllegalArgumentException();
        }
        if (workQueue == null || threadFactory == null || handler == null) throw new NullPointerException();
        this.corePoolSize = corePoolSize;
        this.maximumPoolSize = maximumPoolSize;
        this.keepAliveNanos = unit.toNanos(keepAliveTime);
        this.workQueue = workQueue;
        this.threadFactory = threadFactory;
        this.handler = handler;
    }

    /** A worker: its thread runs the first task, then tasks from the queue until there are none for it. */
    private final class Worker implements Runnable {
        Runnable firstTask;
        Thread thread;
        boolean busy;

        Worker(Runnable firstTask) { this.firstTask = firstTask; }

        public void run() { runWorker(this); }
    }

    /** Starts a worker with `first` as its first task; false if the pool may not grow. */
    private boolean addWorker(Runnable first, boolean core) {
        Worker w;
        synchronized (this) {
            if (runState >= STOP || (runState == SHUTDOWN && first != null)) return false;
            if (workers.size() >= (core ? corePoolSize : maximumPoolSize)) return false;
            w = new Worker(first);
            w.thread = threadFactory.newThread(w);
            if (w.thread == null) return false;
            workers.add(w);
            if (workers.size() > largestPoolSize) largestPoolSize = workers.size();
        }
        w.thread.start();
        return true;
    }

    public void execute(Runnable command) {
        if (command == null) throw new NullPointerException();
        int n;
        synchronized (this) {
            n = workers.size();
        }
        if (n < corePoolSize && addWorker(command, true)) return;
        boolean running;
        synchronized (this) {
            running = runState == RUNNING;
        }
        if (running && workQueue.offer(command)) {
            synchronized (this) {
                if (runState != RUNNING && workQueue.remove(command)) {
                    reject(command);
                    return;
                }
                if (workers.isEmpty()) addWorkerLater();
            }
            return;
        }
        if (!addWorker(command, false)) reject(command);
    }

    private void addWorkerLater() {
        Worker w = new Worker(null);
        w.thread = threadFactory.newThread(w);
        if (w.thread == null) return;
        workers.add(w);
        if (workers.size() > largestPoolSize) largestPoolSize = workers.size();
        w.thread.start();
    }

    final void reject(Runnable command) { handler.rejectedExecution(command, this); }

    @SuppressWarnings("unchecked")
    private Runnable getTask(Worker w) throws InterruptedException {
        while (true) {
            boolean timed;
            int epoch = 0;
            synchronized (this) {
                if (runState >= STOP) return null;
                if (runState == SHUTDOWN && workQueue.isEmpty()) return null;
                timed = allowCoreThreadTimeOut || workers.size() > corePoolSize;
                if (workQueue instanceof BoundedQueue) epoch = ((BoundedQueue<?>) workQueue).wakeups();
                idle++;
            }
            Runnable r;
            try {
                if (runState == SHUTDOWN) r = workQueue.poll();
                else if (workQueue instanceof BoundedQueue) r = ((BoundedQueue<Runnable>) workQueue).pollAwake(timed ? keepAliveNanos : -1L, epoch);
                else if (timed) r = workQueue.poll(keepAliveNanos, TimeUnit.NANOSECONDS);
                else r = workQueue.poll(50L, TimeUnit.MILLISECONDS);
            } finally {
                synchronized (this) {
                    idle--;
                }
            }
            if (r != null) return r;
            if (timed && !isShutdown()) {
                synchronized (this) {
                    if (workers.size() > 1 || workQueue.isEmpty()) return null;
                }
            }
        }
    }

    private void runWorker(Worker w) {
        Runnable task = w.firstTask;
        w.firstTask = null;
        try {
            while (task != null || (task = getTask(w)) != null) {
                synchronized (this) {
                    w.busy = true;
                }
                Throwable thrown = null;
                try {
                    beforeExecute(w.thread, task);
                    try {
                        task.run();
                    } catch (RuntimeException | Error e) {
                        thrown = e;
                        throw e;
                    } finally {
                        afterExecute(task, thrown);
                    }
                } finally {
                    task = null;
                    synchronized (this) {
                        w.busy = false;
                        completedTaskCount++;
                    }
                }
            }
        } catch (InterruptedException e) {
            // the worker ends
        } finally {
            workerDone(w);
        }
    }

    private void workerDone(Worker w) {
        boolean replace = false;
        synchronized (this) {
            workers.remove(w);
            if (runState < STOP && !workQueue.isEmpty() && workers.isEmpty()) replace = true;
            tryTerminate();
        }
        if (replace) addWorker(null, false);
    }

    private void tryTerminate() {
        if (runState == TERMINATED) return;
        if (runState == RUNNING) return;
        if (runState == SHUTDOWN && !workQueue.isEmpty()) return;
        if (!workers.isEmpty()) return;
        try {
            terminated();
        } finally {
            runState = TERMINATED;
            notifyAll();
        }
    }

    protected void beforeExecute(Thread t, Runnable r) {}
    protected void afterExecute(Runnable r, Throwable t) {}
    protected void terminated() {}

    public void shutdown() {
        synchronized (this) {
            if (runState < SHUTDOWN) runState = SHUTDOWN;
            tryTerminate();
            wakeIdle();
        }
    }

    private void wakeIdle() {
        if (workQueue instanceof BoundedQueue) ((BoundedQueue<?>) workQueue).wakeWaiters();
    }

    public List<Runnable> shutdownNow() {
        ArrayList<Runnable> left = new ArrayList<>();
        synchronized (this) {
            if (runState < STOP) runState = STOP;
            workQueue.drainTo(left);
            for (Worker w : workers) w.thread.interrupt();
            tryTerminate();
            wakeIdle();
        }
        return left;
    }

    public synchronized boolean isShutdown() { return runState != RUNNING; }
    public synchronized boolean isTerminating() { return runState != RUNNING && runState != TERMINATED; }
    public synchronized boolean isTerminated() { return runState == TERMINATED; }

    public boolean awaitTermination(long timeout, TimeUnit unit) throws InterruptedException {
        long deadline = System.nanoTime() + unit.toNanos(timeout);
        synchronized (this) {
            while (runState != TERMINATED) {
                long left = deadline - System.nanoTime();
                if (left <= 0) return false;
                wait(Math.max(1L, Math.min(left / 1000000L, 50L)));
            }
            return true;
        }
    }

    public void setThreadFactory(ThreadFactory f) {
        if (f == null) throw new NullPointerException();
        threadFactory = f;
    }
    public ThreadFactory getThreadFactory() { return threadFactory; }
    public void setRejectedExecutionHandler(RejectedExecutionHandler h) {
        if (h == null) throw new NullPointerException();
        handler = h;
    }
    public RejectedExecutionHandler getRejectedExecutionHandler() { return handler; }
    public void setCorePoolSize(int n) {
        if (n < 0 || maximumPoolSize < n) throw new IllegalArgumentException();
        corePoolSize = n;
    }
    public int getCorePoolSize() { return corePoolSize; }
    public void setMaximumPoolSize(int n) {
        if (n <= 0 || n < corePoolSize) throw new IllegalArgumentException();
        maximumPoolSize = n;
    }
    public int getMaximumPoolSize() { return maximumPoolSize; }
    public void setKeepAliveTime(long time, TimeUnit unit) {
        if (time < 0) throw new IllegalArgumentException();
        keepAliveNanos = unit.toNanos(time);
    }
    public long getKeepAliveTime(TimeUnit unit) { return unit.convert(keepAliveNanos, TimeUnit.NANOSECONDS); }
    public void allowCoreThreadTimeOut(boolean value) { allowCoreThreadTimeOut = value; }
    public boolean allowsCoreThreadTimeOut() { return allowCoreThreadTimeOut; }
    public boolean prestartCoreThread() { return addWorker(null, true); }
    public int prestartAllCoreThreads() {
        int n = 0;
        while (addWorker(null, true)) n++;
        return n;
    }
    public BlockingQueue<Runnable> getQueue() { return workQueue; }
    public boolean remove(Runnable task) { return workQueue.remove(task); }
    public void purge() {}
    public synchronized int getPoolSize() { return runState == TERMINATED ? 0 : workers.size(); }
    public synchronized int getActiveCount() {
        int n = 0;
        for (Worker w : workers) if (w.busy) n++;
        return n;
    }
    public synchronized int getLargestPoolSize() { return largestPoolSize; }
    public synchronized long getTaskCount() { return completedTaskCount + getActiveCount() + workQueue.size(); }
    public synchronized long getCompletedTaskCount() { return completedTaskCount; }

    public String toString() {
        String state;
        long completed;
        int pool, active;
        synchronized (this) {
            state = runState == RUNNING ? "Running" : runState == TERMINATED ? "Terminated" : "Shutting down";
            completed = completedTaskCount;
            pool = workers.size();
            active = getActiveCount();
        }
        return super.toString() + "[" + state + ", pool size = " + pool + ", active threads = " + active
                + ", queued tasks = " + workQueue.size() + ", completed tasks = " + completed + "]";
    }

    public static class AbortPolicy implements RejectedExecutionHandler {
        public AbortPolicy() {}
        public void rejectedExecution(Runnable r, ThreadPoolExecutor e) {
            throw new RejectedExecutionException("Task " + r.toString() + " rejected from " + e.toString());
        }
    }

    public static class CallerRunsPolicy implements RejectedExecutionHandler {
        public CallerRunsPolicy() {}
        public void rejectedExecution(Runnable r, ThreadPoolExecutor e) {
            if (!e.isShutdown()) r.run();
        }
    }

    public static class DiscardPolicy implements RejectedExecutionHandler {
        public DiscardPolicy() {}
        public void rejectedExecution(Runnable r, ThreadPoolExecutor e) {}
    }

    public static class DiscardOldestPolicy implements RejectedExecutionHandler {
        public DiscardOldestPolicy() {}
        public void rejectedExecution(Runnable r, ThreadPoolExecutor e) {
            if (!e.isShutdown()) {
                e.getQueue().poll();
                e.execute(r);
            }
        }
    }
}
