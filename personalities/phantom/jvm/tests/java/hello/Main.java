public class Main {
    static int fib(int n) { return n < 2 ? n : fib(n - 1) + fib(n - 2); }

    public static void main(String[] args) {
        System.out.println("Hello, Phantom");
        int sum = 0;
        for (int i = 0; i < 100; i++) sum += i;
        System.out.println(sum);
        System.out.println(fib(20));
        long big = 1L << 40;
        double d = 1.5;
        char c = 'x';
        System.out.println("sum=" + sum + " big=" + big + " d=" + d + " c=" + c + " b=" + true + " n=" + null);
        System.out.println(0.1 + 0.2);
        System.out.println(1.0f / 3);
    }
}
