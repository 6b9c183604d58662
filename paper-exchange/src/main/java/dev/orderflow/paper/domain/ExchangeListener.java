package dev.orderflow.paper.domain;

import java.util.List;

/**
 * What the engine tells the outside world, in order, while it holds its lock: implementations only
 * hand the events on (queue, non-blocking send).
 */
public interface ExchangeListener {

    /**
     * An order changed.
     *
     * @param lastTrade the fill of a TRADE execution, else null
     * @param cancelClientOrderId for CANCELED by request: the cancel's own client order id, else null
     */
    void onOrderUpdate(String apiKey, OrderView order, ExecutionType execution, Trade lastTrade,
            String cancelClientOrderId, String rejectReason, long eventTime);

    /** Balances of these assets changed. */
    void onBalances(String apiKey, List<BalanceView> balances, long eventTime);

    ExchangeListener NONE = new ExchangeListener() {
        @Override
        public void onOrderUpdate(String apiKey, OrderView order, ExecutionType execution, Trade lastTrade,
                String cancelClientOrderId, String rejectReason, long eventTime) {
        }

        @Override
        public void onBalances(String apiKey, List<BalanceView> balances, long eventTime) {
        }
    };
}
