package dev.orderflow.telemetry.persistence;

import static dev.orderflow.telemetry.domain.TestEvents.slippage;
import static org.assertj.core.api.Assertions.assertThat;

import dev.orderflow.telemetry.domain.ArchiveLine;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AuditArchiveTests {

    @TempDir
    Path root;

    @Test
    void linesGoUnderTheSessionOfTheStartAndRotateBySize() throws IOException {
        var archive = new AuditArchive(root, 4096, Duration.ofDays(30), 1 << 30, false, Clock.systemUTC());
        archive.open();
        for (int i = 0; i < 40; i++) {
            archive.append(ArchiveLine.of(slippage("c" + i, "BTCUSDT", "1.5", Instant.now()), "orders.events", 0, i));
        }
        archive.close();

        List<Path> files = archive.files();
        assertThat(files.size()).isGreaterThan(1);
        assertThat(files).allSatisfy(file -> {
            assertThat(root.relativize(file).toString()).matches("sessions/\\d{8}T\\d{6}Z/events-\\d+\\.jsonl");
            assertThat(Files.size(file)).isLessThanOrEqualTo(4096);
        });
        assertThat(files.stream().mapToLong(AuditArchiveTests::lines).sum()).isEqualTo(40);
    }

    @Test
    void filesPastTheRetentionOrTheTotalSizeAreDeletedOldestFirst() throws IOException {
        var archive = new AuditArchive(root, 4096, Duration.ofDays(1), 12_000, false, Clock.systemUTC());
        archive.open();
        for (int i = 0; i < 200; i++) {
            archive.append(ArchiveLine.of(slippage("c" + i, "BTCUSDT", "1.5", Instant.now()), "orders.events", 0, i));
        }
        archive.flush();
        List<Path> files = archive.files();
        assertThat(files.stream().mapToLong(AuditArchiveTests::size).sum()).isLessThanOrEqualTo(12_000 + 4096);
        assertThat(files.getLast()).isEqualTo(archive.currentFile());

        Path oldest = files.getFirst();
        Files.setLastModifiedTime(oldest, FileTime.from(Instant.now().minus(Duration.ofDays(2))));
        archive.enforceRetention();
        assertThat(oldest).doesNotExist();
        archive.close();
    }

    private static long lines(Path file) {
        try (var lines = Files.lines(file)) {
            return lines.count();
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    private static long size(Path file) {
        try {
            return Files.size(file);
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }
}
