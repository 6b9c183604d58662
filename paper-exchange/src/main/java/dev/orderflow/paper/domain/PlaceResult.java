package dev.orderflow.paper.domain;

import java.util.List;

/** The order after placement and the fills it got at once. */
public record PlaceResult(OrderView order, List<Trade> fills, long transactTime) {
}
