package java.io;

/** Console output. Both System.out and System.err write to the thread's console. */
public class PrintStream {
    private final boolean err;

    public PrintStream(boolean err) { this.err = err; }

    public void print(String s) { phantom.Console.print(s == null ? "null" : s); }
    public void print(Object o) { print(String.valueOf(o)); }
    public void print(int i) { print(String.valueOf(i)); }
    public void print(long l) { print(String.valueOf(l)); }
    public void print(char c) { print(String.valueOf(c)); }
    public void print(boolean b) { print(String.valueOf(b)); }
    public void print(float f) { print(String.valueOf(f)); }
    public void print(double d) { print(String.valueOf(d)); }
    public void print(char[] s) { print(new String(s)); }

    public void println() { phantom.Console.println(""); }
    public void println(String s) { phantom.Console.println(s == null ? "null" : s); }
    public void println(Object o) { println(String.valueOf(o)); }
    public void println(int i) { println(String.valueOf(i)); }
    public void println(long l) { println(String.valueOf(l)); }
    public void println(char c) { println(String.valueOf(c)); }
    public void println(boolean b) { println(String.valueOf(b)); }
    public void println(float f) { println(String.valueOf(f)); }
    public void println(double d) { println(String.valueOf(d)); }
    public void println(char[] s) { println(new String(s)); }

    public PrintStream printf(String format, Object... args) {
        print(String.format(format, args));
        return this;
    }
    public PrintStream printf(java.util.Locale l, String format, Object... args) { return printf(format, args); }
    public PrintStream format(String format, Object... args) { return printf(format, args); }
    public PrintStream format(java.util.Locale l, String format, Object... args) { return printf(format, args); }
    public PrintStream append(CharSequence s) {
        print(String.valueOf(s));
        return this;
    }
    public PrintStream append(char c) {
        print(c);
        return this;
    }
    public void write(int b) { print((char) (b & 0xff)); }

    public void flush() {}
    public void close() {}
}
