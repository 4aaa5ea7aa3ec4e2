package java.io;

/** Standard input: Phantom programs have none yet (reads give end of file). */
public class InputStream implements Closeable {
    public InputStream() {}
    public int read() throws IOException { return -1; }
    public int read(byte[] b) throws IOException { return read(b, 0, b.length); }
    public int read(byte[] b, int off, int len) throws IOException { return len == 0 ? 0 : -1; }
    public int available() throws IOException { return 0; }
    public void close() throws IOException {}
}
