package java.math;

import java.util.Random;

/**
 * Integers of any size: a sign and a magnitude of 32-bit words, least
 * significant first. Bitwise operations work on the infinite two's
 * complement form, as the JDK's do.
 */
public class BigInteger extends Number implements Comparable<BigInteger> {
    private static final long M = 0xFFFFFFFFL;
    private static final int[] NONE = new int[0];

    /** -1, 0 or 1. */
    private final int signum;
    /** The magnitude, least significant word first, with no zero word on top. */
    private final int[] mag;

    public static final BigInteger ZERO = new BigInteger(0, NONE);
    public static final BigInteger ONE = valueOf(1);
    public static final BigInteger TWO = valueOf(2);
    public static final BigInteger TEN = valueOf(10);

    private BigInteger(int signum, int[] mag) {
        int n = mag.length;
        while (n > 0 && mag[n - 1] == 0) n--;
        if (n != mag.length) mag = java.util.Arrays.copyOf(mag, n);
        this.mag = mag;
        this.signum = n == 0 ? 0 : signum;
    }

    public static BigInteger valueOf(long v) {
        if (v == 0) return ZERO;
        long a = v < 0 ? -v : v; // Long.MIN_VALUE stays itself: its unsigned value is right
        int[] m = (a >>> 32) != 0 ? new int[] {(int) a, (int) (a >>> 32)} : new int[] {(int) a};
        return new BigInteger(v < 0 ? -1 : 1, m);
    }

    public BigInteger(String val) { this(val, 10); }

    public BigInteger(String val, int radix) {
        if (radix < Character.MIN_RADIX || radix > Character.MAX_RADIX) throw new NumberFormatException("Radix out of range");
        int len = val.length();
        if (len == 0) throw new NumberFormatException("Zero length BigInteger");
        int sign = 1;
        int cursor = 0;
        int minus = val.lastIndexOf('-');
        int plus = val.lastIndexOf('+');
        if (minus >= 0) {
            if (minus != 0 || plus >= 0) throw new NumberFormatException("Illegal embedded sign character");
            sign = -1;
            cursor = 1;
        } else if (plus >= 0) {
            if (plus != 0) throw new NumberFormatException("Illegal embedded sign character");
            cursor = 1;
        }
        if (cursor == len) throw new NumberFormatException("Zero length BigInteger");
        while (cursor < len && Character.digit(val.charAt(cursor), radix) == 0) cursor++;
        if (cursor == len) {
            signum = 0;
            mag = NONE;
            return;
        }
        // Groups of as many digits as an int holds, the first one shorter.
        int per = digitsPerInt(radix);
        int groupRadix = 1;
        for (int i = 0; i < per; i++) groupRadix *= radix;
        int numDigits = len - cursor;
        int first = numDigits % per;
        if (first == 0) first = per;
        int[] m = new int[numDigits / per + 2];
        String group = val.substring(cursor, cursor += first);
        m[0] = Integer.parseInt(group, radix);
        if (m[0] < 0) throw new NumberFormatException("Illegal digit");
        while (cursor < len) {
            group = val.substring(cursor, cursor += per);
            int g = Integer.parseInt(group, radix);
            if (g < 0) throw new NumberFormatException("Illegal digit");
            mulAddInPlace(m, groupRadix, g);
        }
        BigInteger r = new BigInteger(sign, m);
        signum = r.signum;
        mag = r.mag;
    }

    /** A random number of numBits bits (the JDK's use of the generator, so the same numbers for the same seed). */
    public BigInteger(int numBits, Random rnd) {
        if (numBits < 0) throw new IllegalArgumentException("numBits must be non-negative");
        int numBytes = (int) (((long) numBits + 7) / 8);
        byte[] bytes = new byte[numBytes];
        if (numBytes > 0) {
            rnd.nextBytes(bytes);
            int excess = 8 * numBytes - numBits;
            bytes[0] &= (byte) ((1 << (8 - excess)) - 1);
        }
        BigInteger r = fromBytes(1, bytes);
        signum = r.signum;
        mag = r.mag;
    }

