package java.io;

import java.util.Arrays;

/** Byte input; standard input (System.in) gives nothing in Phantom: reads give end of file. */
public class InputStream implements Closeable {
    public InputStream() {}

    public static InputStream nullInputStream() { return new InputStream(); }

    public int read() throws IOException { return -1; }

    public int read(byte[] b) throws IOException { return read(b, 0, b.length); }

    public int read(byte[] b, int off, int len) throws IOException {
        java.util.Objects.checkFromIndexSize(off, len, b.length);
        if (len == 0) return 0;
        int c = read();
        if (c == -1) return -1;
        b[off] = (byte) c;
        int i = 1;
        for (; i < len; i++) {
            c = read();
            if (c == -1) break;
            b[off + i] = (byte) c;
        }
        return i;
    }

    public byte[] readAllBytes() throws IOException {
        byte[] all = new byte[0];
        int n = 0;
        byte[] chunk = new byte[4096];
        for (int r; (r = read(chunk, 0, chunk.length)) > 0;) {
            if (n + r > all.length) all = Arrays.copyOf(all, Math.max(all.length * 2, n + r));
            System.arraycopy(chunk, 0, all, n, r);
            n += r;
        }
        return Arrays.copyOf(all, n);
    }

    public byte[] readNBytes(int len) throws IOException {
        if (len < 0) throw new IllegalArgumentException("len < 0");
        byte[] b = new byte[len];
        int n = readNBytes(b, 0, len);
        return Arrays.copyOf(b, n);
    }

    public int readNBytes(byte[] b, int off, int len) throws IOException {
        int n = 0;
        while (n < len) {
            int r = read(b, off + n, len - n);
            if (r < 0) break;
            n += r;
        }
        return n;
    }

    public long skip(long n) throws IOException {
        long k = 0;
        while (k < n && read() >= 0) k++;
        return k;
    }

    public long transferTo(OutputStream out) throws IOException {
        long t = 0;
        byte[] chunk = new byte[4096];
        for (int r; (r = read(chunk, 0, chunk.length)) > 0;) {
            out.write(chunk, 0, r);
            t += r;
        }
        return t;
    }

    public int available() throws IOException { return 0; }
    public void close() throws IOException {}
    public synchronized void mark(int readlimit) {}
    public synchronized void reset() throws IOException { throw new IOException("mark/reset not supported"); }
    public boolean markSupported() { return false; }
}
