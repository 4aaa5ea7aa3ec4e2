package java.lang;

public final class Character implements java.io.Serializable, Comparable<Character> {
    public static final char MIN_VALUE = '\u0000';
    public static final char MAX_VALUE = '\uffff';
    public static final int MIN_RADIX = 2;
    public static final int MAX_RADIX = 36;
    public static final char MIN_HIGH_SURROGATE = '\uD800';
    public static final char MAX_HIGH_SURROGATE = '\uDBFF';
    public static final char MIN_LOW_SURROGATE = '\uDC00';
    public static final char MAX_LOW_SURROGATE = '\uDFFF';
    public static final int MIN_SUPPLEMENTARY_CODE_POINT = 0x010000;
    public static final int MAX_CODE_POINT = 0x10ffff;
    public static final int SIZE = 16;
    public static final int BYTES = 2;

    private static final Character[] CACHE = new Character[128];

    private final char value;

    public Character(char v) { value = v; }

    public static Character valueOf(char c) {
        if (c < 128) {
            Character x = CACHE[c];
            if (x == null) {
                x = new Character(c);
                CACHE[c] = x;
            }
            return x;
        }
        return new Character(c);
    }

    public char charValue() { return value; }

    // Properties: ASCII here, the rest from the VM (Rust's Unicode tables).
    private static native int prop(int cp, int what);

    public static boolean isDigit(char c) { return isDigit((int) c); }
    public static boolean isDigit(int c) { return c < 128 ? c >= '0' && c <= '9' : prop(c, 1) != 0; }
    public static boolean isLetter(char c) { return isLetter((int) c); }
    public static boolean isLetter(int c) { return c < 128 ? (c | 0x20) >= 'a' && (c | 0x20) <= 'z' : prop(c, 0) != 0; }
    public static boolean isLetterOrDigit(char c) { return isLetterOrDigit((int) c); }
    public static boolean isLetterOrDigit(int c) { return isLetter(c) || isDigit(c); }
    public static boolean isAlphabetic(int c) { return c < 128 ? isLetter(c) : prop(c, 8) != 0; }
    public static boolean isUpperCase(char c) { return isUpperCase((int) c); }
    public static boolean isUpperCase(int c) { return c < 128 ? c >= 'A' && c <= 'Z' : prop(c, 4) != 0; }
    public static boolean isLowerCase(char c) { return isLowerCase((int) c); }
    public static boolean isLowerCase(int c) { return c < 128 ? c >= 'a' && c <= 'z' : prop(c, 5) != 0; }
    public static boolean isWhitespace(char c) { return isWhitespace((int) c); }
    public static boolean isWhitespace(int c) {
        if (c < 128) return c == ' ' || (c >= 9 && c <= 13) || (c >= 28 && c <= 31);
        return prop(c, 3) != 0;
    }
    public static boolean isSpaceChar(char c) { return c == ' ' || c == '\u00a0' || (c >= 128 && prop(c, 3) != 0); }
    public static boolean isJavaIdentifierStart(char c) { return isLetter(c) || c == '_' || c == '$'; }
    public static boolean isJavaIdentifierPart(char c) { return isLetterOrDigit(c) || c == '_' || c == '$'; }
    public static boolean isISOControl(char c) { return c <= 0x1f || (c >= 0x7f && c <= 0x9f); }
    public static char toUpperCase(char c) { return (char) toUpperCase((int) c); }
    public static int toUpperCase(int c) { return c < 128 ? (c >= 'a' && c <= 'z' ? c - 32 : c) : prop(c, 6); }
    public static char toLowerCase(char c) { return (char) toLowerCase((int) c); }
    public static int toLowerCase(int c) { return c < 128 ? (c >= 'A' && c <= 'Z' ? c + 32 : c) : prop(c, 7); }
    public static char toTitleCase(char c) { return toUpperCase(c); }

