package phantom.lang;

/** The members of java.lang.Throwable that the VM's boot module does not define. */
public final class ThrowableMethods {
    private ThrowableMethods() {}

    // (throwable, its suppressed list) pairs: rare, so a list searched by identity.
    private static final java.util.ArrayList<Object[]> suppressed = new java.util.ArrayList<>();

    @SuppressWarnings("unchecked")
    private static java.util.ArrayList<Throwable> listOf(Throwable t, boolean make) {
        for (int i = 0; i < suppressed.size(); i++) {
            Object[] e = suppressed.get(i);
            if (e[0] == t) return (java.util.ArrayList<Throwable>) e[1];
        }
        if (!make) return null;
        java.util.ArrayList<Throwable> l = new java.util.ArrayList<>();
        suppressed.add(new Object[] {t, l});
        return l;
    }

    public static void printStackTrace(Throwable t) {
        printTo(t, System.err);
    }

    public static void printStackTrace(Throwable t, java.io.PrintStream s) {
        printTo(t, s);
    }

    private static void printTo(Throwable t, java.io.PrintStream s) {
        s.println(t.toString());
        Throwable c = t.getCause();
        int depth = 0;
        while (c != null && c != t && depth < 32) {
            s.println("Caused by: " + c);
            c = c.getCause();
            depth++;
        }
    }

    public static Throwable fillInStackTrace(Throwable t) { return t; }

    public static StackTraceElement[] getStackTrace(Throwable t) { return new StackTraceElement[0]; }

    public static void setStackTrace(Throwable t, StackTraceElement[] st) {}

    public static synchronized void addSuppressed(Throwable t, Throwable s) {
        if (s == t) throw new IllegalArgumentException("Self-suppression not permitted", s);
        if (s == null) throw new NullPointerException("Cannot suppress a null exception.");
        listOf(t, true).add(s);
    }

    public static synchronized Throwable[] getSuppressed(Throwable t) {
        java.util.ArrayList<Throwable> l = listOf(t, false);
        if (l == null) return new Throwable[0];
        return l.toArray(new Throwable[0]);
    }
}
