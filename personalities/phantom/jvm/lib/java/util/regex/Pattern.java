package java.util.regex;

import java.util.ArrayList;
import java.util.function.Predicate;
import java.util.stream.Stream;

/** A compiled regular expression (the class library's engine: see phantom.lang.Regex for what it supports). */
public final class Pattern implements java.io.Serializable {
    public static final int UNIX_LINES = 0x01;
    public static final int CASE_INSENSITIVE = 0x02;
    public static final int COMMENTS = 0x04;
    public static final int MULTILINE = 0x08;
    public static final int LITERAL = 0x10;
    public static final int DOTALL = 0x20;
    public static final int UNICODE_CASE = 0x40;
    public static final int CANON_EQ = 0x80;
    public static final int UNICODE_CHARACTER_CLASS = 0x100;

    private final String pattern;
    private final int flags;
    final phantom.lang.Regex regex;

    private Pattern(String pattern, int flags) {
        this.pattern = pattern;
        this.flags = flags;
        String re = (flags & LITERAL) != 0 ? quote(pattern) : pattern;
        this.regex = phantom.lang.Regex.compile(re, flags & (CASE_INSENSITIVE | MULTILINE | DOTALL));
    }

    public static Pattern compile(String regex) { return new Pattern(regex, 0); }
    public static Pattern compile(String regex, int flags) { return new Pattern(regex, flags); }
    public String pattern() { return pattern; }
    public String toString() { return pattern; }
    public int flags() { return flags; }
    public Matcher matcher(CharSequence input) { return new Matcher(this, input); }

    public static boolean matches(String regex, CharSequence input) { return compile(regex).matcher(input).matches(); }

    public static String quote(String s) {
        if (s.indexOf("\\E") < 0) return "\\Q" + s + "\\E";
        StringBuilder sb = new StringBuilder("\\Q");
        int cur = 0;
        int at;
        while ((at = s.indexOf("\\E", cur)) >= 0) {
            sb.append(s, cur, at).append("\\E\\\\E\\Q");
            cur = at + 2;
        }
        return sb.append(s.substring(cur)).append("\\E").toString();
    }

    public String[] split(CharSequence input) { return split(input, 0); }

    /** As String.split: a zero-width match at the start gives no leading empty string. */
    public String[] split(CharSequence input, int limit) {
        String s = input.toString();
        ArrayList<String> parts = new ArrayList<>();
        if (s.length() == 0) return new String[] {""};
        phantom.lang.Regex.State st = new phantom.lang.Regex.State();
        int start = 0;
        int from = 0;
        while (limit <= 0 || parts.size() < limit - 1) {
            int[] m = regex.find(s, from, st);
            if (m == null) break;
            if (m[1] == 0 && m[0] == 0) {
                from = 1;
                if (from > s.length()) break;
                continue;
            }
            if (m[0] == m[1] && m[0] >= s.length()) break;
            parts.add(s.substring(start, m[0]));
            start = m[1];
            from = m[1] == m[0] ? m[1] + 1 : m[1];
            if (from > s.length()) break;
        }
        parts.add(s.substring(start));
        int n = parts.size();
        if (limit == 0) while (n > 0 && parts.get(n - 1).length() == 0) n--;
        String[] out = new String[n];
        for (int i = 0; i < n; i++) out[i] = parts.get(i);
        return out;
    }

    public Stream<String> splitAsStream(CharSequence input) {
        String[] parts = split(input, 0);
        if (input.length() == 0) return Stream.of();
        return Stream.of(parts);
    }

    public Predicate<String> asPredicate() { return s -> matcher(s).find(); }
    public Predicate<String> asMatchPredicate() { return s -> matcher(s).matches(); }
}
