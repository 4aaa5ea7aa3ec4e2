package java.util.concurrent.locks;

import java.util.concurrent.TimeUnit;

/** A mutual-exclusion lock its owner may take again; waiting threads wait on an inner monitor. */
public class ReentrantLock implements Lock, java.io.Serializable {
    private final Object sync = new Object();
    private final boolean fair;
    private Thread owner;
    private int holds;
    private int queued;

    public ReentrantLock() { this(false); }
    public ReentrantLock(boolean fair) { this.fair = fair; }

    public void lock() {
        Thread me = Thread.currentThread();
        synchronized (sync) {
            if (owner == me) {
                holds++;
                return;
            }
            queued++;
            try {
                while (owner != null) {
                    try {
                        sync.wait();
                    } catch (InterruptedException e) {
                        // lock() is not interruptible
                    }
                }
            } finally {
                queued--;
            }
            owner = me;
            holds = 1;
        }
    }

    public void lockInterruptibly() throws InterruptedException { lock(); }

    public boolean tryLock() {
        Thread me = Thread.currentThread();
        synchronized (sync) {
            if (owner == me) {
                holds++;
                return true;
            }
            if (owner != null) return false;
            owner = me;
            holds = 1;
            return true;
        }
    }

    public boolean tryLock(long timeout, TimeUnit unit) throws InterruptedException {
        Thread me = Thread.currentThread();
        long deadline = System.nanoTime() + unit.toNanos(timeout);
        synchronized (sync) {
            if (owner == me) {
                holds++;
                return true;
            }
            queued++;
            try {
                while (owner != null) {
                    long left = deadline - System.nanoTime();
                    if (left <= 0) return false;
                    sync.wait(Math.max(1L, left / 1000000L));
                }
            } finally {
                queued--;
            }
            owner = me;
            holds = 1;
            return true;
        }
    }

    public void unlock() {
        synchronized (sync) {
            if (owner != Thread.currentThread()) throw new IllegalMonitorStateException();
            if (--holds == 0) {
                owner = null;
                sync.notifyAll();
            }
        }
    }

    public Condition newCondition() { return new ConditionObject(); }

    private final class ConditionObject implements Condition {
        private final Waiters waiters = new Waiters();

        private long await(long nanos) throws InterruptedException {
            Thread me = Thread.currentThread();
            synchronized (sync) {
                if (owner != me) throw new IllegalMonitorStateException();
                int saved = holds;
                Waiters.Node n = waiters.add();
                owner = null;
                holds = 0;
                sync.notifyAll();
                long left;
                try {
                    left = waiters.await(sync, n, nanos);
                } finally {
                    while (owner != null) {
                        try {
                            sync.wait();
                        } catch (InterruptedException e) {
                            // reacquiring is not interruptible
                        }
                    }
                    owner = me;
                    holds = saved;
                }
                return left;
            }
        }

        public void await() throws InterruptedException { await(-1L); }

        public void awaitUninterruptibly() {
            try {
                await(-1L);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }

        public long awaitNanos(long nanosTimeout) throws InterruptedException {
            if (nanosTimeout <= 0) nanosTimeout = 0;
            return await(nanosTimeout);
        }

        public boolean await(long time, TimeUnit unit) throws InterruptedException {
            return awaitNanos(unit.toNanos(time)) > 0;
        }

        public void signal() {
            synchronized (sync) {
                if (owner != Thread.currentThread()) throw new IllegalMonitorStateException();
                if (waiters.signal()) sync.notifyAll();
            }
        }

        public void signalAll() {
            synchronized (sync) {
                if (owner != Thread.currentThread()) throw new IllegalMonitorStateException();
                waiters.signalAll();
                sync.notifyAll();
            }
        }
    }

    public int getHoldCount() {
        synchronized (sync) {
            return owner == Thread.currentThread() ? holds : 0;
        }
    }

    public boolean isHeldByCurrentThread() {
        synchronized (sync) {
            return owner == Thread.currentThread();
        }
    }

    public boolean isLocked() {
        synchronized (sync) {
            return owner != null;
        }
    }

    public final boolean isFair() { return fair; }

    public final boolean hasQueuedThreads() {
        synchronized (sync) {
            return queued > 0;
        }
    }

    public final int getQueueLength() {
        synchronized (sync) {
            return queued;
        }
    }

    protected Thread getOwner() {
        synchronized (sync) {
            return owner;
        }
    }

    public String toString() {
        Thread o = getOwner();
        return super.toString() + (o == null ? "[Unlocked]" : "[Locked by thread " + o.getName() + "]");
    }
}
