package dev.orderflow.venue.binance;

import dev.orderflow.contracts.events.OrderStatus;
import dev.orderflow.venue.ExecutionReport;
import java.util.Locale;

/**
 * Binance spot's words, translated once: order statuses, execution types and the error codes whose
 * meaning the services act on.
 */
public final class BinanceCodes {

    /** "An unknown error occurred while processing the request": the order may or may not exist. */
    public static final int UNKNOWN_OUTCOME = -1007;
    /** "Order does not exist." (query). */
    public static final int NO_SUCH_ORDER = -2013;
    /** CANCEL_REJECTED; "Unknown order sent." means the order does not exist. */
    public static final int CANCEL_REJECTED = -2011;
    /** NEW_ORDER_REJECTED; "Duplicate order sent." means an open order with the client order id exists. */
    public static final int NEW_ORDER_REJECTED = -2010;

    private BinanceCodes() {
    }

    /**
     * An order status in the gateway's terms: {@code NEW} (and {@code PENDING_NEW}) rests untouched
     * (ACKNOWLEDGED); {@code EXPIRED_IN_MATCH} (self-trade prevention) is EXPIRED; {@code PENDING_CANCEL}
     * still rests. Null for a status Binance has not documented.
     */
    public static OrderStatus status(String binance) {
        return switch (binance == null ? "" : binance) {
            case "NEW", "PENDING_NEW", "PENDING_CANCEL" -> OrderStatus.ACKNOWLEDGED;
            case "PARTIALLY_FILLED" -> OrderStatus.PARTIALLY_FILLED;
            case "FILLED" -> OrderStatus.FILLED;
            case "CANCELED" -> OrderStatus.CANCELED;
            case "REJECTED" -> OrderStatus.REJECTED;
            case "EXPIRED", "EXPIRED_IN_MATCH" -> OrderStatus.EXPIRED;
            default -> null;
        };
    }

    /** An execution type ({@code x}) of an executionReport. */
    public static ExecutionReport.Kind execution(String type) {
        return switch (type == null ? "" : type) {
            case "NEW" -> ExecutionReport.Kind.NEW;
            case "TRADE" -> ExecutionReport.Kind.TRADE;
            case "CANCELED" -> ExecutionReport.Kind.CANCELED;
            case "EXPIRED" -> ExecutionReport.Kind.EXPIRED;
            case "REJECTED" -> ExecutionReport.Kind.REJECTED;
            default -> ExecutionReport.Kind.OTHER;
        };
    }

    /** The venue does not know the order this request was about. */
    public static boolean orderNotFound(int code, String message) {
        return code == NO_SUCH_ORDER || code == CANCEL_REJECTED && lower(message).contains("unknown order");
    }

    /** A new order refused because an open order already has its client order id. */
    public static boolean duplicateClientOrderId(int code, String message) {
        return code == NEW_ORDER_REJECTED && lower(message).contains("duplicate");
    }

    private static String lower(String message) {
        return message == null ? "" : message.toLowerCase(Locale.ROOT);
    }
}
