package java.util;

/**
 * A sorted map: a treap (a binary search tree balanced by pseudo-random
 * priorities), with expected logarithmic operations. Views (keySet,
 * entrySet, values, headMap, ...) iterate over a snapshot; iterator
 * removal goes to the map. Sub-maps are copies, not views.
 */
public class TreeMap<K, V> extends AbstractMap<K, V> implements NavigableMap<K, V>, Cloneable, java.io.Serializable {
    static final class Entry<K, V> implements Map.Entry<K, V> {
        K key;
        V value;
        Entry<K, V> left, right;
        final int prio;

        Entry(K key, V value, int prio) {
            this.key = key;
            this.value = value;
            this.prio = prio;
        }

        public K getKey() { return key; }
        public V getValue() { return value; }
        public V setValue(V v) { V old = value; value = v; return old; }
        public boolean equals(Object o) {
            if (!(o instanceof Map.Entry)) return false;
            Map.Entry<?, ?> e = (Map.Entry<?, ?>) o;
            return Objects.equals(key, e.getKey()) && Objects.equals(value, e.getValue());
        }
        public int hashCode() { return Objects.hashCode(key) ^ Objects.hashCode(value); }
        public String toString() { return key + "=" + value; }
    }

    private final Comparator<? super K> comparator;
    private Entry<K, V> root;
    private int size;
    private int modCount;
    private int seed = 0x2545f491;

    public TreeMap() { comparator = null; }
    public TreeMap(Comparator<? super K> c) { comparator = c; }
    public TreeMap(Map<? extends K, ? extends V> m) {
        comparator = null;
        putAll(m);
    }
    public TreeMap(SortedMap<K, ? extends V> m) {
        comparator = m.comparator();
        putAll(m);
    }

    private int nextPrio() {
        int x = seed;
        x ^= x << 13;
        x ^= x >>> 17;
        x ^= x << 5;
        seed = x;
        return x;
    }

    @SuppressWarnings("unchecked")
    final int compare(Object a, Object b) {
        if (comparator != null) return comparator.compare((K) a, (K) b);
        return ((Comparable<Object>) a).compareTo(b);
    }

    public Comparator<? super K> comparator() { return comparator; }
    public int size() { return size; }

    final Entry<K, V> getEntry(Object key) {
        if (key == null && comparator == null) throw new NullPointerException();
        Entry<K, V> p = root;
        while (p != null) {
            int c = compare(key, p.key);
            if (c < 0) p = p.left;
            else if (c > 0) p = p.right;
            else return p;
        }
        return null;
    }

    public V get(Object key) {
        Entry<K, V> e = getEntry(key);
        return e == null ? null : e.value;
    }

    public boolean containsKey(Object key) { return getEntry(key) != null; }

    private V old;
    private boolean found;

    public V put(K key, V value) {
        if (root == null) compare(key, key); // type and null check
        found = false;
        old = null;
        root = insert(root, key, value);
        V r = old;
        old = null;
        if (!found) {
            size++;
            modCount++;
        }
        return r;
    }

    private Entry<K, V> insert(Entry<K, V> t, K key, V value) {
        if (t == null) return new Entry<>(key, value, nextPrio());
        int c = compare(key, t.key);
        if (c == 0) {
            found = true;
            old = t.value;
            t.value = value;
            return t;
        }
        if (c < 0) {
            t.left = insert(t.left, key, value);
            if (t.left.prio > t.prio) t = rotateRight(t);
        } else {
            t.right = insert(t.right, key, value);
            if (t.right.prio > t.prio) t = rotateLeft(t);
        }
        return t;
    }

    private static <K, V> Entry<K, V> rotateRight(Entry<K, V> t) {
        Entry<K, V> l = t.left;
        t.left = l.right;
        l.right = t;
        return l;
    }

    private static <K, V> Entry<K, V> rotateLeft(Entry<K, V> t) {
        Entry<K, V> r = t.right;
        t.right = r.left;
        r.left = t;
        return r;
    }

    public V remove(Object key) {
        Entry<K, V> e = getEntry(key);
        if (e == null) return null;
        V v = e.value;
        root = delete(root, key);
        size--;
        modCount++;
        return v;
    }

    private Entry<K, V> delete(Entry<K, V> t, Object key) {
        if (t == null) return null;
        int c = compare(key, t.key);
        if (c < 0) t.left = delete(t.left, key);
        else if (c > 0) t.right = delete(t.right, key);
        else return merge(t.left, t.right);
        return t;
    }

