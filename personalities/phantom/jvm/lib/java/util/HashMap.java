package java.util;

import java.util.function.BiConsumer;
import java.util.function.BiFunction;
import java.util.function.Function;

/**
 * Java's HashMap layout (power-of-two table, hash spreading, bucket chains
 * in insertion order, order-preserving resize), so that iteration order is
 * the JDK's for the same keys (without its tree bins).
 */
public class HashMap<K, V> extends AbstractMap<K, V> implements Map<K, V>, Cloneable, java.io.Serializable {
    static class Node<K, V> implements Map.Entry<K, V> {
        final int hash;
        final K key;
        V value;
        Node<K, V> next;
        // LinkedHashMap's order.
        Node<K, V> before, after;

        Node(int hash, K key, V value, Node<K, V> next) {
            this.hash = hash;
            this.key = key;
            this.value = value;
            this.next = next;
        }

        public final K getKey() { return key; }
        public final V getValue() { return value; }
        public final V setValue(V v) { V old = value; value = v; return old; }
        public final String toString() { return key + "=" + value; }
        public final int hashCode() { return Objects.hashCode(key) ^ Objects.hashCode(value); }
        public final boolean equals(Object o) {
            if (o == this) return true;
            if (!(o instanceof Map.Entry)) return false;
            Map.Entry<?, ?> e = (Map.Entry<?, ?>) o;
            return Objects.equals(key, e.getKey()) && Objects.equals(value, e.getValue());
        }
    }

    static final int hash(Object key) {
        int h;
        return (key == null) ? 0 : (h = key.hashCode()) ^ (h >>> 16);
    }

    Node<K, V>[] table;
    int size;
    int modCount;
    int threshold;
    final float loadFactor;

    public HashMap() { this.loadFactor = 0.75f; }

    public HashMap(int initialCapacity) { this(initialCapacity, 0.75f); }

    public HashMap(int initialCapacity, float loadFactor) {
        if (initialCapacity < 0) throw new IllegalArgumentException("Illegal initial capacity: " + initialCapacity);
        this.loadFactor = loadFactor;
        this.threshold = tableSizeFor(initialCapacity);
    }

    public HashMap(Map<? extends K, ? extends V> m) {
        this.loadFactor = 0.75f;
        int s = m.size();
        if (s > 0) {
            float ft = ((float) s / loadFactor) + 1.0F;
            int t = ((ft < (float) (1 << 30)) ? (int) ft : (1 << 30));
            if (t > threshold) threshold = tableSizeFor(t);
        }
        for (Map.Entry<? extends K, ? extends V> e : m.entrySet()) putVal(hash(e.getKey()), e.getKey(), e.getValue(), false);
    }

    static final int tableSizeFor(int cap) {
        int n = -1 >>> Integer.numberOfLeadingZeros(cap - 1);
        return (n < 0) ? 1 : (n >= (1 << 30)) ? (1 << 30) : n + 1;
    }

    public int size() { return size; }
    public boolean isEmpty() { return size == 0; }

    final Node<K, V> getNode(Object key) {
        Node<K, V>[] tab = table;
        if (tab == null) return null;
        int h = hash(key);
        for (Node<K, V> e = tab[(tab.length - 1) & h]; e != null; e = e.next) {
            Object k;
            if (e.hash == h && ((k = e.key) == key || (key != null && key.equals(k)))) return e;
        }
        return null;
    }

    public V get(Object key) {
        Node<K, V> e = getNode(key);
        if (e == null) return null;
        afterAccess(e);
        return e.value;
    }

    public boolean containsKey(Object key) { return getNode(key) != null; }

    public boolean containsValue(Object value) {
        Node<K, V>[] tab = table;
        if (tab != null) {
            for (Node<K, V> b : tab) for (Node<K, V> e = b; e != null; e = e.next) if (Objects.equals(value, e.value)) return true;
        }
        return false;
    }

    public V put(K key, V value) { return putVal(hash(key), key, value, false); }

    Node<K, V> newNode(int hash, K key, V value, Node<K, V> next) { return new Node<>(hash, key, value, next); }
    void afterAccess(Node<K, V> e) {}
    void afterInsert() {}
    void afterRemove(Node<K, V> e) {}

