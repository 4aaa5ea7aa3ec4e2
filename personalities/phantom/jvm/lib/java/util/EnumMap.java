package java.util;

/**
 * A map whose keys are the constants of one enum: values in an array
 * indexed by ordinal; it iterates in ordinal order.
 */
public class EnumMap<K extends Enum<K>, V> extends AbstractMap<K, V> implements java.io.Serializable, Cloneable {
    private static final Object NULL = new Object();

    private final Class<K> keyType;
    private Object[] vals = new Object[0];
    private Object[] keys = new Object[0];
    private int size;

    public EnumMap(Class<K> keyType) {
        if (keyType == null) throw new NullPointerException();
        this.keyType = keyType;
    }

    public EnumMap(EnumMap<K, ? extends V> m) {
        keyType = m.keyType;
        vals = m.vals.clone();
        keys = m.keys.clone();
        size = m.size;
    }

    @SuppressWarnings("unchecked")
    public EnumMap(Map<K, ? extends V> m) {
        if (m instanceof EnumMap) {
            EnumMap<K, ? extends V> em = (EnumMap<K, ? extends V>) m;
            keyType = em.keyType;
            vals = em.vals.clone();
            keys = em.keys.clone();
            size = em.size;
            return;
        }
        if (m.isEmpty()) throw new IllegalArgumentException("Specified map is empty");
        keyType = m.keySet().iterator().next().getDeclaringClass();
        putAll(m);
    }

    private int index(Object key) {
        if (key == null || !(key instanceof Enum)) return -1;
        Enum<?> e = (Enum<?>) key;
        if (e.getDeclaringClass() != keyType) return -1;
        return e.ordinal();
    }

    private Object mask(Object v) { return v == null ? NULL : v; }

    @SuppressWarnings("unchecked")
    private V unmask(Object v) { return v == NULL ? null : (V) v; }

    public int size() { return size; }

    public boolean containsKey(Object key) {
        int i = index(key);
        return i >= 0 && i < vals.length && vals[i] != null;
    }

    public boolean containsValue(Object value) {
        Object v = mask(value);
        for (Object x : vals) if (x != null && v.equals(x)) return true;
        return false;
    }

    public V get(Object key) {
        int i = index(key);
        return i >= 0 && i < vals.length ? unmask(vals[i]) : null;
    }

    public V put(K key, V value) {
        if (key == null) throw new NullPointerException();
        if (key.getDeclaringClass() != keyType) throw new ClassCastException(key.getClass() + " != " + keyType);
        int i = key.ordinal();
        if (i >= vals.length) {
            // Through Class<?>: getEnumConstants gives an Object[] here, not a K[].
            Object[] all = ((Class<?>) keyType).getEnumConstants();
            int n = Math.max(i + 1, all == null ? 0 : all.length);
            vals = Arrays.copyOf(vals, n);
            keys = Arrays.copyOf(keys, n);
        }
        Object old = vals[i];
        vals[i] = mask(value);
        keys[i] = key;
        if (old == null) size++;
        return unmask(old);
    }

    public V remove(Object key) {
        int i = index(key);
        if (i < 0 || i >= vals.length || vals[i] == null) return null;
        Object old = vals[i];
        vals[i] = null;
        size--;
        return unmask(old);
    }

    public void clear() {
        Arrays.fill(vals, null);
        size = 0;
    }

    /** The ordinals in use, in order. */
    private final class EntryIterator implements Iterator<Map.Entry<K, V>> {
        private int next = find(0);
        private int last = -1;

        private int find(int from) {
            for (int i = from; i < vals.length; i++) if (vals[i] != null) return i;
            return -1;
        }

        public boolean hasNext() { return next >= 0; }

        public Map.Entry<K, V> next() {
            if (next < 0) throw new NoSuchElementException();
            int i = last = next;
            next = find(next + 1);
            return new Map.Entry<K, V>() {
                @SuppressWarnings("unchecked")
                public K getKey() { return (K) keys[i]; }
                public V getValue() { return unmask(vals[i]); }
                public V setValue(V v) {
                    V old = unmask(vals[i]);
                    vals[i] = mask(v);
                    return old;
                }
                public boolean equals(Object o) {
                    if (!(o instanceof Map.Entry)) return false;
                    Map.Entry<?, ?> e = (Map.Entry<?, ?>) o;
                    return keys[i] == e.getKey() && Objects.equals(getValue(), e.getValue());
                }
                public int hashCode() { return keys[i].hashCode() ^ Objects.hashCode(getValue()); }
                public String toString() { return keys[i] + "=" + getValue(); }
            };
        }

        public void remove() {
            if (last < 0) throw new IllegalStateException();
            vals[last] = null;
            size--;
            last = -1;
        }
    }

    public Set<Map.Entry<K, V>> entrySet() {
        return new AbstractSet<Map.Entry<K, V>>() {
            public Iterator<Map.Entry<K, V>> iterator() { return new EntryIterator(); }
            public int size() { return size; }
            public void clear() { EnumMap.this.clear(); }
        };
    }

    public Set<K> keySet() {
        return new AbstractSet<K>() {
            public Iterator<K> iterator() {
                EntryIterator it = new EntryIterator();
                return new Iterator<K>() {
                    public boolean hasNext() { return it.hasNext(); }
                    public K next() { return it.next().getKey(); }
                    public void remove() { it.remove(); }
                };
            }
            public int size() { return size; }
            public boolean contains(Object o) { return containsKey(o); }
            public boolean remove(Object o) {
                int n = size;
                EnumMap.this.remove(o);
                return size != n;
            }
            public void clear() { EnumMap.this.clear(); }
        };
    }

    public Collection<V> values() {
        return new AbstractCollection<V>() {
            public Iterator<V> iterator() {
                EntryIterator it = new EntryIterator();
                return new Iterator<V>() {
                    public boolean hasNext() { return it.hasNext(); }
                    public V next() { return it.next().getValue(); }
                    public void remove() { it.remove(); }
                };
            }
            public int size() { return size; }
            public void clear() { EnumMap.this.clear(); }
        };
    }

    public EnumMap<K, V> clone() { return new EnumMap<K, V>(this); }
}
