package phantom.lang;

import java.util.ArrayList;

/**
 * A small regular-expression engine for String.split, matches, replaceAll and
 * replaceFirst: literals, '.', classes ([a-z], [^...], \d \s \w and their
 * negations), groups (capturing and (?:...)), alternation, the quantifiers
 * * + ? {n} {n,} {n,m} (greedy and lazy), ^ $ \b. A backtracking matcher
 * with memoised failures, so it runs in time proportional to the text times
 * the pattern. Not supported: back-references, lookaround, possessive
 * quantifiers, flags.
 */
public final class Regex {
    private static final int CHAR = 0, ANY = 1, CLASS = 2, SPLIT = 3, JMP = 4, SAVE = 5, MATCH = 6, BOL = 7, EOL = 8, WORDB = 9, NWORDB = 10;

    private final String literal; // non-null: a plain literal pattern
    private int[] op = new int[16];
    private int[] a = new int[16];
    private int[] b = new int[16];
    private final ArrayList<int[]> classes = new ArrayList<>(); // ranges lo,hi,...; first element 1 when negated
    private int len;
    private int groups = 1;
    private String src;
    private int pos;

    private Regex(String literal) { this.literal = literal; }

    private static boolean isMeta(char c) { return "\\^$.|?*+()[]{}".indexOf(c) >= 0; }

    /** A literal pattern (no metacharacters, or one escaped character), or null. */
    public static Regex literalChar(String re) {
        if (re.length() == 2 && re.charAt(0) == '\\' && !Character.isLetterOrDigit(re.charAt(1))) {
            return new Regex(String.valueOf(re.charAt(1)));
        }
        for (int i = 0; i < re.length(); i++) if (isMeta(re.charAt(i))) return null;
        return new Regex(re);
    }

    public static Regex compile(String re) {
        Regex r = literalChar(re);
        if (r != null) return r;
        r = new Regex(null);
        r.src = re;
        r.pos = 0;
        Node tree = r.alt();
        if (r.pos < re.length()) throw r.error("Unmatched closing ')'");
        r.emit(SAVE, 0, 0);
        r.gen(tree);
        r.emit(SAVE, 1, 0);
        r.emit(MATCH, 0, 0);
        return r;
    }

    private IllegalArgumentException error(String what) {
        return new IllegalArgumentException(what + " near index " + pos + "\n" + src);
    }

    // ------------------------------------------------------------- parsing

    private static final int N_CHAR = 0, N_ANY = 1, N_CLASS = 2, N_SEQ = 3, N_ALT = 4, N_REP = 5, N_GROUP = 6, N_ASSERT = 7;

    private static final class Node {
        int kind;
        int value; // char, class index, assertion opcode, group number (-1: none)
        int min, max;
        boolean greedy;
        ArrayList<Node> kids = new ArrayList<>();
        Node(int kind, int value) { this.kind = kind; this.value = value; }
    }

    private boolean more() { return pos < src.length(); }
    private char peek() { return src.charAt(pos); }

    private Node alt() {
        Node first = seq();
        if (!more() || peek() != '|') return first;
        Node n = new Node(N_ALT, 0);
        n.kids.add(first);
        while (more() && peek() == '|') {
            pos++;
            n.kids.add(seq());
        }
        return n;
    }

    private Node seq() {
        Node n = new Node(N_SEQ, 0);
        while (more() && peek() != '|' && peek() != ')') {
            n.kids.add(quantifier(atom()));
        }
        return n;
    }

    private Node quantifier(Node x) {
        if (!more()) return x;
        char c = peek();
        int min, max;
        if (c == '*') { min = 0; max = -1; pos++; }
        else if (c == '+') { min = 1; max = -1; pos++; }
        else if (c == '?') { min = 0; max = 1; pos++; }
        else if (c == '{' && pos + 1 < src.length() && Character.isDigit(src.charAt(pos + 1))) {
            pos++;
            min = number();
            max = min;
            if (more() && peek() == ',') {
                pos++;
                max = more() && Character.isDigit(peek()) ? number() : -1;
            }
            if (!more() || peek() != '}') throw error("Unclosed counted closure");
            pos++;
        } else return x;
        Node r = new Node(N_REP, 0);
        r.min = min;
        r.max = max;
        r.greedy = true;
        if (more() && peek() == '?') { r.greedy = false; pos++; }
        else if (more() && peek() == '+') { pos++; }
        r.kids.add(x);
        return quantifier(r);
    }

