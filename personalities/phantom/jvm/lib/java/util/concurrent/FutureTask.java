package java.util.concurrent;

/** A computation whose result is waited for with get(); run once by whoever runs it. */
public class FutureTask<V> implements RunnableFuture<V> {
    private static final int NEW = 0;
    private static final int RUNNING = 1;
    private static final int NORMAL = 2;
    private static final int EXCEPTIONAL = 3;
    private static final int CANCELLED = 4;

    private Callable<V> callable;
    private int state;
    private Object outcome;

    public FutureTask(Callable<V> callable) {
        if (callable == null) throw new NullPointerException();
        this.callable = callable;
    }

    public FutureTask(Runnable runnable, V result) {
        if (runnable == null) throw new NullPointerException();
        this.callable = () -> {
            runnable.run();
            return result;
        };
    }

    public synchronized boolean isCancelled() { return state == CANCELLED; }

    public synchronized boolean isDone() { return state >= NORMAL; }

    /** Running tasks are not interrupted (Thread.interrupt only sets a flag): they finish, their result is dropped. */
    public boolean cancel(boolean mayInterruptIfRunning) {
        synchronized (this) {
            if (state >= NORMAL) return false;
            state = CANCELLED;
            notifyAll();
        }
        done();
        return true;
    }

    @SuppressWarnings("unchecked")
    private V report() throws ExecutionException {
        if (state == NORMAL) return (V) outcome;
        if (state == CANCELLED) throw new CancellationException();
        throw new ExecutionException((Throwable) outcome);
    }

    public synchronized V get() throws InterruptedException, ExecutionException {
        while (state < NORMAL) wait();
        return report();
    }

    public synchronized V get(long timeout, TimeUnit unit) throws InterruptedException, ExecutionException, TimeoutException {
        long deadline = System.nanoTime() + unit.toNanos(timeout);
        while (state < NORMAL) {
            long left = deadline - System.nanoTime();
            if (left <= 0) throw new TimeoutException();
            wait(Math.max(1L, left / 1000000L));
        }
        return report();
    }

    /** Called once the task is done (normally, exceptionally or cancelled). */
    protected void done() {}

    protected void set(V v) { finish(NORMAL, v); }

    protected void setException(Throwable t) { finish(EXCEPTIONAL, t); }

    private void finish(int how, Object result) {
        synchronized (this) {
            if (state >= NORMAL) return;
            outcome = result;
            state = how;
            callable = null;
            notifyAll();
        }
        done();
    }

    public void run() {
        Callable<V> c;
        synchronized (this) {
            if (state != NEW) return;
            state = RUNNING;
            c = callable;
        }
        V result;
        try {
            result = c.call();
        } catch (Throwable t) {
            setException(t);
            return;
        }
        set(result);
    }

    protected boolean runAndReset() {
        Callable<V> c;
        synchronized (this) {
            if (state != NEW) return false;
            c = callable;
        }
        try {
            c.call();
        } catch (Throwable t) {
            setException(t);
            return false;
        }
        return true;
    }

    public String toString() {
        String status;
        synchronized (this) {
            switch (state) {
                case NORMAL: status = "[Completed normally]"; break;
                case EXCEPTIONAL: status = "[Completed exceptionally: " + outcome + "]"; break;
                case CANCELLED: status = "[Cancelled]"; break;
                default: status = "[Not completed]";
            }
        }
        return super.toString() + status;
    }
}
