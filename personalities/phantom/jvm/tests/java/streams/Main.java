import java.util.*;
import java.util.function.*;
import java.util.stream.*;

public class Main {
    record Person(String name, String city, int age, double salary) {}

    enum Color { RED, GREEN, BLUE }

    static final List<Person> PEOPLE = List.of(
            new Person("Ann", "Oslo", 31, 5200.5),
            new Person("Bob", "Rome", 25, 3100.0),
            new Person("Cid", "Oslo", 42, 7300.25),
            new Person("Dee", "Lima", 25, 2900.75),
            new Person("Eve", "Rome", 38, 6100.0),
            new Person("Fay", "Oslo", 19, 1500.0));

    public static void main(String[] args) {
        basics();
        terminals();
        primitives();
        collectors();
        sources();
        laziness();
        optionals();
        errors();
    }

    static void basics() {
        List<String> words = Arrays.asList("delta", "alpha", "charlie", "bravo", "echo", "alpha", "foxtrot", "golf");
        System.out.println(words.stream().filter(w -> w.length() > 4).map(String::toUpperCase).collect(Collectors.toList()));
        System.out.println(words.stream().sorted().distinct().collect(Collectors.toList()));
        System.out.println(words.stream().sorted(Comparator.comparing(String::length).thenComparing(Comparator.reverseOrder())).toList());
        System.out.println(words.stream().sorted(Comparator.reverseOrder()).limit(3).toList());
        System.out.println(words.stream().skip(2).limit(4).toList());
        System.out.println(words.stream().map(String::length).reduce(0, Integer::sum));
        System.out.println(words.stream().mapToInt(String::length).sum() + " " + words.stream().count());
        System.out.println(Stream.of("a,b", "c", "d,e,f").flatMap(s -> Arrays.stream(s.split(","))).toList());
        System.out.println(Stream.of(List.of(1, 2), List.of(3), List.<Integer>of()).flatMap(List::stream).map(i -> i * 10).toList());
        System.out.println(Stream.iterate(1, x -> x * 3).limit(8).toList());
        System.out.println(Stream.iterate(1, x -> x < 200, x -> x * 2).map(String::valueOf).collect(Collectors.joining("|")));
        int[] counter = {0};
        System.out.println(Stream.generate(() -> counter[0]++).limit(5).toList() + " " + counter[0]);
        System.out.println(Stream.concat(Stream.of(1, 2), Stream.of(3, 4)).toList());
        System.out.println(Stream.of(5, 3, 8, 1, 9, 2).takeWhile(x -> x != 1).toList() + " " + Stream.of(5, 3, 8, 1, 9, 2).dropWhile(x -> x != 1).toList());
        List<Integer> peeked = new ArrayList<>();
        System.out.println(Stream.of(4, 5, 6).peek(peeked::add).map(x -> x * x).toList() + " " + peeked);
        Stream.of("x", "y", "z").forEach(System.out::print);
        System.out.println();
        Stream.of("one", "two").forEachOrdered(s -> System.out.print("<" + s + ">"));
        System.out.println();
        System.out.println(Arrays.toString(Stream.of("p", "q").toArray()) + " " + Arrays.toString(Stream.of("r", "s").toArray(String[]::new)));
        Stream.Builder<String> b = Stream.builder();
        b.add("b1").add("b2");
        b.accept("b3");
        System.out.println(b.build().collect(Collectors.joining(",", "[", "]")));
        System.out.println(Stream.of(1, 2, 3).<String>mapMulti((x, sink) -> {
            for (int i = 0; i < x; i++) sink.accept(x + ":" + i);
        }).toList());
        System.out.println(Stream.empty().count() + " " + Stream.ofNullable(null).count() + " " + Stream.ofNullable("z").count());
    }

