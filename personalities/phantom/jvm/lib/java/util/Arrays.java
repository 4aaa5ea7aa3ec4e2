package java.util;

import java.util.function.IntFunction;
import java.util.function.IntUnaryOperator;
import java.util.function.IntToLongFunction;
import java.util.function.IntToDoubleFunction;

public final class Arrays {
    private Arrays() {}

    static void rangeCheck(int length, int from, int to) {
        if (from > to) throw new IllegalArgumentException("fromIndex(" + from + ") > toIndex(" + to + ")");
        if (from < 0) throw new ArrayIndexOutOfBoundsException("Array index out of range: " + from);
        if (to > length) throw new ArrayIndexOutOfBoundsException("Array index out of range: " + to);
    }

    public static String toString(int[] a) {
        if (a == null) return "null";
        int max = a.length - 1;
        if (max == -1) return "[]";
        StringBuilder b = new StringBuilder();
        b.append('[');
        for (int i = 0;; i++) {
            b.append(a[i]);
            if (i == max) return b.append(']').toString();
            b.append(", ");
        }
    }

    public static void fill(int[] a, int v) {
        for (int i = 0; i < a.length; i++) a[i] = v;
    }

    public static void fill(int[] a, int from, int to, int v) {
        rangeCheck(a.length, from, to);
        for (int i = from; i < to; i++) a[i] = v;
    }

    public static int[] copyOf(int[] a, int n) {
        int[] c = new int[n];
        System.arraycopy(a, 0, c, 0, Math.min(a.length, n));
        return c;
    }

    public static int[] copyOfRange(int[] a, int from, int to) {
        int n = to - from;
        if (n < 0) throw new IllegalArgumentException(from + " > " + to);
        int[] c = new int[n];
        System.arraycopy(a, from, c, 0, Math.min(a.length - from, n));
        return c;
    }

    public static boolean equals(int[] a, int[] b) {
        if (a == b) return true;
        if (a == null || b == null || a.length != b.length) return false;
        for (int i = 0; i < a.length; i++) if (a[i] != b[i]) return false;
        return true;
    }

    public static int hashCode(int[] a) {
        if (a == null) return 0;
        int h = 1;
        for (int e : a) h = 31 * h + Integer.hashCode(e);
        return h;
    }

    public static void sort(int[] a) { sort(a, 0, a.length); }

    public static void sort(int[] a, int from, int to) {
        rangeCheck(a.length, from, to);
        if (to - from < 2) return;
        int[] tmp = new int[to - from];
        msort(a, tmp, from, to);
    }

    private static void msort(int[] a, int[] tmp, int lo, int hi) {
        if (hi - lo <= 16) {
            for (int i = lo + 1; i < hi; i++) {
                int x = a[i];
                int j = i - 1;
                while (j >= lo) {
                    int y = a[j];
                    if (!(x < y)) break;
                    a[j + 1] = y;
                    j--;
                }
                a[j + 1] = x;
            }
            return;
        }
        int mid = (lo + hi) >>> 1;
        msort(a, tmp, lo, mid);
        msort(a, tmp, mid, hi);
        int i = lo, j = mid, k = 0;
        while (i < mid && j < hi) {
            int x = a[j], y = a[i];
            if (x < y) tmp[k++] = a[j++];
            else tmp[k++] = a[i++];
        }
        while (i < mid) tmp[k++] = a[i++];
        while (j < hi) tmp[k++] = a[j++];
        System.arraycopy(tmp, 0, a, lo, k);
    }

    public static int binarySearch(int[] a, int key) { return binarySearch(a, 0, a.length, key); }

    public static int binarySearch(int[] a, int from, int to, int key) {
        int lo = from, hi = to - 1;
        while (lo <= hi) {
            int mid = (lo + hi) >>> 1;
            int v = a[mid];
            int c = Integer.compare(v, key);
            if (c < 0) lo = mid + 1;
            else if (c > 0) hi = mid - 1;
            else return mid;
        }
        return -(lo + 1);
    }

    public static String toString(long[] a) {
        if (a == null) return "null";
        int max = a.length - 1;
        if (max == -1) return "[]";
        StringBuilder b = new StringBuilder();
        b.append('[');
        for (int i = 0;; i++) {
            b.append(a[i]);
            if (i == max) return b.append(']').toString();
            b.append(", ");
        }
    }

    public static void fill(long[] a, long v) {
        for (int i = 0; i < a.length; i++) a[i] = v;
    }

    public static void fill(long[] a, int from, int to, long v) {
        rangeCheck(a.length, from, to);
        for (int i = from; i < to; i++) a[i] = v;
    }

    public static long[] copyOf(long[] a, int n) {
        long[] c = new long[n];
        System.arraycopy(a, 0, c, 0, Math.min(a.length, n));
        return c;
    }

