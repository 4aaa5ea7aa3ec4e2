import java.math.*;
import java.util.*;

public class Main {
    static BigInteger factorial(int n) {
        BigInteger r = BigInteger.ONE;
        for (int i = 2; i <= n; i++) r = r.multiply(BigInteger.valueOf(i));
        return r;
    }

    static void decimals() {
        BigDecimal price = new BigDecimal("19.99");
        BigDecimal qty = new BigDecimal("3");
        BigDecimal rate = new BigDecimal("0.0825");
        BigDecimal subtotal = price.multiply(qty);
        BigDecimal tax = subtotal.multiply(rate).setScale(2, RoundingMode.HALF_UP);
        System.out.println(subtotal + " " + tax + " " + subtotal.add(tax) + " " + subtotal.subtract(tax) + " " + tax.scale() + " " + subtotal.precision());
        System.out.println(new BigDecimal("10").divide(new BigDecimal("4")) + " " + new BigDecimal("1.00").divide(new BigDecimal("8")) + " " + new BigDecimal("100").divide(new BigDecimal("0.25")) + " " + new BigDecimal("6").divide(new BigDecimal("2.0")));
        try { new BigDecimal("1").divide(new BigDecimal("3")); } catch (ArithmeticException e) { System.out.println(e.getMessage()); }
        System.out.println(new BigDecimal("1").divide(new BigDecimal("3"), 5, RoundingMode.HALF_UP) + " " + new BigDecimal("2").divide(new BigDecimal("3"), MathContext.DECIMAL32) + " " + new BigDecimal("1").divide(new BigDecimal("7"), new MathContext(20)) + " " + new BigDecimal("22").divide(new BigDecimal("7"), 10, RoundingMode.DOWN));
        for (RoundingMode m : RoundingMode.values()) {
            if (m == RoundingMode.UNNECESSARY) continue;
            StringBuilder sb = new StringBuilder(m + ":");
            for (String v : new String[] {"5.5", "2.5", "1.6", "1.1", "1.0", "-1.0", "-1.1", "-1.6", "-2.5", "-5.5"}) sb.append(' ').append(new BigDecimal(v).setScale(0, m));
            System.out.println(sb);
        }
        try { new BigDecimal("1.25").setScale(1); } catch (ArithmeticException e) { System.out.println(e.getMessage()); }
        System.out.println(new BigDecimal("1.50").setScale(4) + " " + new BigDecimal("123.4500").stripTrailingZeros() + " " + new BigDecimal("1200").stripTrailingZeros() + " " + new BigDecimal("0.000").stripTrailingZeros() + " " + new BigDecimal("1200").stripTrailingZeros().toPlainString());
        System.out.println(new BigDecimal("1E+3") + " " + new BigDecimal("1E+3").toPlainString() + " " + new BigDecimal("0.0000001") + " " + new BigDecimal("0.000001") + " " + new BigDecimal("-12.5e-10") + " " + new BigDecimal("123.456e2") + " " + new BigDecimal(".5") + " " + new BigDecimal("+7.") + " " + new BigDecimal("1E+3").toEngineeringString() + " " + new BigDecimal("12E-10").toEngineeringString());
        System.out.println(new BigDecimal(0.1) + " " + new BigDecimal(2.5) + " " + new BigDecimal(100.0) + " " + BigDecimal.valueOf(0.1) + " " + BigDecimal.valueOf(100.0) + " " + BigDecimal.valueOf(12345, 3) + " " + BigDecimal.valueOf(-5));
        System.out.println(new BigDecimal("2.0").equals(new BigDecimal("2.00")) + " " + new BigDecimal("2.0").compareTo(new BigDecimal("2.00")) + " " + new BigDecimal("2.0").hashCode() + " " + new BigDecimal("2.00").hashCode() + " " + new BigDecimal("-3.5").abs() + " " + new BigDecimal("3.5").negate() + " " + new BigDecimal("3.5").signum() + " " + new BigDecimal("1.5").max(new BigDecimal("1.50")));
        System.out.println(new BigDecimal("1.1").pow(3) + " " + new BigDecimal("123.456").round(new MathContext(4)) + " " + new BigDecimal("999.9").round(new MathContext(3)) + " " + new BigDecimal("123.456").movePointLeft(2) + " " + new BigDecimal("123.456").movePointRight(5) + " " + new BigDecimal("5").movePointLeft(-2) + " " + new BigDecimal("1.23").scaleByPowerOfTen(3));
        System.out.println(new BigDecimal("10.5").remainder(new BigDecimal("3")) + " " + new BigDecimal("10.5").divideToIntegralValue(new BigDecimal("3")) + " " + Arrays.toString(new BigDecimal("-7.5").divideAndRemainder(new BigDecimal("2"))) + " " + new BigDecimal("100").divideToIntegralValue(new BigDecimal("0.3")));
        System.out.println(new BigDecimal("123.99").intValue() + " " + new BigDecimal("-123.99").longValue() + " " + new BigDecimal("1e20").toBigInteger() + " " + new BigDecimal("3.14159").doubleValue() + " " + new BigDecimal("1e400").doubleValue() + " " + new BigDecimal("42.00").intValueExact() + " " + new BigDecimal("2.5").floatValue());
        try { new BigDecimal("42.5").intValueExact(); } catch (ArithmeticException e) { System.out.println(e.getMessage()); }
        System.out.println(new BigDecimal("2").sqrt(new MathContext(10)) + " " + new BigDecimal("4").sqrt(MathContext.DECIMAL64) + " " + new BigDecimal("0.0144").sqrt(new MathContext(5)) + " " + new BigDecimal("4.00").sqrt(MathContext.DECIMAL32));
        BigDecimal sum = BigDecimal.ZERO;
        for (int i = 0; i < 10; i++) sum = sum.add(new BigDecimal("0.1"));
        System.out.println(sum + " " + sum.equals(BigDecimal.ONE) + " " + (sum.compareTo(BigDecimal.ONE) == 0) + " " + BigDecimal.TEN.multiply(new BigDecimal("0.10")) + " " + new BigDecimal("1.234").add(new BigDecimal("5.6789"), new MathContext(3)));
        for (String bad : new String[] {"", "abc", "1.2.3", "1e", "--1"}) {
            try { new BigDecimal(bad); } catch (NumberFormatException e) { System.out.println("NFE"); }
        }
        try { BigDecimal.ONE.divide(BigDecimal.ZERO); } catch (ArithmeticException e) { System.out.println(e.getMessage()); }
        System.out.println(MathContext.DECIMAL64 + " " + new MathContext(5).getRoundingMode() + " " + RoundingMode.valueOf(4) + " " + new BigDecimal("1.005").setScale(2, RoundingMode.HALF_EVEN) + " " + new BigDecimal("0").divide(new BigDecimal("7.00")) + " " + new BigDecimal("1").divide(new BigDecimal("32")) + " " + new BigDecimal("1234.5").divide(new BigDecimal("10"), MathContext.DECIMAL32));
        System.out.println(String.format("%.2f %s %10.3f %.3f %e %.2e %,.2f %d %x %08d", new BigDecimal("3.14159"), new BigDecimal("7.50"), new BigDecimal("2.0005"), new BigDecimal("-0.0005"), new BigDecimal("12345.6789"), new BigDecimal("0.000999"), new BigDecimal("1234567.125"), BigInteger.TEN.pow(20), BigInteger.valueOf(-255), BigInteger.valueOf(42)));
    }

