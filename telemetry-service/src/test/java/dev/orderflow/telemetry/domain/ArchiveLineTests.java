package dev.orderflow.telemetry.domain;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.orderflow.contracts.events.EventJson;
import dev.orderflow.contracts.events.EventType;
import dev.orderflow.contracts.events.Intent;
import dev.orderflow.contracts.events.OrderStatus;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class ArchiveLineTests {

    private static final Instant T = Instant.parse("2026-12-07T10:00:00.120Z");

    @Test
    void theGuidesFieldsAreAtTheTopAndSlippageIsANumber() throws Exception {
        var event = TestEvents.slippage("c-1", "BTCUSDT", "1.25", T);
        byte[] line = ArchiveLine.of(event, "orders.events", 3, 42);

        String text = new String(line, StandardCharsets.UTF_8);
        assertThat(text).endsWith("\n").doesNotContain("\n{");
        JsonNode node = EventJson.mapper().readTree(line);
        assertThat(node.get("event").asText()).isEqualTo("ENTRY_SLIPPAGE");
        assertThat(node.get("level").asText()).isEqualTo("INFO");
        assertThat(node.get("ts").asText()).isEqualTo("2026-12-07T10:00:00.120Z");
        assertThat(node.get("symbol").asText()).isEqualTo("BTCUSDT");
        assertThat(node.get("clientOrderId").asText()).isEqualTo("c-1");
        assertThat(node.get("slippage_bps").isNumber()).isTrue();
        assertThat(node.get("slippage_bps").decimalValue()).isEqualByComparingTo("1.25");
        assertThat(node.get("offset").asLong()).isEqualTo(42);
        assertThat(node.at("/data/slippage_bps").asText()).isEqualTo("1.25");
    }

    @Test
    void levelsSayWhatNeedsAnOperator() {
        assertThat(ArchiveLine.level(TestEvents.state("c", "S", "s", Intent.ENTRY, OrderStatus.SUBMITTING, OrderStatus.REJECTED, T)))
                .isEqualTo(ArchiveLine.ERROR);
        assertThat(ArchiveLine.level(TestEvents.replay("c", "S", "s", T))).isEqualTo(ArchiveLine.WARNING);
        assertThat(ArchiveLine.level(TestEvents.reconciliation(T))).isEqualTo(ArchiveLine.INFO);
        assertThat(ArchiveLine.level(TestEvents.reconciliation(T, "ORPHAN_AT_EXCHANGE"))).isEqualTo(ArchiveLine.WARNING);
        assertThat(ArchiveLine.level(TestEvents.cache(EventType.CACHE_MISS, "S", 1, T))).isEqualTo(ArchiveLine.INFO);
    }

    @Test
    void aLineReadsBackAsTheSameEventAndATornLineAsNothing() {
        var event = TestEvents.fill("c-2", "ETHUSDT", Intent.ENTRY, "0.5", "0.5", "1", T, T);
        String line = new String(ArchiveLine.of(event, "orders.events", 0, 1), StandardCharsets.UTF_8).strip();

        assertThat(ArchiveLine.read(line)).contains(event);
        assertThat(ArchiveLine.read(line.substring(0, line.length() / 2))).isEmpty();
    }
}
