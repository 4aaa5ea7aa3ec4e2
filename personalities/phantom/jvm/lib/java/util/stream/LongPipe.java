package java.util.stream;

import java.util.Arrays;
import java.util.HashSet;
import java.util.LongSummaryStatistics;
import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.OptionalDouble;
import java.util.OptionalLong;
import java.util.PrimitiveIterator;
import java.util.function.BiConsumer;
import java.util.function.LongBinaryOperator;
import java.util.function.LongConsumer;
import java.util.function.LongFunction;
import java.util.function.LongPredicate;
import java.util.function.LongToDoubleFunction;
import java.util.function.LongToIntFunction;
import java.util.function.LongUnaryOperator;
import java.util.function.ObjLongConsumer;
import java.util.function.Supplier;

/** A stage of a long stream (see {@link RefPipe}). */
final class LongPipe extends Pipe implements LongStream {
    private final PrimitiveIterator.OfLong it;

    LongPipe(Shared shared, PrimitiveIterator.OfLong it, long size) {
        super(shared, size);
        this.it = it;
    }

    static LongStream of(PrimitiveIterator.OfLong it, long size) { return new LongPipe(new Shared(), it, size); }

    static LongStream ofArray(long[] a, int from, int to) {
        return of(new PrimitiveIterator.OfLong() {
            private int i = from;

            public boolean hasNext() { return i < to; }

            public long nextLong() {
                if (i >= to) throw new NoSuchElementException();
                return a[i++];
            }
        }, to - from);
    }

    /** first..last, both included (first <= last). */
    static LongStream range(long first, long last) {
        long n = last - first + 1;
        return of(new PrimitiveIterator.OfLong() {
            private long i = first;
            private boolean done;

            public boolean hasNext() { return !done; }

            public long nextLong() {
                if (done) throw new NoSuchElementException();
                if (i == last) done = true;
                return i++;
            }
        }, n > 0 ? n : -1);
    }

    static LongStream concat(LongStream a, LongStream b) {
        Objects.requireNonNull(a);
        Objects.requireNonNull(b);
        long size = sumSize(a instanceof Pipe ? ((Pipe) a).size : -1, b instanceof Pipe ? ((Pipe) b).size : -1);
        boolean parallel = a.isParallel() || b.isParallel();
        PrimitiveIterator.OfLong ia = a.iterator();
        PrimitiveIterator.OfLong ib = b.iterator();
        LongPipe p = new LongPipe(new Shared(), new PrimitiveIterator.OfLong() {
            public boolean hasNext() { return ia.hasNext() || ib.hasNext(); }
            public long nextLong() { return ia.hasNext() ? ia.nextLong() : ib.nextLong(); }
        }, size);
        p.shared.parallel = parallel;
        p.addCloseHandler(closeBoth(a, b));
        return p;
    }

    /** The ints of the streams in turn, each closed once used up. */
    static PrimitiveIterator.OfLong flatten(Iterator<? extends LongStream> streams) {
        return new Lookahead() {
            private LongStream inner;
            private PrimitiveIterator.OfLong cur;

            protected boolean fetch() {
                while (true) {
                    if (cur != null) {
                        if (cur.hasNext()) {
                            item = cur.nextLong();
                            return true;
                        }
                        cur = null;
                        inner.close();
                        inner = null;
                    }
                    if (!streams.hasNext()) return false;
                    LongStream s = streams.next();
                    if (s != null) {
                        inner = s;
                        cur = s.iterator();
                    }
                }
            }
        };
    }

    /** An iterator that finds its next element ahead of time: {@code fetch} stores it in {@code item}. */
    abstract static class Lookahead implements PrimitiveIterator.OfLong {
        long item;
        private int state; // 0: not looked yet, 1: item ready, 2: finished

        protected abstract boolean fetch();

        public final boolean hasNext() {
            if (state == 0) state = fetch() ? 1 : 2;
            return state == 1;
        }

        public final long nextLong() {
            if (!hasNext()) throw new NoSuchElementException();
            state = 0;
            return item;
        }
    }

    /** A growing long array. */
    static final class Buffer {
        long[] a = new long[16];
        int n;

        void add(long v) {
            if (n == a.length) a = Arrays.copyOf(a, n * 2);
            a[n++] = v;
        }

        long[] toArray() { return Arrays.copyOf(a, n); }
    }

    static final class LongBuilder implements LongStream.Builder {
        private Buffer items = new Buffer();

        public void accept(long t) {
            if (items == null) throw new IllegalStateException();
            items.add(t);
        }

        public LongStream build() {
            if (items == null) throw new IllegalStateException();
            Buffer b = items;
            items = null;
            return ofArray(b.a, 0, b.n);
        }
    }

    private PrimitiveIterator.OfLong take() {
        use();
        return it;
    }