    private int number() {
        int n = 0;
        while (more() && Character.isDigit(peek())) n = n * 10 + (src.charAt(pos++) - '0');
        return n;
    }

    private Node atom() {
        char c = src.charAt(pos++);
        switch (c) {
            case '.': return new Node(N_ANY, 0);
            case '^': return new Node(N_ASSERT, BOL);
            case '$': return new Node(N_ASSERT, EOL);
            case '(': {
                int g = -1;
                if (src.startsWith("?:", pos)) pos += 2;
                else if (more() && peek() == '?') throw error("Unsupported group construct");
                else g = groups++;
                Node body = alt();
                if (!more() || peek() != ')') throw error("Unclosed group");
                pos++;
                Node n = new Node(N_GROUP, g);
                n.kids.add(body);
                return n;
            }
            case '[': return charClass();
            case '\\': return escape(false, null);
            case '*': case '+': case '?': throw error("Dangling meta character '" + c + "'");
            default: return new Node(N_CHAR, c);
        }
    }

    private Node classNode(int[] set) {
        classes.add(set);
        return new Node(N_CLASS, classes.size() - 1);
    }

    /** An escape after '\\': a node, or (inside a class) ranges added to {@code ranges}. */
    private Node escape(boolean inClass, ArrayList<Integer> ranges) {
        if (!more()) throw error("Unexpected internal error");
        char c = src.charAt(pos++);
        int[] set = null;
        switch (c) {
            case 'd': set = new int[] {0, '0', '9'}; break;
            case 'D': set = new int[] {1, '0', '9'}; break;
            case 's': set = new int[] {0, ' ', ' ', '\t', '\r'}; break;
            case 'S': set = new int[] {1, ' ', ' ', '\t', '\r'}; break;
            case 'w': set = new int[] {0, 'a', 'z', 'A', 'Z', '0', '9', '_', '_'}; break;
            case 'W': set = new int[] {1, 'a', 'z', 'A', 'Z', '0', '9', '_', '_'}; break;
            case 'b': if (!inClass) return new Node(N_ASSERT, WORDB); break;
            case 'B': if (!inClass) return new Node(N_ASSERT, NWORDB); break;
            default: break;
        }
        if (set != null) {
            if (inClass) {
                if (set[0] != 0) throw error("Negated shorthand classes inside [] are not supported");
                for (int i = 1; i < set.length; i++) ranges.add(set[i]);
                return null;
            }
            return classNode(set);
        }
        char lit;
        switch (c) {
            case 't': lit = '\t'; break;
            case 'n': lit = '\n'; break;
            case 'r': lit = '\r'; break;
            case 'f': lit = '\f'; break;
            case '0': lit = '\0'; break;
            default:
                if (Character.isLetterOrDigit(c)) throw error("Illegal/unsupported escape sequence");
                lit = c;
        }
        if (inClass) {
            ranges.add((int) lit);
            ranges.add((int) lit);
            return null;
        }
        return new Node(N_CHAR, lit);
    }

    private Node charClass() {
        ArrayList<Integer> ranges = new ArrayList<>();
        boolean neg = false;
        if (more() && peek() == '^') { neg = true; pos++; }
        boolean first = true;
        while (more() && (peek() != ']' || first)) {
            first = false;
            char c = src.charAt(pos++);
            if (c == '\\') {
                int before = ranges.size();
                escape(true, ranges);
                if (ranges.size() - before != 2 || ranges.get(before).intValue() != ranges.get(before + 1).intValue()) continue;
                c = (char) ranges.get(before).intValue();
                ranges.remove(ranges.size() - 1);
                ranges.remove(ranges.size() - 1);
            }
            char hi = c;
            if (pos + 1 < src.length() && peek() == '-' && src.charAt(pos + 1) != ']') {
                pos++;
                hi = src.charAt(pos++);
                if (hi == '\\') hi = src.charAt(pos++);
            }
            ranges.add((int) c);
            ranges.add((int) hi);
        }
        if (!more()) throw error("Unclosed character class");
        pos++;
        int[] set = new int[ranges.size() + 1];
        set[0] = neg ? 1 : 0;
        for (int i = 0; i < ranges.size(); i++) set[i + 1] = ranges.get(i);
        return classNode(set);
    }

