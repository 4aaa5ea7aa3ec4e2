package java.util.stream;

import java.util.LongSummaryStatistics;
import java.util.Objects;
import java.util.OptionalDouble;
import java.util.OptionalLong;
import java.util.PrimitiveIterator;
import java.util.function.BiConsumer;
import java.util.function.LongBinaryOperator;
import java.util.function.LongConsumer;
import java.util.function.LongFunction;
import java.util.function.LongPredicate;
import java.util.function.LongSupplier;
import java.util.function.LongToDoubleFunction;
import java.util.function.LongToIntFunction;
import java.util.function.LongUnaryOperator;
import java.util.function.ObjLongConsumer;
import java.util.function.Supplier;

/** A sequence of longs with aggregate operations (sequential; see {@link Stream}). */
public interface LongStream extends BaseStream<Long, LongStream> {
    LongStream filter(LongPredicate predicate);
    LongStream map(LongUnaryOperator mapper);
    <U> Stream<U> mapToObj(LongFunction<? extends U> mapper);
    IntStream mapToInt(LongToIntFunction mapper);
    DoubleStream mapToDouble(LongToDoubleFunction mapper);
    LongStream flatMap(LongFunction<? extends LongStream> mapper);

    default LongStream mapMulti(LongMapMultiConsumer mapper) {
        Objects.requireNonNull(mapper);
        return flatMap(v -> {
            Builder b = builder();
            mapper.accept(v, b);
            return b.build();
        });
    }

    LongStream distinct();
    LongStream sorted();
    LongStream peek(LongConsumer action);
    LongStream limit(long maxSize);
    LongStream skip(long n);
    LongStream takeWhile(LongPredicate predicate);
    LongStream dropWhile(LongPredicate predicate);
    void forEach(LongConsumer action);
    void forEachOrdered(LongConsumer action);
    long[] toArray();
    long reduce(long identity, LongBinaryOperator op);
    OptionalLong reduce(LongBinaryOperator op);
    <R> R collect(Supplier<R> supplier, ObjLongConsumer<R> accumulator, BiConsumer<R, R> combiner);
    long sum();
    OptionalLong min();
    OptionalLong max();
    long count();
    OptionalDouble average();
    LongSummaryStatistics summaryStatistics();
    boolean anyMatch(LongPredicate predicate);
    boolean allMatch(LongPredicate predicate);
    boolean noneMatch(LongPredicate predicate);
    OptionalLong findFirst();
    OptionalLong findAny();
    DoubleStream asDoubleStream();
    Stream<Long> boxed();
    LongStream sequential();
    LongStream parallel();
    PrimitiveIterator.OfLong iterator();

    static Builder builder() { return new LongPipe.LongBuilder(); }

    static LongStream empty() { return LongPipe.ofArray(new long[0], 0, 0); }

    static LongStream of(long t) { return LongPipe.ofArray(new long[] {t}, 0, 1); }

    static LongStream of(long... values) { return LongPipe.ofArray(values, 0, values.length); }

    static LongStream iterate(final long seed, final LongUnaryOperator f) {
        Objects.requireNonNull(f);
        return LongPipe.of(new PrimitiveIterator.OfLong() {
            private long next = seed;
            private boolean started;

            public boolean hasNext() { return true; }

            public long nextLong() {
                if (started) next = f.applyAsLong(next);
                started = true;
                return next;
            }
        }, -1);
    }

    static LongStream iterate(long seed, LongPredicate hasNext, LongUnaryOperator next) {
        Objects.requireNonNull(hasNext);
        Objects.requireNonNull(next);
        return LongPipe.of(new LongPipe.Lookahead() {
            private long cur;
            private boolean started;
            private boolean finished;

            protected boolean fetch() {
                if (finished) return false;
                long t = started ? next.applyAsLong(cur) : seed;
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

    static LongStream generate(LongSupplier s) {
        Objects.requireNonNull(s);
        return LongPipe.of(new PrimitiveIterator.OfLong() {
            public boolean hasNext() { return true; }
            public long nextLong() { return s.getAsLong(); }
        }, -1);
    }

    static LongStream range(long startInclusive, long endExclusive) {
        if (startInclusive >= endExclusive) return empty();
        return LongPipe.range(startInclusive, endExclusive - 1);
    }

    static LongStream rangeClosed(long startInclusive, long endInclusive) {
        if (startInclusive > endInclusive) return empty();
        return LongPipe.range(startInclusive, endInclusive);
    }

    static LongStream concat(LongStream a, LongStream b) { return LongPipe.concat(a, b); }

    interface Builder extends LongConsumer {
        void accept(long t);

        default Builder add(long t) {
            accept(t);
            return this;
        }

        LongStream build();
    }

    @FunctionalInterface
    interface LongMapMultiConsumer {
        void accept(long value, LongConsumer ic);
    }
}
