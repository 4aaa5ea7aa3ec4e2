package java.math;

/**
 * Decimal numbers of any size: an unscaled BigInteger and a scale (the
 * value is unscaled × 10^-scale), with the JDK's rules for the scale of
 * results, rounding, and the text forms.
 */
public class BigDecimal extends Number implements Comparable<BigDecimal> {
    private final BigInteger intVal;
    private final int scale;
    private transient int precision;

    public static final BigDecimal ZERO = new BigDecimal(BigInteger.ZERO, 0);
    public static final BigDecimal ONE = new BigDecimal(BigInteger.ONE, 0);
    public static final BigDecimal TEN = new BigDecimal(BigInteger.TEN, 0);

    public static final int ROUND_UP = 0;
    public static final int ROUND_DOWN = 1;
    public static final int ROUND_CEILING = 2;
    public static final int ROUND_FLOOR = 3;
    public static final int ROUND_HALF_UP = 4;
    public static final int ROUND_HALF_DOWN = 5;
    public static final int ROUND_HALF_EVEN = 6;
    public static final int ROUND_UNNECESSARY = 7;

    public BigDecimal(BigInteger unscaledVal, int scale) {
        if (unscaledVal == null) throw new NullPointerException();
        this.intVal = unscaledVal;
        this.scale = scale;
    }

    public BigDecimal(BigInteger val) { this(val, 0); }
    public BigDecimal(int val) { this(BigInteger.valueOf(val), 0); }
    public BigDecimal(long val) { this(BigInteger.valueOf(val), 0); }

    public BigDecimal(BigInteger unscaledVal, int scale, MathContext mc) { this(round(new BigDecimal(unscaledVal, scale), mc)); }
    public BigDecimal(BigInteger val, MathContext mc) { this(val, 0, mc); }
    public BigDecimal(int val, MathContext mc) { this(BigInteger.valueOf(val), 0, mc); }
    public BigDecimal(long val, MathContext mc) { this(BigInteger.valueOf(val), 0, mc); }
    public BigDecimal(String val, MathContext mc) { this(round(new BigDecimal(val), mc)); }
    public BigDecimal(double val, MathContext mc) { this(round(new BigDecimal(val), mc)); }
    public BigDecimal(char[] in) { this(new String(in)); }
    public BigDecimal(char[] in, int offset, int len) { this(new String(in, offset, len)); }

    private BigDecimal(BigDecimal v) {
        this.intVal = v.intVal;
        this.scale = v.scale;
    }

    public BigDecimal(String val) { this(parse(val)); }

    private static BigDecimal parse(String val) {
        int n = val.length();
        if (n == 0) throw new NumberFormatException("No digits found.");
        int i = 0;
        boolean neg = false;
        char c0 = val.charAt(0);
        if (c0 == '-' || c0 == '+') {
            neg = c0 == '-';
            i++;
        }
        StringBuilder digits = new StringBuilder();
        int scale = 0;
        boolean dot = false;
        boolean any = false;
        long exp = 0;
        for (; i < n; i++) {
            char c = val.charAt(i);
            if (c >= '0' && c <= '9') {
                digits.append(c);
                any = true;
                if (dot) scale++;
            } else if (c == '.') {
                if (dot) throw new NumberFormatException("Character array contains more than one decimal point.");
                dot = true;
            } else if (c == 'e' || c == 'E') {
                String e = val.substring(i + 1);
                if (e.isEmpty() || e.equals("+") || e.equals("-")) throw new NumberFormatException("No exponent digits.");
                try {
                    exp = Long.parseLong(e.startsWith("+") ? e.substring(1) : e);
                } catch (NumberFormatException x) {
                    throw new NumberFormatException("Exponent overflow.");
                }
                break;
            } else {
                throw new NumberFormatException("Character " + c + " is neither a decimal digit number, decimal point, nor \"e\" notation exponential mark.");
            }
        }
        if (!any) throw new NumberFormatException("No digits found.");
        long s = scale - exp;
        if (s > Integer.MAX_VALUE || s < Integer.MIN_VALUE) throw new NumberFormatException("Scale out of range.");
        BigInteger v = new BigInteger(digits.toString());
        return new BigDecimal(neg ? v.negate() : v, (int) s);
    }

    /** The exact value of the double. */
    public BigDecimal(double val) { this(exact(val)); }

