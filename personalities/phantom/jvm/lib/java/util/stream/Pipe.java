package java.util.stream;

import java.util.ArrayList;

/**
 * What the stages of one pipeline share (the parallel flag, the close
 * handlers) and what each stage knows of itself: whether an operation
 * already used it and, when known, the exact number of elements it gives
 * (so that {@code count()} need not run the pipeline, as the JDK's does
 * not for sized streams).
 */
abstract class Pipe {
    static final class Shared {
        boolean parallel;
        boolean closed;
        ArrayList<Runnable> onClose;
    }

    final Shared shared;
    /** The exact element count, or -1 when not known without running the pipeline. */
    final long size;
    private boolean used;

    Pipe(Shared shared, long size) {
        this.shared = shared;
        this.size = size;
    }

    /** Marks this stage as used by an operation; a stage serves one operation only. */
    final void use() {
        if (used || shared.closed) throw new IllegalStateException("stream has already been operated upon or closed");
        used = true;
    }

    final void addCloseHandler(Runnable r) {
        java.util.Objects.requireNonNull(r);
        if (shared.closed) throw new IllegalStateException("stream has already been operated upon or closed");
        if (shared.onClose == null) shared.onClose = new ArrayList<>();
        shared.onClose.add(r);
    }

    /** Runs the close handlers once, in order; the first exception is thrown, later ones are suppressed into it. */
    final void closePipeline() {
        if (shared.closed) return;
        shared.closed = true;
        ArrayList<Runnable> handlers = shared.onClose;
        shared.onClose = null;
        if (handlers == null) return;
        Throwable first = null;
        for (Runnable r : handlers) {
            try {
                r.run();
            } catch (Throwable t) {
                if (first == null) first = t;
                else if (first != t) first.addSuppressed(t);
            }
        }
        if (first instanceof RuntimeException) throw (RuntimeException) first;
        if (first instanceof Error) throw (Error) first;
    }

    static long limitSize(long size, long n) { return size < 0 ? -1 : Math.min(size, n); }

    static long skipSize(long size, long n) { return size < 0 ? -1 : Math.max(0, size - n); }

    static long sumSize(long a, long b) {
        if (a < 0 || b < 0) return -1;
        long s = a + b;
        return s < 0 ? -1 : s;
    }

    static void checkCount(long n) {
        if (n < 0) throw new IllegalArgumentException(Long.toString(n));
    }

    static Runnable closeBoth(BaseStream<?, ?> a, BaseStream<?, ?> b) {
        return () -> {
            try {
                a.close();
            } catch (Throwable t) {
                try {
                    b.close();
                } catch (Throwable u) {
                    t.addSuppressed(u);
                }
                throw t;
            }
            b.close();
        };
    }
}