    public static long[] copyOfRange(long[] a, int from, int to) {
        int n = to - from;
        if (n < 0) throw new IllegalArgumentException(from + " > " + to);
        long[] c = new long[n];
        System.arraycopy(a, from, c, 0, Math.min(a.length - from, n));
        return c;
    }

    public static boolean equals(long[] a, long[] b) {
        if (a == b) return true;
        if (a == null || b == null || a.length != b.length) return false;
        for (int i = 0; i < a.length; i++) if (a[i] != b[i]) return false;
        return true;
    }

    public static int hashCode(long[] a) {
        if (a == null) return 0;
        int h = 1;
        for (long e : a) h = 31 * h + Long.hashCode(e);
        return h;
    }

    public static void sort(long[] a) { sort(a, 0, a.length); }

    public static void sort(long[] a, int from, int to) {
        rangeCheck(a.length, from, to);
        if (to - from < 2) return;
        long[] tmp = new long[to - from];
        msort(a, tmp, from, to);
    }

    private static void msort(long[] a, long[] tmp, int lo, int hi) {
        if (hi - lo <= 16) {
            for (int i = lo + 1; i < hi; i++) {
                long x = a[i];
                int j = i - 1;
                while (j >= lo) {
                    long y = a[j];
                    if (!(x < y)) break;
                    a[j + 1] = y;
                    j--;
                }
                a[j + 1] = x;
            }
            return;
        }
        int mid = (lo + hi) >>> 1;
        msort(a, tmp, lo, mid);
        msort(a, tmp, mid, hi);
        int i = lo, j = mid, k = 0;
        while (i < mid && j < hi) {
            long x = a[j], y = a[i];
            if (x < y) tmp[k++] = a[j++];
            else tmp[k++] = a[i++];
        }
        while (i < mid) tmp[k++] = a[i++];
        while (j < hi) tmp[k++] = a[j++];
        System.arraycopy(tmp, 0, a, lo, k);
    }

    public static int binarySearch(long[] a, long key) { return binarySearch(a, 0, a.length, key); }

    public static int binarySearch(long[] a, int from, int to, long key) {
        int lo = from, hi = to - 1;
        while (lo <= hi) {
            int mid = (lo + hi) >>> 1;
            long v = a[mid];
            int c = Long.compare(v, key);
            if (c < 0) lo = mid + 1;
            else if (c > 0) hi = mid - 1;
            else return mid;
        }
        return -(lo + 1);
    }

    public static String toString(short[] a) {
        if (a == null) return "null";
        int max = a.length - 1;
        if (max == -1) return "[]";
        StringBuilder b = new StringBuilder();
        b.append('[');
        for (int i = 0;; i++) {
            b.append(a[i]);
            if (i == max) return b.append(']').toString();
            b.append(", ");
        }
    }

    public static void fill(short[] a, short v) {
        for (int i = 0; i < a.length; i++) a[i] = v;
    }

    public static void fill(short[] a, int from, int to, short v) {
        rangeCheck(a.length, from, to);
        for (int i = from; i < to; i++) a[i] = v;
    }

    public static short[] copyOf(short[] a, int n) {
        short[] c = new short[n];
        System.arraycopy(a, 0, c, 0, Math.min(a.length, n));
        return c;
    }

    public static short[] copyOfRange(short[] a, int from, int to) {
        int n = to - from;
        if (n < 0) throw new IllegalArgumentException(from + " > " + to);
        short[] c = new short[n];
        System.arraycopy(a, from, c, 0, Math.min(a.length - from, n));
        return c;
    }

    public static boolean equals(short[] a, short[] b) {
        if (a == b) return true;
        if (a == null || b == null || a.length != b.length) return false;
        for (int i = 0; i < a.length; i++) if (a[i] != b[i]) return false;
        return true;
    }

    public static int hashCode(short[] a) {
        if (a == null) return 0;
        int h = 1;
        for (short e : a) h = 31 * h + Short.hashCode(e);
        return h;
    }

    public static void sort(short[] a) { sort(a, 0, a.length); }

    public static void sort(short[] a, int from, int to) {
        rangeCheck(a.length, from, to);
        if (to - from < 2) return;
        short[] tmp = new short[to - from];
        msort(a, tmp, from, to);
    }

    private static void msort(short[] a, short[] tmp, int lo, int hi) {
        if (hi - lo <= 16) {
            for (int i = lo + 1; i < hi; i++) {
                short x = a[i];
                int j = i - 1;
                while (j >= lo) {
                    short y = a[j];
                    if (!(x < y)) break;
                    a[j + 1] = y;
                    j--;
                }
                a[j + 1] = x;
            }
            return;
        }
        int mid = (lo + hi) >>> 1;
        msort(a, tmp, lo, mid);
        msort(a, tmp, mid, hi);
        int i = lo, j = mid, k = 0;
        while (i < mid && j < hi) {
            short x = a[j], y = a[i];
            if (x < y) tmp[k++] = a[j++];
            else tmp[k++] = a[i++];
        }
        while (i < mid) tmp[k++] = a[i++];
        while (j < hi) tmp[k++] = a[j++];
        System.arraycopy(tmp, 0, a, lo, k);
    }

