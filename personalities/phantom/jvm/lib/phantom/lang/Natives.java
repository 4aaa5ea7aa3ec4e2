package phantom.lang;

/** Natives of the class library (implemented in the VM's natives_java.rs). */
public final class Natives {
    private Natives() {}

    public static native String doubleToString(double d);
    public static native String floatToString(float f);
    public static native String charToString(char c);
    public static native String codePointToString(int cp);
    public static native String newString(char[] chars, int offset, int count);
    public static native char[] toCharArray(String s);
    public static native String substring(String s, int begin, int end);
    public static native int indexOf(String s, String t, int from);
    public static native int lastIndexOf(String s, String t, int from);
    public static native int indexOfChar(String s, int ch, int from);
    public static native int lastIndexOfChar(String s, int ch, int from);
    public static native int compare(String a, String b, boolean ignoreCase);
    public static native boolean regionMatches(String s, boolean ignoreCase, int toffset, String other, int ooffset, int len);
    public static native String toUpperCase(String s);
    public static native String toLowerCase(String s);
    /** mode 0: trim, 1: strip, 2: stripLeading, 3: stripTrailing. */
    public static native String trim(String s, int mode);
    public static native String replaceChar(String s, char from, char to);
    public static native String replace(String s, String target, String replacement);
    public static native String repeat(String s, int count);
    public static native double parseDouble(String s);
    public static native float parseFloat(String s);
    public static native String formatFixed(double d, int precision);
    public static native String formatSci(double d, int precision);
    public static native Object clone(Object o);
    public static native Object newArrayLike(Object array, int length);
    public static native int identityHashCode(Object o);
    /** The internal name of the object's class ({@code java/util/ArrayList}, {@code [I}). */
    public static native String className(Object o);
}