    private static BigDecimal exact(double val) {
        if (Double.isInfinite(val) || Double.isNaN(val)) throw new NumberFormatException("Infinite or NaN");
        long bits = Double.doubleToRawLongBits(val);
        int sign = (bits >> 63) == 0 ? 1 : -1;
        int exponent = (int) ((bits >> 52) & 0x7ffL);
        long significand = (exponent == 0 ? (bits & ((1L << 52) - 1)) << 1 : (bits & ((1L << 52) - 1)) | (1L << 52));
        exponent -= 1075;
        if (significand == 0) return new BigDecimal(BigInteger.ZERO, 0);
        while ((significand & 1) == 0) {
            significand >>= 1;
            exponent++;
        }
        BigInteger m = BigInteger.valueOf(sign * significand);
        if (exponent >= 0) return new BigDecimal(m.shiftLeft(exponent), 0);
        return new BigDecimal(m.multiply(BigInteger.valueOf(5).pow(-exponent)), -exponent);
    }

    public static BigDecimal valueOf(long unscaledVal, int scale) { return new BigDecimal(BigInteger.valueOf(unscaledVal), scale); }
    public static BigDecimal valueOf(long val) { return new BigDecimal(BigInteger.valueOf(val), 0); }
    public static BigDecimal valueOf(double val) { return new BigDecimal(Double.toString(val)); }

    // --------------------------------------------------------------- helpers

    private static BigInteger tenPow(int n) { return BigInteger.TEN.pow(n); }

    /** This value's unscaled number at scale s (s >= scale). */
    private BigInteger upscaled(int s) { return s == scale ? intVal : intVal.multiply(tenPow(s - scale)); }

    /** num / den rounded to an integer. */
    private static BigInteger divideAndRound(BigInteger num, BigInteger den, RoundingMode mode) {
        BigInteger[] qr = num.divideAndRemainder(den);
        BigInteger q = qr[0], r = qr[1];
        if (r.signum() == 0) return q;
        int sign = num.signum() * den.signum();
        int half = r.abs().shiftLeft(1).compareTo(den.abs());
        boolean up;
        switch (mode) {
            case UP: up = true; break;
            case DOWN: up = false; break;
            case CEILING: up = sign > 0; break;
            case FLOOR: up = sign < 0; break;
            case HALF_UP: up = half >= 0; break;
            case HALF_DOWN: up = half > 0; break;
            case HALF_EVEN: up = half > 0 || (half == 0 && q.testBit(0)); break;
            default: throw new ArithmeticException("Rounding necessary");
        }
        return up ? q.add(BigInteger.valueOf(sign)) : q;
    }

    private static int digitLength(BigInteger v) {
        if (v.signum() == 0) return 1;
        return v.abs().toString().length();
    }

    private static BigDecimal round(BigDecimal v, MathContext mc) {
        int p = mc.getPrecision();
        if (p == 0) return v;
        BigInteger u = v.intVal;
        int s = v.scale;
        int d = digitLength(u);
        while (d > p) {
            int drop = d - p;
            u = divideAndRound(u, tenPow(drop), mc.getRoundingMode());
            s -= drop;
            d = digitLength(u);
        }
        return new BigDecimal(u, s);
    }

    /** Trailing zeros removed while the scale stays at least `preferred`. */
    private static BigDecimal stripZerosTo(BigInteger u, long s, long preferred) {
        while (s > preferred && u.signum() != 0) {
            BigInteger[] qr = u.divideAndRemainder(BigInteger.TEN);
            if (qr[1].signum() != 0) break;
            u = qr[0];
            s--;
        }
        return new BigDecimal(u, checkScale(s));
    }

    private static int checkScale(long s) {
        if (s > Integer.MAX_VALUE) throw new ArithmeticException("Underflow");
        if (s < Integer.MIN_VALUE) throw new ArithmeticException("Overflow");
        return (int) s;
    }

    // ------------------------------------------------------------ arithmetic

    public BigDecimal add(BigDecimal augend) {
        int s = Math.max(scale, augend.scale);
        return new BigDecimal(upscaled(s).add(augend.upscaled(s)), s);
    }

    public BigDecimal add(BigDecimal augend, MathContext mc) { return round(add(augend), mc); }

    public BigDecimal subtract(BigDecimal subtrahend) {
        int s = Math.max(scale, subtrahend.scale);
        return new BigDecimal(upscaled(s).subtract(subtrahend.upscaled(s)), s);
    }

    public BigDecimal subtract(BigDecimal subtrahend, MathContext mc) { return round(subtract(subtrahend), mc); }

    public BigDecimal multiply(BigDecimal multiplicand) {
        return new BigDecimal(intVal.multiply(multiplicand.intVal), checkScale((long) scale + multiplicand.scale));
    }

    public BigDecimal multiply(BigDecimal multiplicand, MathContext mc) { return round(multiply(multiplicand), mc); }

