package java.lang;

import java.io.PrintStream;

public final class System {
    private System() {}

    /** Standard output: the calling thread's console (or the terminal of `phantom run`). */
    public static final PrintStream out = new PrintStream(false);
    /** Standard error: the same console (Phantom threads have one output). */
    public static final PrintStream err = new PrintStream(true);
    public static final java.io.InputStream in = new java.io.InputStream();

    public static long currentTimeMillis() { return phantom.System.currentTimeMillis(); }
    public static long nanoTime() { return phantom.System.nanoTime(); }
    public static native void arraycopy(Object src, int srcPos, Object dest, int destPos, int length);
    public static int identityHashCode(Object o) { return phantom.lang.Natives.identityHashCode(o); }
    public static String lineSeparator() { return "\n"; }
    public static String getProperty(String key) {
        switch (key) {
            case "line.separator": return "\n";
            case "java.version": return "17";
            case "os.name": return "Phantom";
            case "file.separator": return "/";
            case "path.separator": return ":";
            default: return null;
        }
    }
    public static String getProperty(String key, String def) {
        String v = getProperty(key);
        return v == null ? def : v;
    }
    public static String getenv(String name) { return null; }
    public static void gc() {}

    /**
     * Ends the program: Phantom has no process to end, so this throws an
     * Error that unwinds the calling thread (catch blocks for Throwable see it).
     */
    /** Ends the program: every thread it started, wherever they are (no
     *  finally blocks run); `phantom run` returns `status`. */
    public static void exit(int status) { phantom.System.exit(status); }
}
