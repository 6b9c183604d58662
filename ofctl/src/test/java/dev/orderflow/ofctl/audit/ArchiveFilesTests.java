package dev.orderflow.ofctl.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.orderflow.contracts.events.EventJson;
import dev.orderflow.contracts.events.EventType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ArchiveFilesTests {

    @TempDir
    Path root;

    @Test
    void sessionsOldestFirstAndRotatedFilesByNumber() throws Exception {
        Path first = Files.createDirectories(root.resolve("sessions/20261207T050910Z"));
        Path sameSecond = Files.createDirectories(root.resolve("sessions/20261207T050910Z-2"));
        Path later = Files.createDirectories(root.resolve("sessions/20261208T000000Z"));
        for (String name : List.of("events-10.jsonl", "events-2.jsonl", "events-9.jsonl", "events-1.jsonl", "notes.txt")) {
            Files.writeString(first.resolve(name), "");
        }
        Files.writeString(sameSecond.resolve("events-1.jsonl"), "");
        Files.writeString(later.resolve("events-1.jsonl"), "");

        List<String> files = ArchiveFiles.in(root).stream().map(p -> root.relativize(p).toString()).toList();

        assertThat(files).containsExactly("sessions/20261207T050910Z/events-1.jsonl", "sessions/20261207T050910Z/events-2.jsonl",
                "sessions/20261207T050910Z/events-9.jsonl", "sessions/20261207T050910Z/events-10.jsonl",
                "sessions/20261207T050910Z-2/events-1.jsonl", "sessions/20261208T000000Z/events-1.jsonl");
        assertThat(ArchiveFiles.in(root.resolve("sessions"))).hasSize(6);
        assertThat(ArchiveFiles.in(first)).hasSize(4);
    }

    @Test
    void aMissingArchiveIsSaidPlainly() {
        assertThatThrownBy(() -> ArchiveFiles.in(root.resolve("absent")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("no audit archive at");
    }

    @Test
    void queryReadsTheArchivesTopLevelFieldsAndThePayload() throws Exception {
        JsonNode slippage = EventJson.mapper().readTree("""
                {"event":"ENTRY_SLIPPAGE","ts":"2026-12-07T10:00:00Z","symbol":"BTCUSDT","clientOrderId":"s1-1","slippage_bps":1.5,
                 "data":{"symbol":"BTCUSDT","clientOrderId":"s1-1"}}""");
        JsonNode alert = EventJson.mapper().readTree("""
                {"event":"ALERT","ts":"2026-12-07T09:00:00Z","subject":"s1-2","data":{"rule":"FillRateDrop"}}""");

        assertThat(new ArchiveQuery(null, Set.of(EventType.ENTRY_SLIPPAGE), "BTCUSDT", "s1-1", Instant.parse("2026-12-07T10:00:00Z"))
                .matches(slippage)).isTrue();
        assertThat(new ArchiveQuery(null, Set.of(EventType.ALERT), null, null, null).matches(slippage)).isFalse();
        assertThat(new ArchiveQuery(null, null, "ETHUSDT", null, null).matches(slippage)).isFalse();
        assertThat(new ArchiveQuery(null, null, null, null, Instant.parse("2026-12-07T09:30:00Z")).matches(alert)).isFalse();
        assertThat(new ArchiveQuery(null, null, null, "s1-2", null).matches(alert)).isTrue();
        assertThat(new ArchiveQuery(Pattern.compile("FillRate"), null, null, null, null).textMatches(alert.toString())).isTrue();
        assertThat(new ArchiveQuery(Pattern.compile("fillrate"), null, null, null, null).textMatches(alert.toString())).isFalse();
    }
}
