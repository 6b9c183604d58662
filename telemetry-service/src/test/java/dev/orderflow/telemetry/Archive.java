package dev.orderflow.telemetry;

import dev.orderflow.contracts.events.EventEnvelope;
import dev.orderflow.telemetry.domain.ArchiveLine;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/** The test's archive directory, read the way an operator reads it: with a shell one-liner. */
final class Archive {

    private Archive() {
    }

    static Path root() {
        return TelemetryInfrastructure.archive();
    }

    /** Runs {@code command} in bash with {@code $ARCHIVE} set to the archive root; returns its standard output. */
    static String shell(String command) {
        try {
            Process process = new ProcessBuilder("bash", "-o", "pipefail", "-c", command)
                    .redirectErrorStream(false)
                    .start();
            process.getOutputStream().close();
            String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            String err = new String(process.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!process.waitFor(30, TimeUnit.SECONDS) || process.exitValue() != 0) {
                throw new AssertionError("`" + command + "` failed: " + err);
            }
            return out;
        } catch (IOException e) {
            throw new AssertionError(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    static String withArchive(String command) {
        return command.replace("$ARCHIVE", root().toString());
    }

    static long linesContaining(String text) {
        try (Stream<Path> files = Files.walk(root())) {
            long n = 0;
            for (Path file : files.filter(p -> p.toString().endsWith(".jsonl")).toList()) {
                List<String> lines = Files.readAllLines(file);
                n += lines.stream().filter(line -> line.contains(text)).count();
            }
            return n;
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    /** The archived event with this id, rebuilt from its line. */
    static EventEnvelope<?> event(String id) {
        try (Stream<Path> files = Files.walk(root())) {
            for (Path file : files.filter(p -> p.toString().endsWith(".jsonl")).toList()) {
                for (String line : Files.readAllLines(file)) {
                    if (line.contains(id)) {
                        return ArchiveLine.read(line).orElseThrow();
                    }
                }
            }
        } catch (IOException e) {
            throw new AssertionError(e);
        }
        throw new AssertionError("No archived event " + id);
    }

    static List<Path> sessions() {
        try (Stream<Path> dirs = Files.list(root().resolve("sessions"))) {
            return dirs.sorted().toList();
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }
}
