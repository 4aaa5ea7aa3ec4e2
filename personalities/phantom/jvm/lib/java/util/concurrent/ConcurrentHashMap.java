package java.util.concurrent;

import java.util.AbstractCollection;
import java.util.AbstractMap;
import java.util.AbstractSet;
import java.util.Collection;
import java.util.Iterator;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.Set;
import java.util.function.BiConsumer;
import java.util.function.BiFunction;
import java.util.function.Function;

/**
 * A hash map for many threads: every operation holds the map's monitor,
 * iterators are weakly consistent (they never throw
 * ConcurrentModificationException). The table grows as the JDK's does
 * (same sizes, same order of keys within a bin after a split), so maps
 * iterate in the JDK's order; bins are never turned into trees, which only
 * matters when eight or more keys share a bin of a large table.
 */
public class ConcurrentHashMap<K, V> extends AbstractMap<K, V> implements ConcurrentMap<K, V>, java.io.Serializable {
    private static final int MAXIMUM_CAPACITY = 1 << 30;
    private static final int DEFAULT_CAPACITY = 16;
    private static final int TREEIFY_THRESHOLD = 8;
    private static final int MIN_TREEIFY_CAPACITY = 64;

    static final class Node<K, V> {
        final int hash;
        final K key;
        V val;
        Node<K, V> next;

        Node(int hash, K key, V val, Node<K, V> next) {
            this.hash = hash;
            this.key = key;
            this.val = val;
            this.next = next;
        }
    }

    private Node<K, V>[] table;
    /** Before the table exists: its size (0: the default); after: the count at which it grows. */
    private int sizeCtl;
    private long count;

    private transient KeySetView<K, V> keySet;

    public ConcurrentHashMap() {}

    public ConcurrentHashMap(int initialCapacity) { this(initialCapacity, 0.75f, 1); }

    public ConcurrentHashMap(int initialCapacity, float loadFactor) { this(initialCapacity, loadFactor, 1); }

    public ConcurrentHashMap(int initialCapacity, float loadFactor, int concurrencyLevel) {
        if (!(loadFactor > 0.0f) || initialCapacity < 0 || concurrencyLevel <= 0) throw new IllegalArgumentException();
        if (initialCapacity < concurrencyLevel) initialCapacity = concurrencyLevel;
        long size = (long) (1.0 + (long) initialCapacity / loadFactor);
        sizeCtl = (size >= (long) MAXIMUM_CAPACITY) ? MAXIMUM_CAPACITY : tableSizeFor((int) size);
    }

    public ConcurrentHashMap(Map<? extends K, ? extends V> m) {
        sizeCtl = DEFAULT_CAPACITY;
        putAll(m);
    }

    static int spread(int h) { return (h ^ (h >>> 16)) & 0x7fffffff; }

    private static int tableSizeFor(int c) {
        int n = -1 >>> Integer.numberOfLeadingZeros(c - 1);
        return (n < 0) ? 1 : (n >= MAXIMUM_CAPACITY) ? MAXIMUM_CAPACITY : n + 1;
    }

    @SuppressWarnings("unchecked")
    private Node<K, V>[] initTable() {
        if (table == null) {
            int n = sizeCtl > 0 ? sizeCtl : DEFAULT_CAPACITY;
            table = (Node<K, V>[]) new Node<?, ?>[n];
            sizeCtl = n - (n >>> 2);
        }
        return table;
    }

