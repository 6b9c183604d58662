package dev.orderflow.gateway.domain;

import dev.orderflow.contracts.events.GuardOutcome;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.Objects;

/** Everything that can happen to an order. Each carries the time it happened. */
public sealed interface OrderEvent {

    Instant at();

    /** The intent went to the entry guards; the order waits for their decision. */
    record GuardsRequested(Instant at) implements OrderEvent {
    }

    /** The entry guards answered. ALLOW and SHADOW_BLOCK let the order go on; BLOCK stops it. */
    record GuardDecided(GuardOutcome outcome, String reasons, Instant at) implements OrderEvent {
        public GuardDecided {
            Objects.requireNonNull(outcome, "outcome");
        }
    }

    /** No guard decision arrived in time; the gateway fails closed. */
    record GuardTimedOut(Instant at) implements OrderEvent {
    }

    /** The gateway is about to send the order to the exchange. */
    record SubmissionStarted(Instant at) implements OrderEvent {
    }

    /** The exchange confirmed the order (NEW), by answer, by execution report or by a status query. */
    record ExchangeAcknowledged(String exchangeOrderId, Instant at) implements OrderEvent {
    }

    /** The exchange refused the order (a definite answer, e.g. -2010 or a filter failure). */
    record ExchangeRejected(String reason, Instant at) implements OrderEvent {
    }

    /** The exchange's answer is missing or ambiguous (timeout, -1007, 5xx, dropped connection after sending). */
    record OutcomeUnknown(String reason, Instant at) implements OrderEvent {
    }

    /** The status query window passed and the exchange does not know the client order id. */
    record NotFoundAtExchange(Instant at) implements OrderEvent {
    }

    /** One trade of this order, reported once (its trade id is new). */
    record FillReported(String exchangeOrderId, String tradeId, BigDecimal price, BigDecimal quantity,
            BigDecimal commission, String commissionAsset, Instant at) implements OrderEvent {
        public FillReported {
            Objects.requireNonNull(tradeId, "tradeId");
            Objects.requireNonNull(price, "price");
            Objects.requireNonNull(quantity, "quantity");
        }
    }

    /** A cancel asked for before the order reached the exchange: nothing to cancel there. */
    record CancelRequested(String reason, Instant at) implements OrderEvent {
    }

    /** The exchange reports the order canceled. */
    record ExchangeCanceled(String reason, Instant at) implements OrderEvent {
    }

    /** The exchange reports the order expired (IOC/FOK remainder, or the venue's expiry). */
    record ExchangeExpired(String reason, Instant at) implements OrderEvent {
    }

    /** Reconciliation established that the order does not exist at the exchange. */
    record MarkedLost(String reason, Instant at) implements OrderEvent {
    }
}