    static void terminals() {
        List<Integer> nums = List.of(7, 2, 9, 4, 4, 11, 6);
        System.out.println(nums.stream().anyMatch(x -> x > 10) + " " + nums.stream().allMatch(x -> x > 1) + " " + nums.stream().noneMatch(x -> x % 5 == 0));
        System.out.println(nums.stream().filter(x -> x % 2 == 0).findFirst() + " " + nums.stream().filter(x -> x > 100).findFirst());
        System.out.println(nums.stream().min(Integer::compare) + " " + nums.stream().max(Comparator.naturalOrder()).get());
        System.out.println(nums.stream().reduce(Integer::max) + " " + Stream.<Integer>empty().reduce(Integer::sum));
        System.out.println(nums.stream().reduce(0, (acc, x) -> acc + x * x, Integer::sum));
        ArrayList<Integer> collected = nums.stream().collect(ArrayList::new, ArrayList::add, ArrayList::addAll);
        System.out.println(collected);
        StringBuilder sb = Stream.of("a", "b", "c").collect(StringBuilder::new, StringBuilder::append, StringBuilder::append);
        System.out.println(sb);
        System.out.println(Stream.of("kiwi", "fig", "banana").max(Comparator.comparingInt(String::length)).orElse("?"));
        Iterator<Integer> it = Stream.of(1, 2, 3).iterator();
        while (it.hasNext()) System.out.print(it.next() + ";");
        System.out.println();
        System.out.println(Stream.of(1, 2, 3, 4).filter(x -> x > 1).count());
    }

