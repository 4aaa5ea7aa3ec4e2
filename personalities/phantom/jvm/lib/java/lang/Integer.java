package java.lang;

public final class Integer extends Number implements Comparable<Integer> {
    public static final int MIN_VALUE = 0x80000000;
    public static final int MAX_VALUE = 0x7fffffff;
    public static final int SIZE = 32;
    public static final int BYTES = 4;

    private static final Integer[] CACHE = new Integer[256];

    private final int value;

    public Integer(int value) { this.value = value; }
    public Integer(String s) { this.value = parseInt(s, 10); }

    public static Integer valueOf(int i) {
        if (i >= -128 && i <= 127) {
            Integer c = CACHE[i + 128];
            if (c == null) {
                c = new Integer(i);
                CACHE[i + 128] = c;
            }
            return c;
        }
        return new Integer(i);
    }
    public static Integer valueOf(String s) { return valueOf(parseInt(s, 10)); }
    public static Integer valueOf(String s, int radix) { return valueOf(parseInt(s, radix)); }

    public static int parseInt(String s) { return parseInt(s, 10); }

    public static int parseInt(String s, int radix) {
        long v = Long.parseDigits(s, radix, MIN_VALUE, MAX_VALUE);
        return (int) v;
    }

    public static int parseUnsignedInt(String s) { return (int) Long.parseDigits(s, 10, 0, 0xffffffffL); }
    public static Integer decode(String s) { return valueOf((int) Long.decode(s).longValue()); }

    public static String toString(int i) { return String.valueOf((long) i); }
    public static String toString(int i, int radix) { return Long.toString(i, radix); }
    public static String toHexString(int i) { return Long.toUnsigned(i & 0xffffffffL, 4); }
    public static String toOctalString(int i) { return Long.toUnsigned(i & 0xffffffffL, 3); }
    public static String toBinaryString(int i) { return Long.toUnsigned(i & 0xffffffffL, 1); }
    public static String toUnsignedString(int i) { return String.valueOf(i & 0xffffffffL); }
    public static long toUnsignedLong(int i) { return i & 0xffffffffL; }

    public static int hashCode(int v) { return v; }
    public static int compare(int a, int b) { return a < b ? -1 : a == b ? 0 : 1; }
    public static int compareUnsigned(int a, int b) { return compare(a + MIN_VALUE, b + MIN_VALUE); }
    public static int signum(int i) { return (i >> 31) | (-i >>> 31); }
    public static int sum(int a, int b) { return a + b; }
    public static int max(int a, int b) { return Math.max(a, b); }
    public static int min(int a, int b) { return Math.min(a, b); }
    public static int abs(int a) { return Math.abs(a); }
    public static int bitCount(int i) {
        i = i - ((i >>> 1) & 0x55555555);
        i = (i & 0x33333333) + ((i >>> 2) & 0x33333333);
        i = (i + (i >>> 4)) & 0x0f0f0f0f;
        i = i + (i >>> 8);
        i = i + (i >>> 16);
        return i & 0x3f;
    }
    public static int numberOfLeadingZeros(int i) {
        if (i == 0) return 32;
        int n = 0;
        while ((i & 0x80000000) == 0) { n++; i <<= 1; }
        return n;
    }
    public static int numberOfTrailingZeros(int i) {
        if (i == 0) return 32;
        int n = 0;
        while ((i & 1) == 0) { n++; i >>>= 1; }
        return n;
    }
    public static int highestOneBit(int i) { return i & (MIN_VALUE >>> numberOfLeadingZeros(i)); }
    public static int lowestOneBit(int i) { return i & -i; }
    public static int reverse(int i) {
        int r = 0;
        for (int k = 0; k < 32; k++) { r = (r << 1) | (i & 1); i >>>= 1; }
        return r;
    }
    public static int reverseBytes(int i) {
        return (i << 24) | ((i & 0xff00) << 8) | ((i >>> 8) & 0xff00) | (i >>> 24);
    }
    public static int rotateLeft(int i, int d) { return (i << d) | (i >>> -d); }
    public static int rotateRight(int i, int d) { return (i >>> d) | (i << -d); }
    public static int divideUnsigned(int a, int b) { return (int) ((a & 0xffffffffL) / (b & 0xffffffffL)); }
    public static int remainderUnsigned(int a, int b) { return (int) ((a & 0xffffffffL) % (b & 0xffffffffL)); }

    public int intValue() { return value; }
    public long longValue() { return value; }
    public float floatValue() { return value; }
    public double doubleValue() { return value; }
    public byte byteValue() { return (byte) value; }
    public short shortValue() { return (short) value; }

    public int compareTo(Integer o) { return compare(value, o.value); }
    public boolean equals(Object o) { return o instanceof Integer && ((Integer) o).value == value; }
    public int hashCode() { return value; }
    public String toString() { return String.valueOf((long) value); }
}
