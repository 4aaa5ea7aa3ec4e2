package java.io;

import java.nio.charset.Charset;

/** Characters encoded to a byte stream; like the JDK's, it keeps up to 8 KiB of bytes until flushed. */
public class OutputStreamWriter extends Writer {
    private OutputStream out;
    private final Charset charset;
    private final StringBuilder pending = new StringBuilder();

    public OutputStreamWriter(OutputStream out) { this(out, Charset.defaultCharset()); }

    public OutputStreamWriter(OutputStream out, String charsetName) throws UnsupportedEncodingException {
        super(out);
        if (charsetName == null) throw new NullPointerException("charsetName");
        this.out = out;
        try {
            this.charset = Charset.forName(charsetName);
        } catch (IllegalArgumentException e) {
            throw new UnsupportedEncodingException(charsetName);
        }
    }

    public OutputStreamWriter(OutputStream out, Charset cs) {
        super(out);
        this.out = out;
        this.charset = cs;
    }

    public String getEncoding() { return out == null ? null : charset.name().replace("-", ""); }

    private void ensureOpen() throws IOException {
        if (out == null) throw new IOException("Stream closed");
    }

    private void drain(boolean all) throws IOException {
        int n = pending.length();
        if (n == 0) return;
        if (!all && n < 8192) return;
        // A high surrogate at the end waits for its pair.
        int cut = n;
        if (!all && Character.isHighSurrogate(pending.charAt(n - 1))) cut--;
        byte[] b = Charset.encode(pending.substring(0, cut), charset);
        pending.delete(0, cut);
        out.write(b, 0, b.length);
    }

    public void write(int c) throws IOException {
        ensureOpen();
        pending.append((char) c);
        drain(false);
    }

    public void write(char[] cbuf, int off, int len) throws IOException {
        ensureOpen();
        java.util.Objects.checkFromIndexSize(off, len, cbuf.length);
        pending.append(cbuf, off, len);
        drain(false);
    }

    public void write(String str, int off, int len) throws IOException {
        ensureOpen();
        pending.append(str, off, off + len);
        drain(false);
    }

    public void flush() throws IOException {
        ensureOpen();
        drain(true);
        out.flush();
    }

    public void close() throws IOException {
        if (out == null) return;
        try {
            drain(true);
            out.flush();
        } finally {
            out.close();
            out = null;
        }
    }
}
