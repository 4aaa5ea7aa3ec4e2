package java.math;

public final class MathContext implements java.io.Serializable {
    public static final MathContext UNLIMITED = new MathContext(0, RoundingMode.HALF_UP);
    public static final MathContext DECIMAL32 = new MathContext(7, RoundingMode.HALF_EVEN);
    public static final MathContext DECIMAL64 = new MathContext(16, RoundingMode.HALF_EVEN);
    public static final MathContext DECIMAL128 = new MathContext(34, RoundingMode.HALF_EVEN);

    private final int precision;
    private final RoundingMode roundingMode;

    public MathContext(int setPrecision) { this(setPrecision, RoundingMode.HALF_UP); }

    public MathContext(int setPrecision, RoundingMode setRoundingMode) {
        if (setPrecision < 0) throw new IllegalArgumentException("Digits < 0");
        if (setRoundingMode == null) throw new NullPointerException("null RoundingMode");
        precision = setPrecision;
        roundingMode = setRoundingMode;
    }

    public MathContext(String val) {
        if (val == null) throw new NullPointerException("null String");
        try {
            if (!val.startsWith("precision=")) throw new RuntimeException();
            int fence = val.indexOf(' ');
            precision = Integer.parseInt(val.substring(10, fence));
            if (!val.startsWith("roundingMode=", fence + 1)) throw new RuntimeException();
            roundingMode = RoundingMode.valueOf(val.substring(fence + 14));
        } catch (RuntimeException re) {
            throw new IllegalArgumentException("bad string format");
        }
        if (precision < 0) throw new IllegalArgumentException("Digits < 0");
    }

    public int getPrecision() { return precision; }
    public RoundingMode getRoundingMode() { return roundingMode; }

    public boolean equals(Object x) {
        if (!(x instanceof MathContext)) return false;
        MathContext mc = (MathContext) x;
        return mc.precision == precision && mc.roundingMode == roundingMode;
    }

    public int hashCode() { return roundingMode.hashCode() * 59 + precision; }
    public String toString() { return "precision=" + precision + " roundingMode=" + roundingMode; }
}
