package java.io;

import java.nio.charset.Charset;

/**
 * Printing to a byte stream. System.out and System.err are console streams
 * (both write to the thread's console); others encode text and write it to
 * the stream they wrap.
 */
public class PrintStream extends FilterOutputStream implements Appendable, Closeable {
    /** Console mode: out is null. */
    private final boolean console;
    private final boolean autoFlush;
    private final Charset charset;
    private boolean trouble;
    /** Console mode: the bytes of a UTF-8 sequence written byte by byte, not yet complete. */
    private byte[] pending = new byte[4];
    private int pendingCount;

    /** A console stream (System.out, System.err). */
    public PrintStream(boolean err) {
        super(null);
        console = true;
        autoFlush = true;
        charset = Charset.defaultCharset();
    }

    public PrintStream(OutputStream out) { this(out, false); }

    public PrintStream(OutputStream out, boolean autoFlush) { this(out, autoFlush, Charset.defaultCharset()); }

    public PrintStream(OutputStream out, boolean autoFlush, String encoding) throws UnsupportedEncodingException {
        this(out, autoFlush, charsetFor(encoding));
    }

    public PrintStream(OutputStream out, boolean autoFlush, Charset charset) {
        super(java.util.Objects.requireNonNull(out, "Null output stream"));
        console = false;
        this.autoFlush = autoFlush;
        this.charset = charset;
    }

    private static Charset charsetFor(String name) throws UnsupportedEncodingException {
        try {
            return Charset.forName(name);
        } catch (IllegalArgumentException e) {
            throw new UnsupportedEncodingException(name);
        }
    }

    private void text(String s, boolean newline) {
        if (console) {
            flushPending();
            if (newline) phantom.Console.println(s);
            else phantom.Console.print(s);
            return;
        }
        try {
            byte[] b = Charset.encode(newline ? s + "\n" : s, charset);
            out.write(b, 0, b.length);
            if (autoFlush && (newline || s.indexOf('\n') >= 0)) out.flush();
        } catch (IOException e) {
            trouble = true;
        }
    }

    private void flushPending() {
        if (pendingCount > 0) {
            phantom.Console.print(new String(pending, 0, pendingCount));
            pendingCount = 0;
        }
    }

    public void print(String s) { text(s == null ? "null" : s, false); }
    public void print(Object o) { print(String.valueOf(o)); }
    public void print(int i) { print(String.valueOf(i)); }
    public void print(long l) { print(String.valueOf(l)); }
    public void print(char c) { print(String.valueOf(c)); }
    public void print(boolean b) { print(String.valueOf(b)); }
    public void print(float f) { print(String.valueOf(f)); }
    public void print(double d) { print(String.valueOf(d)); }
    public void print(char[] s) { print(new String(s)); }

    public void println() { text("", true); }
    public void println(String s) { text(s == null ? "null" : s, true); }
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
    public PrintStream append(CharSequence s, int start, int end) {
        if (s == null) s = "null";
        return append(s.subSequence(start, end));
    }
    public PrintStream append(char c) {
        print(c);
        return this;
    }

    /** Writes a byte; on the console, UTF-8 sequences are shown once complete. */
    public void write(int b) {
        if (!console) {
            try {
                out.write(b);
                if (autoFlush && b == '\n') out.flush();
            } catch (IOException e) {
                trouble = true;
            }
            return;
        }
        int lead = pendingCount > 0 ? pending[0] & 0xff : b & 0xff;
        int need = lead < 0x80 ? 1 : lead >= 0xf0 ? 4 : lead >= 0xe0 ? 3 : lead >= 0xc0 ? 2 : 1;
        pending[pendingCount++] = (byte) b;
        if (pendingCount >= need) {
            String s = new String(pending, 0, pendingCount);
            pendingCount = 0;
            phantom.Console.print(s);
        }
    }

    public void write(byte[] b, int off, int len) {
        if (!console) {
            try {
                out.write(b, off, len);
                if (autoFlush) out.flush();
            } catch (IOException e) {
                trouble = true;
            }
            return;
        }
        java.util.Objects.checkFromIndexSize(off, len, b.length);
        flushPending();
        phantom.Console.print(new String(b, off, len));
    }

    public void write(byte[] b) throws IOException { write(b, 0, b.length); }
    public void writeBytes(byte[] b) { write(b, 0, b.length); }

    public void flush() {
        if (console) {
            flushPending();
            return;
        }
        try {
            out.flush();
        } catch (IOException e) {
            trouble = true;
        }
    }

    public void close() {
        if (console) {
            flushPending();
            return;
        }
        try {
            out.close();
        } catch (IOException e) {
            trouble = true;
        }
    }

    public boolean checkError() {
        flush();
        return trouble;
    }

    protected void setError() { trouble = true; }
    protected void clearError() { trouble = false; }
}