    public static int binarySearch(short[] a, short key) { return binarySearch(a, 0, a.length, key); }

    public static int binarySearch(short[] a, int from, int to, short key) {
        int lo = from, hi = to - 1;
        while (lo <= hi) {
            int mid = (lo + hi) >>> 1;
            short v = a[mid];
            int c = Short.compare(v, key);
            if (c < 0) lo = mid + 1;
            else if (c > 0) hi = mid - 1;
            else return mid;
        }
        return -(lo + 1);
    }

    public static String toString(char[] a) {
        if (a == null) return "null";
        int max = a.length - 1;
        if (max == -1) return "[]";
        StringBuilder b = new StringBuilder();
        b.append('[');
        for (int i = 0;; i++) {
            b.append(a[i]);
            if (i == max) return b.append(']').toString();
            b.append(", ");
        }
    }

    public static void fill(char[] a, char v) {
        for (int i = 0; i < a.length; i++) a[i] = v;
    }

    public static void fill(char[] a, int from, int to, char v) {
        rangeCheck(a.length, from, to);
        for (int i = from; i < to; i++) a[i] = v;
    }

    public static char[] copyOf(char[] a, int n) {
        char[] c = new char[n];
        System.arraycopy(a, 0, c, 0, Math.min(a.length, n));
        return c;
    }

    public static char[] copyOfRange(char[] a, int from, int to) {
        int n = to - from;
        if (n < 0) throw new IllegalArgumentException(from + " > " + to);
        char[] c = new char[n];
        System.arraycopy(a, from, c, 0, Math.min(a.length - from, n));
        return c;
    }

    public static boolean equals(char[] a, char[] b) {
        if (a == b) return true;
        if (a == null || b == null || a.length != b.length) return false;
        for (int i = 0; i < a.length; i++) if (a[i] != b[i]) return false;
        return true;
    }

    public static int hashCode(char[] a) {
        if (a == null) return 0;
        int h = 1;
        for (char e : a) h = 31 * h + Character.hashCode(e);
        return h;
    }

    public static void sort(char[] a) { sort(a, 0, a.length); }

    public static void sort(char[] a, int from, int to) {
        rangeCheck(a.length, from, to);
        if (to - from < 2) return;
        char[] tmp = new char[to - from];
        msort(a, tmp, from, to);
    }

    private static void msort(char[] a, char[] tmp, int lo, int hi) {
        if (hi - lo <= 16) {
            for (int i = lo + 1; i < hi; i++) {
                char x = a[i];
                int j = i - 1;
                while (j >= lo) {
                    char y = a[j];
                    if (!(x < y)) break;
                    a[j + 1] = y;
                    j--;
                }
                a[j + 1] = x;
            }
            return;
        }
        int mid = (lo + hi) >>> 1;
        msort(a, tmp, lo, mid);
        msort(a, tmp, mid, hi);
        int i = lo, j = mid, k = 0;
        while (i < mid && j < hi) {
            char x = a[j], y = a[i];
            if (x < y) tmp[k++] = a[j++];
            else tmp[k++] = a[i++];
        }
        while (i < mid) tmp[k++] = a[i++];
        while (j < hi) tmp[k++] = a[j++];
        System.arraycopy(tmp, 0, a, lo, k);
    }

    public static int binarySearch(char[] a, char key) { return binarySearch(a, 0, a.length, key); }

    public static int binarySearch(char[] a, int from, int to, char key) {
        int lo = from, hi = to - 1;
        while (lo <= hi) {
            int mid = (lo + hi) >>> 1;
            char v = a[mid];
            int c = Character.compare(v, key);
            if (c < 0) lo = mid + 1;
            else if (c > 0) hi = mid - 1;
            else return mid;
        }
        return -(lo + 1);
    }

    public static String toString(byte[] a) {
        if (a == null) return "null";
        int max = a.length - 1;
        if (max == -1) return "[]";
        StringBuilder b = new StringBuilder();
        b.append('[');
        for (int i = 0;; i++) {
            b.append(a[i]);
            if (i == max) return b.append(']').toString();
            b.append(", ");
        }
    }

    public static void fill(byte[] a, byte v) {
        for (int i = 0; i < a.length; i++) a[i] = v;
    }

    public static void fill(byte[] a, int from, int to, byte v) {
        rangeCheck(a.length, from, to);
        for (int i = from; i < to; i++) a[i] = v;
    }

    public static byte[] copyOf(byte[] a, int n) {
        byte[] c = new byte[n];
        System.arraycopy(a, 0, c, 0, Math.min(a.length, n));
        return c;
    }