    /** From a big-endian two's complement byte array. */
    public BigInteger(byte[] val) {
        if (val.length == 0) throw new NumberFormatException("Zero length BigInteger");
        BigInteger r;
        if (val[0] < 0) {
            byte[] neg = new byte[val.length];
            int carry = 1;
            for (int i = val.length - 1; i >= 0; i--) {
                int b = (~val[i] & 0xff) + carry;
                neg[i] = (byte) b;
                carry = b >>> 8;
            }
            r = fromBytes(-1, neg);
        } else {
            r = fromBytes(1, val);
        }
        signum = r.signum;
        mag = r.mag;
    }

    public BigInteger(int signum, byte[] magnitude) {
        if (signum < -1 || signum > 1) throw new NumberFormatException("Invalid signum value");
        BigInteger r = fromBytes(signum, magnitude);
        for (byte b : magnitude) {
            if (b != 0 && signum == 0) throw new NumberFormatException("signum-magnitude mismatch");
        }
        this.signum = r.signum;
        this.mag = r.mag;
    }

    private static BigInteger fromBytes(int sign, byte[] b) {
        int[] m = new int[(b.length + 3) / 4];
        for (int i = 0; i < b.length; i++) {
            int k = b.length - 1 - i;
            m[k / 4] |= (b[i] & 0xff) << (8 * (k % 4));
        }
        return new BigInteger(sign, m);
    }

    private static int digitsPerInt(int radix) {
        int k = 0;
        long p = 1;
        while (p * radix <= Integer.MAX_VALUE) {
            p *= radix;
            k++;
        }
        return k;
    }

    /** m = m * mul + add, in place (m has room). */
    private static void mulAddInPlace(int[] m, int mul, int add) {
        long carry = add & M;
        long f = mul & M;
        for (int i = 0; i < m.length; i++) {
            long p = (m[i] & M) * f + carry;
            m[i] = (int) p;
            carry = p >>> 32;
        }
    }

    // -------------------------------------------------------- magnitude ops

    private static int compareMag(int[] a, int[] b) {
        if (a.length != b.length) return a.length < b.length ? -1 : 1;
        for (int i = a.length - 1; i >= 0; i--) {
            if (a[i] != b[i]) return (a[i] & M) < (b[i] & M) ? -1 : 1;
        }
        return 0;
    }

    private static int[] addMag(int[] a, int[] b) {
        if (a.length < b.length) {
            int[] t = a;
            a = b;
            b = t;
        }
        int[] r = new int[a.length + 1];
        long carry = 0;
        for (int i = 0; i < a.length; i++) {
            long s = (a[i] & M) + (i < b.length ? (b[i] & M) : 0) + carry;
            r[i] = (int) s;
            carry = s >>> 32;
        }
        r[a.length] = (int) carry;
        return r;
    }

    /** a - b, a >= b. */
    private static int[] subMag(int[] a, int[] b) {
        int[] r = new int[a.length];
        long borrow = 0;
        for (int i = 0; i < a.length; i++) {
            long d = (a[i] & M) - (i < b.length ? (b[i] & M) : 0) - borrow;
            r[i] = (int) d;
            borrow = d < 0 ? 1 : 0;
        }
        return r;
    }

    private static int[] mulMag(int[] a, int[] b) {
        if (a.length == 0 || b.length == 0) return NONE;
        int[] r = new int[a.length + b.length];
        for (int i = 0; i < a.length; i++) {
            long carry = 0;
            long ai = a[i] & M;
            if (ai == 0) continue;
            for (int j = 0; j < b.length; j++) {
                long p = ai * (b[j] & M) + (r[i + j] & M) + carry;
                r[i + j] = (int) p;
                carry = p >>> 32;
            }
            r[i + b.length] = (int) carry;
        }
        return r;
    }

