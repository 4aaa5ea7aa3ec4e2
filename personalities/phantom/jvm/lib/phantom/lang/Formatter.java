package phantom.lang;

/**
 * String.format and PrintStream.printf: the conversions %d %s %S %f %e %E %x
 * %X %o %c %b %g %G %n %% with argument indices, the flags - 0 + space , ( #
 * and width and precision. Dates are not supported.
 */
public final class Formatter {
    private Formatter() {}

    public static String format(String fmt, Object[] args) {
        StringBuilder out = new StringBuilder();
        int next = 0;
        int i = 0;
        int n = fmt.length();
        while (i < n) {
            char c = fmt.charAt(i);
            if (c != '%') {
                out.append(c);
                i++;
                continue;
            }
            int start = i;
            i++;
            if (i >= n) throw new java.util.UnknownFormatConversionException("%");
            // argument index
            int argIndex = -1;
            int j = i;
            while (j < n && Character.isDigit(fmt.charAt(j))) j++;
            if (j < n && j > i && fmt.charAt(j) == '$') {
                argIndex = Integer.parseInt(fmt.substring(i, j)) - 1;
                i = j + 1;
            }
            String flags = "";
            while (i < n && "-#+ 0,(<".indexOf(fmt.charAt(i)) >= 0) {
                flags += fmt.charAt(i);
                i++;
            }
            int width = -1;
            j = i;
            while (j < n && Character.isDigit(fmt.charAt(j))) j++;
            if (j > i) {
                width = Integer.parseInt(fmt.substring(i, j));
                i = j;
            }
            int prec = -1;
            if (i < n && fmt.charAt(i) == '.') {
                j = i + 1;
                while (j < n && Character.isDigit(fmt.charAt(j))) j++;
                prec = Integer.parseInt(fmt.substring(i + 1, j));
                i = j;
            }
            if (i >= n) throw new java.util.UnknownFormatConversionException(fmt.substring(start));
            char conv = fmt.charAt(i++);
            if (conv == 'n') {
                out.append('\n');
                continue;
            }
            if (conv == '%') {
                out.append(pad("%", width, flags.indexOf('-') >= 0, false));
                continue;
            }
            Object arg;
            if (flags.indexOf('<') >= 0) {
                arg = args[next - 1];
            } else {
                int k = argIndex >= 0 ? argIndex : next++;
                if (args == null || k >= args.length) {
                    throw new java.util.MissingFormatArgumentException(fmt.substring(start, i));
                }
                arg = args[k];
            }
            out.append(convert(conv, arg, flags, width, prec));
        }
        return out.toString();
    }

    private static String pad(String s, int width, boolean left, boolean zero) {
        if (width <= s.length()) return s;
        StringBuilder sb = new StringBuilder();
        if (left) {
            sb.append(s);
            for (int k = s.length(); k < width; k++) sb.append(' ');
            return sb.toString();
        }
        if (zero) {
            int signs = (s.startsWith("-") || s.startsWith("+") || s.startsWith(" ")) ? 1 : 0;
            sb.append(s, 0, signs);
            for (int k = s.length(); k < width; k++) sb.append('0');
            sb.append(s, signs, s.length());
            return sb.toString();
        }
        for (int k = s.length(); k < width; k++) sb.append(' ');
        sb.append(s);
        return sb.toString();
    }

    private static String group(String digits) {
        // digits: an optional '-', digits, then maybe ".fraction"
        int dot = digits.indexOf('.');
        String intPart = dot >= 0 ? digits.substring(0, dot) : digits;
        String rest = dot >= 0 ? digits.substring(dot) : "";
        boolean neg = intPart.startsWith("-");
        if (neg) intPart = intPart.substring(1);
        StringBuilder sb = new StringBuilder();
        int len = intPart.length();
        for (int k = 0; k < len; k++) {
            if (k > 0 && (len - k) % 3 == 0) sb.append(',');
            sb.append(intPart.charAt(k));
        }
        return (neg ? "-" : "") + sb + rest;
    }

    private static String signed(String s, String flags) {
        boolean neg = s.startsWith("-");
        if (flags.indexOf(',') >= 0) s = group(s);
        if (neg) {
            if (flags.indexOf('(') >= 0) return "(" + s.substring(1) + ")";
            return s;
        }
        if (flags.indexOf('+') >= 0) return "+" + s;
        if (flags.indexOf(' ') >= 0) return " " + s;
        return s;
    }

    /** A BigDecimal in %f or %e form, exactly, rounding half up. */
    private static String decimal(java.math.BigDecimal v, char conv, int prec) {
        if (conv == 'f') return v.setScale(prec, java.math.RoundingMode.HALF_UP).toPlainString();
        String sign = v.signum() < 0 ? "-" : "";
        v = v.abs();
        String digits;
        long exp;
        if (v.signum() == 0) {
            digits = "0";
            exp = 0;
        } else {
            java.math.BigDecimal r = v.round(new java.math.MathContext(prec + 1, java.math.RoundingMode.HALF_UP));
            digits = r.unscaledValue().toString();
            exp = (long) r.precision() - r.scale() - 1;
        }
        StringBuilder sb = new StringBuilder(sign).append(digits.charAt(0));
        if (prec > 0) {
            sb.append('.');
            for (int i = 1; i <= prec; i++) sb.append(i < digits.length() ? digits.charAt(i) : '0');
        }
        sb.append(conv).append(exp < 0 ? '-' : '+');
        long a = Math.abs(exp);
        if (a < 10) sb.append('0');
        return sb.append(a).toString();
    }

