package java.util.concurrent.atomic;

import java.util.function.BinaryOperator;
import java.util.function.UnaryOperator;

/** A reference updated atomically (see {@link AtomicInteger}); compareAndSet compares identities. */
public class AtomicReference<V> implements java.io.Serializable {
    private volatile V value;

    public AtomicReference() {}
    public AtomicReference(V initialValue) { value = initialValue; }

    public final V get() { return value; }
    public final void set(V newValue) { value = newValue; }
    public final void lazySet(V newValue) { value = newValue; }
    public final V getPlain() { return value; }
    public final void setPlain(V newValue) { value = newValue; }
    public final V getOpaque() { return value; }
    public final void setOpaque(V newValue) { value = newValue; }
    public final V getAcquire() { return value; }
    public final void setRelease(V newValue) { value = newValue; }

    public final synchronized boolean compareAndSet(V expectedValue, V newValue) {
        if (value != expectedValue) return false;
        value = newValue;
        return true;
    }

    public final boolean weakCompareAndSet(V expectedValue, V newValue) { return compareAndSet(expectedValue, newValue); }
    public final boolean weakCompareAndSetPlain(V expectedValue, V newValue) { return compareAndSet(expectedValue, newValue); }
    public final boolean weakCompareAndSetVolatile(V expectedValue, V newValue) { return compareAndSet(expectedValue, newValue); }

    public final synchronized V compareAndExchange(V expectedValue, V newValue) {
        V old = value;
        if (old == expectedValue) value = newValue;
        return old;
    }

    public final synchronized V getAndSet(V newValue) {
        V old = value;
        value = newValue;
        return old;
    }

    public final synchronized V getAndUpdate(UnaryOperator<V> f) {
        V old = value;
        value = f.apply(old);
        return old;
    }

    public final synchronized V updateAndGet(UnaryOperator<V> f) { return value = f.apply(value); }

    public final synchronized V getAndAccumulate(V x, BinaryOperator<V> f) {
        V old = value;
        value = f.apply(old, x);
        return old;
    }

    public final synchronized V accumulateAndGet(V x, BinaryOperator<V> f) { return value = f.apply(value, x); }

    public String toString() { return String.valueOf(get()); }
}
