package java.util.concurrent.locks;

import java.util.HashMap;
import java.util.concurrent.TimeUnit;

/**
 * Many readers or one writer. The writer may also take the read lock
 * (and so downgrade); a reader may not upgrade. New readers wait while a
 * writer waits, so writers are not starved.
 */
public class ReentrantReadWriteLock implements ReadWriteLock, java.io.Serializable {
    private final Object sync = new Object();
    private final boolean fair;
    private final ReadLock readerLock;
    private final WriteLock writerLock;

    // Under sync's monitor.
    private Thread writer;
    private int writeHolds;
    private int writersWaiting;
    private int readers;
    private final HashMap<Thread, Integer> readHolds = new HashMap<>();

    public ReentrantReadWriteLock() { this(false); }

    public ReentrantReadWriteLock(boolean fair) {
        this.fair = fair;
        readerLock = new ReadLock(this);
        writerLock = new WriteLock(this);
    }

    public ReentrantReadWriteLock.WriteLock writeLock() { return writerLock; }
    public ReentrantReadWriteLock.ReadLock readLock() { return readerLock; }
    public final boolean isFair() { return fair; }

    private boolean readBlocked(Thread me) {
        if (writer == me || readHolds.containsKey(me)) return false;
        return writer != null || writersWaiting > 0;
    }

    private void takeRead(Thread me) {
        readers++;
        readHolds.merge(me, 1, Integer::sum);
    }

    private boolean acquireRead(long nanos) throws InterruptedException {
        Thread me = Thread.currentThread();
        long deadline = System.nanoTime() + nanos;
        synchronized (sync) {
            while (readBlocked(me)) {
                if (nanos < 0) {
                    sync.wait();
                } else {
                    long left = deadline - System.nanoTime();
                    if (left <= 0) return false;
                    sync.wait(Math.max(1L, left / 1000000L));
                }
            }
            takeRead(me);
            return true;
        }
    }

    private void releaseRead() {
        Thread me = Thread.currentThread();
        synchronized (sync) {
            Integer n = readHolds.get(me);
            if (n == null) throw new IllegalMonitorStateException("attempt to unlock read lock, not locked by current thread");
            if (n == 1) readHolds.remove(me);
            else readHolds.put(me, n - 1);
            readers--;
            if (readers == 0) sync.notifyAll();
        }
    }

    private boolean writeBlocked(Thread me) {
        if (writer == me) return false;
        return writer != null || readers > 0;
    }

    private boolean acquireWrite(long nanos) throws InterruptedException {
        Thread me = Thread.currentThread();
        long deadline = System.nanoTime() + nanos;
        synchronized (sync) {
            if (writer != me && nanos != 0) writersWaiting++;
            try {
                while (writeBlocked(me)) {
                    if (nanos < 0) {
                        sync.wait();
                    } else {
                        long left = deadline - System.nanoTime();
                        if (left <= 0) return false;
                        sync.wait(Math.max(1L, left / 1000000L));
                    }
                }
            } finally {
                if (writer != me && nanos != 0) {
                    writersWaiting--;
                    sync.notifyAll();
                }
            }
            writer = me;
            writeHolds++;
            return true;
        }
    }

    private void releaseWrite() {
        synchronized (sync) {
            if (writer != Thread.currentThread()) throw new IllegalMonitorStateException();
            if (--writeHolds == 0) {
                writer = null;
                sync.notifyAll();
            }
        }
    }

