// Fannkuch-redux: every permutation of 0..N-1, each flipped (its first k+1
// elements reversed, k its first element) until 0 comes first (int arrays).
// Prints the checksum and the most flips and "bench fannkuch SECONDS s".
public class Fannkuch {
    // {checksum, most flips}.
    static int[] fannkuch(int n) {
        int[] perm = new int[n], perm1 = new int[n], count = new int[n];
        for (int i = 0; i < n; i++) perm1[i] = i;
        int maxFlips = 0, checksum = 0, permCount = 0, r = n;
        while (true) {
            while (r != 1) { count[r - 1] = r; r--; }
            System.arraycopy(perm1, 0, perm, 0, n);
            int flips = 0, k;
            while ((k = perm[0]) != 0) {
                for (int i = 0, j = k; i < j; i++, j--) { int t = perm[i]; perm[i] = perm[j]; perm[j] = t; }
                flips++;
            }
            if (flips > maxFlips) maxFlips = flips;
            checksum += permCount % 2 == 0 ? flips : -flips;
            // The next permutation: rotate the first r+1 elements until one
            // of the counts is not yet used up.
            while (true) {
                if (r == n) return new int[] { checksum, maxFlips };
                int p0 = perm1[0];
                for (int i = 0; i < r; i++) perm1[i] = perm1[i + 1];
                perm1[r] = p0;
                if (--count[r] > 0) break;
                r++;
            }
            permCount++;
        }
    }

    public static void main(String[] args) {
        int n = Integer.parseInt(args[0]);
        long t0 = System.nanoTime();
        int[] result = fannkuch(n);
        long t1 = System.nanoTime();
        System.out.println("result fannkuch " + result[0] + " " + result[1]);
        System.out.println("bench fannkuch " + (t1 - t0) / 1e9 + " s");
    }
}
