package java.io;

import java.nio.charset.Charset;

/** Characters decoded from a byte stream (read in full on the first read). */
public class InputStreamReader extends Reader {
    private InputStream in;
    private final Charset charset;
    private String text;
    private int pos;

    public InputStreamReader(InputStream in) { this(in, Charset.defaultCharset()); }

    public InputStreamReader(InputStream in, String charsetName) throws UnsupportedEncodingException {
        super(in);
        if (charsetName == null) throw new NullPointerException("charsetName");
        this.in = in;
        try {
            this.charset = Charset.forName(charsetName);
        } catch (IllegalArgumentException e) {
            throw new UnsupportedEncodingException(charsetName);
        }
    }

    public InputStreamReader(InputStream in, Charset cs) {
        super(in);
        this.in = in;
        this.charset = cs;
    }

    public String getEncoding() { return in == null ? null : charset.name().replace("-", ""); }

    private void fill() throws IOException {
        if (in == null) throw new IOException("Stream closed");
        if (text == null) {
            byte[] all = in.readAllBytes();
            text = Charset.decode(all, 0, all.length, charset);
        }
    }

    public int read() throws IOException {
        fill();
        return pos < text.length() ? text.charAt(pos++) : -1;
    }

    public int read(char[] cbuf, int off, int len) throws IOException {
        java.util.Objects.checkFromIndexSize(off, len, cbuf.length);
        fill();
        if (len == 0) return 0;
        if (pos >= text.length()) return -1;
        int n = Math.min(len, text.length() - pos);
        text.getChars(pos, pos + n, cbuf, off);
        pos += n;
        return n;
    }

    public boolean ready() throws IOException {
        fill();
        return pos < text.length();
    }

    public void close() throws IOException {
        if (in != null) in.close();
        in = null;
    }
}
