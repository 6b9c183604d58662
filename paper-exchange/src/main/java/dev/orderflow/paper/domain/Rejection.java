package dev.orderflow.paper.domain;

/** The venue refused a request; {@code code} and {@code msg} are Binance's. */
public class Rejection extends RuntimeException {

    private final int code;

    public Rejection(int code, String msg) {
        super(msg, null, false, false);
        this.code = code;
    }

    public int code() {
        return code;
    }

    public static Rejection filter(String filter) {
        return new Rejection(-1013, "Filter failure: " + filter);
    }

    public static Rejection insufficientBalance() {
        return new Rejection(-2010, "Account has insufficient balance for requested action.");
    }

    public static Rejection duplicate() {
        return new Rejection(-2010, "Duplicate order sent.");
    }

    public static Rejection noSuchOrder() {
        return new Rejection(-2013, "Order does not exist.");
    }

    public static Rejection unknownOrderOnCancel() {
        return new Rejection(-2011, "Unknown order sent.");
    }

    public static Rejection invalidSymbol() {
        return new Rejection(-1121, "Invalid symbol.");
    }
}
