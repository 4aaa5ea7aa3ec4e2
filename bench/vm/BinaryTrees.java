// Binary trees: allocate and walk many short-lived complete binary trees, up
// to depth N (at least 6), with a long-lived tree alongside. Prints the sum of
// every check (nodes counted) and "bench binarytrees SECONDS s".
public class BinaryTrees {
    static final class Node {
        final Node left, right;
        Node(Node left, Node right) { this.left = left; this.right = right; }
        int check() { return left == null ? 1 : 1 + left.check() + right.check(); }
    }

    static Node build(int depth) {
        return depth == 0 ? new Node(null, null) : new Node(build(depth - 1), build(depth - 1));
    }

    public static void main(String[] args) {
        int n = Integer.parseInt(args[0]);
        long t0 = System.nanoTime();
        int maxDepth = Math.max(6, n);
        long total = build(maxDepth + 1).check();
        Node longLived = build(maxDepth);
        for (int depth = 4; depth <= maxDepth; depth += 2) {
            int iterations = 1 << (maxDepth - depth + 4);
            int check = 0;
            for (int i = 0; i < iterations; i++) check += build(depth).check();
            total += check;
        }
        total += longLived.check();
        long t1 = System.nanoTime();
        System.out.println("result binarytrees " + total);
        System.out.println("bench binarytrees " + (t1 - t0) / 1e9 + " s");
    }
}
