package java.util.concurrent;

import java.util.Collection;
import java.util.Comparator;
import java.util.PriorityQueue;

/** An unbounded blocking queue in priority order (a PriorityQueue under the monitor). */
public class PriorityBlockingQueue<E> extends BoundedQueue<E> {
    private final PriorityQueue<E> items;

    public PriorityBlockingQueue() {
        super(Integer.MAX_VALUE);
        items = new PriorityQueue<>();
    }

    public PriorityBlockingQueue(int initialCapacity) {
        super(Integer.MAX_VALUE);
        if (initialCapacity < 1) throw new IllegalArgumentException();
        items = new PriorityQueue<>(initialCapacity);
    }

    public PriorityBlockingQueue(int initialCapacity, Comparator<? super E> comparator) {
        super(Integer.MAX_VALUE);
        if (initialCapacity < 1) throw new IllegalArgumentException();
        items = new PriorityQueue<>(initialCapacity, comparator);
    }

    public PriorityBlockingQueue(Collection<? extends E> c) {
        super(Integer.MAX_VALUE);
        items = new PriorityQueue<>(c);
    }

    public Comparator<? super E> comparator() { return items.comparator(); }

    int count() { return items.size(); }
    void store(E e) { items.offer(e); }
    E unstore() { return items.poll(); }
    E first() { return items.peek(); }
    Object[] snapshot() { return items.toArray(); }
    boolean removeStored(Object o) { return items.remove(o); }
    void clearStore() { items.clear(); }
}
