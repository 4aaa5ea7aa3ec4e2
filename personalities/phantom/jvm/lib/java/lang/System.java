package java.lang;

import java.io.PrintStream;

public final class System {
    private System() {}

    public static final PrintStream out = new PrintStream(false);
    public static final PrintStream err = new PrintStream(true);

    public static long currentTimeMillis() { return phantom.System.currentTimeMillis(); }
    public static long nanoTime() { return phantom.System.nanoTime(); }
    public static String lineSeparator() { return "\n"; }
}
