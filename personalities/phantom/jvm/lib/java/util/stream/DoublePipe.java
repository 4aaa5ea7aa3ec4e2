package java.util.stream;

import java.util.Arrays;
import java.util.HashSet;
import java.util.DoubleSummaryStatistics;
import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.OptionalDouble;
import java.util.PrimitiveIterator;
import java.util.function.BiConsumer;
import java.util.function.DoubleBinaryOperator;
import java.util.function.DoubleConsumer;
import java.util.function.DoubleFunction;
import java.util.function.DoublePredicate;
import java.util.function.DoubleToIntFunction;
import java.util.function.DoubleToLongFunction;
import java.util.function.DoubleUnaryOperator;
import java.util.function.ObjDoubleConsumer;
import java.util.function.Supplier;

/** A stage of a double stream (see {@link RefPipe}). */
final class DoublePipe extends Pipe implements DoubleStream {
    private final PrimitiveIterator.OfDouble it;

    DoublePipe(Shared shared, PrimitiveIterator.OfDouble it, long size) {
        super(shared, size);
        this.it = it;
    }

    static DoubleStream of(PrimitiveIterator.OfDouble it, long size) { return new DoublePipe(new Shared(), it, size); }

    static DoubleStream ofArray(double[] a, int from, int to) {
        return of(new PrimitiveIterator.OfDouble() {
            private int i = from;

            public boolean hasNext() { return i < to; }

            public double nextDouble() {
                if (i >= to) throw new NoSuchElementException();
                return a[i++];
            }
        }, to - from);
    }

    static DoubleStream concat(DoubleStream a, DoubleStream b) {
        Objects.requireNonNull(a);
        Objects.requireNonNull(b);
        long size = sumSize(a instanceof Pipe ? ((Pipe) a).size : -1, b instanceof Pipe ? ((Pipe) b).size : -1);
        boolean parallel = a.isParallel() || b.isParallel();
        PrimitiveIterator.OfDouble ia = a.iterator();
        PrimitiveIterator.OfDouble ib = b.iterator();
        DoublePipe p = new DoublePipe(new Shared(), new PrimitiveIterator.OfDouble() {
            public boolean hasNext() { return ia.hasNext() || ib.hasNext(); }
            public double nextDouble() { return ia.hasNext() ? ia.nextDouble() : ib.nextDouble(); }
        }, size);
        p.shared.parallel = parallel;
        p.addCloseHandler(closeBoth(a, b));
        return p;
    }

    /** The ints of the streams in turn, each closed once used up. */
    static PrimitiveIterator.OfDouble flatten(Iterator<? extends DoubleStream> streams) {
        return new Lookahead() {
            private DoubleStream inner;
            private PrimitiveIterator.OfDouble cur;

            protected boolean fetch() {
                while (true) {
                    if (cur != null) {
                        if (cur.hasNext()) {
                            item = cur.nextDouble();
                            return true;
                        }
                        cur = null;
                        inner.close();
                        inner = null;
                    }
                    if (!streams.hasNext()) return false;
                    DoubleStream s = streams.next();
                    if (s != null) {
                        inner = s;
                        cur = s.iterator();
                    }
                }
            }
        };
    }

    /** An iterator that finds its next element ahead of time: {@code fetch} stores it in {@code item}. */
    abstract static class Lookahead implements PrimitiveIterator.OfDouble {
        double item;
        private int state; // 0: not looked yet, 1: item ready, 2: finished

        protected abstract boolean fetch();

        public final boolean hasNext() {
            if (state == 0) state = fetch() ? 1 : 2;
            return state == 1;
        }

        public final double nextDouble() {
            if (!hasNext()) throw new NoSuchElementException();
            state = 0;
            return item;
        }
    }

    /** A growing double array. */
    static final class Buffer {
        double[] a = new double[16];
        int n;

        void add(double v) {
            if (n == a.length) a = Arrays.copyOf(a, n * 2);
            a[n++] = v;
        }

        double[] toArray() { return Arrays.copyOf(a, n); }
    }

    static final class DoubleBuilder implements DoubleStream.Builder {
        private Buffer items = new Buffer();

        public void accept(double t) {
            if (items == null) throw new IllegalStateException();
            items.add(t);
        }

        public DoubleStream build() {
            if (items == null) throw new IllegalStateException();
            Buffer b = items;
            items = null;
            return ofArray(b.a, 0, b.n);
        }
    }

    private PrimitiveIterator.OfDouble take() {
        use();
        return it;
    }

    private DoubleStream next(PrimitiveIterator.OfDouble i, long n) { return new DoublePipe(shared, i, n); }

    // ------------------------------------------------------------ intermediate

    public DoubleStream filter(DoublePredicate p) {
        Objects.requireNonNull(p);
        PrimitiveIterator.OfDouble src = take();
        return next(new Lookahead() {
            protected boolean fetch() {
                while (src.hasNext()) {
                    double t = src.nextDouble();
                    if (p.test(t)) {
                        item = t;
                        return true;
                    }
                }
                return false;
            }
        }, -1);
    }

