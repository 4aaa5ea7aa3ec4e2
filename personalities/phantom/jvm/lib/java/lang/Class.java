package java.lang;

/**
 * Classes as values: what class literals and getClass() give. Phantom has no
 * reflection; a Class knows its name and, for enums, its constants.
 */
public final class Class<T> implements java.io.Serializable {
    private static final java.util.HashMap<String, Class<?>> ALL = new java.util.HashMap<>();

    private final String name; // internal name: java/lang/String, [I
    private java.util.ArrayList<Object> constants;

    private Class(String name) { this.name = name; }

    /** The Class for an internal name (what the converter's `ldc` of a class calls). */
    public static Class<?> of(String internalName) {
        synchronized (ALL) {
            Class<?> c = ALL.get(internalName);
            if (c == null) {
                c = new Class<Object>(internalName);
                ALL.put(internalName, c);
            }
            return c;
        }
    }

    /** The enum class of a constant's class (constants with bodies are subclasses named E$1, E$2, ...). */
    static String enumClassName(String n) {
        int d = n.lastIndexOf('$');
        if (d > 0 && d + 1 < n.length()) {
            for (int i = d + 1; i < n.length(); i++) if (!Character.isDigit(n.charAt(i))) return n;
            return n.substring(0, d);
        }
        return n;
    }

    synchronized void addEnumConstant(Object e) {
        // Classes are known by name in the whole world, and a program loaded
        // later may have an enum of the same name as an earlier one's: the
        // constant of ordinal 0 starts the list anew.
        if (constants == null || ((Enum<?>) e).ordinal() == 0) constants = new java.util.ArrayList<>();
        constants.add(e);
    }

    @SuppressWarnings("unchecked")
    synchronized T enumConstant(String n) {
        if (constants == null) return null;
        for (Object o : constants) if (((Enum<?>) o).name().equals(n)) return (T) o;
        return null;
    }

    @SuppressWarnings("unchecked")
    public synchronized T[] getEnumConstants() {
        if (constants == null) return null;
        Object[] a = new Object[constants.size()];
        for (int i = 0; i < a.length; i++) a[i] = constants.get(i);
        return (T[]) a;
    }

    public boolean isEnum() { return constants != null; }
    public boolean isArray() { return name.startsWith("["); }

    public String getName() { return name.replace('/', '.'); }

    public String getSimpleName() {
        if (isArray()) {
            String e = name.substring(1);
            String inner;
            switch (e.charAt(0)) {
                case 'I': inner = "int"; break;
                case 'J': inner = "long"; break;
                case 'D': inner = "double"; break;
                case 'F': inner = "float"; break;
                case 'Z': inner = "boolean"; break;
                case 'B': inner = "byte"; break;
                case 'C': inner = "char"; break;
                case 'S': inner = "short"; break;
                case '[': inner = of(e).getSimpleName(); break;
                default: inner = of(e.substring(1, e.length() - 1)).getSimpleName();
            }
            return inner + "[]";
        }
        String s = name.substring(name.lastIndexOf('/') + 1);
        int d = s.lastIndexOf('$');
        if (d >= 0) {
            s = s.substring(d + 1);
            if (s.length() > 0 && Character.isDigit(s.charAt(0))) return "";
        }
        return s;
    }

    public String getCanonicalName() {
        if (isArray()) return getSimpleName();
        return name.replace('/', '.').replace('$', '.');
    }

    public String getTypeName() { return isArray() ? getSimpleName() : getName(); }
    public String getPackageName() {
        int i = name.lastIndexOf('/');
        return i < 0 ? "" : name.substring(0, i).replace('/', '.');
    }

    public String toString() { return "class " + getName(); }
    public boolean desiredAssertionStatus() { return false; }
}
