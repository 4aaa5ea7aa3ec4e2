import java.util.*;
import java.util.function.*;
import java.util.stream.*;

public class Main {
    enum Day { MON, TUE, WED, THU, FRI, SAT, SUN; boolean weekend() { return this == SAT || this == SUN; } }

    static class LRU<K, V> extends LinkedHashMap<K, V> {
        final int cap;
        LRU(int cap) { super(16, 0.75f, true); this.cap = cap; }
        protected boolean removeEldestEntry(Map.Entry<K, V> e) { return size() > cap; }
    }

    public static void main(String[] args) {
        List<Integer> list = new ArrayList<>(List.of(5, 3, 8, 1, 9, 2));
        for (Iterator<Integer> it = list.iterator(); it.hasNext();) if (it.next() % 2 == 0) it.remove();
        System.out.println(list);
        ListIterator<Integer> li = list.listIterator();
        while (li.hasNext()) { int v = li.next(); if (v == 3) li.set(33); if (v == 1) li.add(100); }
        System.out.println(list + " " + li.previousIndex() + " " + li.hasPrevious());
        Map<String, Integer> m = new HashMap<>();
        for (String w : "a b a c b a".split(" ")) m.merge(w, 1, Integer::sum);
        m.computeIfAbsent("d", k -> 4);
        m.computeIfPresent("a", (k, v) -> v * 10);
        System.out.println(m + " " + m.getOrDefault("z", -1) + " " + Map.entry("k", 1) + " " + new TreeMap<>(m).descendingMap());
        for (Iterator<Map.Entry<String, Integer>> it = m.entrySet().iterator(); it.hasNext();) if (it.next().getValue() < 3) it.remove();
        System.out.println(m);
        List<String> un = Collections.unmodifiableList(new ArrayList<>(List.of("x", "y")));
        try { un.add("z"); } catch (UnsupportedOperationException e) { System.out.println("UOE " + e.getMessage()); }
        try { List.of(1).add(2); } catch (UnsupportedOperationException e) { System.out.println("UOE2 " + e.getMessage()); }
        System.out.println(Collections.max(list) + " " + Collections.min(list, Comparator.reverseOrder()) + " " + Collections.frequency(List.of(1, 2, 1), 1) + " " + Collections.nCopies(3, "ab"));
        int[] arr = {1, 3, 5, 7, 9};
        System.out.println(Arrays.toString(Arrays.copyOfRange(arr, 1, 4)) + " " + Arrays.equals(arr, new int[]{1, 3, 5, 7, 9}) + " " + Arrays.hashCode(arr) + " " + Arrays.binarySearch(arr, 7) + " " + Arrays.binarySearch(arr, 4));
        EnumMap<Day, Integer> em = new EnumMap<>(Day.class);
        em.put(Day.WED, 3); em.put(Day.MON, 1);
        EnumSet<Day> weekend = EnumSet.of(Day.SAT, Day.SUN);
        System.out.println(em + " " + weekend + " " + EnumSet.complementOf(weekend) + " " + EnumSet.range(Day.TUE, Day.THU) + " " + EnumSet.allOf(Day.class).size() + " " + EnumSet.noneOf(Day.class));
        System.out.println(Day.valueOf("FRI").ordinal() + " " + Day.SUN.weekend() + " " + Arrays.toString(Day.values()) + " " + Day.MON.compareTo(Day.WED) + " " + Day.TUE.name());
        LRU<String, Integer> lru = new LRU<>(2);
        lru.put("a", 1); lru.put("b", 2); lru.get("a"); lru.put("c", 3);
        System.out.println(lru);
        TreeMap<Integer, String> tm = new TreeMap<>(Map.of(10, "ten", 20, "twenty", 30, "thirty"));
        System.out.println(tm.floorKey(25) + " " + tm.ceilingEntry(11) + " " + tm.headMap(20) + " " + tm.tailMap(20, false) + " " + tm.subMap(10, 30) + " " + tm.firstEntry() + " " + tm.pollLastEntry() + " " + tm.higherKey(10) + " " + tm.lowerKey(10));
        TreeSet<String> ts = new TreeSet<>(List.of("pear", "apple", "fig"));
        System.out.println(ts.first() + " " + ts.ceiling("b") + " " + ts.headSet("g") + " " + ts.descendingSet() + " " + ts.pollFirst());
        BitSet bs = new BitSet();
        bs.set(1); bs.set(5); bs.set(64);
        System.out.println(bs + " " + bs.cardinality() + " " + bs.get(5) + " " + bs.nextSetBit(2) + " " + bs.length());
        Random r = new Random(42);
        System.out.println(r.nextInt(100) + " " + r.nextInt(5, 10) + " " + r.nextInt(0, 16) + " " + r.nextLong() + " " + r.nextDouble() + " " + r.nextBoolean() + " " + r.nextGaussian());
        System.out.println(r.ints(5, 0, 10).boxed().toList() + " " + r.doubles(2).boxed().toList() + " " + r.longs(2, 0, 100).boxed().toList() + " " + r.ints(3).boxed().toList());
        Scanner sc = new Scanner("12 apples and 3.5 pears\nsecond line");
        System.out.println(sc.nextInt() + " " + sc.next() + " " + sc.next() + " " + sc.nextDouble() + " " + sc.nextLine() + "|" + sc.nextLine() + " " + sc.hasNext());
        System.out.println(Objects.hash(1, "a") + " " + Objects.equals(null, null) + " " + Objects.requireNonNullElse(null, "def") + " " + Objects.toString(null, "nil") + " " + Objects.isNull(null));
        System.out.println(String.format("%g %.3g %10.2e", 1234.5678, 0.000123456, 6.02e23));
        Integer a = 127, b = 127, c = 128, d = 128;
        System.out.println((a == b) + " " + (c == d) + " " + c.equals(d));
        Deque<Integer> dq = new ArrayDeque<>();
        dq.push(1); dq.offerLast(2); dq.offerFirst(0);
        System.out.println(dq + " " + dq.peekLast() + " " + dq.pop() + " " + dq.pollLast() + " " + dq);
        PriorityQueue<String> pq = new PriorityQueue<>(Comparator.comparing(String::length).thenComparing(Comparator.naturalOrder()));
        pq.addAll(List.of("ccc", "a", "bb", "aa"));
        StringBuilder sb = new StringBuilder();
        while (!pq.isEmpty()) sb.append(pq.poll()).append(' ');
        System.out.println(sb);
        List<String> sync = Collections.synchronizedList(new ArrayList<>());
        sync.add("s");
        System.out.println(sync + " " + Collections.emptyList() + " " + Collections.singletonList(1) + " " + Collections.unmodifiableMap(new TreeMap<>(Map.of(1, 2))));
        List<Integer> shuffled = new ArrayList<>(List.of(1, 2, 3, 4, 5, 6));
        Collections.shuffle(shuffled, new Random(7));
        System.out.println(shuffled);
        Collections.rotate(shuffled, 2);
        System.out.println(shuffled + " " + Collections.disjoint(List.of(1), List.of(2)));
        System.out.println(Math.floorMod(-7, 3) + " " + Math.abs(-2.5) + " " + Math.max(1L, 2L) + " " + Math.addExact(1, 2) + " " + Math.multiplyExact(3L, 4L) + " " + Math.sqrt(2) + " " + Math.log(10) + " " + Math.sin(1) + " " + Math.atan2(1, 1) + " " + Math.toRadians(180));
        try { Math.addExact(Integer.MAX_VALUE, 1); } catch (ArithmeticException e) { System.out.println(e.getMessage()); }
        Iterator<Integer> hsIt = new HashSet<>(List.of(1, 2, 3)).iterator();
        hsIt.next(); hsIt.remove();
        System.out.println(Integer.toBinaryString(10) + " " + Long.toHexString(255L) + " " + Integer.bitCount(7) + " " + Integer.parseInt("1010", 2) + " " + Character.getNumericValue('9') + " " + Integer.compare(1, 2) + " " + Integer.MAX_VALUE);
        StringBuilder chain = new StringBuilder();
        new LinkedList<>(List.of(1, 2, 3)).descendingIterator().forEachRemaining(chain::append);
        System.out.println(chain);
        Optional<String> opt = Optional.of("v");
        System.out.println(opt.map(String::toUpperCase).filter(s -> s.startsWith("V")).orElse("none") + " " + Optional.ofNullable(null).isPresent() + " " + opt.or(() -> Optional.of("w")).get());
        var vlist = new ArrayList<Map<String, List<Integer>>>();
        vlist.add(Map.of("k", List.of(1)));
        System.out.println(vlist);
        int[][] grid = new int[3][4];
        grid[1][2] = 5;
        System.out.println(Arrays.deepToString(grid) + " " + Arrays.stream(grid).mapToInt(row -> Arrays.stream(row).sum()).sum());
        Integer[] boxed = {3, 1, 2};
        Arrays.sort(boxed, Collections.reverseOrder());
        System.out.println(Arrays.toString(boxed) + " " + Arrays.asList(boxed).indexOf(1));
        char[] cs = "hello".toCharArray();
        Arrays.fill(cs, 1, 3, '*');
        System.out.println(new String(cs) + " " + String.valueOf(cs, 2, 2));
        System.out.println(Stream.of("b", "a", "c").sorted(Collections.reverseOrder()).collect(Collectors.toList()));
        Iterator<String> emptyIt = Collections.emptyIterator();
        System.out.println(emptyIt.hasNext());
        long start = System.nanoTime();
        System.out.println(System.nanoTime() >= start);
        System.out.println(Integer.valueOf(65).hashCode() + " " + Boolean.hashCode(true) + " " + Double.hashCode(1.5) + " " + "ab".hashCode() + " " + List.of(1, 2).hashCode() + " " + Map.of("a", 1).hashCode() + " " + Character.valueOf('a').hashCode());

        collectionsExtras();
        enumsAndBits();
        scanning();
        randomness();
        mathExtras();
        legacyAndEncoding();
    }

