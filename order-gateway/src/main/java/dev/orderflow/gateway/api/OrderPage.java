package dev.orderflow.gateway.api;

import java.util.List;

/** One page of orders, newest first; pass {@code nextCursor} as {@code cursor} for the next page. */
public record OrderPage(List<OrderView> orders, String nextCursor) {
}
