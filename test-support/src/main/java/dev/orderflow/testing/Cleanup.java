package dev.orderflow.testing;

/** Ends what a test started, each part on its own: one that fails to close must not leave the rest running. */
public final class Cleanup {

    private Cleanup() {
    }

    /** Closes each in turn, skipping nulls, and reports a failure instead of throwing it. */
    public static void closeAll(Iterable<? extends AutoCloseable> closeables) {
        for (AutoCloseable closeable : closeables) {
            try {
                if (closeable != null) {
                    closeable.close();
                }
            } catch (Exception e) {
                System.err.println("Cleanup: " + e.getMessage());
            }
        }
    }
}
