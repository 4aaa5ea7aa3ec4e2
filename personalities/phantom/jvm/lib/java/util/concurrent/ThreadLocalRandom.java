package java.util.concurrent;

import java.util.Random;

/** The random numbers of the current thread: here one generator shared by all threads. */
public class ThreadLocalRandom extends Random {
    private static final ThreadLocalRandom INSTANCE = new ThreadLocalRandom();

    private ThreadLocalRandom() {}

    public static ThreadLocalRandom current() { return INSTANCE; }

    public void setSeed(long seed) {
        // As the JDK's: the seed cannot be set.
        if (INSTANCE == this) throw new UnsupportedOperationException();
        super.setSeed(seed);
    }
}
