package java.lang;

/** The running world as far as programs ask about it: one processor, memory figures, exit. */
public class Runtime {
    private static final Runtime RUNTIME = new Runtime();

    private Runtime() {}

    public static Runtime getRuntime() { return RUNTIME; }

    /** Phantom's threads share one processor. */
    public int availableProcessors() { return 1; }

    public long freeMemory() { return 256L << 20; }
    public long totalMemory() { return 512L << 20; }
    public long maxMemory() { return 512L << 20; }
    public void gc() {}
    public void runFinalization() {}
    public void exit(int status) { System.exit(status); }
    public void halt(int status) { System.exit(status); }
}
