package java.util;

import java.util.function.BiConsumer;
import java.util.function.BiFunction;
import java.util.function.Function;

/**
 * The synchronized hash table of Java 1.0, laid out as the JDK's (odd
 * capacities, new entries at the head of their bucket, iteration from the
 * last bucket down), so it iterates in the JDK's order.
 */
public class Hashtable<K, V> extends Dictionary<K, V> implements Map<K, V>, Cloneable, java.io.Serializable {
    private static final class Entry<K, V> implements Map.Entry<K, V> {
        final int hash;
        final K key;
        V value;
        Entry<K, V> next;

        Entry(int hash, K key, V value, Entry<K, V> next) {
            this.hash = hash;
            this.key = key;
            this.value = value;
            this.next = next;
        }

        public K getKey() { return key; }
        public V getValue() { return value; }

        public V setValue(V v) {
            if (v == null) throw new NullPointerException();
            V old = value;
            value = v;
            return old;
        }

        public boolean equals(Object o) {
            if (!(o instanceof Map.Entry)) return false;
            Map.Entry<?, ?> e = (Map.Entry<?, ?>) o;
            return (key == null ? e.getKey() == null : key.equals(e.getKey()))
                    && (value == null ? e.getValue() == null : value.equals(e.getValue()));
        }

        public int hashCode() { return hash ^ Objects.hashCode(value); }
        public String toString() { return key + "=" + value; }
    }

    private Entry<?, ?>[] table;
    private int count;
    private int threshold;
    private final float loadFactor;
    private int modCount;

    public Hashtable(int initialCapacity, float loadFactor) {
        if (initialCapacity < 0) throw new IllegalArgumentException("Illegal Capacity: " + initialCapacity);
        if (loadFactor <= 0 || Float.isNaN(loadFactor)) throw new IllegalArgumentException("Illegal Load: " + loadFactor);
        if (initialCapacity == 0) initialCapacity = 1;
        this.loadFactor = loadFactor;
        table = new Entry<?, ?>[initialCapacity];
        threshold = (int) Math.min(initialCapacity * loadFactor, Integer.MAX_VALUE - 8 + 1);
    }

    public Hashtable(int initialCapacity) { this(initialCapacity, 0.75f); }
    public Hashtable() { this(11, 0.75f); }

    public Hashtable(Map<? extends K, ? extends V> t) {
        this(Math.max(2 * t.size(), 11), 0.75f);
        putAll(t);
    }

    public synchronized int size() { return count; }
    public synchronized boolean isEmpty() { return count == 0; }

    public synchronized boolean contains(Object value) {
        if (value == null) throw new NullPointerException();
        for (int i = table.length; i-- > 0;) {
            for (Entry<?, ?> e = table[i]; e != null; e = e.next) if (e.value.equals(value)) return true;
        }
        return false;
    }

    public boolean containsValue(Object value) { return contains(value); }

    public synchronized boolean containsKey(Object key) {
        int hash = key.hashCode();
        int index = (hash & 0x7FFFFFFF) % table.length;
        for (Entry<?, ?> e = table[index]; e != null; e = e.next) if (e.hash == hash && e.key.equals(key)) return true;
        return false;
    }

    @SuppressWarnings("unchecked")
    public synchronized V get(Object key) {
        int hash = key.hashCode();
        int index = (hash & 0x7FFFFFFF) % table.length;
        for (Entry<?, ?> e = table[index]; e != null; e = e.next) if (e.hash == hash && e.key.equals(key)) return (V) e.value;
        return null;
    }

    @SuppressWarnings("unchecked")
    protected void rehash() {
        int oldCapacity = table.length;
        Entry<?, ?>[] oldMap = table;
        int newCapacity = (oldCapacity << 1) + 1;
        Entry<?, ?>[] newMap = new Entry<?, ?>[newCapacity];
        modCount++;
        threshold = (int) Math.min(newCapacity * loadFactor, Integer.MAX_VALUE - 8 + 1);
        table = newMap;
        for (int i = oldCapacity; i-- > 0;) {
            for (Entry<K, V> old = (Entry<K, V>) oldMap[i]; old != null;) {
                Entry<K, V> e = old;
                old = old.next;
                int index = (e.hash & 0x7FFFFFFF) % newCapacity;
                e.next = (Entry<K, V>) newMap[index];
                newMap[index] = e;
            }
        }
    }