    /** Doubles the table; each bin splits into the keys that stay and those that move up by the old size. */
    @SuppressWarnings("unchecked")
    private void grow() {
        Node<K, V>[] tab = table;
        int n = tab.length;
        Node<K, V>[] nt = (Node<K, V>[]) new Node<?, ?>[n << 1];
        for (int i = n - 1; i >= 0; i--) {
            Node<K, V> f = tab[i];
            if (f == null) continue;
            // The longest tail going to one side is kept as it is; the nodes
            // before it are copied, each in front of its side's list.
            int runBit = f.hash & n;
            Node<K, V> lastRun = f;
            for (Node<K, V> p = f.next; p != null; p = p.next) {
                int b = p.hash & n;
                if (b != runBit) {
                    runBit = b;
                    lastRun = p;
                }
            }
            Node<K, V> ln = runBit == 0 ? lastRun : null;
            Node<K, V> hn = runBit == 0 ? null : lastRun;
            for (Node<K, V> p = f; p != lastRun; p = p.next) {
                if ((p.hash & n) == 0) ln = new Node<>(p.hash, p.key, p.val, ln);
                else hn = new Node<>(p.hash, p.key, p.val, hn);
            }
            nt[i] = ln;
            nt[i + n] = hn;
        }
        table = nt;
        sizeCtl = (n << 1) - (n >>> 1);
    }

    /** Makes the table big enough for `size` mappings. */
    @SuppressWarnings("unchecked")
    private void presize(int size) {
        int c = (size >= (MAXIMUM_CAPACITY >>> 1)) ? MAXIMUM_CAPACITY : tableSizeFor(size + (size >>> 1) + 1);
        while (true) {
            int sc = sizeCtl;
            if (table == null) {
                int n = (sc > c) ? sc : c;
                table = (Node<K, V>[]) new Node<?, ?>[n];
                sizeCtl = n - (n >>> 2);
            } else if (c <= sc || table.length >= MAXIMUM_CAPACITY) {
                break;
            } else {
                grow();
            }
        }
    }

    /** After a bin reached `binCount` nodes: a small table grows (where the JDK would make a tree of a large one's bin). */
    private void longBin(int binCount) {
        if (binCount >= TREEIFY_THRESHOLD && table.length < MIN_TREEIFY_CAPACITY) presize(table.length << 1);
    }

    private void added() {
        count++;
        while (count >= (long) sizeCtl && table.length < MAXIMUM_CAPACITY) grow();
    }

    private Node<K, V> find(Object key) {
        int h = spread(key.hashCode());
        Node<K, V>[] tab = table;
        if (tab == null) return null;
        for (Node<K, V> e = tab[(tab.length - 1) & h]; e != null; e = e.next) {
            if (e.hash == h && (e.key == key || key.equals(e.key))) return e;
        }
        return null;
    }

    /** Adds key -> value at the end of its bin, or (unless onlyIfAbsent) replaces its value; returns the old value. */
    private V putVal(K key, V value, boolean onlyIfAbsent) {
        if (key == null || value == null) throw new NullPointerException();
        int h = spread(key.hashCode());
        Node<K, V>[] tab = table == null ? initTable() : table;
        int i = (tab.length - 1) & h;
        Node<K, V> f = tab[i];
        if (f == null) {
            tab[i] = new Node<>(h, key, value, null);
            added();
            return null;
        }
        int binCount = 1;
        V old = null;
        for (Node<K, V> e = f;; binCount++) {
            if (e.hash == h && (e.key == key || key.equals(e.key))) {
                old = e.val;
                if (!onlyIfAbsent) e.val = value;
                break;
            }
            if (e.next == null) {
                e.next = new Node<>(h, key, value, null);
                break;
            }
            e = e.next;
        }
        longBin(binCount);
        if (old != null) return old;
        added();
        return null;
    }

    /** Removes key's mapping if its value is `expect` (any when null); with a non-null `value`, replaces instead. */
    private V replaceNode(Object key, V value, Object expect) {
        int h = spread(key.hashCode());
        Node<K, V>[] tab = table;
        if (tab == null) return null;
        int i = (tab.length - 1) & h;
        for (Node<K, V> e = tab[i], pred = null; e != null; pred = e, e = e.next) {
            if (e.hash == h && (e.key == key || key.equals(e.key))) {
                V ev = e.val;
                if (expect != null && expect != ev && !expect.equals(ev)) return null;
                if (value != null) {
                    e.val = value;
                } else {
                    if (pred == null) tab[i] = e.next;
                    else pred.next = e.next;
                    count--;
                }
                return ev;
            }
        }
        return null;
    }

