package dev.orderflow.paper.domain;

/** A canceled order and the client order id of the cancel request itself. */
public record CancelResult(OrderView order, String cancelClientOrderId, long transactTime) {
}
