public class Main {
    static int idiv(int a, int b) { return a / b; }
    static long ldiv(long a, long b) { return a % b; }

    public static void main(String[] args) {
        int max = Integer.MAX_VALUE;
        System.out.println(max + 1);
        System.out.println(Integer.MIN_VALUE - 1);
        System.out.println(max * 2);
        System.out.println(Integer.MIN_VALUE / -1);
        System.out.println(Integer.MIN_VALUE % -1);
        long lmax = Long.MAX_VALUE;
        System.out.println(lmax + 1);
        System.out.println(-7 / 2 + " " + -7 % 2 + " " + 7 / -2 + " " + 7 % -2);
        System.out.println(-7L / 2 + " " + -7L % 2);
        System.out.println((1 << 33) + " " + (1L << 33) + " " + (-16 >> 2) + " " + (-16 >>> 28) + " " + (-16L >>> 60));
        System.out.println((byte) 200 + " " + (short) 70000 + " " + (char) 65 + " " + (int) 'z');
        System.out.println((int) 3.99 + " " + (int) -3.99 + " " + (int) Double.NaN + " " + (int) 1e20 + " " + (long) -1e30);
        System.out.println((float) 0.1 + " " + (double) 0.1f + " " + 1.0f / 3.0f + " " + 2.0 / 3.0);
        System.out.println(0.1 + 0.2 + " " + 100.0 + " " + 1e7 + " " + 1.0E-5 + " " + 123456789.125);
        System.out.println(1.0 / 0 + " " + -1.0 / 0 + " " + 0.0 / 0.0 + " " + -0.0);
        System.out.println(5.5 % 2 + " " + -5.5 % 2 + " " + 5.5f % 2.5f);
        System.out.println(Math.sqrt(2) + " " + Math.abs(-3) + " " + Math.max(3L, 7L) + " " + Math.pow(2, 10));
        System.out.println(Math.round(2.5) + " " + Math.round(-2.5) + " " + Math.round(0.49999999999999994) + " " + Math.floor(-1.5) + " " + Math.ceil(-1.5));
        System.out.println(Math.floorMod(-7, 3) + " " + Math.floorDiv(-7, 3) + " " + Math.hypot(3, 4));
        System.out.println(Integer.toHexString(-1) + " " + Integer.toBinaryString(10) + " " + Long.toHexString(255L) + " " + Integer.toString(-255, 16));
        System.out.println(Integer.parseInt("-123") + Integer.parseInt("+7") + " " + Long.parseLong("9223372036854775807") + " " + Double.parseDouble("1.5e3"));
        System.out.println(Integer.bitCount(255) + " " + Integer.numberOfLeadingZeros(1) + " " + Long.numberOfTrailingZeros(8));
        System.out.println(Integer.compare(3, 5) + " " + Double.compare(0.0, -0.0) + " " + Character.getNumericValue('7'));
        char c = 'a';
        c += 2;
        c++;
        System.out.println(c);
        short s = 10;
        s *= 1000;
        s *= 10;
        System.out.println(s);
        byte b = 127;
        b++;
        System.out.println(b);
        int x = 5;
        x += 3.7;
        System.out.println(x);
        long acc = 1;
        for (int i = 1; i <= 25; i++) acc *= i;
        System.out.println(acc);
        double h = 0;
        for (int i = 1; i <= 1000; i++) h += 1.0 / i;
        System.out.println(h);
        float f = 0;
        for (int i = 0; i < 10; i++) f += 0.1f;
        System.out.println(f);
        try {
            System.out.println(idiv(1, 0));
        } catch (ArithmeticException e) {
            System.out.println("caught " + e.getMessage());
        }
        try {
            System.out.println(ldiv(1, 0));
        } catch (ArithmeticException e) {
            System.out.println("caught " + e);
        }
        System.out.println(1.0 / 0.0 > Double.MAX_VALUE);
        System.out.println(Double.isNaN(0.0 / 0.0) + " " + (Double.NaN == Double.NaN) + " " + (0.0 == -0.0));
        System.out.println(String.format("%d|%5d|%-5d|%05d|%,d|%x|%X|%o", 42, 42, 42, 42, 1234567, 255, 255, 8));
        System.out.println(String.format("%.2f|%8.3f|%-8.1f|%e|%.0f|%s|%c|%b|%%|%n", 3.14159, 2.5, -1.25, 12345.678, 2.5, "str", 'c', true).trim());
        System.out.printf("%s has %d items costing %.2f%n", "cart", 3, 9.999);
    }
}
