import java.util.*;

public class Main {
    interface Action { void run(); }

    static void attempt(String label, Action a) {
        try {
            a.run();
            System.out.println(label + ": ok");
        } catch (RuntimeException e) {
            System.out.println(label + ": " + e);
        }
    }

    public static void main(String[] args) {
        strings();
        formatting();
        builders();
        characters();
        numbers();
        exceptions();
    }

    static void strings() {
        System.out.println("[" + "ab".repeat(0) + "|" + "-".repeat(5) + "]");
        System.out.println("[" + " \t x y \n".strip() + "][" + "  lead".stripLeading() + "][" + "trail  ".stripTrailing() + "][" + "\u2003wide\u2003".strip() + "][" + "\u2003wide\u2003".trim() + "]");
        System.out.println("".isBlank() + " " + " \t\n".isBlank() + " " + " a ".isBlank() + " " + "".isEmpty());
        System.out.println("a\nb\r\nc\rd".lines().toList() + " " + "".lines().count() + " " + "x\n".lines().count());
        System.out.println(String.join("/", List.of("p", "q", "r")) + " " + String.join("", new ArrayList<String>()) + " " + String.join(", ", new TreeSet<>(Set.of("b", "a"))));
        System.out.println("Apple".compareToIgnoreCase("apricot") + " " + "b".compareToIgnoreCase("A") + " " + "same".compareToIgnoreCase("SAME"));
        System.out.println("Hello World".regionMatches(6, "World", 0, 5) + " " + "Hello World".regionMatches(true, 6, "wORLD", 0, 5) + " " + "Hello".regionMatches(3, "lo!", 0, 3) + " " + "Hello".regionMatches(-1, "H", 0, 1));
        String s = "abracadabra";
        System.out.println(s.indexOf('a') + " " + s.indexOf('a', 1) + " " + s.indexOf('a', -5) + " " + s.indexOf('a', 100) + " " + s.lastIndexOf('a') + " " + s.lastIndexOf('a', 9) + " " + s.lastIndexOf('a', -1));
        System.out.println(s.indexOf("bra") + " " + s.indexOf("bra", 2) + " " + s.lastIndexOf("bra") + " " + s.lastIndexOf("bra", 7) + " " + s.indexOf("", 4) + " " + s.lastIndexOf("") + " " + s.indexOf("zz"));
        System.out.println(Arrays.toString("a,b,c,d".split(",", 2)) + Arrays.toString("a,b,c,d".split(",", -1)) + Arrays.toString("a,b,,".split(",", -1)) + Arrays.toString("a,b,,".split(",", 0)) + Arrays.toString("a,b,,".split(",", 10)));
        System.out.println(Arrays.toString("one1two22three".split("\\d+", 2)) + Arrays.toString("x  y   z".split(" +", -1)) + Arrays.toString("abc".split("")) + Arrays.toString(",a".split(",")) + Arrays.toString("a.b.c".split("\\.")));
        System.out.println(Arrays.toString("key = value = more".split("\\s*=\\s*", 2)) + Arrays.toString("2024-01-15T10:30".split("[-T:]")));
        System.out.println("Mississippi".replace("ss", "SS") + " " + "aaa".replace("a", "aa") + " " + "x".replace("", "-") + " " + "tab\there".replaceAll("\\s", "_"));
        System.out.println("hello".contains("ell") + " " + "hello".startsWith("llo", 2) + " " + "hello".endsWith("") + " " + "Hello".equalsIgnoreCase(null) + " " + "hello".contentEquals(new StringBuilder("hello")));
        System.out.println("hello".chars().sum() + " " + "ÿ€".codePointAt(1) + " " + "a😀b".codePointCount(0, 4) + " " + "Straße".toUpperCase() + " " + "ÀÉÎ".toLowerCase());
        System.out.println(String.valueOf(new char[] {'h', 'i'}) + " " + String.valueOf((Object) null) + " " + String.copyValueOf(new char[] {'a', 'b', 'c'}, 1, 2) + " " + new String(new char[] {'x', 'y', 'z'}, 1, 1));
        System.out.println("a-b".concat("-c") + " " + "".concat("") + "|" + "AbC".chars().filter(Character::isUpperCase).count() + " " + "%s=%d".formatted("k", 5));
        System.out.println("racecar".contentEquals("racecar") + " " + new StringBuilder("racecar").reverse().toString().equals("racecar") + " " + "  x  ".length() + " " + "x".compareTo("xy") + " " + "é".compareTo("e"));
        char[] dst = new char[5];
        "hello world".getChars(6, 11, dst, 0);
        System.out.println(new String(dst) + " " + "hello".toCharArray().length + " " + Arrays.toString("héllo".getBytes()) + " " + new String("héllo".getBytes()));
        System.out.println("indent".indent(2).replace("\n", "$") + " " + "  a\n    b".stripIndent().replace("\n", "$") + " " + "a\\tb".translateEscapes());
    }

