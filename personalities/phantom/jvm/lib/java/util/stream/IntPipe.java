package java.util.stream;

import java.util.Arrays;
import java.util.HashSet;
import java.util.IntSummaryStatistics;
import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.OptionalDouble;
import java.util.OptionalInt;
import java.util.PrimitiveIterator;
import java.util.function.BiConsumer;
import java.util.function.IntBinaryOperator;
import java.util.function.IntConsumer;
import java.util.function.IntFunction;
import java.util.function.IntPredicate;
import java.util.function.IntToDoubleFunction;
import java.util.function.IntToLongFunction;
import java.util.function.IntUnaryOperator;
import java.util.function.ObjIntConsumer;
import java.util.function.Supplier;

/** A stage of an int stream (see {@link RefPipe}). */
final class IntPipe extends Pipe implements IntStream {
    private final PrimitiveIterator.OfInt it;

    IntPipe(Shared shared, PrimitiveIterator.OfInt it, long size) {
        super(shared, size);
        this.it = it;
    }

    static IntStream of(PrimitiveIterator.OfInt it, long size) { return new IntPipe(new Shared(), it, size); }

    static IntStream ofArray(int[] a, int from, int to) {
        return of(new PrimitiveIterator.OfInt() {
            private int i = from;

            public boolean hasNext() { return i < to; }

            public int nextInt() {
                if (i >= to) throw new NoSuchElementException();
                return a[i++];
            }
        }, to - from);
    }

    /** first..last, both included (first <= last). */
    static IntStream range(int first, int last) {
        return of(new PrimitiveIterator.OfInt() {
            private long i = first;

            public boolean hasNext() { return i <= last; }

            public int nextInt() {
                if (i > last) throw new NoSuchElementException();
                return (int) i++;
            }
        }, (long) last - first + 1);
    }

    /** The chars of a char sequence, taken when the first is wanted. */
    static IntStream chars(CharSequence s) {
        return of(new PrimitiveIterator.OfInt() {
            private int i;

            public boolean hasNext() { return i < s.length(); }

            public int nextInt() {
                if (i >= s.length()) throw new NoSuchElementException();
                return s.charAt(i++);
            }
        }, s.length());
    }

    static IntStream codePoints(CharSequence s) {
        return of(new PrimitiveIterator.OfInt() {
            private int i;

            public boolean hasNext() { return i < s.length(); }

            public int nextInt() {
                if (i >= s.length()) throw new NoSuchElementException();
                char c = s.charAt(i++);
                if (Character.isHighSurrogate(c) && i < s.length() && Character.isLowSurrogate(s.charAt(i))) {
                    return Character.toCodePoint(c, s.charAt(i++));
                }
                return c;
            }
        }, -1);
    }

    static IntStream concat(IntStream a, IntStream b) {
        Objects.requireNonNull(a);
        Objects.requireNonNull(b);
        long size = sumSize(a instanceof Pipe ? ((Pipe) a).size : -1, b instanceof Pipe ? ((Pipe) b).size : -1);
        boolean parallel = a.isParallel() || b.isParallel();
        PrimitiveIterator.OfInt ia = a.iterator();
        PrimitiveIterator.OfInt ib = b.iterator();
        IntPipe p = new IntPipe(new Shared(), new PrimitiveIterator.OfInt() {
            public boolean hasNext() { return ia.hasNext() || ib.hasNext(); }
            public int nextInt() { return ia.hasNext() ? ia.nextInt() : ib.nextInt(); }
        }, size);
        p.shared.parallel = parallel;
        p.addCloseHandler(closeBoth(a, b));
        return p;
    }

    /** The ints of the streams in turn, each closed once used up. */
    static PrimitiveIterator.OfInt flatten(Iterator<? extends IntStream> streams) {
        return new Lookahead() {
            private IntStream inner;
            private PrimitiveIterator.OfInt cur;

            protected boolean fetch() {
                while (true) {
                    if (cur != null) {
                        if (cur.hasNext()) {
                            item = cur.nextInt();
                            return true;
                        }
                        cur = null;
                        inner.close();
                        inner = null;
                    }
                    if (!streams.hasNext()) return false;
                    IntStream s = streams.next();
                    if (s != null) {
                        inner = s;
                        cur = s.iterator();
                    }
                }
            }
        };
    }

    /** An iterator that finds its next element ahead of time: {@code fetch} stores it in {@code item}. */
    abstract static class Lookahead implements PrimitiveIterator.OfInt {
        int item;
        private int state; // 0: not looked yet, 1: item ready, 2: finished

        protected abstract boolean fetch();

        public final boolean hasNext() {
            if (state == 0) state = fetch() ? 1 : 2;
            return state == 1;
        }

        public final int nextInt() {
            if (!hasNext()) throw new NoSuchElementException();
            state = 0;
            return item;
        }
    }

    /** A growing int array. */
    static final class Buffer {
        int[] a = new int[16];
        int n;

        void add(int v) {
            if (n == a.length) a = Arrays.copyOf(a, n * 2);
            a[n++] = v;
        }

