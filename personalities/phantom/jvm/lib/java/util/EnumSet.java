package java.util;

/**
 * A set of the constants of one enum, as bits indexed by ordinal; it
 * iterates in ordinal order. (The enum's constants are looked up when the
 * set first needs them: its class must have been initialized by then, which
 * using any of its constants does.)
 */
public abstract class EnumSet<E extends Enum<E>> extends AbstractSet<E> implements Cloneable, java.io.Serializable {
    final Class<E> elementType;

    EnumSet(Class<E> elementType) { this.elementType = elementType; }

    static <E extends Enum<E>> Enum<?>[] universe(Class<E> type) {
        // Through Class<?>: getEnumConstants gives an Object[] here, not an E[].
        Object[] u = ((Class<?>) type).getEnumConstants();
        if (u == null) throw new IllegalStateException(type.getName() + " is not initialized (use one of its constants first)");
        Enum<?>[] r = new Enum<?>[u.length];
        for (int i = 0; i < u.length; i++) r[i] = (Enum<?>) u[i];
        return r;
    }

    public static <E extends Enum<E>> EnumSet<E> noneOf(Class<E> elementType) {
        if (elementType == null) throw new NullPointerException();
        return new Bits<>(elementType);
    }

    public static <E extends Enum<E>> EnumSet<E> allOf(Class<E> elementType) {
        Bits<E> s = new Bits<>(elementType);
        int n = universe(elementType).length;
        for (int i = 0; i < n; i++) s.setBit(i);
        return s;
    }

    public static <E extends Enum<E>> EnumSet<E> copyOf(EnumSet<E> s) { return s.clone(); }

    public static <E extends Enum<E>> EnumSet<E> copyOf(Collection<E> c) {
        if (c instanceof EnumSet) return ((EnumSet<E>) c).clone();
        Iterator<E> it = c.iterator();
        if (!it.hasNext()) throw new IllegalArgumentException("Collection is empty");
        E first = it.next();
        EnumSet<E> s = of(first);
        while (it.hasNext()) s.add(it.next());
        return s;
    }

    public static <E extends Enum<E>> EnumSet<E> complementOf(EnumSet<E> s) {
        Bits<E> r = new Bits<>(s.elementType);
        int n = universe(s.elementType).length;
        for (int i = 0; i < n; i++) if (!((Bits<E>) s).hasBit(i)) r.setBit(i);
        return r;
    }

    public static <E extends Enum<E>> EnumSet<E> of(E e) {
        EnumSet<E> s = noneOf(e.getDeclaringClass());
        s.add(e);
        return s;
    }

    public static <E extends Enum<E>> EnumSet<E> of(E e1, E e2) {
        EnumSet<E> s = of(e1);
        s.add(e2);
        return s;
    }

    public static <E extends Enum<E>> EnumSet<E> of(E e1, E e2, E e3) {
        EnumSet<E> s = of(e1, e2);
        s.add(e3);
        return s;
    }

    public static <E extends Enum<E>> EnumSet<E> of(E e1, E e2, E e3, E e4) {
        EnumSet<E> s = of(e1, e2, e3);
        s.add(e4);
        return s;
    }

    public static <E extends Enum<E>> EnumSet<E> of(E e1, E e2, E e3, E e4, E e5) {
        EnumSet<E> s = of(e1, e2, e3, e4);
        s.add(e5);
        return s;
    }

    @SafeVarargs
    public static <E extends Enum<E>> EnumSet<E> of(E first, E... rest) {
        EnumSet<E> s = of(first);
        for (E e : rest) s.add(e);
        return s;
    }

    public static <E extends Enum<E>> EnumSet<E> range(E from, E to) {
        if (from.compareTo(to) > 0) throw new IllegalArgumentException(from + " > " + to);
        Bits<E> s = new Bits<>(from.getDeclaringClass());
        for (int i = from.ordinal(); i <= to.ordinal(); i++) s.setBit(i);
        return s;
    }

    public abstract EnumSet<E> clone();

    /** The one implementation: a growing array of 64-bit words. */
    private static final class Bits<E extends Enum<E>> extends EnumSet<E> {
        private long[] words = new long[1];
        private int count;
        private Enum<?>[] universe;

        Bits(Class<E> type) { super(type); }

        boolean hasBit(int i) {
            int w = i >>> 6;
            return w < words.length && (words[w] & (1L << i)) != 0;
        }

        boolean setBit(int i) {
            int w = i >>> 6;
            if (w >= words.length) words = Arrays.copyOf(words, Math.max(w + 1, words.length * 2));
            if ((words[w] & (1L << i)) != 0) return false;
            words[w] |= 1L << i;
            count++;
            return true;
        }

        boolean clearBit(int i) {
            if (!hasBit(i)) return false;
            words[i >>> 6] &= ~(1L << i);
            count--;
            return true;
        }

        private int ordinalOf(Object o) {
            if (o == null || !(o instanceof Enum)) return -1;
            Enum<?> e = (Enum<?>) o;
            if (e.getDeclaringClass() != elementType) return -1;
            return e.ordinal();
        }

        @SuppressWarnings("unchecked")
        private E constant(int i) {
            if (universe == null || i >= universe.length) universe = universe(elementType);
            return (E) universe[i];
        }

        public int size() { return count; }
        public boolean isEmpty() { return count == 0; }

        public boolean contains(Object o) {
            int i = ordinalOf(o);
            return i >= 0 && hasBit(i);
        }

        public boolean add(E e) {
            if (e == null) throw new NullPointerException();
            if (e.getDeclaringClass() != elementType) throw new ClassCastException(e.getClass() + " != " + elementType);
            return setBit(e.ordinal());
        }

        public boolean remove(Object o) {
            int i = ordinalOf(o);
            return i >= 0 && clearBit(i);
        }

        public void clear() {
            Arrays.fill(words, 0L);
            count = 0;
        }

        public Iterator<E> iterator() {
            return new Iterator<E>() {
                private int next = find(0);
                private int last = -1;

                private int find(int from) {
                    int n = words.length * 64;
                    for (int i = from; i < n; i++) if (hasBit(i)) return i;
                    return -1;
                }

                public boolean hasNext() { return next >= 0; }

                public E next() {
                    if (next < 0) throw new NoSuchElementException();
                    last = next;
                    next = find(next + 1);
                    return constant(last);
                }

                public void remove() {
                    if (last < 0) throw new IllegalStateException();
                    clearBit(last);
                    last = -1;
                }
            };
        }

        public EnumSet<E> clone() {
            Bits<E> s = new Bits<>(elementType);
            s.words = words.clone();
            s.count = count;
            s.universe = universe;
            return s;
        }
    }
}
