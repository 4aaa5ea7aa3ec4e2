package phantom.lang;

import java.util.ArrayList;
import java.util.Iterator;

/**
 * The members of java.lang.String that the VM's boot module does not define.
 * The converter turns a call of {@code s.m(args)} into
 * {@code StringMethods.m(s, args)}, and of a static {@code String.m(args)}
 * into {@code StringMethods.m(args)}; {@code new String(args)} becomes
 * {@code StringMethods.newString(args)}.
 */
public final class StringMethods {
    private StringMethods() {}

    // ---------------------------------------------------------------- making

    public static String newString() { return ""; }
    public static String newString(String s) { return Natives.newString(Natives.toCharArray(s), 0, s.length()); }
    public static String newString(char[] c) { return Natives.newString(c, 0, c.length); }
    public static String newString(char[] c, int off, int count) { return Natives.newString(c, off, count); }
    public static String newString(StringBuilder sb) { return sb.toString(); }
    public static String newString(StringBuffer sb) { return sb.toString(); }
    public static String newString(byte[] b) { return Utf8.decode(b, 0, b.length); }
    public static String newString(byte[] b, int off, int len) { return Utf8.decode(b, off, len); }
    public static String newString(byte[] b, java.nio.charset.Charset c) { return java.nio.charset.Charset.decode(b, 0, b.length, c); }
    public static String newString(byte[] b, int off, int len, java.nio.charset.Charset c) {
        return java.nio.charset.Charset.decode(b, off, len, c);
    }
    public static String newString(byte[] b, String charsetName) throws java.io.UnsupportedEncodingException {
        return java.nio.charset.Charset.decode(b, 0, b.length, charset(charsetName));
    }
    public static String newString(byte[] b, int off, int len, String charsetName) throws java.io.UnsupportedEncodingException {
        return java.nio.charset.Charset.decode(b, off, len, charset(charsetName));
    }

    private static java.nio.charset.Charset charset(String name) throws java.io.UnsupportedEncodingException {
        try {
            return java.nio.charset.Charset.forName(name);
        } catch (IllegalArgumentException e) {
            throw new java.io.UnsupportedEncodingException(name);
        }
    }
    public static String newString(int[] cps, int off, int count) {
        StringBuilder sb = new StringBuilder();
        for (int i = off; i < off + count; i++) sb.appendCodePoint(cps[i]);
        return sb.toString();
    }

    public static String valueOf(int i) { return String.valueOf((long) i); }
    public static String valueOf(char c) { return Natives.charToString(c); }
    public static String valueOf(boolean b) { return b ? "true" : "false"; }
    public static String valueOf(float f) { return Natives.floatToString(f); }
    public static String valueOf(double d) { return Natives.doubleToString(d); }
    public static String valueOf(char[] c) { return Natives.newString(c, 0, c.length); }
    public static String valueOf(char[] c, int off, int count) { return Natives.newString(c, off, count); }
    public static String copyValueOf(char[] c) { return Natives.newString(c, 0, c.length); }
    public static String copyValueOf(char[] c, int off, int count) { return Natives.newString(c, off, count); }
    public static String valueOf(Object o) {
        if (o == null) return "null";
        String s = o.toString();
        return s == null ? "null" : s;
    }

    public static String format(String fmt, Object... args) { return Formatter.format(fmt, args); }
    public static String format(java.util.Locale l, String fmt, Object... args) { return Formatter.format(fmt, args); }
    public static String formatted(String s, Object... args) { return Formatter.format(s, args); }

