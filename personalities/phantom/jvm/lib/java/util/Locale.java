package java.util;

/** Locales are accepted and ignored: formatting is always the root locale's. */
public final class Locale implements java.io.Serializable {
    public static final Locale ROOT = new Locale("");
    public static final Locale US = new Locale("en_US");
    public static final Locale ENGLISH = new Locale("en");
    public static final Locale UK = new Locale("en_GB");
    private final String tag;
    public Locale(String tag) { this.tag = tag; }
    public Locale(String language, String country) { this.tag = language + "_" + country; }
    public static Locale getDefault() { return US; }
    public String toString() { return tag; }
}
