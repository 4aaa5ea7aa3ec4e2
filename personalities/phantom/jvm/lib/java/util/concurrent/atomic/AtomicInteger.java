package java.util.concurrent.atomic;

import java.util.function.IntBinaryOperator;
import java.util.function.IntUnaryOperator;

/**
 * An int updated atomically. Phantom's threads switch only at safepoints,
 * and every read-modify-write here holds the object's monitor, so each
 * operation is indivisible.
 */
public class AtomicInteger extends Number implements java.io.Serializable {
    private volatile int value;

    public AtomicInteger() {}
    public AtomicInteger(int initialValue) { value = initialValue; }

    public final int get() { return value; }
    public final void set(int newValue) { value = newValue; }
    public final void lazySet(int newValue) { value = newValue; }
    public final int getPlain() { return value; }
    public final void setPlain(int newValue) { value = newValue; }
    public final int getOpaque() { return value; }
    public final void setOpaque(int newValue) { value = newValue; }
    public final int getAcquire() { return value; }
    public final void setRelease(int newValue) { value = newValue; }

    public final synchronized int getAndSet(int newValue) {
        int old = value;
        value = newValue;
        return old;
    }

    public final synchronized boolean compareAndSet(int expectedValue, int newValue) {
        if (value != expectedValue) return false;
        value = newValue;
        return true;
    }

    public final boolean weakCompareAndSet(int expectedValue, int newValue) { return compareAndSet(expectedValue, newValue); }
    public final boolean weakCompareAndSetPlain(int expectedValue, int newValue) { return compareAndSet(expectedValue, newValue); }
    public final boolean weakCompareAndSetVolatile(int expectedValue, int newValue) { return compareAndSet(expectedValue, newValue); }
    public final boolean weakCompareAndSetAcquire(int expectedValue, int newValue) { return compareAndSet(expectedValue, newValue); }
    public final boolean weakCompareAndSetRelease(int expectedValue, int newValue) { return compareAndSet(expectedValue, newValue); }

    public final synchronized int compareAndExchange(int expectedValue, int newValue) {
        int old = value;
        if (old == expectedValue) value = newValue;
        return old;
    }

    public final synchronized int getAndIncrement() { return value++; }
    public final synchronized int getAndDecrement() { return value--; }
    public final synchronized int getAndAdd(int delta) {
        int old = value;
        value = old + delta;
        return old;
    }
    public final synchronized int incrementAndGet() { return ++value; }
    public final synchronized int decrementAndGet() { return --value; }
    public final synchronized int addAndGet(int delta) { return value += delta; }

    public final synchronized int getAndUpdate(IntUnaryOperator f) {
        int old = value;
        value = f.applyAsInt(old);
        return old;
    }

    public final synchronized int updateAndGet(IntUnaryOperator f) { return value = f.applyAsInt(value); }

    public final synchronized int getAndAccumulate(int x, IntBinaryOperator f) {
        int old = value;
        value = f.applyAsInt(old, x);
        return old;
    }

    public final synchronized int accumulateAndGet(int x, IntBinaryOperator f) { return value = f.applyAsInt(value, x); }

    public String toString() { return Integer.toString(get()); }
    public int intValue() { return get(); }
    public long longValue() { return (long) get(); }
    public float floatValue() { return (float) get(); }
    public double doubleValue() { return (double) get(); }
}