    public static byte[] copyOfRange(byte[] a, int from, int to) {
        int n = to - from;
        if (n < 0) throw new IllegalArgumentException(from + " > " + to);
        byte[] c = new byte[n];
        System.arraycopy(a, from, c, 0, Math.min(a.length - from, n));
        return c;
    }

    public static boolean equals(byte[] a, byte[] b) {
        if (a == b) return true;
        if (a == null || b == null || a.length != b.length) return false;
        for (int i = 0; i < a.length; i++) if (a[i] != b[i]) return false;
        return true;
    }

    public static int hashCode(byte[] a) {
        if (a == null) return 0;
        int h = 1;
        for (byte e : a) h = 31 * h + Byte.hashCode(e);
        return h;
    }

    public static void sort(byte[] a) { sort(a, 0, a.length); }

    public static void sort(byte[] a, int from, int to) {
        rangeCheck(a.length, from, to);
        if (to - from < 2) return;
        byte[] tmp = new byte[to - from];
        msort(a, tmp, from, to);
    }

    private static void msort(byte[] a, byte[] tmp, int lo, int hi) {
        if (hi - lo <= 16) {
            for (int i = lo + 1; i < hi; i++) {
                byte x = a[i];
                int j = i - 1;
                while (j >= lo) {
                    byte y = a[j];
                    if (!(x < y)) break;
                    a[j + 1] = y;
                    j--;
                }
                a[j + 1] = x;
            }
            return;
        }
        int mid = (lo + hi) >>> 1;
        msort(a, tmp, lo, mid);
        msort(a, tmp, mid, hi);
        int i = lo, j = mid, k = 0;
        while (i < mid && j < hi) {
            byte x = a[j], y = a[i];
            if (x < y) tmp[k++] = a[j++];
            else tmp[k++] = a[i++];
        }
        while (i < mid) tmp[k++] = a[i++];
        while (j < hi) tmp[k++] = a[j++];
        System.arraycopy(tmp, 0, a, lo, k);
    }

    public static int binarySearch(byte[] a, byte key) { return binarySearch(a, 0, a.length, key); }

    public static int binarySearch(byte[] a, int from, int to, byte key) {
        int lo = from, hi = to - 1;
        while (lo <= hi) {
            int mid = (lo + hi) >>> 1;
            byte v = a[mid];
            int c = Byte.compare(v, key);
            if (c < 0) lo = mid + 1;
            else if (c > 0) hi = mid - 1;
            else return mid;
        }
        return -(lo + 1);
    }

    public static String toString(float[] a) {
        if (a == null) return "null";
        int max = a.length - 1;
        if (max == -1) return "[]";
        StringBuilder b = new StringBuilder();
        b.append('[');
        for (int i = 0;; i++) {
            b.append(a[i]);
            if (i == max) return b.append(']').toString();
            b.append(", ");
        }
    }

    public static void fill(float[] a, float v) {
        for (int i = 0; i < a.length; i++) a[i] = v;
    }

    public static void fill(float[] a, int from, int to, float v) {
        rangeCheck(a.length, from, to);
        for (int i = from; i < to; i++) a[i] = v;
    }

    public static float[] copyOf(float[] a, int n) {
        float[] c = new float[n];
        System.arraycopy(a, 0, c, 0, Math.min(a.length, n));
        return c;
    }

    public static float[] copyOfRange(float[] a, int from, int to) {
        int n = to - from;
        if (n < 0) throw new IllegalArgumentException(from + " > " + to);
        float[] c = new float[n];
        System.arraycopy(a, from, c, 0, Math.min(a.length - from, n));
        return c;
    }

    public static boolean equals(float[] a, float[] b) {
        if (a == b) return true;
        if (a == null || b == null || a.length != b.length) return false;
        for (int i = 0; i < a.length; i++) if (Float.compare(a[i], b[i]) != 0) return false;
        return true;
    }

    public static int hashCode(float[] a) {
        if (a == null) return 0;
        int h = 1;
        for (float e : a) h = 31 * h + Float.hashCode(e);
        return h;
    }

    public static void sort(float[] a) { sort(a, 0, a.length); }

    public static void sort(float[] a, int from, int to) {
        rangeCheck(a.length, from, to);
        if (to - from < 2) return;
        float[] tmp = new float[to - from];
        msort(a, tmp, from, to);
    }

    private static void msort(float[] a, float[] tmp, int lo, int hi) {
        if (hi - lo <= 16) {
            for (int i = lo + 1; i < hi; i++) {
                float x = a[i];
                int j = i - 1;
                while (j >= lo) {
                    float y = a[j];
                    if (!(Float.compare(x, y) < 0)) break;
                    a[j + 1] = y;
                    j--;
                }
                a[j + 1] = x;
            }
            return;
        }
        int mid = (lo + hi) >>> 1;
        msort(a, tmp, lo, mid);
        msort(a, tmp, mid, hi);
        int i = lo, j = mid, k = 0;
        while (i < mid && j < hi) {
            float x = a[j], y = a[i];
            if (Float.compare(x, y) < 0) tmp[k++] = a[j++];
            else tmp[k++] = a[i++];
        }
        while (i < mid) tmp[k++] = a[i++];
        while (j < hi) tmp[k++] = a[j++];
        System.arraycopy(tmp, 0, a, lo, k);
    }

