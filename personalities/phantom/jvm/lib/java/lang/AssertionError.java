package java.lang;

public class AssertionError extends Error {
    public AssertionError() { super(); }
    public AssertionError(Object detail) {
        super(String.valueOf(detail));
        if (detail instanceof Throwable) initCause((Throwable) detail);
    }
    public AssertionError(boolean b) { super(String.valueOf(b)); }
    public AssertionError(char c) { super(String.valueOf(c)); }
    public AssertionError(int i) { super(String.valueOf(i)); }
    public AssertionError(long l) { super(String.valueOf(l)); }
    public AssertionError(double d) { super(String.valueOf(d)); }
    public AssertionError(String message, Throwable cause) { super(message, cause); }
}