    private void checkDivisor(BigDecimal divisor) {
        if (divisor.signum() == 0) {
            if (signum() == 0) throw new ArithmeticException("Division undefined");
            throw new ArithmeticException("Division by zero");
        }
    }

    /** This / divisor with the result's unscaled value at scale `s`, rounded. */
    private BigInteger quotientAt(BigDecimal divisor, long s, RoundingMode mode) {
        long k = s + divisor.scale - scale;
        BigInteger num = intVal, den = divisor.intVal;
        if (k >= 0) num = num.multiply(tenPow(checkScale(k)));
        else den = den.multiply(tenPow(checkScale(-k)));
        return divideAndRound(num, den, mode);
    }

    public BigDecimal divide(BigDecimal divisor, int scale, RoundingMode roundingMode) {
        checkDivisor(divisor);
        return new BigDecimal(quotientAt(divisor, scale, roundingMode), scale);
    }

    public BigDecimal divide(BigDecimal divisor, int scale, int roundingMode) { return divide(divisor, scale, RoundingMode.valueOf(roundingMode)); }
    public BigDecimal divide(BigDecimal divisor, RoundingMode roundingMode) { return divide(divisor, scale, roundingMode); }
    public BigDecimal divide(BigDecimal divisor, int roundingMode) { return divide(divisor, scale, RoundingMode.valueOf(roundingMode)); }

    public BigDecimal divide(BigDecimal divisor, MathContext mc) {
        int p = mc.getPrecision();
        if (p == 0) return divide(divisor);
        checkDivisor(divisor);
        long preferred = (long) scale - divisor.scale;
        if (signum() == 0) return new BigDecimal(BigInteger.ZERO, checkScale(Math.max(Math.min(preferred, Integer.MAX_VALUE), Integer.MIN_VALUE)));
        // A scale giving at least p digits, then the one giving exactly p, rounded once.
        long adjThis = (long) precision() - scale;
        long adjDiv = (long) divisor.precision() - divisor.scale;
        long s0 = p - (adjThis - adjDiv) + 1;
        BigInteger trial = quotientAt(divisor, s0, RoundingMode.DOWN);
        long s = s0 - (digitLength(trial) - p);
        BigInteger q = quotientAt(divisor, s, mc.getRoundingMode());
        if (digitLength(q) > p) {
            q = divideAndRound(q, BigInteger.TEN, mc.getRoundingMode());
            s--;
        }
        return stripZerosTo(q, s, preferred);
    }

    public BigDecimal divide(BigDecimal divisor) {
        checkDivisor(divisor);
        long preferred = (long) scale - divisor.scale;
        if (signum() == 0) return new BigDecimal(BigInteger.ZERO, checkScale(preferred));
        MathContext mc = new MathContext((int) Math.min(precision() + (long) Math.ceil(10.0 * divisor.precision() / 3.0), Integer.MAX_VALUE),
                RoundingMode.UNNECESSARY);
        BigDecimal q;
        try {
            q = divide(divisor, mc);
        } catch (ArithmeticException e) {
            throw new ArithmeticException("Non-terminating decimal expansion; no exact representable decimal result.");
        }
        if (preferred > q.scale) return q.setScale(checkScale(preferred), RoundingMode.UNNECESSARY);
        return q;
    }

    public BigDecimal divideToIntegralValue(BigDecimal divisor) {
        checkDivisor(divisor);
        long preferred = (long) scale - divisor.scale;
        BigInteger iq = quotientAt(divisor, 0, RoundingMode.DOWN);
        if (preferred >= 0) return new BigDecimal(iq.multiply(tenPow(checkScale(preferred))), checkScale(preferred));
        return stripZerosTo(iq, 0, preferred);
    }

    public BigDecimal divideToIntegralValue(BigDecimal divisor, MathContext mc) { return round(divideToIntegralValue(divisor), mc); }

    public BigDecimal remainder(BigDecimal divisor) { return divideAndRemainder(divisor)[1]; }

    public BigDecimal remainder(BigDecimal divisor, MathContext mc) { return round(remainder(divisor), mc); }

    public BigDecimal[] divideAndRemainder(BigDecimal divisor) {
        BigDecimal q = divideToIntegralValue(divisor);
        return new BigDecimal[] {q, subtract(q.multiply(divisor))};
    }

    public BigDecimal[] divideAndRemainder(BigDecimal divisor, MathContext mc) { return divideAndRemainder(divisor); }

    public BigDecimal pow(int n) {
        if (n < 0 || n > 999999999) throw new ArithmeticException("Invalid operation");
        return new BigDecimal(intVal.pow(n), checkScale((long) scale * n));
    }

