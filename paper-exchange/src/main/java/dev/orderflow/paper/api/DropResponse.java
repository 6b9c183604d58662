package dev.orderflow.paper.api;

/** Thrown after an order was executed when the DROP_RESPONSE fault hits: no answer is sent. */
final class DropResponse extends RuntimeException {

    final long holdMillis;

    DropResponse(long holdMillis) {
        super(null, null, false, false);
        this.holdMillis = holdMillis;
    }
}