    static void formatting() {
        System.out.println(String.format("|%5d|%-5d|%05d|%+d|% d|%,d|%(d|%x|%X|%o|%08.3f|", 42, 42, 42, 42, 42, 1234567, -42, 255, 255, 8, 3.14159));
        System.out.println(String.format("|%10.2f|%-10.2f|%.0f|%.1f|%.2f|%.3f|%e|%.2E|", 3.14159, 2.5, 2.5, 0.05, 1.005, 2.0005, 12345.678, 0.000123));
        System.out.println(String.format("|%s|%10s|%-10s|%.2s|%S|%c|%C|%b|%B|%%|%n", "str", "right", "left", "trunc", "up", 'c', 'd', true, null).replace("\n", "$"));
        System.out.println(String.format("%2$s %1$s %2$s", "a", "b") + " " + String.format("%s %<s %s", "x", "y") + " " + String.format("%,.2f", 1234567.891) + " " + String.format("%.1f%%", 45.67));
        System.out.println(String.format("%d %d %d %d", (byte) -1, (short) 300, 10L, Integer.MIN_VALUE) + " " + String.format("%x %x", -1, -1L) + " " + String.format("%h", "hi"));
        System.out.println(String.format("[%8.3e] [%-12s] [%012d] [%,10d] [%+.2f] [%(.2f]", 123.456, "pad", -42, 1234567, 3.0, -3.5));
        System.out.println(String.format("%.2f %.2f %.2f %.2f %.1f %.1f %.0f %.0f", 0.125, 0.375, 2.675, 1.115, 0.25, 0.35, 0.5, 1.5));
        System.out.println(String.format("%f %f %.3f %.10f", 1e10, 1e-5, -0.0, Math.PI) + " " + String.format("%s %s %s", 1.0f, 100.0, 1e21));
        System.out.printf("%-6s|%6.2f|%3d%n", "item", 9.5, 7);
        System.out.printf("%s%n", List.of(1, 2));
        System.out.println(String.format("%08X", 0xBEEF) + " " + String.format("%#x %#o", 255, 8) + " " + String.format("%10.4s|", "abcdefgh"));
        System.out.println(String.format("%.3f %.3f %10.3e", Double.NaN, Double.POSITIVE_INFINITY, -0.001234));
        System.out.println(String.format("%5b|%-6b|%c|%d", false, true, 65, Long.MAX_VALUE));
        attempt("bad conversion", () -> String.format("%d", "x"));
        attempt("missing argument", () -> String.format("%s %s", "only"));
        attempt("unknown conversion", () -> String.format("%q", 1));
    }

