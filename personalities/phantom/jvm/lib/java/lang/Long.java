package java.lang;

public final class Long extends Number implements Comparable<Long> {
    public static final long MIN_VALUE = 0x8000000000000000L;
    public static final long MAX_VALUE = 0x7fffffffffffffffL;
    public static final int SIZE = 64;
    public static final int BYTES = 8;

    private static final Long[] CACHE = new Long[256];

    private final long value;

    public Long(long value) { this.value = value; }
    public Long(String s) { this.value = parseLong(s, 10); }

    public static Long valueOf(long l) {
        if (l >= -128 && l <= 127) {
            Long c = CACHE[(int) l + 128];
            if (c == null) {
                c = new Long(l);
                CACHE[(int) l + 128] = c;
            }
            return c;
        }
        return new Long(l);
    }
    public static Long valueOf(String s) { return valueOf(parseLong(s, 10)); }
    public static Long valueOf(String s, int radix) { return valueOf(parseLong(s, radix)); }

    public static long parseLong(String s) { return parseLong(s, 10); }
    public static long parseLong(String s, int radix) { return parseDigits(s, radix, MIN_VALUE, MAX_VALUE); }

    static NumberFormatException bad(String s, int radix) {
        if (radix == 10) return new NumberFormatException("For input string: \"" + s + "\"");
        return new NumberFormatException("For input string: \"" + s + "\" under radix " + radix);
    }

    /** Parses a signed number in [min, max] (as Java's parseInt/parseLong do). */
    static long parseDigits(String s, int radix, long min, long max) {
        if (s == null) throw new NumberFormatException("Cannot parse null string");
        if (radix < 2 || radix > 36) throw new NumberFormatException("radix " + radix + " out of range");
        int n = s.length();
        if (n == 0) throw new NumberFormatException("For input string: \"\"" + (radix == 10 ? "" : " under radix " + radix));
        int i = 0;
        boolean neg = false;
        char c0 = s.charAt(0);
        if (c0 == '-' || c0 == '+') {
            neg = c0 == '-';
            i = 1;
            if (n == 1) throw bad(s, radix);
        }
        boolean unsigned = min == 0;
        if (unsigned) {
            if (neg) throw bad(s, radix);
            long result = 0;
            for (; i < n; i++) {
                int d = Character.digit(s.charAt(i), radix);
                if (d < 0) throw bad(s, radix);
                result = result * radix + d;
                if (result > max) throw bad(s, radix);
            }
            return result;
        }
        // Accumulate negatively, to reach MIN_VALUE.
        long limit = neg ? min : -max;
        long multmin = limit / radix;
        long result = 0;
        for (; i < n; i++) {
            int d = Character.digit(s.charAt(i), radix);
            if (d < 0 || result < multmin) throw bad(s, radix);
            result *= radix;
            if (result < limit + d) throw bad(s, radix);
            result -= d;
        }
        return neg ? result : -result;
    }

    public static Long decode(String s) {
        int i = 0;
        boolean neg = false;
        if (s.startsWith("-")) { neg = true; i = 1; } else if (s.startsWith("+")) i = 1;
        int radix = 10;
        if (s.startsWith("0x", i) || s.startsWith("0X", i)) { radix = 16; i += 2; }
        else if (s.startsWith("#", i)) { radix = 16; i += 1; }
        else if (s.startsWith("0", i) && s.length() > i + 1) { radix = 8; i += 1; }
        long v = parseLong(s.substring(i), radix);
        return valueOf(neg ? -v : v);
    }

    public static String toString(long l) { return String.valueOf(l); }

    public static String toString(long l, int radix) {
        if (radix < 2 || radix > 36) radix = 10;
        if (radix == 10) return String.valueOf(l);
        if (l == 0) return "0";
        char[] buf = new char[65];
        int pos = 65;
        boolean neg = l < 0;
        if (!neg) l = -l;
        while (l <= -radix) {
            buf[--pos] = Character.forDigit((int) -(l % radix), radix);
            l = l / radix;
        }
        buf[--pos] = Character.forDigit((int) -l, radix);
        if (neg) buf[--pos] = '-';
        return new String(buf, pos, 65 - pos);
    }

