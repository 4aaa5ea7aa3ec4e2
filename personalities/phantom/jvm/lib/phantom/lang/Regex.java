package phantom.lang;

import java.util.ArrayList;

/**
 * A small regular-expression engine for String.split, matches, replaceAll,
 * replaceFirst, Scanner and java.util.regex: literals, '.', classes ([a-z],
 * [^...], \d \s \w and their negations, \p{Alpha} and the other POSIX
 * classes, \p{L} \p{Lu} \p{Ll} \p{N}), groups (capturing, named
 * (?<name>...) and (?:...)), alternation, the quantifiers * + ? {n} {n,}
 * {n,m} (greedy and lazy), ^ $ \b, lookahead and lookbehind (of a bounded
 * length, as Java's), \Q...\E quoting, and the flags i, m and s
 * (CASE_INSENSITIVE, MULTILINE, DOTALL; an inline (?i) applies to the whole
 * pattern). A backtracking matcher with memoised failures, so it runs in
 * time proportional to the text times the pattern. Not supported:
 * back-references, possessive quantifiers.
 */
public final class Regex {
    private static final int CHAR = 0, ANY = 1, CLASS = 2, SPLIT = 3, JMP = 4, SAVE = 5, MATCH = 6, BOL = 7, EOL = 8, WORDB = 9, NWORDB = 10,
            PRED = 11, LOOK = 12, LOOKEND = 13;

    public static final int CASE_INSENSITIVE = 2, MULTILINE = 8, DOTALL = 32;

    private final String literal; // non-null: a plain literal pattern
    private int[] op = new int[16];
    private int[] a = new int[16];
    private int[] b = new int[16];
    private final ArrayList<int[]> classes = new ArrayList<>(); // ranges lo,hi,...; first element 1 when negated
    private int len;
    private int groups = 1;
    private String src;
    private int pos;
    private int flags;
    private final java.util.HashMap<String, Integer> names = new java.util.HashMap<>();

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

    public static Regex compile(String re) { return compile(re, 0); }

    public static Regex compile(String re, int flags) {
        Regex r = (flags & CASE_INSENSITIVE) == 0 ? literalChar(re) : null;
        if (r != null) return r;
        if ((flags & CASE_INSENSITIVE) == 0 && re.startsWith("\\Q") && re.endsWith("\\E") && re.indexOf("\\E") == re.length() - 2) {
            return new Regex(re.substring(2, re.length() - 2));
        }
        r = new Regex(null);
        r.flags = flags;
        r.src = re;
        r.pos = 0;
        Node tree = r.alt();
        if (r.pos < re.length()) throw r.error("Unmatched closing ')'");
        r.emit(SAVE, 0, 0);
        r.gen(tree);
        r.emit(SAVE, 1, 0);
        r.emit(MATCH, 0, 0);
        r.genLookBodies();
        return r;
    }

    private IllegalArgumentException error(String what) {
        return new java.util.regex.PatternSyntaxException(what, src, pos - 1);
    }

    /** The number of capturing groups. */
    public int groupCount() { return literal != null ? 0 : groups - 1; }

    /** The number of the group called `name`, or -1. */
    public int group(String name) {
        Integer g = names.get(name);
        return g == null ? -1 : g;
    }

    public int flags() { return flags; }

    // ------------------------------------------------------------- parsing

