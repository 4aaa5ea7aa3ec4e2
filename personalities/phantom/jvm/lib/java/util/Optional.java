package java.util;

import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.function.Supplier;

public final class Optional<T> {
    private static final Optional<?> EMPTY = new Optional<>(null);
    private final T value;

    private Optional(T value) { this.value = value; }

    @SuppressWarnings("unchecked")
    public static <T> Optional<T> empty() { return (Optional<T>) EMPTY; }
    public static <T> Optional<T> of(T value) { return new Optional<>(Objects.requireNonNull(value)); }
    public static <T> Optional<T> ofNullable(T value) { return value == null ? empty() : new Optional<>(value); }

    public T get() {
        if (value == null) throw new NoSuchElementException("No value present");
        return value;
    }
    public boolean isPresent() { return value != null; }
    public boolean isEmpty() { return value == null; }
    public void ifPresent(Consumer<? super T> action) { if (value != null) action.accept(value); }
    public void ifPresentOrElse(Consumer<? super T> action, Runnable emptyAction) {
        if (value != null) action.accept(value);
        else emptyAction.run();
    }
    public Optional<T> filter(Predicate<? super T> p) {
        if (value == null) return this;
        return p.test(value) ? this : empty();
    }
    public <U> Optional<U> map(Function<? super T, ? extends U> f) {
        if (value == null) return empty();
        return Optional.ofNullable(f.apply(value));
    }
    @SuppressWarnings("unchecked")
    public <U> Optional<U> flatMap(Function<? super T, ? extends Optional<? extends U>> f) {
        if (value == null) return empty();
        return Objects.requireNonNull((Optional<U>) f.apply(value));
    }
    @SuppressWarnings("unchecked")
    public Optional<T> or(Supplier<? extends Optional<? extends T>> s) {
        if (value != null) return this;
        return Objects.requireNonNull((Optional<T>) s.get());
    }
    public java.util.stream.Stream<T> stream() {
        return value == null ? java.util.stream.Stream.empty() : java.util.stream.Stream.of(value);
    }
    public T orElse(T other) { return value != null ? value : other; }
    public T orElseGet(Supplier<? extends T> s) { return value != null ? value : s.get(); }
    public T orElseThrow() {
        if (value == null) throw new NoSuchElementException("No value present");
        return value;
    }
    public <X extends Throwable> T orElseThrow(Supplier<? extends X> s) throws X {
        if (value != null) return value;
        throw s.get();
    }
    public boolean equals(Object o) {
        if (this == o) return true;
        return o instanceof Optional && Objects.equals(value, ((Optional<?>) o).value);
    }
    public int hashCode() { return Objects.hashCode(value); }
    public String toString() { return value != null ? ("Optional[" + value + "]") : "Optional.empty"; }
}
