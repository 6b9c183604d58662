package dev.orderflow.gateway.service;

import dev.orderflow.contracts.events.OrderStatus;
import dev.orderflow.gateway.config.GatewayConfig;
import dev.orderflow.gateway.domain.OrderEvent;
import dev.orderflow.gateway.domain.OrderStateMachine;
import dev.orderflow.gateway.domain.Transition;
import dev.orderflow.gateway.persistence.FillRepository;
import dev.orderflow.gateway.persistence.OrderRepository;
import dev.orderflow.gateway.persistence.StoredOrder;
import dev.orderflow.venue.ExecutionReport;
import dev.orderflow.venue.Venue;
import dev.orderflow.venue.VenueOrder;
import dev.orderflow.venue.VenueResult;
import dev.orderflow.venue.VenueTrade;
import dev.orderflow.venue.VenueUnavailableException;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.jboss.logging.Logger;

/**
 * Turns what the exchange says about an order (an order answer, a status query, an execution report
 * from the user data stream, or polled trades) into state machine events. Fills are keyed by trade
 * id, so duplicated or out-of-order reports change nothing.
 */
@ApplicationScoped
public class ExecutionTracker implements ExecutionReports {

    private static final Logger LOG = Logger.getLogger(ExecutionTracker.class);

    /**
     * Answers are kept only while their reports are still on their way, which is milliseconds: kept
     * longer, hundreds of them per second would be copied from one young collection to the next (at
     * 200 orders/s, 30 s of answers, 4.5 MB, made each pause 6-13 ms instead of 3-4 ms). A report read
     * later still finds the answer recorded and is dropped after one read.
     */
    private static final Duration ANSWERS_KEPT = Duration.ofSeconds(2);

    private final OrderLifecycle lifecycle;
    private final OrderRepository orders;
    private final FillRepository fills;
    private final Venue venue;
    private final AnswersInFlight answers;
    private final GatewayConfig config;

    public ExecutionTracker(OrderLifecycle lifecycle, OrderRepository orders, FillRepository fills, Venue venue,
            AnswersInFlight answers, GatewayConfig config) {
        this.lifecycle = lifecycle;
        this.orders = orders;
        this.fills = fills;
        this.venue = venue;
        this.answers = answers;
        this.config = config;
    }

    /**
     * Applied in the order offered; a report of an order whose submission this instance is still waiting
     * an answer for waits for that answer (see {@link AnswersInFlight}) and is offered again after it.
     */
    @Override
    public void offer(ExecutionReport report, Runnable offerAgain) {
        switch (answers.check(report.clientOrderId(), answer -> covers(answer, report), offerAgain)) {
            case APPLY -> onExecutionReport(report);
            case COVERED -> onCoveredReport(report);
            case WAITING -> {
            }
        }
    }

    @Scheduled(every = "1s", delayed = "1s", concurrentExecution = Scheduled.ConcurrentExecution.SKIP,
            skipExecutionIf = Scheduled.ApplicationNotRunning.class)
    void forgetAnswers() {
        answers.expire(ANSWERS_KEPT, config.submission().requestTimeout().plusMinutes(1));
    }

    /**
     * Applies an order snapshot: acknowledgement, every trade, then a final status, in one transaction
     * (the caller's, if any) that writes the order's row once. Trades the snapshot does not list (a status
     * query says how much was executed, not in which trades) are read from the exchange before it starts.
     */
    public void applyExchangeOrder(String clientOrderId, VenueOrder order, String cause) {
        Instant at = order.updatedAt() == null ? Instant.now() : order.updatedAt();
        OrderStatus status = order.status();
        BigDecimal executed = order.executedQuantity() == null ? BigDecimal.ZERO : order.executedQuantity();
        List<VenueTrade> trades = order.trades();
        if (executed.compareTo(sum(trades)) > 0 && executed.compareTo(storedQuantity(clientOrderId)) > 0) {
            try {
                trades = venue.trades(order.symbol(), order.exchangeOrderId());
            } catch (VenueUnavailableException e) {
                LOG.warnf("Trades of %s not read (%s); the next poll retries", clientOrderId, e.getMessage());
            }
        }
        List<VenueTrade> reported = trades;
        QuarkusTransaction.joiningExisting().run(() -> {
            Optional<StoredOrder> locked = orders.findForUpdate(clientOrderId);
            if (locked.isEmpty()) {
                LOG.warnf("Exchange reports order %s that the gateway does not know", clientOrderId);
                return;
            }
            StoredOrder current = locked.get();
            // stored trades are skipped rather than counted as duplicates; an order with nothing executed has none
            Set<String> known = current.state().executedQuantity().signum() > 0 ? fills.tradeIds(current.id()) : Set.of();
            List<OrderEvent> events = new ArrayList<>();
            if (status != OrderStatus.REJECTED) {
                events.add(new OrderEvent.ExchangeAcknowledged(order.exchangeOrderId(), at));
            }
            for (VenueTrade trade : reported) {
                if (!known.contains(trade.tradeId())) {
                    events.add(new OrderEvent.FillReported(order.exchangeOrderId(), trade.tradeId(), trade.price(),
                            trade.quantity(), trade.commission(), trade.commissionAsset(), trade.executedAt() == null ? at : trade.executedAt()));
                }
            }
            switch (status) {
                case CANCELED -> events.add(new OrderEvent.ExchangeCanceled(cause, at));
                case EXPIRED -> events.add(new OrderEvent.ExchangeExpired(order.venueStatus(), at));
                case REJECTED -> events.add(new OrderEvent.ExchangeRejected("exchange status REJECTED", at));
                case null, default -> {
                }
            }
            lifecycle.applyAll(current, events);
        });
    }