    static void primitives() {
        System.out.println(IntStream.range(0, 10).sum() + " " + IntStream.rangeClosed(1, 5).reduce(1, (a, c) -> a * c));
        System.out.println(Arrays.toString(IntStream.range(0, 6).map(i -> i * i).filter(i -> i % 2 == 0).toArray()));
        System.out.println(IntStream.of(3, 1, 4, 1, 5, 9, 2, 6).max() + " " + IntStream.of(3, 1, 4).min().getAsInt() + " " + IntStream.empty().max());
        System.out.println(IntStream.of(1, 2, 3, 4).average() + " " + IntStream.empty().average() + " " + IntStream.of(1, 2).average().getAsDouble());
        System.out.println(IntStream.rangeClosed(1, 5).boxed().collect(Collectors.toList()));
        System.out.println(IntStream.range(0, 5).mapToObj(i -> "#" + i).collect(Collectors.joining(" ")));
        System.out.println(IntStream.of(5, 3, 5, 1, 3).distinct().sorted().boxed().toList());
        System.out.println(IntStream.iterate(1, i -> i * 2).limit(10).sum() + " " + IntStream.iterate(0, i -> i < 10, i -> i + 3).boxed().toList());
        System.out.println(IntStream.of(1, 2, 3).summaryStatistics());
        System.out.println(IntStream.range(0, 4).mapToLong(i -> 1L << (40 + i)).sum());
        System.out.println(IntStream.range(0, 4).mapToDouble(i -> i / 2.0).sum());
        System.out.println(IntStream.range(0, 4).asDoubleStream().boxed().toList() + " " + IntStream.range(0, 3).asLongStream().boxed().toList());
        System.out.println(IntStream.of(Integer.MAX_VALUE, 1).sum() + " " + IntStream.of(Integer.MAX_VALUE, 1).asLongStream().sum());
        System.out.println(IntStream.range(0, 3).flatMap(i -> IntStream.range(0, i)).boxed().toList());
        System.out.println(IntStream.concat(IntStream.of(1), IntStream.of(2, 3)).anyMatch(i -> i == 3));
        System.out.println(IntStream.range(5, 5).count() + " " + IntStream.range(5, 2).count() + " " + IntStream.rangeClosed(5, 5).count());
        System.out.println(LongStream.rangeClosed(1, 20).reduce(1L, (a, c) -> a * c) + " " + LongStream.of(4, 8).average());
        System.out.println(LongStream.range(0, 5).map(x -> x * x).boxed().toList() + " " + LongStream.of(9, 2, 7).max() + " " + LongStream.of(1).summaryStatistics());
        System.out.println(DoubleStream.of(1.5, 2.25, 3.0).sum() + " " + DoubleStream.of(1.5, 2.5).average() + " " + DoubleStream.of(0.1, 0.2, 0.3).sum());
        double[] tricky = new double[50];
        for (int i = 0; i < tricky.length; i++) tricky[i] = (i % 2 == 0 ? 1e15 : 0.1) * (i % 3 == 0 ? -1 : 1) + i * 0.01;
        double naive = 0;
        for (double d : tricky) naive += d;
        System.out.println(DoubleStream.of(tricky).sum() + " " + naive + " " + DoubleStream.of(tricky).average().getAsDouble());
        System.out.println(DoubleStream.of(2.0, -1.0, 3.5).max() + " " + DoubleStream.of(2.0, -1.0).min() + " " + DoubleStream.of(1.0, 4.0).map(Math::sqrt).boxed().toList());
        System.out.println(DoubleStream.of(3.5, 1.25, 2.0).summaryStatistics());
        System.out.println(DoubleStream.of(3.7, -1.2).mapToInt(d -> (int) d).boxed().toList() + " " + DoubleStream.of(2.5).mapToLong(d -> (long) (d * 2)).sum());
        System.out.println(Arrays.toString(DoubleStream.of(3.0, 1.0, 2.0).sorted().toArray()) + " " + Arrays.toString(LongStream.of(3, 1, 2).sorted().toArray()));
        int[] arr = {9, 8, 7, 6, 5};
        System.out.println(Arrays.stream(arr).sum() + " " + Arrays.stream(arr, 1, 3).boxed().toList() + " " + Arrays.stream(new long[] {1, 2}).sum() + " " + Arrays.stream(new double[] {0.5, 0.25}).sum());
        System.out.println("hello world".chars().filter(c -> c == 'o').count() + " " + "abc".chars().map(c -> c - 'a').boxed().toList());
        System.out.println("banana".chars().mapToObj(c -> String.valueOf((char) c)).distinct().collect(Collectors.joining()));
        System.out.println("héllo".codePoints().count() + " " + new StringBuilder("xyz").chars().sum());
        PrimitiveIterator.OfInt pit = IntStream.range(0, 3).iterator();
        int acc = 0;
        while (pit.hasNext()) acc = acc * 10 + pit.nextInt() + 1;
        System.out.println(acc);
        StringBuilder digits = IntStream.of(1, 2, 3, 4, 5, 6).collect(StringBuilder::new, (s, i) -> s.append(i), StringBuilder::append);
        System.out.println(digits);
        IntStream.Builder ib = IntStream.builder();
        ib.add(4).add(2);
        System.out.println(ib.build().map(i -> -i).boxed().toList());
        System.out.println(IntStream.range(0, 20).skip(15).boxed().toList() + " " + IntStream.range(0, 20).takeWhile(i -> i < 3).boxed().toList() + " " + IntStream.range(0, 6).dropWhile(i -> i < 3).boxed().toList());
        System.out.println(IntStream.range(0, 5).noneMatch(i -> i > 5) + " " + IntStream.range(0, 5).allMatch(i -> i < 4) + " " + IntStream.range(3, 9).findFirst());
    }