    private Entry<K, V> merge(Entry<K, V> a, Entry<K, V> b) {
        if (a == null) return b;
        if (b == null) return a;
        if (a.prio > b.prio) {
            a.right = merge(a.right, b);
            return a;
        }
        b.left = merge(a, b.left);
        return b;
    }

    public void clear() {
        root = null;
        size = 0;
        modCount++;
    }

    // ------------------------------------------------------------ navigation

    public Map.Entry<K, V> firstEntry() {
        Entry<K, V> p = root;
        if (p == null) return null;
        while (p.left != null) p = p.left;
        return p;
    }

    public Map.Entry<K, V> lastEntry() {
        Entry<K, V> p = root;
        if (p == null) return null;
        while (p.right != null) p = p.right;
        return p;
    }

    private static <K> K key(Map.Entry<K, ?> e) {
        if (e == null) throw new NoSuchElementException();
        return e.getKey();
    }

    private static <K> K keyOrNull(Map.Entry<K, ?> e) { return e == null ? null : e.getKey(); }

    public K firstKey() { return key(firstEntry()); }
    public K lastKey() { return key(lastEntry()); }

    /** The greatest entry below (or at, if inclusive) key. */
    private Entry<K, V> below(Object key, boolean inclusive) {
        Entry<K, V> p = root, best = null;
        while (p != null) {
            int c = compare(key, p.key);
            if (c > 0 || (c == 0 && inclusive)) {
                best = p;
                if (c == 0) return p;
                p = p.right;
            } else {
                p = p.left;
            }
        }
        return best;
    }

    /** The least entry above (or at, if inclusive) key. */
    private Entry<K, V> above(Object key, boolean inclusive) {
        Entry<K, V> p = root, best = null;
        while (p != null) {
            int c = compare(key, p.key);
            if (c < 0 || (c == 0 && inclusive)) {
                best = p;
                if (c == 0) return p;
                p = p.left;
            } else {
                p = p.right;
            }
        }
        return best;
    }

    public Map.Entry<K, V> lowerEntry(K key) { return below(key, false); }
    public Map.Entry<K, V> floorEntry(K key) { return below(key, true); }
    public Map.Entry<K, V> ceilingEntry(K key) { return above(key, true); }
    public Map.Entry<K, V> higherEntry(K key) { return above(key, false); }
    public K lowerKey(K key) { return keyOrNull(below(key, false)); }
    public K floorKey(K key) { return keyOrNull(below(key, true)); }
    public K ceilingKey(K key) { return keyOrNull(above(key, true)); }
    public K higherKey(K key) { return keyOrNull(above(key, false)); }

    public Map.Entry<K, V> pollFirstEntry() {
        Map.Entry<K, V> e = firstEntry();
        if (e == null) return null;
        Map.Entry<K, V> copy = new AbstractMap.SimpleImmutableEntry<>(e.getKey(), e.getValue());
        remove(e.getKey());
        return copy;
    }

    public Map.Entry<K, V> pollLastEntry() {
        Map.Entry<K, V> e = lastEntry();
        if (e == null) return null;
        Map.Entry<K, V> copy = new AbstractMap.SimpleImmutableEntry<>(e.getKey(), e.getValue());
        remove(e.getKey());
        return copy;
    }

    // ----------------------------------------------------------------- views

    /** The entries in order (or reversed). */
    final ArrayList<Entry<K, V>> entries(boolean reversed) {
        ArrayList<Entry<K, V>> out = new ArrayList<>(size);
        ArrayList<Entry<K, V>> stack = new ArrayList<>();
        Entry<K, V> p = root;
        while (p != null || !stack.isEmpty()) {
            while (p != null) {
                stack.add(p);
                p = reversed ? p.right : p.left;
            }
            p = stack.remove(stack.size() - 1);
            out.add(p);
            p = reversed ? p.left : p.right;
        }
        return out;
    }

    private final class It<T> implements Iterator<T> {
        private final ArrayList<Entry<K, V>> list;
        private final int what; // 0 keys, 1 values, 2 entries
        private int i;
        private Entry<K, V> last;
        private int expected = modCount;

        It(int what, boolean reversed) {
            this.what = what;
            this.list = entries(reversed);
        }

        public boolean hasNext() { return i < list.size(); }

        @SuppressWarnings("unchecked")
        public T next() {
            if (modCount != expected) throw new ConcurrentModificationException();
            if (i >= list.size()) throw new NoSuchElementException();
            last = list.get(i++);
            return (T) (what == 0 ? last.key : what == 1 ? last.value : last);
        }