    private static BigDecimal sum(List<VenueTrade> trades) {
        return trades.stream().map(VenueTrade::quantity).reduce(BigDecimal.ZERO, BigDecimal::add);
    }

    private BigDecimal storedQuantity(String clientOrderId) {
        return fills.forOrder(clientOrderId).stream().map(FillRepository.FillRow::quantity).reduce(BigDecimal.ZERO, BigDecimal::add);
    }

    /** Queries the order at the exchange and applies the answer. */
    public void refresh(String clientOrderId) {
        refresh(clientOrderId, "status query");
    }

    /**
     * Queries the order at the exchange and applies the answer, its final status recorded with
     * {@code cause}. Returns the exchange's answer (empty for an order the gateway does not know), so
     * that a caller can tell "the exchange knows no such order" from "the exchange did not answer".
     */
    public Optional<VenueResult> refresh(String clientOrderId, String cause) {
        return orders.find(clientOrderId).map(order -> {
            VenueResult result = venue.query(order.state().symbol(), clientOrderId);
            if (result instanceof VenueResult.Ok ok) {
                applyExchangeOrder(clientOrderId, ok.order(), cause);
            } else if (result instanceof VenueResult.NotFound && order.state().status() != OrderStatus.UNKNOWN
                    && order.state().status() != OrderStatus.SUBMITTING) {
                LOG.warnf("Order %s (%s) is not known to the exchange; reconciliation decides", clientOrderId,
                        order.state().status());
            }
            return result;
        });
    }

    /** True when an order answer, once recorded, says everything the report says. */
    public static boolean covers(VenueOrder answer, ExecutionReport report) {
        return switch (report.kind()) {
            case NEW -> answer.status() != OrderStatus.REJECTED;
            case TRADE -> answer.trades().stream().anyMatch(t -> t.tradeId().equals(report.trade().tradeId()));
            case CANCELED -> answer.status() == OrderStatus.CANCELED;
            case EXPIRED -> answer.status() == OrderStatus.EXPIRED;
            case REJECTED -> answer.status() == OrderStatus.REJECTED;
            case OTHER -> false;
        };
    }

    /** A report that a recorded answer already covered: a repeated trade is counted like any other. */
    public void onCoveredReport(ExecutionReport report) {
        if (report.kind() == ExecutionReport.Kind.TRADE) {
            lifecycle.countDuplicateFill();
        }
    }

    /** One execution report of the user data stream. */
    public void onExecutionReport(ExecutionReport report) {
        String clientOrderId = report.clientOrderId();
        String exchangeOrderId = report.exchangeOrderId();
        Instant at = report.at();
        Optional<StoredOrder> stored = orders.find(clientOrderId);
        if (stored.isEmpty()) {
            return; // not ours (another client on the account), or purged
        }
        OrderEvent event = switch (report.kind()) {
            case NEW -> new OrderEvent.ExchangeAcknowledged(exchangeOrderId, at);
            case TRADE -> {
                VenueTrade trade = report.trade();
                yield new OrderEvent.FillReported(exchangeOrderId, trade.tradeId(), trade.price(), trade.quantity(), trade.commission(),
                        trade.commissionAsset(), at);
            }
            case CANCELED -> new OrderEvent.ExchangeCanceled("execution report", at);
            case EXPIRED -> new OrderEvent.ExchangeExpired("execution report", at);
            case REJECTED -> new OrderEvent.ExchangeRejected(report.reason(), at);
            case OTHER -> null;
        };
        if (event == null) {
            LOG.debugf("Execution report of %s not used", clientOrderId);
        } else if (!alreadyApplied(stored.get(), event)) {
            lifecycle.apply(clientOrderId, event);
        }
    }

    /**
     * True when the report only repeats what the order already shows (the answer to the submission
     * usually carries the same acknowledgement and fills): a trade already stored, or an event the
     * state machine ignores in a state the order can only have moved on from. Saves a locking
     * transaction per repeated report; anything else goes through the lifecycle, which decides under
     * the row lock.
     */
    private boolean alreadyApplied(StoredOrder order, OrderEvent event) {
        if (event instanceof OrderEvent.FillReported fill) {
            if (fills.exists(order.id(), fill.tradeId())) {
                lifecycle.countDuplicateFill();
                return true;
            }
            return false;
        }
        OrderStatus status = order.state().status();
        boolean settledAtExchange = status.isTerminal() || status == OrderStatus.ACKNOWLEDGED || status == OrderStatus.PARTIALLY_FILLED;
        return settledAtExchange && OrderStateMachine.apply(order.state(), event) instanceof Transition.Ignored;
    }
}
