package dev.orderflow.ofctl;

import dev.orderflow.testing.ServiceProcess;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** The packaged ofctl run as an operator runs it: its own JVM, settings from a config file, output captured. */
final class OfctlProcess {

    record Result(int exitCode, String out, String err) {
        @Override
        public String toString() {
            return "exit " + exitCode + "\n--- stdout\n" + out + "\n--- stderr\n" + err;
        }
    }

    private final Path config;

    OfctlProcess(Path config) {
        this.config = config;
    }

    static OfctlProcess withSettings(Path dir, Map<String, String> settings) throws IOException {
        StringBuilder text = new StringBuilder();
        settings.forEach((k, v) -> text.append(k).append('=').append(v).append('\n'));
        return new OfctlProcess(Files.writeString(dir.resolve("ofctl.properties"), text));
    }

    /** The config file every run reads (OFCTL_CONFIG). */
    Path config() {
        return config;
    }

    Result run(String... args) {
        Path jar = ServiceProcess.projectRoot().resolve("ofctl/target/quarkus-app/quarkus-run.jar");
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-jar", jar.toString()));
        command.addAll(List.of(args));
        try {
            Path out = Files.createTempFile("ofctl-out", ".txt");
            Path err = Files.createTempFile("ofctl-err", ".txt");
            ProcessBuilder builder = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile());
            builder.environment().keySet().removeIf(k -> k.startsWith("OFCTL_") || k.startsWith("GATEWAY_") || k.startsWith("EXCHANGE_")
                    || k.equals("KAFKA_BOOTSTRAP_SERVERS") || k.equals("ORDERFLOW_RUN_DIR"));
            builder.environment().put("OFCTL_CONFIG", config.toString());
            Process process = builder.start();
            if (!process.waitFor(240, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new AssertionError("ofctl " + String.join(" ", args) + " did not end in 240 s:\n" + Files.readString(out));
            }
            Result result = new Result(process.exitValue(), Files.readString(out), Files.readString(err));
            Files.deleteIfExists(out);
            Files.deleteIfExists(err);
            return result;
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