        public void remove() {
            if (last == null) throw new IllegalStateException();
            if (modCount != expected) throw new ConcurrentModificationException();
            TreeMap.this.remove(last.key);
            last = null;
            expected = modCount;
        }
    }

    private final class KeySet extends AbstractSet<K> implements NavigableSet<K> {
        private final boolean reversed;
        KeySet(boolean reversed) { this.reversed = reversed; }
        public Iterator<K> iterator() { return new It<K>(0, reversed); }
        public int size() { return size; }
        public boolean contains(Object o) { return containsKey(o); }
        public boolean remove(Object o) {
            if (!containsKey(o)) return false;
            TreeMap.this.remove(o);
            return true;
        }
        public void clear() { TreeMap.this.clear(); }
        public Comparator<? super K> comparator() { return comparator; }
        public K first() { return reversed ? lastKey() : firstKey(); }
        public K last() { return reversed ? firstKey() : lastKey(); }
        public K lower(K k) { return reversed ? higherKey(k) : lowerKey(k); }
        public K floor(K k) { return reversed ? ceilingKey(k) : floorKey(k); }
        public K ceiling(K k) { return reversed ? floorKey(k) : ceilingKey(k); }
        public K higher(K k) { return reversed ? lowerKey(k) : higherKey(k); }
        public K pollFirst() { return keyOrNull(reversed ? pollLastEntry() : pollFirstEntry()); }
        public K pollLast() { return keyOrNull(reversed ? pollFirstEntry() : pollLastEntry()); }
        public NavigableSet<K> descendingSet() { return new KeySet(!reversed); }
        public Iterator<K> descendingIterator() { return new It<K>(0, !reversed); }
        public SortedSet<K> headSet(K to) { return new TreeSet<>(headMap(to).keySet()); }
        public SortedSet<K> tailSet(K from) { return new TreeSet<>(tailMap(from).keySet()); }
        public SortedSet<K> subSet(K from, K to) { return new TreeSet<>(subMap(from, to).keySet()); }
    }

    public Set<K> keySet() { return new KeySet(false); }
    public NavigableSet<K> navigableKeySet() { return new KeySet(false); }
    public NavigableSet<K> descendingKeySet() { return new KeySet(true); }

    public Collection<V> values() {
        return new AbstractCollection<V>() {
            public Iterator<V> iterator() { return new It<V>(1, false); }
            public int size() { return size; }
            public void clear() { TreeMap.this.clear(); }
        };
    }

    public Set<Map.Entry<K, V>> entrySet() {
        return new AbstractSet<Map.Entry<K, V>>() {
            public Iterator<Map.Entry<K, V>> iterator() { return new It<Map.Entry<K, V>>(2, false); }
            public int size() { return size; }
            public void clear() { TreeMap.this.clear(); }
        };
    }

    public NavigableMap<K, V> descendingMap() {
        TreeMap<K, V> m = new TreeMap<>(Collections.reverseOrder(comparator));
        m.putAll(this);
        return m;
    }

    private TreeMap<K, V> range(K from, boolean fromIn, K to, boolean toIn, boolean hasFrom, boolean hasTo) {
        TreeMap<K, V> m = new TreeMap<>(comparator);
        for (Entry<K, V> e : entries(false)) {
            if (hasFrom) {
                int c = compare(e.key, from);
                if (c < 0 || (c == 0 && !fromIn)) continue;
            }
            if (hasTo) {
                int c = compare(e.key, to);
                if (c > 0 || (c == 0 && !toIn)) continue;
            }
            m.put(e.key, e.value);
        }
        return m;
    }

    public SortedMap<K, V> headMap(K to) { return range(null, false, to, false, false, true); }
    public NavigableMap<K, V> headMap(K to, boolean inclusive) { return range(null, false, to, inclusive, false, true); }
    public SortedMap<K, V> tailMap(K from) { return range(from, true, null, false, true, false); }
    public NavigableMap<K, V> tailMap(K from, boolean inclusive) { return range(from, inclusive, null, false, true, false); }
    public SortedMap<K, V> subMap(K from, K to) { return range(from, true, to, false, true, true); }
    public NavigableMap<K, V> subMap(K from, boolean fi, K to, boolean ti) { return range(from, fi, to, ti, true, true); }

    public Object clone() {
        TreeMap<K, V> m = new TreeMap<>(comparator);
        m.putAll(this);
        return m;
    }
}
