package java.lang;

import java.util.HashMap;
import java.util.Objects;
import java.util.function.Supplier;

/** A variable with a value per thread (kept in the thread). */
public class ThreadLocal<T> {
    public ThreadLocal() {}

    protected T initialValue() { return null; }

    public static <S> ThreadLocal<S> withInitial(Supplier<? extends S> supplier) {
        Objects.requireNonNull(supplier);
        return new ThreadLocal<S>() {
            protected S initialValue() { return supplier.get(); }
        };
    }

    @SuppressWarnings("unchecked")
    public T get() {
        Thread t = Thread.currentThread();
        HashMap<ThreadLocal<?>, Object> m = t.locals;
        if (m != null && m.containsKey(this)) return (T) m.get(this);
        T v = initialValue();
        if (t.locals == null) t.locals = new HashMap<>();
        t.locals.put(this, v);
        return v;
    }

    public void set(T value) {
        Thread t = Thread.currentThread();
        if (t.locals == null) t.locals = new HashMap<>();
        t.locals.put(this, value);
    }

    public void remove() {
        HashMap<ThreadLocal<?>, Object> m = Thread.currentThread().locals;
        if (m != null) m.remove(this);
    }
}