    // ----------------------------------------------------------- compiling

    private int emit(int o, int x, int y) {
        if (len == op.length) {
            op = java.util.Arrays.copyOf(op, len * 2);
            a = java.util.Arrays.copyOf(a, len * 2);
            b = java.util.Arrays.copyOf(b, len * 2);
        }
        op[len] = o;
        a[len] = x;
        b[len] = y;
        return len++;
    }

    private void gen(Node n) {
        switch (n.kind) {
            case N_CHAR: emit(CHAR, n.value, 0); break;
            case N_ANY: emit(ANY, 0, 0); break;
            case N_CLASS: emit(CLASS, n.value, 0); break;
            case N_ASSERT: emit(n.value, 0, 0); break;
            case N_SEQ: for (Node k : n.kids) gen(k); break;
            case N_GROUP:
                if (n.value >= 0) emit(SAVE, 2 * n.value, 0);
                gen(n.kids.get(0));
                if (n.value >= 0) emit(SAVE, 2 * n.value + 1, 0);
                break;
            case N_ALT: {
                ArrayList<Integer> jumps = new ArrayList<>();
                for (int i = 0; i < n.kids.size() - 1; i++) {
                    int split = emit(SPLIT, 0, 0);
                    a[split] = len;
                    gen(n.kids.get(i));
                    jumps.add(emit(JMP, 0, 0));
                    b[split] = len;
                }
                gen(n.kids.get(n.kids.size() - 1));
                for (int j : jumps) a[j] = len;
                break;
            }
            default: { // N_REP
                Node x = n.kids.get(0);
                for (int k = 0; k < n.min; k++) gen(x);
                if (n.max < 0) {
                    int split = emit(SPLIT, 0, 0);
                    gen(x);
                    emit(JMP, split, 0);
                    branch(split, split + 1, len, n.greedy);
                } else {
                    ArrayList<Integer> splits = new ArrayList<>();
                    for (int k = n.min; k < n.max; k++) {
                        splits.add(emit(SPLIT, 0, 0));
                        gen(x);
                    }
                    for (int s : splits) branch(s, s + 1, len, n.greedy);
                }
            }
        }
    }

    private void branch(int at, int body, int out, boolean greedy) {
        a[at] = greedy ? body : out;
        b[at] = greedy ? out : body;
    }

    private static boolean inSet(int[] set, char c) {
        boolean in = false;
        for (int i = 1; i + 1 < set.length; i += 2) {
            if (c >= set[i] && c <= set[i + 1]) { in = true; break; }
        }
        return in != (set[0] == 1);
    }

    private static boolean word(String s, int i) {
        if (i < 0 || i >= s.length()) return false;
        char c = s.charAt(i);
        return Character.isLetterOrDigit(c) || c == '_';
    }

    // ----------------------------------------------------------------- matching

    private int[] saves;
    private boolean[] failed;

