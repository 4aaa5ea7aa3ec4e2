// A Java program that lives across reboots: its worker thread counts,
// sleeps and loops; the count is a static field, which is a persistent root
// of the native world. Every 20 counts it asks for a snapshot
// (phantom.System.snapshot(), which returns once the snapshot is durable)
// and says so. Run it with `phantom start counter.phm Counter`.
public class Counter {
    static long count;
    static final Object lock = new Object();

    public static void main(String[] args) throws InterruptedException {
        Thread worker = new Thread(() -> {
            while (true) {
                long c;
                synchronized (lock) {
                    c = ++count;
                }
                System.out.println("count " + c);
                if (c % 20 == 0) {
                    phantom.System.snapshot();
                    System.out.println("durable " + c);
                }
                try {
                    Thread.sleep(20);
                } catch (InterruptedException e) {
                    return;
                }
            }
        });
        worker.start();
        worker.join();
    }
}
