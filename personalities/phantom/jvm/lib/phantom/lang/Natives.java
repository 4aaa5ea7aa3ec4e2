package phantom.lang;

/** Natives of the class library (implemented in the VM's natives_java.rs). */
public final class Natives {
    private Natives() {}
    public static native String doubleToString(double d);
    public static native String floatToString(float f);
    public static native String charToString(char c);
}
