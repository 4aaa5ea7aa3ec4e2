package java.util;

public interface Set<E> extends Collection<E> {
    static <E> Set<E> of() { return ImmutableCollections.set(); }
    static <E> Set<E> of(E e1) { return ImmutableCollections.set(e1); }
    static <E> Set<E> of(E e1, E e2) { return ImmutableCollections.set(e1, e2); }
    static <E> Set<E> of(E e1, E e2, E e3) { return ImmutableCollections.set(e1, e2, e3); }
    static <E> Set<E> of(E e1, E e2, E e3, E e4) { return ImmutableCollections.set(e1, e2, e3, e4); }
    static <E> Set<E> of(E e1, E e2, E e3, E e4, E e5) { return ImmutableCollections.set(e1, e2, e3, e4, e5); }
    static <E> Set<E> of(E e1, E e2, E e3, E e4, E e5, E e6) { return ImmutableCollections.set(e1, e2, e3, e4, e5, e6); }
    static <E> Set<E> of(E e1, E e2, E e3, E e4, E e5, E e6, E e7) { return ImmutableCollections.set(e1, e2, e3, e4, e5, e6, e7); }
    static <E> Set<E> of(E e1, E e2, E e3, E e4, E e5, E e6, E e7, E e8) { return ImmutableCollections.set(e1, e2, e3, e4, e5, e6, e7, e8); }
    @SafeVarargs
    static <E> Set<E> of(E... es) { return ImmutableCollections.set(es); }
    @SuppressWarnings("unchecked")
    static <E> Set<E> copyOf(Collection<? extends E> c) { return (Set<E>) ImmutableCollections.set(c.toArray()); }
}
