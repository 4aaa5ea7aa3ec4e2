package java.lang;

public final class StackTraceElement implements java.io.Serializable {
    private final String declaringClass, methodName, fileName;
    private final int lineNumber;

    public StackTraceElement(String declaringClass, String methodName, String fileName, int lineNumber) {
        this.declaringClass = declaringClass;
        this.methodName = methodName;
        this.fileName = fileName;
        this.lineNumber = lineNumber;
    }
    public String getClassName() { return declaringClass; }
    public String getMethodName() { return methodName; }
    public String getFileName() { return fileName; }
    public int getLineNumber() { return lineNumber; }
    public String toString() { return declaringClass + "." + methodName + "(" + fileName + ":" + lineNumber + ")"; }
}
