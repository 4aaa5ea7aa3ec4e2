package java.util;

public class ArrayDeque<E> extends AbstractCollection<E> implements Deque<E>, Cloneable, java.io.Serializable {
    private Object[] elements;
    private int head, count;

    public ArrayDeque() { elements = new Object[16]; }
    public ArrayDeque(int n) { elements = new Object[Math.max(n, 1) + 1]; }
    public ArrayDeque(Collection<? extends E> c) {
        this(c.size());
        addAll(c);
    }

    private int index(int i) { return (head + i) % elements.length; }

    private void grow() {
        if (count == elements.length) {
            Object[] a = new Object[elements.length * 2];
            for (int i = 0; i < count; i++) a[i] = elements[index(i)];
            elements = a;
            head = 0;
        }
    }

    public int size() { return count; }
    public boolean isEmpty() { return count == 0; }

    public void addFirst(E e) {
        if (e == null) throw new NullPointerException();
        grow();
        head = (head - 1 + elements.length) % elements.length;
        elements[head] = e;
        count++;
    }

    public void addLast(E e) {
        if (e == null) throw new NullPointerException();
        grow();
        elements[index(count)] = e;
        count++;
    }

    public boolean add(E e) { addLast(e); return true; }
    public boolean offer(E e) { addLast(e); return true; }
    public boolean offerFirst(E e) { addFirst(e); return true; }
    public boolean offerLast(E e) { addLast(e); return true; }
    public void push(E e) { addFirst(e); }

    @SuppressWarnings("unchecked")
    public E pollFirst() {
        if (count == 0) return null;
        E e = (E) elements[head];
        elements[head] = null;
        head = (head + 1) % elements.length;
        count--;
        return e;
    }

    @SuppressWarnings("unchecked")
    public E pollLast() {
        if (count == 0) return null;
        int i = index(count - 1);
        E e = (E) elements[i];
        elements[i] = null;
        count--;
        return e;
    }

    public E removeFirst() {
        if (count == 0) throw new NoSuchElementException();
        return pollFirst();
    }

    public E removeLast() {
        if (count == 0) throw new NoSuchElementException();
        return pollLast();
    }

    public E poll() { return pollFirst(); }
    public E pop() { return removeFirst(); }
    public E remove() { return removeFirst(); }

    @SuppressWarnings("unchecked")
    public E peekFirst() { return count == 0 ? null : (E) elements[head]; }
    @SuppressWarnings("unchecked")
    public E peekLast() { return count == 0 ? null : (E) elements[index(count - 1)]; }
    public E peek() { return peekFirst(); }
    public E getFirst() {
        if (count == 0) throw new NoSuchElementException();
        return peekFirst();
    }
    public E getLast() {
        if (count == 0) throw new NoSuchElementException();
        return peekLast();
    }
    public E element() { return getFirst(); }

    private void removeAt(int i) {
        for (int k = i; k < count - 1; k++) elements[index(k)] = elements[index(k + 1)];
        elements[index(count - 1)] = null;
        count--;
    }

    public boolean removeFirstOccurrence(Object o) {
        for (int i = 0; i < count; i++) {
            if (Objects.equals(o, elements[index(i)])) {
                removeAt(i);
                return true;
            }
        }
        return false;
    }

    public boolean removeLastOccurrence(Object o) {
        for (int i = count - 1; i >= 0; i--) {
            if (Objects.equals(o, elements[index(i)])) {
                removeAt(i);
                return true;
            }
        }
        return false;
    }

    public boolean remove(Object o) { return removeFirstOccurrence(o); }

    public boolean contains(Object o) {
        for (int i = 0; i < count; i++) if (Objects.equals(o, elements[index(i)])) return true;
        return false;
    }

    public void clear() {
        for (int i = 0; i < count; i++) elements[index(i)] = null;
        head = count = 0;
    }

    private final class It implements Iterator<E> {
        private final boolean down;
        private int i;
        private int last = -1;
        It(boolean down) { this.down = down; }
        public boolean hasNext() { return i < count; }
        @SuppressWarnings("unchecked")
        public E next() {
            if (i >= count) throw new NoSuchElementException();
            last = down ? count - 1 - i : i;
            i++;
            return (E) elements[index(last)];
        }
        public void remove() {
            if (last < 0) throw new IllegalStateException();
            removeAt(last);
            if (!down) i--;
            last = -1;
        }
    }

    public Iterator<E> iterator() { return new It(false); }
    public Iterator<E> descendingIterator() { return new It(true); }
    public ArrayDeque<E> clone() { return new ArrayDeque<>(this); }
}