    static void collectionsExtras() {
        List<Integer> nums = new ArrayList<>(List.of(1, 2, 3, 4, 5, 6, 7));
        Collections.rotate(nums, -2);
        System.out.println(nums + " " + Collections.indexOfSubList(nums, List.of(5, 6)) + " " + Collections.lastIndexOfSubList(nums, List.of(9)));
        List<Integer> dest = new ArrayList<>(Collections.nCopies(8, 0));
        Collections.copy(dest, nums);
        System.out.println(dest + " " + Collections.disjoint(Set.of(1, 2), List.of(3)) + " " + Collections.disjoint(List.of(1, 2), List.of(2)));
        Map<String, Integer> sm = Collections.synchronizedMap(new TreeMap<>());
        sm.put("b", 2);
        sm.merge("b", 5, Integer::sum);
        sm.putIfAbsent("a", 1);
        System.out.println(sm + " " + sm.size() + " " + sm.get("b"));
        Set<String> fromMap = Collections.newSetFromMap(new LinkedHashMap<>());
        fromMap.add("q");
        fromMap.add("p");
        fromMap.add("q");
        System.out.println(fromMap + " " + Collections.synchronizedSet(new TreeSet<>(List.of(3, 1))) + " " + Collections.synchronizedCollection(new ArrayDeque<>(List.of(9))));
        LinkedList<String> ll = new LinkedList<>(List.of("a", "b", "c", "d"));
        ll.removeIf(x -> x.equals("b"));
        for (ListIterator<String> it = ll.listIterator(); it.hasNext();) if (it.next().equals("c")) it.remove();
        System.out.println(ll + " " + ll.getFirst() + " " + ll.peekLast());
        TreeMap<String, Integer> tm = new TreeMap<>(Map.of("x", 1, "y", 2, "z", 3));
        tm.entrySet().removeIf(e -> e.getValue() == 2);
        tm.keySet().remove("z");
        System.out.println(tm);
        HashMap<Integer, String> hm = new HashMap<>();
        for (int i = 0; i < 20; i++) hm.put(i * 7, "v" + i);
        hm.keySet().removeIf(k -> k % 2 == 0);
        hm.values().removeIf(v -> v.endsWith("3"));
        System.out.println(hm);
        Map<String, List<String>> multi = new TreeMap<>();
        for (String w : "apple avocado banana blueberry cherry".split(" ")) multi.computeIfAbsent(w.substring(0, 1), k -> new ArrayList<>()).add(w);
        System.out.println(multi);
        int[] data = {5, 1, 4, 1, 5, 9, 2, 6};
        int[] sorted = data.clone();
        Arrays.sort(sorted);
        System.out.println(Arrays.toString(sorted) + " " + Arrays.binarySearch(sorted, 5) + " " + Arrays.equals(data, sorted) + " " + Arrays.hashCode(new long[] {1L, 2L}) + " " + Arrays.toString(Arrays.copyOf(data, 3)));
    }

