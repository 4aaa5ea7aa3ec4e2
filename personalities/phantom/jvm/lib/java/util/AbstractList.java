package java.util;

public abstract class AbstractList<E> extends AbstractCollection<E> implements List<E> {
    protected transient int modCount = 0;

    protected AbstractList() {}

    public abstract E get(int index);

    public boolean add(E e) {
        add(size(), e);
        return true;
    }

    public E set(int index, E e) { throw new UnsupportedOperationException(); }
    public void add(int index, E e) { throw new UnsupportedOperationException(); }
    public E remove(int index) { throw new UnsupportedOperationException(); }

    public int indexOf(Object o) {
        for (int i = 0, n = size(); i < n; i++) if (Objects.equals(o, get(i))) return i;
        return -1;
    }

    public int lastIndexOf(Object o) {
        for (int i = size() - 1; i >= 0; i--) if (Objects.equals(o, get(i))) return i;
        return -1;
    }

    public void clear() { removeRange(0, size()); }

    protected void removeRange(int from, int to) {
        for (int i = to - 1; i >= from; i--) remove(i);
    }

    public boolean addAll(int index, Collection<? extends E> c) {
        for (E e : c) add(index++, e);
        return !c.isEmpty();
    }

    public Iterator<E> iterator() { return listIterator(0); }
    public ListIterator<E> listIterator() { return listIterator(0); }

    public ListIterator<E> listIterator(int index) {
        if (index < 0 || index > size()) throw new IndexOutOfBoundsException("Index: " + index);
        return new Itr(index);
    }

    private class Itr implements ListIterator<E> {
        int cursor;
        int last = -1;
        int expected = modCount;

        Itr(int at) { cursor = at; }

        final void check() {
            if (modCount != expected) throw new ConcurrentModificationException();
        }

        public boolean hasNext() { return cursor != size(); }

        public E next() {
            check();
            int i = cursor;
            if (i >= size()) throw new NoSuchElementException();
            E e = get(i);
            last = i;
            cursor = i + 1;
            return e;
        }

        public boolean hasPrevious() { return cursor != 0; }

        public E previous() {
            check();
            int i = cursor - 1;
            if (i < 0) throw new NoSuchElementException();
            E e = get(i);
            last = cursor = i;
            return e;
        }

        public int nextIndex() { return cursor; }
        public int previousIndex() { return cursor - 1; }

        public void remove() {
            if (last < 0) throw new IllegalStateException();
            check();
            AbstractList.this.remove(last);
            if (last < cursor) cursor--;
            last = -1;
            expected = modCount;
        }

        public void set(E e) {
            if (last < 0) throw new IllegalStateException();
            check();
            AbstractList.this.set(last, e);
            expected = modCount;
        }

        public void add(E e) {
            check();
            AbstractList.this.add(cursor++, e);
            last = -1;
            expected = modCount;
        }
    }

    public List<E> subList(int from, int to) {
        if (from < 0) throw new IndexOutOfBoundsException("fromIndex = " + from);
        if (to > size()) throw new IndexOutOfBoundsException("toIndex = " + to);
        if (from > to) throw new IllegalArgumentException("fromIndex(" + from + ") > toIndex(" + to + ")");
        return new SubList<>(this, from, to);
    }

    private static final class SubList<E> extends AbstractList<E> {
        private final AbstractList<E> root;
        private final int offset;
        private int size;

        SubList(AbstractList<E> root, int from, int to) {
            this.root = root;
            this.offset = from;
            this.size = to - from;
            this.modCount = root.modCount;
        }

        private void check(int i, int n) {
            if (i < 0 || i >= n) throw new IndexOutOfBoundsException("Index " + i + " out of bounds for length " + n);
        }

        public E get(int i) {
            check(i, size);
            return root.get(offset + i);
        }

        public E set(int i, E e) {
            check(i, size);
            return root.set(offset + i, e);
        }

        public int size() { return size; }

        public void add(int i, E e) {
            if (i < 0 || i > size) throw new IndexOutOfBoundsException("Index: " + i + ", Size: " + size);
            root.add(offset + i, e);
            size++;
            modCount++;
        }

        public E remove(int i) {
            check(i, size);
            E e = root.remove(offset + i);
            size--;
            modCount++;
            return e;
        }
    }

    public boolean equals(Object o) {
        if (o == this) return true;
        if (!(o instanceof List)) return false;
        Iterator<E> a = iterator();
        Iterator<?> b = ((List<?>) o).iterator();
        while (a.hasNext() && b.hasNext()) {
            if (!Objects.equals(a.next(), b.next())) return false;
        }
        return !(a.hasNext() || b.hasNext());
    }

    public int hashCode() {
        int h = 1;
        for (E e : this) h = 31 * h + (e == null ? 0 : e.hashCode());
        return h;
    }
}
