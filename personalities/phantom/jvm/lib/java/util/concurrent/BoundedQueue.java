package java.util.concurrent;

import java.util.AbstractQueue;
import java.util.ArrayDeque;
import java.util.Collection;
import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.Objects;

/**
 * The blocking queues of this package: a FIFO (or, for the subclass that
 * says so, a priority order) under the queue's monitor, with a capacity.
 * Iterators walk a snapshot (weakly consistent, never failing).
 */
abstract class BoundedQueue<E> extends AbstractQueue<E> implements BlockingQueue<E>, java.io.Serializable {
    final int capacity;

    BoundedQueue(int capacity) {
        if (capacity <= 0) throw new IllegalArgumentException();
        this.capacity = capacity;
    }

    // The store, used under the monitor.
    abstract int count();
    abstract void store(E e);
    abstract E unstore();
    abstract E first();
    abstract Object[] snapshot();
    abstract boolean removeStored(Object o);
    abstract void clearStore();

    public synchronized int size() { return count(); }

    public synchronized int remainingCapacity() { return capacity - count(); }

    public synchronized boolean offer(E e) {
        Objects.requireNonNull(e);
        if (count() >= capacity) return false;
        store(e);
        notifyAll();
        return true;
    }

    public synchronized void put(E e) throws InterruptedException {
        Objects.requireNonNull(e);
        while (count() >= capacity) wait();
        store(e);
        notifyAll();
    }

    public synchronized boolean offer(E e, long timeout, TimeUnit unit) throws InterruptedException {
        Objects.requireNonNull(e);
        long deadline = System.nanoTime() + unit.toNanos(timeout);
        while (count() >= capacity) {
            long left = deadline - System.nanoTime();
            if (left <= 0) return false;
            wait(Math.max(1L, left / 1000000L));
        }
        store(e);
        notifyAll();
        return true;
    }

    public synchronized E take() throws InterruptedException {
        while (count() == 0) wait();
        E e = unstore();
        notifyAll();
        return e;
    }

    public synchronized E poll(long timeout, TimeUnit unit) throws InterruptedException {
        long deadline = System.nanoTime() + unit.toNanos(timeout);
        while (count() == 0) {
            long left = deadline - System.nanoTime();
            if (left <= 0) return null;
            wait(Math.max(1L, left / 1000000L));
        }
        E e = unstore();
        notifyAll();
        return e;
    }

    /** Counts wakeWaiters() calls: a waiting pollAwake returns null when it changes. */
    private int wakeups;

    /** Makes the threads waiting in pollAwake return (a pool shutting down wakes its idle workers). */
    synchronized void wakeWaiters() {
        wakeups++;
        notifyAll();
    }

    synchronized int wakeups() { return wakeups; }

    /** poll with a timeout (nanos < 0: none) that also ends, with null, once wakeups() is no longer `w`. */
    synchronized E pollAwake(long nanos, int w) throws InterruptedException {
        long deadline = System.nanoTime() + nanos;
        while (count() == 0) {
            if (wakeups != w) return null;
            if (nanos < 0) {
                wait();
            } else {
                long left = deadline - System.nanoTime();
                if (left <= 0) return null;
                wait(Math.max(1L, left / 1000000L));
            }
        }
        E e = unstore();
        notifyAll();
        return e;
    }

    public synchronized E poll() {
        if (count() == 0) return null;
        E e = unstore();
        notifyAll();
        return e;
    }

    public synchronized E peek() { return count() == 0 ? null : first(); }

    public synchronized boolean remove(Object o) {
        if (o == null) return false;
        boolean removed = removeStored(o);
        if (removed) notifyAll();
        return removed;
    }

    public synchronized boolean contains(Object o) {
        if (o == null) return false;
        for (Object x : snapshot()) if (o.equals(x)) return true;
        return false;
    }

    public synchronized void clear() {
        clearStore();
        notifyAll();
    }

    public int drainTo(Collection<? super E> c) { return drainTo(c, Integer.MAX_VALUE); }

    public synchronized int drainTo(Collection<? super E> c, int maxElements) {
        Objects.requireNonNull(c);
        if (c == this) throw new IllegalArgumentException();
        int n = 0;
        while (n < maxElements && count() > 0) {
            c.add(unstore());
            n++;
        }
        if (n > 0) notifyAll();
        return n;
    }

    public synchronized Object[] toArray() { return snapshot(); }

    public Iterator<E> iterator() {
        Object[] items;
        synchronized (this) {
            items = snapshot();
        }
        return new Iterator<E>() {
            private int i;
            private int last = -1;

            public boolean hasNext() { return i < items.length; }

            @SuppressWarnings("unchecked")
            public E next() {
                if (i >= items.length) throw new NoSuchElementException();
                last = i;
                return (E) items[i++];
            }

            public void remove() {
                if (last < 0) throw new IllegalStateException();
                synchronized (BoundedQueue.this) {
                    removeStored(items[last]);
                    BoundedQueue.this.notifyAll();
                }
                last = -1;
            }
        };
    }

    public synchronized String toString() { return super.toString(); }
}
