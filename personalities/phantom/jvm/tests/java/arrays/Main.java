import java.util.Arrays;

public class Main {
    static int sum(int... xs) {
        int s = 0;
        for (int x : xs) s += x;
        return s;
    }

    public static void main(String[] args) {
        int[] a = {5, 3, 9, 1, 7};
        long[] l = new long[3];
        double[] d = {2.5, -1.0, 3.25};
        float[] f = {1.5f, 0.25f};
        char[] c = {'d', 'a', 'c'};
        byte[] b = {(byte) 255, 127, -128};
        short[] s = {(short) 40000, 5};
        boolean[] z = new boolean[3];
        String[] str = {"pear", "apple", "fig"};
        l[1] = Long.MAX_VALUE;
        z[1] = true;
        System.out.println(Arrays.toString(a) + Arrays.toString(l) + Arrays.toString(d) + Arrays.toString(f) + Arrays.toString(c) + Arrays.toString(b) + Arrays.toString(s) + Arrays.toString(z) + Arrays.toString(str));
        Arrays.sort(a);
        Arrays.sort(d);
        Arrays.sort(c);
        Arrays.sort(str);
        System.out.println(Arrays.toString(a) + Arrays.toString(d) + Arrays.toString(c) + Arrays.toString(str));
        System.out.println(Arrays.binarySearch(a, 7) + " " + Arrays.binarySearch(a, 4) + " " + a.length + " " + str[0].length());
        int[][] grid = new int[3][4];
        for (int i = 0; i < 3; i++) for (int j = 0; j < 4; j++) grid[i][j] = i * j;
        System.out.println(Arrays.deepToString(grid) + " " + grid[2].length);
        int[][] jag = new int[3][];
        for (int i = 0; i < 3; i++) jag[i] = new int[i + 1];
        jag[2][2] = 9;
        System.out.println(Arrays.deepToString(jag));
        String[][][] cube = new String[2][2][2];
        cube[1][1][1] = "x";
        System.out.println(Arrays.deepToString(cube));
        long[][] lg = {{1, 2}, {3}};
        System.out.println(lg[0][1] + lg[1][0]);
        int[] copy = Arrays.copyOf(a, 7);
        int[] range = Arrays.copyOfRange(a, 1, 3);
        int[] cl = a.clone();
        cl[0] = 100;
        System.out.println(Arrays.toString(copy) + Arrays.toString(range) + a[0] + " " + cl[0] + " " + Arrays.equals(a, a.clone()));
        String[] sc = str.clone();
        sc[0] = "zzz";
        System.out.println(str[0] + " " + sc[0] + " " + sc.getClass().getSimpleName());
        int[] filled = new int[4];
        Arrays.fill(filled, 7);
        System.arraycopy(a, 0, filled, 1, 2);
        System.out.println(Arrays.toString(filled));
        int[] overlap = {1, 2, 3, 4, 5};
        System.arraycopy(overlap, 0, overlap, 1, 4);
        System.out.println(Arrays.toString(overlap));
        System.out.println(sum() + " " + sum(1) + " " + sum(1, 2, 3));
        try {
            a[5] = 1;
        } catch (ArrayIndexOutOfBoundsException e) {
            System.out.println(e.getMessage());
        }
        try {
            Object[] objs = new Integer[2];
            objs[0] = "no";
        } catch (ArrayStoreException e) {
            System.out.println("ArrayStoreException " + e.getMessage());
        }
        try {
            int[] neg = new int[-3];
        } catch (NegativeArraySizeException e) {
            System.out.println("NegativeArraySizeException " + e.getMessage());
        }
        try {
            System.arraycopy(a, 3, filled, 0, 5);
        } catch (ArrayIndexOutOfBoundsException e) {
            System.out.println("arraycopy bounds");
        }
        Integer[] boxed = {3, 1, 2};
        Arrays.sort(boxed, (x, y) -> y - x);
        System.out.println(Arrays.toString(boxed) + " " + Arrays.asList(boxed) + " " + Arrays.hashCode(new int[] {1, 2}));
        char[][] board = new char[3][3];
        for (char[] row : board) Arrays.fill(row, '.');
        board[1][1] = 'X';
        for (char[] row : board) System.out.println(new String(row));
        double total = 0;
        double[] big = new double[1000];
        for (int i = 0; i < big.length; i++) big[i] = i * 0.5;
        for (double v : big) total += v;
        System.out.println(total);
        Object arr = new int[] {1};
        System.out.println((arr instanceof int[]) + " " + (arr instanceof Object[]) + " " + (str instanceof Object[]));
    }
}
