package java.lang;

public final class Math {
    private Math() {}

    public static final double E = 2.7182818284590452354;
    public static final double PI = 3.14159265358979323846;
    public static final double TAU = 2.0 * PI;

    public static native double sqrt(double a);
    public static native double cbrt(double a);
    public static native double sin(double a);
    public static native double cos(double a);
    public static native double tan(double a);
    public static native double asin(double a);
    public static native double acos(double a);
    public static native double atan(double a);
    public static native double sinh(double a);
    public static native double cosh(double a);
    public static native double tanh(double a);
    public static native double exp(double a);
    public static native double expm1(double a);
    public static native double log(double a);
    public static native double log10(double a);
    public static native double log1p(double a);
    public static native double floor(double a);
    public static native double ceil(double a);
    public static native double rint(double a);
    public static native double atan2(double y, double x);
    public static native double hypot(double x, double y);
    public static native double pow(double a, double b);
    public static native double IEEEremainder(double a, double b);

    public static int abs(int a) { return a < 0 ? -a : a; }
    public static long abs(long a) { return a < 0 ? -a : a; }
    public static float abs(float a) { return a <= 0.0f ? 0.0f - a : a; }
    public static double abs(double a) { return a <= 0.0 ? 0.0 - a : a; }
    public static int absExact(int a) {
        if (a == Integer.MIN_VALUE) throw new ArithmeticException("Overflow to represent absolute value of Integer.MIN_VALUE");
        return abs(a);
    }

    public static int max(int a, int b) { return a >= b ? a : b; }
    public static long max(long a, long b) { return a >= b ? a : b; }
    public static int min(int a, int b) { return a <= b ? a : b; }
    public static long min(long a, long b) { return a <= b ? a : b; }
    public static double max(double a, double b) {
        if (a != a) return a;
        if (a == 0.0 && b == 0.0) return Double.doubleToRawLongBits(a) == 0 ? a : b;
        return a >= b ? a : b;
    }
    public static double min(double a, double b) {
        if (a != a) return a;
        if (a == 0.0 && b == 0.0) return Double.doubleToRawLongBits(b) < 0 ? b : a;
        return a <= b ? a : b;
    }
    public static float max(float a, float b) { return (float) max((double) a, (double) b); }
    public static float min(float a, float b) { return (float) min((double) a, (double) b); }

    public static long round(double a) {
        if (a != a) return 0;
        double f = floor(a);
        long r = (long) f;
        if (a - f >= 0.5 && r != Long.MAX_VALUE) r++;
        return r;
    }
    public static int round(float a) {
        if (a != a) return 0;
        double f = floor(a);
        long r = (long) f;
        if ((double) a - f >= 0.5) r++;
        if (r > Integer.MAX_VALUE) return Integer.MAX_VALUE;
        if (r < Integer.MIN_VALUE) return Integer.MIN_VALUE;
        return (int) r;
    }
    public static float signum(float f) { return f > 0 ? 1.0f : f < 0 ? -1.0f : f; }
    public static double signum(double d) { return d > 0 ? 1.0 : d < 0 ? -1.0 : d; }
    public static double toRadians(double deg) { return deg * (PI / 180.0); }
    public static double toDegrees(double rad) { return rad * (180.0 / PI); }
    public static double log(double a, double b) { return log(a) / log(b); }
    public static double ulp(double d) { return Math.abs(Double.longBitsToDouble(Double.doubleToRawLongBits(d) + 1) - d); }
    public static double fma(double a, double b, double c) { return a * b + c; }

