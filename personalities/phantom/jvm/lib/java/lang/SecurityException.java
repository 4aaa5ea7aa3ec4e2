package java.lang;

public class SecurityException extends RuntimeException {
    public SecurityException() { super(); }
    public SecurityException(String message) { super(message); }
}
