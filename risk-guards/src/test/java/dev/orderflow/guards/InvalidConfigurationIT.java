package dev.orderflow.guards;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The packaged service refuses to start with invalid thresholds, and says which property is wrong.
 * Runs the fast-jar as an operator would, with the bad values as system properties.
 */
class InvalidConfigurationIT {

    @Test
    void invalidThresholdsStopStartUpWithAMessageNamingTheProperties() throws Exception {
        Path root = Path.of(System.getProperty("orderflow.project.root", "."));
        Path jar = root.resolve("risk-guards/target/quarkus-app/quarkus-run.jar");
        assertThat(jar).exists();
        Path log = Files.createTempFile("risk-guards-invalid", ".log");
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx128m",
                "-Dquarkus.http.port=0",
                "-Dquarkus.flyway.migrate-at-start=false",
                "-Dquarkus.log.console.json.enabled=false",
                "-Dguards.max-spread-bps=-1",
                "-Dguards.symbols.SOLUSDT.depth-multiple=5000",
                "-jar", jar.toAbsolutePath().toString()));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        try {
            assertThat(process.waitFor(120, TimeUnit.SECONDS)).as("the service should stop by itself").isTrue();
            String output = Files.readString(log);
            assertThat(process.exitValue()).as(output).isNotZero();
            assertThat(output).contains("Invalid entry guard configuration: guards.max-spread-bps=-1 must be between 0 and 10000; "
                    + "guards.symbols.SOLUSDT.depth-multiple=5000 must be between 0 and 1000");
        } finally {
            process.destroyForcibly();
            Files.deleteIfExists(log);
        }
    }
}
