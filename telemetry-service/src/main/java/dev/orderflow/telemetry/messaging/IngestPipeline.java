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
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;

/**
 * One poll's records through the ingest path. Decoding (the contract check and the binding of the
 * payload) is most of an event's cost and depends on nothing but the record, so a large batch is
 * decoded on several threads; everything that depends on order (the redelivery check, the archive
 * line, the figures) then runs on the calling thread in the records' own order, exactly as if the
 * batch had been decoded one record at a time.
 */
public final class IngestPipeline {

    /** Below this many records the hand-off to other threads costs more than it saves. */
    static final int PARALLEL_FROM = 64;

    /** A record as consumed: where it came from, its CloudEvents headers and its value. */
    public record Incoming(String topic, int partition, long offset, Map<String, byte[]> headers, byte[] value) {
    }

    /** What became of each record, for metrics and logs. */
    public interface Outcomes {
        void rejected(Incoming record, RuntimeException why);

        void redelivered(Incoming record);

        void applied(EventEnvelope<?> event);
    }

    private record Decoding(CloudEventHeaders.Decoded decoded, RuntimeException failure) {
    }

    private final TelemetryModel model;
    private final RecentEventIds recentIds;
    private final AuditArchive archive;
    private final ExecutorService decoders;
    private final int decoderThreads;
    private final Outcomes outcomes;

    /**
     * @param decoders threads that decode parts of a large batch while the calling thread decodes its own
     *     part; {@code decoderThreads} of them are used, none when it is 0
     */
    public IngestPipeline(TelemetryModel model, RecentEventIds recentIds, AuditArchive archive, ExecutorService decoders,
            int decoderThreads, Outcomes outcomes) {
        this.model = model;
        this.recentIds = recentIds;
        this.archive = archive;
        this.decoders = decoders;
        this.decoderThreads = decoders == null ? 0 : decoderThreads;
        this.outcomes = outcomes;
    }

    /** Archives and applies the batch; the caller flushes the archive before it commits the offsets. */
    public void process(List<Incoming> batch) throws IOException {
        Decoding[] decodings = decode(batch);
        for (int i = 0; i < batch.size(); i++) {
            Incoming record = batch.get(i);
            Decoding decoding = decodings[i];
            if (decoding.failure() != null) {
                outcomes.rejected(record, decoding.failure());
                continue;
            }
            EventEnvelope<?> event = decoding.decoded().event();
            if (recentIds.contains(event.id())) {
                outcomes.redelivered(record);
                continue;
            }
            archive.append(ArchiveLine.of(event, decoding.decoded().payload(), record.topic(), record.partition(), record.offset()));
            recentIds.add(event.id());
            model.apply(event);
            outcomes.applied(event);
        }
    }

    private Decoding[] decode(List<Incoming> batch) {
        Decoding[] decodings = new Decoding[batch.size()];
        int parts = batch.size() < PARALLEL_FROM ? 1 : decoderThreads + 1;
        if (parts == 1) {
            decodeRange(batch, decodings, 0, batch.size());
            return decodings;
        }
        int size = (batch.size() + parts - 1) / parts;
        List<Future<?>> others = new ArrayList<>(parts - 1);
        for (int part = 1; part < parts; part++) {
            int from = Math.min(batch.size(), part * size);
            int to = Math.min(batch.size(), from + size);
            others.add(decoders.submit(() -> decodeRange(batch, decodings, from, to)));
        }
        decodeRange(batch, decodings, 0, Math.min(batch.size(), size));
        for (Future<?> other : others) {
            awaitDecoded(other);
        }
        return decodings;
    }

    private static void decodeRange(List<Incoming> batch, Decoding[] decodings, int from, int to) {
        for (int i = from; i < to; i++) {
            Incoming record = batch.get(i);
            try {
                decodings[i] = new Decoding(CloudEventHeaders.decode(record.headers(), record.value()), null);
            } catch (InvalidEventException | UncheckedIOException e) {
                decodings[i] = new Decoding(null, e);
            }
        }
    }

    private static void awaitDecoded(Future<?> part) {
        try {
            part.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while decoding a batch", e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("Decoding a batch failed", e.getCause());
        }
    }
}