    static void collectors() {
        System.out.println(PEOPLE.stream().map(Person::name).collect(Collectors.joining()));
        System.out.println(PEOPLE.stream().map(Person::name).collect(Collectors.joining(", ")));
        System.out.println(PEOPLE.stream().map(Person::name).collect(Collectors.joining(", ", "{", "}")));
        System.out.println(Stream.<String>empty().collect(Collectors.joining(", ", "{", "}")));
        Map<String, List<Person>> byCity = PEOPLE.stream().collect(Collectors.groupingBy(Person::city));
        byCity.forEach((k, v) -> System.out.println(k + " -> " + v.stream().map(Person::name).toList()));
        System.out.println(PEOPLE.stream().collect(Collectors.groupingBy(Person::city, Collectors.counting())));
        TreeMap<Integer, List<String>> byAge = PEOPLE.stream().collect(Collectors.groupingBy(Person::age, TreeMap::new, Collectors.mapping(Person::name, Collectors.toList())));
        System.out.println(byAge);
        System.out.println(PEOPLE.stream().collect(Collectors.groupingBy(Person::city, Collectors.averagingInt(Person::age))));
        System.out.println(PEOPLE.stream().collect(Collectors.groupingBy(Person::city, Collectors.summingInt(Person::age))));
        System.out.println(PEOPLE.stream().collect(Collectors.groupingBy(Person::city, Collectors.averagingDouble(Person::salary))));
        System.out.println(PEOPLE.stream().collect(Collectors.groupingBy(Person::city, Collectors.maxBy(Comparator.comparingDouble(Person::salary)))).get("Oslo").map(Person::name));
        System.out.println(PEOPLE.stream().collect(Collectors.groupingBy(p -> p.age() / 10 * 10, Collectors.toSet())).keySet());
        Map<Boolean, List<String>> parts = PEOPLE.stream().collect(Collectors.partitioningBy(p -> p.age() >= 30, Collectors.mapping(Person::name, Collectors.toList())));
        System.out.println(parts + " " + parts.get(true) + " " + parts.size());
        System.out.println(PEOPLE.stream().collect(Collectors.partitioningBy(p -> p.salary() > 4000)).get(false).size());
        System.out.println(PEOPLE.stream().collect(Collectors.partitioningBy(p -> p.city().equals("Rome"), Collectors.counting())));
        Map<String, Integer> ages = PEOPLE.stream().collect(Collectors.toMap(Person::name, Person::age));
        System.out.println(ages);
        System.out.println(PEOPLE.stream().collect(Collectors.toMap(Person::city, Person::age, Integer::sum)));
        TreeMap<String, String> merged = PEOPLE.stream().collect(Collectors.toMap(Person::city, Person::name, (a, c) -> a + "+" + c, TreeMap::new));
        System.out.println(merged);
        System.out.println(PEOPLE.stream().collect(Collectors.counting()) + " " + PEOPLE.stream().collect(Collectors.summingInt(Person::age)) + " " + PEOPLE.stream().collect(Collectors.averagingInt(Person::age)));
        System.out.println(PEOPLE.stream().collect(Collectors.summingDouble(Person::salary)) + " " + PEOPLE.stream().collect(Collectors.summingLong(p -> (long) p.age() * 1000000000L)));
        System.out.println(PEOPLE.stream().collect(Collectors.summarizingInt(Person::age)));
        System.out.println(PEOPLE.stream().collect(Collectors.summarizingDouble(Person::salary)).getAverage());
        System.out.println(PEOPLE.stream().map(Person::city).collect(Collectors.toSet()));
        TreeSet<String> cities = PEOPLE.stream().map(Person::city).collect(Collectors.toCollection(TreeSet::new));
        System.out.println(cities);
        int size = PEOPLE.stream().collect(Collectors.collectingAndThen(Collectors.toList(), List::size));
        System.out.println(size);
        System.out.println(PEOPLE.stream().collect(Collectors.minBy(Comparator.comparingInt(Person::age))).get().name());
        System.out.println(PEOPLE.stream().map(Person::age).collect(Collectors.reducing(0, Integer::sum)) + " " + PEOPLE.stream().map(Person::age).collect(Collectors.reducing(Integer::max)));
        System.out.println(PEOPLE.stream().collect(Collectors.reducing(0, Person::age, Integer::max)));
        System.out.println(PEOPLE.stream().collect(Collectors.filtering(p -> p.age() > 30, Collectors.mapping(Person::name, Collectors.joining("/")))));
        TreeMap<String, TreeSet<Character>> letters = PEOPLE.stream().collect(Collectors.groupingBy(Person::city, TreeMap::new, Collectors.flatMapping(p -> p.name().chars().mapToObj(c -> (char) c), Collectors.toCollection(TreeSet::new))));
        System.out.println(letters);
        String teed = PEOPLE.stream().collect(Collectors.teeing(Collectors.counting(), Collectors.summingInt(Person::age), (n, s) -> s + "/" + n));
        System.out.println(teed);
        System.out.println(Stream.of(Color.BLUE, Color.RED, Color.BLUE).collect(Collectors.groupingBy(c -> c, () -> new EnumMapLike(), Collectors.counting())));
        Collector<String, ?, String> custom = Collector.of(StringBuilder::new, (s, t) -> s.append(t.charAt(0)), StringBuilder::append, StringBuilder::toString);
        System.out.println(Stream.of("alpha", "beta", "gamma").collect(custom));
        Collector<Integer, List<Integer>, List<Integer>> idc = Collector.of(ArrayList::new, List::add, (l, r) -> { l.addAll(r); return l; });
        System.out.println(Stream.of(3, 1, 2).collect(idc) + " " + idc.characteristics().contains(Collector.Characteristics.IDENTITY_FINISH));
        Map<Character, Long> freq = "mississippi".chars().mapToObj(c -> (char) c).collect(Collectors.groupingBy(Function.identity(), LinkedHashMap::new, Collectors.counting()));
        System.out.println(freq);
        System.out.println(freq.entrySet().stream().sorted(Map.Entry.<Character, Long>comparingByValue().reversed().thenComparing(Map.Entry.comparingByKey())).map(e -> e.getKey() + "=" + e.getValue()).toList());
        List<String> unmod = Stream.of("u", "v").collect(Collectors.toUnmodifiableList());
        try {
            unmod.add("w");
        } catch (UnsupportedOperationException e) {
            System.out.println("unmodifiable " + unmod);
        }
        try {
            Stream.of("a").toList().add("b");
        } catch (UnsupportedOperationException e) {
            System.out.println("toList is unmodifiable");
        }
    }