    static void builders() {
        StringBuilder sb = new StringBuilder("hello");
        sb.insert(0, 42).insert(2, '-').insert(sb.length(), true).insert(3, 1.5).insert(0, new char[] {'<'});
        System.out.println(sb + " " + sb.indexOf("l") + " " + sb.lastIndexOf("l") + " " + sb.indexOf("l", 9) + " " + sb.charAt(1));
        sb.setLength(3);
        System.out.println(sb + "|" + sb.length() + " " + sb.compareTo(new StringBuilder("<4")) + " " + sb.isEmpty());
        sb.setLength(5);
        System.out.println(sb.toString().replace('\0', '0') + " " + sb.length());
        StringBuilder r = new StringBuilder("abcdef");
        r.replace(1, 3, "XYZ").delete(0, 1).deleteCharAt(r.length() - 1).reverse();
        System.out.println(r + " " + r.substring(2) + " " + r.substring(1, 3) + " " + r.subSequence(0, 2));
        StringBuilder cp = new StringBuilder().appendCodePoint(0x1F600).appendCodePoint('A');
        System.out.println(cp.length() + " " + cp.codePointAt(0) + " " + new StringBuilder("a😀").reverse().length());
        StringBuilder nums = new StringBuilder();
        nums.append(1).append('a').append(2L).append(3.5f).append(4.25).append(false).append((Object) "o").append("xyz", 1, 2).append(new char[] {'p', 'q', 'r'}, 1, 2);
        System.out.println(nums + " " + nums.chars().filter(Character::isDigit).count());
        StringBuffer buf = new StringBuffer("buf");
        buf.append(1).insert(0, "[").append(']').reverse();
        System.out.println(buf + " " + buf.length() + " " + buf.charAt(0));
        StringJoiner j = new StringJoiner(", ", "{", "}");
        j.setEmptyValue("EMPTY");
        System.out.println(j + " " + j.length());
        j.add("a").add("b");
        StringJoiner k = new StringJoiner("-");
        k.add("x").add("y");
        j.merge(k);
        System.out.println(j + " " + j.length());
        attempt("sb.charAt", () -> new StringBuilder("abc").charAt(5));
        attempt("sb.deleteCharAt", () -> new StringBuilder("abc").deleteCharAt(3));
        attempt("sb.insert", () -> new StringBuilder("abc").insert(4, "x"));
        attempt("sb.substring", () -> new StringBuilder("abc").substring(2, 1));
        attempt("sb.setLength", () -> new StringBuilder("abc").setLength(-1));
        attempt("sb.delete", () -> new StringBuilder("abc").delete(2, 1));
        attempt("sb.replace", () -> new StringBuilder("abc").replace(4, 5, "x"));
        attempt("sb.setCharAt", () -> new StringBuilder("abc").setCharAt(3, 'x'));
    }

    static void characters() {
        System.out.println(Character.isLetterOrDigit('_') + " " + Character.isAlphabetic('é') + " " + Character.isLowerCase('ß') + " " + Character.isSpaceChar('\u00a0') + " " + Character.isWhitespace('\u00a0'));
        System.out.println(Character.getNumericValue('7') + " " + Character.getNumericValue('z') + " " + Character.digit('f', 16) + " " + Character.digit('9', 8) + " " + Character.forDigit(11, 16) + " " + Character.toChars(65)[0]);
        System.out.println(Character.toString(97) + " " + Character.valueOf('x').compareTo('y') + " " + Character.compare('b', 'a') + " " + Character.isHighSurrogate("😀".charAt(0)) + " " + Character.toLowerCase('Ä') + " " + Character.toTitleCase('a'));
        System.out.println((int) Character.MAX_VALUE + " " + (int) Character.MIN_VALUE + " " + Character.MAX_RADIX + " " + Character.isJavaIdentifierStart('$') + " " + Character.isJavaIdentifierPart('1') + " " + Character.isISOControl('\n'));
        System.out.println(Character.toUpperCase((int) 'z') + " " + Character.isDigit((int) '3') + " " + Character.charCount(0x1F600) + " " + Character.hashCode('a') + " " + Character.reverseBytes('\u0102') + " " + Character.isSurrogate('a'));
    }

