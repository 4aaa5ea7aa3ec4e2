package java.lang;

public final class Short extends Number implements Comparable<Short> {
    public static final short MIN_VALUE = -32768;
    public static final short MAX_VALUE = 32767;
    private final short value;
    public Short(short v) { value = v; }
    public static Short valueOf(short s) { return new Short(s); }
    public static Short valueOf(String s) { return new Short(parseShort(s)); }
    public static short parseShort(String s) { return parseShort(s, 10); }
    public static short parseShort(String s, int radix) {
        int i = Integer.parseInt(s, radix);
        if (i < MIN_VALUE || i > MAX_VALUE) throw new NumberFormatException("Value out of range. Value:\"" + s + "\" Radix:" + radix);
        return (short) i;
    }
    public static String toString(short s) { return String.valueOf((int) s); }
    public static int compare(short a, short b) { return a - b; }
    public static int hashCode(short v) { return v; }
    public static int toUnsignedInt(short v) { return v & 0xffff; }
    public int intValue() { return value; }
    public long longValue() { return value; }
    public float floatValue() { return value; }
    public double doubleValue() { return value; }
    public short shortValue() { return value; }
    public int compareTo(Short o) { return value - o.value; }
    public boolean equals(Object o) { return o instanceof Short && ((Short) o).value == value; }
    public int hashCode() { return value; }
    public String toString() { return String.valueOf((int) value); }
}