    /** Runs the program from {@code pc} at {@code sp}; the end of the match, or -1. */
    private int run(String s, int sp0) {
        int n = s.length();
        int[] stack = new int[64];
        int top = 0;
        stack[top++] = 0;
        stack[top++] = sp0;
        stack[top++] = 0;
        while (top > 0) {
            int kind = stack[--top];
            int sp = stack[--top];
            int pc = stack[--top];
            if (kind == 1) {
                saves[pc] = sp;
                continue;
            }
            for (;;) {
                int o = op[pc];
                if (o == CHAR) {
                    if (sp < n && s.charAt(sp) == a[pc]) { pc++; sp++; continue; }
                    break;
                } else if (o == ANY) {
                    if (sp < n && s.charAt(sp) != '\n') { pc++; sp++; continue; }
                    break;
                } else if (o == CLASS) {
                    if (sp < n && inSet(classes.get(a[pc]), s.charAt(sp))) { pc++; sp++; continue; }
                    break;
                } else if (o == SPLIT) {
                    int key = pc * (n + 1) + sp;
                    if (failed[key]) break;
                    failed[key] = true;
                    if (top + 3 > stack.length) stack = java.util.Arrays.copyOf(stack, stack.length * 2);
                    stack[top++] = b[pc];
                    stack[top++] = sp;
                    stack[top++] = 0;
                    pc = a[pc];
                } else if (o == JMP) {
                    pc = a[pc];
                } else if (o == SAVE) {
                    if (top + 3 > stack.length) stack = java.util.Arrays.copyOf(stack, stack.length * 2);
                    stack[top++] = a[pc];
                    stack[top++] = saves[a[pc]];
                    stack[top++] = 1;
                    saves[a[pc]] = sp;
                    pc++;
                } else if (o == MATCH) {
                    return sp;
                } else if (o == BOL) {
                    if (sp == 0) { pc++; continue; }
                    break;
                } else if (o == EOL) {
                    if (sp == n) { pc++; continue; }
                    break;
                } else if (o == WORDB || o == NWORDB) {
                    boolean at = word(s, sp - 1) != word(s, sp);
                    if (at == (o == WORDB)) { pc++; continue; }
                    break;
                } else {
                    break;
                }
            }
        }
        return -1;
    }

    /** The first match at or after {@code from}: {start, end, group starts and ends...}, or null. */
    public int[] find(String s, int from) {
        if (literal != null) {
            int i = s.indexOf(literal, from);
            return i < 0 ? null : new int[] {i, i + literal.length()};
        }
        failed = new boolean[len * (s.length() + 1)];
        saves = new int[2 * groups];
        for (int start = from; start <= s.length(); start++) {
            for (int k = 0; k < saves.length; k++) saves[k] = -1;
            int end = run(s, start);
            if (end >= 0) {
                int[] m = saves.clone();
                m[0] = start;
                m[1] = end;
                return m;
            }
        }
        return null;
    }

    public boolean matches(String s) {
        if (literal != null) return literal.equals(s);
        // Anchor: the match must end at the end of the text.
        failed = new boolean[len * (s.length() + 1)];
        saves = new int[2 * groups];
        for (int k = 0; k < saves.length; k++) saves[k] = -1;
        int save = op[len - 1];
        op[len - 1] = EOL;
        emit(MATCH, 0, 0);
        int end = run(s, 0);
        len--;
        op[len - 1] = save;
        return end == s.length();
    }

    public String replace(String s, String repl, boolean all) {
        StringBuilder sb = new StringBuilder();
        int from = 0, last = 0;
        while (from <= s.length()) {
            int[] m = find(s, from);
            if (m == null) break;
            sb.append(s, last, m[0]);
            appendReplacement(sb, s, m, repl);
            last = m[1];
            from = m[1] == m[0] ? m[1] + 1 : m[1];
            if (m[1] == m[0] && m[0] < s.length()) {
                sb.append(s.charAt(m[0]));
                last = m[0] + 1;
            }
            if (!all) break;
        }
        if (last < s.length()) sb.append(s, last, s.length());
        return sb.toString();
    }

    private static void appendReplacement(StringBuilder sb, String s, int[] m, String repl) {
        for (int i = 0; i < repl.length(); i++) {
            char c = repl.charAt(i);
            if (c == '\\' && i + 1 < repl.length()) {
                sb.append(repl.charAt(++i));
            } else if (c == '$' && i + 1 < repl.length() && Character.isDigit(repl.charAt(i + 1))) {
                int g = repl.charAt(++i) - '0';
                if (2 * g + 1 >= m.length) throw new IndexOutOfBoundsException("No group " + g);
                if (m[2 * g] >= 0) sb.append(s, m[2 * g], m[2 * g + 1]);
            } else {
                sb.append(c);
            }
        }
    }
}
