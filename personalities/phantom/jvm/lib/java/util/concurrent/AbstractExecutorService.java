package java.util.concurrent;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Iterator;
import java.util.List;

public abstract class AbstractExecutorService implements ExecutorService {
    public AbstractExecutorService() {}

    protected <T> RunnableFuture<T> newTaskFor(Runnable runnable, T value) { return new FutureTask<T>(runnable, value); }

    protected <T> RunnableFuture<T> newTaskFor(Callable<T> callable) { return new FutureTask<T>(callable); }

    public Future<?> submit(Runnable task) {
        if (task == null) throw new NullPointerException();
        RunnableFuture<Void> f = newTaskFor(task, null);
        execute(f);
        return f;
    }

    public <T> Future<T> submit(Runnable task, T result) {
        if (task == null) throw new NullPointerException();
        RunnableFuture<T> f = newTaskFor(task, result);
        execute(f);
        return f;
    }

    public <T> Future<T> submit(Callable<T> task) {
        if (task == null) throw new NullPointerException();
        RunnableFuture<T> f = newTaskFor(task);
        execute(f);
        return f;
    }

    public <T> List<Future<T>> invokeAll(Collection<? extends Callable<T>> tasks) throws InterruptedException {
        ArrayList<Future<T>> futures = new ArrayList<>(tasks.size());
        for (Callable<T> t : tasks) {
            RunnableFuture<T> f = newTaskFor(t);
            futures.add(f);
            execute(f);
        }
        for (Future<T> f : futures) {
            try {
                f.get();
            } catch (ExecutionException | CancellationException ignored) {
                // reported by the future itself
            }
        }
        return futures;
    }

    public <T> List<Future<T>> invokeAll(Collection<? extends Callable<T>> tasks, long timeout, TimeUnit unit)
            throws InterruptedException {
        long deadline = System.nanoTime() + unit.toNanos(timeout);
        ArrayList<Future<T>> futures = new ArrayList<>(tasks.size());
        for (Callable<T> t : tasks) futures.add(newTaskFor(t));
        for (Future<T> f : futures) execute((Runnable) f);
        for (Future<T> f : futures) {
            long left = deadline - System.nanoTime();
            try {
                if (left <= 0) throw new TimeoutException();
                f.get(left, TimeUnit.NANOSECONDS);
            } catch (ExecutionException | CancellationException ignored) {
                // reported by the future itself
            } catch (TimeoutException e) {
                for (Future<T> g : futures) g.cancel(true);
                break;
            }
        }
        return futures;
    }

    public <T> T invokeAny(Collection<? extends Callable<T>> tasks) throws InterruptedException, ExecutionException {
        try {
            return invokeAny(tasks, false, 0L);
        } catch (TimeoutException e) {
            throw new IllegalStateException(e);
        }
    }

    public <T> T invokeAny(Collection<? extends Callable<T>> tasks, long timeout, TimeUnit unit)
            throws InterruptedException, ExecutionException, TimeoutException {
        return invokeAny(tasks, true, System.nanoTime() + unit.toNanos(timeout));
    }

    /** Runs the tasks and returns the result of the first that completes normally; the others are cancelled. */
    private <T> T invokeAny(Collection<? extends Callable<T>> tasks, boolean timed, long deadline)
            throws InterruptedException, ExecutionException, TimeoutException {
        if (tasks.isEmpty()) throw new IllegalArgumentException();
        Object signal = new Object();
        ArrayList<FutureTask<T>> futures = new ArrayList<>();
        for (Callable<T> t : tasks) {
            FutureTask<T> f = new FutureTask<T>(t) {
                protected void done() {
                    synchronized (signal) {
                        signal.notifyAll();
                    }
                }
            };
            futures.add(f);
        }
        try {
            for (FutureTask<T> f : futures) execute(f);
            ExecutionException last = null;
            synchronized (signal) {
                while (true) {
                    int finished = 0;
                    for (Iterator<FutureTask<T>> it = futures.iterator(); it.hasNext();) {
                        FutureTask<T> f = it.next();
                        if (!f.isDone()) continue;
                        finished++;
                        try {
                            return f.get();
                        } catch (ExecutionException e) {
                            last = e;
                        } catch (CancellationException e) {
                            last = new ExecutionException(e);
                        }
                    }
                    if (finished == futures.size()) throw last;
                    if (timed) {
                        long left = deadline - System.nanoTime();
                        if (left <= 0) throw new TimeoutException();
                        signal.wait(Math.max(1L, left / 1000000L));
                    } else {
                        signal.wait();
                    }
                }
            }
        } finally {
            for (FutureTask<T> f : futures) f.cancel(true);
        }
    }
}