    @SuppressWarnings("unchecked")
    private void addEntry(int hash, K key, V value, int index) {
        if (count >= threshold) {
            rehash();
            hash = key.hashCode();
            index = (hash & 0x7FFFFFFF) % table.length;
        }
        table[index] = new Entry<>(hash, key, value, (Entry<K, V>) table[index]);
        count++;
        modCount++;
    }

    @SuppressWarnings("unchecked")
    public synchronized V put(K key, V value) {
        if (value == null) throw new NullPointerException();
        int hash = key.hashCode();
        int index = (hash & 0x7FFFFFFF) % table.length;
        for (Entry<K, V> e = (Entry<K, V>) table[index]; e != null; e = e.next) {
            if (e.hash == hash && e.key.equals(key)) {
                V old = e.value;
                e.value = value;
                return old;
            }
        }
        addEntry(hash, key, value, index);
        return null;
    }

    @SuppressWarnings("unchecked")
    public synchronized V remove(Object key) {
        int hash = key.hashCode();
        int index = (hash & 0x7FFFFFFF) % table.length;
        Entry<K, V> prev = null;
        for (Entry<K, V> e = (Entry<K, V>) table[index]; e != null; prev = e, e = e.next) {
            if (e.hash == hash && e.key.equals(key)) {
                if (prev != null) prev.next = e.next;
                else table[index] = e.next;
                modCount++;
                count--;
                V old = e.value;
                e.value = null;
                return old;
            }
        }
        return null;
    }

    public synchronized void putAll(Map<? extends K, ? extends V> t) {
        for (Map.Entry<? extends K, ? extends V> e : t.entrySet()) put(e.getKey(), e.getValue());
    }

    public synchronized void clear() {
        for (int i = table.length; --i >= 0;) table[i] = null;
        modCount++;
        count = 0;
    }

    @SuppressWarnings("unchecked")
    public synchronized Object clone() {
        Hashtable<K, V> t = new Hashtable<>(table.length, loadFactor);
        // Rebuilt bucket by bucket in the same order, so the clone iterates alike.
        for (int i = 0; i < table.length; i++) {
            Entry<K, V> copy = null, tail = null;
            for (Entry<K, V> e = (Entry<K, V>) table[i]; e != null; e = e.next) {
                Entry<K, V> c = new Entry<>(e.hash, e.key, e.value, null);
                if (tail == null) copy = c;
                else tail.next = c;
                tail = c;
            }
            t.table[i] = copy;
        }
        t.count = count;
        t.threshold = threshold;
        return t;
    }

    /** The entries from the last bucket down, each bucket's chain in order. */
    private final class Walk implements Iterator<Entry<K, V>> {
        private int index = table.length;
        private Entry<?, ?> entry;
        private Entry<?, ?> last;
        private int expected = modCount;
        private final Entry<?, ?>[] tab = table;

        public boolean hasNext() {
            while (entry == null && index > 0) entry = tab[--index];
            return entry != null;
        }

        @SuppressWarnings("unchecked")
        public Entry<K, V> next() {
            if (modCount != expected) throw new ConcurrentModificationException();
            if (!hasNext()) throw new NoSuchElementException("Hashtable Enumerator");
            Entry<?, ?> e = last = entry;
            entry = e.next;
            return (Entry<K, V>) e;
        }

        public void remove() {
            if (last == null) throw new IllegalStateException("Hashtable Enumerator");
            if (modCount != expected) throw new ConcurrentModificationException();
            synchronized (Hashtable.this) {
                Hashtable.this.remove(last.key);
                expected = modCount;
            }
            last = null;
        }
    }

    public synchronized Enumeration<K> keys() {
        Walk w = new Walk();
        return new Enumeration<K>() {
            public boolean hasMoreElements() { return w.hasNext(); }
            public K nextElement() { return w.next().key; }
        };
    }

