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

    public static <T> List<T> synchronizedList(List<T> l) { return l; }
    public static <T> Set<T> synchronizedSet(Set<T> s) { return s; }
    public static <K, V> Map<K, V> synchronizedMap(Map<K, V> m) { return m; }
    public static <T> Collection<T> synchronizedCollection(Collection<T> c) { return c; }
}
