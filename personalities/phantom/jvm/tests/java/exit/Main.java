// System.exit ends the whole program at once: the other threads (one
// sleeping, one waiting on a monitor the main thread holds) and the finally
// blocks do not run on, and the exit status is the program's.
public class Main {
    static final Object lock = new Object();

    public static void main(String[] args) throws Exception {
        Thread sleeper = new Thread(() -> {
            try {
                Thread.sleep(60_000);
            } catch (InterruptedException e) {
                System.out.println("sleeper interrupted");
            }
            System.out.println("sleeper must not get here");
        });
        sleeper.start();
        Thread waiter = new Thread(() -> {
            synchronized (lock) {
                System.out.println("waiter must not get the lock");
            }
        });
        synchronized (lock) {
            waiter.start();
            Thread.sleep(50);
            try {
                System.out.println("exiting with 3");
                System.exit(3);
            } finally {
                System.out.println("finally must not run");
            }
        }
        System.out.println("after exit must not run");
    }
}