    enum Planet { MERCURY, VENUS, EARTH, MARS }

    static void enumsAndBits() {
        Set<Planet> inner = EnumSet.of(Planet.VENUS, Planet.MERCURY);
        EnumSet<Planet> all = EnumSet.allOf(Planet.class);
        all.removeAll(inner);
        EnumMap<Planet, String> names = new EnumMap<>(Planet.class);
        names.put(Planet.MARS, "red");
        names.put(Planet.EARTH, "blue");
        names.put(Planet.MERCURY, null);
        System.out.println(inner + " " + all + " " + names + " " + names.containsKey(Planet.MERCURY) + " " + names.get(Planet.VENUS) + " " + names.keySet() + " " + names.values());
        for (Map.Entry<Planet, String> e : names.entrySet()) if (e.getValue() == null) e.setValue("grey");
        names.remove(Planet.EARTH);
        System.out.println(names + " " + names.size() + " " + new EnumMap<>(names).equals(names) + " " + EnumSet.copyOf(List.of(Planet.MARS, Planet.EARTH)) + " " + all.contains(Planet.EARTH));
        BitSet sieve = new BitSet(50);
        sieve.set(2, 50);
        for (int p = 2; p * p < 50; p = sieve.nextSetBit(p + 1)) for (int k = p * p; k < 50; k += p) sieve.clear(k);
        System.out.println(sieve + " " + sieve.cardinality() + " " + sieve.size() + " " + sieve.length() + " " + sieve.nextClearBit(2) + " " + sieve.previousSetBit(46));
        BitSet a = new BitSet();
        a.set(0, 10);
        BitSet b = new BitSet();
        b.set(5, 15);
        BitSet and = (BitSet) a.clone();
        and.and(b);
        BitSet or = (BitSet) a.clone();
        or.or(b);
        BitSet xor = (BitSet) a.clone();
        xor.xor(b);
        a.andNot(b);
        System.out.println(and + " " + or + " " + xor + " " + a + " " + and.intersects(a) + " " + or.hashCode() + " " + xor.stream().sum() + " " + Arrays.toString(and.toLongArray()) + " " + b.get(4, 8));
    }