    private static String convert(char conv, Object arg, String flags, int width, int prec) {
        boolean left = flags.indexOf('-') >= 0;
        boolean zero = flags.indexOf('0') >= 0;
        String s;
        switch (conv) {
            case 'b':
            case 'B':
                s = arg == null ? "false" : arg instanceof Boolean ? arg.toString() : "true";
                if (prec >= 0 && prec < s.length()) s = s.substring(0, prec);
                if (conv == 'B') s = s.toUpperCase();
                return pad(s, width, left, false);
            case 's':
            case 'S':
                s = String.valueOf(arg);
                if (prec >= 0 && prec < s.length()) s = s.substring(0, prec);
                if (conv == 'S') s = s.toUpperCase();
                return pad(s, width, left, false);
            case 'c':
            case 'C':
                if (arg == null) s = "null";
                else if (arg instanceof Character) s = String.valueOf((char) (Character) arg);
                else s = Natives.codePointToString(((Number) arg).intValue());
                if (conv == 'C') s = s.toUpperCase();
                return pad(s, width, left, false);
            case 'd':
                if (arg == null) return pad("null", width, left, false);
                if (arg instanceof java.math.BigInteger) {
                    s = arg.toString();
                    return pad(signed(s, flags), width, left, zero);
                }
                if (!(arg instanceof Integer || arg instanceof Long || arg instanceof Short || arg instanceof Byte)) {
                    throw new java.util.IllegalFormatConversionException(conv, arg.getClass());
                }
                s = String.valueOf(((Number) arg).longValue());
                return pad(signed(s, flags), width, left, zero);
            case 'x':
            case 'X':
            case 'o': {
                if (arg == null) return pad("null", width, left, false);
                if (arg instanceof java.math.BigInteger) {
                    java.math.BigInteger bi = (java.math.BigInteger) arg;
                    s = bi.abs().toString(conv == 'o' ? 8 : 16);
                    if (flags.indexOf('#') >= 0) s = (conv == 'o' ? "0" : "0x") + s;
                    if (bi.signum() < 0) s = "-" + s;
                    if (conv == 'X') s = s.toUpperCase();
                    return pad(signed(s, flags), width, left, zero);
                }
                long v = ((Number) arg).longValue();
                if (arg instanceof Integer) {
                    s = conv == 'o' ? Integer.toOctalString((int) v) : Integer.toHexString((int) v);
                } else if (arg instanceof Byte) {
                    s = conv == 'o' ? Integer.toOctalString((int) v & 0xff) : Integer.toHexString((int) v & 0xff);
                } else if (arg instanceof Short) {
                    s = conv == 'o' ? Integer.toOctalString((int) v & 0xffff) : Integer.toHexString((int) v & 0xffff);
                } else {
                    s = conv == 'o' ? Long.toOctalString(v) : Long.toHexString(v);
                }
                if (flags.indexOf('#') >= 0) s = (conv == 'o' ? "0" : "0x") + s;
                if (conv == 'X') s = s.toUpperCase();
                return pad(s, width, left, zero);
            }
            case 'f':
            case 'e':
            case 'E':
            case 'g':
            case 'G': {
                if (arg == null) return pad("null", width, left, false);
                double d;
                if (arg instanceof java.math.BigDecimal && (conv == 'f' || conv == 'e' || conv == 'E')) {
                    s = decimal((java.math.BigDecimal) arg, conv, prec < 0 ? 6 : prec);
                    return pad(signed(s, flags), width, left, zero);
                }
                if (arg instanceof Double || arg instanceof Float) d = ((Number) arg).doubleValue();
                else if (arg instanceof java.math.BigDecimal) d = ((java.math.BigDecimal) arg).doubleValue();
                else throw new java.util.IllegalFormatConversionException(conv, arg.getClass());
                if (Double.isNaN(d) || Double.isInfinite(d)) {
                    s = Double.isNaN(d) ? "NaN" : d > 0 ? (flags.indexOf('+') >= 0 ? "+Infinity" : "Infinity") : (flags.indexOf('(') >= 0 ? "(Infinity)" : "-Infinity");
                    return pad(s, width, left, false);
                }
                int p = prec < 0 ? 6 : prec;
                if (conv == 'g' || conv == 'G') {
                    // p significant digits: fixed notation for 1e-4 <= |rounded value| < 10^p, else scientific.
                    if (p == 0) p = 1;
                    int exp = 0;
                    if (d != 0.0) {
                        String sci = Natives.formatSci(d, p - 1);
                        exp = Integer.parseInt(sci.substring(sci.indexOf('e') + 1));
                    }
                    s = exp >= -4 && exp < p ? Natives.formatFixed(d, p - 1 - exp) : Natives.formatSci(d, p - 1);
                } else {
                    s = conv == 'f' ? Natives.formatFixed(d, p) : Natives.formatSci(d, p);
                }
                if (conv == 'E' || conv == 'G') s = s.toUpperCase();
                return pad(signed(s, flags), width, left, zero);
            }
            case 'h':
            case 'H':
                s = arg == null ? "null" : Integer.toHexString(arg.hashCode());
                if (conv == 'H') s = s.toUpperCase();
                return pad(s, width, left, false);
            default:
                throw new java.util.UnknownFormatConversionException(String.valueOf(conv));
        }
    }
}
