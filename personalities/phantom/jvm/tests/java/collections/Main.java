import java.util.*;

public class Main {
    public static void main(String[] args) {
        List<Integer> list = new ArrayList<>();
        for (int i = 0; i < 10; i++) list.add(i * i % 7);
        System.out.println(list + " " + list.size() + " " + list.get(3) + " " + list.indexOf(2) + " " + list.contains(4));
        list.remove(Integer.valueOf(4));
        list.remove(0);
        list.add(1, 99);
        list.set(0, -1);
        System.out.println(list);
        Collections.sort(list);
        System.out.println(list + " max=" + Collections.max(list) + " min=" + Collections.min(list));
        Collections.reverse(list);
        System.out.println(list + " " + list.subList(1, 4) + " " + Collections.frequency(list, 2));
        Iterator<Integer> it = list.iterator();
        while (it.hasNext()) if (it.next() % 2 == 0) it.remove();
        System.out.println(list);
        try {
            for (Integer x : list) if (x == 1) list.add(5);
        } catch (ConcurrentModificationException e) {
            System.out.println("CME");
        }
        LinkedList<String> ll = new LinkedList<>(List.of("b", "c"));
        ll.addFirst("a");
        ll.addLast("d");
        ll.add(2, "x");
        System.out.println(ll + " " + ll.getFirst() + ll.getLast() + " " + ll.removeFirst() + ll.pollLast() + " " + ll);
        Map<String, Integer> hm = new HashMap<>();
        String text = "the cat and the dog and the bird saw a cat";
        for (String w : text.split(" ")) hm.put(w, hm.getOrDefault(w, 0) + 1);
        System.out.println(hm);
        System.out.println(hm.get("the") + " " + hm.get("zebra") + " " + hm.containsKey("cat") + " " + hm.containsValue(2) + " " + hm.size());
        Map<String, Integer> tm = new TreeMap<>(hm);
        System.out.println(tm);
        for (Map.Entry<String, Integer> e : tm.entrySet()) if (e.getValue() > 1) System.out.print(e.getKey() + ":" + e.getValue() + " ");
        System.out.println();
        TreeMap<Integer, String> nav = new TreeMap<>();
        for (int i = 10; i > 0; i -= 2) nav.put(i, "v" + i);
        System.out.println(nav + " " + nav.firstKey() + " " + nav.lastKey() + " " + nav.floorKey(5) + " " + nav.ceilingKey(5) + " " + nav.headMap(6) + " " + nav.tailMap(6));
        nav.remove(4);
        System.out.println(nav.keySet() + " " + nav.values() + " " + nav.pollFirstEntry() + " " + nav.descendingMap());
        Map<Integer, String> lhm = new LinkedHashMap<>();
        lhm.put(3, "c");
        lhm.put(1, "a");
        lhm.put(2, "b");
        lhm.put(1, "A");
        System.out.println(lhm + " " + lhm.keySet() + " " + lhm.values());
        Set<String> hs = new HashSet<>(Arrays.asList("banana", "apple", "cherry", "apple", "date", "elderberry", "fig"));
        System.out.println(hs + " " + hs.size() + " " + hs.contains("fig"));
        Set<Integer> ts = new TreeSet<>(Arrays.asList(5, 1, 9, 3, 1));
        System.out.println(ts + " " + ((TreeSet<Integer>) ts).first() + " " + ((TreeSet<Integer>) ts).headSet(5));
        Set<Character> lhs = new LinkedHashSet<>();
        for (char ch : "mississippi".toCharArray()) lhs.add(ch);
        System.out.println(lhs);
        Deque<Integer> stack = new ArrayDeque<>();
        Queue<Integer> queue = new ArrayDeque<>();
        for (int i = 1; i <= 4; i++) {
            stack.push(i);
            queue.offer(i);
        }
        System.out.println(stack + " " + stack.pop() + stack.peek() + " " + queue.poll() + queue.peek() + " " + queue);
        PriorityQueue<Integer> pq = new PriorityQueue<>(List.of(5, 2, 8, 1, 9, 3));
        System.out.print(pq + " -> ");
        while (!pq.isEmpty()) System.out.print(pq.poll() + " ");
        System.out.println();
        PriorityQueue<String> maxq = new PriorityQueue<>(Collections.reverseOrder());
        maxq.addAll(List.of("m", "z", "a"));
        System.out.println(maxq.poll() + maxq.poll());
        Stack<String> st = new Stack<>();
        st.push("x");
        st.push("y");
        System.out.println(st + " " + st.peek() + " " + st.pop() + " " + st.empty() + " " + st.size());
        Map<Integer, Integer> big = new HashMap<>();
        for (int i = 0; i < 1000; i++) big.put(i * 7919 % 1000, i);
        long sum = 0;
        for (int v : big.values()) sum += v;
        System.out.println(big.size() + " " + sum + " " + big.get(0) + " " + big.get(999));
        for (int i = 0; i < 1000; i += 2) big.remove(i);
        System.out.println(big.size());
        Map<String, List<Integer>> groups = new TreeMap<>();
        for (int i = 0; i < 10; i++) groups.computeIfAbsent(i % 3 == 0 ? "three" : "other", k -> new ArrayList<>()).add(i);
        System.out.println(groups);
        Map<Character, Integer> counts = new TreeMap<>();
        for (char ch : "hello world".toCharArray()) counts.merge(ch, 1, Integer::sum);
        System.out.println(counts);
        List<String> names = new ArrayList<>(List.of("Charlie", "alice", "Bob", "dave"));
        names.sort(Comparator.comparing(String::toLowerCase));
        System.out.println(names);
        names.sort(Comparator.comparing(String::length).thenComparing(Comparator.reverseOrder()));
        System.out.println(names);
        List<Integer> nums = new ArrayList<>(List.of(3, 1, 4, 1, 5, 9, 2, 6));
        Collections.shuffle(nums, new Random(42));
        System.out.println(nums);
        Random rnd = new Random(12345);
        System.out.println(rnd.nextInt(100) + " " + rnd.nextInt() + " " + rnd.nextLong() + " " + rnd.nextDouble() + " " + rnd.nextBoolean());
        System.out.println(List.of(1, 2).equals(Arrays.asList(1, 2)) + " " + new HashSet<>(List.of(1, 2)).equals(Set.of(2, 1)) + " " + Map.of("a", 1).equals(Map.of("a", 1)));
        try {
            List.of(1).add(2);
        } catch (UnsupportedOperationException e) {
            System.out.println("immutable");
        }
        Optional<String> opt = Optional.of(names.get(0)).map(String::toUpperCase).filter(x -> x.length() > 2);
        System.out.println(opt + " " + opt.isPresent() + " " + Optional.empty() + " " + Optional.ofNullable(null).orElse("dflt"));
    }
}