    public static int digit(char c, int radix) { return digit((int) c, radix); }
    public static int digit(int c, int radix) {
        int d;
        if (c >= '0' && c <= '9') d = c - '0';
        else if (c >= 'a' && c <= 'z') d = c - 'a' + 10;
        else if (c >= 'A' && c <= 'Z') d = c - 'A' + 10;
        else if (c >= 128 && prop(c, 1) != 0) d = prop(c, 9);
        else return -1;
        return d < radix ? d : -1;
    }
    public static int getNumericValue(char c) { return getNumericValue((int) c); }
    public static int getNumericValue(int c) {
        if (c >= '0' && c <= '9') return c - '0';
        if (c >= 'a' && c <= 'z') return c - 'a' + 10;
        if (c >= 'A' && c <= 'Z') return c - 'A' + 10;
        return c >= 128 && prop(c, 1) != 0 ? prop(c, 9) : -1;
    }
    public static char forDigit(int digit, int radix) {
        if (digit >= radix || digit < 0 || radix < 2 || radix > 36) return '\0';
        return (char) (digit < 10 ? '0' + digit : 'a' - 10 + digit);
    }

    public static boolean isHighSurrogate(char c) { return c >= MIN_HIGH_SURROGATE && c <= MAX_HIGH_SURROGATE; }
    public static boolean isLowSurrogate(char c) { return c >= MIN_LOW_SURROGATE && c <= MAX_LOW_SURROGATE; }
    public static boolean isSurrogate(char c) { return c >= MIN_HIGH_SURROGATE && c <= MAX_LOW_SURROGATE; }
    public static boolean isSupplementaryCodePoint(int cp) { return cp >= 0x10000 && cp <= MAX_CODE_POINT; }
    public static boolean isValidCodePoint(int cp) { return cp >= 0 && cp <= MAX_CODE_POINT; }
    public static boolean isBmpCodePoint(int cp) { return cp >>> 16 == 0; }
    public static int charCount(int cp) { return cp >= 0x10000 ? 2 : 1; }
    public static int toCodePoint(char hi, char lo) { return ((hi - 0xd800) << 10) + (lo - 0xdc00) + 0x10000; }
    public static char highSurrogate(int cp) { return (char) ((cp >>> 10) + (0xd800 - (0x10000 >>> 10))); }
    public static char lowSurrogate(int cp) { return (char) ((cp & 0x3ff) + 0xdc00); }
    public static char[] toChars(int cp) {
        if (cp < 0x10000) return new char[] {(char) cp};
        return new char[] {highSurrogate(cp), lowSurrogate(cp)};
    }
    public static int codePointAt(CharSequence s, int i) {
        char c = s.charAt(i);
        if (isHighSurrogate(c) && i + 1 < s.length() && isLowSurrogate(s.charAt(i + 1))) return toCodePoint(c, s.charAt(i + 1));
        return c;
    }
    public static int codePointAt(char[] s, int i) {
        char c = s[i];
        if (isHighSurrogate(c) && i + 1 < s.length && isLowSurrogate(s[i + 1])) return toCodePoint(c, s[i + 1]);
        return c;
    }
    public static int codePointCount(CharSequence s, int b, int e) {
        int n = 0;
        for (int i = b; i < e; i++) {
            if (isHighSurrogate(s.charAt(i)) && i + 1 < e && isLowSurrogate(s.charAt(i + 1))) i++;
            n++;
        }
        return n;
    }
    public static String toString(char c) { return String.valueOf(c); }
    public static String toString(int cp) { return phantom.lang.Natives.codePointToString(cp); }
    public static int compare(char a, char b) { return a - b; }
    public static int hashCode(char c) { return c; }
    public static char reverseBytes(char c) { return (char) (((c & 0xff00) >> 8) | (c << 8)); }

    public int compareTo(Character o) { return value - o.value; }
    public boolean equals(Object o) { return o instanceof Character && ((Character) o).value == value; }
    public int hashCode() { return value; }
    public String toString() { return String.valueOf(value); }
}
