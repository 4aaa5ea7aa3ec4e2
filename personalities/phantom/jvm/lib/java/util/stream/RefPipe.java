package java.util.stream;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashSet;
import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.Optional;
import java.util.PrimitiveIterator;
import java.util.function.BiConsumer;
import java.util.function.BiFunction;
import java.util.function.BinaryOperator;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.IntFunction;
import java.util.function.Predicate;
import java.util.function.Supplier;
import java.util.function.ToDoubleFunction;
import java.util.function.ToIntFunction;
import java.util.function.ToLongFunction;

/** A stage of a stream of objects: an iterator pulled by the next stage or the terminal operation. */
final class RefPipe<T> extends Pipe implements Stream<T> {
    private final Iterator<T> it;

    RefPipe(Shared shared, Iterator<T> it, long size) {
        super(shared, size);
        this.it = it;
    }

    static <T> Stream<T> of(Iterator<T> it, long size) { return new RefPipe<>(new Shared(), it, size); }

    @SuppressWarnings("unchecked")
    static <T> Stream<T> ofArray(Object[] a, int from, int to) {
        return new RefPipe<>(new Shared(), new Iterator<T>() {
            private int i = from;

            public boolean hasNext() { return i < to; }

            public T next() {
                if (i >= to) throw new NoSuchElementException();
                return (T) a[i++];
            }
        }, to - from);
    }

    /** The collection's iterator is taken when the first element is wanted (late binding). */
    static <T> Stream<T> ofCollection(Collection<T> c) {
        return new RefPipe<>(new Shared(), new Iterator<T>() {
            private Iterator<T> i;

            public boolean hasNext() {
                if (i == null) i = c.iterator();
                return i.hasNext();
            }

            public T next() {
                if (i == null) i = c.iterator();
                return i.next();
            }
        }, c.size());
    }

    static <T> Stream<T> concat(Stream<? extends T> a, Stream<? extends T> b) {
        Objects.requireNonNull(a);
        Objects.requireNonNull(b);
        long size = sumSize(a instanceof Pipe ? ((Pipe) a).size : -1, b instanceof Pipe ? ((Pipe) b).size : -1);
        boolean parallel = a.isParallel() || b.isParallel();
        Iterator<? extends T> ia = a.iterator();
        Iterator<? extends T> ib = b.iterator();
        RefPipe<T> p = new RefPipe<>(new Shared(), new Iterator<T>() {
            public boolean hasNext() { return ia.hasNext() || ib.hasNext(); }
            public T next() { return ia.hasNext() ? ia.next() : ib.next(); }
        }, size);
        p.shared.parallel = parallel;
        p.addCloseHandler(closeBoth(a, b));
        return p;
    }

    /** An iterator that finds its next element ahead of time: {@code fetch} stores it in {@code item}. */
    abstract static class Lookahead<T> implements Iterator<T> {
        T item;
        private int state; // 0: not looked yet, 1: item ready, 2: finished

        protected abstract boolean fetch();

        public final boolean hasNext() {
            if (state == 0) state = fetch() ? 1 : 2;
            return state == 1;
        }

        public final T next() {
            if (!hasNext()) throw new NoSuchElementException();
            state = 0;
            T t = item;
            item = null;
            return t;
        }
    }

    static final class RefBuilder<T> implements Stream.Builder<T> {
        private ArrayList<T> items = new ArrayList<>();

        public void accept(T t) {
            if (items == null) throw new IllegalStateException();
            items.add(t);
        }

        public Stream<T> build() {
            if (items == null) throw new IllegalStateException();
            ArrayList<T> l = items;
            items = null;
            return ofArray(l.toArray(), 0, l.size());
        }
    }

    private Iterator<T> take() {
        use();
        return it;
    }

    private <R> Stream<R> next(Iterator<R> i, long n) { return new RefPipe<>(shared, i, n); }

    // ------------------------------------------------------------ intermediate

    public Stream<T> filter(Predicate<? super T> p) {
        Objects.requireNonNull(p);
        Iterator<T> src = take();
        return next(new Lookahead<T>() {
            protected boolean fetch() {
                while (src.hasNext()) {
                    T t = src.next();
                    if (p.test(t)) {
                        item = t;
                        return true;
                    }
                }
                return false;
            }
        }, -1);
    }

    public <R> Stream<R> map(Function<? super T, ? extends R> f) {
        Objects.requireNonNull(f);
        Iterator<T> src = take();
        return next(new Iterator<R>() {
            public boolean hasNext() { return src.hasNext(); }
            public R next() { return f.apply(src.next()); }
        }, size);
    }

    public IntStream mapToInt(ToIntFunction<? super T> f) {
        Objects.requireNonNull(f);
        Iterator<T> src = take();
        return new IntPipe(shared, new PrimitiveIterator.OfInt() {
            public boolean hasNext() { return src.hasNext(); }
            public int nextInt() { return f.applyAsInt(src.next()); }
        }, size);
    }

