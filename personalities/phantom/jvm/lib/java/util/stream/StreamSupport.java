package java.util.stream;

import java.util.Objects;
import java.util.Spliterator;
import java.util.Spliterators;
import java.util.function.Supplier;

public final class StreamSupport {
    private StreamSupport() {}

    /** A stream of the spliterator's elements; streams run sequentially, so `parallel` only sets the flag. */
    public static <T> Stream<T> stream(Spliterator<T> spliterator, boolean parallel) {
        Objects.requireNonNull(spliterator);
        Stream<T> s = RefPipe.of(Spliterators.iterator(spliterator), spliterator.getExactSizeIfKnown());
        return parallel ? s.parallel() : s;
    }

    public static <T> Stream<T> stream(Supplier<? extends Spliterator<T>> supplier, int characteristics, boolean parallel) {
        Objects.requireNonNull(supplier);
        java.util.Iterator<T> it = new java.util.Iterator<T>() {
            private java.util.Iterator<T> inner;

            private java.util.Iterator<T> inner() {
                if (inner == null) inner = Spliterators.iterator(supplier.get());
                return inner;
            }

            public boolean hasNext() { return inner().hasNext(); }
            public T next() { return inner().next(); }
        };
        Stream<T> s = RefPipe.of(it, -1);
        return parallel ? s.parallel() : s;
    }
}
