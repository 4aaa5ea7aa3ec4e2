package java.util;

import java.util.function.LongConsumer;
import java.util.function.LongSupplier;
import java.util.function.Supplier;
import java.util.stream.LongStream;

public final class OptionalLong {
    private static final OptionalLong EMPTY = new OptionalLong(false, 0);

    private final boolean present;
    private final long value;

    private OptionalLong(boolean present, long value) {
        this.present = present;
        this.value = value;
    }

    public static OptionalLong empty() { return EMPTY; }
    public static OptionalLong of(long value) { return new OptionalLong(true, value); }

    public long getAsLong() {
        if (!present) throw new NoSuchElementException("No value present");
        return value;
    }

    public boolean isPresent() { return present; }
    public boolean isEmpty() { return !present; }
    public void ifPresent(LongConsumer action) { if (present) action.accept(value); }
    public void ifPresentOrElse(LongConsumer action, Runnable emptyAction) {
        if (present) action.accept(value);
        else emptyAction.run();
    }
    public LongStream stream() { return present ? LongStream.of(value) : LongStream.empty(); }
    public long orElse(long other) { return present ? value : other; }
    public long orElseGet(LongSupplier s) { return present ? value : s.getAsLong(); }
    public long orElseThrow() { return getAsLong(); }
    public <X extends Throwable> long orElseThrow(Supplier<? extends X> s) throws X {
        if (present) return value;
        throw s.get();
    }

    public boolean equals(Object o) {
        if (this == o) return true;
        if (!(o instanceof OptionalLong)) return false;
        OptionalLong other = (OptionalLong) o;
        return present && other.present ? value == other.value : present == other.present;
    }

    public int hashCode() { return present ? Long.hashCode(value) : 0; }
    public String toString() { return present ? ("OptionalLong[" + value + "]") : "OptionalLong.empty"; }
}