    public BigDecimal pow(int n, MathContext mc) { return round(pow(n), mc); }

    public BigDecimal sqrt(MathContext mc) {
        if (signum() < 0) throw new ArithmeticException("Attempted square root of negative BigDecimal");
        long preferred = scale / 2;
        if (signum() == 0) return new BigDecimal(BigInteger.ZERO, checkScale(preferred));
        int p = mc.getPrecision() == 0 ? precision() / 2 + 1 : mc.getPrecision();
        // t = unscaled × 10^e with an even total scale and at least 2(p+2) digits; sqrt(value) = sqrt(t) × 10^-(scale+e)/2.
        long e = Math.max(0, 2L * (p + 2) - precision());
        if ((scale + e) % 2 != 0) e++;
        BigInteger t = intVal.multiply(tenPow(checkScale(e)));
        BigInteger root = t.sqrt();
        long rootScale = (scale + e) / 2;
        boolean exact = root.multiply(root).equals(t);
        if (!exact && mc.getRoundingMode() == RoundingMode.UNNECESSARY) throw new ArithmeticException("Computed square root not exact.");
        BigDecimal r = new BigDecimal(root, checkScale(rootScale));
        if (!exact) {
            // A sticky digit, so that the truncated root rounds as the exact one would.
            r = new BigDecimal(root.multiply(BigInteger.TEN).add(BigInteger.ONE), checkScale(rootScale + 1));
        }
        RoundingMode mode = mc.getRoundingMode() == RoundingMode.UNNECESSARY ? RoundingMode.HALF_EVEN : mc.getRoundingMode();
        r = round(r, new MathContext(p, mode));
        r = stripZerosTo(r.intVal, r.scale, preferred);
        if (r.scale < preferred && r.precision() + (preferred - r.scale) <= p) r = r.setScale(checkScale(preferred), RoundingMode.UNNECESSARY);
        return r;
    }

    public BigDecimal abs() { return signum() < 0 ? negate() : this; }
    public BigDecimal abs(MathContext mc) { return round(abs(), mc); }
    public BigDecimal negate() { return new BigDecimal(intVal.negate(), scale); }
    public BigDecimal negate(MathContext mc) { return round(negate(), mc); }
    public BigDecimal plus() { return this; }
    public BigDecimal plus(MathContext mc) { return round(this, mc); }
    public BigDecimal round(MathContext mc) { return round(this, mc); }
    public int signum() { return intVal.signum(); }
    public int scale() { return scale; }

    public int precision() {
        int p = precision;
        if (p == 0) precision = p = digitLength(intVal);
        return p;
    }

    public BigInteger unscaledValue() { return intVal; }

    public BigDecimal setScale(int newScale, RoundingMode roundingMode) {
        if (newScale == scale) return this;
        if (newScale > scale) return new BigDecimal(upscaled(newScale), newScale);
        return new BigDecimal(divideAndRound(intVal, tenPow(scale - newScale), roundingMode), newScale);
    }

    public BigDecimal setScale(int newScale, int roundingMode) { return setScale(newScale, RoundingMode.valueOf(roundingMode)); }
    public BigDecimal setScale(int newScale) { return setScale(newScale, RoundingMode.UNNECESSARY); }

    public BigDecimal movePointLeft(int n) {
        if (n == 0) return this;
        BigDecimal r = new BigDecimal(intVal, checkScale((long) scale + n));
        return r.scale < 0 ? r.setScale(0, RoundingMode.UNNECESSARY) : r;
    }

    public BigDecimal movePointRight(int n) {
        if (n == 0) return this;
        BigDecimal r = new BigDecimal(intVal, checkScale((long) scale - n));
        return r.scale < 0 ? r.setScale(0, RoundingMode.UNNECESSARY) : r;
    }

    public BigDecimal scaleByPowerOfTen(int n) { return new BigDecimal(intVal, checkScale((long) scale - n)); }

    public BigDecimal stripTrailingZeros() {
        if (intVal.signum() == 0) return ZERO;
        return stripZerosTo(intVal, scale, Long.MIN_VALUE);
    }

    public BigDecimal ulp() { return new BigDecimal(BigInteger.ONE, scale); }

    public int compareTo(BigDecimal val) {
        if (scale == val.scale) return intVal.compareTo(val.intVal);
        int s = Math.max(scale, val.scale);
        return upscaled(s).compareTo(val.upscaled(s));
    }

    public boolean equals(Object x) {
        if (!(x instanceof BigDecimal)) return false;
        BigDecimal d = (BigDecimal) x;
        return scale == d.scale && intVal.equals(d.intVal);
    }

