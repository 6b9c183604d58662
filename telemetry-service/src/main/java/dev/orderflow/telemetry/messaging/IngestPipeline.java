package dev.orderflow.telemetry.messaging;

import dev.orderflow.contracts.events.CloudEventHeaders;
import dev.orderflow.contracts.events.EventEnvelope;
import dev.orderflow.contracts.events.InvalidEventException;
import dev.orderflow.telemetry.domain.ArchiveLine;
import dev.orderflow.telemetry.domain.RecentEventIds;
import dev.orderflow.telemetry.domain.TelemetryModel;
import dev.orderflow.telemetry.persistence.AuditArchive;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;

/**
 * One poll's records through the ingest path, in their order: each decoded (the contract check and
 * the binding of the payload), skipped if its id was seen (a redelivery), appended to the audit
 * archive and applied to the figures. The service's consumer and the benchmark both run this.
 */
public final class IngestPipeline {

    /** A record as consumed: where it came from, its CloudEvents headers and its value. */
    public record Incoming(String topic, int partition, long offset, Map<String, byte[]> headers, byte[] value) {
    }

    /** What became of each record, for metrics and logs. */
    public interface Outcomes {
        void rejected(Incoming record, RuntimeException why);

        void redelivered(Incoming record);

        void applied(EventEnvelope<?> event);
    }

    private final TelemetryModel model;
    private final RecentEventIds recentIds;
    private final AuditArchive archive;
    private final Outcomes outcomes;

    public IngestPipeline(TelemetryModel model, RecentEventIds recentIds, AuditArchive archive, Outcomes outcomes) {
        this.model = model;
        this.recentIds = recentIds;
        this.archive = archive;
        this.outcomes = outcomes;
    }

    /** Archives and applies the batch; the caller flushes the archive before it commits the offsets. */
    public void process(List<Incoming> batch) throws IOException {
        for (Incoming record : batch) {
            CloudEventHeaders.Decoded decoded;
            try {
                decoded = CloudEventHeaders.decode(record.headers(), record.value());
            } catch (InvalidEventException | UncheckedIOException e) {
                outcomes.rejected(record, e);
                continue;
            }
            EventEnvelope<?> event = decoded.event();
            if (recentIds.contains(event.id())) {
                outcomes.redelivered(record);
                continue;
            }
            archive.append(ArchiveLine.of(event, decoded.payload(), record.value(), record.topic(), record.partition(), record.offset()));
            recentIds.add(event.id());
            model.apply(event);
            outcomes.applied(event);
        }
    }
}