    // ------------------------------------------------------------------- Map

    public synchronized int size() { return count > Integer.MAX_VALUE ? Integer.MAX_VALUE : (int) count; }
    public synchronized boolean isEmpty() { return count <= 0; }
    public synchronized long mappingCount() { return count; }

    public synchronized V get(Object key) {
        Node<K, V> e = find(key);
        return e == null ? null : e.val;
    }

    public synchronized boolean containsKey(Object key) { return find(key) != null; }

    public synchronized boolean containsValue(Object value) {
        if (value == null) throw new NullPointerException();
        Node<K, V>[] tab = table;
        if (tab != null) {
            for (Node<K, V> b : tab) {
                for (Node<K, V> e = b; e != null; e = e.next) if (e.val == value || value.equals(e.val)) return true;
            }
        }
        return false;
    }

    public boolean contains(Object value) { return containsValue(value); }

    public synchronized V put(K key, V value) { return putVal(key, value, false); }

    public synchronized void putAll(Map<? extends K, ? extends V> m) {
        presize(m.size());
        for (Map.Entry<? extends K, ? extends V> e : m.entrySet()) putVal(e.getKey(), e.getValue(), false);
    }

    public synchronized V remove(Object key) { return replaceNode(key, null, null); }

    public synchronized void clear() {
        Node<K, V>[] tab = table;
        if (tab != null) for (int i = 0; i < tab.length; i++) tab[i] = null;
        count = 0;
    }

    public synchronized V putIfAbsent(K key, V value) { return putVal(key, value, true); }

    public synchronized boolean remove(Object key, Object value) {
        if (key == null) throw new NullPointerException();
        return value != null && replaceNode(key, null, value) != null;
    }

    public synchronized boolean replace(K key, V oldValue, V newValue) {
        if (key == null || oldValue == null || newValue == null) throw new NullPointerException();
        return replaceNode(key, newValue, oldValue) != null;
    }

    public synchronized V replace(K key, V value) {
        if (key == null || value == null) throw new NullPointerException();
        return replaceNode(key, value, null);
    }

    public synchronized V getOrDefault(Object key, V defaultValue) {
        V v = get(key);
        return v == null ? defaultValue : v;
    }

    public void forEach(BiConsumer<? super K, ? super V> action) {
        if (action == null) throw new NullPointerException();
        for (Iterator<Node<K, V>> it = new NodeIterator(); it.hasNext();) {
            Node<K, V> e = it.next();
            action.accept(e.key, e.val);
        }
    }

    public void replaceAll(BiFunction<? super K, ? super V, ? extends V> f) {
        if (f == null) throw new NullPointerException();
        for (Iterator<Node<K, V>> it = new NodeIterator(); it.hasNext();) {
            Node<K, V> e = it.next();
            V nv = f.apply(e.key, e.val);
            if (nv == null) throw new NullPointerException();
            synchronized (this) {
                if (find(e.key) != null) replaceNode(e.key, nv, null);
            }
        }
    }

    public synchronized V computeIfAbsent(K key, Function<? super K, ? extends V> f) {
        if (key == null || f == null) throw new NullPointerException();
        Node<K, V> e = find(key);
        if (e != null) return e.val;
        V v = f.apply(key);
        if (v == null) return null;
        e = find(key);
        if (e != null) return e.val;
        putVal(key, v, false);
        return v;
    }

    public synchronized V computeIfPresent(K key, BiFunction<? super K, ? super V, ? extends V> f) {
        if (key == null || f == null) throw new NullPointerException();
        Node<K, V> e = find(key);
        if (e == null) return null;
        V v = f.apply(key, e.val);
        if (v == null) replaceNode(key, null, null);
        else e.val = v;
        return v;
    }

