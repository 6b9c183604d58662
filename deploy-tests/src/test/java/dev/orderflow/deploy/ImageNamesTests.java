package dev.orderflow.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * One image naming scheme from build to manifest: the names and tag set once (images: of k8s/components/images), every rendered
 * Deployment using them, deploy/images building exactly those, the CI pushing through deploy/images, and
 * deploy/rollout --tag deploying another tag of the same names.
 */
class ImageNamesTests {

    private static final Path STACK = Manifests.K8S.resolve("components/images/kustomization.yaml");

    /** Service name to image name (newName) and the tag (newTag), as k8s/components/images sets them. */
    private static Map<String, String> names() throws Exception {
        Map<String, String> names = new LinkedHashMap<>();
        for (JsonNode image : new YAMLMapper().readTree(STACK.toFile()).path("images")) {
            String newName = image.path("newName").asText();
            names.put(newName.substring(newName.lastIndexOf('/') + 1), newName);
        }
        return names;
    }

    private static String tag() throws Exception {
        List<String> tags = new java.util.ArrayList<>();
        new YAMLMapper().readTree(STACK.toFile()).path("images").forEach(i -> tags.add(i.path("newTag").asText()));
        assertThat(tags).hasSize(5).allMatch(tags.getFirst()::equals);
        return tags.getFirst();
    }

    private static Manifests.ProcessResult run(String script, Map<String, String> env, String... args) {
        List<String> command = new java.util.ArrayList<>(List.of("bash", Manifests.ROOT.resolve(script).toString()));
        command.addAll(List.of(args));
        return Manifests.ProcessResult.run(command, Manifests.ROOT, env, 120);
    }

    @Test
    void namesAndTagAreSetOnceAndEveryDeploymentUsesThem() throws Exception {
        Map<String, String> names = names();
        assertThat(names.keySet()).containsExactlyInAnyOrder("order-gateway", "risk-guards", "telemetry-service", "reconciler", "paper-exchange");
        assertThat(names.values().stream().map(n -> n.substring(0, n.lastIndexOf('/'))).distinct()).as("one registry and group").hasSize(1);
        String pom = Files.readString(Manifests.ROOT.resolve("pom.xml"));
        Matcher version = Pattern.compile("<artifactId>order-flow-hardening</artifactId>\\s*<version>([^<]+)</version>").matcher(pom);
        assertThat(version.find()).isTrue();
        assertThat(tag()).as("the manifests' tag is the project's version").isEqualTo(version.group(1));
        for (String elsewhere : List.of("base/kustomization.yaml", "stack/kustomization.yaml", "components/paper-exchange/kustomization.yaml")) {
            assertThat(new YAMLMapper().readTree(Manifests.K8S.resolve(elsewhere).toFile()).has("images")).as(elsewhere).isFalse();
        }
        for (String overlay : Manifests.OVERLAYS) {
            for (JsonNode deployment : Manifests.ofKind(Manifests.overlayObjects(overlay), "Deployment")) {
                assertThat(RenderedOverlaysTests.container(deployment).path("image").asText()).as(overlay + " " + Manifests.id(deployment))
                        .isEqualTo(names.get(Manifests.name(deployment)) + ":" + tag());
            }
        }
    }

    @Test
    void imagesAreBuiltUnderTheNamesTheManifestsReference() throws Exception {
        Manifests.assumeKubectl();
        List<String> rendered = Manifests.ofKind(Manifests.overlayObjects("paper"), "Deployment").stream()
                .map(d -> RenderedOverlaysTests.container(d).path("image").asText()).sorted().toList();
        assertThat(run("deploy/images", Map.of(), "--list").stdout().lines().sorted().toList()).isEqualTo(rendered);

        Manifests.ProcessResult build = run("deploy/images", Map.of(), "--dry-run", "--push", "--tag", "3f2a9c1d7e4b");
        assertThat(build.exitCode()).as(build.stderr()).isZero();
        String first = rendered.getFirst();
        String prefix = first.substring(0, first.lastIndexOf('/'));
        assertThat(build.stdout()).contains("-Pimages -DskipTests package -pl ")
                .contains("-Dquarkus.container-image.registry=" + prefix.substring(0, prefix.indexOf('/')))
                .contains("-Dquarkus.container-image.group=" + prefix.substring(prefix.indexOf('/') + 1))
                .contains("-Dquarkus.container-image.tag=3f2a9c1d7e4b")
                .contains("-Dquarkus.container-image.additional-tags=" + tag())
                .contains("-Dquarkus.container-image.push=true");
        Matcher modules = Pattern.compile("-pl (\\S+)").matcher(build.stdout());
        assertThat(modules.find()).isTrue();
        assertThat(List.of(modules.group(1).split(","))).containsExactlyInAnyOrderElementsOf(names().keySet());
        assertThat(run("deploy/images", Map.of(), "--tag", "not a tag").exitCode()).isEqualTo(2);
    }

    @Test
    void ciBuildsAndPushesThroughTheSameScript() throws Exception {
        JsonNode images = new YAMLMapper().readTree(Manifests.ROOT.resolve(".github/workflows/ci.yml").toFile()).path("jobs").path("images");
        String steps = images.path("steps").toString();
        assertThat(steps).contains("deploy/images --push --tag").doesNotContain("container-image.registry").doesNotContain("container-image.group");
        assertThat(Files.readString(Manifests.ROOT.resolve("docs/deployment.md"))).contains("deploy/images").contains("deploy/rollout --tag");
    }

    @Test
    void rolloutDeploysAnotherTagOfTheSameNames(@TempDir Path dir) throws Exception {
        Manifests.assumeKubectl();
        Path kubectl = dir.resolve("kubectl");
        Files.writeString(kubectl, """
                #!/usr/bin/env bash
                case "$*" in
                  *port-forward*) exit 1 ;;
                  kustomize*) exec %s "$@" ;;
                  "apply -k "*) exec %s kustomize "$3" > %s ;;
                  *) exit 0 ;;
                esac
                """.formatted(Manifests.kubectl().orElseThrow(), Manifests.kubectl().orElseThrow(), dir.resolve("applied.yaml")));
        Files.setPosixFilePermissions(kubectl, PosixFilePermissions.fromString("rwxr-xr-x"));
        Manifests.ProcessResult result = run("deploy/rollout", Map.of("ORDERFLOW_KUBECTL", kubectl.toString()),
                "--force", "--no-backup-check", "--tag", "3f2a9c1d7e4b", "paper");

        assertThat(result.exitCode()).as(result.stdout() + result.stderr()).isEqualTo(3);
        Map<String, String> names = names();
        for (JsonNode deployment : Manifests.ofKind(Manifests.objects(Files.readString(dir.resolve("applied.yaml"))), "Deployment")) {
            assertThat(RenderedOverlaysTests.container(deployment).path("image").asText())
                    .isEqualTo(names.get(Manifests.name(deployment)) + ":3f2a9c1d7e4b");
        }
        assertThat(run("deploy/rollout", Map.of(), "--dry-run", "--tag", "a b", "1").exitCode()).isEqualTo(2);
    }
}
