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
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** One poll through the ingest path: a broken record and a redelivery are skipped, the rest archived and counted in order. */
class IngestPipelineTests {

    @TempDir
    Path root;

    @Test
    void aPollIsArchivedAndCountedInItsOrderWithoutItsBrokenRecordAndItsRedelivery() throws IOException {
        TelemetryModel model = new TelemetryModel(Clock.systemUTC(), 100, 10_000);
        AuditArchive archive = new AuditArchive(root, 1 << 20, Duration.ofDays(1), 1 << 30, false, Clock.systemUTC());
        archive.open();
        List<String> outcomes = new ArrayList<>();
        var pipeline = new IngestPipeline(model, new RecentEventIds(10_000), archive, new IngestPipeline.Outcomes() {
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

        pipeline.process(batch(300));
        archive.flush();

        List<String> archived = new ArrayList<>();
        for (String line : Files.readAllLines(archive.currentFile(), StandardCharsets.UTF_8)) {
            archived.add(EventJson.mapper().readTree(line).path("clientOrderId").asText());
        }
        archive.close();
        List<String> expected = new ArrayList<>();
        for (int i = 0; i < 300; i++) {
            if (i != 10 && i != 200) {
                expected.add("c" + i);
            }
        }
        assertThat(archived).containsExactlyElementsOf(expected);
        assertThat(outcomes).containsSubsequence("applied:c9", "rejected@10", "applied:c11", "applied:c199", "redelivered@200",
                "applied:c201");
        assertThat(model.overall(Duration.ofMinutes(5)).slippageBps().count()).isEqualTo(298);
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
            if (i == 200) {
                headers = batch.get(5).headers();
                value = batch.get(5).value();
            }
            batch.add(new IngestPipeline.Incoming("orders.events", 0, i, headers, value));
        }
        return batch;
    }
}
