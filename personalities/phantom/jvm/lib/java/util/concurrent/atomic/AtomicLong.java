package java.util.concurrent.atomic;

import java.util.function.LongBinaryOperator;
import java.util.function.LongUnaryOperator;

/**
 * A long updated atomically. Phantom's threads switch only at safepoints,
 * and every read-modify-write here holds the object's monitor, so each
 * operation is indivisible.
 */
public class AtomicLong extends Number implements java.io.Serializable {
    private volatile long value;

    public AtomicLong() {}
    public AtomicLong(long initialValue) { value = initialValue; }

    public final long get() { return value; }
    public final void set(long newValue) { value = newValue; }
    public final void lazySet(long newValue) { value = newValue; }
    public final long getPlain() { return value; }
    public final void setPlain(long newValue) { value = newValue; }
    public final long getOpaque() { return value; }
    public final void setOpaque(long newValue) { value = newValue; }
    public final long getAcquire() { return value; }
    public final void setRelease(long newValue) { value = newValue; }

    public final synchronized long getAndSet(long newValue) {
        long old = value;
        value = newValue;
        return old;
    }

    public final synchronized boolean compareAndSet(long expectedValue, long newValue) {
        if (value != expectedValue) return false;
        value = newValue;
        return true;
    }

    public final boolean weakCompareAndSet(long expectedValue, long newValue) { return compareAndSet(expectedValue, newValue); }
    public final boolean weakCompareAndSetPlain(long expectedValue, long newValue) { return compareAndSet(expectedValue, newValue); }
    public final boolean weakCompareAndSetVolatile(long expectedValue, long newValue) { return compareAndSet(expectedValue, newValue); }
    public final boolean weakCompareAndSetAcquire(long expectedValue, long newValue) { return compareAndSet(expectedValue, newValue); }
    public final boolean weakCompareAndSetRelease(long expectedValue, long newValue) { return compareAndSet(expectedValue, newValue); }

    public final synchronized long compareAndExchange(long expectedValue, long newValue) {
        long old = value;
        if (old == expectedValue) value = newValue;
        return old;
    }

    public final synchronized long getAndIncrement() { return value++; }
    public final synchronized long getAndDecrement() { return value--; }
    public final synchronized long getAndAdd(long delta) {
        long old = value;
        value = old + delta;
        return old;
    }
    public final synchronized long incrementAndGet() { return ++value; }
    public final synchronized long decrementAndGet() { return --value; }
    public final synchronized long addAndGet(long delta) { return value += delta; }

    public final synchronized long getAndUpdate(LongUnaryOperator f) {
        long old = value;
        value = f.applyAsLong(old);
        return old;
    }

    public final synchronized long updateAndGet(LongUnaryOperator f) { return value = f.applyAsLong(value); }

    public final synchronized long getAndAccumulate(long x, LongBinaryOperator f) {
        long old = value;
        value = f.applyAsLong(old, x);
        return old;
    }

    public final synchronized long accumulateAndGet(long x, LongBinaryOperator f) { return value = f.applyAsLong(value, x); }

    public String toString() { return Long.toString(get()); }
    public int intValue() { return (int) get(); }
    public long longValue() { return get(); }
    public float floatValue() { return (float) get(); }
    public double doubleValue() { return (double) get(); }
}
