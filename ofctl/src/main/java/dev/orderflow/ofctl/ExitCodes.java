package dev.orderflow.ofctl;

/** Exit codes scripts can rely on; every command returns one of these. */
public final class ExitCodes {

    /** Done, and every check passed. */
    public static final int OK = 0;
    /** The command could not do its work: a service unreachable, a request refused, a file unreadable. */
    public static final int FAILED = 1;
    /** The command line was wrong (picocli's own code for usage errors). */
    public static final int USAGE = 2;
    /** The command ran, but something it checks did not pass (a service not ready, a duplicate found). */
    public static final int CHECK_FAILED = 3;

    private ExitCodes() {
    }
}