    public LongStream mapToLong(ToLongFunction<? super T> f) {
        Objects.requireNonNull(f);
        Iterator<T> src = take();
        return new LongPipe(shared, new PrimitiveIterator.OfLong() {
            public boolean hasNext() { return src.hasNext(); }
            public long nextLong() { return f.applyAsLong(src.next()); }
        }, size);
    }

    public DoubleStream mapToDouble(ToDoubleFunction<? super T> f) {
        Objects.requireNonNull(f);
        Iterator<T> src = take();
        return new DoublePipe(shared, new PrimitiveIterator.OfDouble() {
            public boolean hasNext() { return src.hasNext(); }
            public double nextDouble() { return f.applyAsDouble(src.next()); }
        }, size);
    }

    public <R> Stream<R> flatMap(Function<? super T, ? extends Stream<? extends R>> f) {
        Objects.requireNonNull(f);
        Iterator<T> src = take();
        return next(new Lookahead<R>() {
            private Stream<? extends R> inner;
            private Iterator<? extends R> cur;

            protected boolean fetch() {
                while (true) {
                    if (cur != null) {
                        if (cur.hasNext()) {
                            item = cur.next();
                            return true;
                        }
                        cur = null;
                        inner.close();
                        inner = null;
                    }
                    if (!src.hasNext()) return false;
                    Stream<? extends R> s = f.apply(src.next());
                    if (s != null) {
                        inner = s;
                        cur = s.iterator();
                    }
                }
            }
        }, -1);
    }

    public IntStream flatMapToInt(Function<? super T, ? extends IntStream> f) {
        Objects.requireNonNull(f);
        return new IntPipe(shared, IntPipe.flatten(map(f).iterator()), -1);
    }

    public LongStream flatMapToLong(Function<? super T, ? extends LongStream> f) {
        Objects.requireNonNull(f);
        return new LongPipe(shared, LongPipe.flatten(map(f).iterator()), -1);
    }

    public DoubleStream flatMapToDouble(Function<? super T, ? extends DoubleStream> f) {
        Objects.requireNonNull(f);
        return new DoublePipe(shared, DoublePipe.flatten(map(f).iterator()), -1);
    }

    public Stream<T> distinct() {
        Iterator<T> src = take();
        return next(new Lookahead<T>() {
            private final HashSet<T> seen = new HashSet<>();

            protected boolean fetch() {
                while (src.hasNext()) {
                    T t = src.next();
                    if (seen.add(t)) {
                        item = t;
                        return true;
                    }
                }
                return false;
            }
        }, -1);
    }

    public Stream<T> sorted() { return sorted(null); }

    @SuppressWarnings("unchecked")
    public Stream<T> sorted(Comparator<? super T> c) {
        Iterator<T> src = take();
        return next(new Iterator<T>() {
            private Object[] a;
            private int i;

            private void fill() {
                if (a != null) return;
                ArrayList<T> l = new ArrayList<>();
                while (src.hasNext()) l.add(src.next());
                a = l.toArray();
                Arrays.sort((T[]) a, c);
            }

            public boolean hasNext() {
                fill();
                return i < a.length;
            }

            public T next() {
                fill();
                if (i >= a.length) throw new NoSuchElementException();
                T t = (T) a[i];
                a[i++] = null;
                return t;
            }
        }, size);
    }

    public Stream<T> peek(Consumer<? super T> action) {
        Objects.requireNonNull(action);
        Iterator<T> src = take();
        return next(new Iterator<T>() {
            public boolean hasNext() { return src.hasNext(); }

            public T next() {
                T t = src.next();
                action.accept(t);
                return t;
            }
        }, size);
    }

    public Stream<T> limit(long n) {
        checkCount(n);
        Iterator<T> src = take();
        return next(new Iterator<T>() {
            private long left = n;

            public boolean hasNext() { return left > 0 && src.hasNext(); }

            public T next() {
                if (left <= 0) throw new NoSuchElementException();
                left--;
                return src.next();
            }
        }, limitSize(size, n));
    }

    public Stream<T> skip(long n) {
        checkCount(n);
        Iterator<T> src = take();
        return next(new Iterator<T>() {
            private boolean skipped;

            private void skip() {
                if (skipped) return;
                skipped = true;
                for (long k = 0; k < n && src.hasNext(); k++) src.next();
            }

            public boolean hasNext() {
                skip();
                return src.hasNext();
            }

            public T next() {
                skip();
                return src.next();
            }
        }, skipSize(size, n));
    }

    public Stream<T> takeWhile(Predicate<? super T> p) {
        Objects.requireNonNull(p);
        Iterator<T> src = take();
        return next(new Lookahead<T>() {
            private boolean done;

            protected boolean fetch() {
                if (done || !src.hasNext()) return false;
                T t = src.next();
                if (p.test(t)) {
                    item = t;
                    return true;
                }
                done = true;
                return false;
            }
        }, -1);
    }

