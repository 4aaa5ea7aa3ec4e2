package java.util.regex;

import java.util.ArrayList;
import java.util.ConcurrentModificationException;
import java.util.Objects;
import java.util.function.Function;
import java.util.stream.Stream;

public final class Matcher implements MatchResult {
    private Pattern pattern;
    private String text;
    private phantom.lang.Regex.State state = new phantom.lang.Regex.State();
    /** The last match: start, end, then each group's start and end (-1: did not take part); null: none. */
    private int[] m;
    /** Where the next find() searches from. */
    private int from;
    /** Where appendReplacement continues. */
    private int appendPos;
    private int modCount;

    Matcher(Pattern pattern, CharSequence input) {
        this.pattern = pattern;
        this.text = input.toString();
    }

    public Pattern pattern() { return pattern; }

    public Matcher reset() {
        m = null;
        from = 0;
        appendPos = 0;
        modCount++;
        return this;
    }

    public Matcher reset(CharSequence input) {
        text = input.toString();
        state = new phantom.lang.Regex.State();
        return reset();
    }

    public Matcher usePattern(Pattern p) {
        if (p == null) throw new IllegalArgumentException("Pattern cannot be null");
        pattern = p;
        state = new phantom.lang.Regex.State();
        m = null;
        return this;
    }

    public boolean matches() {
        m = pattern.regex.match(text, 0, true, state);
        if (m != null) from = m[1];
        return m != null;
    }

    public boolean lookingAt() {
        m = pattern.regex.match(text, 0, false, state);
        if (m != null) from = m[1];
        return m != null;
    }

    public boolean find() {
        if (from > text.length()) {
            m = null;
            return false;
        }
        m = pattern.regex.find(text, from, state);
        if (m == null) {
            from = text.length() + 1;
            return false;
        }
        from = m[1] == m[0] ? m[1] + 1 : m[1];
        return true;
    }

    public boolean find(int start) {
        if (start < 0 || start > text.length()) throw new IndexOutOfBoundsException("Illegal start index");
        reset();
        from = start;
        return find();
    }

    private void check() {
        if (m == null) throw new IllegalStateException("No match found");
    }

    private int groupIndex(int g) {
        check();
        if (g < 0 || g > groupCount()) throw new IndexOutOfBoundsException("No group " + g);
        return g;
    }

    public int groupCount() { return pattern.regex.groupCount(); }
    public int start() { return start(0); }
    public int end() { return end(0); }

    public int start(int group) {
        groupIndex(group);
        return 2 * group < m.length ? m[2 * group] : -1;
    }

    public int end(int group) {
        groupIndex(group);
        return 2 * group + 1 < m.length ? m[2 * group + 1] : -1;
    }

    public String group() { return group(0); }

    public String group(int group) {
        int s = start(group);
        return s < 0 ? null : text.substring(s, end(group));
    }

    private int named(String name) {
        int g = pattern.regex.group(name);
        if (g < 0) throw new IllegalArgumentException("No group with name <" + name + ">");
        return g;
    }

    public String group(String name) { return group(named(name)); }
    public int start(String name) { return start(named(name)); }
    public int end(String name) { return end(named(name)); }

    public boolean hitEnd() { return m == null || m[1] == text.length(); }

    public MatchResult toMatchResult() {
        check();
        int[] r = m.clone();
        String t = text;
        int groups = groupCount();
        return new MatchResult() {
            public int start() { return r[0]; }
            public int start(int g) { return r[2 * g]; }
            public int end() { return r[1]; }
            public int end(int g) { return r[2 * g + 1]; }
            public String group() { return t.substring(r[0], r[1]); }
            public String group(int g) { return r[2 * g] < 0 ? null : t.substring(r[2 * g], r[2 * g + 1]); }
            public int groupCount() { return groups; }
        };
    }

    public Stream<MatchResult> results() {
        reset();
        ArrayList<MatchResult> all = new ArrayList<>();
        while (find()) all.add(toMatchResult());
        return all.stream();
    }

    public Matcher appendReplacement(StringBuilder sb, String replacement) {
        check();
        StringBuilder r = new StringBuilder();
        pattern.regex.appendReplacement(r, text, m, replacement);
        sb.append(text, appendPos, m[0]).append(r);
        appendPos = m[1];
        return this;
    }

    public Matcher appendReplacement(StringBuffer sb, String replacement) {
        check();
        StringBuilder r = new StringBuilder();
        pattern.regex.appendReplacement(r, text, m, replacement);
        sb.append(text, appendPos, m[0]).append(r);
        appendPos = m[1];
        return this;
    }

    public StringBuilder appendTail(StringBuilder sb) { return sb.append(text, appendPos, text.length()); }
    public StringBuffer appendTail(StringBuffer sb) { return sb.append(text, appendPos, text.length()); }

    public String replaceAll(String replacement) {
        reset();
        StringBuilder sb = new StringBuilder();
        while (find()) appendReplacement(sb, replacement);
        return appendTail(sb).toString();
    }

    public String replaceAll(Function<MatchResult, String> replacer) {
        Objects.requireNonNull(replacer);
        reset();
        StringBuilder sb = new StringBuilder();
        while (find()) {
            int mc = modCount;
            String r = replacer.apply(this);
            if (mc != modCount) throw new ConcurrentModificationException();
            appendReplacement(sb, r);
        }
        return appendTail(sb).toString();
    }

    public String replaceFirst(String replacement) {
        reset();
        if (!find()) return text;
        StringBuilder sb = new StringBuilder();
        appendReplacement(sb, replacement);
        return appendTail(sb).toString();
    }

    public String replaceFirst(Function<MatchResult, String> replacer) {
        reset();
        if (!find()) return text;
        StringBuilder sb = new StringBuilder();
        appendReplacement(sb, replacer.apply(this));
        return appendTail(sb).toString();
    }

    public static String quoteReplacement(String s) {
        if (s.indexOf('\\') < 0 && s.indexOf('$') < 0) return s;
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '\\' || c == '$') sb.append('\\');
            sb.append(c);
        }
        return sb.toString();
    }

    public String toString() {
        return "java.util.regex.Matcher[pattern=" + pattern + " region=0," + text.length() + " lastmatch="
                + (m == null ? "" : text.substring(m[0], m[1])) + "]";
    }
}
