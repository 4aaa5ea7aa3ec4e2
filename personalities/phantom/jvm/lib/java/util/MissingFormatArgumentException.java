package java.util;

public class MissingFormatArgumentException extends IllegalFormatException {
    private final String s;
    // The message is made here (not in getMessage) so that every printer of the exception sees it.
    public MissingFormatArgumentException(String s) {
        super("Format specifier '" + s + "'");
        this.s = s;
    }
    public String getFormatSpecifier() { return s; }
}
