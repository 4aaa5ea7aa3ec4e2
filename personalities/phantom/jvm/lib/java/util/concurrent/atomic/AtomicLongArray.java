package java.util.concurrent.atomic;

import java.util.function.LongBinaryOperator;
import java.util.function.LongUnaryOperator;

/** A long array whose elements are updated atomically (see {@link AtomicLong}). */
public class AtomicLongArray implements java.io.Serializable {
    private final long[] array;

    public AtomicLongArray(int length) { array = new long[length]; }
    public AtomicLongArray(long[] array) { this.array = array.clone(); }

    public final int length() { return array.length; }
    public final synchronized long get(int i) { return array[i]; }
    public final synchronized void set(int i, long newValue) { array[i] = newValue; }
    public final void lazySet(int i, long newValue) { set(i, newValue); }

    public final synchronized long getAndSet(int i, long newValue) {
        long old = array[i];
        array[i] = newValue;
        return old;
    }

    public final synchronized boolean compareAndSet(int i, long expectedValue, long newValue) {
        if (array[i] != expectedValue) return false;
        array[i] = newValue;
        return true;
    }

    public final boolean weakCompareAndSet(int i, long expectedValue, long newValue) { return compareAndSet(i, expectedValue, newValue); }
    public final synchronized long getAndIncrement(int i) { return array[i]++; }
    public final synchronized long getAndDecrement(int i) { return array[i]--; }
    public final synchronized long getAndAdd(int i, long delta) {
        long old = array[i];
        array[i] = old + delta;
        return old;
    }
    public final synchronized long incrementAndGet(int i) { return ++array[i]; }
    public final synchronized long decrementAndGet(int i) { return --array[i]; }
    public final synchronized long addAndGet(int i, long delta) { return array[i] += delta; }

    public final synchronized long getAndUpdate(int i, LongUnaryOperator f) {
        long old = array[i];
        array[i] = f.applyAsLong(old);
        return old;
    }

    public final synchronized long updateAndGet(int i, LongUnaryOperator f) { return array[i] = f.applyAsLong(array[i]); }

    public final synchronized long getAndAccumulate(int i, long x, LongBinaryOperator f) {
        long old = array[i];
        array[i] = f.applyAsLong(old, x);
        return old;
    }

    public final synchronized long accumulateAndGet(int i, long x, LongBinaryOperator f) { return array[i] = f.applyAsLong(array[i], x); }

    public synchronized String toString() { return java.util.Arrays.toString(array); }
}