    public BigDecimal min(BigDecimal val) { return compareTo(val) <= 0 ? this : val; }
    public BigDecimal max(BigDecimal val) { return compareTo(val) >= 0 ? this : val; }
    public int hashCode() { return 31 * intVal.hashCode() + scale; }

    // ------------------------------------------------------------ conversions

    public String toString() {
        String coeff = intVal.abs().toString();
        StringBuilder sb = new StringBuilder();
        if (intVal.signum() < 0) sb.append('-');
        if (scale == 0) return sb.append(coeff).toString();
        long adjusted = -(long) scale + (coeff.length() - 1);
        if (scale >= 0 && adjusted >= -6) {
            int pad = scale - coeff.length();
            if (pad >= 0) {
                sb.append("0.");
                for (; pad > 0; pad--) sb.append('0');
                sb.append(coeff);
            } else {
                sb.append(coeff, 0, -pad).append('.').append(coeff, -pad, coeff.length());
            }
        } else {
            sb.append(coeff.charAt(0));
            if (coeff.length() > 1) sb.append('.').append(coeff, 1, coeff.length());
            if (adjusted != 0) {
                sb.append('E');
                if (adjusted > 0) sb.append('+');
                sb.append(adjusted);
            }
        }
        return sb.toString();
    }

    public String toEngineeringString() {
        String coeff = intVal.abs().toString();
        long adjusted = -(long) scale + (coeff.length() - 1);
        if (scale >= 0 && adjusted >= -6) return toString();
        StringBuilder sb = new StringBuilder();
        if (intVal.signum() < 0) sb.append('-');
        int sig = (int) (adjusted % 3);
        if (sig < 0) sig += 3;
        adjusted -= sig;
        sig++;
        if (intVal.signum() == 0) {
            switch (sig) {
                case 1: sb.append('0'); break;
                case 2: sb.append("0.00"); adjusted += 3; break;
                case 3: sb.append("0.0"); adjusted += 3; break;
                default: break;
            }
        } else if (sig >= coeff.length()) {
            sb.append(coeff);
            for (int i = sig - coeff.length(); i > 0; i--) sb.append('0');
        } else {
            sb.append(coeff, 0, sig).append('.').append(coeff, sig, coeff.length());
        }
        if (adjusted != 0) {
            sb.append('E');
            if (adjusted > 0) sb.append('+');
            sb.append(adjusted);
        }
        return sb.toString();
    }

    public String toPlainString() {
        if (scale == 0) return intVal.toString();
        if (scale < 0) {
            if (signum() == 0) return "0";
            StringBuilder sb = new StringBuilder(intVal.toString());
            for (int i = 0; i < -scale; i++) sb.append('0');
            return sb.toString();
        }
        String coeff = intVal.abs().toString();
        StringBuilder sb = new StringBuilder();
        if (intVal.signum() < 0) sb.append('-');
        int pad = scale - coeff.length();
        if (pad >= 0) {
            sb.append("0.");
            for (; pad > 0; pad--) sb.append('0');
            sb.append(coeff);
        } else {
            sb.append(coeff, 0, -pad).append('.').append(coeff, -pad, coeff.length());
        }
        return sb.toString();
    }

    public BigInteger toBigInteger() { return scale <= 0 ? upscaled(scale).multiply(tenPow(-scale)) : intVal.divide(tenPow(scale)); }

    public BigInteger toBigIntegerExact() {
        if (scale <= 0) return toBigInteger();
        BigInteger[] qr = intVal.divideAndRemainder(tenPow(scale));
        if (qr[1].signum() != 0) throw new ArithmeticException("Rounding necessary");
        return qr[0];
    }

    public int intValue() { return toBigInteger().intValue(); }
    public long longValue() { return toBigInteger().longValue(); }

    public long longValueExact() {
        BigInteger b;
        try {
            b = toBigIntegerExact();
        } catch (ArithmeticException e) {
            throw new ArithmeticException("Rounding necessary");
        }
        if (b.bitLength() > 63) throw new ArithmeticException("Overflow");
        return b.longValue();
    }

    public int intValueExact() {
        long v = longValueExact();
        if ((int) v != v) throw new ArithmeticException("Overflow");
        return (int) v;
    }

    public short shortValueExact() {
        long v = longValueExact();
        if ((short) v != v) throw new ArithmeticException("Overflow");
        return (short) v;
    }

    public byte byteValueExact() {
        long v = longValueExact();
        if ((byte) v != v) throw new ArithmeticException("Overflow");
        return (byte) v;
    }

    public double doubleValue() { return Double.parseDouble(toString()); }
    public float floatValue() { return Float.parseFloat(toString()); }
}
