package phantom;

/**
 * Declaration only (defined by the VM's boot module): the clock, sleeping,
 * threads, snapshots and the world's persistent root.
 */
public final class System {
    private System() {}
    public static native long nanoTime();
    public static native long currentTimeMillis();
    public static native void sleep(long ms);
    public static native void yield();
    /** Waits until a snapshot of the world is durable. */
    public static native void snapshot();
    /** The number of durable snapshots so far. */
    public static native long snapshots();
    public static native int threadId();
    /** Whether the calling thread runs a program's main (not a started thread). */
    public static native boolean isMain();
    /** The world's persistent root object (null until set). */
    public static native Object root();
    public static native void setRoot(Object o);
    /** Starts a thread running {@code o.run()}; returns its id. */
    public static native int start(Object o);
    public static native void join(int thread);
    /** Ends every thread of the calling program, the caller included. */
    public static native void exit(int status);
}
