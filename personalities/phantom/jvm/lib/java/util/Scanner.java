package java.util;

import java.util.stream.Stream;

/**
 * Tokens and lines of a text: a string, or everything an input stream
 * gives (Phantom's standard input gives nothing). Numbers are read as in
 * the US locale (1,234.5); the delimiter is white space unless set.
 */
public final class Scanner implements Iterator<String>, java.io.Closeable {
    private final String src;
    private int pos;
    private String delimiter;
    private phantom.lang.Regex delimiterRegex;
    private boolean closed;

    public Scanner(String source) { src = source; }

    public Scanner(java.io.InputStream source) { src = readAll(source); }

    public Scanner(java.io.InputStream source, String charsetName) { src = readAll(source); }

    private static String readAll(java.io.InputStream in) {
        try {
            byte[] all = new byte[0];
            int n = 0;
            byte[] buf = new byte[4096];
            for (int r; (r = in.read(buf, 0, buf.length)) > 0;) {
                if (n + r > all.length) all = Arrays.copyOf(all, Math.max(all.length * 2, n + r));
                System.arraycopy(buf, 0, all, n, r);
                n += r;
            }
            return new String(all, 0, n);
        } catch (java.io.IOException e) {
            return "";
        }
    }

    private void ensureOpen() {
        if (closed) throw new IllegalStateException("Scanner closed");
    }

    public void close() { closed = true; }

    public Scanner useDelimiter(String pattern) {
        delimiter = pattern;
        delimiterRegex = phantom.lang.Regex.compile(pattern);
        return this;
    }

    public String delimiter() { return delimiter == null ? "\\p{javaWhitespace}+" : delimiter; }

    public Scanner useLocale(Locale locale) { return this; }

    public Locale locale() { return Locale.getDefault(); }

    /** The end of the delimiter match starting at `at` (at itself when there is none). */
    private int skipDelims(int at) {
        if (delimiterRegex == null) {
            while (at < src.length() && Character.isWhitespace(src.charAt(at))) at++;
            return at;
        }
        if (at < src.length()) {
            int[] m = delimiterRegex.find(src, at);
            if (m != null && m[0] == at) return m[1];
        }
        return at;
    }

    /** The end of the token starting at `at`. */
    private int tokenEnd(int at) {
        if (delimiterRegex == null) {
            while (at < src.length() && !Character.isWhitespace(src.charAt(at))) at++;
            return at;
        }
        int from = at;
        while (from <= src.length()) {
            int[] m = delimiterRegex.find(src, from);
            if (m == null) return src.length();
            if (m[1] > m[0] || m[0] > at) return m[0];
            from = m[0] + 1;
        }
        return src.length();
    }

    /** The next token without consuming it (null at the end), and where it ends in end[0]. */
    private String peek(int[] end) {
        ensureOpen();
        int start = skipDelims(pos);
        if (start >= src.length()) return null;
        int e = tokenEnd(start);
        end[0] = e;
        return src.substring(start, e);
    }

    public boolean hasNext() { return peek(new int[1]) != null; }

    public String next() {
        int[] end = new int[1];
        String t = peek(end);
        if (t == null) throw new NoSuchElementException();
        pos = end[0];
        return t;
    }

    public void remove() { throw new UnsupportedOperationException(); }

    public boolean hasNextLine() {
        ensureOpen();
        return pos < src.length();
    }

    public String nextLine() {
        ensureOpen();
        if (pos >= src.length()) throw new NoSuchElementException("No line found");
        int i = pos;
        while (i < src.length()) {
            char c = src.charAt(i);
            if (c == '\n' || c == '\r' || c == '\u2028' || c == '\u2029' || c == '\u0085') break;
            i++;
        }
        String line = src.substring(pos, i);
        if (i < src.length()) {
            if (src.charAt(i) == '\r' && i + 1 < src.length() && src.charAt(i + 1) == '\n') i++;
            i++;
        }
        pos = i;
        return line;
    }

    // ---------------------------------------------------------------- numbers

    private static boolean digits(String s, int from, int to) {
        if (from >= to) return false;
        for (int i = from; i < to; i++) if (!Character.isDigit(s.charAt(i))) return false;
        return true;
    }

    /** Digits, or groups of three separated by commas after one to three digits. */
    private static boolean numeral(String s, int from, int to) {
        if (digits(s, from, to)) return true;
        int comma = s.indexOf(',', from);
        if (comma < 0 || comma >= to || comma - from < 1 || comma - from > 3 || !digits(s, from, comma)) return false;
        int i = comma;
        while (i < to) {
            if (s.charAt(i) != ',' || i + 4 > to || !digits(s, i + 1, i + 4)) return false;
            i += 4;
        }
        return true;
    }

    /** The integer token without sign '+' and grouping commas, or null if it is not one. */
    private static String integerText(String t) {
        if (t == null || t.isEmpty()) return null;
        int start = (t.charAt(0) == '-' || t.charAt(0) == '+') ? 1 : 0;
        if (!numeral(t, start, t.length())) return null;
        String digits = t.substring(start).replace(",", "");
        return t.charAt(0) == '-' ? "-" + digits : digits;
    }

