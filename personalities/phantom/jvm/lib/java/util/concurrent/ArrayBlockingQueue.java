package java.util.concurrent;

import java.util.ArrayDeque;
import java.util.Collection;
import java.util.Iterator;

/** A FIFO blocking queue of a fixed capacity. */
public class ArrayBlockingQueue<E> extends BoundedQueue<E> {
    private final ArrayDeque<E> items = new ArrayDeque<>();

    public ArrayBlockingQueue(int capacity) { super(capacity); }

    public ArrayBlockingQueue(int capacity, boolean fair) { super(capacity); }

    public ArrayBlockingQueue(int capacity, boolean fair, Collection<? extends E> c) {
        super(capacity);
        for (E e : c) {
            if (e == null) throw new NullPointerException();
            if (!offer(e)) throw new IllegalArgumentException();
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