    static void numbers() {
        System.out.println(Integer.toBinaryString(42) + " " + Integer.toBinaryString(-1) + " " + Integer.toHexString(-255) + " " + Integer.toOctalString(64) + " " + Integer.toString(255, 16) + " " + Integer.toString(-255, 2) + " " + Integer.toString(35, 36));
        System.out.println(Integer.bitCount(255) + " " + Integer.highestOneBit(100) + " " + Integer.lowestOneBit(100) + " " + Integer.numberOfLeadingZeros(1) + " " + Integer.numberOfTrailingZeros(8) + " " + Integer.reverse(1) + " " + Integer.rotateLeft(1, 33) + " " + Integer.signum(-5));
        System.out.println(Integer.parseInt("-123") + " " + Integer.parseInt("ff", 16) + " " + Integer.parseInt("+7") + " " + Integer.valueOf("12") + " " + Integer.decode("0x1F") + " " + Integer.decode("-010") + " " + Integer.parseUnsignedInt("4294967295") + " " + Integer.toUnsignedString(-1));
        System.out.println(Integer.MAX_VALUE + 1 + " " + Integer.compare(3, 5) + " " + Integer.max(3, 9) + " " + Integer.sum(2, 2) + " " + Integer.divideUnsigned(-1, 2) + " " + Integer.remainderUnsigned(-1, 7) + " " + Integer.toUnsignedLong(-1) + " " + Integer.reverseBytes(0x01020304));
        System.out.println(Long.toBinaryString(5L) + " " + Long.toHexString(-1L) + " " + Long.bitCount(-1L) + " " + Long.numberOfTrailingZeros(1L << 40) + " " + Long.parseLong("-9223372036854775808") + " " + Long.MAX_VALUE + " " + Long.toString(-255L, 16) + " " + Long.highestOneBit(1000L));
        System.out.println(Long.compare(1, 2) + " " + Long.signum(-9L) + " " + Long.parseLong("zz", 36) + " " + Long.valueOf(5).equals(5L) + " " + Long.hashCode(1L << 32) + " " + Long.toUnsignedString(-1L) + " " + Long.numberOfLeadingZeros(1L) + " " + Long.reverse(1L));
        System.out.println(Math.floorDiv(-7, 2) + " " + Math.floorMod(-7, 2) + " " + (-7 / 2) + " " + (-7 % 2) + " " + Math.abs(-3.5) + " " + Math.round(2.5) + " " + Math.round(-2.5) + " " + Math.round(2.4f) + " " + Math.rint(2.5) + " " + Math.ceil(-0.5));
        System.out.println(Math.hypot(3, 4) + " " + Math.cbrt(27) + " " + Math.pow(2, 0.5) + " " + Math.log10(1000) + " " + Math.signum(-2.0) + " " + Math.toDegrees(Math.PI));
        System.out.println(Double.compare(0.0, -0.0) + " " + Double.isNaN(0.0 / 0) + " " + Double.MIN_VALUE + " " + Double.MAX_VALUE + " " + Double.toString(1e-4) + " " + Double.parseDouble("1e3") + " " + Double.valueOf("3.25") + " " + (0.1 + 0.2));
        System.out.println(Float.MAX_VALUE + " " + 1.0f / 3 + " " + (double) (1.0f / 3) + " " + Float.parseFloat("2.5") + " " + Float.compare(1f, 2f) + " " + Float.isInfinite(1f / 0) + " " + 100f + " " + 1e10f + " " + 1.0e-5f);
        System.out.println(Integer.MIN_VALUE / -1 + " " + Math.abs(Integer.MIN_VALUE) + " " + (long) 1e19 + " " + (int) Double.NaN + " " + (int) -1e10 + " " + (char) 65.7 + " " + (byte) 200 + " " + (short) 70000);
        System.out.println(Boolean.parseBoolean("TRUE") + " " + Boolean.parseBoolean("yes") + " " + Boolean.logicalXor(true, false) + " " + Boolean.compare(true, false) + " " + Boolean.valueOf(true).hashCode() + " " + Boolean.toString(false));
        System.out.println(Short.parseShort("-300") + " " + Byte.parseByte("12") + " " + Short.MAX_VALUE + " " + Byte.MIN_VALUE + " " + Short.toUnsignedInt((short) -1) + " " + Byte.toUnsignedInt((byte) -1));
        attempt("parseInt empty", () -> Integer.parseInt(""));
        attempt("parseInt junk", () -> Integer.parseInt("12a"));
        attempt("parseInt overflow", () -> Integer.parseInt("2147483648"));
        attempt("parseInt null", () -> Integer.parseInt(null));
        attempt("parseLong junk", () -> Long.parseLong("1.5"));
        attempt("parseDouble junk", () -> Double.parseDouble("abc"));
        attempt("valueOf radix", () -> Integer.parseInt("99", 8));
    }

    static void exceptions() {
        attempt("substring", () -> "abc".substring(2, 10));
        attempt("substring begin", () -> "abc".substring(4));
        attempt("substring negative", () -> "abc".substring(-1));
        attempt("substring reversed", () -> "abc".substring(2, 1));
        attempt("subSequence", () -> "abc".subSequence(1, 5));
        attempt("repeat", () -> "x".repeat(-1));
        attempt("codePointAt", () -> "abc".codePointAt(3));
        attempt("getChars", () -> "abc".getChars(0, 4, new char[4], 0));
        attempt("valueOf chars", () -> String.valueOf(new char[2], 1, 5));
        attempt("new String", () -> new String(new char[2], -1, 1));
        attempt("array index", () -> { int[] a = new int[2]; a[2] = 1; });
        attempt("list index", () -> new ArrayList<>(List.of(1)).get(3));
        attempt("arrays asList", () -> Arrays.asList(1, 2).get(2));
        attempt("list of", () -> List.of(1, 2).get(5));
        attempt("linkedlist", () -> new LinkedList<>().get(0));
    }
}
