package java.util.concurrent;

import java.util.ArrayDeque;
import java.util.Collection;
import java.util.Iterator;

/** A FIFO blocking queue, unbounded unless given a capacity. */
public class LinkedBlockingQueue<E> extends BoundedQueue<E> {
    private final ArrayDeque<E> items = new ArrayDeque<>();

    public LinkedBlockingQueue() { this(Integer.MAX_VALUE); }

    public LinkedBlockingQueue(int capacity) { super(capacity); }

    public LinkedBlockingQueue(Collection<? extends E> c) {
        this(Integer.MAX_VALUE);
        for (E e : c) {
            if (e == null) throw new NullPointerException();
            if (!offer(e)) throw new IllegalStateException("Queue full");
        }
    }

    int count() { return items.size(); }
    void store(E e) { items.addLast(e); }
    E unstore() { return items.pollFirst(); }
    E first() { return items.peekFirst(); }
    Object[] snapshot() { return items.toArray(); }
    void clearStore() { items.clear(); }

    boolean removeStored(Object o) {
        for (Iterator<E> it = items.iterator(); it.hasNext();) {
            if (o.equals(it.next())) {
                it.remove();
                return true;
            }
        }
        return false;
    }
}