    /** {quotient, remainder} of magnitudes (v not zero). */
    private static int[][] divMag(int[] u, int[] v) {
        if (compareMag(u, v) < 0) return new int[][] {NONE, u};
        int n = v.length;
        if (n == 1) {
            long d = v[0] & M;
            int[] q = new int[u.length];
            long rem = 0;
            for (int i = u.length - 1; i >= 0; i--) {
                long cur = (rem << 32) | (u[i] & M);
                q[i] = (int) Long.divideUnsigned(cur, d);
                rem = Long.remainderUnsigned(cur, d);
            }
            return new int[][] {q, new int[] {(int) rem}};
        }
        // Knuth's algorithm D, with the divisor's top word normalized to have its high bit set.
        int m = u.length - n;
        int s = Integer.numberOfLeadingZeros(v[n - 1]);
        int[] vn = shiftLeftWords(v, s, n);
        int[] un = shiftLeftWords(u, s, u.length + 1);
        int[] q = new int[m + 1];
        long vTop = vn[n - 1] & M;
        long vNext = vn[n - 2] & M;
        for (int j = m; j >= 0; j--) {
            long num = ((un[j + n] & M) << 32) | (un[j + n - 1] & M);
            long qhat = Long.divideUnsigned(num, vTop);
            long rhat = num - qhat * vTop;
            while (qhat > M || Long.compareUnsigned(qhat * vNext, (rhat << 32) | (un[j + n - 2] & M)) > 0) {
                qhat--;
                rhat += vTop;
                if (rhat > M) break;
            }
            long k = 0;
            for (int i = 0; i < n; i++) {
                long p = qhat * (vn[i] & M);
                long t = (un[i + j] & M) - k - (p & M);
                un[i + j] = (int) t;
                k = (p >>> 32) - (t >> 32);
            }
            long t = (un[j + n] & M) - k;
            un[j + n] = (int) t;
            if (t < 0) {
                qhat--;
                long c = 0;
                for (int i = 0; i < n; i++) {
                    long sum = (un[i + j] & M) + (vn[i] & M) + c;
                    un[i + j] = (int) sum;
                    c = sum >>> 32;
                }
                un[j + n] += (int) c;
            }
            q[j] = (int) qhat;
        }
        int[] r = new int[n];
        for (int i = 0; i < n; i++) {
            r[i] = s == 0 ? un[i] : (un[i] >>> s) | (un[i + 1] << (32 - s));
        }
        return new int[][] {q, r};
    }

    /** a << s (0 <= s < 32) in a new array of `len` words. */
    private static int[] shiftLeftWords(int[] a, int s, int len) {
        int[] r = new int[len];
        if (s == 0) {
            System.arraycopy(a, 0, r, 0, Math.min(a.length, len));
            return r;
        }
        int carry = 0;
        for (int i = 0; i < a.length; i++) {
            r[i] = (a[i] << s) | carry;
            carry = a[i] >>> (32 - s);
        }
        if (a.length < len) r[a.length] = carry;
        return r;
    }

    private static int[] shiftLeftMag(int[] a, int n) {
        int words = n >>> 5, bits = n & 31;
        int[] r = new int[a.length + words + 1];
        for (int i = 0; i < a.length; i++) {
            long w = (a[i] & M) << bits;
            r[i + words] |= (int) w;
            r[i + words + 1] |= (int) (w >>> 32);
        }
        return r;
    }

    private static int[] shiftRightMag(int[] a, int n) {
        int words = n >>> 5, bits = n & 31;
        if (words >= a.length) return NONE;
        int[] r = new int[a.length - words];
        for (int i = 0; i < r.length; i++) {
            long lo = a[i + words] & M;
            long hi = i + words + 1 < a.length ? (a[i + words + 1] & M) : 0;
            r[i] = (int) (((hi << 32) | lo) >>> bits);
        }
        return r;
    }

    /** Whether a bit below position n is set in the magnitude. */
    private static boolean lowBitsSet(int[] a, int n) {
        int words = n >>> 5, bits = n & 31;
        for (int i = 0; i < words && i < a.length; i++) if (a[i] != 0) return true;
        return bits != 0 && words < a.length && (a[words] & ((1 << bits) - 1)) != 0;
    }

    // ------------------------------------------------------------ arithmetic

    public int signum() { return signum; }
    public BigInteger negate() { return signum == 0 ? this : new BigInteger(-signum, mag); }
    public BigInteger abs() { return signum >= 0 ? this : negate(); }