    private static final int N_CHAR = 0, N_ANY = 1, N_CLASS = 2, N_SEQ = 3, N_ALT = 4, N_REP = 5, N_GROUP = 6, N_ASSERT = 7, N_LOOK = 8;
    /** Lookaround kinds (a LOOK instruction's a operand). */
    private static final int AHEAD = 0, NOT_AHEAD = 1, BEHIND = 2, NOT_BEHIND = 3;

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
            if (src.startsWith("\\Q", pos)) {
                // \Q...\E: the text between, literally.
                int end = src.indexOf("\\E", pos + 2);
                String lit = end < 0 ? src.substring(pos + 2) : src.substring(pos + 2, end);
                pos = end < 0 ? src.length() : end + 2;
                for (int i = 0; i < lit.length(); i++) {
                    Node c = new Node(N_CHAR, lit.charAt(i));
                    n.kids.add(i == lit.length() - 1 ? quantifier(c) : c);
                }
                continue;
            }
            if (src.startsWith("(?", pos) && inlineFlags()) continue;
            n.kids.add(quantifier(atom()));
        }
        return n;
    }

    /** (?imsx) or (?-i...): sets or clears flags for the whole pattern; false if this is no such group. */
    private boolean inlineFlags() {
        int i = pos + 2;
        boolean on = true;
        int set = 0, clear = 0;
        while (i < src.length()) {
            char c = src.charAt(i);
            if (c == ')') break;
            int bit;
            if (c == '-') { on = false; i++; continue; }
            else if (c == 'i') bit = CASE_INSENSITIVE;
            else if (c == 'm') bit = MULTILINE;
            else if (c == 's') bit = DOTALL;
            else if (c == 'x' || c == 'u' || c == 'U' || c == 'd') bit = 0;
            else return false;
            if (on) set |= bit;
            else clear |= bit;
            i++;
        }
        if (i >= src.length() || i == pos + 2) return false;
        flags = (flags | set) & ~clear;
        pos = i + 1;
        return true;
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
                if (src.startsWith("?:", pos)) {
                    pos += 2;
                } else if (src.startsWith("?<", pos) && pos + 2 < src.length() && Character.isLetter(src.charAt(pos + 2))) {
                    int end = src.indexOf('>', pos);
                    if (end < 0) throw error("named capturing group is missing trailing '>'");
                    String name = src.substring(pos + 2, end);
                    if (names.containsKey(name)) throw error("Named capturing group <" + name + "> is already defined");
                    pos = end + 1;
                    g = groups++;
                    names.put(name, g);
                } else if (src.startsWith("?=", pos) || src.startsWith("?!", pos) || src.startsWith("?<=", pos) || src.startsWith("?<!", pos)) {
                    boolean behind = src.charAt(pos + 1) == '<';
                    boolean neg = src.charAt(pos + (behind ? 2 : 1)) == '!';
                    pos += behind ? 3 : 2;
                    Node body = alt();
                    if (!more() || peek() != ')') throw error("Unclosed group");
                    pos++;
                    Node n = new Node(N_LOOK, behind ? (neg ? NOT_BEHIND : BEHIND) : (neg ? NOT_AHEAD : AHEAD));
                    n.kids.add(body);
                    if (behind) {
                        n.min = minLength(body);
                        n.max = maxLength(body);
                        if (n.max < 0) throw error("Look-behind group does not have an obvious maximum length");
                    }
                    return n;
                } else if (more() && peek() == '?') {
                    throw error("Unknown inline modifier");
                } else {
                    g = groups++;
                }
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
            case 'p':
            case 'P': {
                String name;
                if (more() && peek() == '{') {
                    int end = src.indexOf('}', pos);
                    if (end < 0) throw error("Unclosed character family");
                    name = src.substring(pos + 1, end);
                    pos = end + 1;
                } else {
                    if (!more()) throw error("Illegal character family");
                    name = String.valueOf(src.charAt(pos++));
                }
                boolean neg = c == 'P';
                if (name.startsWith("Is")) name = name.substring(2);
                set = posix(name);
                if (set != null) {
                    if (neg) set[0] = 1;
                    break;
                }
                int pred = predicate(name);
                if (pred < 0) throw error("Unknown character property name {" + name + "}");
                if (inClass) throw error("Unicode properties inside [] are not supported");
                return new Node(N_ASSERT, -(pred * 2 + (neg ? 1 : 0)) - 1);
            }
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

    /** The ASCII ranges of a POSIX class name ({0, lo, hi, ...}), or null. */
    private static int[] posix(String name) {
        switch (name) {
            case "Lower": return new int[] {0, 'a', 'z'};
            case "Upper": return new int[] {0, 'A', 'Z'};
            case "ASCII": return new int[] {0, 0, 0x7f};
            case "Alpha": return new int[] {0, 'a', 'z', 'A', 'Z'};
            case "Digit": return new int[] {0, '0', '9'};
            case "Alnum": return new int[] {0, 'a', 'z', 'A', 'Z', '0', '9'};
            case "Punct": return new int[] {0, '!', '/', ':', '@', '[', '`', '{', '~'};
            case "Graph": return new int[] {0, '!', '~'};
            case "Print": return new int[] {0, ' ', '~'};
            case "Blank": return new int[] {0, ' ', ' ', '\t', '\t'};
            case "Cntrl": return new int[] {0, 0, 0x1f, 0x7f, 0x7f};
            case "XDigit": return new int[] {0, '0', '9', 'a', 'f', 'A', 'F'};
            case "Space": return new int[] {0, ' ', ' ', '\t', '\r'};
            default: return null;
        }
    }

    /** A Unicode property tested with Character's methods: its number, or -1. */
    private static int predicate(String name) {
        switch (name) {
            case "L": case "Alphabetic": case "Letter": case "javaLetter": return 0;
            case "Lu": case "Uppercase": case "javaUpperCase": return 1;
            case "Ll": case "Lowercase": case "javaLowerCase": return 2;
            case "N": case "Nd": case "javaDigit": return 3;
            case "javaWhitespace": case "White_Space": return 4;
            case "javaLetterOrDigit": return 5;
            default: return -1;
        }
    }

    private static boolean testPredicate(int pred, char c) {
        switch (pred) {
            case 0: return Character.isLetter(c);
            case 1: return Character.isUpperCase(c);
            case 2: return Character.isLowerCase(c);
            case 3: return Character.isDigit(c);
            case 4: return Character.isWhitespace(c);
            default: return Character.isLetterOrDigit(c);
        }
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

    private static int minLength(Node n) {
        switch (n.kind) {
            case N_CHAR: case N_ANY: case N_CLASS: return 1;
            case N_ASSERT: return n.value < 0 ? 1 : 0;
            case N_LOOK: return 0;
            case N_SEQ: {
                int t = 0;
                for (Node k : n.kids) t += minLength(k);
                return t;
            }
            case N_ALT: {
                int m = Integer.MAX_VALUE;
                for (Node k : n.kids) m = Math.min(m, minLength(k));
                return m;
            }
            case N_GROUP: return minLength(n.kids.get(0));
            default: return n.min * minLength(n.kids.get(0));
        }
    }

    /** The longest text `n` can match, or -1 if unbounded. */
    private static int maxLength(Node n) {
        switch (n.kind) {
            case N_CHAR: case N_ANY: case N_CLASS: return 1;
            case N_ASSERT: return n.value < 0 ? 1 : 0;
            case N_LOOK: return 0;
            case N_SEQ: {
                int t = 0;
                for (Node k : n.kids) {
                    int x = maxLength(k);
                    if (x < 0) return -1;
                    t += x;
                }
                return t;
            }
            case N_ALT: {
                int m = 0;
                for (Node k : n.kids) {
                    int x = maxLength(k);
                    if (x < 0) return -1;
                    m = Math.max(m, x);
                }
                return m;
            }
            case N_GROUP: return maxLength(n.kids.get(0));
            default: {
                int x = maxLength(n.kids.get(0));
                if (n.max < 0 || x < 0) return x == 0 ? 0 : -1;
                return n.max * x;
            }
        }
    }

    // ----------------------------------------------------------- compiling

    /** Lookaround bodies waiting to be generated after the main program: {LOOK instruction, node}. */
    private final ArrayList<Object[]> pendingLooks = new ArrayList<>();
    /** The length bounds of lookbehinds, by LOOK instruction. */
    private final java.util.HashMap<Integer, int[]> lookBounds = new java.util.HashMap<>();

    private void genLookBodies() {
        // Bodies may hold lookarounds of their own: the list grows as it is walked.
        for (int i = 0; i < pendingLooks.size(); i++) {
            Object[] p = pendingLooks.get(i);
            b[(Integer) p[0]] = len;
            gen((Node) p[1]);
            emit(LOOKEND, 0, 0);
        }
    }

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
            case N_ASSERT:
                if (n.value < 0) emit(PRED, -n.value - 1, 0);
                else emit(n.value, 0, 0);
                break;
            case N_LOOK: {
                int at = emit(LOOK, n.value, 0);
                pendingLooks.add(new Object[] {at, n.kids.get(0)});
                if (n.value >= BEHIND) lookBounds.put(at, new int[] {n.min, n.max});
                break;
            }
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

    private static boolean inRanges(int[] set, char c) {
        for (int i = 1; i + 1 < set.length; i += 2) {
            if (c >= set[i] && c <= set[i + 1]) return true;
        }
        return false;
    }

    private boolean inSet(int[] set, char c) {
        boolean in = inRanges(set, c);
        if (!in && (flags & CASE_INSENSITIVE) != 0) {
            in = inRanges(set, Character.toLowerCase(c)) || inRanges(set, Character.toUpperCase(c));
        }
        return in != (set[0] == 1);
    }

    private boolean sameChar(char c, int p) {
        if (c == p) return true;
        if ((flags & CASE_INSENSITIVE) == 0) return false;
        char q = (char) p;
        return Character.toLowerCase(c) == Character.toLowerCase(q) || Character.toUpperCase(c) == Character.toUpperCase(q);
    }

    private static boolean word(String s, int i) {
        if (i < 0 || i >= s.length()) return false;
        char c = s.charAt(i);
        return Character.isLetterOrDigit(c) || c == '_';
    }

    // ----------------------------------------------------------------- matching

    /**
     * What matching a text needs: the memo of failed (instruction, position)
     * pairs, valid for one text and one mode whatever the start, and the
     * group positions. One per matcher, so that a pattern can be shared.
     */
    public static final class State {
        boolean[] failed;
        int[] saves;
        String input;
        boolean whole;
    }

    private void prepare(State st, String s, boolean whole) {
        if (st.failed == null || st.input != s || st.whole != whole) {
            st.failed = new boolean[len * (s.length() + 1)];
            st.input = s;
            st.whole = whole;
        }
        if (st.saves == null) st.saves = new int[2 * groups];
    }

    /** Runs the program from the start at {@code sp0}; the end of the match, or -1. */
    private int run(State st, String s, int sp0) { return run(st, s, 0, sp0, -1, true); }

    /**
     * Runs from instruction {@code pc0} at {@code sp0}; the end of the match
     * (a lookaround body's LOOKEND, which must be at {@code target} unless
     * that is -1), or -1. Without {@code memo}, failures are not remembered
     * (a lookbehind's body: whether it fails depends on its target).
     */
    private int run(State st, String s, int pc0, int sp0, int target, boolean memo) {
        int[] saves = st.saves;
        boolean[] failed = st.failed;
        boolean whole = st.whole;
        int n = s.length();
        int[] stack = new int[64];
        int top = 0;
        stack[top++] = pc0;
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
                    if (sp < n && sameChar(s.charAt(sp), a[pc])) { pc++; sp++; continue; }
                    break;
                } else if (o == ANY) {
                    if (sp < n && ((flags & DOTALL) != 0 || !lineEnd(s.charAt(sp)))) { pc++; sp++; continue; }
                    break;
                } else if (o == CLASS) {
                    if (sp < n && inSet(classes.get(a[pc]), s.charAt(sp))) { pc++; sp++; continue; }
                    break;
                } else if (o == SPLIT) {
                    int key = pc * (n + 1) + sp;
                    if (memo) {
                        if (failed[key]) break;
                        failed[key] = true;
                    }
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
                    if (!whole || sp == n) return sp;
                    break;
                } else if (o == BOL) {
                    if (sp == 0 || ((flags & MULTILINE) != 0 && sp < n && lineEnd(s.charAt(sp - 1)) && !(s.charAt(sp - 1) == '\r' && s.charAt(sp) == '\n'))) { pc++; continue; }
                    break;
                } else if (o == EOL) {
                    if (atEol(s, sp)) { pc++; continue; }
                    break;
                } else if (o == LOOKEND) {
                    if (target < 0 || sp == target) return sp;
                    break;
                } else if (o == LOOK) {
                    int look = a[pc];
                    boolean found;
                    if (look == AHEAD || look == NOT_AHEAD) {
                        found = run(st, s, b[pc], sp, -1, memo) >= 0;
                    } else {
                        int[] bounds = lookBounds.get(pc);
                        found = false;
                        for (int from = sp - bounds[0]; from >= 0 && from >= sp - bounds[1]; from--) {
                            if (run(st, s, b[pc], from, sp, false) >= 0) {
                                found = true;
                                break;
                            }
                        }
                    }
                    if (found == (look == AHEAD || look == BEHIND)) { pc++; continue; }
                    break;
                } else if (o == PRED) {
                    if (sp < n && testPredicate(a[pc] >> 1, s.charAt(sp)) != ((a[pc] & 1) != 0)) { pc++; sp++; continue; }
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

    private static boolean lineEnd(char c) { return c == '\n' || c == '\r' || c == '\u0085' || c == '\u2028' || c == '\u2029'; }

    /** $: the end, or (as Java's) just before a last line terminator; with MULTILINE before any. */
    private boolean atEol(String s, int sp) {
        int n = s.length();
        if (sp == n) return true;
        char c = s.charAt(sp);
        if (!lineEnd(c)) return false;
        if ((flags & MULTILINE) != 0) return !(c == '\n' && sp > 0 && s.charAt(sp - 1) == '\r');
        if (sp == n - 1) return !(c == '\n' && sp > 0 && s.charAt(sp - 1) == '\r');
        return sp == n - 2 && c == '\r' && s.charAt(sp + 1) == '\n';
    }

    /** The first match at or after {@code from}: {start, end, group starts and ends...}, or null. */
    public int[] find(String s, int from) { return find(s, from, new State()); }

    public int[] find(String s, int from, State st) {
        if (literal != null) {
            int i = s.indexOf(literal, from);
            return i < 0 ? null : new int[] {i, i + literal.length()};
        }
        prepare(st, s, false);
        int[] saves = st.saves;
        for (int start = from; start <= s.length(); start++) {
            for (int k = 0; k < saves.length; k++) saves[k] = -1;
            int end = run(st, s, start);
            if (end >= 0) {
                int[] m = saves.clone();
                m[0] = start;
                m[1] = end;
                return m;
            }
        }
        return null;
    }

    /** A match starting at {@code start} (reaching the end if {@code whole}), or null. */
    public int[] match(String s, int start, boolean whole, State st) {
        if (literal != null) {
            if (!s.startsWith(literal, start) || (whole && start + literal.length() != s.length())) return null;
            return new int[] {start, start + literal.length()};
        }
        prepare(st, s, whole);
        int[] saves = st.saves;
        for (int k = 0; k < saves.length; k++) saves[k] = -1;
        int end = run(st, s, start);
        if (end < 0) return null;
        int[] m = saves.clone();
        m[0] = start;
        m[1] = end;
        return m;
    }

    public boolean matches(String s) { return match(s, 0, true, new State()) != null; }

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

    /** Appends `repl` with $n, ${name} and \\c replaced (Matcher.appendReplacement's rules). */
    public void appendReplacement(StringBuilder sb, String s, int[] m, String repl) {
        for (int i = 0; i < repl.length(); i++) {
            char c = repl.charAt(i);
            if (c == '\\') {
                if (++i == repl.length()) throw new IllegalArgumentException("character to be escaped is missing");
                sb.append(repl.charAt(i));
            } else if (c == '$') {
                if (++i == repl.length()) throw new IllegalArgumentException("Illegal group reference: group index is missing");
                int g;
                if (repl.charAt(i) == '{') {
                    int end = repl.indexOf('}', i);
                    if (end < 0) throw new IllegalArgumentException("named capturing group is missing trailing '}'");
                    String name = repl.substring(i + 1, end);
                    g = group(name);
                    if (g < 0) throw new IllegalArgumentException("No group with name {" + name + "}");
                    i = end;
                } else {
                    if (!Character.isDigit(repl.charAt(i))) throw new IllegalArgumentException("Illegal group reference");
                    g = repl.charAt(i) - '0';
                    if (2 * g + 1 >= m.length) throw new IndexOutOfBoundsException("No group " + g);
                    // More digits while they still name a group.
                    while (i + 1 < repl.length() && Character.isDigit(repl.charAt(i + 1))) {
                        int g2 = g * 10 + (repl.charAt(i + 1) - '0');
                        if (2 * g2 + 1 >= m.length) break;
                        g = g2;
                        i++;
                    }
                }
                if (m[2 * g] >= 0) sb.append(s, m[2 * g], m[2 * g + 1]);
            } else {
                sb.append(c);
            }
        }
    }
}
