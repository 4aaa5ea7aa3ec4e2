package java.util.stream;

import java.util.DoubleSummaryStatistics;
import java.util.Objects;
import java.util.OptionalDouble;
import java.util.OptionalDouble;
import java.util.PrimitiveIterator;
import java.util.function.BiConsumer;
import java.util.function.DoubleBinaryOperator;
import java.util.function.DoubleConsumer;
import java.util.function.DoubleFunction;
import java.util.function.DoublePredicate;
import java.util.function.DoubleSupplier;
import java.util.function.DoubleToIntFunction;
import java.util.function.DoubleToLongFunction;
import java.util.function.DoubleUnaryOperator;
import java.util.function.ObjDoubleConsumer;
import java.util.function.Supplier;

/** A sequence of doubles with aggregate operations (sequential; see {@link Stream}). */
public interface DoubleStream extends BaseStream<Double, DoubleStream> {
    DoubleStream filter(DoublePredicate predicate);
    DoubleStream map(DoubleUnaryOperator mapper);
    <U> Stream<U> mapToObj(DoubleFunction<? extends U> mapper);
    IntStream mapToInt(DoubleToIntFunction mapper);
    LongStream mapToLong(DoubleToLongFunction mapper);
    DoubleStream flatMap(DoubleFunction<? extends DoubleStream> mapper);

    default DoubleStream mapMulti(DoubleMapMultiConsumer mapper) {
        Objects.requireNonNull(mapper);
        return flatMap(v -> {
            Builder b = builder();
            mapper.accept(v, b);
            return b.build();
        });
    }

    DoubleStream distinct();
    DoubleStream sorted();
    DoubleStream peek(DoubleConsumer action);
    DoubleStream limit(long maxSize);
    DoubleStream skip(long n);
    DoubleStream takeWhile(DoublePredicate predicate);
    DoubleStream dropWhile(DoublePredicate predicate);
    void forEach(DoubleConsumer action);
    void forEachOrdered(DoubleConsumer action);
    double[] toArray();
    double reduce(double identity, DoubleBinaryOperator op);
    OptionalDouble reduce(DoubleBinaryOperator op);
    <R> R collect(Supplier<R> supplier, ObjDoubleConsumer<R> accumulator, BiConsumer<R, R> combiner);
    double sum();
    OptionalDouble min();
    OptionalDouble max();
    long count();
    OptionalDouble average();
    DoubleSummaryStatistics summaryStatistics();
    boolean anyMatch(DoublePredicate predicate);
    boolean allMatch(DoublePredicate predicate);
    boolean noneMatch(DoublePredicate predicate);
    OptionalDouble findFirst();
    OptionalDouble findAny();
    Stream<Double> boxed();
    DoubleStream sequential();
    DoubleStream parallel();
    PrimitiveIterator.OfDouble iterator();

    static Builder builder() { return new DoublePipe.DoubleBuilder(); }

    static DoubleStream empty() { return DoublePipe.ofArray(new double[0], 0, 0); }

    static DoubleStream of(double t) { return DoublePipe.ofArray(new double[] {t}, 0, 1); }

    static DoubleStream of(double... values) { return DoublePipe.ofArray(values, 0, values.length); }

    static DoubleStream iterate(final double seed, final DoubleUnaryOperator f) {
        Objects.requireNonNull(f);
        return DoublePipe.of(new PrimitiveIterator.OfDouble() {
            private double next = seed;
            private boolean started;

            public boolean hasNext() { return true; }

            public double nextDouble() {
                if (started) next = f.applyAsDouble(next);
                started = true;
                return next;
            }
        }, -1);
    }

    static DoubleStream iterate(double seed, DoublePredicate hasNext, DoubleUnaryOperator next) {
        Objects.requireNonNull(hasNext);
        Objects.requireNonNull(next);
        return DoublePipe.of(new DoublePipe.Lookahead() {
            private double cur;
            private boolean started;
            private boolean finished;

            protected boolean fetch() {
                if (finished) return false;
                double t = started ? next.applyAsDouble(cur) : seed;
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

    static DoubleStream generate(DoubleSupplier s) {
        Objects.requireNonNull(s);
        return DoublePipe.of(new PrimitiveIterator.OfDouble() {
            public boolean hasNext() { return true; }
            public double nextDouble() { return s.getAsDouble(); }
        }, -1);
    }

    static DoubleStream concat(DoubleStream a, DoubleStream b) { return DoublePipe.concat(a, b); }

    interface Builder extends DoubleConsumer {
        void accept(double t);

        default Builder add(double t) {
            accept(t);
            return this;
        }

        DoubleStream build();
    }

    @FunctionalInterface
    interface DoubleMapMultiConsumer {
        void accept(double value, DoubleConsumer ic);
    }
}