    public static void main(String[] args) {
        decimals();
        System.out.println(factorial(30) + " " + factorial(52).bitLength() + " " + factorial(100).toString().length());
        BigInteger a = BigInteger.ZERO, b = BigInteger.ONE;
        for (int i = 0; i < 150; i++) {
            BigInteger t = a.add(b);
            a = b;
            b = t;
        }
        System.out.println("fib150 " + a + " digits " + a.toString().length());
        BigInteger big = new BigInteger("123456789012345678901234567890");
        BigInteger small = BigInteger.valueOf(987654321);
        System.out.println(big.add(small) + " " + big.subtract(small) + " " + big.multiply(small) + " " + big.divide(small) + " " + big.mod(small) + " " + big.remainder(small.negate()));
        System.out.println(big.negate().divide(small) + " " + big.negate().mod(small) + " " + big.negate().remainder(small) + " " + Arrays.toString(big.negate().divideAndRemainder(small)));
        System.out.println(BigInteger.TWO.pow(200) + " " + BigInteger.TEN.pow(30).subtract(BigInteger.ONE).toString(16) + " " + new BigInteger("-ff", 16) + " " + new BigInteger("zz", 36) + " " + big.toString(2).length() + " " + big.toString(36));
        System.out.println(big.gcd(BigInteger.valueOf(1234567890)) + " " + BigInteger.valueOf(3).modPow(BigInteger.valueOf(200), BigInteger.valueOf(1000007)) + " " + BigInteger.valueOf(17).modInverse(BigInteger.valueOf(3120)) + " " + BigInteger.valueOf(2).modPow(BigInteger.valueOf(-1), BigInteger.valueOf(7)));
        System.out.println(big.sqrt() + " " + factorial(40).sqrt() + " " + big.compareTo(small) + " " + small.compareTo(big) + " " + big.equals(new BigInteger("123456789012345678901234567890")) + " " + big.hashCode() + " " + big.negate().hashCode() + " " + small.hashCode());
        System.out.println(big.signum() + " " + big.negate().abs().equals(big) + " " + BigInteger.ZERO.signum() + " " + big.min(small) + " " + big.max(small) + " " + big.intValue() + " " + big.longValue() + " " + big.negate().intValue() + " " + big.negate().longValue());
        System.out.println(big.doubleValue() + " " + big.negate().floatValue() + " " + factorial(170).doubleValue() + " " + factorial(171).doubleValue() + " " + BigInteger.TWO.pow(53).add(BigInteger.ONE).doubleValue() + " " + BigInteger.TWO.pow(54).add(BigInteger.valueOf(3)).doubleValue());
        BigInteger n = BigInteger.valueOf(-1234567);
        System.out.println(n.shiftLeft(10) + " " + n.shiftRight(3) + " " + n.shiftRight(100) + " " + big.shiftRight(70) + " " + n.and(BigInteger.valueOf(0xFFFF)) + " " + n.or(BigInteger.valueOf(7)) + " " + n.xor(big) + " " + n.not() + " " + n.andNot(BigInteger.valueOf(255)));
        System.out.println(n.testBit(0) + " " + n.testBit(40) + " " + n.setBit(3) + " " + n.clearBit(0) + " " + n.flipBit(70) + " " + n.getLowestSetBit() + " " + n.bitLength() + " " + n.bitCount() + " " + big.bitCount() + " " + BigInteger.valueOf(-8).bitLength());
        System.out.println(Arrays.toString(n.toByteArray()) + " " + Arrays.toString(BigInteger.valueOf(128).toByteArray()) + " " + new BigInteger(new byte[] {(byte) 0xff, 0x10}) + " " + new BigInteger(1, new byte[] {(byte) 0xff, 0x10}));
        System.out.println(BigInteger.valueOf(97).isProbablePrime(20) + " " + BigInteger.valueOf(91).isProbablePrime(20) + " " + new BigInteger("170141183460469231731687303715884105727").isProbablePrime(50) + " " + BigInteger.valueOf(1000).nextProbablePrime() + " " + factorial(20).nextProbablePrime());
        Random rnd = new Random(12345);
        long check = 0;
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < 40; i++) {
            BigInteger x = new BigInteger(64 + rnd.nextInt(300), rnd);
            BigInteger y = new BigInteger(1 + rnd.nextInt(200), rnd).add(BigInteger.ONE);
            if (rnd.nextBoolean()) x = x.negate();
            if (rnd.nextBoolean()) y = y.negate();
            BigInteger[] qr = x.divideAndRemainder(y);
            if (!qr[0].multiply(y).add(qr[1]).equals(x)) sb.append("bad division ").append(i).append(' ');
            check = check * 31 + qr[0].hashCode() + qr[1].hashCode() + x.multiply(y).hashCode() + x.gcd(y).hashCode() + x.xor(y).hashCode();
            if (i < 5) sb.append(x).append('/').append(y).append('=').append(qr[0]).append('r').append(qr[1]).append(' ').append(x.mod(y.abs())).append('\n');
        }
        System.out.print(sb);
        System.out.println(check);
        Map<BigInteger, String> map = new HashMap<>();
        for (int i = 0; i < 10; i++) map.put(BigInteger.TWO.pow(i * 13).subtract(BigInteger.valueOf(i)), "v" + i);
        System.out.println(map);
        System.out.println(new BigInteger("-0") + " " + new BigInteger("+007") + " " + BigInteger.valueOf(Long.MIN_VALUE) + " " + BigInteger.valueOf(Long.MIN_VALUE).negate() + " " + BigInteger.valueOf(Long.MAX_VALUE).add(BigInteger.ONE).longValue());
        for (String s : new String[] {"", "12a", "-", "1-2", " 12", "0x10"}) {
            try {
                new BigInteger(s);
            } catch (NumberFormatException e) {
                System.out.println(e.getMessage());
            }
        }
        try {
            BigInteger.ONE.divide(BigInteger.ZERO);
        } catch (ArithmeticException e) {
            System.out.println(e.getMessage());
        }
        try {
            BigInteger.TWO.modInverse(BigInteger.valueOf(4));
        } catch (ArithmeticException e) {
            System.out.println(e.getMessage());
        }
        try {
            BigInteger.TWO.pow(64).longValueExact();
        } catch (ArithmeticException e) {
            System.out.println(e.getMessage());
        }
    }
}
