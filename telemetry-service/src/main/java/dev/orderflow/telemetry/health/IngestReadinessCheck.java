package dev.orderflow.telemetry.health;

import dev.orderflow.telemetry.messaging.EventIngest;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.time.Instant;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/** DOWN while events are not being archived and counted: ingest stopped, failing, or not polling. */
@Readiness
@ApplicationScoped
public class IngestReadinessCheck implements HealthCheck {

    private static final Duration STALLED_AFTER = Duration.ofSeconds(30);

    private final EventIngest ingest;

    public IngestReadinessCheck(EventIngest ingest) {
        this.ingest = ingest;
    }

    @Override
    public HealthCheckResponse call() {
        var response = HealthCheckResponse.named("event-ingest");
        Instant lastPoll = ingest.lastPollAt();
        if (ingest.archiveFile() != null) {
            response.withData("archiveFile", ingest.archiveFile().toString());
        }
        if (lastPoll != null) {
            response.withData("lastPollAt", lastPoll.toString());
        }
        if (ingest.failure() != null) {
            return response.withData("failure", ingest.failure()).down().build();
        }
        if (!ingest.running() || lastPoll == null || lastPoll.isBefore(Instant.now().minus(STALLED_AFTER))) {
            return response.down().build();
        }
        return response.up().build();
    }
}