    public BigInteger add(BigInteger val) {
        if (val.signum == 0) return this;
        if (signum == 0) return val;
        if (signum == val.signum) return new BigInteger(signum, addMag(mag, val.mag));
        int c = compareMag(mag, val.mag);
        if (c == 0) return ZERO;
        return c > 0 ? new BigInteger(signum, subMag(mag, val.mag)) : new BigInteger(val.signum, subMag(val.mag, mag));
    }

    public BigInteger subtract(BigInteger val) { return add(val.negate()); }

    public BigInteger multiply(BigInteger val) {
        if (signum == 0 || val.signum == 0) return ZERO;
        return new BigInteger(signum * val.signum, mulMag(mag, val.mag));
    }

    public BigInteger[] divideAndRemainder(BigInteger val) {
        if (val.signum == 0) throw new ArithmeticException("BigInteger divide by zero");
        int[][] qr = divMag(mag, val.mag);
        return new BigInteger[] {new BigInteger(signum * val.signum, qr[0]), new BigInteger(signum, qr[1])};
    }

    public BigInteger divide(BigInteger val) { return divideAndRemainder(val)[0]; }
    public BigInteger remainder(BigInteger val) { return divideAndRemainder(val)[1]; }

    public BigInteger mod(BigInteger m) {
        if (m.signum <= 0) throw new ArithmeticException("BigInteger: modulus not positive");
        BigInteger r = remainder(m);
        return r.signum >= 0 ? r : r.add(m);
    }

    public BigInteger pow(int exponent) {
        if (exponent < 0) throw new ArithmeticException("Negative exponent");
        BigInteger result = ONE;
        BigInteger base = this;
        while (exponent != 0) {
            if ((exponent & 1) != 0) result = result.multiply(base);
            exponent >>>= 1;
            if (exponent != 0) base = base.multiply(base);
        }
        return result;
    }

    public BigInteger modPow(BigInteger exponent, BigInteger m) {
        if (m.signum <= 0) throw new ArithmeticException("BigInteger: modulus not positive");
        if (exponent.signum < 0) return modInverse(m).modPow(exponent.negate(), m);
        if (m.equals(ONE)) return ZERO;
        BigInteger result = ONE;
        BigInteger base = mod(m);
        for (int i = 0, n = exponent.bitLength(); i < n; i++) {
            if (exponent.testBit(i)) result = result.multiply(base).mod(m);
            base = base.multiply(base).mod(m);
        }
        return result;
    }

    public BigInteger modInverse(BigInteger m) {
        if (m.signum <= 0) throw new ArithmeticException("BigInteger: modulus not positive");
        if (m.equals(ONE)) return ZERO;
        BigInteger a = mod(m), b = m;
        BigInteger x0 = ONE, x1 = ZERO;
        while (b.signum != 0) {
            BigInteger[] qr = a.divideAndRemainder(b);
            BigInteger t = x0.subtract(qr[0].multiply(x1));
            x0 = x1;
            x1 = t;
            a = b;
            b = qr[1];
        }
        if (!a.equals(ONE)) throw new ArithmeticException("BigInteger not invertible.");
        return x0.mod(m);
    }

    public BigInteger gcd(BigInteger val) {
        BigInteger a = abs(), b = val.abs();
        while (b.signum != 0) {
            BigInteger t = a.remainder(b);
            a = b;
            b = t;
        }
        return a;
    }

    /** The integer square root (floor). */
    public BigInteger sqrt() {
        if (signum < 0) throw new ArithmeticException("Negative BigInteger");
        if (signum == 0) return ZERO;
        BigInteger x = ONE.shiftLeft((bitLength() + 1) / 2);
        while (true) {
            BigInteger y = x.add(divide(x)).shiftRight(1);
            if (y.compareTo(x) >= 0) return x;
            x = y;
        }
    }

    public BigInteger[] sqrtAndRemainder() {
        BigInteger s = sqrt();
        return new BigInteger[] {s, subtract(s.multiply(s))};
    }

    public BigInteger min(BigInteger val) { return compareTo(val) <= 0 ? this : val; }
    public BigInteger max(BigInteger val) { return compareTo(val) >= 0 ? this : val; }

