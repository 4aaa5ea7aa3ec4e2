package java.nio.charset;

public final class StandardCharsets {
    private StandardCharsets() {}

    public static final Charset US_ASCII = Charset.ASCII;
    public static final Charset ISO_8859_1 = Charset.LATIN1;
    public static final Charset UTF_8 = Charset.UTF8;
    public static final Charset UTF_16BE = Charset.UTF16BE;
    public static final Charset UTF_16LE = Charset.UTF16LE;
    public static final Charset UTF_16 = Charset.UTF16;
}
