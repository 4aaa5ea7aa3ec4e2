package java.util;

/** Java's linear congruential generator: the same numbers as the JDK for the same seed. */
public class Random implements java.io.Serializable {
    private static final long multiplier = 0x5DEECE66DL;
    private static final long addend = 0xBL;
    private static final long mask = (1L << 48) - 1;
    private static final double DOUBLE_UNIT = 0x1.0p-53;
    private static long seedUniquifier = 8682522807148012L;

    private long seed;
    private double nextNextGaussian;
    private boolean haveNextNextGaussian;

    public Random() { this(nextUniquifier() ^ System.nanoTime()); }

    private static synchronized long nextUniquifier() {
        seedUniquifier *= 1181783497276652981L;
        return seedUniquifier;
    }

    public Random(long seed) { this.seed = (seed ^ multiplier) & mask; }

    public synchronized void setSeed(long seed) {
        this.seed = (seed ^ multiplier) & mask;
        haveNextNextGaussian = false;
    }

    protected synchronized int next(int bits) {
        seed = (seed * multiplier + addend) & mask;
        return (int) (seed >>> (48 - bits));
    }

    public void nextBytes(byte[] bytes) {
        for (int i = 0, len = bytes.length; i < len;)
            for (int rnd = nextInt(), n = Math.min(len - i, 4); n-- > 0; rnd >>= 8) bytes[i++] = (byte) rnd;
    }

    public int nextInt() { return next(32); }

    public int nextInt(int bound) {
        if (bound <= 0) throw new IllegalArgumentException("bound must be positive");
        int r = next(31);
        int m = bound - 1;
        if ((bound & m) == 0) {
            r = (int) ((bound * (long) r) >> 31);
        } else {
            for (int u = r; u - (r = u % bound) + m < 0; u = next(31)) {}
        }
        return r;
    }

    /** Uniform in [origin, bound): as the JDK's RandomGenerator (low bits for power-of-two spans). */
    public int nextInt(int origin, int bound) {
        if (origin >= bound) throw new IllegalArgumentException("bound must be greater than origin");
        return boundedInt(origin, bound);
    }

    /** A value in [origin, bound) when origin < bound, else any int. */
    private int boundedInt(int origin, int bound) {
        int r = nextInt();
        if (origin < bound) {
            int n = bound - origin, m = n - 1;
            if ((n & m) == 0) {
                r = (r & m) + origin;
            } else if (n > 0) {
                for (int u = r >>> 1; u + m - (r = u % n) < 0; u = nextInt() >>> 1) {}
                r += origin;
            } else {
                while (r < origin || r >= bound) r = nextInt();
            }
        }
        return r;
    }

    /** A value in [origin, bound) when origin < bound, else any long. */
    private long boundedLong(long origin, long bound) {
        long r = nextLong();
        if (origin < bound) {
            long n = bound - origin, m = n - 1;
            if ((n & m) == 0L) {
                r = (r & m) + origin;
            } else if (n > 0L) {
                for (long u = r >>> 1; u + m - (r = u % n) < 0L; u = nextLong() >>> 1) {}
                r += origin;
            } else {
                while (r < origin || r >= bound) r = nextLong();
            }
        }
        return r;
    }

    /** A value in [origin, bound) when origin < bound, else in [0, 1). */
    private double boundedDouble(double origin, double bound) {
        double r = nextDouble();
        if (origin < bound) {
            r = r * (bound - origin) + origin;
            if (r >= bound) r = Math.nextDown(bound);
        }
        return r;
    }

    public long nextLong(long bound) {
        if (bound <= 0) throw new IllegalArgumentException("bound must be positive");
        long m = bound - 1;
        long r = nextLong();
        if ((bound & m) == 0L) {
            r &= m;
        } else {
            for (long u = r >>> 1; u + m - (r = u % bound) < 0L; u = nextLong() >>> 1) {}
        }
        return r;
    }

    public long nextLong(long origin, long bound) {
        if (origin >= bound) throw new IllegalArgumentException("bound must be greater than origin");
        return boundedLong(origin, bound);
    }

    public double nextDouble(double bound) {
        if (!(bound > 0.0 && bound < Double.POSITIVE_INFINITY)) throw new IllegalArgumentException("bound must be finite and positive");
        double r = nextDouble() * bound;
        if (r >= bound) r = Math.nextDown(bound);
        return r;
    }

    public double nextDouble(double origin, double bound) {
        if (!(origin < bound && (bound - origin) < Double.POSITIVE_INFINITY)) throw new IllegalArgumentException("bound must be greater than origin");
        return boundedDouble(origin, bound);
    }

    public float nextFloat(float bound) {
        if (!(bound > 0.0f && bound < Float.POSITIVE_INFINITY)) throw new IllegalArgumentException("bound must be finite and positive");
        float r = nextFloat() * bound;
        if (r >= bound) r = Math.nextDown(bound);
        return r;
    }

