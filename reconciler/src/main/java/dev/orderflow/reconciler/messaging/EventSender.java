package dev.orderflow.reconciler.messaging;

import dev.orderflow.contracts.events.EventEnvelope;
import dev.orderflow.contracts.events.EventType;
import dev.orderflow.contracts.events.OrderCommand;
import dev.orderflow.contracts.events.ReconciliationRun;
import dev.orderflow.platform.config.ServiceConfig;
import dev.orderflow.platform.messaging.CloudEventMessages;
import io.smallrye.reactive.messaging.MutinyEmitter;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.UUID;
import org.eclipse.microprofile.reactive.messaging.Channel;

/**
 * Sends commands ({@code orders.commands}, key = symbol) and run events ({@code ops.reconciliation},
 * key = service name) and waits until the broker has them.
 */
@ApplicationScoped
public class EventSender {

    private final MutinyEmitter<byte[]> commands;
    private final MutinyEmitter<byte[]> runs;
    private final ServiceConfig service;

    public EventSender(@Channel("commands") MutinyEmitter<byte[]> commands, @Channel("runs") MutinyEmitter<byte[]> runs,
            ServiceConfig service) {
        this.commands = commands;
        this.runs = runs;
        this.service = service;
    }

    public void command(OrderCommand command) {
        var event = new EventEnvelope<>(UUID.randomUUID().toString(), source(), EventType.ORDER_COMMAND, Instant.now(),
                command.clientOrderId(), EventType.SCHEMA_VERSION, command);
        commands.sendMessageAndAwait(CloudEventMessages.toMessage(event, command.symbol()));
    }

    /** Publishes a run event with the given event id (a re-published outcome keeps its id). */
    public void run(String eventId, ReconciliationRun run) {
        var event = new EventEnvelope<>(eventId, source(), EventType.RECONCILIATION_RUN, Instant.now(), run.runId(),
                EventType.SCHEMA_VERSION, run);
        runs.sendMessageAndAwait(CloudEventMessages.toMessage(event, service.serviceName()));
    }

    private String source() {
        return "/" + service.serviceName();
    }
}