    static class EnumMapLike extends TreeMap<Color, Long> {}

    static void sources() {
        Map<String, Integer> m = new TreeMap<>(Map.of("x", 3, "y", 1, "z", 2));
        System.out.println(m.entrySet().stream().sorted(Map.Entry.comparingByValue()).map(Map.Entry::getKey).toList());
        System.out.println(m.keySet().stream().collect(Collectors.joining()) + " " + m.values().stream().mapToInt(Integer::intValue).sum());
        Set<Integer> hs = new HashSet<>(List.of(40, 10, 30, 20));
        System.out.println(hs.stream().map(x -> x + 1).toList());
        Deque<String> dq = new ArrayDeque<>(List.of("d1", "d2"));
        System.out.println(dq.stream().map(String::toUpperCase).toList() + " " + new LinkedList<>(List.of(1, 2, 3)).stream().mapToInt(x -> x).sum());
        System.out.println(new PriorityQueue<>(List.of(5, 1, 3)).stream().sorted().toList());
        System.out.println(Arrays.stream(new String[] {"s1", "s2", "s3"}, 1, 3).toList());
        System.out.println("line one\nline two\r\nline three\n".lines().map(String::length).toList() + " " + "a\n\nb".lines().count());
        System.out.println(Optional.of(4).stream().map(x -> x * 2).toList() + " " + Optional.empty().stream().count());
        List<Integer> late = new ArrayList<>(List.of(1, 2));
        Stream<Integer> s = late.stream();
        late.add(3);
        System.out.println(s.toList());
        System.out.println(List.of(1, 2, 3).parallelStream().map(x -> x + 1).collect(Collectors.toList()) + " " + List.of(1).parallelStream().isParallel());
        System.out.println(Stream.of(1).isParallel() + " " + Stream.of(1).parallel().sequential().isParallel());
        System.out.println(Stream.of(1, 2, 3).mapToInt(Integer::intValue).boxed().map(i -> i * 1.5).toList());
        System.out.println(Stream.of("a", "bb", "ccc").mapToLong(String::length).sum() + " " + Stream.of("a", "bb").mapToDouble(String::length).average());
        System.out.println(Stream.of("ab", "cd").flatMapToInt(String::chars).boxed().toList());
    }