    public synchronized V compute(K key, BiFunction<? super K, ? super V, ? extends V> f) {
        if (key == null || f == null) throw new NullPointerException();
        Node<K, V> e = find(key);
        V v = f.apply(key, e == null ? null : e.val);
        if (e != null) {
            if (v == null) replaceNode(key, null, null);
            else e.val = v;
        } else if (v != null) {
            putVal(key, v, false);
        }
        return v;
    }

    public synchronized V merge(K key, V value, BiFunction<? super V, ? super V, ? extends V> f) {
        if (key == null || value == null || f == null) throw new NullPointerException();
        Node<K, V> e = find(key);
        if (e == null) {
            putVal(key, value, false);
            return value;
        }
        V v = f.apply(e.val, value);
        if (v == null) replaceNode(key, null, null);
        else e.val = v;
        return v;
    }

    /** Runs sequentially whatever the threshold. */
    public void forEach(long parallelismThreshold, BiConsumer<? super K, ? super V> action) { forEach(action); }

    // ----------------------------------------------------------------- views

    /** The nodes of the table as it was when the walk began, bin by bin. */
    private final class NodeIterator implements Iterator<Node<K, V>> {
        private final Node<K, V>[] tab;
        private int index;
        private Node<K, V> next;
        private Node<K, V> last;

        NodeIterator() {
            synchronized (ConcurrentHashMap.this) {
                tab = table;
            }
            advance();
        }

        private void advance() {
            if (next != null) next = next.next;
            while (next == null && tab != null && index < tab.length) next = tab[index++];
        }

        public boolean hasNext() { return next != null; }

        public Node<K, V> next() {
            Node<K, V> e = next;
            if (e == null) throw new NoSuchElementException();
            last = e;
            synchronized (ConcurrentHashMap.this) {
                advance();
            }
            return e;
        }

        public void remove() {
            if (last == null) throw new IllegalStateException();
            ConcurrentHashMap.this.remove(last.key);
            last = null;
        }
    }

    /** An entry of an iteration: setValue writes through to the map. */
    private final class MapEntry implements Map.Entry<K, V> {
        private final K key;
        private V val;

        MapEntry(K key, V val) {
            this.key = key;
            this.val = val;
        }

        public K getKey() { return key; }
        public V getValue() { return val; }

        public V setValue(V value) {
            if (value == null) throw new NullPointerException();
            V v = val;
            val = value;
            put(key, value);
            return v;
        }

        public boolean equals(Object o) {
            if (!(o instanceof Map.Entry)) return false;
            Map.Entry<?, ?> e = (Map.Entry<?, ?>) o;
            Object k = e.getKey(), v = e.getValue();
            return k != null && v != null && (k == key || k.equals(key)) && (v == val || v.equals(val));
        }

        public int hashCode() { return key.hashCode() ^ val.hashCode(); }
        public String toString() { return key + "=" + val; }
    }

    public KeySetView<K, V> keySet() {
        KeySetView<K, V> ks = keySet;
        if (ks == null) keySet = ks = new KeySetView<K, V>(this, null);
        return ks;
    }

    public KeySetView<K, V> keySet(V mappedValue) {
        if (mappedValue == null) throw new NullPointerException();
        return new KeySetView<K, V>(this, mappedValue);
    }

    public static <K> KeySetView<K, Boolean> newKeySet() { return new KeySetView<K, Boolean>(new ConcurrentHashMap<K, Boolean>(), Boolean.TRUE); }

    public static <K> KeySetView<K, Boolean> newKeySet(int initialCapacity) {
        return new KeySetView<K, Boolean>(new ConcurrentHashMap<K, Boolean>(initialCapacity), Boolean.TRUE);
    }

    Iterator<K> keyIterator() {
        NodeIterator it = new NodeIterator();
        return new Iterator<K>() {
            public boolean hasNext() { return it.hasNext(); }
            public K next() { return it.next().key; }
            public void remove() { it.remove(); }
        };
    }

