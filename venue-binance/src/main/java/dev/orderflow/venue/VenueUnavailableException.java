package dev.orderflow.venue;

/** The venue could not be asked, or did not answer usefully; nothing was decided there. */
public class VenueUnavailableException extends RuntimeException {

    public VenueUnavailableException(String message, Throwable cause) {
        super(message, cause, false, false);
    }
}
