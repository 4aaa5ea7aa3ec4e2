package java.lang;

public abstract class Enum<E extends Enum<E>> implements Comparable<E>, java.io.Serializable {
    private final String name;
    private final int ordinal;

    protected Enum(String name, int ordinal) {
        this.name = name;
        this.ordinal = ordinal;
        // Constants register with their class in ordinal order (for valueOf).
        Class.of(Class.enumClassName(phantom.lang.Natives.className(this))).addEnumConstant(this);
    }

    public final String name() { return name; }
    public final int ordinal() { return ordinal; }
    public String toString() { return name; }
    public final boolean equals(Object o) { return this == o; }
    public final int hashCode() { return super.hashCode(); }
    public final int compareTo(E o) { return ordinal - ((Enum<?>) o).ordinal; }

    @SuppressWarnings("unchecked")
    public final Class<E> getDeclaringClass() {
        return (Class<E>) Class.of(Class.enumClassName(phantom.lang.Natives.className(this)));
    }

    public static <T extends Enum<T>> T valueOf(Class<T> type, String name) {
        if (name == null) throw new NullPointerException("Name is null");
        T t = type.enumConstant(name);
        if (t == null) throw new IllegalArgumentException("No enum constant " + type.getCanonicalName() + "." + name);
        return t;
    }
}
