package java.lang;

/**
 * Threads of the Phantom world (phantom.System.start/join/sleep). They are
 * persistent like everything else: a sleeping thread goes on sleeping after
 * a restart. interrupt() only sets the flag (a sleep is not cut short).
 */
public class Thread implements Runnable {
    private static final java.util.HashMap<Integer, Thread> BY_ID = new java.util.HashMap<>();
    private static int created;
    private static long nextId = 2;

    private final Runnable target;
    private String name;
    private final long tid;
    private int id = -1; // the VM's thread id, once started
    private volatile boolean done;
    private boolean daemon;
    private int priority = 5;
    private volatile boolean interrupted;
    private UncaughtExceptionHandler handler;
    /** The values of this thread's ThreadLocals. */
    java.util.HashMap<ThreadLocal<?>, Object> locals;

    public interface UncaughtExceptionHandler {
        void uncaughtException(Thread t, Throwable e);
    }

    public Thread() { this(null, null); }
    public Thread(Runnable target) { this(target, null); }
    public Thread(String name) { this(null, name); }
    public Thread(Runnable target, String name) {
        this.target = target;
        synchronized (Thread.class) {
            this.name = name != null ? name : "Thread-" + created++;
            this.tid = nextId++;
        }
    }

    private Thread(String name, int vmId) {
        this.target = null;
        this.name = name;
        this.tid = vmId == 0 ? 1 : nextId++;
        this.id = vmId;
    }

    /** What the VM runs in the new thread: run(), then the bookkeeping. */
    private static final class Start implements Runnable {
        private final Thread t;
        Start(Thread t) { this.t = t; }
        public void run() {
            // Known by currentThread() before anything runs: the starting
            // thread may not have registered this one yet.
            int me = phantom.System.threadId();
            synchronized (BY_ID) {
                BY_ID.put(me, t);
            }
            try {
                t.run();
            } catch (Throwable e) {
                if (t.handler != null) {
                    t.handler.uncaughtException(t, e);
                } else {
                    System.err.print("Exception in thread \"" + t.name + "\" ");
                    e.printStackTrace();
                }
            } finally {
                // Forgotten once done: the world is persistent, and an ended thread's id may be reused.
                synchronized (BY_ID) {
                    t.done = true;
                    BY_ID.remove(me);
                }
                synchronized (t) {
                    t.notifyAll();
                }
            }
        }
    }

    public synchronized void start() {
        if (id >= 0) throw new IllegalThreadStateException();
        id = phantom.System.start(new Start(this));
        synchronized (BY_ID) {
            if (!done) BY_ID.put(id, this);
        }
    }

    public void run() {
        if (target != null) target.run();
    }

    public static Thread currentThread() {
        int me = phantom.System.threadId();
        synchronized (BY_ID) {
            Thread t = BY_ID.get(me);
            if (t == null) {
                t = new Thread(phantom.System.isMain() ? "main" : "Thread-vm-" + me, me);
                BY_ID.put(me, t);
            }
            return t;
        }
    }

    public final void join() throws InterruptedException {
        if (id >= 0) phantom.System.join(id);
    }

    public final void join(long millis) throws InterruptedException {
        if (millis == 0) {
            join();
            return;
        }
        long end = System.currentTimeMillis() + millis;
        while (isAlive() && System.currentTimeMillis() < end) phantom.System.sleep(1);
    }

    public static void sleep(long millis) throws InterruptedException {
        if (millis < 0) throw new IllegalArgumentException("timeout value is negative");
        phantom.System.sleep(millis);
    }

    public static void sleep(long millis, int nanos) throws InterruptedException { sleep(millis); }
    public static void yield() { phantom.System.yield(); }
    public static void onSpinWait() { phantom.System.yield(); }

    public final boolean isAlive() { return id >= 0 && !done; }
    public final String getName() { return name; }
    public final void setName(String n) { name = n; }
    public long getId() { return tid; }
    public final boolean isDaemon() { return daemon; }
    public final void setDaemon(boolean on) { daemon = on; }
    public final int getPriority() { return priority; }
    public final void setPriority(int p) { priority = p; }
    public void interrupt() { interrupted = true; }
    public boolean isInterrupted() { return interrupted; }
    public static boolean interrupted() {
        Thread t = currentThread();
        boolean was = t.interrupted;
        t.interrupted = false;
        return was;
    }
    public void setUncaughtExceptionHandler(UncaughtExceptionHandler h) { handler = h; }
    public String toString() { return "Thread[" + name + "," + priority + ",main]"; }
}