    public static int binarySearch(float[] a, float key) { return binarySearch(a, 0, a.length, key); }

    public static int binarySearch(float[] a, int from, int to, float key) {
        int lo = from, hi = to - 1;
        while (lo <= hi) {
            int mid = (lo + hi) >>> 1;
            float v = a[mid];
            int c = Float.compare(v, key);
            if (c < 0) lo = mid + 1;
            else if (c > 0) hi = mid - 1;
            else return mid;
        }
        return -(lo + 1);
    }

    public static String toString(double[] a) {
        if (a == null) return "null";
        int max = a.length - 1;
        if (max == -1) return "[]";
        StringBuilder b = new StringBuilder();
        b.append('[');
        for (int i = 0;; i++) {
            b.append(a[i]);
            if (i == max) return b.append(']').toString();
            b.append(", ");
        }
    }

    public static void fill(double[] a, double v) {
        for (int i = 0; i < a.length; i++) a[i] = v;
    }

    public static void fill(double[] a, int from, int to, double v) {
        rangeCheck(a.length, from, to);
        for (int i = from; i < to; i++) a[i] = v;
    }

    public static double[] copyOf(double[] a, int n) {
        double[] c = new double[n];
        System.arraycopy(a, 0, c, 0, Math.min(a.length, n));
        return c;
    }

    public static double[] copyOfRange(double[] a, int from, int to) {
        int n = to - from;
        if (n < 0) throw new IllegalArgumentException(from + " > " + to);
        double[] c = new double[n];
        System.arraycopy(a, from, c, 0, Math.min(a.length - from, n));
        return c;
    }

    public static boolean equals(double[] a, double[] b) {
        if (a == b) return true;
        if (a == null || b == null || a.length != b.length) return false;
        for (int i = 0; i < a.length; i++) if (Double.compare(a[i], b[i]) != 0) return false;
        return true;
    }

    public static int hashCode(double[] a) {
        if (a == null) return 0;
        int h = 1;
        for (double e : a) h = 31 * h + Double.hashCode(e);
        return h;
    }

    public static void sort(double[] a) { sort(a, 0, a.length); }

    public static void sort(double[] a, int from, int to) {
        rangeCheck(a.length, from, to);
        if (to - from < 2) return;
        double[] tmp = new double[to - from];
        msort(a, tmp, from, to);
    }

    private static void msort(double[] a, double[] tmp, int lo, int hi) {
        if (hi - lo <= 16) {
            for (int i = lo + 1; i < hi; i++) {
                double x = a[i];
                int j = i - 1;
                while (j >= lo) {
                    double y = a[j];
                    if (!(Double.compare(x, y) < 0)) break;
                    a[j + 1] = y;
                    j--;
                }
                a[j + 1] = x;
            }
            return;
        }
        int mid = (lo + hi) >>> 1;
        msort(a, tmp, lo, mid);
        msort(a, tmp, mid, hi);
        int i = lo, j = mid, k = 0;
        while (i < mid && j < hi) {
            double x = a[j], y = a[i];
            if (Double.compare(x, y) < 0) tmp[k++] = a[j++];
            else tmp[k++] = a[i++];
        }
        while (i < mid) tmp[k++] = a[i++];
        while (j < hi) tmp[k++] = a[j++];
        System.arraycopy(tmp, 0, a, lo, k);
    }

    public static int binarySearch(double[] a, double key) { return binarySearch(a, 0, a.length, key); }

    public static int binarySearch(double[] a, int from, int to, double key) {
        int lo = from, hi = to - 1;
        while (lo <= hi) {
            int mid = (lo + hi) >>> 1;
            double v = a[mid];
            int c = Double.compare(v, key);
            if (c < 0) lo = mid + 1;
            else if (c > 0) hi = mid - 1;
            else return mid;
        }
        return -(lo + 1);
    }

    public static String toString(boolean[] a) {
        if (a == null) return "null";
        int max = a.length - 1;
        if (max == -1) return "[]";
        StringBuilder b = new StringBuilder();
        b.append('[');
        for (int i = 0;; i++) {
            b.append(a[i]);
            if (i == max) return b.append(']').toString();
            b.append(", ");
        }
    }

    public static void fill(boolean[] a, boolean v) {
        for (int i = 0; i < a.length; i++) a[i] = v;
    }

    public static void fill(boolean[] a, int from, int to, boolean v) {
        rangeCheck(a.length, from, to);
        for (int i = from; i < to; i++) a[i] = v;
    }