    private static void uninterruptibly(Lock l) {
        try {
            l.lockInterruptibly();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    public static class ReadLock implements Lock, java.io.Serializable {
        private final ReentrantReadWriteLock rw;

        protected ReadLock(ReentrantReadWriteLock lock) { rw = lock; }

        public void lock() { uninterruptibly(this); }
        public void lockInterruptibly() throws InterruptedException { rw.acquireRead(-1L); }

        public boolean tryLock() {
            try {
                return rw.acquireRead(0L);
            } catch (InterruptedException e) {
                return false;
            }
        }

        public boolean tryLock(long timeout, TimeUnit unit) throws InterruptedException {
            return rw.acquireRead(Math.max(0L, unit.toNanos(timeout)));
        }

        public void unlock() { rw.releaseRead(); }
        public Condition newCondition() { throw new UnsupportedOperationException(); }

        public String toString() {
            int r;
            synchronized (rw.sync) {
                r = rw.readers;
            }
            return super.toString() + "[Read locks = " + r + "]";
        }
    }

    public static class WriteLock implements Lock, java.io.Serializable {
        private final ReentrantReadWriteLock rw;

        protected WriteLock(ReentrantReadWriteLock lock) { rw = lock; }

        public void lock() { uninterruptibly(this); }
        public void lockInterruptibly() throws InterruptedException { rw.acquireWrite(-1L); }

        public boolean tryLock() {
            try {
                return rw.acquireWrite(0L);
            } catch (InterruptedException e) {
                return false;
            }
        }

        public boolean tryLock(long timeout, TimeUnit unit) throws InterruptedException {
            return rw.acquireWrite(Math.max(0L, unit.toNanos(timeout)));
        }

        public void unlock() { rw.releaseWrite(); }

        public Condition newCondition() { return new WriteCondition(rw); }

        public boolean isHeldByCurrentThread() {
            synchronized (rw.sync) {
                return rw.writer == Thread.currentThread();
            }
        }

        public int getHoldCount() {
            synchronized (rw.sync) {
                return rw.writer == Thread.currentThread() ? rw.writeHolds : 0;
            }
        }

        public String toString() {
            Thread o;
            synchronized (rw.sync) {
                o = rw.writer;
            }
            return super.toString() + (o == null ? "[Unlocked]" : "[Locked by thread " + o.getName() + "]");
        }
    }

    /** A condition of the write lock. */
    private static final class WriteCondition implements Condition {
        private final ReentrantReadWriteLock rw;
        private final Waiters waiters = new Waiters();

        WriteCondition(ReentrantReadWriteLock rw) { this.rw = rw; }

        private long await(long nanos) throws InterruptedException {
            Thread me = Thread.currentThread();
            synchronized (rw.sync) {
                if (rw.writer != me) throw new IllegalMonitorStateException();
                int saved = rw.writeHolds;
                Waiters.Node n = waiters.add();
                rw.writer = null;
                rw.writeHolds = 0;
                rw.sync.notifyAll();
                long left;
                try {
                    left = waiters.await(rw.sync, n, nanos);
                } finally {
                    while (rw.writeBlocked(me)) {
                        try {
                            rw.sync.wait();
                        } catch (InterruptedException e) {
                            // reacquiring is not interruptible
                        }
                    }
                    rw.writer = me;
                    rw.writeHolds = saved;
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

        public long awaitNanos(long nanosTimeout) throws InterruptedException { return await(Math.max(0L, nanosTimeout)); }

        public boolean await(long time, TimeUnit unit) throws InterruptedException { return awaitNanos(unit.toNanos(time)) > 0; }

        public void signal() {
            synchronized (rw.sync) {
                if (rw.writer != Thread.currentThread()) throw new IllegalMonitorStateException();
                if (waiters.signal()) rw.sync.notifyAll();
            }
        }

        public void signalAll() {
            synchronized (rw.sync) {
                if (rw.writer != Thread.currentThread()) throw new IllegalMonitorStateException();
                waiters.signalAll();
                rw.sync.notifyAll();
            }
        }
    }

    public int getReadLockCount() {
        synchronized (sync) {
            return readers;
        }
    }

    public boolean isWriteLocked() {
        synchronized (sync) {
            return writer != null;
        }
    }

    public boolean isWriteLockedByCurrentThread() { return writerLock.isHeldByCurrentThread(); }
    public int getWriteHoldCount() { return writerLock.getHoldCount(); }

    public int getReadHoldCount() {
        synchronized (sync) {
            Integer n = readHolds.get(Thread.currentThread());
            return n == null ? 0 : n;
        }
    }

    public String toString() {
        int w, r;
        synchronized (sync) {
            w = writeHolds;
            r = readers;
        }
        return super.toString() + "[Write locks = " + w + ", Read locks = " + r + "]";
    }
}