    private static String decimalText(String t) {
        if (t == null || t.isEmpty()) return null;
        int start = (t.charAt(0) == '-' || t.charAt(0) == '+') ? 1 : 0;
        String body = t.substring(start);
        String sign = t.charAt(0) == '-' ? "-" : "";
        if (body.equals("NaN") || body.equals("Infinity")) return sign + body;
        int e = body.indexOf('e');
        if (e < 0) e = body.indexOf('E');
        String mant = e >= 0 ? body.substring(0, e) : body;
        if (e >= 0) {
            String exp = body.substring(e + 1);
            int es = exp.startsWith("+") || exp.startsWith("-") ? 1 : 0;
            if (!digits(exp, es, exp.length())) return null;
        }
        int dot = mant.indexOf('.');
        if (dot < 0) {
            if (!numeral(mant, 0, mant.length())) return null;
        } else {
            boolean intOk = dot == 0 || numeral(mant, 0, dot);
            boolean fracOk = dot + 1 == mant.length() ? dot > 0 : digits(mant, dot + 1, mant.length());
            if (!intOk || !fracOk) return null;
        }
        return sign + body.replace(",", "");
    }

    private long integer(long min, long max, int radix) {
        int[] end = new int[1];
        String t = peek(end);
        if (t == null) throw new NoSuchElementException();
        String s = radix == 10 ? integerText(t) : t;
        if (s == null) throw new InputMismatchException();
        long v;
        try {
            v = Long.parseLong(s, radix);
        } catch (NumberFormatException e) {
            throw new InputMismatchException("For input string: \"" + t + "\"");
        }
        if (v < min || v > max) throw new InputMismatchException("For input string: \"" + t + "\"" + (radix == 10 ? "" : " under radix " + radix));
        pos = end[0];
        return v;
    }

    private boolean hasInteger(long min, long max, int radix) {
        String t = peek(new int[1]);
        String s = radix == 10 ? integerText(t) : t;
        if (s == null) return false;
        try {
            long v = Long.parseLong(s, radix);
            return v >= min && v <= max;
        } catch (NumberFormatException e) {
            return false;
        }
    }

    public int nextInt() { return (int) integer(Integer.MIN_VALUE, Integer.MAX_VALUE, 10); }
    public int nextInt(int radix) { return (int) integer(Integer.MIN_VALUE, Integer.MAX_VALUE, radix); }
    public long nextLong() { return integer(Long.MIN_VALUE, Long.MAX_VALUE, 10); }
    public long nextLong(int radix) { return integer(Long.MIN_VALUE, Long.MAX_VALUE, radix); }
    public short nextShort() { return (short) integer(Short.MIN_VALUE, Short.MAX_VALUE, 10); }
    public byte nextByte() { return (byte) integer(Byte.MIN_VALUE, Byte.MAX_VALUE, 10); }
    public boolean hasNextInt() { return hasInteger(Integer.MIN_VALUE, Integer.MAX_VALUE, 10); }
    public boolean hasNextInt(int radix) { return hasInteger(Integer.MIN_VALUE, Integer.MAX_VALUE, radix); }
    public boolean hasNextLong() { return hasInteger(Long.MIN_VALUE, Long.MAX_VALUE, 10); }
    public boolean hasNextShort() { return hasInteger(Short.MIN_VALUE, Short.MAX_VALUE, 10); }
    public boolean hasNextByte() { return hasInteger(Byte.MIN_VALUE, Byte.MAX_VALUE, 10); }

    public double nextDouble() {
        int[] end = new int[1];
        String t = peek(end);
        if (t == null) throw new NoSuchElementException();
        String s = decimalText(t);
        if (s == null) throw new InputMismatchException();
        pos = end[0];
        return Double.parseDouble(s);
    }

    public float nextFloat() { return (float) nextDouble(); }
    public boolean hasNextDouble() { return decimalText(peek(new int[1])) != null; }
    public boolean hasNextFloat() { return hasNextDouble(); }

    public boolean hasNextBoolean() {
        String t = peek(new int[1]);
        return t != null && (t.equalsIgnoreCase("true") || t.equalsIgnoreCase("false"));
    }

    public boolean nextBoolean() {
        int[] end = new int[1];
        String t = peek(end);
        if (t == null) throw new NoSuchElementException();
        if (!t.equalsIgnoreCase("true") && !t.equalsIgnoreCase("false")) throw new InputMismatchException();
        pos = end[0];
        return t.equalsIgnoreCase("true");
    }

    public Stream<String> tokens() {
        ensureOpen();
        ArrayList<String> l = new ArrayList<>();
        while (hasNext()) l.add(next());
        return l.stream();
    }

    public String toString() { return "java.util.Scanner[delimiters=" + delimiter() + "][position=" + pos + "]"; }
}