    public int compareTo(BigInteger val) {
        if (signum != val.signum) return signum < val.signum ? -1 : 1;
        int c = compareMag(mag, val.mag);
        return signum >= 0 ? c : -c;
    }

    public boolean equals(Object x) {
        if (x == this) return true;
        if (!(x instanceof BigInteger)) return false;
        BigInteger b = (BigInteger) x;
        return signum == b.signum && compareMag(mag, b.mag) == 0;
    }

    public int hashCode() {
        int h = 0;
        for (int i = mag.length - 1; i >= 0; i--) h = (int) (31 * h + (mag[i] & M));
        return h * signum;
    }

    // ------------------------------------------------------------------ bits

    public BigInteger shiftLeft(int n) {
        if (signum == 0) return ZERO;
        if (n > 0) return new BigInteger(signum, shiftLeftMag(mag, n));
        if (n == 0) return this;
        return shiftRight(-n);
    }

    /** Division by 2^n rounding toward negative infinity. */
    public BigInteger shiftRight(int n) {
        if (signum == 0) return ZERO;
        if (n < 0) return shiftLeft(-n);
        if (n == 0) return this;
        BigInteger r = new BigInteger(signum, shiftRightMag(mag, n));
        if (signum < 0 && lowBitsSet(mag, n)) r = r.subtract(ONE);
        if (signum < 0 && r.signum == 0) return valueOf(-1);
        return r;
    }

    /** The two's complement form in `words` words (enough to hold the sign). */
    private int[] twos(int words) {
        int[] r = new int[words];
        System.arraycopy(mag, 0, r, 0, Math.min(mag.length, words));
        if (signum < 0) {
            long carry = 1;
            for (int i = 0; i < words; i++) {
                long s = (~r[i] & M) + carry;
                r[i] = (int) s;
                carry = s >>> 32;
            }
        }
        return r;
    }

    private static BigInteger fromTwos(int[] t) {
        if (t.length > 0 && t[t.length - 1] < 0) {
            int[] m = new int[t.length];
            long carry = 1;
            for (int i = 0; i < t.length; i++) {
                long s = (~t[i] & M) + carry;
                m[i] = (int) s;
                carry = s >>> 32;
            }
            return new BigInteger(-1, m);
        }
        return new BigInteger(1, t);
    }

    private int wordsFor(BigInteger o) { return Math.max(mag.length, o.mag.length) + 1; }

    public BigInteger and(BigInteger val) {
        int n = wordsFor(val);
        int[] a = twos(n), b = val.twos(n);
        for (int i = 0; i < n; i++) a[i] &= b[i];
        return fromTwos(a);
    }

    public BigInteger or(BigInteger val) {
        int n = wordsFor(val);
        int[] a = twos(n), b = val.twos(n);
        for (int i = 0; i < n; i++) a[i] |= b[i];
        return fromTwos(a);
    }

    public BigInteger xor(BigInteger val) {
        int n = wordsFor(val);
        int[] a = twos(n), b = val.twos(n);
        for (int i = 0; i < n; i++) a[i] ^= b[i];
        return fromTwos(a);
    }

    public BigInteger andNot(BigInteger val) {
        int n = wordsFor(val);
        int[] a = twos(n), b = val.twos(n);
        for (int i = 0; i < n; i++) a[i] &= ~b[i];
        return fromTwos(a);
    }

    public BigInteger not() { return negate().subtract(ONE); }

    public boolean testBit(int n) {
        if (n < 0) throw new ArithmeticException("Negative bit address");
        int[] t = twos(Math.max(mag.length, (n >>> 5) + 1) + 1);
        return (t[n >>> 5] & (1 << (n & 31))) != 0;
    }

    private BigInteger withBit(int n, int how) {
        if (n < 0) throw new ArithmeticException("Negative bit address");
        int[] t = twos(Math.max(mag.length, (n >>> 5) + 1) + 1);
        int bit = 1 << (n & 31);
        if (how == 0) t[n >>> 5] |= bit;
        else if (how == 1) t[n >>> 5] &= ~bit;
        else t[n >>> 5] ^= bit;
        return fromTwos(t);
    }

    public BigInteger setBit(int n) { return withBit(n, 0); }
    public BigInteger clearBit(int n) { return withBit(n, 1); }
    public BigInteger flipBit(int n) { return withBit(n, 2); }

