package java.util;

public class TreeSet<E> extends AbstractSet<E> implements NavigableSet<E>, Cloneable, java.io.Serializable {
    private static final Object PRESENT = new Object();
    private final TreeMap<E, Object> m;

    public TreeSet() { m = new TreeMap<>(); }
    public TreeSet(Comparator<? super E> c) { m = new TreeMap<>(c); }
    public TreeSet(Collection<? extends E> c) {
        m = new TreeMap<>();
        addAll(c);
    }
    public TreeSet(SortedSet<E> s) {
        m = new TreeMap<>(s.comparator());
        addAll(s);
    }

    public Iterator<E> iterator() { return m.navigableKeySet().iterator(); }
    public Iterator<E> descendingIterator() { return m.descendingKeySet().iterator(); }
    public NavigableSet<E> descendingSet() { return m.descendingKeySet(); }
    public int size() { return m.size(); }
    public boolean isEmpty() { return m.isEmpty(); }
    public boolean contains(Object o) { return m.containsKey(o); }
    public boolean add(E e) { return m.put(e, PRESENT) == null; }
    public boolean remove(Object o) { return m.remove(o) == PRESENT; }
    public void clear() { m.clear(); }
    public Comparator<? super E> comparator() { return m.comparator(); }
    public E first() { return m.firstKey(); }
    public E last() { return m.lastKey(); }
    public E lower(E e) { return m.lowerKey(e); }
    public E floor(E e) { return m.floorKey(e); }
    public E ceiling(E e) { return m.ceilingKey(e); }
    public E higher(E e) { return m.higherKey(e); }
    public E pollFirst() {
        Map.Entry<E, ?> e = m.pollFirstEntry();
        return e == null ? null : e.getKey();
    }
    public E pollLast() {
        Map.Entry<E, ?> e = m.pollLastEntry();
        return e == null ? null : e.getKey();
    }
    public SortedSet<E> headSet(E to) { return new TreeSet<>(m.headMap(to).keySet()); }
    public NavigableSet<E> headSet(E to, boolean inclusive) { return new TreeSet<>(m.headMap(to, inclusive).keySet()); }
    public SortedSet<E> tailSet(E from) { return new TreeSet<>(m.tailMap(from).keySet()); }
    public NavigableSet<E> tailSet(E from, boolean inclusive) { return new TreeSet<>(m.tailMap(from, inclusive).keySet()); }
    public SortedSet<E> subSet(E from, E to) { return new TreeSet<>(m.subMap(from, to).keySet()); }
    public Object clone() {
        TreeSet<E> s = new TreeSet<>(m.comparator());
        s.addAll(this);
        return s;
    }
}
