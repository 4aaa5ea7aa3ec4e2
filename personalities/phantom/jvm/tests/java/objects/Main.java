import java.util.ArrayList;
import java.util.List;

public class Main {
    interface Shape {
        double area();
        default String describe() { return name() + " with area " + String.format("%.2f", area()); }
        String name();
    }

    static abstract class Base implements Shape {
        private static int created = 0;
        protected final int id;
        Base() { id = ++created; }
        public String name() { return getClass().getSimpleName() + "#" + id; }
        static int count() { return created; }
    }

    static class Circle extends Base {
        final double r;
        Circle(double r) { this.r = r; }
        public double area() { return Math.PI * r * r; }
    }

    static class Rect extends Base {
        final double w, h;
        Rect(double w, double h) { this.w = w; this.h = h; }
        public double area() { return w * h; }
        @Override public String name() { return "Rect(" + w + "x" + h + ")"; }
    }

    static final class Square extends Rect {
        Square(double s) { super(s, s); }
        @Override public String describe() { return "square! " + super.describe(); }
    }

    static class Point {
        final int x, y;
        Point(int x, int y) { this.x = x; this.y = y; }
        @Override public boolean equals(Object o) {
            if (!(o instanceof Point)) return false;
            Point p = (Point) o;
            return x == p.x && y == p.y;
        }
        @Override public int hashCode() { return 31 * x + y; }
        @Override public String toString() { return "(" + x + ", " + y + ")"; }
    }

    static class Counter {
        private int value;
        Counter add(int n) { value += n; return this; }
        int get() { return value; }
    }

    static class Node<T> {
        T value;
        Node<T> next;
        Node(T value, Node<T> next) { this.value = value; this.next = next; }
    }

    static <T> int length(Node<T> n) { return n == null ? 0 : 1 + length(n.next); }

    static int staticInit;
    static final String GREETING;
    static {
        staticInit = 42;
        GREETING = "init " + staticInit;
    }

    static class Lazy {
        static { System.out.println("Lazy initialised"); }
        static int value = 7;
    }

    class Inner {
        int twice() { return field * 2; }
    }
    int field = 21;

    enum Planet {
        MERCURY(3.303e+23, 2.4397e6), EARTH(5.976e+24, 6.37814e6);
        final double mass, radius;
        Planet(double mass, double radius) { this.mass = mass; this.radius = radius; }
        double surfaceGravity() { return 6.67300E-11 * mass / (radius * radius); }
    }

    public static void main(String[] args) {
        List<Shape> shapes = new ArrayList<>();
        shapes.add(new Circle(1));
        shapes.add(new Rect(2, 3));
        shapes.add(new Square(2));
        for (Shape s : shapes) System.out.println(s.describe());
        System.out.println("created " + Base.count());
        Object o = shapes.get(2);
        System.out.println((o instanceof Shape) + " " + (o instanceof Rect) + " " + (o instanceof Circle) + " " + (o instanceof Square));
        try {
            Circle c = (Circle) o;
            System.out.println("no " + c);
        } catch (ClassCastException e) {
            System.out.println("ClassCastException");
        }
        Point p1 = new Point(1, 2), p2 = new Point(1, 2), p3 = new Point(2, 1);
        System.out.println(p1.equals(p2) + " " + (p1 == p2) + " " + p1.equals(p3) + " " + (p1.hashCode() == p2.hashCode()) + " " + p1 + " " + p3);
        System.out.println(new Counter().add(5).add(10).get());
        Node<String> list = new Node<>("a", new Node<>("b", new Node<>("c", null)));
        System.out.println(length(list) + " " + list.next.value);
        System.out.println(GREETING + " " + staticInit);
        System.out.println("before lazy");
        System.out.println(Lazy.value);
        Main m = new Main();
        Main.Inner in = m.new Inner();
        System.out.println(in.twice());
        for (Planet p : Planet.values()) System.out.printf("%s %.2f%n", p, p.surfaceGravity());
        System.out.println(Planet.valueOf("EARTH").ordinal() + " " + Planet.EARTH.name() + " " + Planet.MERCURY.compareTo(Planet.EARTH));
        Object[] things = {1, "two", 3.0, 'c', true, null, new int[0].length, 5L};
        StringBuilder sb = new StringBuilder();
        for (Object t : things) {
            if (t instanceof Integer) sb.append("int ");
            else if (t instanceof String) sb.append("str ");
            else if (t instanceof Double) sb.append("dbl ");
            else if (t instanceof Character) sb.append("chr ");
            else if (t instanceof Boolean) sb.append("bool ");
            else if (t instanceof Long) sb.append("long ");
            else sb.append("null ");
        }
        System.out.println(sb.toString().trim());
        Integer a = 127, b = 127, c = 128, d = 128;
        System.out.println((a == b) + " " + (c == d) + " " + c.equals(d) + " " + (a + c));
        Runnable r = new Runnable() {
            int calls;
            public void run() { System.out.println("anonymous run " + (++calls)); }
        };
        r.run();
        r.run();
        System.out.println(new Object().equals(null) + " " + "x".equals(null));
        Shape anon = new Shape() {
            public double area() { return 1.5; }
            public String name() { return "anon"; }
        };
        System.out.println(anon.describe());
    }
}
