package java.util;

public final class Collections {
    private Collections() {}

    @SuppressWarnings({"unchecked", "rawtypes"})
    static final Comparator<Object> NATURAL = (a, b) -> ((Comparable) a).compareTo(b);
    @SuppressWarnings({"unchecked", "rawtypes"})
    static final Comparator<Object> REVERSE = (a, b) -> ((Comparable) b).compareTo(a);

    @SuppressWarnings("rawtypes")
    public static final List EMPTY_LIST = ImmutableCollections.list();
    @SuppressWarnings("rawtypes")
    public static final Set EMPTY_SET = ImmutableCollections.set();
    @SuppressWarnings("rawtypes")
    public static final Map EMPTY_MAP = ImmutableCollections.map();

    public static <T extends Comparable<? super T>> void sort(List<T> list) { list.sort(null); }
    public static <T> void sort(List<T> list, Comparator<? super T> c) { list.sort(c); }

    public static void reverse(List<?> list) {
        for (int i = 0, j = list.size() - 1; i < j; i++, j--) swap(list, i, j);
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    public static void swap(List<?> list, int i, int j) {
        final List l = list;
        l.set(i, l.set(j, l.get(i)));
    }

    private static Random r;

    public static void shuffle(List<?> list) {
        if (r == null) r = new Random();
        shuffle(list, r);
    }

    public static void shuffle(List<?> list, Random rnd) {
        for (int i = list.size(); i > 1; i--) swap(list, i - 1, rnd.nextInt(i));
    }

    @SuppressWarnings("unchecked")
    public static <T> Comparator<T> reverseOrder() { return (Comparator<T>) REVERSE; }

    @SuppressWarnings("unchecked")
    public static <T> Comparator<T> reverseOrder(Comparator<T> c) {
        if (c == null) return (Comparator<T>) REVERSE;
        return (a, b) -> c.compare(b, a);
    }

    @SuppressWarnings("unchecked")
    public static <T extends Object & Comparable<? super T>> T max(Collection<? extends T> coll) {
        return max(coll, (Comparator<T>) (Comparator<?>) NATURAL);
    }

    public static <T> T max(Collection<? extends T> coll, Comparator<? super T> c) {
        Iterator<? extends T> i = coll.iterator();
        T best = i.next();
        while (i.hasNext()) {
            T t = i.next();
            if (c.compare(t, best) > 0) best = t;
        }
        return best;
    }

    @SuppressWarnings("unchecked")
    public static <T extends Object & Comparable<? super T>> T min(Collection<? extends T> coll) {
        return min(coll, (Comparator<T>) (Comparator<?>) NATURAL);
    }

    public static <T> T min(Collection<? extends T> coll, Comparator<? super T> c) {
        Iterator<? extends T> i = coll.iterator();
        T best = i.next();
        while (i.hasNext()) {
            T t = i.next();
            if (c.compare(t, best) < 0) best = t;
        }
        return best;
    }

    public static int frequency(Collection<?> c, Object o) {
        int n = 0;
        for (Object e : c) if (Objects.equals(o, e)) n++;
        return n;
    }

    @SafeVarargs
    public static <T> boolean addAll(Collection<? super T> c, T... elements) {
        boolean changed = false;
        for (T e : elements) changed |= c.add(e);
        return changed;
    }

    public static <T> void fill(List<? super T> list, T o) {
        for (int i = 0; i < list.size(); i++) list.set(i, o);
    }

    public static <T> List<T> nCopies(int n, T o) {
        if (n < 0) throw new IllegalArgumentException("List length = " + n);
        Object[] a = new Object[n];
        Arrays.fill(a, o);
        return ImmutableCollections.listOf(a, true);
    }

    @SuppressWarnings("unchecked")
    public static <T> int binarySearch(List<? extends Comparable<? super T>> list, T key) {
        int lo = 0, hi = list.size() - 1;
        while (lo <= hi) {
            int mid = (lo + hi) >>> 1;
            int c = ((Comparable<Object>) list.get(mid)).compareTo(key);
            if (c < 0) lo = mid + 1;
            else if (c > 0) hi = mid - 1;
            else return mid;
        }
        return -(lo + 1);
    }

    public static <T> int binarySearch(List<? extends T> list, T key, Comparator<? super T> c) {
        int lo = 0, hi = list.size() - 1;
        while (lo <= hi) {
            int mid = (lo + hi) >>> 1;
            int r = c.compare(list.get(mid), key);
            if (r < 0) lo = mid + 1;
            else if (r > 0) hi = mid - 1;
            else return mid;
        }
        return -(lo + 1);
    }

    @SuppressWarnings("unchecked")
    public static <T> Iterator<T> emptyIterator() {
        return new Iterator<T>() {
            public boolean hasNext() { return false; }
            public T next() { throw new NoSuchElementException(); }
        };
    }

    @SuppressWarnings("unchecked")
    public static <T> List<T> emptyList() { return (List<T>) EMPTY_LIST; }
    @SuppressWarnings("unchecked")
    public static <T> Set<T> emptySet() { return (Set<T>) EMPTY_SET; }
    @SuppressWarnings("unchecked")
    public static <K, V> Map<K, V> emptyMap() { return (Map<K, V>) EMPTY_MAP; }
    public static <T> List<T> singletonList(T o) { return ImmutableCollections.listOf(new Object[] {o}, true); }
    public static <T> Set<T> singleton(T o) { return ImmutableCollections.setOf(new Object[] {o}, true); }
    public static <K, V> Map<K, V> singletonMap(K k, V v) {
        HashMap<K, V> m = new HashMap<>();
        m.put(k, v);
        return unmodifiableMap(m);
    }

    public static <T> Collection<T> unmodifiableCollection(Collection<? extends T> c) {
        return new AbstractCollection<T>() {
            public Iterator<T> iterator() { return unmodifiableIterator(c.iterator()); }
            public int size() { return c.size(); }
            public boolean contains(Object o) { return c.contains(o); }
            public String toString() { return c.toString(); }
        };
    }

    static <T> Iterator<T> unmodifiableIterator(Iterator<? extends T> i) {
        return new Iterator<T>() {
            public boolean hasNext() { return i.hasNext(); }
            public T next() { return i.next(); }
        };
    }

    public static <T> List<T> unmodifiableList(List<? extends T> list) {
        return new AbstractList<T>() {
            public T get(int i) { return list.get(i); }
            public int size() { return list.size(); }
            public boolean contains(Object o) { return list.contains(o); }
            public int indexOf(Object o) { return list.indexOf(o); }
        };
    }

    public static <T> Set<T> unmodifiableSet(Set<? extends T> s) {
        return new AbstractSet<T>() {
            public Iterator<T> iterator() { return unmodifiableIterator(s.iterator()); }
            public int size() { return s.size(); }
            public boolean contains(Object o) { return s.contains(o); }
        };
    }

    public static <K, V> Map<K, V> unmodifiableMap(Map<? extends K, ? extends V> m) {
        return new AbstractMap<K, V>() {
            @SuppressWarnings("unchecked")
            public Set<Map.Entry<K, V>> entrySet() {
                Set<Map.Entry<K, V>> es = (Set<Map.Entry<K, V>>) (Set<?>) m.entrySet();
                return new AbstractSet<Map.Entry<K, V>>() {
                    public Iterator<Map.Entry<K, V>> iterator() {
                        Iterator<Map.Entry<K, V>> i = es.iterator();
                        return new Iterator<Map.Entry<K, V>>() {
                            public boolean hasNext() { return i.hasNext(); }
                            public Map.Entry<K, V> next() {
                                Map.Entry<K, V> e = i.next();
                                return new AbstractMap.SimpleImmutableEntry<>(e.getKey(), e.getValue());
                            }
                        };
                    }
                    public int size() { return es.size(); }
                };
            }
            public V get(Object k) { return m.get(k); }
            public boolean containsKey(Object k) { return m.containsKey(k); }
            public int size() { return m.size(); }
        };
    }

    // --------------------------------------------------- synchronized views

    /** A collection whose every method holds the monitor of `mutex` (iterating needs the caller to hold it). */
    static class SyncCollection<E> implements Collection<E>, java.io.Serializable {
        final Collection<E> c;
        final Object mutex;

        SyncCollection(Collection<E> c) {
            this.c = Objects.requireNonNull(c);
            mutex = this;
        }

        public int size() { synchronized (mutex) { return c.size(); } }
        public boolean isEmpty() { synchronized (mutex) { return c.isEmpty(); } }
        public boolean contains(Object o) { synchronized (mutex) { return c.contains(o); } }
        public Object[] toArray() { synchronized (mutex) { return c.toArray(); } }
        public <T> T[] toArray(T[] a) { synchronized (mutex) { return c.toArray(a); } }
        public Iterator<E> iterator() { return c.iterator(); }
        public boolean add(E e) { synchronized (mutex) { return c.add(e); } }
        public boolean remove(Object o) { synchronized (mutex) { return c.remove(o); } }
        public boolean containsAll(Collection<?> coll) { synchronized (mutex) { return c.containsAll(coll); } }
        public boolean addAll(Collection<? extends E> coll) { synchronized (mutex) { return c.addAll(coll); } }
        public boolean removeAll(Collection<?> coll) { synchronized (mutex) { return c.removeAll(coll); } }
        public boolean retainAll(Collection<?> coll) { synchronized (mutex) { return c.retainAll(coll); } }
        public void clear() { synchronized (mutex) { c.clear(); } }
        public String toString() { synchronized (mutex) { return c.toString(); } }
        public void forEach(java.util.function.Consumer<? super E> action) { synchronized (mutex) { c.forEach(action); } }
        public boolean removeIf(java.util.function.Predicate<? super E> filter) { synchronized (mutex) { return c.removeIf(filter); } }
    }

    static class SyncSet<E> extends SyncCollection<E> implements Set<E> {
        SyncSet(Set<E> s) { super(s); }
        public boolean equals(Object o) {
            if (this == o) return true;
            synchronized (mutex) { return c.equals(o); }
        }
        public int hashCode() { synchronized (mutex) { return c.hashCode(); } }
    }

    static class SyncList<E> extends SyncCollection<E> implements List<E> {
        final List<E> list;

        SyncList(List<E> list) {
            super(list);
            this.list = list;
        }

        public boolean equals(Object o) {
            if (this == o) return true;
            synchronized (mutex) { return list.equals(o); }
        }
        public int hashCode() { synchronized (mutex) { return list.hashCode(); } }
        public E get(int index) { synchronized (mutex) { return list.get(index); } }
        public E set(int index, E element) { synchronized (mutex) { return list.set(index, element); } }
        public void add(int index, E element) { synchronized (mutex) { list.add(index, element); } }
        public E remove(int index) { synchronized (mutex) { return list.remove(index); } }
        public int indexOf(Object o) { synchronized (mutex) { return list.indexOf(o); } }
        public int lastIndexOf(Object o) { synchronized (mutex) { return list.lastIndexOf(o); } }
        public boolean addAll(int index, Collection<? extends E> coll) { synchronized (mutex) { return list.addAll(index, coll); } }
        public ListIterator<E> listIterator() { return list.listIterator(); }
        public ListIterator<E> listIterator(int index) { return list.listIterator(index); }
        public List<E> subList(int from, int to) { synchronized (mutex) { return new SyncList<>(list.subList(from, to)); } }
        public void replaceAll(java.util.function.UnaryOperator<E> op) { synchronized (mutex) { list.replaceAll(op); } }
        public void sort(Comparator<? super E> cmp) { synchronized (mutex) { list.sort(cmp); } }
    }

    static final class SyncRandomAccessList<E> extends SyncList<E> implements RandomAccess {
        SyncRandomAccessList(List<E> list) { super(list); }
    }

    static class SyncMap<K, V> implements Map<K, V>, java.io.Serializable {
        private final Map<K, V> m;
        final Object mutex;

        SyncMap(Map<K, V> m) {
            this.m = Objects.requireNonNull(m);
            mutex = this;
        }

        public int size() { synchronized (mutex) { return m.size(); } }
        public boolean isEmpty() { synchronized (mutex) { return m.isEmpty(); } }
        public boolean containsKey(Object key) { synchronized (mutex) { return m.containsKey(key); } }
        public boolean containsValue(Object value) { synchronized (mutex) { return m.containsValue(value); } }
        public V get(Object key) { synchronized (mutex) { return m.get(key); } }
        public V put(K key, V value) { synchronized (mutex) { return m.put(key, value); } }
        public V remove(Object key) { synchronized (mutex) { return m.remove(key); } }
        public void putAll(Map<? extends K, ? extends V> map) { synchronized (mutex) { m.putAll(map); } }
        public void clear() { synchronized (mutex) { m.clear(); } }
        public Set<K> keySet() { synchronized (mutex) { return m.keySet(); } }
        public Set<Map.Entry<K, V>> entrySet() { synchronized (mutex) { return m.entrySet(); } }
        public Collection<V> values() { synchronized (mutex) { return m.values(); } }
        public boolean equals(Object o) {
            if (this == o) return true;
            synchronized (mutex) { return m.equals(o); }
        }
        public int hashCode() { synchronized (mutex) { return m.hashCode(); } }
        public String toString() { synchronized (mutex) { return m.toString(); } }
        public V getOrDefault(Object k, V defaultValue) { synchronized (mutex) { return m.getOrDefault(k, defaultValue); } }
        public void forEach(java.util.function.BiConsumer<? super K, ? super V> action) { synchronized (mutex) { m.forEach(action); } }
        public V putIfAbsent(K key, V value) { synchronized (mutex) { return m.putIfAbsent(key, value); } }
        public boolean remove(Object key, Object value) { synchronized (mutex) { return m.remove(key, value); } }
        public V computeIfAbsent(K key, java.util.function.Function<? super K, ? extends V> f) { synchronized (mutex) { return m.computeIfAbsent(key, f); } }
        public V computeIfPresent(K key, java.util.function.BiFunction<? super K, ? super V, ? extends V> f) { synchronized (mutex) { return m.computeIfPresent(key, f); } }
        public V compute(K key, java.util.function.BiFunction<? super K, ? super V, ? extends V> f) { synchronized (mutex) { return m.compute(key, f); } }
        public V merge(K key, V value, java.util.function.BiFunction<? super V, ? super V, ? extends V> f) { synchronized (mutex) { return m.merge(key, value, f); } }
    }

    public static <T> List<T> synchronizedList(List<T> l) {
        return l instanceof RandomAccess ? new SyncRandomAccessList<>(l) : new SyncList<>(l);
    }
    public static <T> Set<T> synchronizedSet(Set<T> s) { return new SyncSet<>(s); }
    public static <K, V> Map<K, V> synchronizedMap(Map<K, V> m) { return new SyncMap<>(m); }
    public static <T> Collection<T> synchronizedCollection(Collection<T> c) { return new SyncCollection<>(c); }

    // ------------------------------------------------------------- algorithms

    public static void rotate(List<?> list, int distance) {
        int size = list.size();
        if (size == 0) return;
        distance %= size;
        if (distance < 0) distance += size;
        if (distance == 0) return;
        @SuppressWarnings("unchecked")
        List<Object> l = (List<Object>) list;
        Object[] a = l.toArray();
        for (int i = 0; i < size; i++) l.set((i + distance) % size, a[i]);
    }

    public static boolean disjoint(Collection<?> c1, Collection<?> c2) {
        for (Object e : c1) if (c2.contains(e)) return false;
        return true;
    }

    public static <T> void copy(List<? super T> dest, List<? extends T> src) {
        int n = src.size();
        if (n > dest.size()) throw new IndexOutOfBoundsException("Source does not fit in dest");
        for (int i = 0; i < n; i++) dest.set(i, src.get(i));
    }

    public static int indexOfSubList(List<?> source, List<?> target) {
        int n = source.size(), m = target.size();
        outer:
        for (int i = 0; i + m <= n; i++) {
            for (int j = 0; j < m; j++) if (!Objects.equals(target.get(j), source.get(i + j))) continue outer;
            return i;
        }
        return -1;
    }

    public static int lastIndexOfSubList(List<?> source, List<?> target) {
        int n = source.size(), m = target.size();
        outer:
        for (int i = n - m; i >= 0; i--) {
            for (int j = 0; j < m; j++) if (!Objects.equals(target.get(j), source.get(i + j))) continue outer;
            return i;
        }
        return -1;
    }

    public static <T> ListIterator<T> emptyListIterator() { return Collections.<T>emptyList().listIterator(); }

    public static <E> Set<E> newSetFromMap(Map<E, Boolean> map) {
        if (!map.isEmpty()) throw new IllegalArgumentException("Map is non-empty");
        return new AbstractSet<E>() {
            public Iterator<E> iterator() { return map.keySet().iterator(); }
            public int size() { return map.size(); }
            public boolean contains(Object o) { return map.containsKey(o); }
            public boolean add(E e) { return map.put(e, Boolean.TRUE) == null; }
            public boolean remove(Object o) { return map.remove(o) != null; }
            public void clear() { map.clear(); }
        };
    }

    public static <T> Enumeration<T> enumeration(Collection<T> c) {
        Iterator<T> it = c.iterator();
        return new Enumeration<T>() {
            public boolean hasMoreElements() { return it.hasNext(); }
            public T nextElement() { return it.next(); }
        };
    }

    public static <T> ArrayList<T> list(Enumeration<T> e) {
        ArrayList<T> l = new ArrayList<>();
        while (e.hasMoreElements()) l.add(e.nextElement());
        return l;
    }

    public static <T> Enumeration<T> emptyEnumeration() { return enumeration(Collections.<T>emptyList()); }
}