    public Collection<V> values() {
        return new AbstractCollection<V>() {
            public Iterator<V> iterator() {
                NodeIterator it = new NodeIterator();
                return new Iterator<V>() {
                    public boolean hasNext() { return it.hasNext(); }
                    public V next() { return it.next().val; }
                    public void remove() { it.remove(); }
                };
            }

            public int size() { return ConcurrentHashMap.this.size(); }
            public boolean contains(Object o) { return o != null && containsValue(o); }
            public void clear() { ConcurrentHashMap.this.clear(); }
            public boolean add(V v) { throw new UnsupportedOperationException(); }
        };
    }

    public Set<Map.Entry<K, V>> entrySet() {
        return new AbstractSet<Map.Entry<K, V>>() {
            public Iterator<Map.Entry<K, V>> iterator() {
                NodeIterator it = new NodeIterator();
                return new Iterator<Map.Entry<K, V>>() {
                    public boolean hasNext() { return it.hasNext(); }

                    public Map.Entry<K, V> next() {
                        Node<K, V> e = it.next();
                        return new MapEntry(e.key, e.val);
                    }

                    public void remove() { it.remove(); }
                };
            }

            public int size() { return ConcurrentHashMap.this.size(); }

            public boolean contains(Object o) {
                if (!(o instanceof Map.Entry)) return false;
                Map.Entry<?, ?> e = (Map.Entry<?, ?>) o;
                Object k = e.getKey(), v = e.getValue();
                if (k == null || v == null) return false;
                V r = get(k);
                return r != null && (r == v || v.equals(r));
            }

            public boolean remove(Object o) {
                if (!(o instanceof Map.Entry)) return false;
                Map.Entry<?, ?> e = (Map.Entry<?, ?>) o;
                Object k = e.getKey(), v = e.getValue();
                return k != null && v != null && ConcurrentHashMap.this.remove(k, v);
            }

            public void clear() { ConcurrentHashMap.this.clear(); }
        };
    }

    public int hashCode() {
        int h = 0;
        for (Iterator<Node<K, V>> it = new NodeIterator(); it.hasNext();) {
            Node<K, V> e = it.next();
            h += e.key.hashCode() ^ e.val.hashCode();
        }
        return h;
    }

    public String toString() {
        StringBuilder sb = new StringBuilder("{");
        boolean first = true;
        for (Iterator<Node<K, V>> it = new NodeIterator(); it.hasNext();) {
            Node<K, V> e = it.next();
            if (!first) sb.append(", ");
            first = false;
            sb.append(e.key == this ? "(this Map)" : e.key).append('=').append(e.val == this ? "(this Map)" : e.val);
        }
        return sb.append('}').toString();
    }

    /** The keys of a ConcurrentHashMap as a set; add() maps new keys to the view's value (if it has one). */
    public static final class KeySetView<K, V> extends AbstractSet<K> implements Set<K>, java.io.Serializable {
        private final ConcurrentHashMap<K, V> map;
        private final V value;

        KeySetView(ConcurrentHashMap<K, V> map, V value) {
            this.map = map;
            this.value = value;
        }

        public ConcurrentHashMap<K, V> getMap() { return map; }
        public V getMappedValue() { return value; }
        public int size() { return map.size(); }
        public boolean isEmpty() { return map.isEmpty(); }
        public boolean contains(Object o) { return map.containsKey(o); }
        public boolean remove(Object o) { return map.remove(o) != null; }
        public void clear() { map.clear(); }
        public Iterator<K> iterator() { return map.keyIterator(); }

        public boolean add(K e) {
            if (value == null) throw new UnsupportedOperationException();
            return map.putIfAbsent(e, value) == null;
        }

        public boolean addAll(Collection<? extends K> c) {
            boolean added = false;
            for (K e : c) if (add(e)) added = true;
            return added;
        }
    }
}
