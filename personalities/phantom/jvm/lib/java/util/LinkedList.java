package java.util;

public class LinkedList<E> extends AbstractList<E> implements List<E>, Deque<E>, Cloneable, java.io.Serializable {
    private static final class Node<E> {
        E item;
        Node<E> next, prev;
        Node(Node<E> prev, E item, Node<E> next) {
            this.item = item;
            this.next = next;
            this.prev = prev;
        }
    }

    private int size;
    private Node<E> first, last;

    public LinkedList() {}
    public LinkedList(Collection<? extends E> c) { addAll(c); }

    private void linkLast(E e) {
        Node<E> l = last;
        Node<E> n = new Node<>(l, e, null);
        last = n;
        if (l == null) first = n;
        else l.next = n;
        size++;
        modCount++;
    }

    private void linkFirst(E e) {
        Node<E> f = first;
        Node<E> n = new Node<>(null, e, f);
        first = n;
        if (f == null) last = n;
        else f.prev = n;
        size++;
        modCount++;
    }

    private void linkBefore(E e, Node<E> succ) {
        Node<E> pred = succ.prev;
        Node<E> n = new Node<>(pred, e, succ);
        succ.prev = n;
        if (pred == null) first = n;
        else pred.next = n;
        size++;
        modCount++;
    }

    private E unlink(Node<E> x) {
        E e = x.item;
        Node<E> next = x.next, prev = x.prev;
        if (prev == null) first = next;
        else { prev.next = next; x.prev = null; }
        if (next == null) last = prev;
        else { next.prev = prev; x.next = null; }
        x.item = null;
        size--;
        modCount++;
        return e;
    }

    private Node<E> node(int index) {
        if (index < (size >> 1)) {
            Node<E> x = first;
            for (int i = 0; i < index; i++) x = x.next;
            return x;
        }
        Node<E> x = last;
        for (int i = size - 1; i > index; i--) x = x.prev;
        return x;
    }

    private void checkIndex(int i) {
        if (i < 0 || i >= size) throw new IndexOutOfBoundsException("Index: " + i + ", Size: " + size);
    }

    public int size() { return size; }
    public boolean add(E e) { linkLast(e); return true; }
    public void add(int i, E e) {
        if (i < 0 || i > size) throw new IndexOutOfBoundsException("Index: " + i + ", Size: " + size);
        if (i == size) linkLast(e);
        else linkBefore(e, node(i));
    }
    public E get(int i) { checkIndex(i); return node(i).item; }
    public E set(int i, E e) {
        checkIndex(i);
        Node<E> x = node(i);
        E old = x.item;
        x.item = e;
        return old;
    }
    public E remove(int i) { checkIndex(i); return unlink(node(i)); }
    public boolean remove(Object o) {
        for (Node<E> x = first; x != null; x = x.next) {
            if (Objects.equals(o, x.item)) {
                unlink(x);
                return true;
            }
        }
        return false;
    }
    public void clear() {
        first = last = null;
        size = 0;
        modCount++;
    }
    public int indexOf(Object o) {
        int i = 0;
        for (Node<E> x = first; x != null; x = x.next, i++) if (Objects.equals(o, x.item)) return i;
        return -1;
    }
    public boolean contains(Object o) { return indexOf(o) >= 0; }

    public void addFirst(E e) { linkFirst(e); }
    public void addLast(E e) { linkLast(e); }
    public boolean offer(E e) { return add(e); }
    public boolean offerFirst(E e) { addFirst(e); return true; }
    public boolean offerLast(E e) { addLast(e); return true; }
    public E getFirst() { if (first == null) throw new NoSuchElementException(); return first.item; }
    public E getLast() { if (last == null) throw new NoSuchElementException(); return last.item; }
    public E element() { return getFirst(); }
    public E peek() { return first == null ? null : first.item; }
    public E peekFirst() { return peek(); }
    public E peekLast() { return last == null ? null : last.item; }
    public E removeFirst() { if (first == null) throw new NoSuchElementException(); return unlink(first); }
    public E removeLast() { if (last == null) throw new NoSuchElementException(); return unlink(last); }
    public E remove() { return removeFirst(); }
    public E poll() { return first == null ? null : unlink(first); }
    public E pollFirst() { return poll(); }
    public E pollLast() { return last == null ? null : unlink(last); }
    public void push(E e) { addFirst(e); }
    public E pop() { return removeFirst(); }
    public boolean removeFirstOccurrence(Object o) { return remove(o); }
    public boolean removeLastOccurrence(Object o) {
        for (Node<E> x = last; x != null; x = x.prev) {
            if (Objects.equals(o, x.item)) {
                unlink(x);
                return true;
            }
        }
        return false;
    }

    public ListIterator<E> listIterator(int index) {
        if (index < 0 || index > size) throw new IndexOutOfBoundsException("Index: " + index + ", Size: " + size);
        return new ListItr(index);
    }

    private class ListItr implements ListIterator<E> {
        private Node<E> lastReturned;
        private Node<E> next;
        private int nextIndex;
        private int expected = modCount;

        ListItr(int index) {
            next = (index == size) ? null : node(index);
            nextIndex = index;
        }

        private void check() {
            if (modCount != expected) throw new ConcurrentModificationException();
        }

        public boolean hasNext() { return nextIndex < size; }

        public E next() {
            check();
            if (!hasNext()) throw new NoSuchElementException();
            lastReturned = next;
            next = next.next;
            nextIndex++;
            return lastReturned.item;
        }

        public boolean hasPrevious() { return nextIndex > 0; }

        public E previous() {
            check();
            if (!hasPrevious()) throw new NoSuchElementException();
            lastReturned = next = (next == null) ? last : next.prev;
            nextIndex--;
            return lastReturned.item;
        }

        public int nextIndex() { return nextIndex; }
        public int previousIndex() { return nextIndex - 1; }

        public void remove() {
            check();
            if (lastReturned == null) throw new IllegalStateException();
            Node<E> lastNext = lastReturned.next;
            unlink(lastReturned);
            if (next == lastReturned) next = lastNext;
            else nextIndex--;
            lastReturned = null;
            expected++;
        }

        public void set(E e) {
            if (lastReturned == null) throw new IllegalStateException();
            check();
            lastReturned.item = e;
        }

        public void add(E e) {
            check();
            lastReturned = null;
            if (next == null) linkLast(e);
            else linkBefore(e, next);
            nextIndex++;
            expected++;
        }
    }

    public Iterator<E> descendingIterator() {
        return new Iterator<E>() {
            private final ListItr itr = new ListItr(size());
            public boolean hasNext() { return itr.hasPrevious(); }
            public E next() { return itr.previous(); }
            public void remove() { itr.remove(); }
        };
    }

    public Object clone() { return new LinkedList<>(this); }
}
