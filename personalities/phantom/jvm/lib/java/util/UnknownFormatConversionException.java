package java.util;

public class UnknownFormatConversionException extends IllegalFormatException {
    private final String s;
    // The message is made here (not in getMessage) so that every printer of the exception sees it.
    public UnknownFormatConversionException(String s) {
        super("Conversion = '" + s + "'");
        this.s = s;
    }
    public String getConversion() { return s; }
}