    final V putVal(int hash, K key, V value, boolean onlyIfAbsent) {
        Node<K, V>[] tab = table;
        if (tab == null || tab.length == 0) tab = resize();
        int n = tab.length;
        int i = (n - 1) & hash;
        Node<K, V> p = tab[i];
        if (p == null) {
            tab[i] = newNode(hash, key, value, null);
        } else {
            Node<K, V> e = null;
            for (;;) {
                Object k;
                if (p.hash == hash && ((k = p.key) == key || (key != null && key.equals(k)))) {
                    e = p;
                    break;
                }
                if (p.next == null) {
                    p.next = newNode(hash, key, value, null);
                    break;
                }
                p = p.next;
            }
            if (e != null) {
                V old = e.value;
                if (!onlyIfAbsent || old == null) e.value = value;
                afterAccess(e);
                return old;
            }
        }
        modCount++;
        if (++size > threshold) resize();
        afterInsert();
        return null;
    }

    @SuppressWarnings("unchecked")
    final Node<K, V>[] resize() {
        Node<K, V>[] oldTab = table;
        int oldCap = (oldTab == null) ? 0 : oldTab.length;
        int oldThr = threshold;
        int newCap, newThr = 0;
        if (oldCap > 0) {
            if (oldCap >= (1 << 30)) {
                threshold = Integer.MAX_VALUE;
                return oldTab;
            }
            newCap = oldCap << 1;
            if (newCap < (1 << 30) && oldCap >= 16) newThr = oldThr << 1;
        } else if (oldThr > 0) {
            newCap = oldThr;
        } else {
            newCap = 16;
            newThr = 12;
        }
        if (newThr == 0) {
            float ft = (float) newCap * loadFactor;
            newThr = (newCap < (1 << 30) && ft < (float) (1 << 30) ? (int) ft : Integer.MAX_VALUE);
        }
        threshold = newThr;
        Node<K, V>[] newTab = (Node<K, V>[]) new Node[newCap];
        table = newTab;
        if (oldTab != null) {
            for (int j = 0; j < oldCap; ++j) {
                Node<K, V> e = oldTab[j];
                if (e == null) continue;
                oldTab[j] = null;
                if (e.next == null) {
                    newTab[e.hash & (newCap - 1)] = e;
                    continue;
                }
                Node<K, V> loHead = null, loTail = null, hiHead = null, hiTail = null;
                Node<K, V> next;
                do {
                    next = e.next;
                    if ((e.hash & oldCap) == 0) {
                        if (loTail == null) loHead = e;
                        else loTail.next = e;
                        loTail = e;
                    } else {
                        if (hiTail == null) hiHead = e;
                        else hiTail.next = e;
                        hiTail = e;
                    }
                } while ((e = next) != null);
                if (loTail != null) {
                    loTail.next = null;
                    newTab[j] = loHead;
                }
                if (hiTail != null) {
                    hiTail.next = null;
                    newTab[j + oldCap] = hiHead;
                }
            }
        }
        return newTab;
    }

    public void putAll(Map<? extends K, ? extends V> m) {
        for (Map.Entry<? extends K, ? extends V> e : m.entrySet()) put(e.getKey(), e.getValue());
    }

    public V remove(Object key) {
        Node<K, V> e = removeNode(hash(key), key);
        return e == null ? null : e.value;
    }

    final Node<K, V> removeNode(int hash, Object key) {
        Node<K, V>[] tab = table;
        if (tab == null) return null;
        int i = (tab.length - 1) & hash;
        Node<K, V> prev = null;
        for (Node<K, V> e = tab[i]; e != null; prev = e, e = e.next) {
            Object k;
            if (e.hash == hash && ((k = e.key) == key || (key != null && key.equals(k)))) {
                if (prev == null) tab[i] = e.next;
                else prev.next = e.next;
                modCount++;
                size--;
                afterRemove(e);
                return e;
            }
        }
        return null;
    }

    public void clear() {
        modCount++;
        if (table != null && size > 0) {
            size = 0;
            for (int i = 0; i < table.length; i++) table[i] = null;
        }
        afterClear();
    }

    void afterClear() {}

    public V getOrDefault(Object key, V dflt) {
        Node<K, V> e = getNode(key);
        return e == null ? dflt : e.value;
    }

    public V putIfAbsent(K key, V value) { return putVal(hash(key), key, value, true); }

    public V merge(K key, V value, BiFunction<? super V, ? super V, ? extends V> f) {
        if (value == null || f == null) throw new NullPointerException();
        Node<K, V> e = getNode(key);
        if (e != null) {
            V v = e.value == null ? value : f.apply(e.value, value);
            if (v == null) removeNode(hash(key), key);
            else {
                e.value = v;
                afterAccess(e);
            }
            return v;
        }
        putVal(hash(key), key, value, false);
        return value;
    }

