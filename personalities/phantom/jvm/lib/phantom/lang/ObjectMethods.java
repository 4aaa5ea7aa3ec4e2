package phantom.lang;

/** The members of java.lang.Object that the VM's boot module does not define. */
public final class ObjectMethods {
    private ObjectMethods() {}

    public static Class<?> getClass(Object o) {
        return Class.of(Natives.className(o));
    }

    /** Object.clone: arrays and Cloneable objects are copied shallowly. */
    public static Object clone(Object o) throws CloneNotSupportedException {
        if (o.getClass().isArray() || o instanceof Cloneable) {
            return Natives.clone(o);
        }
        throw new CloneNotSupportedException(o.getClass().getName());
    }
}
