import java.util.Arrays;

public class Main {
    public static void main(String[] args) {
        String s = "Hello, World";
        System.out.println(s.length() + " " + s.charAt(4) + " " + s.indexOf('o') + " " + s.lastIndexOf("o") + " " + s.indexOf("World"));
        System.out.println(s.substring(7) + "|" + s.substring(0, 5) + "|" + s.toUpperCase() + "|" + s.toLowerCase());
        System.out.println(s.startsWith("Hell") + " " + s.endsWith("ld") + " " + s.contains("lo, W") + " " + s.isEmpty() + " " + "".isEmpty());
        System.out.println("  padded  ".trim() + "|" + "  x ".strip() + "|" + " ".isBlank() + "|" + "ab".repeat(3));
        System.out.println(s.replace('l', 'L') + " " + s.replace("World", "Phantom") + " " + "a.b.c".replace(".", "::"));
        System.out.println(String.join(",", "a", "b", "c") + " " + String.join("-", Arrays.asList("x", "y")));
        System.out.println(Arrays.toString("a,b,,c,,".split(",")) + " " + Arrays.toString("one  two three".split("\\s+")) + " " + Arrays.toString("a1b22c333".split("[0-9]+")));
        System.out.println(Arrays.toString("k=v;x=y".split("[=;]")) + " " + Arrays.toString("a|b|c".split("\\|", 2)));
        System.out.println("x1y2z3".replaceAll("[0-9]", "#") + " " + "hello world".replaceAll("(\\w+) (\\w+)", "$2 $1") + " " + "aaa".replaceFirst("a", "b"));
        System.out.println("abc123".matches("[a-z]+\\d+") + " " + "abc".matches("a.c") + " " + "abcd".matches("abc") + " " + "2024-01-05".matches("\\d{4}-\\d{2}-\\d{2}"));
        System.out.println("apple".compareTo("banana") + " " + "b".compareTo("a") + " " + "abc".compareTo("abcd") + " " + "ABC".compareToIgnoreCase("abc") + " " + "Hello".equalsIgnoreCase("hELLO"));
        String a = "hello";
        String b = "hel" + "lo";
        String c = new String("hello");
        String d = "hel";
        String e = d + "lo";
        System.out.println((a == b) + " " + (a == c) + " " + a.equals(c) + " " + (a == e) + " " + a.equals(e) + " " + (a.hashCode() == e.hashCode()));
        System.out.println("hello".hashCode() + " " + "".hashCode() + " " + "Phantom OS".hashCode());
        char[] cs = s.toCharArray();
        Arrays.sort(cs);
        System.out.println(new String(cs).trim() + " " + String.valueOf(cs, 0, 3).length() + " " + String.valueOf(3.5) + String.valueOf(true) + String.valueOf('c') + String.valueOf(7L));
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < 5; i++) sb.append(i).append(',');
        sb.setLength(sb.length() - 1);
        sb.insert(0, "[").append(']');
        System.out.println(sb + " " + sb.length() + " " + sb.reverse() + " " + sb.reverse().indexOf("3"));
        sb.setCharAt(1, 'X');
        sb.deleteCharAt(2).delete(0, 1).replace(0, 1, "YY");
        System.out.println(sb.toString());
        StringBuilder sb2 = new StringBuilder("abc");
        sb2.append(1.5).append(true).append('z').append(10L).append(new char[] {'q', 'r'}).append((Object) null).append((String) null);
        System.out.println(sb2);
        String multi = "line1\nline2\ttab \"quoted\" \\ back";
        System.out.println(multi);
        System.out.println("unicode: \u00e9\u00e8 \u4e2d\u6587 " + "\u00e9".length() + " " + "😀".length() + " " + "😀".codePointAt(0));
        System.out.println(Character.isDigit('5') + " " + Character.isLetter('x') + " " + Character.isUpperCase('Q') + " " + Character.toUpperCase('q') + " " + Character.isWhitespace('\t') + " " + (char) ('a' + 1));
        String text = "the quick brown fox jumps over the lazy dog";
        int[] counts = new int[26];
        for (char ch : text.toCharArray()) if (ch != ' ') counts[ch - 'a']++;
        StringBuilder freq = new StringBuilder();
        for (int i = 0; i < 26; i++) if (counts[i] > 1) freq.append((char) ('a' + i)).append(counts[i]);
        System.out.println(freq);
        String n = null;
        System.out.println("null concat: " + n + " " + null);
        System.out.println(String.format("[%10s][%-10s][%.3s]", "right", "left", "truncate"));
        System.out.println("a-b-c".lastIndexOf('-') + " " + "abcabc".indexOf("c", 3) + " " + "abc".indexOf("") + " " + "abc".indexOf("z"));
        System.out.println("Tab\tseparated".split("\t").length + " " + "  lead".split(" ").length + " " + "".split(",").length);
        System.out.println("%d items".formatted(3));
    }
}
