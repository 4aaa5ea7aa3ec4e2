package java.util;

/** A binary heap with the JDK's sift algorithms (so iteration order and toString match). */
public class PriorityQueue<E> extends AbstractCollection<E> implements Queue<E>, java.io.Serializable {
    private Object[] queue;
    private int size;
    private final Comparator<? super E> comparator;
    private int modCount;

    public PriorityQueue() { this(11, null); }
    public PriorityQueue(int initialCapacity) { this(initialCapacity, null); }
    public PriorityQueue(Comparator<? super E> c) { this(11, c); }
    public PriorityQueue(int initialCapacity, Comparator<? super E> c) {
        if (initialCapacity < 1) throw new IllegalArgumentException();
        queue = new Object[initialCapacity];
        comparator = c;
    }
    public PriorityQueue(Collection<? extends E> c) {
        this(Math.max(1, c.size()), null);
        addAll(c);
    }

    @SuppressWarnings("unchecked")
    private int cmp(Object a, Object b) {
        if (comparator != null) return comparator.compare((E) a, (E) b);
        return ((Comparable<Object>) a).compareTo(b);
    }

    public boolean add(E e) { return offer(e); }

    public boolean offer(E e) {
        if (e == null) throw new NullPointerException();
        modCount++;
        int i = size;
        if (i >= queue.length) {
            int n = queue.length;
            queue = Arrays.copyOf(queue, n + (n < 64 ? n + 2 : n >> 1));
        }
        siftUp(i, e);
        size = i + 1;
        return true;
    }

    private void siftUp(int k, Object x) {
        while (k > 0) {
            int parent = (k - 1) >>> 1;
            Object e = queue[parent];
            if (cmp(x, e) >= 0) break;
            queue[k] = e;
            k = parent;
        }
        queue[k] = x;
    }

    private void siftDown(int k, Object x, int n) {
        int half = n >>> 1;
        while (k < half) {
            int child = (k << 1) + 1;
            Object c = queue[child];
            int right = child + 1;
            if (right < n && cmp(c, queue[right]) > 0) c = queue[child = right];
            if (cmp(x, c) <= 0) break;
            queue[k] = c;
            k = child;
        }
        queue[k] = x;
    }

    @SuppressWarnings("unchecked")
    public E peek() { return size == 0 ? null : (E) queue[0]; }

    @SuppressWarnings("unchecked")
    public E poll() {
        if (size == 0) return null;
        E result = (E) queue[0];
        modCount++;
        int n = --size;
        Object x = queue[n];
        queue[n] = null;
        if (n > 0) siftDown(0, x, n);
        return result;
    }

    public E remove() {
        E e = poll();
        if (e == null) throw new NoSuchElementException();
        return e;
    }

    public E element() {
        E e = peek();
        if (e == null) throw new NoSuchElementException();
        return e;
    }

    public int size() { return size; }
    public void clear() {
        modCount++;
        for (int i = 0; i < size; i++) queue[i] = null;
        size = 0;
    }

    private int indexOf(Object o) {
        if (o != null) for (int i = 0; i < size; i++) if (o.equals(queue[i])) return i;
        return -1;
    }

    public boolean contains(Object o) { return indexOf(o) >= 0; }

    public boolean remove(Object o) {
        int i = indexOf(o);
        if (i < 0) return false;
        removeAt(i);
        return true;
    }

    private void removeAt(int i) {
        modCount++;
        int s = --size;
        if (s == i) {
            queue[i] = null;
        } else {
            Object moved = queue[s];
            queue[s] = null;
            siftDown(i, moved, s);
            if (queue[i] == moved) siftUp(i, moved);
        }
    }

    public Object[] toArray() { return Arrays.copyOf(queue, size); }

    public Iterator<E> iterator() {
        return new Iterator<E>() {
            int cursor;
            int last = -1;
            int expected = modCount;
            public boolean hasNext() { return cursor < size; }
            @SuppressWarnings("unchecked")
            public E next() {
                if (expected != modCount) throw new ConcurrentModificationException();
                if (cursor >= size) throw new NoSuchElementException();
                last = cursor;
                return (E) queue[cursor++];
            }
            public void remove() {
                if (last < 0) throw new IllegalStateException();
                removeAt(last);
                cursor = last;
                last = -1;
                expected = modCount;
            }
        };
    }

    public Comparator<? super E> comparator() { return comparator; }
}
