package java.util.stream;

import java.util.IntSummaryStatistics;
import java.util.Objects;
import java.util.OptionalDouble;
import java.util.OptionalInt;
import java.util.PrimitiveIterator;
import java.util.function.BiConsumer;
import java.util.function.IntBinaryOperator;
import java.util.function.IntConsumer;
import java.util.function.IntFunction;
import java.util.function.IntPredicate;
import java.util.function.IntSupplier;
import java.util.function.IntToDoubleFunction;
import java.util.function.IntToLongFunction;
import java.util.function.IntUnaryOperator;
import java.util.function.ObjIntConsumer;
import java.util.function.Supplier;

/** A sequence of ints with aggregate operations (sequential; see {@link Stream}). */
public interface IntStream extends BaseStream<Integer, IntStream> {
    IntStream filter(IntPredicate predicate);
    IntStream map(IntUnaryOperator mapper);
    <U> Stream<U> mapToObj(IntFunction<? extends U> mapper);
    LongStream mapToLong(IntToLongFunction mapper);
    DoubleStream mapToDouble(IntToDoubleFunction mapper);
    IntStream flatMap(IntFunction<? extends IntStream> mapper);

    default IntStream mapMulti(IntMapMultiConsumer mapper) {
        Objects.requireNonNull(mapper);
        return flatMap(v -> {
            Builder b = builder();
            mapper.accept(v, b);
            return b.build();
        });
    }

    IntStream distinct();
    IntStream sorted();
    IntStream peek(IntConsumer action);
    IntStream limit(long maxSize);
    IntStream skip(long n);
    IntStream takeWhile(IntPredicate predicate);
    IntStream dropWhile(IntPredicate predicate);
    void forEach(IntConsumer action);
    void forEachOrdered(IntConsumer action);
    int[] toArray();
    int reduce(int identity, IntBinaryOperator op);
    OptionalInt reduce(IntBinaryOperator op);
    <R> R collect(Supplier<R> supplier, ObjIntConsumer<R> accumulator, BiConsumer<R, R> combiner);
    int sum();
    OptionalInt min();
    OptionalInt max();
    long count();
    OptionalDouble average();
    IntSummaryStatistics summaryStatistics();
    boolean anyMatch(IntPredicate predicate);
    boolean allMatch(IntPredicate predicate);
    boolean noneMatch(IntPredicate predicate);
    OptionalInt findFirst();
    OptionalInt findAny();
    LongStream asLongStream();
    DoubleStream asDoubleStream();
    Stream<Integer> boxed();
    IntStream sequential();
    IntStream parallel();
    PrimitiveIterator.OfInt iterator();

    static Builder builder() { return new IntPipe.IntBuilder(); }

    static IntStream empty() { return IntPipe.ofArray(new int[0], 0, 0); }

    static IntStream of(int t) { return IntPipe.ofArray(new int[] {t}, 0, 1); }

    static IntStream of(int... values) { return IntPipe.ofArray(values, 0, values.length); }

    static IntStream iterate(final int seed, final IntUnaryOperator f) {
        Objects.requireNonNull(f);
        return IntPipe.of(new PrimitiveIterator.OfInt() {
            private int next = seed;
            private boolean started;

            public boolean hasNext() { return true; }

            public int nextInt() {
                if (started) next = f.applyAsInt(next);
                started = true;
                return next;
            }
        }, -1);
    }

    static IntStream iterate(int seed, IntPredicate hasNext, IntUnaryOperator next) {
        Objects.requireNonNull(hasNext);
        Objects.requireNonNull(next);
        return IntPipe.of(new IntPipe.Lookahead() {
            private int cur;
            private boolean started;
            private boolean finished;

            protected boolean fetch() {
                if (finished) return false;
                int t = started ? next.applyAsInt(cur) : seed;
                started = true;
                if (!hasNext.test(t)) {
                    finished = true;
                    return false;
                }
                cur = t;
                item = t;
                return true;
            }
        }, -1);
    }

    static IntStream generate(IntSupplier s) {
        Objects.requireNonNull(s);
        return IntPipe.of(new PrimitiveIterator.OfInt() {
            public boolean hasNext() { return true; }
            public int nextInt() { return s.getAsInt(); }
        }, -1);
    }

    static IntStream range(int startInclusive, int endExclusive) {
        if (startInclusive >= endExclusive) return empty();
        return IntPipe.range(startInclusive, endExclusive - 1);
    }

    static IntStream rangeClosed(int startInclusive, int endInclusive) {
        if (startInclusive > endInclusive) return empty();
        return IntPipe.range(startInclusive, endInclusive);
    }

    static IntStream concat(IntStream a, IntStream b) { return IntPipe.concat(a, b); }

    interface Builder extends IntConsumer {
        void accept(int t);

        default Builder add(int t) {
            accept(t);
            return this;
        }

        IntStream build();
    }

    @FunctionalInterface
    interface IntMapMultiConsumer {
        void accept(int value, IntConsumer ic);
    }
}
