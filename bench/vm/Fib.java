// Recursive calls: fib(N). Prints it and "bench fib SECONDS s".
public class Fib {
    static int fib(int n) {
        return n < 2 ? n : fib(n - 1) + fib(n - 2);
    }

    public static void main(String[] args) {
        int n = Integer.parseInt(args[0]);
        long t0 = System.nanoTime();
        int r = fib(n);
        long t1 = System.nanoTime();
        System.out.println("result fib " + r);
        System.out.println("bench fib " + (t1 - t0) / 1e9 + " s");
    }
}
