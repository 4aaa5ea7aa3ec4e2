package java.io;

public abstract class Reader implements Closeable {
    protected Object lock;

    protected Reader() { lock = this; }

    protected Reader(Object lock) {
        if (lock == null) throw new NullPointerException();
        this.lock = lock;
    }

    public static Reader nullReader() {
        return new Reader() {
            public int read(char[] cbuf, int off, int len) { return len == 0 ? 0 : -1; }
            public void close() {}
        };
    }

    public int read() throws IOException {
        char[] cb = new char[1];
        return read(cb, 0, 1) == -1 ? -1 : cb[0];
    }

    public int read(char[] cbuf) throws IOException { return read(cbuf, 0, cbuf.length); }
    public abstract int read(char[] cbuf, int off, int len) throws IOException;

    public long skip(long n) throws IOException {
        if (n < 0L) throw new IllegalArgumentException("skip value is negative");
        long k = 0;
        while (k < n && read() >= 0) k++;
        return k;
    }

    public boolean ready() throws IOException { return false; }
    public boolean markSupported() { return false; }
    public void mark(int readAheadLimit) throws IOException { throw new IOException("mark() not supported"); }
    public void reset() throws IOException { throw new IOException("reset() not supported"); }
    public abstract void close() throws IOException;

    public long transferTo(Writer out) throws IOException {
        long t = 0;
        char[] buf = new char[4096];
        for (int n; (n = read(buf, 0, buf.length)) >= 0;) {
            out.write(buf, 0, n);
            t += n;
        }
        return t;
    }
}
