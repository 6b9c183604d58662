package dev.orderflow.deploy;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/** Renders the kustomize overlays with {@code kubectl kustomize} and parses what comes out. */
final class Manifests {

    static final Path ROOT = Path.of(System.getProperty("orderflow.project.root", "..")).toAbsolutePath().normalize();
    static final Path K8S = ROOT.resolve("k8s");

    /** Every overlay under k8s/overlays. */
    static final List<String> OVERLAYS = List.of(
            "phase-1-core-safety", "phase-2-entry-guards", "phase-3-telemetry-exits", "phase-4-terminal-ui", "full", "paper");

    static final Map<String, Integer> SERVICE_PORTS = Map.of(
            "order-gateway", 8080, "risk-guards", 8081, "telemetry-service", 8082, "reconciler", 8083, "paper-exchange", 8090);

    private static final Map<String, String> RENDERED = new ConcurrentHashMap<>();

    private Manifests() {
    }

    static Optional<Path> kubectl() {
        String path = System.getenv().getOrDefault("PATH", "");
        for (String dir : path.split(File.pathSeparator)) {
            Path candidate = Path.of(dir, "kubectl");
            if (Files.isExecutable(candidate)) {
                return Optional.of(candidate);
            }
        }
        return Optional.empty();
    }

    static void assumeKubectl() {
        assumeTrue(kubectl().isPresent(),
                "kubectl is not on the PATH: the overlays cannot be rendered here (install kubectl, e.g. apt-get install kubectl)");
    }

    /** The YAML that {@code kubectl kustomize k8s/<dir>} prints. */
    static String render(String dir) {
        assumeKubectl();
        return RENDERED.computeIfAbsent(dir, d -> {
            Path target = K8S.resolve(d);
            ProcessResult result = ProcessResult.run(List.of(kubectl().orElseThrow().toString(), "kustomize", target.toString()),
                    ROOT, Map.of(), 60);
            if (result.exitCode() != 0) {
                throw new AssertionError("kubectl kustomize " + target + " failed:\n" + result.stderr());
            }
            return result.stdout();
        });
    }

    static String renderOverlay(String overlay) {
        return render("overlays/" + overlay);
    }

    static List<JsonNode> objects(String yaml) {
        List<JsonNode> objects = new ArrayList<>();
        try (MappingIterator<JsonNode> documents = new YAMLMapper().readerFor(JsonNode.class).readValues(yaml)) {
            while (documents.hasNext()) {
                JsonNode document = documents.next();
                if (document != null && !document.isNull() && !document.isEmpty()) {
                    objects.add(document);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return objects;
    }

    static List<JsonNode> overlayObjects(String overlay) {
        return objects(renderOverlay(overlay));
    }

    static List<JsonNode> ofKind(List<JsonNode> objects, String kind) {
        return objects.stream().filter(o -> kind.equals(o.path("kind").asText())).toList();
    }

    static String name(JsonNode object) {
        return object.path("metadata").path("name").asText();
    }

    static String id(JsonNode object) {
        return object.path("kind").asText() + "/" + name(object);
    }

    /** Output and exit code of a finished process. */
    record ProcessResult(int exitCode, String stdout, String stderr) {

        static ProcessResult run(List<String> command, Path dir, Map<String, String> env, int timeoutSeconds) {
            try {
                Path out = Files.createTempFile("deploy-tests", ".out");
                Path err = Files.createTempFile("deploy-tests", ".err");
                ProcessBuilder builder = new ProcessBuilder(command).directory(dir.toFile())
                        .redirectOutput(out.toFile()).redirectError(err.toFile())
                        .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
                builder.environment().putAll(env);
                Process process = builder.start();
                if (!process.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
                    process.destroyForcibly();
                    throw new AssertionError(String.join(" ", command) + " did not finish within " + timeoutSeconds + " s");
                }
                ProcessResult result = new ProcessResult(process.exitValue(),
                        Files.readString(out, StandardCharsets.UTF_8), Files.readString(err, StandardCharsets.UTF_8));
                Files.deleteIfExists(out);
                Files.deleteIfExists(err);
                return result;
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted", e);
            }
        }
    }
}
