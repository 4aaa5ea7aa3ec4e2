package phantom.lang;

/**
 * The members of java.lang.String that the VM's boot module does not define.
 * The converter turns a call of {@code s.m(args)} into
 * {@code StringMethods.m(s, args)}, and of a static {@code String.m(args)}
 * into {@code StringMethods.m(args)}; {@code new String(args)} becomes
 * {@code StringMethods.newString(args)}.
 */
public final class StringMethods {
    private StringMethods() {}

    public static String valueOf(int i) { return String.valueOf((long) i); }
    public static String valueOf(char c) { return Natives.charToString(c); }
    public static String valueOf(boolean b) { return b ? "true" : "false"; }
    public static String valueOf(float f) { return Natives.floatToString(f); }
    public static String valueOf(double d) { return Natives.doubleToString(d); }
    public static String valueOf(Object o) {
        if (o == null) return "null";
        String s = o.toString();
        return s == null ? "null" : s;
    }
}