    public int getLowestSetBit() {
        if (signum == 0) return -1;
        int i = 0;
        while (mag[i] == 0) i++;
        return i * 32 + Integer.numberOfTrailingZeros(mag[i]);
    }

    private static int bitLengthMag(int[] m) {
        if (m.length == 0) return 0;
        return (m.length - 1) * 32 + (32 - Integer.numberOfLeadingZeros(m[m.length - 1]));
    }

    /** Bits of the two's complement form, sign bit excluded. */
    public int bitLength() {
        if (signum >= 0) return bitLengthMag(mag);
        return bitLengthMag(subMag(mag, new int[] {1}));
    }

    /** Bits of the two's complement form that differ from the sign bit. */
    public int bitCount() {
        int[] m = signum >= 0 ? mag : subMag(mag, new int[] {1});
        int c = 0;
        for (int w : m) c += Integer.bitCount(w);
        return c;
    }

    // ----------------------------------------------------------------- primes

    private static final int[] BASES = {2, 3, 5, 7, 11, 13, 17, 19, 23, 29, 31, 37, 41, 43, 47};

    /** Miller-Rabin with fixed bases (exact below 3.3e24), on the absolute value as the JDK. */
    public boolean isProbablePrime(int certainty) {
        if (certainty <= 0) return true;
        BigInteger w = abs();
        if (w.equals(TWO)) return true;
        if (!w.testBit(0) || w.equals(ONE)) return false;
        for (int b : BASES) {
            BigInteger bb = valueOf(b);
            if (w.equals(bb)) return true;
            if (w.remainder(bb).signum == 0) return false;
        }
        BigInteger wMinus1 = w.subtract(ONE);
        int s = wMinus1.getLowestSetBit();
        BigInteger d = wMinus1.shiftRight(s);
        for (int b : BASES) {
            BigInteger x = valueOf(b).modPow(d, w);
            if (x.equals(ONE) || x.equals(wMinus1)) continue;
            boolean composite = true;
            for (int r = 1; r < s; r++) {
                x = x.multiply(x).mod(w);
                if (x.equals(wMinus1)) {
                    composite = false;
                    break;
                }
            }
            if (composite) return false;
        }
        return true;
    }

    public BigInteger nextProbablePrime() {
        if (signum < 0) throw new ArithmeticException("start < 0: " + this);
        if (signum == 0 || equals(ONE)) return TWO;
        BigInteger c = add(ONE);
        if (!c.testBit(0)) c = c.add(ONE);
        while (!c.isProbablePrime(100)) c = c.add(TWO);
        return c;
    }

    public static BigInteger probablePrime(int bitLength, Random rnd) {
        if (bitLength < 2) throw new ArithmeticException("bitLength < 2");
        while (true) {
            BigInteger c = new BigInteger(bitLength, rnd).setBit(bitLength - 1);
            if (bitLength > 2) c = c.setBit(0);
            if (c.isProbablePrime(100)) return c;
        }
    }

    // ------------------------------------------------------------ conversions

    public int intValue() { return signum == 0 ? 0 : signum * mag[0]; }

    public long longValue() {
        long v = 0;
        if (mag.length > 0) v = mag[0] & M;
        if (mag.length > 1) v |= (long) mag[1] << 32;
        return signum < 0 ? -v : v;
    }

    public long longValueExact() {
        if (bitLength() <= 63) return longValue();
        throw new ArithmeticException("BigInteger out of long range");
    }

    public int intValueExact() {
        if (bitLength() <= 31) return intValue();
        throw new ArithmeticException("BigInteger out of int range");
    }

    public short shortValueExact() {
        if (bitLength() <= 31) {
            int v = intValue();
            if (v >= Short.MIN_VALUE && v <= Short.MAX_VALUE) return (short) v;
        }
        throw new ArithmeticException("BigInteger out of short range");
    }

    public byte byteValueExact() {
        if (bitLength() <= 31) {
            int v = intValue();
            if (v >= Byte.MIN_VALUE && v <= Byte.MAX_VALUE) return (byte) v;
        }
        throw new ArithmeticException("BigInteger out of byte range");
    }