    public static String join(CharSequence sep, CharSequence... parts) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < parts.length; i++) {
            if (i > 0) sb.append(sep);
            sb.append(parts[i]);
        }
        return sb.toString();
    }

    public static String join(CharSequence sep, Iterable<? extends CharSequence> parts) {
        StringBuilder sb = new StringBuilder();
        boolean first = true;
        for (CharSequence p : parts) {
            if (!first) sb.append(sep);
            sb.append(p);
            first = false;
        }
        return sb.toString();
    }

    // ------------------------------------------------------------- queries

    public static boolean isEmpty(String s) { return s.length() == 0; }
    public static boolean isBlank(String s) { return Natives.trim(s, 1).length() == 0; }
    public static int codePointAt(String s, int i) {
        if (i < 0 || i >= s.length()) throw new StringIndexOutOfBoundsException("index " + i + ", length " + s.length());
        return Character.codePointAt(s, i);
    }
    public static int codePointBefore(String s, int i) {
        if (i < 1 || i > s.length()) throw new StringIndexOutOfBoundsException("String index out of range: " + i);
        char c = s.charAt(i - 1);
        if (Character.isLowSurrogate(c) && i > 1 && Character.isHighSurrogate(s.charAt(i - 2))) return Character.toCodePoint(s.charAt(i - 2), c);
        return c;
    }
    public static int codePointCount(String s, int b, int e) {
        if (b < 0 || b > e || e > s.length()) throw new IndexOutOfBoundsException();
        return Character.codePointCount(s, b, e);
    }

    public static void getChars(String s, int srcBegin, int srcEnd, char[] dst, int dstBegin) {
        if (srcBegin < 0 || srcEnd > s.length() || srcBegin > srcEnd) {
            throw new StringIndexOutOfBoundsException("begin " + srcBegin + ", end " + srcEnd + ", length " + s.length());
        }
        for (int i = srcBegin; i < srcEnd; i++) dst[dstBegin + i - srcBegin] = s.charAt(i);
    }

    public static char[] toCharArray(String s) { return Natives.toCharArray(s); }
    public static byte[] getBytes(String s) { return Utf8.encode(s); }
    public static byte[] getBytes(String s, String charset) throws java.io.UnsupportedEncodingException {
        return java.nio.charset.Charset.encode(s, charset(charset));
    }
    public static byte[] getBytes(String s, java.nio.charset.Charset charset) { return java.nio.charset.Charset.encode(s, charset); }

    public static boolean contentEquals(String s, CharSequence cs) { return s.equals(cs.toString()); }
    public static boolean contentEquals(String s, StringBuffer cs) { return s.equals(cs.toString()); }
    public static boolean equalsIgnoreCase(String s, String t) {
        return t != null && s.length() == t.length() && Natives.regionMatches(s, true, 0, t, 0, s.length());
    }
    public static int compareTo(String s, String t) { return Natives.compare(s, t, false); }
    public static int compareToIgnoreCase(String s, String t) { return Natives.compare(s, t, true); }
    public static boolean regionMatches(String s, int to, String o, int oo, int len) {
        return Natives.regionMatches(s, false, to, o, oo, len);
    }
    public static boolean regionMatches(String s, boolean ic, int to, String o, int oo, int len) {
        return Natives.regionMatches(s, ic, to, o, oo, len);
    }
    public static boolean startsWith(String s, String p) { return Natives.regionMatches(s, false, 0, p, 0, p.length()); }
    public static boolean startsWith(String s, String p, int off) { return Natives.regionMatches(s, false, off, p, 0, p.length()); }
    public static boolean endsWith(String s, String p) {
        return Natives.regionMatches(s, false, s.length() - p.length(), p, 0, p.length());
    }

    public static int indexOf(String s, int ch) { return Natives.indexOfChar(s, ch, 0); }
    public static int indexOf(String s, int ch, int from) { return Natives.indexOfChar(s, ch, from); }
    public static int lastIndexOf(String s, int ch) { return Natives.lastIndexOfChar(s, ch, s.length() - 1); }
    public static int lastIndexOf(String s, int ch, int from) { return Natives.lastIndexOfChar(s, ch, from); }
    public static int indexOf(String s, String t) { return Natives.indexOf(s, t, 0); }
    public static int indexOf(String s, String t, int from) { return Natives.indexOf(s, t, from); }
    public static int lastIndexOf(String s, String t) { return Natives.lastIndexOf(s, t, s.length()); }
    public static int lastIndexOf(String s, String t, int from) { return Natives.lastIndexOf(s, t, from); }
    public static boolean contains(String s, CharSequence t) { return Natives.indexOf(s, t.toString(), 0) >= 0; }

    // ---------------------------------------------------------------- streams

    public static java.util.stream.IntStream chars(String s) { return java.util.stream.Sources.chars(s); }
    public static java.util.stream.IntStream codePoints(String s) { return java.util.stream.Sources.codePoints(s); }

    /** The lines of s, split at \n, \r and \r\n; a last empty line is not one. */
    public static java.util.stream.Stream<String> lines(String s) {
        return java.util.stream.Sources.of(new Iterator<String>() {
            private int pos;

            public boolean hasNext() { return pos < s.length(); }

            public String next() {
                if (pos >= s.length()) throw new java.util.NoSuchElementException();
                int start = pos;
                int n = s.length();
                while (pos < n && s.charAt(pos) != '\n' && s.charAt(pos) != '\r') pos++;
                String line = Natives.substring(s, start, pos);
                if (pos < n) {
                    if (s.charAt(pos) == '\r' && pos + 1 < n && s.charAt(pos + 1) == '\n') pos++;
                    pos++;
                }
                return line;
            }
        }, -1);
    }

    /** Each line shifted by n spaces (n < 0: up to -n leading white space removed), each ended by \n. */
    public static String indent(String s, int n) {
        if (s.length() == 0) return "";
        StringBuilder sb = new StringBuilder();
        for (Iterator<String> it = lines(s).iterator(); it.hasNext();) {
            String line = it.next();
            if (n > 0) {
                for (int k = 0; k < n; k++) sb.append(' ');
                sb.append(line);
            } else if (n < 0) {
                int k = 0;
                while (k < -n && k < line.length() && Character.isWhitespace(line.charAt(k))) k++;
                sb.append(line, k, line.length());
            } else {
                sb.append(line);
            }
            sb.append('\n');
        }
        return sb.toString();
    }

    private static int firstNonWhite(String line) {
        int i = 0;
        while (i < line.length() && Character.isWhitespace(line.charAt(i))) i++;
        return i;
    }

    /** The white space common to all lines removed from their starts, trailing white space from their ends. */
    public static String stripIndent(String s) {
        int n = s.length();
        if (n == 0) return "";
        char last = s.charAt(n - 1);
        boolean endsWithNewline = last == '\n' || last == '\r';
        ArrayList<String> lines = new ArrayList<>();
        for (Iterator<String> it = lines(s).iterator(); it.hasNext();) lines.add(it.next());
        int outdent = Integer.MAX_VALUE;
        if (endsWithNewline) {
            outdent = 0;
        } else {
            for (int i = 0; i < lines.size(); i++) {
                String line = lines.get(i);
                int f = firstNonWhite(line);
                if (f < line.length() || i == lines.size() - 1) outdent = Math.min(outdent, f);
            }
        }
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < lines.size(); i++) {
            if (i > 0) sb.append('\n');
            String line = lines.get(i);
            int f = firstNonWhite(line);
            int end = line.length();
            while (end > 0 && Character.isWhitespace(line.charAt(end - 1))) end--;
            if (f >= end) continue;
            sb.append(line, Math.min(outdent, f), end);
        }
        if (endsWithNewline) sb.append('\n');
        return sb.toString();
    }

    /** The escape sequences of Java string literals (\n, \t, octal, ...) turned into the characters they stand for. */
    public static String translateEscapes(String s) {
        StringBuilder sb = new StringBuilder();
        int n = s.length();
        int i = 0;
        while (i < n) {
            char c = s.charAt(i++);
            if (c != '\\') {
                sb.append(c);
                continue;
            }
            if (i >= n) throw new IllegalArgumentException("Invalid escape sequence: \\");
            c = s.charAt(i++);
            switch (c) {
                case 'b': sb.append('\b'); break;
                case 'f': sb.append('\f'); break;
                case 'n': sb.append('\n'); break;
                case 'r': sb.append('\r'); break;
                case 's': sb.append(' '); break;
                case 't': sb.append('\t'); break;
                case '\'': case '\"': case '\\': sb.append(c); break;
                case '\n': break;
                case '\r':
                    if (i < n && s.charAt(i) == '\n') i++;
                    break;
                default:
                    if (c >= '0' && c <= '7') {
                        int limit = c <= '3' ? 2 : 1;
                        int v = c - '0';
                        while (limit-- > 0 && i < n && s.charAt(i) >= '0' && s.charAt(i) <= '7') v = v * 8 + (s.charAt(i++) - '0');
                        sb.append((char) v);
                    } else {
                        throw new IllegalArgumentException(format("Invalid escape sequence: \\%c \\\\u%04X", c, (int) c));
                    }
            }
        }
        return sb.toString();
    }

    public static <R> R transform(String s, java.util.function.Function<? super String, ? extends R> f) { return f.apply(s); }

    // ------------------------------------------------------------ new strings

    public static String substring(String s, int b) { return Natives.substring(s, b, s.length()); }
    public static String substring(String s, int b, int e) { return Natives.substring(s, b, e); }
    public static CharSequence subSequence(String s, int b, int e) { return Natives.substring(s, b, e); }
    public static String replace(String s, char a, char b) { return Natives.replaceChar(s, a, b); }
    public static String replace(String s, CharSequence a, CharSequence b) {
        return Natives.replace(s, a.toString(), b.toString());
    }
    public static String toLowerCase(String s) { return Natives.toLowerCase(s); }
    public static String toUpperCase(String s) { return Natives.toUpperCase(s); }
    public static String toLowerCase(String s, java.util.Locale l) { return Natives.toLowerCase(s); }
    public static String toUpperCase(String s, java.util.Locale l) { return Natives.toUpperCase(s); }
    public static String trim(String s) { return Natives.trim(s, 0); }
    public static String strip(String s) { return Natives.trim(s, 1); }
    public static String stripLeading(String s) { return Natives.trim(s, 2); }
    public static String stripTrailing(String s) { return Natives.trim(s, 3); }
    public static String repeat(String s, int n) { return Natives.repeat(s, n); }
    public static String intern(String s) { return s; }

    // ----------------------------------------------------------------- regex

    public static boolean matches(String s, String regex) { return Regex.compile(regex).matches(s); }
    public static String replaceAll(String s, String regex, String repl) { return Regex.compile(regex).replace(s, repl, true); }
    public static String replaceFirst(String s, String regex, String repl) { return Regex.compile(regex).replace(s, repl, false); }
    public static String[] split(String s, String regex) { return split(s, regex, 0); }

    public static String[] split(String s, String regex, int limit) {
        ArrayList<String> parts = new ArrayList<>();
        int start = 0;
        if (s.length() == 0) return new String[] {""};
        Regex re = Regex.literalChar(regex);
        if (re == null) re = Regex.compile(regex);
        int from = 0;
        while (limit <= 0 || parts.size() < limit - 1) {
            int[] m = re.find(s, from);
            if (m == null) break;
            if (m[1] == 0 && m[0] == 0) {
                // A zero-width match at the beginning gives no leading empty string.
                from = 1;
                if (from > s.length()) break;
                continue;
            }
            if (m[0] == m[1] && m[0] >= s.length()) break;
            parts.add(Natives.substring(s, start, m[0]));
            start = m[1];
            from = m[1] == m[0] ? m[1] + 1 : m[1];
            if (from > s.length()) break;
        }
        parts.add(Natives.substring(s, start, s.length()));
        if (limit == 0) {
            int n = parts.size();
            while (n > 0 && parts.get(n - 1).length() == 0) n--;
            String[] out = new String[n];
            for (int i = 0; i < n; i++) out[i] = parts.get(i);
            return out;
        }
        return parts.toArray(new String[0]);
    }
}
