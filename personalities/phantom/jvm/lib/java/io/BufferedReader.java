package java.io;

import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.stream.Stream;

public class BufferedReader extends Reader {
    private Reader in;
    private char[] cb;
    private int nChars, nextChar;
    private boolean skipLF;
    private int markedChar = -1;
    private int readAheadLimit;
    private boolean markedSkipLF;

    public BufferedReader(Reader in) { this(in, 8192); }

    public BufferedReader(Reader in, int sz) {
        super(in);
        if (sz <= 0) throw new IllegalArgumentException("Buffer size <= 0");
        this.in = in;
        cb = new char[sz];
    }

    private void ensureOpen() throws IOException {
        if (in == null) throw new IOException("Stream closed");
    }

    /** Refills the buffer, keeping the marked part. */
    private void fill() throws IOException {
        int dst;
        if (markedChar < 0) {
            dst = 0;
        } else {
            int delta = nextChar - markedChar;
            if (delta >= readAheadLimit) {
                markedChar = -1;
                readAheadLimit = 0;
                dst = 0;
            } else {
                if (readAheadLimit > cb.length) {
                    char[] ncb = new char[readAheadLimit];
                    System.arraycopy(cb, markedChar, ncb, 0, delta);
                    cb = ncb;
                } else {
                    System.arraycopy(cb, markedChar, cb, 0, delta);
                }
                markedChar = 0;
                dst = delta;
            }
        }
        int n;
        do {
            n = in.read(cb, dst, cb.length - dst);
        } while (n == 0);
        if (n > 0) {
            nChars = dst + n;
            nextChar = dst;
        } else {
            nChars = dst;
            nextChar = dst;
        }
    }

    public int read() throws IOException {
        ensureOpen();
        while (true) {
            if (nextChar >= nChars) {
                fill();
                if (nextChar >= nChars) return -1;
            }
            if (skipLF) {
                skipLF = false;
                if (cb[nextChar] == '\n') {
                    nextChar++;
                    continue;
                }
            }
            return cb[nextChar++];
        }
    }

    public int read(char[] cbuf, int off, int len) throws IOException {
        ensureOpen();
        java.util.Objects.checkFromIndexSize(off, len, cbuf.length);
        if (len == 0) return 0;
        int n = 0;
        while (n < len) {
            if (n > 0 && nextChar >= nChars && !in.ready()) break;
            int c = read();
            if (c < 0) break;
            cbuf[off + n++] = (char) c;
        }
        return n == 0 ? -1 : n;
    }

    /** A line without its terminator (\n, \r or \r\n), or null at the end. */
    public String readLine() throws IOException {
        ensureOpen();
        StringBuilder sb = null;
        while (true) {
            if (nextChar >= nChars) {
                fill();
                if (nextChar >= nChars) return sb == null ? null : sb.toString();
            }
            if (skipLF) {
                skipLF = false;
                if (cb[nextChar] == '\n') {
                    nextChar++;
                    continue;
                }
            }
            int start = nextChar;
            while (nextChar < nChars && cb[nextChar] != '\n' && cb[nextChar] != '\r') nextChar++;
            if (sb == null) sb = new StringBuilder();
            sb.append(cb, start, nextChar - start);
            if (nextChar < nChars) {
                if (cb[nextChar] == '\r') skipLF = true;
                nextChar++;
                return sb.toString();
            }
        }
    }

    public long skip(long n) throws IOException {
        if (n < 0L) throw new IllegalArgumentException("skip value is negative");
        long k = 0;
        while (k < n && read() >= 0) k++;
        return k;
    }

    public boolean ready() throws IOException {
        ensureOpen();
        return nextChar < nChars || in.ready();
    }

    public boolean markSupported() { return true; }

    public void mark(int readAheadLimit) throws IOException {
        if (readAheadLimit < 0) throw new IllegalArgumentException("Read-ahead limit < 0");
        ensureOpen();
        this.readAheadLimit = readAheadLimit;
        markedChar = nextChar;
        markedSkipLF = skipLF;
    }

    public void reset() throws IOException {
        ensureOpen();
        if (markedChar < 0) throw new IOException("Stream not marked");
        nextChar = markedChar;
        skipLF = markedSkipLF;
    }

    public void close() throws IOException {
        if (in == null) return;
        try {
            in.close();
        } finally {
            in = null;
            cb = null;
        }
    }

    public Stream<String> lines() {
        Iterator<String> it = new Iterator<String>() {
            private String next;

            public boolean hasNext() {
                if (next != null) return true;
                try {
                    next = readLine();
                    return next != null;
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }

            public String next() {
                if (!hasNext()) throw new NoSuchElementException();
                String line = next;
                next = null;
                return line;
            }
        };
        return java.util.stream.Sources.of(it, -1);
    }
}
