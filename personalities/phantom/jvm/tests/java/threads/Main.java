import java.util.ArrayList;
import java.util.List;

public class Main {
    static int counter = 0;
    static final Object lock = new Object();

    static synchronized void incStatic() { counter++; }

    static class Account {
        private long balance;
        synchronized void deposit(long v) { balance += v; }
        synchronized long get() { return balance; }
    }

    static class Worker extends Thread {
        final int id;
        final int[] out;
        Worker(int id, int[] out) { this.id = id; this.out = out; }
        public void run() {
            int s = 0;
            for (int i = 0; i <= id * 1000; i++) s += i;
            out[id] = s;
        }
    }

    static class BoundedBuffer {
        private final int[] items = new int[4];
        private int count, head;
        synchronized void put(int v) throws InterruptedException {
            while (count == items.length) wait();
            items[(head + count) % items.length] = v;
            count++;
            notifyAll();
        }
        synchronized int take() throws InterruptedException {
            while (count == 0) wait();
            int v = items[head];
            head = (head + 1) % items.length;
            count--;
            notifyAll();
            return v;
        }
    }

    public static void main(String[] args) throws Exception {
        int[] results = new int[5];
        List<Thread> ts = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            Thread t = new Worker(i, results);
            ts.add(t);
            t.start();
        }
        for (Thread t : ts) t.join();
        for (int r : results) System.out.print(r + " ");
        System.out.println();

        Account acc = new Account();
        Thread[] depositors = new Thread[4];
        for (int i = 0; i < 4; i++) {
            depositors[i] = new Thread(() -> {
                for (int k = 0; k < 500; k++) {
                    acc.deposit(1);
                    incStatic();
                    // The same lock as incStatic's, so the count is exact.
                    synchronized (Main.class) {
                        counter++;
                    }
                }
            });
            depositors[i].start();
        }
        for (Thread t : depositors) t.join();
        System.out.println("balance " + acc.get() + " counter " + counter);

        BoundedBuffer buf = new BoundedBuffer();
        long[] consumed = new long[1];
        Thread producer = new Thread(() -> {
            try {
                for (int i = 1; i <= 50; i++) buf.put(i);
                buf.put(-1);
            } catch (InterruptedException e) {
                throw new RuntimeException(e);
            }
        }, "producer");
        Thread consumer = new Thread(() -> {
            try {
                for (int v; (v = buf.take()) != -1;) consumed[0] += v;
            } catch (InterruptedException e) {
                throw new RuntimeException(e);
            }
        }, "consumer");
        producer.start();
        consumer.start();
        producer.join();
        consumer.join();
        System.out.println("consumed " + consumed[0] + " " + producer.getName() + " " + producer.isAlive());

        long t0 = System.currentTimeMillis();
        Thread sleeper = new Thread(() -> {
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                return;
            }
            System.out.println("slept");
        });
        sleeper.start();
        sleeper.join();
        System.out.println("elapsed ok " + (System.currentTimeMillis() - t0 >= 50));
        System.out.println(Thread.currentThread().getName());
        Thread bad = new Thread(() -> {
            throw new IllegalStateException("in thread");
        });
        bad.setUncaughtExceptionHandler((t, e) -> System.out.println("handler: " + e.getMessage()));
        bad.start();
        bad.join();
        System.out.println("main survives");
    }
}
