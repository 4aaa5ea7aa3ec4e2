import java.util.*;
import java.util.regex.*;
import java.util.stream.*;

public class Main {
    public static void main(String[] args) {
        Pattern date = Pattern.compile("(\\d{4})-(\\d{2})-(\\d{2})");
        Matcher m = date.matcher("from 2024-01-15 to 2024-12-31, not 99-1-1");
        while (m.find()) {
            System.out.println(m.group() + " y=" + m.group(1) + " m=" + m.group(2) + " d=" + m.group(3) + " at " + m.start() + "-" + m.end() + " " + m.start(2) + " " + m.groupCount());
        }
        System.out.println(date.matcher("2024-01-15").matches() + " " + date.matcher("2024-01-15x").matches() + " " + date.matcher("2024-01-15x").lookingAt() + " " + date.matcher("x2024-01-15").lookingAt());
        Pattern named = Pattern.compile("(?<key>\\w+)=(?<value>[^;]*);?");
        Matcher nm = named.matcher("a=1;bb=two;c=;d=4");
        Map<String, String> kv = new LinkedHashMap<>();
        while (nm.find()) kv.put(nm.group("key"), nm.group("value"));
        System.out.println(kv);
        System.out.println(Pattern.compile("\\s*,\\s*").split("a , b,c ,d") .length + " " + Arrays.toString(Pattern.compile("\\s*,\\s*").split("a , b,c ,d")) + " " + Arrays.toString(Pattern.compile(",").split("a,b,,", -1)) + " " + Arrays.toString(Pattern.compile("(?=x)|,").split("a,b")));
        System.out.println(Pattern.matches("[a-z]+\\d*", "abc123") + " " + Pattern.matches("[a-z]+", "ABC") + " " + Pattern.compile("[a-z]+", Pattern.CASE_INSENSITIVE).matcher("ABC").matches() + " " + Pattern.compile("(?i)hello").matcher("say HeLLo").find());
        System.out.println("The Cat sat on the mat".replaceAll("(?i)the", "a") + " | " + Pattern.compile("at\\b").matcher("cat attic sat").replaceAll("AT") + " | " + Pattern.compile("(\\w+)@(\\w+)").matcher("joe@home, ann@work").replaceAll("$2:$1"));
        System.out.println(Pattern.compile("\\d+").matcher("a1b22c333").replaceAll(r -> "<" + r.group().length() + ">") + " " + Pattern.compile("\\d+").matcher("a1b22").replaceFirst("#") + " " + Pattern.compile("x*").matcher("abc").replaceAll("-"));
        Matcher am = Pattern.compile("(\\d+)").matcher("item 12, item 345, item 6");
        StringBuilder sb = new StringBuilder();
        while (am.find()) am.appendReplacement(sb, String.valueOf(Integer.parseInt(am.group(1)) * 2));
        am.appendTail(sb);
        System.out.println(sb + " " + Matcher.quoteReplacement("$1\\x") + " " + Pattern.quote("a.b") + " " + "a.b.c".split(Pattern.quote(".")).length + " " + "1+1=2".replaceAll(Pattern.quote("+"), " plus "));
        System.out.println(Pattern.compile("\\w+").matcher("one two  three").results().map(MatchResult::group).collect(Collectors.toList()) + " " + Pattern.compile(",").splitAsStream("x,y,z").count() + " " + Stream.of("apple", "kiwi", "banana").filter(Pattern.compile("an").asPredicate()).toList() + " " + Stream.of("ab", "abc").filter(Pattern.compile("ab").asMatchPredicate()).toList());
        Pattern multi = Pattern.compile("^(\\w+):", Pattern.MULTILINE);
        Matcher mm = multi.matcher("name: x\nage: 3\n  skip: no\nlast:");
        List<String> keys = new ArrayList<>();
        while (mm.find()) keys.add(mm.group(1));
        System.out.println(keys + " " + Pattern.compile("a.b", Pattern.DOTALL).matcher("a\nb").matches() + " " + Pattern.compile("a.b").matcher("a\nb").matches() + " " + Pattern.compile("end$").matcher("the end\n").find() + " " + Pattern.compile("(?m)^x$").matcher("a\nx\nb").find());
        System.out.println(Pattern.compile("\\p{Upper}\\p{Lower}+").matcher("hello World Foo").results().map(MatchResult::group).toList() + " " + "a1!b2?".replaceAll("\\p{Punct}", "") + " " + "Ünïcödé text".replaceAll("\\p{L}+", "W") + " " + "x\ty z".split("\\p{Space}").length);
        Matcher g = Pattern.compile("(a)|(b)").matcher("b");
        System.out.println(g.matches() + " " + g.group(1) + " " + g.group(2) + " " + g.start(1) + " " + g.end(2));
        Matcher none = Pattern.compile("z").matcher("abc");
        System.out.println(none.find() + " " + none.find(1));
        try {
            none.group();
        } catch (IllegalStateException e) {
            System.out.println(e.getMessage());
        }
        try {
            Pattern.compile("(unclosed");
        } catch (PatternSyntaxException e) {
            System.out.println("syntax: " + e.getDescription() + " in " + e.getPattern());
        }
        Matcher reuse = Pattern.compile("o").matcher("foo");
        int count = 0;
        while (reuse.find()) count++;
        reuse.reset("boo hoo");
        while (reuse.find()) count++;
        System.out.println(count + " " + reuse.pattern() + " " + Pattern.compile("[aeiou]").matcher("education").results().count());
        String log = "ERROR 12:00 disk full\nINFO 12:01 ok\nERROR 12:05 net down\n";
        Map<String, Long> levels = log.lines().map(l -> l.split(" ")[0]).collect(Collectors.groupingBy(s -> s, TreeMap::new, Collectors.counting()));
        Matcher errs = Pattern.compile("ERROR (\\d\\d:\\d\\d) (.*)").matcher(log);
        List<String> msgs = new ArrayList<>();
        while (errs.find()) msgs.add(errs.group(1) + "=" + errs.group(2));
        System.out.println(levels + " " + msgs);
        System.out.println(Arrays.toString("splitCamelCaseWords".split("(?=[A-Z])")) + " " + Arrays.toString("abc123def45".split("(?<=\\d)(?=\\D)|(?<=\\D)(?=\\d)")) + " " + Pattern.compile("(?<=\\$)\\d+").matcher("cost $42 or $7").results().map(MatchResult::group).toList());
        for (String pw : List.of("abc123", "abcdef", "Abc12345", "ABC12345x")) {
            System.out.print(pw.matches("(?=.*\\d)(?=.*[a-z])(?=.*[A-Z]).{8,}") + " ");
        }
        System.out.println("foo.bar,baz".replaceAll("(?<!\\.)b", "B") + " " + "q1 q2 x3".replaceAll("q(?!2)", "Q") + " " + "1234567".replaceAll("(?<=\\d)(?=(\\d{3})+$)", ","));
        System.out.println("camelCaseString".replaceAll("([a-z])([A-Z])", "$1_$2").toLowerCase() + " " + "  many   spaces here ".trim().replaceAll("\\s+", " ") + " " + "a-b_c d".split("[-_ ]").length + " " + "2021-03-04".matches("\\d{4}-\\d{2}-\\d{2}"));
    }
}
