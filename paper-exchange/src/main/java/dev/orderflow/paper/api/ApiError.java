package dev.orderflow.paper.api;

/** A request the venue answers with Binance's error JSON {@code {code,msg}} and an HTTP status. */
public final class ApiError extends RuntimeException {

    private final int status;
    private final int code;

    public ApiError(int status, int code, String msg) {
        super(msg, null, false, false);
        this.status = status;
        this.code = code;
    }

    public int status() {
        return status;
    }

    public int code() {
        return code;
    }

    public static ApiError mandatory(String name) {
        return new ApiError(400, -1102, "Mandatory parameter '" + name + "' was not sent, was empty/null, or malformed.");
    }

    public static ApiError illegal(String name, String range) {
        return new ApiError(400, -1100, "Illegal characters found in parameter '" + name + "'; legal range is '" + range + "'.");
    }
}
