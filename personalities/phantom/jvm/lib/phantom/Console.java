package phantom;

/** Declaration only (defined by the VM's boot module): console output of the calling thread. */
public final class Console {
    private Console() {}
    public static native void print(String s);
    public static native void println(String s);
    public static native void printInt(long v);
}
