package java.util;

import java.util.function.Consumer;
import java.util.function.Predicate;
import java.util.function.UnaryOperator;

public class Vector<E> extends AbstractList<E> implements List<E>, RandomAccess, Cloneable, java.io.Serializable {
    private Object[] elementData;
    private int size;

    public Vector() { elementData = new Object[10]; }

    public Vector(int capacity) {
        if (capacity < 0) throw new IllegalArgumentException("Illegal Capacity: " + capacity);
        elementData = new Object[capacity];
    }

    public Vector(Collection<? extends E> c) {
        Object[] a = c.toArray();
        size = a.length;
        elementData = new Object[size + 1];
        System.arraycopy(a, 0, elementData, 0, size);
    }

    private void grow(int need) {
        if (need > elementData.length) {
            int n = elementData.length + (elementData.length >> 1) + 1;
            if (n < need) n = need;
            Object[] a = new Object[n];
            System.arraycopy(elementData, 0, a, 0, size);
            elementData = a;
        }
    }

    public synchronized void ensureCapacity(int n) { grow(n); }
    public synchronized void trimToSize() {}

    private void checkIndex(int i) {
        if (i < 0 || i >= size) throw new IndexOutOfBoundsException("Index " + i + " out of bounds for length " + size);
    }

    public synchronized int size() { return size; }
    public synchronized boolean isEmpty() { return size == 0; }

    @SuppressWarnings("unchecked")
    public synchronized E get(int i) {
        checkIndex(i);
        return (E) elementData[i];
    }

    @SuppressWarnings("unchecked")
    public synchronized E set(int i, E e) {
        checkIndex(i);
        E old = (E) elementData[i];
        elementData[i] = e;
        return old;
    }

    public synchronized boolean add(E e) {
        modCount++;
        grow(size + 1);
        elementData[size++] = e;
        return true;
    }

    public synchronized void add(int i, E e) {
        if (i < 0 || i > size) throw new IndexOutOfBoundsException("Index: " + i + ", Size: " + size);
        modCount++;
        grow(size + 1);
        System.arraycopy(elementData, i, elementData, i + 1, size - i);
        elementData[i] = e;
        size++;
    }

    @SuppressWarnings("unchecked")
    public synchronized E remove(int i) {
        checkIndex(i);
        modCount++;
        E old = (E) elementData[i];
        System.arraycopy(elementData, i + 1, elementData, i, size - i - 1);
        elementData[--size] = null;
        return old;
    }

    public synchronized boolean remove(Object o) {
        int i = indexOf(o);
        if (i < 0) return false;
        remove(i);
        return true;
    }

    protected void removeRange(int from, int to) {
        modCount++;
        System.arraycopy(elementData, to, elementData, from, size - to);
        for (int i = size - (to - from); i < size; i++) elementData[i] = null;
        size -= to - from;
    }

    public synchronized void clear() {
        modCount++;
        for (int i = 0; i < size; i++) elementData[i] = null;
        size = 0;
    }

    public synchronized int indexOf(Object o) {
        for (int i = 0; i < size; i++) if (Objects.equals(o, elementData[i])) return i;
        return -1;
    }

    public synchronized int lastIndexOf(Object o) {
        for (int i = size - 1; i >= 0; i--) if (Objects.equals(o, elementData[i])) return i;
        return -1;
    }

    public synchronized boolean contains(Object o) { return indexOf(o) >= 0; }

    public synchronized boolean addAll(Collection<? extends E> c) {
        Object[] a = c.toArray();
        modCount++;
        grow(size + a.length);
        System.arraycopy(a, 0, elementData, size, a.length);
        size += a.length;
        return a.length != 0;
    }

    public synchronized boolean addAll(int i, Collection<? extends E> c) {
        if (i < 0 || i > size) throw new IndexOutOfBoundsException("Index: " + i + ", Size: " + size);
        Object[] a = c.toArray();
        modCount++;
        grow(size + a.length);
        System.arraycopy(elementData, i, elementData, i + a.length, size - i);
        System.arraycopy(a, 0, elementData, i, a.length);
        size += a.length;
        return a.length != 0;
    }

    public synchronized Object[] toArray() { return Arrays.copyOf(elementData, size); }

    @SuppressWarnings("unchecked")
    public synchronized <T> T[] toArray(T[] a) {
        if (a.length < size) a = (T[]) phantom.lang.Natives.newArrayLike(a, size);
        System.arraycopy(elementData, 0, a, 0, size);
        if (a.length > size) a[size] = null;
        return a;
    }

    @SuppressWarnings("unchecked")
    public synchronized void forEach(Consumer<? super E> action) {
        int expected = modCount;
        for (int i = 0; i < size && modCount == expected; i++) action.accept((E) elementData[i]);
        if (modCount != expected) throw new ConcurrentModificationException();
    }

    @SuppressWarnings("unchecked")
    public synchronized boolean removeIf(Predicate<? super E> filter) {
        int j = 0;
        for (int i = 0; i < size; i++) {
            E e = (E) elementData[i];
            if (!filter.test(e)) elementData[j++] = e;
        }
        boolean changed = j != size;
        for (int i = j; i < size; i++) elementData[i] = null;
        if (changed) modCount++;
        size = j;
        return changed;
    }

    @SuppressWarnings("unchecked")
    public synchronized void replaceAll(UnaryOperator<E> op) {
        for (int i = 0; i < size; i++) elementData[i] = op.apply((E) elementData[i]);
        modCount++;
    }

    @SuppressWarnings("unchecked")
    public synchronized void sort(Comparator<? super E> c) {
        int expected = modCount;
        Arrays.sort((E[]) elementData, 0, size, c);
        if (modCount != expected) throw new ConcurrentModificationException();
        modCount++;
    }

    public synchronized Object clone() {
        Vector<E> l = new Vector<>(size);
        System.arraycopy(elementData, 0, l.elementData, 0, size);
        l.size = size;
        return l;
    }
    public synchronized void addElement(E e) { add(e); }
    public synchronized E elementAt(int i) { return get(i); }
    public synchronized E firstElement() {
        if (size() == 0) throw new NoSuchElementException();
        return get(0);
    }
    public synchronized E lastElement() {
        if (size() == 0) throw new NoSuchElementException();
        return get(size() - 1);
    }
    public synchronized void removeElementAt(int i) { remove(i); }
    public synchronized void insertElementAt(E e, int i) { add(i, e); }
    public synchronized boolean removeElement(Object o) { return remove(o); }
    public synchronized void removeAllElements() { clear(); }
    public synchronized void setElementAt(E e, int i) { set(i, e); }

    public Enumeration<E> elements() {
        return new Enumeration<E>() {
            private int i;
            public boolean hasMoreElements() { return i < size(); }
            public E nextElement() {
                synchronized (Vector.this) {
                    if (i < size()) return get(i++);
                }
                throw new NoSuchElementException("Vector Enumeration");
            }
        };
    }
}
