package java.util.concurrent;

/** A meeting point for a fixed number of threads, reusable once they all came. */
public class CyclicBarrier {
    /** One use of the barrier; broken when a waiter timed out or the action failed. */
    private static final class Generation {
        boolean broken;
    }

    private final int parties;
    private final Runnable barrierCommand;
    private Generation generation = new Generation();
    private int count;

    public CyclicBarrier(int parties, Runnable barrierAction) {
        if (parties <= 0) throw new IllegalArgumentException();
        this.parties = parties;
        this.count = parties;
        this.barrierCommand = barrierAction;
    }

    public CyclicBarrier(int parties) { this(parties, null); }

    public int getParties() { return parties; }

    public int await() throws InterruptedException, BrokenBarrierException {
        try {
            return await(false, 0L);
        } catch (TimeoutException e) {
            throw new Error(e);
        }
    }

    public int await(long timeout, TimeUnit unit) throws InterruptedException, BrokenBarrierException, TimeoutException {
        return await(true, System.nanoTime() + unit.toNanos(timeout));
    }

    private synchronized int await(boolean timed, long deadline) throws InterruptedException, BrokenBarrierException, TimeoutException {
        Generation g = generation;
        if (g.broken) throw new BrokenBarrierException();
        int index = --count;
        if (index == 0) {
            boolean ran = false;
            try {
                if (barrierCommand != null) barrierCommand.run();
                ran = true;
                next();
                return 0;
            } finally {
                if (!ran) breakBarrier();
            }
        }
        while (true) {
            if (timed) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    breakBarrier();
                    throw new TimeoutException();
                }
                wait(Math.max(1L, left / 1000000L));
            } else {
                wait();
            }
            if (g.broken) throw new BrokenBarrierException();
            if (g != generation) return index;
        }
    }

    private void next() {
        notifyAll();
        count = parties;
        generation = new Generation();
    }

    private void breakBarrier() {
        generation.broken = true;
        count = parties;
        notifyAll();
    }

    public synchronized boolean isBroken() { return generation.broken; }

    public synchronized void reset() {
        breakBarrier();
        generation = new Generation();
    }

    public synchronized int getNumberWaiting() { return parties - count; }
}
