// The spectral-norm benchmark (doubles, nested loops), n = 100.
public class Main {
    static double a(int i, int j) { return 1.0 / ((i + j) * (i + j + 1) / 2 + i + 1); }

    static void mulAv(double[] v, double[] av) {
        for (int i = 0; i < v.length; i++) {
            double s = 0;
            for (int j = 0; j < v.length; j++) s += a(i, j) * v[j];
            av[i] = s;
        }
    }

    static void mulAtv(double[] v, double[] atv) {
        for (int i = 0; i < v.length; i++) {
            double s = 0;
            for (int j = 0; j < v.length; j++) s += a(j, i) * v[j];
            atv[i] = s;
        }
    }

    public static void main(String[] args) {
        int n = args.length > 0 ? Integer.parseInt(args[0]) : 100;
        double[] u = new double[n], v = new double[n], t = new double[n];
        java.util.Arrays.fill(u, 1.0);
        for (int i = 0; i < 10; i++) {
            mulAv(u, t); mulAtv(t, v);
            mulAv(v, t); mulAtv(t, u);
        }
        double vbv = 0, vv = 0;
        for (int i = 0; i < n; i++) { vbv += u[i] * v[i]; vv += v[i] * v[i]; }
        System.out.printf("%.9f%n", Math.sqrt(vbv / vv));
    }
}