    public static boolean[] copyOf(boolean[] a, int n) {
        boolean[] c = new boolean[n];
        System.arraycopy(a, 0, c, 0, Math.min(a.length, n));
        return c;
    }

    public static boolean[] copyOfRange(boolean[] a, int from, int to) {
        int n = to - from;
        if (n < 0) throw new IllegalArgumentException(from + " > " + to);
        boolean[] c = new boolean[n];
        System.arraycopy(a, from, c, 0, Math.min(a.length - from, n));
        return c;
    }

    public static boolean equals(boolean[] a, boolean[] b) {
        if (a == b) return true;
        if (a == null || b == null || a.length != b.length) return false;
        for (int i = 0; i < a.length; i++) if (a[i] != b[i]) return false;
        return true;
    }

    public static int hashCode(boolean[] a) {
        if (a == null) return 0;
        int h = 1;
        for (boolean e : a) h = 31 * h + Boolean.hashCode(e);
        return h;
    }

    public static String toString(Object[] a) {
        if (a == null) return "null";
        int max = a.length - 1;
        if (max == -1) return "[]";
        StringBuilder b = new StringBuilder();
        b.append('[');
        for (int i = 0;; i++) {
            b.append(String.valueOf(a[i]));
            if (i == max) return b.append(']').toString();
            b.append(", ");
        }
    }

    public static String deepToString(Object[] a) {
        if (a == null) return "null";
        StringBuilder b = new StringBuilder();
        deepToString(a, b, new ArrayList<Object[]>());
        return b.toString();
    }

    private static void deepToString(Object[] a, StringBuilder b, ArrayList<Object[]> seen) {
        if (a == null) {
            b.append("null");
            return;
        }
        seen.add(a);
        b.append('[');
        for (int i = 0; i < a.length; i++) {
            if (i > 0) b.append(", ");
            Object e = a[i];
            if (e == null) b.append("null");
            else if (e instanceof Object[]) {
                if (seen.contains(e)) b.append("[...]");
                else deepToString((Object[]) e, b, seen);
            }
            else if (e instanceof int[]) b.append(toString((int[]) e));
            else if (e instanceof long[]) b.append(toString((long[]) e));
            else if (e instanceof double[]) b.append(toString((double[]) e));
            else if (e instanceof char[]) b.append(toString((char[]) e));
            else if (e instanceof boolean[]) b.append(toString((boolean[]) e));
            else if (e instanceof byte[]) b.append(toString((byte[]) e));
            else if (e instanceof short[]) b.append(toString((short[]) e));
            else if (e instanceof float[]) b.append(toString((float[]) e));
            else b.append(e.toString());
        }
        b.append(']');
        seen.remove(seen.size() - 1);
    }

    public static void fill(Object[] a, Object v) {
        for (int i = 0; i < a.length; i++) a[i] = v;
    }

    public static void fill(Object[] a, int from, int to, Object v) {
        rangeCheck(a.length, from, to);
        for (int i = from; i < to; i++) a[i] = v;
    }

    @SuppressWarnings("unchecked")
    public static <T> T[] copyOf(T[] a, int n) {
        T[] c = (T[]) phantom.lang.Natives.newArrayLike(a, n);
        System.arraycopy(a, 0, c, 0, Math.min(a.length, n));
        return c;
    }

    @SuppressWarnings("unchecked")
    public static <T> T[] copyOfRange(T[] a, int from, int to) {
        int n = to - from;
        if (n < 0) throw new IllegalArgumentException(from + " > " + to);
        T[] c = (T[]) phantom.lang.Natives.newArrayLike(a, n);
        System.arraycopy(a, from, c, 0, Math.min(a.length - from, n));
        return c;
    }

    public static boolean equals(Object[] a, Object[] b) {
        if (a == b) return true;
        if (a == null || b == null || a.length != b.length) return false;
        for (int i = 0; i < a.length; i++) if (!Objects.equals(a[i], b[i])) return false;
        return true;
    }

    public static boolean deepEquals(Object[] a, Object[] b) {
        if (a == b) return true;
        if (a == null || b == null || a.length != b.length) return false;
        for (int i = 0; i < a.length; i++) {
            Object x = a[i], y = b[i];
            if (x == y) continue;
            if (x == null || y == null) return false;
            boolean eq;
            if (x instanceof Object[] && y instanceof Object[]) eq = deepEquals((Object[]) x, (Object[]) y);
            else if (x instanceof int[] && y instanceof int[]) eq = equals((int[]) x, (int[]) y);
            else if (x instanceof long[] && y instanceof long[]) eq = equals((long[]) x, (long[]) y);
            else if (x instanceof double[] && y instanceof double[]) eq = equals((double[]) x, (double[]) y);
            else if (x instanceof char[] && y instanceof char[]) eq = equals((char[]) x, (char[]) y);
            else eq = x.equals(y);
            if (!eq) return false;
        }
        return true;
    }

