package java.util;

/** List.of, Set.of, Map.of: unmodifiable, no nulls. */
final class ImmutableCollections {
    private ImmutableCollections() {}

    static UnsupportedOperationException uoe() { return new UnsupportedOperationException(); }

    static final class ListN<E> extends AbstractList<E> implements RandomAccess {
        private final Object[] a;
        ListN(Object[] a) { this.a = a; }
        @SuppressWarnings("unchecked")
        public E get(int i) {
            if (i < 0 || i >= a.length) {
                // As the JDK's: lists of one or two elements check the index, longer ones index an array.
                if (a.length <= 2) throw new IndexOutOfBoundsException("Index: " + i + " Size: " + a.length);
                throw new ArrayIndexOutOfBoundsException("Index " + i + " out of bounds for length " + a.length);
            }
            return (E) a[i];
        }
        public int size() { return a.length; }
        public boolean add(E e) { throw uoe(); }
        public E set(int i, E e) { throw uoe(); }
        public void add(int i, E e) { throw uoe(); }
        public E remove(int i) { throw uoe(); }
        public boolean remove(Object o) { throw uoe(); }
        public void clear() { throw uoe(); }
        public void sort(Comparator<? super E> c) { throw uoe(); }
        public boolean removeIf(java.util.function.Predicate<? super E> p) { throw uoe(); }
    }

    static final class SetN<E> extends AbstractSet<E> {
        private final Object[] a;
        SetN(Object[] a) { this.a = a; }
        public Iterator<E> iterator() {
            return new Iterator<E>() {
                int i;
                public boolean hasNext() { return i < a.length; }
                @SuppressWarnings("unchecked")
                public E next() {
                    if (i >= a.length) throw new NoSuchElementException();
                    return (E) a[i++];
                }
            };
        }
        public int size() { return a.length; }
        public boolean contains(Object o) {
            for (Object e : a) if (e.equals(o)) return true;
            return false;
        }
        public boolean add(E e) { throw uoe(); }
        public boolean remove(Object o) { throw uoe(); }
        public void clear() { throw uoe(); }
    }

    static <E> List<E> listOf(Object[] a, boolean nullsOk) {
        if (!nullsOk) for (Object o : a) Objects.requireNonNull(o);
        return new ListN<>(a);
    }

    static <E> Set<E> setOf(Object[] a, boolean check) {
        if (check) {
            for (int i = 0; i < a.length; i++) {
                Objects.requireNonNull(a[i]);
                for (int j = 0; j < i; j++) {
                    if (a[i].equals(a[j])) throw new IllegalArgumentException("duplicate element: " + a[i]);
                }
            }
        }
        return new SetN<>(a);
    }

    @SafeVarargs
    static <E> List<E> list(E... es) {
        Object[] a = new Object[es.length];
        System.arraycopy(es, 0, a, 0, es.length);
        return listOf(a, false);
    }

    @SafeVarargs
    static <E> Set<E> set(E... es) {
        Object[] a = new Object[es.length];
        System.arraycopy(es, 0, a, 0, es.length);
        return setOf(a, true);
    }

    @SuppressWarnings("unchecked")
    static <K, V> Map<K, V> map(Object... kv) {
        LinkedHashMap<K, V> m = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            K k = (K) Objects.requireNonNull(kv[i]);
            V v = (V) Objects.requireNonNull(kv[i + 1]);
            if (m.containsKey(k)) throw new IllegalArgumentException("duplicate key: " + k);
            m.put(k, v);
        }
        return Collections.unmodifiableMap(m);
    }
}
