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

    @Test
    void aConsumedValueGoesUnderDataAsItCameAndReadsLikeTheTree() throws Exception {
        var event = TestEvents.fill("c-3", "ETHUSDT", Intent.ENTRY, "0.5", "0.5", "1", T, T);
        byte[] value = EventJson.toBytes(event.data());
        JsonNode tree = EventJson.readTree(value);

        byte[] raw = ArchiveLine.of(event, tree, value, "orders.events", 0, 7);
        byte[] written = ArchiveLine.of(event, tree, "orders.events", 0, 7);

        assertThat(new String(raw, StandardCharsets.UTF_8)).contains("\"data\":" + new String(value, StandardCharsets.UTF_8) + "}\n");
        assertThat(EventJson.mapper().readTree(raw)).isEqualTo(EventJson.mapper().readTree(written));
        assertThat(ArchiveLine.read(new String(raw, StandardCharsets.UTF_8).strip())).contains(event);
    }

    @Test
    void aValueThatIsNotOneObjectOnOneLineIsWrittenFromTheTree() throws Exception {
        var event = TestEvents.fill("c-4", "ETHUSDT", Intent.ENTRY, "0.5", "0.5", "1", T, T);
        String compact = new String(EventJson.toBytes(event.data()), StandardCharsets.UTF_8);
        JsonNode tree = EventJson.readTree(compact.getBytes(StandardCharsets.UTF_8));
        byte[] expected = ArchiveLine.of(event, tree, "orders.events", 0, 7);
        for (String value : new String[] {compact.replace(",", ",\n"), compact + " {}", compact + "x", "\uFEFF" + compact,
                compact.replace("ETHUSDT", "ETHUSDT\u00e9"), compact.substring(0, compact.length() - 1), "[" + compact + "]"}) {
            assertThat(ArchiveLine.isOneLineObject(value.getBytes(StandardCharsets.UTF_8))).as(value).isFalse();
            byte[] line = ArchiveLine.of(event, tree, value.getBytes(StandardCharsets.UTF_8), "orders.events", 0, 7);
            assertThat(line).as(value).isEqualTo(expected);
        }
        for (String value : new String[] {compact, "  " + compact + " \t", "{\"a\":\"}\\\"{\",\"b\":[{}]}"}) {
            assertThat(ArchiveLine.isOneLineObject(value.getBytes(StandardCharsets.UTF_8))).as(value).isTrue();
        }
    }

    @Test
    void timesAreWrittenAsInstantToStringWrites() {
        java.util.Random random = new java.util.Random(3);
        char[] chars = new char[40];
        for (int i = 0; i < 100_000; i++) {
            Instant instant = Instant.ofEpochSecond(random.nextLong(-70_000_000_000L, 300_000_000_000L),
                    switch (random.nextInt(4)) {
                        case 0 -> 0;
                        case 1 -> random.nextInt(1000) * 1_000_000;
                        case 2 -> random.nextInt(1_000_000) * 1_000;
                        default -> random.nextInt(1_000_000_000);
                    });
            assertThat(new String(chars, 0, ArchiveLine.isoInstant(instant, chars))).isEqualTo(instant.toString());
        }
        for (Instant edge : new Instant[] {Instant.EPOCH, Instant.parse("0000-01-01T00:00:00Z"), Instant.parse("9999-12-31T23:59:59.999999999Z"),
                Instant.parse("-0001-12-31T23:59:59Z"), Instant.parse("+10000-01-01T00:00:00Z"), Instant.MIN, Instant.MAX}) {
            assertThat(new String(chars, 0, ArchiveLine.isoInstant(edge, chars))).isEqualTo(edge.toString());
        }
    }
}