    public static int hashCode(Object[] a) {
        if (a == null) return 0;
        int h = 1;
        for (Object e : a) h = 31 * h + (e == null ? 0 : e.hashCode());
        return h;
    }

    public static int deepHashCode(Object[] a) {
        if (a == null) return 0;
        int h = 1;
        for (Object e : a) {
            int eh;
            if (e instanceof Object[]) eh = deepHashCode((Object[]) e);
            else if (e instanceof int[]) eh = hashCode((int[]) e);
            else eh = e == null ? 0 : e.hashCode();
            h = 31 * h + eh;
        }
        return h;
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    public static void sort(Object[] a) { sort(a, 0, a.length, (Comparator) null); }

    @SuppressWarnings({"unchecked", "rawtypes"})
    public static void sort(Object[] a, int from, int to) { sort(a, from, to, (Comparator) null); }

    public static <T> void sort(T[] a, Comparator<? super T> c) { sort(a, 0, a.length, c); }

    /** A stable merge sort (as the JDK's TimSort is stable, results are the same). */
    @SuppressWarnings("unchecked")
    public static <T> void sort(T[] a, int from, int to, Comparator<? super T> c) {
        rangeCheck(a.length, from, to);
        if (to - from < 2) return;
        Object[] tmp = new Object[to - from];
        msort((Object[]) a, tmp, from, to, (Comparator<Object>) c);
    }

    @SuppressWarnings("unchecked")
    private static int cmp(Object x, Object y, Comparator<Object> c) {
        if (c != null) return c.compare(x, y);
        return ((Comparable<Object>) x).compareTo(y);
    }

    private static void msort(Object[] a, Object[] tmp, int lo, int hi, Comparator<Object> c) {
        if (hi - lo <= 12) {
            for (int i = lo + 1; i < hi; i++) {
                Object x = a[i];
                int j = i - 1;
                while (j >= lo && cmp(x, a[j], c) < 0) {
                    a[j + 1] = a[j];
                    j--;
                }
                a[j + 1] = x;
            }
            return;
        }
        int mid = (lo + hi) >>> 1;
        msort(a, tmp, lo, mid, c);
        msort(a, tmp, mid, hi, c);
        if (cmp(a[mid], a[mid - 1], c) >= 0) return;
        int i = lo, j = mid, k = 0;
        while (i < mid && j < hi) {
            if (cmp(a[j], a[i], c) < 0) tmp[k++] = a[j++];
            else tmp[k++] = a[i++];
        }
        while (i < mid) tmp[k++] = a[i++];
        while (j < hi) tmp[k++] = a[j++];
        System.arraycopy(tmp, 0, a, lo, k);
    }

    public static int binarySearch(Object[] a, Object key) { return binarySearch(a, 0, a.length, key, null); }

    public static <T> int binarySearch(T[] a, T key, Comparator<? super T> c) { return binarySearch(a, 0, a.length, key, c); }

    @SuppressWarnings("unchecked")
    public static <T> int binarySearch(T[] a, int from, int to, T key, Comparator<? super T> c) {
        int lo = from, hi = to - 1;
        while (lo <= hi) {
            int mid = (lo + hi) >>> 1;
            int r = cmp(a[mid], key, (Comparator<Object>) c);
            if (r < 0) lo = mid + 1;
            else if (r > 0) hi = mid - 1;
            else return mid;
        }
        return -(lo + 1);
    }

    @SafeVarargs
    public static <T> List<T> asList(T... a) { return new ArrayAsList<>(a); }

    private static final class ArrayAsList<E> extends AbstractList<E> implements RandomAccess, java.io.Serializable {
        private final E[] a;
        ArrayAsList(E[] array) { a = Objects.requireNonNull(array); }
        public int size() { return a.length; }
        public E get(int i) { return a[i]; }
        public E set(int i, E e) {
            E old = a[i];
            a[i] = e;
            return old;
        }
        public Object[] toArray() {
            Object[] c = new Object[a.length];
            System.arraycopy(a, 0, c, 0, a.length);
            return c;
        }
        public int indexOf(Object o) {
            for (int i = 0; i < a.length; i++) if (Objects.equals(o, a[i])) return i;
            return -1;
        }
        public boolean contains(Object o) { return indexOf(o) >= 0; }
        public void sort(Comparator<? super E> c) { Arrays.sort(a, c); }
    }

    public static <T> void setAll(T[] a, IntFunction<? extends T> f) {
        for (int i = 0; i < a.length; i++) a[i] = f.apply(i);
    }
    public static void setAll(int[] a, IntUnaryOperator f) {
        for (int i = 0; i < a.length; i++) a[i] = f.applyAsInt(i);
    }
    public static void setAll(long[] a, IntToLongFunction f) {
        for (int i = 0; i < a.length; i++) a[i] = f.applyAsLong(i);
    }
    public static void setAll(double[] a, IntToDoubleFunction f) {
        for (int i = 0; i < a.length; i++) a[i] = f.applyAsDouble(i);
    }

    public static <T> java.util.stream.Stream<T> stream(T[] a) { return java.util.stream.Sources.of(a, 0, a.length); }
    public static <T> java.util.stream.Stream<T> stream(T[] a, int from, int to) {
        streamRangeCheck(a.length, from, to);
        return java.util.stream.Sources.of(a, from, to);
    }
    public static java.util.stream.IntStream stream(int[] a) { return java.util.stream.Sources.of(a, 0, a.length); }
    public static java.util.stream.IntStream stream(int[] a, int from, int to) {
        streamRangeCheck(a.length, from, to);
        return java.util.stream.Sources.of(a, from, to);
    }
    public static java.util.stream.LongStream stream(long[] a) { return java.util.stream.Sources.of(a, 0, a.length); }
    public static java.util.stream.LongStream stream(long[] a, int from, int to) {
        streamRangeCheck(a.length, from, to);
        return java.util.stream.Sources.of(a, from, to);
    }
    public static java.util.stream.DoubleStream stream(double[] a) { return java.util.stream.Sources.of(a, 0, a.length); }
    public static java.util.stream.DoubleStream stream(double[] a, int from, int to) {
        streamRangeCheck(a.length, from, to);
        return java.util.stream.Sources.of(a, from, to);
    }

    private static void streamRangeCheck(int length, int from, int to) {
        if (from > to) throw new ArrayIndexOutOfBoundsException("origin(" + from + ") > fence(" + to + ")");
        if (from < 0) throw new ArrayIndexOutOfBoundsException("Array index out of range: " + from);
        if (to > length) throw new ArrayIndexOutOfBoundsException("Array index out of range: " + to);
    }

    /** Parallel sorts run sequentially here (same result). */
    public static void parallelSort(int[] a) { sort(a); }
    public static void parallelSort(long[] a) { sort(a); }
    public static void parallelSort(double[] a) { sort(a); }
    public static void parallelSort(char[] a) { sort(a); }
    public static void parallelSort(int[] a, int from, int to) { sort(a, from, to); }
    public static <T extends Comparable<? super T>> void parallelSort(T[] a) { sort(a); }
    public static <T> void parallelSort(T[] a, Comparator<? super T> c) { sort(a, c); }

    public static void parallelPrefix(int[] a, java.util.function.IntBinaryOperator op) {
        for (int i = 1; i < a.length; i++) a[i] = op.applyAsInt(a[i - 1], a[i]);
    }
    public static void parallelPrefix(long[] a, java.util.function.LongBinaryOperator op) {
        for (int i = 1; i < a.length; i++) a[i] = op.applyAsLong(a[i - 1], a[i]);
    }
    public static void parallelPrefix(double[] a, java.util.function.DoubleBinaryOperator op) {
        for (int i = 1; i < a.length; i++) a[i] = op.applyAsDouble(a[i - 1], a[i]);
    }
    public static <T> void parallelPrefix(T[] a, java.util.function.BinaryOperator<T> op) {
        for (int i = 1; i < a.length; i++) a[i] = op.apply(a[i - 1], a[i]);
    }
    public static <T> void parallelSetAll(T[] a, IntFunction<? extends T> f) { setAll(a, f); }
    public static void parallelSetAll(int[] a, IntUnaryOperator f) { setAll(a, f); }

    public static int mismatch(int[] a, int[] b) {
        int n = Math.min(a.length, b.length);
        for (int i = 0; i < n; i++) if (a[i] != b[i]) return i;
        return a.length == b.length ? -1 : n;
    }

    public static <T> int mismatch(T[] a, T[] b) {
        int n = Math.min(a.length, b.length);
        for (int i = 0; i < n; i++) if (!Objects.equals(a[i], b[i])) return i;
        return a.length == b.length ? -1 : n;
    }

    public static int compare(int[] a, int[] b) {
        if (a == b) return 0;
        if (a == null || b == null) return a == null ? -1 : 1;
        int i = mismatch(a, b);
        if (i >= 0 && i < Math.min(a.length, b.length)) return Integer.compare(a[i], b[i]);
        return a.length - b.length;
    }

    public static <T extends Comparable<? super T>> int compare(T[] a, T[] b) {
        if (a == b) return 0;
        if (a == null || b == null) return a == null ? -1 : 1;
        int n = Math.min(a.length, b.length);
        for (int i = 0; i < n; i++) {
            T x = a[i], y = b[i];
            if (x != y) {
                if (x == null || y == null) return x == null ? -1 : 1;
                int c = x.compareTo(y);
                if (c != 0) return c;
            }
        }
        return a.length - b.length;
    }
}
