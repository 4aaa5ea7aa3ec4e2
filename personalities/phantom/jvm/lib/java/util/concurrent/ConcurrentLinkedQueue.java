package java.util.concurrent;

import java.util.AbstractQueue;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.Queue;

/**
 * An unbounded FIFO queue for many threads: a linked list changed under
 * the queue's monitor; iterators follow the links and never fail (they
 * see the elements still there when they reach them).
 */
public class ConcurrentLinkedQueue<E> extends AbstractQueue<E> implements Queue<E>, java.io.Serializable {
    private static final class Node<E> {
        E item;
        Node<E> next;

        Node(E item) { this.item = item; }
    }

    // head is a marker node; the elements follow it
    private Node<E> head = new Node<>(null);
    private Node<E> tail = head;
    private int count;

    public ConcurrentLinkedQueue() {}

    public ConcurrentLinkedQueue(Collection<? extends E> c) {
        for (E e : c) add(e);
    }

    public boolean add(E e) { return offer(e); }

    public synchronized boolean offer(E e) {
        Objects.requireNonNull(e);
        Node<E> n = new Node<>(e);
        tail.next = n;
        tail = n;
        count++;
        return true;
    }

    public synchronized E poll() {
        Node<E> first = head.next;
        if (first == null) return null;
        E e = first.item;
        first.item = null;
        head = first;
        count--;
        return e;
    }

    public synchronized E peek() {
        Node<E> first = head.next;
        return first == null ? null : first.item;
    }

    public synchronized int size() { return count; }
    public synchronized boolean isEmpty() { return count == 0; }

    public synchronized boolean contains(Object o) {
        if (o == null) return false;
        for (Node<E> p = head.next; p != null; p = p.next) if (p.item != null && o.equals(p.item)) return true;
        return false;
    }

    public synchronized boolean remove(Object o) {
        if (o == null) return false;
        for (Node<E> pred = head, p = head.next; p != null; pred = p, p = p.next) {
            if (p.item != null && o.equals(p.item)) {
                unlink(pred, p);
                return true;
            }
        }
        return false;
    }

    private void unlink(Node<E> pred, Node<E> p) {
        p.item = null;
        pred.next = p.next;
        if (tail == p) tail = pred;
        count--;
    }

    public synchronized Object[] toArray() {
        ArrayList<E> l = new ArrayList<>(count);
        for (Node<E> p = head.next; p != null; p = p.next) if (p.item != null) l.add(p.item);
        return l.toArray();
    }

    public synchronized <T> T[] toArray(T[] a) {
        ArrayList<E> l = new ArrayList<>(count);
        for (Node<E> p = head.next; p != null; p = p.next) if (p.item != null) l.add(p.item);
        return l.toArray(a);
    }

    public Iterator<E> iterator() {
        return new Iterator<E>() {
            private Node<E> next;
            private E nextItem;
            private Node<E> last;

            {
                synchronized (ConcurrentLinkedQueue.this) {
                    advance(head);
                }
            }

            private void advance(Node<E> from) {
                Node<E> p = from.next;
                while (p != null && p.item == null) p = p.next;
                next = p;
                nextItem = p == null ? null : p.item;
            }

            public boolean hasNext() { return next != null; }

            public E next() {
                if (next == null) throw new NoSuchElementException();
                E e = nextItem;
                last = next;
                synchronized (ConcurrentLinkedQueue.this) {
                    advance(next);
                }
                return e;
            }

            public void remove() {
                if (last == null) throw new IllegalStateException();
                synchronized (ConcurrentLinkedQueue.this) {
                    if (last.item != null) {
                        for (Node<E> pred = head, p = head.next; p != null; pred = p, p = p.next) {
                            if (p == last) {
                                unlink(pred, p);
                                break;
                            }
                        }
                    }
                }
                last = null;
            }
        };
    }
}
