package dev.orderflow.ofctl.client;

/** A service could not be reached, or refused a request; the message is meant for the operator. */
public class ServiceException extends RuntimeException {

    private final int status;

    public ServiceException(String message, int status) {
        super(message);
        this.status = status;
    }

    /** The HTTP status, or 0 when the service did not answer at all. */
    public int status() {
        return status;
    }
}
