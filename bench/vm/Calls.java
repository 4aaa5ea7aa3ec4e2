// Virtual method calls through an interface, N times.
public class Calls {
    interface Shape { int area(int k); }
    static final class Square implements Shape { public int area(int k) { return k * k; } }
    static final class Rect implements Shape { public int area(int k) { return k * (k + 1); } }

    public static void main(String[] args) {
        int n = Integer.parseInt(args[0]);
        Shape[] shapes = { new Square(), new Rect() };
        long t0 = System.nanoTime();
        int sum = 0;
        for (int i = 0; i < n; i++) {
            sum += shapes[i & 1].area(i & 255);
        }
        long t1 = System.nanoTime();
        System.out.println("result calls " + sum);
        System.out.println("bench calls " + (t1 - t0) / 1e9 + " s");
    }
}
