package java.lang;

public class TypeNotPresentException extends RuntimeException {
    public TypeNotPresentException() { super(); }
    public TypeNotPresentException(String message) { super(message); }
}