    public static double nextUp(double d) {
        if (d != d || d == Double.POSITIVE_INFINITY) return d;
        d += 0.0;
        return Double.longBitsToDouble(Double.doubleToRawLongBits(d) + (d >= 0.0 ? 1L : -1L));
    }
    public static double nextDown(double d) {
        if (d != d || d == Double.NEGATIVE_INFINITY) return d;
        if (d == 0.0) return -Double.MIN_VALUE;
        return Double.longBitsToDouble(Double.doubleToRawLongBits(d) + (d > 0.0 ? -1L : 1L));
    }
    public static float nextUp(float f) {
        if (f != f || f == Float.POSITIVE_INFINITY) return f;
        f += 0.0f;
        return Float.intBitsToFloat(Float.floatToRawIntBits(f) + (f >= 0.0f ? 1 : -1));
    }
    public static float nextDown(float f) {
        if (f != f || f == Float.NEGATIVE_INFINITY) return f;
        if (f == 0.0f) return -Float.MIN_VALUE;
        return Float.intBitsToFloat(Float.floatToRawIntBits(f) + (f > 0.0f ? -1 : 1));
    }
    public static double nextAfter(double start, double direction) {
        if (start > direction) return nextDown(start);
        if (start < direction) return nextUp(start);
        if (start == direction) return direction;
        return start + direction;
    }
    public static double copySign(double magnitude, double sign) {
        return Double.longBitsToDouble((Double.doubleToRawLongBits(sign) & Long.MIN_VALUE)
                | (Double.doubleToRawLongBits(magnitude) & Long.MAX_VALUE));
    }
    public static float copySign(float magnitude, float sign) {
        return Float.intBitsToFloat((Float.floatToRawIntBits(sign) & Integer.MIN_VALUE)
                | (Float.floatToRawIntBits(magnitude) & Integer.MAX_VALUE));
    }
    public static int getExponent(double d) { return (int) (((Double.doubleToRawLongBits(d) & 0x7ff0000000000000L) >> 52) - 1023); }
    public static int getExponent(float f) { return ((Float.floatToRawIntBits(f) & 0x7f800000) >> 23) - 127; }
    public static double scalb(double d, int n) {
        while (n > 1000) { d *= 0x1p1000; n -= 1000; }
        while (n < -1000) { d *= 0x1p-1000; n += 1000; }
        return d * pow(2.0, n);
    }
    public static long multiplyFull(int x, int y) { return (long) x * (long) y; }
    public static long multiplyHigh(long x, long y) {
        long x1 = x >> 32, x2 = x & 0xFFFFFFFFL;
        long y1 = y >> 32, y2 = y & 0xFFFFFFFFL;
        long z2 = x2 * y2;
        long t = x1 * y2 + (z2 >>> 32);
        long z1 = t & 0xFFFFFFFFL;
        long z0 = t >> 32;
        z1 += x2 * y1;
        return x1 * y1 + z0 + (z1 >> 32);
    }

    public static int floorDiv(int x, int y) {
        int q = x / y;
        if ((x % y != 0) && ((x ^ y) < 0)) q--;
        return q;
    }
    public static long floorDiv(long x, long y) {
        long q = x / y;
        if ((x % y != 0) && ((x ^ y) < 0)) q--;
        return q;
    }
    public static long floorDiv(long x, int y) { return floorDiv(x, (long) y); }
    public static int floorMod(int x, int y) { return x - floorDiv(x, y) * y; }
    public static long floorMod(long x, long y) { return x - floorDiv(x, y) * y; }
    public static int floorMod(long x, int y) { return (int) (x - floorDiv(x, (long) y) * y); }

    public static int addExact(int a, int b) {
        int r = a + b;
        if (((a ^ r) & (b ^ r)) < 0) throw new ArithmeticException("integer overflow");
        return r;
    }
    public static long addExact(long a, long b) {
        long r = a + b;
        if (((a ^ r) & (b ^ r)) < 0) throw new ArithmeticException("long overflow");
        return r;
    }
    public static int subtractExact(int a, int b) {
        int r = a - b;
        if (((a ^ b) & (a ^ r)) < 0) throw new ArithmeticException("integer overflow");
        return r;
    }
    public static long subtractExact(long a, long b) {
        long r = a - b;
        if (((a ^ b) & (a ^ r)) < 0) throw new ArithmeticException("long overflow");
        return r;
    }
    public static int multiplyExact(int a, int b) {
        long r = (long) a * (long) b;
        if ((int) r != r) throw new ArithmeticException("integer overflow");
        return (int) r;
    }
    public static long multiplyExact(long a, long b) {
        long r = a * b;
        if (a != 0 && (r / a != b || (a == -1 && b == Long.MIN_VALUE))) throw new ArithmeticException("long overflow");
        return r;
    }
    public static long multiplyExact(long a, int b) { return multiplyExact(a, (long) b); }
    public static int negateExact(int a) {
        if (a == Integer.MIN_VALUE) throw new ArithmeticException("integer overflow");
        return -a;
    }
    public static long negateExact(long a) {
        if (a == Long.MIN_VALUE) throw new ArithmeticException("long overflow");
        return -a;
    }
    public static int incrementExact(int a) { return addExact(a, 1); }
    public static long incrementExact(long a) { return addExact(a, 1L); }
    public static int decrementExact(int a) { return subtractExact(a, 1); }
    public static long decrementExact(long a) { return subtractExact(a, 1L); }
    public static int toIntExact(long v) {
        if ((int) v != v) throw new ArithmeticException("integer overflow");
        return (int) v;
    }

    private static java.util.Random random;

    public static synchronized double random() {
        if (random == null) random = new java.util.Random();
        return random.nextDouble();
    }
}
