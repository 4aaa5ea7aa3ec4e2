package phantom.lang;

/** What System.exit throws: it ends the calling thread. */
public final class Exit extends Error {
    public final int status;
    public Exit(int status) {
        super("System.exit(" + status + ")");
        this.status = status;
    }
}