        int[] toArray() { return Arrays.copyOf(a, n); }
    }

    static final class IntBuilder implements IntStream.Builder {
        private Buffer items = new Buffer();

        public void accept(int t) {
            if (items == null) throw new IllegalStateException();
            items.add(t);
        }

        public IntStream build() {
            if (items == null) throw new IllegalStateException();
            Buffer b = items;
            items = null;
            return ofArray(b.a, 0, b.n);
        }
    }

    private PrimitiveIterator.OfInt take() {
        use();
        return it;
    }

    private IntStream next(PrimitiveIterator.OfInt i, long n) { return new IntPipe(shared, i, n); }

    // ------------------------------------------------------------ intermediate

    public IntStream filter(IntPredicate p) {
        Objects.requireNonNull(p);
        PrimitiveIterator.OfInt src = take();
        return next(new Lookahead() {
            protected boolean fetch() {
                while (src.hasNext()) {
                    int t = src.nextInt();
                    if (p.test(t)) {
                        item = t;
                        return true;
                    }
                }
                return false;
            }
        }, -1);
    }

    public IntStream map(IntUnaryOperator f) {
        Objects.requireNonNull(f);
        PrimitiveIterator.OfInt src = take();
        return next(new PrimitiveIterator.OfInt() {
            public boolean hasNext() { return src.hasNext(); }
            public int nextInt() { return f.applyAsInt(src.nextInt()); }
        }, size);
    }

    public <U> Stream<U> mapToObj(IntFunction<? extends U> f) {
        Objects.requireNonNull(f);
        PrimitiveIterator.OfInt src = take();
        return new RefPipe<U>(shared, new Iterator<U>() {
            public boolean hasNext() { return src.hasNext(); }
            public U next() { return f.apply(src.nextInt()); }
        }, size);
    }

    public LongStream mapToLong(IntToLongFunction f) {
        Objects.requireNonNull(f);
        PrimitiveIterator.OfInt src = take();
        return new LongPipe(shared, new PrimitiveIterator.OfLong() {
            public boolean hasNext() { return src.hasNext(); }
            public long nextLong() { return f.applyAsLong(src.nextInt()); }
        }, size);
    }

    public DoubleStream mapToDouble(IntToDoubleFunction f) {
        Objects.requireNonNull(f);
        PrimitiveIterator.OfInt src = take();
        return new DoublePipe(shared, new PrimitiveIterator.OfDouble() {
            public boolean hasNext() { return src.hasNext(); }
            public double nextDouble() { return f.applyAsDouble(src.nextInt()); }
        }, size);
    }

    public IntStream flatMap(IntFunction<? extends IntStream> f) {
        Objects.requireNonNull(f);
        return next(flatten(mapToObj(f).iterator()), -1);
    }

    public IntStream distinct() {
        PrimitiveIterator.OfInt src = take();
        return next(new Lookahead() {
            private final HashSet<Integer> seen = new HashSet<>();

            protected boolean fetch() {
                while (src.hasNext()) {
                    int t = src.nextInt();
                    if (seen.add(t)) {
                        item = t;
                        return true;
                    }
                }
                return false;
            }
        }, -1);
    }

    public IntStream sorted() {
        PrimitiveIterator.OfInt src = take();
        return next(new PrimitiveIterator.OfInt() {
            private int[] a;
            private int i;

            private void fill() {
                if (a != null) return;
                Buffer b = new Buffer();
                while (src.hasNext()) b.add(src.nextInt());
                a = b.toArray();
                Arrays.sort(a);
            }

            public boolean hasNext() {
                fill();
                return i < a.length;
            }

            public int nextInt() {
                fill();
                if (i >= a.length) throw new NoSuchElementException();
                return a[i++];
            }
        }, size);
    }

    public IntStream peek(IntConsumer action) {
        Objects.requireNonNull(action);
        PrimitiveIterator.OfInt src = take();
        return next(new PrimitiveIterator.OfInt() {
            public boolean hasNext() { return src.hasNext(); }

            public int nextInt() {
                int t = src.nextInt();
                action.accept(t);
                return t;
            }
        }, size);
    }

    public IntStream limit(long n) {
        checkCount(n);
        PrimitiveIterator.OfInt src = take();
        return next(new PrimitiveIterator.OfInt() {
            private long left = n;

            public boolean hasNext() { return left > 0 && src.hasNext(); }

            public int nextInt() {
                if (left <= 0) throw new NoSuchElementException();
                left--;
                return src.nextInt();
            }
        }, limitSize(size, n));
    }

    public IntStream skip(long n) {
        checkCount(n);
        PrimitiveIterator.OfInt src = take();
        return next(new PrimitiveIterator.OfInt() {
            private boolean skipped;

            private void skip() {
                if (skipped) return;
                skipped = true;
                for (long k = 0; k < n && src.hasNext(); k++) src.nextInt();
            }

            public boolean hasNext() {
                skip();
                return src.hasNext();
            }

            public int nextInt() {
                skip();
                return src.nextInt();
            }
        }, skipSize(size, n));
    }