    public V computeIfAbsent(K key, Function<? super K, ? extends V> f) {
        Node<K, V> e = getNode(key);
        if (e != null && e.value != null) {
            afterAccess(e);
            return e.value;
        }
        int mc = modCount;
        V v = f.apply(key);
        if (mc != modCount) throw new ConcurrentModificationException();
        if (v == null) return null;
        if (e != null) {
            e.value = v;
            afterAccess(e);
        } else {
            putVal(hash(key), key, v, false);
        }
        return v;
    }

    public void forEach(BiConsumer<? super K, ? super V> action) {
        int mc = modCount;
        for (Iterator<Map.Entry<K, V>> it = entrySet().iterator(); it.hasNext();) {
            Map.Entry<K, V> e = it.next();
            action.accept(e.getKey(), e.getValue());
        }
        if (modCount != mc) throw new ConcurrentModificationException();
    }

    // Iteration: bucket order (LinkedHashMap overrides with its list).
    Node<K, V> firstNode() {
        Node<K, V>[] t = table;
        if (t != null && size > 0) for (Node<K, V> n : t) if (n != null) return n;
        return null;
    }

    Node<K, V> nextNode(Node<K, V> e) {
        if (e.next != null) return e.next;
        Node<K, V>[] t = table;
        for (int i = (e.hash & (t.length - 1)) + 1; i < t.length; i++) if (t[i] != null) return t[i];
        return null;
    }

    abstract class HashIterator {
        Node<K, V> next;
        Node<K, V> current;
        int expected;

        HashIterator() {
            expected = modCount;
            next = firstNode();
        }

        public final boolean hasNext() { return next != null; }

        final Node<K, V> nextNodeOf() {
            Node<K, V> e = next;
            if (modCount != expected) throw new ConcurrentModificationException();
            if (e == null) throw new NoSuchElementException();
            current = e;
            next = nextNode(e);
            return e;
        }

        public final void remove() {
            Node<K, V> p = current;
            if (p == null) throw new IllegalStateException();
            if (modCount != expected) throw new ConcurrentModificationException();
            current = null;
            removeNode(p.hash, p.key);
            expected = modCount;
        }
    }

    final class KeyIterator extends HashIterator implements Iterator<K> {
        public K next() { return nextNodeOf().key; }
    }

    final class ValueIterator extends HashIterator implements Iterator<V> {
        public V next() { return nextNodeOf().value; }
    }

    final class EntryIterator extends HashIterator implements Iterator<Map.Entry<K, V>> {
        public Map.Entry<K, V> next() { return nextNodeOf(); }
    }

    public Set<K> keySet() {
        return new AbstractSet<K>() {
            public int size() { return size; }
            public void clear() { HashMap.this.clear(); }
            public Iterator<K> iterator() { return new KeyIterator(); }
            public boolean contains(Object o) { return containsKey(o); }
            public boolean remove(Object key) { return removeNode(hash(key), key) != null; }
        };
    }

    public Collection<V> values() {
        return new AbstractCollection<V>() {
            public int size() { return size; }
            public void clear() { HashMap.this.clear(); }
            public Iterator<V> iterator() { return new ValueIterator(); }
            public boolean contains(Object o) { return containsValue(o); }
        };
    }

    public Set<Map.Entry<K, V>> entrySet() {
        return new AbstractSet<Map.Entry<K, V>>() {
            public int size() { return size; }
            public void clear() { HashMap.this.clear(); }
            public Iterator<Map.Entry<K, V>> iterator() { return new EntryIterator(); }
            public boolean contains(Object o) {
                if (!(o instanceof Map.Entry)) return false;
                Map.Entry<?, ?> e = (Map.Entry<?, ?>) o;
                Node<K, V> n = getNode(e.getKey());
                return n != null && n.equals(e);
            }
            public boolean remove(Object o) {
                if (!contains(o)) return false;
                Object key = ((Map.Entry<?, ?>) o).getKey();
                return removeNode(hash(key), key) != null;
            }
        };
    }

    @SuppressWarnings("unchecked")
    public Object clone() {
        HashMap<K, V> m = new HashMap<>();
        for (Map.Entry<K, V> e : entrySet()) m.put(e.getKey(), e.getValue());
        return m;
    }
}
