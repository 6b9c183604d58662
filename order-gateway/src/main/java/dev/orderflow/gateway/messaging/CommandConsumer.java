package dev.orderflow.gateway.messaging;

import dev.orderflow.contracts.events.EventEnvelope;
import dev.orderflow.contracts.events.OrderCommand;
import dev.orderflow.gateway.domain.OrderEvent;
import dev.orderflow.gateway.domain.Refusal;
import dev.orderflow.gateway.persistence.CommandRepository;
import dev.orderflow.gateway.persistence.OrderRepository;
import dev.orderflow.gateway.service.OrderAdoption;
import dev.orderflow.gateway.service.OrderCancellation;
import dev.orderflow.gateway.service.OrderLifecycle;
import dev.orderflow.platform.messaging.CloudEventMessages;
import dev.orderflow.platform.persistence.DatabaseOutages;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.smallrye.reactive.messaging.annotations.Blocking;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

/**
 * Requests from the reconciler and operators ({@code orders.commands}): CANCEL, MARK_LOST,
 * APPLY_FILL and ADOPT. Each command id is applied once; every change is published on
 * {@code orders.events} through the outbox like any other transition.
 */
@ApplicationScoped
public class CommandConsumer {

    private static final Logger LOG = Logger.getLogger(CommandConsumer.class);

    private final CommandRepository commands;
    private final OrderRepository orders;
    private final OrderLifecycle lifecycle;
    private final OrderCancellation cancellation;
    private final OrderAdoption adoption;
    private final MeterRegistry registry;
    private final DatabaseOutages outages;

    public CommandConsumer(CommandRepository commands, OrderRepository orders, OrderLifecycle lifecycle,
            OrderCancellation cancellation, OrderAdoption adoption, MeterRegistry registry, DatabaseOutages outages) {
        this.outages = outages;
        this.adoption = adoption;
        this.commands = commands;
        this.orders = orders;
        this.lifecycle = lifecycle;
        this.cancellation = cancellation;
        this.registry = registry;
    }

    @Incoming("commands")
    @Blocking
    public void onCommand(ConsumerRecord<String, byte[]> record) {
        EventEnvelope<?> event;
        try {
            event = CloudEventMessages.fromRecord(record);
        } catch (RuntimeException e) {
            LOG.errorf("Skipping invalid command at offset %d: %s", record.offset(), e.getMessage());
            return;
        }
        if (event.data() instanceof OrderCommand command) {
            outages.retryWhileDown("commands", () -> apply(command));
        }
    }

    /** Applies a command unless its id was applied before; returns the outcome recorded. */
    public String apply(OrderCommand command) {
        if (commandSeen(command.commandId())) {
            registry.counter("orderflow_commands_total", "command", command.command().name(), "outcome", "duplicate").increment();
            return "duplicate";
        }
        String outcome;
        try {
            outcome = execute(command);
        } catch (Refusal problem) {
            outcome = "refused: " + problem.getMessage();
        }
        String recorded = outcome;
        QuarkusTransaction.requiringNew().run(() -> commands.markProcessed(command.commandId(), command.command().name(), recorded));
        registry.counter("orderflow_commands_total", "command", command.command().name(), "outcome",
                outcome.startsWith("refused") ? "refused" : "applied").increment();
        LOG.infof("Command %s %s for %s by %s: %s", command.commandId(), command.command(), command.clientOrderId(),
                command.issuedBy(), outcome);
        return outcome;
    }

    private boolean commandSeen(String commandId) {
        return commands.exists(commandId);
    }

    private String execute(OrderCommand command) {
        var order = orders.find(command.clientOrderId());
        String reason = command.reason() + " (" + command.issuedBy() + ")";
        return switch (command.command()) {
            case CANCEL -> order.map(o -> "now " + cancellation.cancel(o, reason).state().status()).orElse("unknown order");
            case MARK_LOST -> order.isEmpty() ? "unknown order"
                    : describe(lifecycle.apply(command.clientOrderId(), new OrderEvent.MarkedLost(reason, Instant.now())));
            case APPLY_FILL -> {
                if (order.isEmpty() || command.fill() == null) {
                    yield order.isEmpty() ? "unknown order" : "no fill in command";
                }
                var fill = command.fill();
                yield describe(lifecycle.apply(command.clientOrderId(), new OrderEvent.FillReported(
                        order.get().state().exchangeOrderId(), fill.tradeId(), fill.price(), fill.quantity(),
                        fill.commission(), fill.commissionAsset(), fill.executedAt() == null ? Instant.now() : fill.executedAt())));
            }
            case ADOPT -> adoption.adopt(command);
        };
    }

    private static String describe(OrderLifecycle.Outcome outcome) {
        return switch (outcome.transition()) {
            case dev.orderflow.gateway.domain.Transition.Applied a -> "applied: " + a.from() + " -> " + a.next().status();
            case dev.orderflow.gateway.domain.Transition.Ignored i -> "ignored: " + i.reason();
            case dev.orderflow.gateway.domain.Transition.Illegal i -> "refused: " + i.reason();
        };
    }
}