    public IntStream takeWhile(IntPredicate p) {
        Objects.requireNonNull(p);
        PrimitiveIterator.OfInt src = take();
        return next(new Lookahead() {
            private boolean done;

            protected boolean fetch() {
                if (done || !src.hasNext()) return false;
                int t = src.nextInt();
                if (p.test(t)) {
                    item = t;
                    return true;
                }
                done = true;
                return false;
            }
        }, -1);
    }

    public IntStream dropWhile(IntPredicate p) {
        Objects.requireNonNull(p);
        PrimitiveIterator.OfInt src = take();
        return next(new Lookahead() {
            private boolean dropping = true;

            protected boolean fetch() {
                while (src.hasNext()) {
                    int t = src.nextInt();
                    if (dropping && p.test(t)) continue;
                    dropping = false;
                    item = t;
                    return true;
                }
                return false;
            }
        }, -1);
    }

    public LongStream asLongStream() { return mapToLong(v -> v); }

    public DoubleStream asDoubleStream() { return mapToDouble(v -> v); }

    public Stream<Integer> boxed() { return mapToObj(Integer::valueOf); }

    // ---------------------------------------------------------------- terminal

    public void forEach(IntConsumer action) {
        Objects.requireNonNull(action);
        PrimitiveIterator.OfInt src = take();
        while (src.hasNext()) action.accept(src.nextInt());
    }

    public void forEachOrdered(IntConsumer action) { forEach(action); }

    public int[] toArray() {
        PrimitiveIterator.OfInt src = take();
        Buffer b = new Buffer();
        while (src.hasNext()) b.add(src.nextInt());
        return b.toArray();
    }

    public int reduce(int identity, IntBinaryOperator op) {
        Objects.requireNonNull(op);
        PrimitiveIterator.OfInt src = take();
        int r = identity;
        while (src.hasNext()) r = op.applyAsInt(r, src.nextInt());
        return r;
    }

    public OptionalInt reduce(IntBinaryOperator op) {
        Objects.requireNonNull(op);
        PrimitiveIterator.OfInt src = take();
        if (!src.hasNext()) return OptionalInt.empty();
        int r = src.nextInt();
        while (src.hasNext()) r = op.applyAsInt(r, src.nextInt());
        return OptionalInt.of(r);
    }

    public <R> R collect(Supplier<R> supplier, ObjIntConsumer<R> acc, BiConsumer<R, R> combiner) {
        Objects.requireNonNull(acc);
        Objects.requireNonNull(combiner);
        PrimitiveIterator.OfInt src = take();
        R r = supplier.get();
        while (src.hasNext()) acc.accept(r, src.nextInt());
        return r;
    }

    public int sum() {
        PrimitiveIterator.OfInt src = take();
        int s = 0;
        while (src.hasNext()) s += src.nextInt();
        return s;
    }

    public OptionalInt min() { return reduce(Math::min); }

    public OptionalInt max() { return reduce(Math::max); }

    public long count() {
        PrimitiveIterator.OfInt src = take();
        if (size >= 0) return size;
        long n = 0;
        while (src.hasNext()) {
            src.nextInt();
            n++;
        }
        return n;
    }

    public OptionalDouble average() {
        PrimitiveIterator.OfInt src = take();
        long n = 0;
        long s = 0;
        while (src.hasNext()) {
            s += src.nextInt();
            n++;
        }
        return n > 0 ? OptionalDouble.of((double) s / n) : OptionalDouble.empty();
    }

    public IntSummaryStatistics summaryStatistics() {
        PrimitiveIterator.OfInt src = take();
        IntSummaryStatistics st = new IntSummaryStatistics();
        while (src.hasNext()) st.accept(src.nextInt());
        return st;
    }

    public boolean anyMatch(IntPredicate p) {
        Objects.requireNonNull(p);
        PrimitiveIterator.OfInt src = take();
        while (src.hasNext()) if (p.test(src.nextInt())) return true;
        return false;
    }

    public boolean allMatch(IntPredicate p) {
        Objects.requireNonNull(p);
        PrimitiveIterator.OfInt src = take();
        while (src.hasNext()) if (!p.test(src.nextInt())) return false;
        return true;
    }

    public boolean noneMatch(IntPredicate p) { return !anyMatch(p); }

    public OptionalInt findFirst() {
        PrimitiveIterator.OfInt src = take();
        return src.hasNext() ? OptionalInt.of(src.nextInt()) : OptionalInt.empty();
    }

    public OptionalInt findAny() { return findFirst(); }

    // ------------------------------------------------------------------- base

    public PrimitiveIterator.OfInt iterator() { return take(); }

    public boolean isParallel() { return shared.parallel; }

    public IntStream sequential() {
        shared.parallel = false;
        return this;
    }

    /** Streams run sequentially; this only records the request. */
    public IntStream parallel() {
        shared.parallel = true;
        return this;
    }

    public IntStream unordered() { return this; }

    public IntStream onClose(Runnable r) {
        addCloseHandler(r);
        return this;
    }

    public void close() { closePipeline(); }
}
