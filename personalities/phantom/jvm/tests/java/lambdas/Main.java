import java.util.*;
import java.util.function.*;

public class Main {
    interface TriFunction<A, B, C, R> { R apply(A a, B b, C c); }

    private int base = 10;

    int addBase(int x) { return x + base; }

    static int twice(IntUnaryOperator f, int x) { return f.applyAsInt(f.applyAsInt(x)); }

    static <T, R> List<R> map(List<T> in, Function<? super T, ? extends R> f) {
        List<R> out = new ArrayList<>();
        for (T t : in) out.add(f.apply(t));
        return out;
    }

    static <T> List<T> filter(List<T> in, Predicate<T> p) {
        List<T> out = new ArrayList<>();
        for (T t : in) if (p.test(t)) out.add(t);
        return out;
    }

    record Point(int x, int y) {
        Point {
            if (x < 0) throw new IllegalArgumentException("negative");
        }
        double dist() { return Math.sqrt(x * x + y * y); }
    }

    record Named(String name, double score, long id) {}

    public static void main(String[] args) {
        Function<Integer, Integer> sq = x -> x * x;
        Function<Integer, Integer> inc = x -> x + 1;
        System.out.println(sq.apply(5) + " " + sq.andThen(inc).apply(5) + " " + sq.compose(inc).apply(5) + " " + Function.<Integer>identity().apply(3));
        BiFunction<String, Integer, String> rep = String::repeat;
        Supplier<List<String>> sup = ArrayList::new;
        List<String> made = sup.get();
        made.add("z");
        System.out.println(rep.apply("ab", 3) + " " + made);
        int captured = 7;
        long capL = 1L << 40;
        double capD = 0.5;
        IntBinaryOperator op = (a, b) -> a * b + captured;
        LongSupplier ls = () -> capL + captured;
        DoubleUnaryOperator du = v -> v * capD;
        System.out.println(op.applyAsInt(3, 4) + " " + ls.getAsLong() + " " + du.applyAsDouble(3));
        System.out.println(twice(x -> x * 3, 2) + " " + twice(Math::abs, -5) + " " + twice(Integer::reverse, 123));
        Main m = new Main();
        IntUnaryOperator bound = m::addBase;
        Function<Main, Integer> unbound = mm -> mm.base;
        m.base = 100;
        System.out.println(bound.applyAsInt(1) + " " + unbound.apply(m));
        List<String> words = List.of("kiwi", "banana", "fig", "apple", "cherry");
        System.out.println(map(words, String::length) + " " + filter(words, w -> w.contains("i")) + " " + map(words, s -> s.charAt(0)));
        Predicate<String> longWord = w -> w.length() > 4;
        System.out.println(filter(words, longWord.negate()) + " " + filter(words, longWord.and(w -> w.startsWith("b"))));
        List<String> sorted = new ArrayList<>(words);
        sorted.sort((a, b) -> b.compareTo(a));
        System.out.println(sorted);
        sorted.sort(Comparator.comparingInt(String::length).thenComparing(Function.identity()));
        System.out.println(sorted);
        Map<Integer, List<String>> byLen = new TreeMap<>();
        words.forEach(w -> byLen.computeIfAbsent(w.length(), k -> new ArrayList<>()).add(w));
        System.out.println(byLen);
        StringBuilder acc = new StringBuilder();
        byLen.forEach((k, v) -> acc.append(k).append('=').append(v.size()).append(' '));
        System.out.println(acc.toString().trim());
        Runnable r = () -> System.out.println("runnable ran");
        r.run();
        Consumer<String> printer = System.out::println;
        printer.andThen(s -> System.out.println(s.length())).accept("hello consumer");
        TriFunction<Integer, Integer, Integer, Integer> sum3 = (a, b, c) -> a + b + c;
        System.out.println(sum3.apply(1, 2, 3));
        BinaryOperator<Integer> maxOp = BinaryOperator.maxBy(Comparator.naturalOrder());
        UnaryOperator<String> upper = String::toUpperCase;
        System.out.println(maxOp.apply(3, 9) + " " + upper.apply("shout"));
        Function<Integer, Function<Integer, Integer>> adder = a -> b -> a + b;
        System.out.println(adder.apply(2).apply(3));
        List<Supplier<Integer>> sups = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            final int j = i;
            sups.add(() -> j * 10);
        }
        for (Supplier<Integer> s : sups) System.out.print(s.get() + " ");
        System.out.println();
        IntFunction<int[]> mkArr = int[]::new;
        Function<String, Integer> parse = Integer::parseInt;
        ToIntFunction<String> len = String::length;
        BiPredicate<String, String> eq = String::equalsIgnoreCase;
        System.out.println(mkArr.apply(4).length + " " + parse.apply("42") + " " + len.applyAsInt("four") + " " + eq.test("A", "a"));
        Comparator<Point> byDist = Comparator.comparingDouble(Point::dist);
        List<Point> pts = new ArrayList<>(List.of(new Point(3, 4), new Point(1, 1), new Point(0, 2)));
        pts.sort(byDist);
        System.out.println(pts);
        Point p = new Point(1, 2);
        System.out.println(p + " " + p.x() + " " + p.equals(new Point(1, 2)) + " " + p.equals(new Point(2, 1)) + " " + (p.hashCode() == new Point(1, 2).hashCode()));
        Named n = new Named("ann", 2.5, 7L);
        System.out.println(n + " " + n.equals(new Named("ann", 2.5, 7L)) + " " + n.hashCode());
        try {
            new Point(-1, 0);
        } catch (IllegalArgumentException e) {
            System.out.println("record check: " + e.getMessage());
        }
        Optional<Integer> total = Optional.of(5).flatMap(x -> Optional.of(x + 1));
        System.out.println(total.get() + " " + total.map(x -> "v" + x).orElse("none"));
        Object o = (Runnable & java.io.Serializable) () -> System.out.println("serializable lambda");
        ((Runnable) o).run();
    }
}