    static void scanning() {
        Scanner sc = new Scanner("3\n10 20 30\nname: Ada Lovelace\n1,234 -5 +6 2.5e2 true x");
        int n = sc.nextInt();
        long total = 0;
        for (int i = 0; i < n; i++) total += sc.nextLong();
        sc.nextLine();
        String line = sc.nextLine();
        System.out.println(n + " " + total + " [" + line + "] " + sc.nextInt() + " " + sc.nextInt() + " " + sc.nextInt() + " " + sc.nextDouble() + " " + sc.nextBoolean() + " " + sc.hasNextInt() + " " + sc.next() + " " + sc.hasNext());
        try {
            sc.next();
        } catch (NoSuchElementException e) {
            System.out.println("end: " + e);
        }
        Scanner csv = new Scanner("a;b;;c").useDelimiter(";");
        List<String> parts = new ArrayList<>();
        while (csv.hasNext()) parts.add(csv.next());
        System.out.println(parts);
        Scanner bad = new Scanner("12x");
        try {
            bad.nextInt();
        } catch (InputMismatchException e) {
            System.out.println("mismatch " + bad.next());
        }
        Scanner lines = new Scanner("one\r\ntwo\n\nfour");
        while (lines.hasNextLine()) System.out.print("<" + lines.nextLine() + ">");
        System.out.println();
        System.out.println(new Scanner("x y z").tokens().collect(Collectors.joining("+")));
    }

    static void randomness() {
        Random r = new Random(2024);
        System.out.println(r.nextInt(10) + " " + r.nextInt(3, 9) + " " + r.nextInt(-8, 8) + " " + r.nextLong(1000) + " " + r.nextLong(-5, 1L << 40) + " " + r.nextDouble(2.5) + " " + r.nextDouble(1, 2) + " " + r.nextFloat());
        System.out.println(r.ints(4, 1, 7).boxed().toList() + " " + r.longs(2, 0, 1 << 20).boxed().toList() + " " + r.doubles(2, -1, 1).boxed().toList());
        System.out.println(r.ints(0, 100).limit(3).boxed().toList() + " " + r.doubles().limit(1).boxed().toList() + " " + r.ints(5).count());
        int[] hist = new int[4];
        new Random(1).ints(1000, 0, 4).forEach(i -> hist[i]++);
        System.out.println(Arrays.toString(hist));
        List<Integer> deck = IntStream.rangeClosed(1, 10).boxed().collect(Collectors.toList());
        Collections.shuffle(deck, new Random(99));
        System.out.println(deck);
    }

