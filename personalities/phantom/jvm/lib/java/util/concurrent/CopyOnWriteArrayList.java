package java.util.concurrent;

import java.util.AbstractList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Comparator;
import java.util.ListIterator;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.RandomAccess;
import java.util.function.Consumer;
import java.util.function.Predicate;
import java.util.function.UnaryOperator;

/**
 * A list whose every change makes a new array: readers and iterators work
 * on the array of the moment and never see a change half made (iterators
 * do not support remove, set or add).
 */
public class CopyOnWriteArrayList<E> extends AbstractList<E> implements RandomAccess, Cloneable, java.io.Serializable {
    private volatile Object[] array;

    public CopyOnWriteArrayList() { array = new Object[0]; }

    public CopyOnWriteArrayList(Collection<? extends E> c) { array = c.toArray().clone(); }

    public CopyOnWriteArrayList(E[] toCopyIn) {
        Object[] a = new Object[toCopyIn.length];
        System.arraycopy(toCopyIn, 0, a, 0, a.length);
        array = a;
    }

    public int size() { return array.length; }
    public boolean isEmpty() { return array.length == 0; }

    @SuppressWarnings("unchecked")
    public E get(int index) { return (E) array[index]; }

    private static int indexOf(Object o, Object[] a, int from, int to) {
        for (int i = from; i < to; i++) if (Objects.equals(o, a[i])) return i;
        return -1;
    }

    public int indexOf(Object o) {
        Object[] a = array;
        return indexOf(o, a, 0, a.length);
    }

    public int indexOf(E e, int index) {
        Object[] a = array;
        return indexOf(e, a, index, a.length);
    }

    public int lastIndexOf(Object o) {
        Object[] a = array;
        for (int i = a.length - 1; i >= 0; i--) if (Objects.equals(o, a[i])) return i;
        return -1;
    }

    public int lastIndexOf(E e, int index) {
        Object[] a = array;
        for (int i = index; i >= 0; i--) if (Objects.equals(e, a[i])) return i;
        return -1;
    }

    public boolean contains(Object o) { return indexOf(o) >= 0; }

    @SuppressWarnings("unchecked")
    public synchronized E set(int index, E element) {
        Object[] a = array;
        E old = (E) a[index];
        if (old != element) {
            a = a.clone();
            a[index] = element;
            array = a;
        }
        return old;
    }

    public synchronized boolean add(E e) {
        Object[] a = array;
        Object[] b = Arrays.copyOf(a, a.length + 1);
        b[a.length] = e;
        array = b;
        return true;
    }

    public synchronized void add(int index, E element) {
        Object[] a = array;
        if (index > a.length || index < 0) throw new IndexOutOfBoundsException("Index: " + index + ", Size: " + a.length);
        Object[] b = new Object[a.length + 1];
        System.arraycopy(a, 0, b, 0, index);
        b[index] = element;
        System.arraycopy(a, index, b, index + 1, a.length - index);
        array = b;
    }

    @SuppressWarnings("unchecked")
    public synchronized E remove(int index) {
        Object[] a = array;
        E old = (E) a[index];
        Object[] b = new Object[a.length - 1];
        System.arraycopy(a, 0, b, 0, index);
        System.arraycopy(a, index + 1, b, index, a.length - index - 1);
        array = b;
        return old;
    }

    public synchronized boolean remove(Object o) {
        int i = indexOf(o);
        if (i < 0) return false;
        remove(i);
        return true;
    }

    public synchronized boolean addIfAbsent(E e) {
        if (contains(e)) return false;
        return add(e);
    }

    public synchronized int addAllAbsent(Collection<? extends E> c) {
        int n = 0;
        for (E e : c) if (addIfAbsent(e)) n++;
        return n;
    }

    public synchronized void clear() { array = new Object[0]; }

    public synchronized boolean addAll(Collection<? extends E> c) {
        Object[] add = c.toArray();
        if (add.length == 0) return false;
        Object[] a = array;
        Object[] b = Arrays.copyOf(a, a.length + add.length);
        System.arraycopy(add, 0, b, a.length, add.length);
        array = b;
        return true;
    }

