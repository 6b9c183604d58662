package dev.orderflow.telemetry.messaging;

import static org.assertj.core.api.Assertions.assertThat;

import dev.orderflow.contracts.events.CloudEventHeaders;
import dev.orderflow.contracts.events.EventEnvelope;
import dev.orderflow.contracts.events.EventJson;
import dev.orderflow.telemetry.domain.RecentEventIds;
import dev.orderflow.telemetry.domain.TelemetryModel;
import dev.orderflow.telemetry.domain.TestEvents;
import dev.orderflow.telemetry.persistence.AuditArchive;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A poll decoded on several threads comes out exactly as one decoded record by record. */
class IngestPipelineTests {

    @TempDir
    Path root;

    @Test
    void aBatchDecodedOnTwoThreadsIsArchivedAndCountedInItsOwnOrder() throws IOException {
        List<IngestPipeline.Incoming> batch = batch(300);
        AtomicInteger decoderThreadsStarted = new AtomicInteger();
        ExecutorService decoders = Executors.newSingleThreadExecutor(runnable -> {
            decoderThreadsStarted.incrementAndGet();
            return new Thread(runnable, "test-decoder");
        });
        try {
            Run sequential = run(batch, null, 0, root.resolve("sequential"));
            Run parallel = run(batch, decoders, 1, root.resolve("parallel"));

            assertThat(decoderThreadsStarted).hasValue(1);
            assertThat(parallel.outcomes).isEqualTo(sequential.outcomes);
            assertThat(parallel.archivedSubjects).isEqualTo(sequential.archivedSubjects).hasSize(298);
            assertThat(parallel.slippageCount).isEqualTo(sequential.slippageCount).isEqualTo(298);
            assertThat(parallel.outcomes).containsSubsequence("rejected@10", "redelivered@200");
        } finally {
            decoders.shutdownNow();
        }
    }

    @Test
    void aSmallBatchIsDecodedOnTheCallingThread() throws IOException {
        AtomicInteger decoderThreadsStarted = new AtomicInteger();
        ExecutorService decoders = Executors.newSingleThreadExecutor(runnable -> {
            decoderThreadsStarted.incrementAndGet();
            return new Thread(runnable, "test-decoder");
        });
        try {
            Run run = run(batch(IngestPipeline.PARALLEL_FROM - 1), decoders, 1, root);

            assertThat(decoderThreadsStarted).hasValue(0);
            assertThat(run.slippageCount).isEqualTo(IngestPipeline.PARALLEL_FROM - 3);
        } finally {
            decoders.shutdownNow();
        }
    }

    private record Run(List<String> outcomes, List<String> archivedSubjects, long slippageCount) {
    }

    private static Run run(List<IngestPipeline.Incoming> batch, ExecutorService decoders, int threads, Path dir) throws IOException {
        TelemetryModel model = new TelemetryModel(Clock.systemUTC(), 100, 10_000);
        AuditArchive archive = new AuditArchive(dir, 1 << 20, Duration.ofDays(1), 1 << 30, false, Clock.systemUTC());
        archive.open();
        List<String> outcomes = new ArrayList<>();
        var pipeline = new IngestPipeline(model, new RecentEventIds(10_000), archive, decoders, threads,
                new IngestPipeline.Outcomes() {
                    @Override
                    public void rejected(IngestPipeline.Incoming record, RuntimeException why) {
                        outcomes.add("rejected@" + record.offset());
                    }

                    @Override
                    public void redelivered(IngestPipeline.Incoming record) {
                        outcomes.add("redelivered@" + record.offset());
                    }

                    @Override
                    public void applied(EventEnvelope<?> event) {
                        outcomes.add("applied:" + event.subject());
                    }
                });
        pipeline.process(batch);
        archive.flush();
        List<String> subjects = new ArrayList<>();
        for (String line : Files.readAllLines(archive.currentFile(), StandardCharsets.UTF_8)) {
            subjects.add(EventJson.mapper().readTree(line).path("clientOrderId").asText());
        }
        archive.close();
        long slippages = model.overall(Duration.ofMinutes(5)).slippageBps().count();
        return new Run(outcomes, subjects, slippages);
    }

    /** {@code size} slippage events; offset 10 breaks its contract and offset 200 repeats offset 5's event. */
    private static List<IngestPipeline.Incoming> batch(int size) {
        List<IngestPipeline.Incoming> batch = new ArrayList<>();
        Instant now = Instant.now();
        for (int i = 0; i < size; i++) {
            EventEnvelope<?> event = TestEvents.slippage("c" + i, "SYM" + (i % 7) + "USDT", String.valueOf(i % 40), now);
            Map<String, byte[]> headers = new HashMap<>(CloudEventHeaders.toHeaders(event));
            byte[] value = EventJson.toBytes(event.data());
            if (i == 10) {
                value = "{\"clientOrderId\":1}".getBytes(StandardCharsets.UTF_8);
            }
            if (i == 200 || (i == size - 1 && size < 200)) {
                IngestPipeline.Incoming earlier = batch.get(5);
                headers = earlier.headers();
                value = earlier.value();
            }
            batch.add(new IngestPipeline.Incoming("orders.events", 0, i, headers, value));
        }
        return batch;
    }
}
