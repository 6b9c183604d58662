package dev.orderflow.ofctl.load;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Compares what a load run asked for with what the gateway recorded and what the exchange holds, client order
 * id by client order id. Plain logic: the command gathers the three views, this decides.
 */
public final class LoadCheck {

    /** Gateway states after which the order is known to have reached the exchange. */
    private static final Set<String> AT_EXCHANGE = Set.of("ACKNOWLEDGED", "PARTIALLY_FILLED", "FILLED");
    /** Gateway states that may still change without anyone's help. */
    private static final Set<String> UNSETTLED = Set.of("ACCEPTED", "PENDING_GUARDS", "SUBMITTING", "UNKNOWN");

    /** The gateway's view of one order at the end: its status and the exchange's order id if it got one. */
    public record GatewayOrder(String clientOrderId, String status, String exchangeOrderId) {
    }

    /** One order at the exchange. */
    public record ExchangeOrder(String clientOrderId, long orderId, String status) {
    }

    /**
     * @param duplicated client order ids the exchange holds more than one order for, with the count
     * @param lost accepted orders the gateway does not know, or says reached the exchange, which has none
     * @param unexpected orders the exchange holds that the gateway says it never sent (BLOCKED, REJECTED before sending)
     * @param unsettled orders still SUBMITTING, UNKNOWN, ACCEPTED or PENDING_GUARDS at the end
     */
    public record Outcome(Map<String, Integer> duplicated, List<String> lost, List<String> unexpected, List<String> unsettled) {

        public boolean passed() {
            return duplicated.isEmpty() && lost.isEmpty() && unexpected.isEmpty() && unsettled.isEmpty();
        }
    }

    private LoadCheck() {
    }

    /**
     * @param accepted client order ids the gateway accepted (201, or 200 for a replay)
     * @param gateway the gateway's orders of this run by client order id
     * @param exchange the exchange's orders whose client order id belongs to this run
     */
    public static Outcome check(Collection<String> accepted, Map<String, GatewayOrder> gateway, List<ExchangeOrder> exchange) {
        Map<String, Long> counts = exchange.stream().collect(Collectors.groupingBy(ExchangeOrder::clientOrderId, TreeMap::new, Collectors.counting()));
        Map<String, Integer> duplicated = new TreeMap<>();
        counts.forEach((coid, count) -> {
            if (count > 1) {
                duplicated.put(coid, count.intValue());
            }
        });
        List<String> lost = new ArrayList<>();
        List<String> unsettled = new ArrayList<>();
        for (String coid : new TreeSet<>(accepted)) {
            GatewayOrder order = gateway.get(coid);
            if (order == null) {
                lost.add(coid + ": accepted, unknown to the gateway");
            } else if (UNSETTLED.contains(order.status())) {
                unsettled.add(coid + ": " + order.status());
            } else if ((AT_EXCHANGE.contains(order.status()) || order.exchangeOrderId() != null) && !counts.containsKey(coid)) {
                lost.add(coid + ": " + order.status() + " at the gateway, absent at the exchange");
            }
        }
        Map<String, GatewayOrder> byCoid = gateway.values().stream().collect(Collectors.toMap(GatewayOrder::clientOrderId, Function.identity()));
        List<String> unexpected = new ArrayList<>();
        counts.keySet().forEach(coid -> {
            GatewayOrder order = byCoid.get(coid);
            if (order == null) {
                unexpected.add(coid + ": at the exchange, unknown to the gateway");
            } else if (order.exchangeOrderId() == null && !AT_EXCHANGE.contains(order.status()) && !UNSETTLED.contains(order.status())) {
                unexpected.add(coid + ": at the exchange, " + order.status() + " at the gateway without an exchange order");
            }
        });
        return new Outcome(duplicated, lost, unexpected, unsettled);
    }
}