    private LongStream next(PrimitiveIterator.OfLong i, long n) { return new LongPipe(shared, i, n); }

    // ------------------------------------------------------------ intermediate

    public LongStream filter(LongPredicate p) {
        Objects.requireNonNull(p);
        PrimitiveIterator.OfLong src = take();
        return next(new Lookahead() {
            protected boolean fetch() {
                while (src.hasNext()) {
                    long t = src.nextLong();
                    if (p.test(t)) {
                        item = t;
                        return true;
                    }
                }
                return false;
            }
        }, -1);
    }

    public LongStream map(LongUnaryOperator f) {
        Objects.requireNonNull(f);
        PrimitiveIterator.OfLong src = take();
        return next(new PrimitiveIterator.OfLong() {
            public boolean hasNext() { return src.hasNext(); }
            public long nextLong() { return f.applyAsLong(src.nextLong()); }
        }, size);
    }

    public <U> Stream<U> mapToObj(LongFunction<? extends U> f) {
        Objects.requireNonNull(f);
        PrimitiveIterator.OfLong src = take();
        return new RefPipe<U>(shared, new Iterator<U>() {
            public boolean hasNext() { return src.hasNext(); }
            public U next() { return f.apply(src.nextLong()); }
        }, size);
    }

    public IntStream mapToInt(LongToIntFunction f) {
        Objects.requireNonNull(f);
        PrimitiveIterator.OfLong src = take();
        return new IntPipe(shared, new PrimitiveIterator.OfInt() {
            public boolean hasNext() { return src.hasNext(); }
            public int nextInt() { return f.applyAsInt(src.nextLong()); }
        }, size);
    }

    public DoubleStream mapToDouble(LongToDoubleFunction f) {
        Objects.requireNonNull(f);
        PrimitiveIterator.OfLong src = take();
        return new DoublePipe(shared, new PrimitiveIterator.OfDouble() {
            public boolean hasNext() { return src.hasNext(); }
            public double nextDouble() { return f.applyAsDouble(src.nextLong()); }
        }, size);
    }

    public LongStream flatMap(LongFunction<? extends LongStream> f) {
        Objects.requireNonNull(f);
        return next(flatten(mapToObj(f).iterator()), -1);
    }

    public LongStream distinct() {
        PrimitiveIterator.OfLong src = take();
        return next(new Lookahead() {
            private final HashSet<Long> seen = new HashSet<>();

            protected boolean fetch() {
                while (src.hasNext()) {
                    long t = src.nextLong();
                    if (seen.add(t)) {
                        item = t;
                        return true;
                    }
                }
                return false;
            }
        }, -1);
    }

    public LongStream sorted() {
        PrimitiveIterator.OfLong src = take();
        return next(new PrimitiveIterator.OfLong() {
            private long[] a;
            private int i;

            private void fill() {
                if (a != null) return;
                Buffer b = new Buffer();
                while (src.hasNext()) b.add(src.nextLong());
                a = b.toArray();
                Arrays.sort(a);
            }

            public boolean hasNext() {
                fill();
                return i < a.length;
            }

            public long nextLong() {
                fill();
                if (i >= a.length) throw new NoSuchElementException();
                return a[i++];
            }
        }, size);
    }

    public LongStream peek(LongConsumer action) {
        Objects.requireNonNull(action);
        PrimitiveIterator.OfLong src = take();
        return next(new PrimitiveIterator.OfLong() {
            public boolean hasNext() { return src.hasNext(); }

            public long nextLong() {
                long t = src.nextLong();
                action.accept(t);
                return t;
            }
        }, size);
    }

    public LongStream limit(long n) {
        checkCount(n);
        PrimitiveIterator.OfLong src = take();
        return next(new PrimitiveIterator.OfLong() {
            private long left = n;

            public boolean hasNext() { return left > 0 && src.hasNext(); }

            public long nextLong() {
                if (left <= 0) throw new NoSuchElementException();
                left--;
                return src.nextLong();
            }
        }, limitSize(size, n));
    }

    public LongStream skip(long n) {
        checkCount(n);
        PrimitiveIterator.OfLong src = take();
        return next(new PrimitiveIterator.OfLong() {
            private boolean skipped;

            private void skip() {
                if (skipped) return;
                skipped = true;
                for (long k = 0; k < n && src.hasNext(); k++) src.nextLong();
            }

            public boolean hasNext() {
                skip();
                return src.hasNext();
            }

            public long nextLong() {
                skip();
                return src.nextLong();
            }
        }, skipSize(size, n));
    }

    public LongStream takeWhile(LongPredicate p) {
        Objects.requireNonNull(p);
        PrimitiveIterator.OfLong src = take();
        return next(new Lookahead() {
            private boolean done;

            protected boolean fetch() {
                if (done || !src.hasNext()) return false;
                long t = src.nextLong();
                if (p.test(t)) {
                    item = t;
                    return true;
                }
                done = true;
                return false;
            }
        }, -1);
    }

