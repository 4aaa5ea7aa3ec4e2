// Spectral norm: the largest singular value of the infinite matrix
// A(i,j) = 1/((i+j)(i+j+1)/2+i+1), cut to N x N, by 10 rounds of the power
// method (doubles, nested loops). Prints it and "bench spectralnorm SECONDS s".
public class SpectralNorm {
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
        int n = Integer.parseInt(args[0]);
        long t0 = System.nanoTime();
        double[] u = new double[n], v = new double[n], t = new double[n];
        java.util.Arrays.fill(u, 1.0);
        for (int i = 0; i < 10; i++) {
            mulAv(u, t); mulAtv(t, v);
            mulAv(v, t); mulAtv(t, u);
        }
        double vbv = 0, vv = 0;
        for (int i = 0; i < n; i++) { vbv += u[i] * v[i]; vv += v[i] * v[i]; }
        double norm = Math.sqrt(vbv / vv);
        long t1 = System.nanoTime();
        System.out.printf("result spectralnorm %.9f%n", norm);
        System.out.println("bench spectralnorm " + (t1 - t0) / 1e9 + " s");
    }
}