    /** The nearest double (ties to even). */
    public double doubleValue() {
        if (signum == 0) return 0.0;
        int n = bitLengthMag(mag);
        if (n <= 63) return (double) longValue();
        if (n > 1024) return signum > 0 ? Double.POSITIVE_INFINITY : Double.NEGATIVE_INFINITY;
        // The top 54 bits, then round to 53 with the rest as sticky bits.
        int shift = n - 54;
        int[] top = shiftRightMag(mag, shift);
        long bits54 = (top[0] & M) | (top.length > 1 ? (long) top[1] << 32 : 0L);
        boolean sticky = lowBitsSet(mag, shift);
        long mant = bits54 >>> 1;
        boolean half = (bits54 & 1) != 0;
        if (half && (sticky || (mant & 1) != 0)) mant++;
        int exp = n - 1;
        if (mant == (1L << 53)) {
            mant >>>= 1;
            exp++;
        }
        if (exp > 1023) return signum > 0 ? Double.POSITIVE_INFINITY : Double.NEGATIVE_INFINITY;
        long bits = ((long) (exp + 1023) << 52) | (mant & ((1L << 52) - 1));
        double d = Double.longBitsToDouble(bits);
        return signum < 0 ? -d : d;
    }

    /** The nearest float (ties to even). */
    public float floatValue() {
        if (signum == 0) return 0.0f;
        int n = bitLengthMag(mag);
        if (n <= 24) return (float) intValue();
        if (n > 128) return signum > 0 ? Float.POSITIVE_INFINITY : Float.NEGATIVE_INFINITY;
        int shift = n - 25;
        int[] top = shiftRightMag(mag, shift);
        long bits25 = top[0] & M;
        boolean sticky = lowBitsSet(mag, shift);
        long mant = bits25 >>> 1;
        boolean half = (bits25 & 1) != 0;
        if (half && (sticky || (mant & 1) != 0)) mant++;
        int exp = n - 1;
        if (mant == (1L << 24)) {
            mant >>>= 1;
            exp++;
        }
        if (exp > 127) return signum > 0 ? Float.POSITIVE_INFINITY : Float.NEGATIVE_INFINITY;
        int bits = ((exp + 127) << 23) | (int) (mant & ((1 << 23) - 1));
        float f = Float.intBitsToFloat(bits);
        return signum < 0 ? -f : f;
    }

    /** Big-endian two's complement, as few bytes as hold the sign. */
    public byte[] toByteArray() {
        int byteLen = bitLength() / 8 + 1;
        int[] t = twos(byteLen / 4 + 1);
        byte[] r = new byte[byteLen];
        for (int i = 0; i < byteLen; i++) r[byteLen - 1 - i] = (byte) (t[i / 4] >>> (8 * (i % 4)));
        return r;
    }

    public String toString() { return toString(10); }

    public String toString(int radix) {
        if (signum == 0) return "0";
        if (radix < Character.MIN_RADIX || radix > Character.MAX_RADIX) radix = 10;
        int per = digitsPerInt(radix);
        int chunk = 1;
        for (int i = 0; i < per; i++) chunk *= radix;
        // Repeated division by radix^per; the pieces come least significant first.
        java.util.ArrayList<String> pieces = new java.util.ArrayList<>();
        int[] cur = mag.clone();
        int len = cur.length;
        long d = chunk & M;
        while (len > 0) {
            long rem = 0;
            for (int i = len - 1; i >= 0; i--) {
                long v = (rem << 32) | (cur[i] & M);
                cur[i] = (int) (v / d);
                rem = v % d;
            }
            while (len > 0 && cur[len - 1] == 0) len--;
            pieces.add(Integer.toString((int) rem, radix));
        }
        StringBuilder sb = new StringBuilder();
        if (signum < 0) sb.append('-');
        sb.append(pieces.get(pieces.size() - 1));
        for (int i = pieces.size() - 2; i >= 0; i--) {
            String p = pieces.get(i);
            for (int k = p.length(); k < per; k++) sb.append('0');
            sb.append(p);
        }
        return sb.toString();
    }
}