    public synchronized Enumeration<V> elements() {
        Walk w = new Walk();
        return new Enumeration<V>() {
            public boolean hasMoreElements() { return w.hasNext(); }
            public V nextElement() { return w.next().value; }
        };
    }

    public Set<K> keySet() {
        return new AbstractSet<K>() {
            public Iterator<K> iterator() {
                Walk w = new Walk();
                return new Iterator<K>() {
                    public boolean hasNext() { return w.hasNext(); }
                    public K next() { return w.next().key; }
                    public void remove() { w.remove(); }
                };
            }
            public int size() { return count; }
            public boolean contains(Object o) { return containsKey(o); }
            public boolean remove(Object o) { return Hashtable.this.remove(o) != null; }
            public void clear() { Hashtable.this.clear(); }
        };
    }

    public Collection<V> values() {
        return new AbstractCollection<V>() {
            public Iterator<V> iterator() {
                Walk w = new Walk();
                return new Iterator<V>() {
                    public boolean hasNext() { return w.hasNext(); }
                    public V next() { return w.next().value; }
                    public void remove() { w.remove(); }
                };
            }
            public int size() { return count; }
            public boolean contains(Object o) { return containsValue(o); }
            public void clear() { Hashtable.this.clear(); }
        };
    }

    public Set<Map.Entry<K, V>> entrySet() {
        return new AbstractSet<Map.Entry<K, V>>() {
            public Iterator<Map.Entry<K, V>> iterator() {
                Walk w = new Walk();
                return new Iterator<Map.Entry<K, V>>() {
                    public boolean hasNext() { return w.hasNext(); }
                    public Map.Entry<K, V> next() { return w.next(); }
                    public void remove() { w.remove(); }
                };
            }
            public int size() { return count; }
            public void clear() { Hashtable.this.clear(); }
        };
    }

    public synchronized boolean equals(Object o) {
        if (o == this) return true;
        if (!(o instanceof Map)) return false;
        Map<?, ?> t = (Map<?, ?>) o;
        if (t.size() != size()) return false;
        for (Map.Entry<K, V> e : entrySet()) {
            K key = e.getKey();
            V value = e.getValue();
            if (value == null) {
                if (!(t.get(key) == null && t.containsKey(key))) return false;
            } else if (!value.equals(t.get(key))) {
                return false;
            }
        }
        return true;
    }

    public synchronized int hashCode() {
        int h = 0;
        for (Map.Entry<K, V> e : entrySet()) h += e.hashCode();
        return h;
    }

    public synchronized String toString() {
        Iterator<Map.Entry<K, V>> it = entrySet().iterator();
        if (!it.hasNext()) return "{}";
        StringBuilder sb = new StringBuilder("{");
        while (true) {
            Map.Entry<K, V> e = it.next();
            K key = e.getKey();
            V value = e.getValue();
            sb.append(key == this ? "(this Map)" : key.toString()).append('=').append(value == this ? "(this Map)" : value.toString());
            if (!it.hasNext()) return sb.append('}').toString();
            sb.append(", ");
        }
    }

    public synchronized V getOrDefault(Object key, V defaultValue) {
        V v = get(key);
        return v == null ? defaultValue : v;
    }

    public synchronized void forEach(BiConsumer<? super K, ? super V> action) {
        for (Map.Entry<K, V> e : entrySet()) action.accept(e.getKey(), e.getValue());
    }

    public synchronized V putIfAbsent(K key, V value) {
        V v = get(key);
        if (v == null) put(key, value);
        return v;
    }

    public synchronized V computeIfAbsent(K key, Function<? super K, ? extends V> f) {
        V v = get(key);
        if (v != null) return v;
        V nv = f.apply(key);
        if (nv != null) put(key, nv);
        return nv;
    }

    public synchronized V merge(K key, V value, BiFunction<? super V, ? super V, ? extends V> f) {
        V old = get(key);
        V nv = old == null ? value : f.apply(old, value);
        if (nv == null) remove(key);
        else put(key, nv);
        return nv;
    }
}