    public Stream<T> dropWhile(Predicate<? super T> p) {
        Objects.requireNonNull(p);
        Iterator<T> src = take();
        return next(new Lookahead<T>() {
            private boolean dropping = true;

            protected boolean fetch() {
                while (src.hasNext()) {
                    T t = src.next();
                    if (dropping && p.test(t)) continue;
                    dropping = false;
                    item = t;
                    return true;
                }
                return false;
            }
        }, -1);
    }

    // ---------------------------------------------------------------- terminal

    public void forEach(Consumer<? super T> action) {
        Objects.requireNonNull(action);
        Iterator<T> src = take();
        while (src.hasNext()) action.accept(src.next());
    }

    public void forEachOrdered(Consumer<? super T> action) { forEach(action); }

    public Object[] toArray() {
        Iterator<T> src = take();
        ArrayList<T> l = new ArrayList<>();
        while (src.hasNext()) l.add(src.next());
        return l.toArray();
    }

    @SuppressWarnings("unchecked")
    public <A> A[] toArray(IntFunction<A[]> generator) {
        Object[] a = toArray();
        A[] out = generator.apply(a.length);
        if (out.length != a.length) throw new IllegalStateException("Begin size " + a.length + " is not equal to fixed size " + out.length);
        for (int i = 0; i < a.length; i++) out[i] = (A) a[i];
        return out;
    }

    public T reduce(T identity, BinaryOperator<T> op) {
        Objects.requireNonNull(op);
        Iterator<T> src = take();
        T r = identity;
        while (src.hasNext()) r = op.apply(r, src.next());
        return r;
    }

    public Optional<T> reduce(BinaryOperator<T> op) {
        Objects.requireNonNull(op);
        Iterator<T> src = take();
        if (!src.hasNext()) return Optional.empty();
        T r = src.next();
        while (src.hasNext()) r = op.apply(r, src.next());
        return Optional.of(r);
    }

    public <U> U reduce(U identity, BiFunction<U, ? super T, U> acc, BinaryOperator<U> combiner) {
        Objects.requireNonNull(acc);
        Objects.requireNonNull(combiner);
        Iterator<T> src = take();
        U r = identity;
        while (src.hasNext()) r = acc.apply(r, src.next());
        return r;
    }

    public <R> R collect(Supplier<R> supplier, BiConsumer<R, ? super T> acc, BiConsumer<R, R> combiner) {
        Objects.requireNonNull(acc);
        Objects.requireNonNull(combiner);
        Iterator<T> src = take();
        R r = supplier.get();
        while (src.hasNext()) acc.accept(r, src.next());
        return r;
    }

    @SuppressWarnings("unchecked")
    public <R, A> R collect(Collector<? super T, A, R> c) {
        Iterator<T> src = take();
        A container = c.supplier().get();
        BiConsumer<A, ? super T> acc = c.accumulator();
        while (src.hasNext()) acc.accept(container, src.next());
        if (c.characteristics().contains(Collector.Characteristics.IDENTITY_FINISH)) return (R) container;
        return c.finisher().apply(container);
    }

    public Optional<T> min(Comparator<? super T> c) { return reduce(BinaryOperator.minBy(c)); }

    public Optional<T> max(Comparator<? super T> c) { return reduce(BinaryOperator.maxBy(c)); }

    public long count() {
        Iterator<T> src = take();
        if (size >= 0) return size;
        long n = 0;
        while (src.hasNext()) {
            src.next();
            n++;
        }
        return n;
    }

    public boolean anyMatch(Predicate<? super T> p) {
        Objects.requireNonNull(p);
        Iterator<T> src = take();
        while (src.hasNext()) if (p.test(src.next())) return true;
        return false;
    }

    public boolean allMatch(Predicate<? super T> p) {
        Objects.requireNonNull(p);
        Iterator<T> src = take();
        while (src.hasNext()) if (!p.test(src.next())) return false;
        return true;
    }

    public boolean noneMatch(Predicate<? super T> p) { return !anyMatch(p); }

    public Optional<T> findFirst() {
        Iterator<T> src = take();
        return src.hasNext() ? Optional.of(src.next()) : Optional.empty();
    }

    public Optional<T> findAny() { return findFirst(); }

    // ------------------------------------------------------------------- base

    public Iterator<T> iterator() { return take(); }

    public boolean isParallel() { return shared.parallel; }

    public Stream<T> sequential() {
        shared.parallel = false;
        return this;
    }

    /** Streams run sequentially; this only records the request. */
    public Stream<T> parallel() {
        shared.parallel = true;
        return this;
    }

    public Stream<T> unordered() { return this; }

    public Stream<T> onClose(Runnable r) {
        addCloseHandler(r);
        return this;
    }

    public void close() { closePipeline(); }
}