    public LongStream dropWhile(LongPredicate p) {
        Objects.requireNonNull(p);
        PrimitiveIterator.OfLong src = take();
        return next(new Lookahead() {
            private boolean dropping = true;

            protected boolean fetch() {
                while (src.hasNext()) {
                    long t = src.nextLong();
                    if (dropping && p.test(t)) continue;
                    dropping = false;
                    item = t;
                    return true;
                }
                return false;
            }
        }, -1);
    }

    public DoubleStream asDoubleStream() { return mapToDouble(v -> v); }

    public Stream<Long> boxed() { return mapToObj(Long::valueOf); }

    // ---------------------------------------------------------------- terminal

    public void forEach(LongConsumer action) {
        Objects.requireNonNull(action);
        PrimitiveIterator.OfLong src = take();
        while (src.hasNext()) action.accept(src.nextLong());
    }

    public void forEachOrdered(LongConsumer action) { forEach(action); }

    public long[] toArray() {
        PrimitiveIterator.OfLong src = take();
        Buffer b = new Buffer();
        while (src.hasNext()) b.add(src.nextLong());
        return b.toArray();
    }

    public long reduce(long identity, LongBinaryOperator op) {
        Objects.requireNonNull(op);
        PrimitiveIterator.OfLong src = take();
        long r = identity;
        while (src.hasNext()) r = op.applyAsLong(r, src.nextLong());
        return r;
    }

    public OptionalLong reduce(LongBinaryOperator op) {
        Objects.requireNonNull(op);
        PrimitiveIterator.OfLong src = take();
        if (!src.hasNext()) return OptionalLong.empty();
        long r = src.nextLong();
        while (src.hasNext()) r = op.applyAsLong(r, src.nextLong());
        return OptionalLong.of(r);
    }

    public <R> R collect(Supplier<R> supplier, ObjLongConsumer<R> acc, BiConsumer<R, R> combiner) {
        Objects.requireNonNull(acc);
        Objects.requireNonNull(combiner);
        PrimitiveIterator.OfLong src = take();
        R r = supplier.get();
        while (src.hasNext()) acc.accept(r, src.nextLong());
        return r;
    }

    public long sum() {
        PrimitiveIterator.OfLong src = take();
        long s = 0;
        while (src.hasNext()) s += src.nextLong();
        return s;
    }

    public OptionalLong min() { return reduce(Math::min); }

    public OptionalLong max() { return reduce(Math::max); }

    public long count() {
        PrimitiveIterator.OfLong src = take();
        if (size >= 0) return size;
        long n = 0;
        while (src.hasNext()) {
            src.nextLong();
            n++;
        }
        return n;
    }

    public OptionalDouble average() {
        PrimitiveIterator.OfLong src = take();
        long n = 0;
        long s = 0;
        while (src.hasNext()) {
            s += src.nextLong();
            n++;
        }
        return n > 0 ? OptionalDouble.of((double) s / n) : OptionalDouble.empty();
    }

    public LongSummaryStatistics summaryStatistics() {
        PrimitiveIterator.OfLong src = take();
        LongSummaryStatistics st = new LongSummaryStatistics();
        while (src.hasNext()) st.accept(src.nextLong());
        return st;
    }

    public boolean anyMatch(LongPredicate p) {
        Objects.requireNonNull(p);
        PrimitiveIterator.OfLong src = take();
        while (src.hasNext()) if (p.test(src.nextLong())) return true;
        return false;
    }

    public boolean allMatch(LongPredicate p) {
        Objects.requireNonNull(p);
        PrimitiveIterator.OfLong src = take();
        while (src.hasNext()) if (!p.test(src.nextLong())) return false;
        return true;
    }

    public boolean noneMatch(LongPredicate p) { return !anyMatch(p); }

    public OptionalLong findFirst() {
        PrimitiveIterator.OfLong src = take();
        return src.hasNext() ? OptionalLong.of(src.nextLong()) : OptionalLong.empty();
    }

    public OptionalLong findAny() { return findFirst(); }

    // ------------------------------------------------------------------- base

    public PrimitiveIterator.OfLong iterator() { return take(); }

    public boolean isParallel() { return shared.parallel; }

    public LongStream sequential() {
        shared.parallel = false;
        return this;
    }

    /** Streams run sequentially; this only records the request. */
    public LongStream parallel() {
        shared.parallel = true;
        return this;
    }

    public LongStream unordered() { return this; }

    public LongStream onClose(Runnable r) {
        addCloseHandler(r);
        return this;
    }

    public void close() { closePipeline(); }
}