    public DoubleStream map(DoubleUnaryOperator f) {
        Objects.requireNonNull(f);
        PrimitiveIterator.OfDouble src = take();
        return next(new PrimitiveIterator.OfDouble() {
            public boolean hasNext() { return src.hasNext(); }
            public double nextDouble() { return f.applyAsDouble(src.nextDouble()); }
        }, size);
    }

    public <U> Stream<U> mapToObj(DoubleFunction<? extends U> f) {
        Objects.requireNonNull(f);
        PrimitiveIterator.OfDouble src = take();
        return new RefPipe<U>(shared, new Iterator<U>() {
            public boolean hasNext() { return src.hasNext(); }
            public U next() { return f.apply(src.nextDouble()); }
        }, size);
    }

    public IntStream mapToInt(DoubleToIntFunction f) {
        Objects.requireNonNull(f);
        PrimitiveIterator.OfDouble src = take();
        return new IntPipe(shared, new PrimitiveIterator.OfInt() {
            public boolean hasNext() { return src.hasNext(); }
            public int nextInt() { return f.applyAsInt(src.nextDouble()); }
        }, size);
    }

    public LongStream mapToLong(DoubleToLongFunction f) {
        Objects.requireNonNull(f);
        PrimitiveIterator.OfDouble src = take();
        return new LongPipe(shared, new PrimitiveIterator.OfLong() {
            public boolean hasNext() { return src.hasNext(); }
            public long nextLong() { return f.applyAsLong(src.nextDouble()); }
        }, size);
    }

    public DoubleStream flatMap(DoubleFunction<? extends DoubleStream> f) {
        Objects.requireNonNull(f);
        return next(flatten(mapToObj(f).iterator()), -1);
    }

    public DoubleStream distinct() {
        PrimitiveIterator.OfDouble src = take();
        return next(new Lookahead() {
            private final HashSet<Double> seen = new HashSet<>();

            protected boolean fetch() {
                while (src.hasNext()) {
                    double t = src.nextDouble();
                    if (seen.add(t)) {
                        item = t;
                        return true;
                    }
                }
                return false;
            }
        }, -1);
    }

    public DoubleStream sorted() {
        PrimitiveIterator.OfDouble src = take();
        return next(new PrimitiveIterator.OfDouble() {
            private double[] a;
            private int i;

            private void fill() {
                if (a != null) return;
                Buffer b = new Buffer();
                while (src.hasNext()) b.add(src.nextDouble());
                a = b.toArray();
                Arrays.sort(a);
            }

            public boolean hasNext() {
                fill();
                return i < a.length;
            }

            public double nextDouble() {
                fill();
                if (i >= a.length) throw new NoSuchElementException();
                return a[i++];
            }
        }, size);
    }

    public DoubleStream peek(DoubleConsumer action) {
        Objects.requireNonNull(action);
        PrimitiveIterator.OfDouble src = take();
        return next(new PrimitiveIterator.OfDouble() {
            public boolean hasNext() { return src.hasNext(); }

            public double nextDouble() {
                double t = src.nextDouble();
                action.accept(t);
                return t;
            }
        }, size);
    }

    public DoubleStream limit(long n) {
        checkCount(n);
        PrimitiveIterator.OfDouble src = take();
        return next(new PrimitiveIterator.OfDouble() {
            private long left = n;

            public boolean hasNext() { return left > 0 && src.hasNext(); }

            public double nextDouble() {
                if (left <= 0) throw new NoSuchElementException();
                left--;
                return src.nextDouble();
            }
        }, limitSize(size, n));
    }

    public DoubleStream skip(long n) {
        checkCount(n);
        PrimitiveIterator.OfDouble src = take();
        return next(new PrimitiveIterator.OfDouble() {
            private boolean skipped;

            private void skip() {
                if (skipped) return;
                skipped = true;
                for (long k = 0; k < n && src.hasNext(); k++) src.nextDouble();
            }

            public boolean hasNext() {
                skip();
                return src.hasNext();
            }

            public double nextDouble() {
                skip();
                return src.nextDouble();
            }
        }, skipSize(size, n));
    }

    public DoubleStream takeWhile(DoublePredicate p) {
        Objects.requireNonNull(p);
        PrimitiveIterator.OfDouble src = take();
        return next(new Lookahead() {
            private boolean done;

            protected boolean fetch() {
                if (done || !src.hasNext()) return false;
                double t = src.nextDouble();
                if (p.test(t)) {
                    item = t;
                    return true;
                }
                done = true;
                return false;
            }
        }, -1);
    }

    public DoubleStream dropWhile(DoublePredicate p) {
        Objects.requireNonNull(p);
        PrimitiveIterator.OfDouble src = take();
        return next(new Lookahead() {
            private boolean dropping = true;

            protected boolean fetch() {
                while (src.hasNext()) {
                    double t = src.nextDouble();
                    if (dropping && p.test(t)) continue;
                    dropping = false;
                    item = t;
                    return true;
                }
                return false;
            }
        }, -1);
    }

