package java.util;

import java.util.function.UnaryOperator;

public interface List<E> extends Collection<E> {
    E get(int index);
    E set(int index, E element);
    void add(int index, E element);
    E remove(int index);
    int indexOf(Object o);
    int lastIndexOf(Object o);
    ListIterator<E> listIterator();
    ListIterator<E> listIterator(int index);
    List<E> subList(int from, int to);
    boolean addAll(int index, Collection<? extends E> c);

    default void replaceAll(UnaryOperator<E> op) {
        for (int i = 0; i < size(); i++) set(i, op.apply(get(i)));
    }

    @SuppressWarnings("unchecked")
    default void sort(Comparator<? super E> c) {
        Object[] a = toArray();
        Arrays.sort(a, (Comparator) c);
        for (int i = 0; i < a.length; i++) set(i, (E) a[i]);
    }

    static <E> List<E> of() { return ImmutableCollections.list(); }
    static <E> List<E> of(E e1) { return ImmutableCollections.list(e1); }
    static <E> List<E> of(E e1, E e2) { return ImmutableCollections.list(e1, e2); }
    static <E> List<E> of(E e1, E e2, E e3) { return ImmutableCollections.list(e1, e2, e3); }
    static <E> List<E> of(E e1, E e2, E e3, E e4) { return ImmutableCollections.list(e1, e2, e3, e4); }
    static <E> List<E> of(E e1, E e2, E e3, E e4, E e5) { return ImmutableCollections.list(e1, e2, e3, e4, e5); }
    static <E> List<E> of(E e1, E e2, E e3, E e4, E e5, E e6) { return ImmutableCollections.list(e1, e2, e3, e4, e5, e6); }
    static <E> List<E> of(E e1, E e2, E e3, E e4, E e5, E e6, E e7) { return ImmutableCollections.list(e1, e2, e3, e4, e5, e6, e7); }
    static <E> List<E> of(E e1, E e2, E e3, E e4, E e5, E e6, E e7, E e8) { return ImmutableCollections.list(e1, e2, e3, e4, e5, e6, e7, e8); }
    static <E> List<E> of(E e1, E e2, E e3, E e4, E e5, E e6, E e7, E e8, E e9) { return ImmutableCollections.list(e1, e2, e3, e4, e5, e6, e7, e8, e9); }
    static <E> List<E> of(E e1, E e2, E e3, E e4, E e5, E e6, E e7, E e8, E e9, E e10) { return ImmutableCollections.list(e1, e2, e3, e4, e5, e6, e7, e8, e9, e10); }
    @SafeVarargs
    static <E> List<E> of(E... es) { return ImmutableCollections.list(es); }
    @SuppressWarnings("unchecked")
    static <E> List<E> copyOf(Collection<? extends E> c) { return (List<E>) ImmutableCollections.list(c.toArray()); }
}