    public synchronized boolean addAll(int index, Collection<? extends E> c) {
        Object[] add = c.toArray();
        Object[] a = array;
        if (index > a.length || index < 0) throw new IndexOutOfBoundsException("Index: " + index + ", Size: " + a.length);
        if (add.length == 0) return false;
        Object[] b = new Object[a.length + add.length];
        System.arraycopy(a, 0, b, 0, index);
        System.arraycopy(add, 0, b, index, add.length);
        System.arraycopy(a, index, b, index + add.length, a.length - index);
        array = b;
        return true;
    }

    @SuppressWarnings("unchecked")
    public synchronized boolean removeIf(Predicate<? super E> filter) {
        Objects.requireNonNull(filter);
        Object[] a = array;
        Object[] keep = new Object[a.length];
        int n = 0;
        for (Object x : a) if (!filter.test((E) x)) keep[n++] = x;
        if (n == a.length) return false;
        array = Arrays.copyOf(keep, n);
        return true;
    }

    public boolean removeAll(Collection<?> c) {
        Objects.requireNonNull(c);
        return removeIf(c::contains);
    }

    public boolean retainAll(Collection<?> c) {
        Objects.requireNonNull(c);
        return removeIf(e -> !c.contains(e));
    }

    @SuppressWarnings("unchecked")
    public synchronized void replaceAll(UnaryOperator<E> op) {
        Objects.requireNonNull(op);
        Object[] a = array.clone();
        for (int i = 0; i < a.length; i++) a[i] = op.apply((E) a[i]);
        array = a;
    }

    @SuppressWarnings("unchecked")
    public synchronized void sort(Comparator<? super E> c) {
        Object[] a = array.clone();
        Arrays.sort(a, (Comparator<Object>) c);
        array = a;
    }

    @SuppressWarnings("unchecked")
    public void forEach(Consumer<? super E> action) {
        Objects.requireNonNull(action);
        for (Object x : array) action.accept((E) x);
    }

    public Object[] toArray() { return array.clone(); }

    @SuppressWarnings("unchecked")
    public <T> T[] toArray(T[] a) {
        Object[] s = array;
        if (a.length < s.length) a = (T[]) phantom.lang.Natives.newArrayLike(a, s.length);
        System.arraycopy(s, 0, a, 0, s.length);
        if (a.length > s.length) a[s.length] = null;
        return a;
    }

    public java.util.Iterator<E> iterator() { return new Snapshot<E>(array, 0); }

    public ListIterator<E> listIterator() { return new Snapshot<E>(array, 0); }

    public ListIterator<E> listIterator(int index) {
        Object[] a = array;
        if (index < 0 || index > a.length) throw new IndexOutOfBoundsException("Index: " + index);
        return new Snapshot<E>(a, index);
    }

    /** An iterator over the array of the moment it was made. */
    static final class Snapshot<E> implements ListIterator<E> {
        private final Object[] a;
        private int cursor;

        Snapshot(Object[] a, int from) {
            this.a = a;
            cursor = from;
        }

        public boolean hasNext() { return cursor < a.length; }
        public boolean hasPrevious() { return cursor > 0; }

        @SuppressWarnings("unchecked")
        public E next() {
            if (cursor >= a.length) throw new NoSuchElementException();
            return (E) a[cursor++];
        }

        @SuppressWarnings("unchecked")
        public E previous() {
            if (cursor <= 0) throw new NoSuchElementException();
            return (E) a[--cursor];
        }

        public int nextIndex() { return cursor; }
        public int previousIndex() { return cursor - 1; }
        public void remove() { throw new UnsupportedOperationException(); }
        public void set(E e) { throw new UnsupportedOperationException(); }
        public void add(E e) { throw new UnsupportedOperationException(); }

        @SuppressWarnings("unchecked")
        public void forEachRemaining(Consumer<? super E> action) {
            Objects.requireNonNull(action);
            while (cursor < a.length) action.accept((E) a[cursor++]);
        }
    }

    @SuppressWarnings("unchecked")
    public Object clone() { return new CopyOnWriteArrayList<E>((E[]) array); }
}