    public Stream<Double> boxed() { return mapToObj(Double::valueOf); }

    // ---------------------------------------------------------------- terminal

    public void forEach(DoubleConsumer action) {
        Objects.requireNonNull(action);
        PrimitiveIterator.OfDouble src = take();
        while (src.hasNext()) action.accept(src.nextDouble());
    }

    public void forEachOrdered(DoubleConsumer action) { forEach(action); }

    public double[] toArray() {
        PrimitiveIterator.OfDouble src = take();
        Buffer b = new Buffer();
        while (src.hasNext()) b.add(src.nextDouble());
        return b.toArray();
    }

    public double reduce(double identity, DoubleBinaryOperator op) {
        Objects.requireNonNull(op);
        PrimitiveIterator.OfDouble src = take();
        double r = identity;
        while (src.hasNext()) r = op.applyAsDouble(r, src.nextDouble());
        return r;
    }

    public OptionalDouble reduce(DoubleBinaryOperator op) {
        Objects.requireNonNull(op);
        PrimitiveIterator.OfDouble src = take();
        if (!src.hasNext()) return OptionalDouble.empty();
        double r = src.nextDouble();
        while (src.hasNext()) r = op.applyAsDouble(r, src.nextDouble());
        return OptionalDouble.of(r);
    }

    public <R> R collect(Supplier<R> supplier, ObjDoubleConsumer<R> acc, BiConsumer<R, R> combiner) {
        Objects.requireNonNull(acc);
        Objects.requireNonNull(combiner);
        PrimitiveIterator.OfDouble src = take();
        R r = supplier.get();
        while (src.hasNext()) acc.accept(r, src.nextDouble());
        return r;
    }

    /** A compensated (Kahan) sum, as the JDK computes it: {sum, error, plain sum}. */
    static void addCompensated(double[] acc, double v) {
        double y = v - acc[1];
        double t = acc[0] + y;
        acc[1] = (t - acc[0]) - y;
        acc[0] = t;
    }

    /** The compensated sum, or the plain one when infinities made the compensated one NaN. */
    static double finalSum(double sum, double error, double plain) {
        double s = sum - error;
        if (Double.isNaN(s) && Double.isInfinite(plain)) return plain;
        return s;
    }

    public double sum() {
        PrimitiveIterator.OfDouble src = take();
        double[] acc = new double[3];
        while (src.hasNext()) {
            double v = src.nextDouble();
            addCompensated(acc, v);
            acc[2] += v;
        }
        return finalSum(acc[0], acc[1], acc[2]);
    }

    public OptionalDouble min() { return reduce(Math::min); }

    public OptionalDouble max() { return reduce(Math::max); }

    public long count() {
        PrimitiveIterator.OfDouble src = take();
        if (size >= 0) return size;
        long n = 0;
        while (src.hasNext()) {
            src.nextDouble();
            n++;
        }
        return n;
    }

    public OptionalDouble average() {
        PrimitiveIterator.OfDouble src = take();
        double[] acc = new double[3];
        long n = 0;
        while (src.hasNext()) {
            double v = src.nextDouble();
            addCompensated(acc, v);
            acc[2] += v;
            n++;
        }
        return n > 0 ? OptionalDouble.of(finalSum(acc[0], acc[1], acc[2]) / n) : OptionalDouble.empty();
    }

    public DoubleSummaryStatistics summaryStatistics() {
        PrimitiveIterator.OfDouble src = take();
        DoubleSummaryStatistics st = new DoubleSummaryStatistics();
        while (src.hasNext()) st.accept(src.nextDouble());
        return st;
    }

    public boolean anyMatch(DoublePredicate p) {
        Objects.requireNonNull(p);
        PrimitiveIterator.OfDouble src = take();
        while (src.hasNext()) if (p.test(src.nextDouble())) return true;
        return false;
    }

    public boolean allMatch(DoublePredicate p) {
        Objects.requireNonNull(p);
        PrimitiveIterator.OfDouble src = take();
        while (src.hasNext()) if (!p.test(src.nextDouble())) return false;
        return true;
    }

    public boolean noneMatch(DoublePredicate p) { return !anyMatch(p); }

    public OptionalDouble findFirst() {
        PrimitiveIterator.OfDouble src = take();
        return src.hasNext() ? OptionalDouble.of(src.nextDouble()) : OptionalDouble.empty();
    }

    public OptionalDouble findAny() { return findFirst(); }

    // ------------------------------------------------------------------- base

    public PrimitiveIterator.OfDouble iterator() { return take(); }

    public boolean isParallel() { return shared.parallel; }

    public DoubleStream sequential() {
        shared.parallel = false;
        return this;
    }

    /** Streams run sequentially; this only records the request. */
    public DoubleStream parallel() {
        shared.parallel = true;
        return this;
    }

    public DoubleStream unordered() { return this; }

    public DoubleStream onClose(Runnable r) {
        addCloseHandler(r);
        return this;
    }

    public void close() { closePipeline(); }
}
