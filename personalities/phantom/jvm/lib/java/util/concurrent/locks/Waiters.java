package java.util.concurrent.locks;

import java.util.ArrayDeque;

/**
 * The threads waiting on a condition, first come first signalled. Used
 * under the monitor of the lock's `sync` object, which is also what they
 * wait on.
 */
final class Waiters {
    static final class Node {
        boolean signalled;
    }

    private final ArrayDeque<Node> queue = new ArrayDeque<>();

    Node add() {
        Node n = new Node();
        queue.addLast(n);
        return n;
    }

    /** A waiter that gave up (timed out) leaves the queue; false if it was signalled meanwhile. */
    boolean cancel(Node n) {
        if (n.signalled) return false;
        queue.remove(n);
        return true;
    }

    boolean signal() {
        Node n = queue.pollFirst();
        if (n == null) return false;
        n.signalled = true;
        return true;
    }

    void signalAll() {
        while (signal()) {}
    }

    boolean isEmpty() { return queue.isEmpty(); }
    int size() { return queue.size(); }

    /**
     * Waits in `sync` (whose monitor the caller holds) until `n` is
     * signalled or `nanos` pass (nanos < 0: no limit); returns the nanos
     * left (<= 0: timed out).
     */
    long await(Object sync, Node n, long nanos) throws InterruptedException {
        long deadline = System.nanoTime() + nanos;
        while (!n.signalled) {
            if (nanos < 0) {
                sync.wait();
                continue;
            }
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                if (cancel(n)) return left;
                break;
            }
            sync.wait(Math.max(1L, left / 1000000L));
        }
        return nanos < 0 ? 1L : Math.max(1L, deadline - System.nanoTime());
    }
}
