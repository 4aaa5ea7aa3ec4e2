package java.lang;

public class IllegalCallerException extends RuntimeException {
    public IllegalCallerException() { super(); }
    public IllegalCallerException(String message) { super(message); }
}