    static void mathExtras() {
        System.out.println(Math.nextUp(1.0) + " " + Math.nextDown(1.0) + " " + (Math.nextUp(0.0) == Double.MIN_VALUE) + " " + Math.nextAfter(1.0, 0.0) + " " + Math.nextUp(1.0f) + " " + Math.copySign(3.0, -0.0) + " " + Math.getExponent(1024.0) + " " + Math.scalb(1.5, 4));
        System.out.println(Math.multiplyHigh(Long.MAX_VALUE, 3L) + " " + Math.multiplyFull(1 << 30, 8) + " " + Math.ulp(1.0) + " " + Math.floorDiv(-9L, 4L) + " " + Math.floorMod(-9, 4) + " " + Math.abs(Integer.MIN_VALUE) + " " + Math.signum(-0.0));
        System.out.println(String.format("%g|%g|%g|%.2g|%G|%10.3g|%-10.1g|%g", 0.0, 1.0, 123456789.0, 0.00001234, 1e-10, Math.PI, 99.99, -0.0001));
    }

    static void legacyAndEncoding() {
        Hashtable<String, Integer> ht = new Hashtable<>();
        for (String w : "the quick brown fox jumps over the lazy dog again and again".split(" ")) ht.merge(w, 1, Integer::sum);
        System.out.println(ht + " " + ht.size() + " " + ht.get("the") + " " + ht.containsKey("fox") + " " + ht.contains(2));
        Enumeration<String> keys = ht.keys();
        StringBuilder sb = new StringBuilder();
        while (keys.hasMoreElements()) sb.append(keys.nextElement()).append(',');
        System.out.println(sb + " " + Collections.list(ht.elements()));
        Hashtable<Integer, String> nums = new Hashtable<>();
        for (int i = 0; i < 30; i += 3) nums.put(i * 7, "n" + i);
        nums.remove(21);
        System.out.println(nums + " " + nums.keySet() + " " + new Hashtable<>(Map.of(1, "a")) + " " + nums.equals(new HashMap<>(nums)));
        Vector<String> v = new Vector<>(List.of("x", "y"));
        System.out.println(Collections.list(v.elements()));
        String enc = Base64.getEncoder().encodeToString("Hello, Phantom!".getBytes());
        System.out.println(enc + " " + new String(Base64.getDecoder().decode(enc)) + " " + Base64.getUrlEncoder().encodeToString(new byte[] {(byte) 0xfb, (byte) 0xff, 1}) + " " + Base64.getEncoder().withoutPadding().encodeToString("ab".getBytes()) + " " + Base64.getEncoder().encodeToString(new byte[0]) + " " + Arrays.toString(Base64.getDecoder().decode("AQID")));
        for (int n = 0; n < 6; n++) {
            byte[] b = new byte[n];
            for (int i = 0; i < n; i++) b[i] = (byte) (i * 77 + 3);
            String e = Base64.getEncoder().encodeToString(b);
            System.out.print(e + ":" + Arrays.equals(b, Base64.getDecoder().decode(e)) + " ");
        }
        System.out.println();
        try {
            Base64.getDecoder().decode("ab$c");
        } catch (IllegalArgumentException e) {
            System.out.println(e.getMessage());
        }
        byte[] big = new byte[100];
        Arrays.fill(big, (byte) 'z');
        System.out.println(Base64.getMimeEncoder().encodeToString(big).replace("\r\n", "|"));
        Iterable<Integer> it = () -> List.of(3, 1, 2).iterator();
        System.out.println(StreamSupport.stream(it.spliterator(), false).sorted().collect(Collectors.toList()) + " " + StreamSupport.stream(List.of(1, 2, 3).spliterator(), false).count());
        Spliterator<String> sp = List.of("a", "b", "c").spliterator();
        sp.tryAdvance(s -> System.out.print("first " + s + " "));
        sp.forEachRemaining(s -> System.out.print(s));
        System.out.println(" " + sp.hasCharacteristics(Spliterator.SIZED) + " " + List.of(1).spliterator().estimateSize());
        int[] arr = {5, 2, 9, 1};
        Arrays.parallelSort(arr);
        int[] pre = {1, 2, 3, 4};
        Arrays.parallelPrefix(pre, Integer::sum);
        System.out.println(Arrays.toString(arr) + " " + Arrays.toString(pre) + " " + Arrays.mismatch(new int[] {1, 2, 3}, new int[] {1, 2, 4}) + " " + Arrays.compare(new int[] {1, 2}, new int[] {1, 3}) + " " + Arrays.compare(new String[] {"a"}, new String[] {"a", "b"}));
    }
}