    static void laziness() {
        Stream.of("a", "b", "c", "d").peek(x -> System.out.print("p" + x + " ")).filter(x -> !x.equals("b")).map(x -> x + x).limit(2).forEach(x -> System.out.print("f" + x + " "));
        System.out.println();
        Stream.of(3, 1, 2).peek(x -> System.out.print("pre" + x + " ")).sorted().peek(x -> System.out.print("post" + x + " ")).findFirst();
        System.out.println();
        System.out.println(Stream.of(1, 2, 3).peek(x -> System.out.print("never ")).count());
        System.out.println(Stream.of(1, 2, 3).peek(x -> System.out.print("runs" + x + " ")).filter(x -> true).count());
        System.out.println(Stream.iterate(1, x -> x + 1).filter(x -> x % 7 == 0).findFirst().get());
        System.out.println(Stream.iterate(1, x -> x + 1).flatMap(x -> Stream.of(x, -x)).limit(5).toList());
        Stream<String> closing = Stream.of("c").onClose(() -> System.out.println("closed 1")).onClose(() -> System.out.println("closed 2"));
        try (closing) {
            System.out.println("in try " + closing.count());
        }
        Stream<Integer> used = Stream.of(1, 2);
        used.map(x -> x);
        try {
            used.forEach(System.out::println);
        } catch (IllegalStateException e) {
            System.out.println(e.getMessage());
        }
    }

    static void optionals() {
        OptionalInt oi = OptionalInt.of(5);
        System.out.println(oi + " " + oi.getAsInt() + " " + oi.isPresent() + " " + OptionalInt.empty() + " " + OptionalInt.empty().orElse(-1) + " " + oi.equals(OptionalInt.of(5)) + " " + oi.hashCode());
        OptionalDouble od = OptionalDouble.of(2.5);
        System.out.println(od + " " + od.orElseGet(() -> 1.0) + " " + OptionalDouble.empty().isEmpty() + " " + OptionalDouble.empty());
        OptionalLong ol = OptionalLong.of(1L << 40);
        System.out.println(ol + " " + ol.getAsLong() + " " + OptionalLong.empty());
        oi.ifPresent(v -> System.out.println("present " + v));
        OptionalInt.empty().ifPresentOrElse(v -> System.out.println("no"), () -> System.out.println("empty branch"));
        try {
            OptionalInt.empty().getAsInt();
        } catch (NoSuchElementException e) {
            System.out.println(e.getMessage());
        }
        IntSummaryStatistics st = new IntSummaryStatistics();
        System.out.println(st + " " + st.getAverage());
        LongSummaryStatistics ls = new LongSummaryStatistics();
        ls.accept(5);
        ls.accept(7L);
        System.out.println(ls);
        DoubleSummaryStatistics ds = new DoubleSummaryStatistics();
        System.out.println(ds);
    }

    static void errors() {
        try {
            Stream.of("k1", "k2", "k1").collect(Collectors.toMap(k -> k, String::length));
        } catch (IllegalStateException e) {
            System.out.println(e.getMessage());
        }
        try {
            Stream.of(1).limit(-1);
        } catch (IllegalArgumentException e) {
            System.out.println("limit: " + e.getMessage());
        }
        try {
            Stream.of("a", null).collect(Collectors.groupingBy(x -> x));
        } catch (NullPointerException e) {
            System.out.println("NPE " + e.getMessage());
        }
        try {
            Stream.of(1, 2).findFirst().map(x -> (Integer) null).orElseThrow();
        } catch (NoSuchElementException e) {
            System.out.println(e.getMessage());
        }
    }
}
