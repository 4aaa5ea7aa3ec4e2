package java.nio.charset;

import java.util.Locale;

/**
 * Character encodings by name. Strings encode and decode as UTF-8, except
 * for ISO-8859-1 and US-ASCII, which map chars to single bytes.
 */
public abstract class Charset implements Comparable<Charset> {
    private final String name;
    private final String[] aliases;

    protected Charset(String canonicalName, String[] aliases) {
        this.name = canonicalName;
        this.aliases = aliases == null ? new String[0] : aliases;
    }

    private static final class Known extends Charset {
        Known(String name, String... aliases) { super(name, aliases); }
    }

    static final Charset UTF8 = new Known("UTF-8", "UTF8", "unicode-1-1-utf-8");
    static final Charset LATIN1 = new Known("ISO-8859-1", "ISO8859_1", "latin1", "ISO-LATIN-1", "ISO8859-1");
    static final Charset ASCII = new Known("US-ASCII", "ASCII", "ascii", "us-ascii", "ISO646-US");
    static final Charset UTF16 = new Known("UTF-16", "UTF_16", "utf16");
    static final Charset UTF16BE = new Known("UTF-16BE", "UTF_16BE");
    static final Charset UTF16LE = new Known("UTF-16LE", "UTF_16LE");

    private static final Charset[] ALL = {UTF8, LATIN1, ASCII, UTF16, UTF16BE, UTF16LE};

    public static Charset forName(String charsetName) {
        if (charsetName == null) throw new IllegalArgumentException("Null charset name");
        for (Charset c : ALL) {
            if (c.name.equalsIgnoreCase(charsetName)) return c;
            for (String a : c.aliases) if (a.equalsIgnoreCase(charsetName)) return c;
        }
        throw new UnsupportedCharsetException(charsetName);
    }

    public static boolean isSupported(String charsetName) {
        try {
            forName(charsetName);
            return true;
        } catch (UnsupportedCharsetException e) {
            return false;
        }
    }

    public static Charset defaultCharset() { return UTF8; }

    public final String name() { return name; }
    public String displayName() { return name; }
    public String displayName(Locale locale) { return name; }
    public final java.util.Set<String> aliases() { return java.util.Set.of(aliases); }
    public boolean canEncode() { return true; }
    public final boolean isRegistered() { return true; }
    public final int compareTo(Charset that) { return name().compareToIgnoreCase(that.name()); }
    public final int hashCode() { return name().hashCode(); }

    public final boolean equals(Object ob) {
        if (this == ob) return true;
        if (!(ob instanceof Charset)) return false;
        return name.equals(((Charset) ob).name());
    }

    public final String toString() { return name(); }

    /** Whether this charset maps each char to one byte (chars above its range become '?'). */
    int singleByteLimit() {
        if (this == LATIN1) return 0xff;
        if (this == ASCII) return 0x7f;
        return -1;
    }

    /** The bytes of s in charset c (the class library's String.getBytes). */
    public static byte[] encode(String s, Charset c) {
        int limit = c.singleByteLimit();
        if (limit < 0) return s.getBytes();
        byte[] b = new byte[s.length()];
        for (int i = 0; i < b.length; i++) {
            char ch = s.charAt(i);
            b[i] = (byte) (ch <= limit ? ch : '?');
        }
        return b;
    }

    /** The text of bytes in charset c (the class library's new String(byte[], ...)). */
    public static String decode(byte[] b, int off, int len, Charset c) {
        int limit = c.singleByteLimit();
        if (limit < 0) return new String(b, off, len);
        char[] cs = new char[len];
        for (int i = 0; i < len; i++) {
            int v = b[off + i] & 0xff;
            cs[i] = v <= limit ? (char) v : '\ufffd';
        }
        return new String(cs);
    }
}
