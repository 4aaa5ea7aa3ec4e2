package java.util;

/** A HashMap that iterates in insertion (or access) order. */
public class LinkedHashMap<K, V> extends HashMap<K, V> implements Map<K, V> {
    private Node<K, V> head, tail;
    private final boolean accessOrder;

    public LinkedHashMap() { accessOrder = false; }
    public LinkedHashMap(int initialCapacity) { super(initialCapacity); accessOrder = false; }
    public LinkedHashMap(int initialCapacity, float loadFactor) { super(initialCapacity, loadFactor); accessOrder = false; }
    public LinkedHashMap(int initialCapacity, float loadFactor, boolean accessOrder) {
        super(initialCapacity, loadFactor);
        this.accessOrder = accessOrder;
    }
    public LinkedHashMap(Map<? extends K, ? extends V> m) {
        accessOrder = false;
        putAll(m);
    }

    private void link(Node<K, V> e) {
        e.before = tail;
        e.after = null;
        if (tail == null) head = e;
        else tail.after = e;
        tail = e;
    }

    private void unlink(Node<K, V> e) {
        if (e.before == null) head = e.after;
        else e.before.after = e.after;
        if (e.after == null) tail = e.before;
        else e.after.before = e.before;
        e.before = e.after = null;
    }

    Node<K, V> newNode(int hash, K key, V value, Node<K, V> next) {
        Node<K, V> e = new Node<>(hash, key, value, next);
        link(e);
        return e;
    }

    void afterInsert() {
        Node<K, V> first = head;
        if (first != null && removeEldestEntry(first)) removeNode(first.hash, first.key);
    }

    void afterAccess(Node<K, V> e) {
        if (accessOrder && tail != e) {
            unlink(e);
            link(e);
            modCount++;
        }
    }

    void afterRemove(Node<K, V> e) { unlink(e); }

    void afterClear() { head = tail = null; }

    protected boolean removeEldestEntry(Map.Entry<K, V> eldest) { return false; }

    Node<K, V> firstNode() { return head; }
    Node<K, V> nextNode(Node<K, V> e) { return e.after; }

    public boolean containsValue(Object value) {
        for (Node<K, V> e = head; e != null; e = e.after) if (Objects.equals(value, e.value)) return true;
        return false;
    }
}