    /** Unsigned digits in base 2^shift. */
    static String toUnsigned(long v, int shift) {
        if (v == 0) return "0";
        char[] buf = new char[64];
        int pos = 64;
        int mask = (1 << shift) - 1;
        while (v != 0) {
            buf[--pos] = Character.forDigit((int) (v & mask), 1 << shift);
            v >>>= shift;
        }
        return new String(buf, pos, 64 - pos);
    }

    public static String toHexString(long l) { return toUnsigned(l, 4); }
    public static String toOctalString(long l) { return toUnsigned(l, 3); }
    public static String toBinaryString(long l) { return toUnsigned(l, 1); }
    public static String toUnsignedString(long l) {
        if (l >= 0) return String.valueOf(l);
        long q = (l >>> 1) / 5;
        long r = l - q * 10;
        return String.valueOf(q) + r;
    }

    public static int hashCode(long v) { return (int) (v ^ (v >>> 32)); }
    public static int compare(long a, long b) { return a < b ? -1 : a == b ? 0 : 1; }
    public static long divideUnsigned(long dividend, long divisor) {
        if (divisor < 0) return compareUnsigned(dividend, divisor) < 0 ? 0L : 1L;
        if (dividend >= 0) return dividend / divisor;
        long q = ((dividend >>> 1) / divisor) << 1;
        long r = dividend - q * divisor;
        return q + (compareUnsigned(r, divisor) >= 0 ? 1 : 0);
    }

    public static long remainderUnsigned(long dividend, long divisor) {
        return dividend - divideUnsigned(dividend, divisor) * divisor;
    }

    public static int compareUnsigned(long a, long b) { return compare(a + MIN_VALUE, b + MIN_VALUE); }
    public static int signum(long i) { return (int) ((i >> 63) | (-i >>> 63)); }
    public static long sum(long a, long b) { return a + b; }
    public static long max(long a, long b) { return Math.max(a, b); }
    public static long min(long a, long b) { return Math.min(a, b); }
    public static long abs(long a) { return Math.abs(a); }
    public static int bitCount(long i) { return Integer.bitCount((int) i) + Integer.bitCount((int) (i >>> 32)); }
    public static int numberOfLeadingZeros(long i) {
        int hi = (int) (i >>> 32);
        return hi != 0 ? Integer.numberOfLeadingZeros(hi) : 32 + Integer.numberOfLeadingZeros((int) i);
    }
    public static int numberOfTrailingZeros(long i) {
        int lo = (int) i;
        return lo != 0 ? Integer.numberOfTrailingZeros(lo) : 32 + Integer.numberOfTrailingZeros((int) (i >>> 32));
    }
    public static long highestOneBit(long i) { return i & (MIN_VALUE >>> numberOfLeadingZeros(i)); }
    public static long lowestOneBit(long i) { return i & -i; }
    public static long reverse(long i) {
        long r = 0;
        for (int k = 0; k < 64; k++) { r = (r << 1) | (i & 1); i >>>= 1; }
        return r;
    }
    public static long rotateLeft(long i, int d) { return (i << d) | (i >>> -d); }
    public static long rotateRight(long i, int d) { return (i >>> d) | (i << -d); }

    public int intValue() { return (int) value; }
    public long longValue() { return value; }
    public float floatValue() { return value; }
    public double doubleValue() { return value; }

    public int compareTo(Long o) { return compare(value, o.value); }
    public boolean equals(Object o) { return o instanceof Long && ((Long) o).value == value; }
    public int hashCode() { return hashCode(value); }
    public String toString() { return String.valueOf(value); }
}