    // ---------------------------------------------------------------- streams

    private static void checkSize(long n) {
        if (n < 0L) throw new IllegalArgumentException("size must be non-negative");
    }

    private java.util.stream.IntStream intStream(long n, int origin, int bound) {
        return java.util.stream.Sources.of(new Iterator<Integer>() {
            private long left = n;
            public boolean hasNext() { return left != 0; }
            public Integer next() {
                if (left == 0) throw new NoSuchElementException();
                if (left > 0) left--;
                return boundedInt(origin, bound);
            }
        }, n).mapToInt(Integer::intValue);
    }

    private java.util.stream.LongStream longStream(long n, long origin, long bound) {
        return java.util.stream.Sources.of(new Iterator<Long>() {
            private long left = n;
            public boolean hasNext() { return left != 0; }
            public Long next() {
                if (left == 0) throw new NoSuchElementException();
                if (left > 0) left--;
                return boundedLong(origin, bound);
            }
        }, n).mapToLong(Long::longValue);
    }

    private java.util.stream.DoubleStream doubleStream(long n, double origin, double bound) {
        return java.util.stream.Sources.of(new Iterator<Double>() {
            private long left = n;
            public boolean hasNext() { return left != 0; }
            public Double next() {
                if (left == 0) throw new NoSuchElementException();
                if (left > 0) left--;
                return boundedDouble(origin, bound);
            }
        }, n).mapToDouble(Double::doubleValue);
    }

    public java.util.stream.IntStream ints(long streamSize) {
        checkSize(streamSize);
        return intStream(streamSize, Integer.MAX_VALUE, 0);
    }

    public java.util.stream.IntStream ints() { return intStream(-1L, Integer.MAX_VALUE, 0); }

    public java.util.stream.IntStream ints(long streamSize, int origin, int bound) {
        checkSize(streamSize);
        if (origin >= bound) throw new IllegalArgumentException("bound must be greater than origin");
        return intStream(streamSize, origin, bound);
    }

    public java.util.stream.IntStream ints(int origin, int bound) {
        if (origin >= bound) throw new IllegalArgumentException("bound must be greater than origin");
        return intStream(-1L, origin, bound);
    }

    public java.util.stream.LongStream longs(long streamSize) {
        checkSize(streamSize);
        return longStream(streamSize, Long.MAX_VALUE, 0L);
    }

    public java.util.stream.LongStream longs() { return longStream(-1L, Long.MAX_VALUE, 0L); }

    public java.util.stream.LongStream longs(long streamSize, long origin, long bound) {
        checkSize(streamSize);
        if (origin >= bound) throw new IllegalArgumentException("bound must be greater than origin");
        return longStream(streamSize, origin, bound);
    }

    public java.util.stream.LongStream longs(long origin, long bound) {
        if (origin >= bound) throw new IllegalArgumentException("bound must be greater than origin");
        return longStream(-1L, origin, bound);
    }

    public java.util.stream.DoubleStream doubles(long streamSize) {
        checkSize(streamSize);
        return doubleStream(streamSize, Double.MAX_VALUE, 0.0);
    }

    public java.util.stream.DoubleStream doubles() { return doubleStream(-1L, Double.MAX_VALUE, 0.0); }

    public java.util.stream.DoubleStream doubles(long streamSize, double origin, double bound) {
        checkSize(streamSize);
        if (!(origin < bound && (bound - origin) < Double.POSITIVE_INFINITY)) throw new IllegalArgumentException("bound must be greater than origin");
        return doubleStream(streamSize, origin, bound);
    }

    public java.util.stream.DoubleStream doubles(double origin, double bound) {
        if (!(origin < bound && (bound - origin) < Double.POSITIVE_INFINITY)) throw new IllegalArgumentException("bound must be greater than origin");
        return doubleStream(-1L, origin, bound);
    }

    public long nextLong() { return ((long) (next(32)) << 32) + next(32); }
    public boolean nextBoolean() { return next(1) != 0; }
    public float nextFloat() { return next(24) / ((float) (1 << 24)); }
    public double nextDouble() { return (((long) (next(26)) << 27) + next(27)) * DOUBLE_UNIT; }

    public synchronized double nextGaussian() {
        if (haveNextNextGaussian) {
            haveNextNextGaussian = false;
            return nextNextGaussian;
        }
        double v1, v2, s;
        do {
            v1 = 2 * nextDouble() - 1;
            v2 = 2 * nextDouble() - 1;
            s = v1 * v1 + v2 * v2;
        } while (s >= 1 || s == 0);
        double multiplier = StrictMath.sqrt(-2 * StrictMath.log(s) / s);
        nextNextGaussian = v2 * multiplier;
        haveNextNextGaussian = true;
        return v1 * multiplier;
    }
}
