// Allocation: N small objects in a linked list, keeping the last 1000.
public class Alloc {
    static final class Node {
        final int value;
        Node next;
        Node(int value, Node next) { this.value = value; this.next = next; }
    }

    public static void main(String[] args) {
        int n = Integer.parseInt(args[0]);
        long t0 = System.nanoTime();
        Node head = null;
        long sum = 0;
        for (int i = 0; i < n; i++) {
            head = new Node(i, head);
            if (i % 1000 == 999) {
                for (Node p = head; p != null; p = p.next) sum += p.value;
                head = null;
            }
        }
        long t1 = System.nanoTime();
        System.out.println("result alloc " + sum);
        System.out.println("bench alloc " + (t1 - t0) / 1e9 + " s");
    }
}
