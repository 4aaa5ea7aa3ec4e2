package java.util;

import java.util.function.Consumer;

public final class Spliterators {
    private Spliterators() {}

    /** A spliterator over an iterator (taken from `c` when first needed, if given). */
    private static final class OverIterator<T> implements Spliterator<T> {
        private final Collection<? extends T> c;
        private Iterator<? extends T> it;
        private long est;
        private final int characteristics;

        OverIterator(Collection<? extends T> c, Iterator<? extends T> it, long size, int characteristics) {
            this.c = c;
            this.it = it;
            this.est = size;
            this.characteristics = characteristics;
        }

        private Iterator<? extends T> it() {
            if (it == null) {
                it = c.iterator();
                est = c.size();
            }
            return it;
        }

        public boolean tryAdvance(Consumer<? super T> action) {
            if (action == null) throw new NullPointerException();
            Iterator<? extends T> i = it();
            if (!i.hasNext()) return false;
            action.accept(i.next());
            return true;
        }

        public void forEachRemaining(Consumer<? super T> action) {
            if (action == null) throw new NullPointerException();
            it().forEachRemaining(action);
        }

        public Spliterator<T> trySplit() { return null; }

        public long estimateSize() {
            if (it == null && c != null) return c.size();
            return est;
        }

        public int characteristics() { return characteristics; }
    }

    public static <T> Spliterator<T> spliterator(Collection<? extends T> c, int characteristics) {
        return new OverIterator<T>(Objects.requireNonNull(c), null, c.size(),
                (characteristics & Spliterator.CONCURRENT) == 0 ? characteristics | Spliterator.SIZED | Spliterator.SUBSIZED : characteristics);
    }

    public static <T> Spliterator<T> spliterator(Object[] array, int characteristics) {
        @SuppressWarnings("unchecked")
        List<T> list = (List<T>) Arrays.asList(array);
        return spliterator(list, characteristics | Spliterator.ORDERED);
    }

    public static <T> Spliterator<T> spliterator(Iterator<? extends T> iterator, long size, int characteristics) {
        return new OverIterator<T>(null, Objects.requireNonNull(iterator), size,
                (characteristics & Spliterator.CONCURRENT) == 0 ? characteristics | Spliterator.SIZED | Spliterator.SUBSIZED : characteristics);
    }

    public static <T> Spliterator<T> spliteratorUnknownSize(Iterator<? extends T> iterator, int characteristics) {
        return new OverIterator<T>(null, Objects.requireNonNull(iterator), Long.MAX_VALUE, characteristics & ~(Spliterator.SIZED | Spliterator.SUBSIZED));
    }

    public static <T> Spliterator<T> emptySpliterator() { return spliterator(Collections.<T>emptyList(), 0); }

    public static <T> Iterator<T> iterator(Spliterator<? extends T> spliterator) {
        Objects.requireNonNull(spliterator);
        return new Iterator<T>() {
            private boolean ready;
            private T next;

            public boolean hasNext() {
                if (!ready) spliterator.tryAdvance(t -> {
                    ready = true;
                    next = t;
                });
                return ready;
            }

            public T next() {
                if (!ready && !hasNext()) throw new NoSuchElementException();
                ready = false;
                T t = next;
                next = null;
                return t;
            }
        };
    }
}
