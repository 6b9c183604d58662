package dev.orderflow.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** deploy/operators and the operator settings in k8s/stack/operators that the namespace's pod security asks for. */
class OperatorsTests {

    private static final Path OPERATORS = Manifests.ROOT.resolve("deploy/operators");
    private static final Path VALUES = Manifests.K8S.resolve("stack/operators");

    @Test
    void strimziCreatesPodsTheRestrictedNamespaceAdmits() throws Exception {
        JsonNode namespace = Manifests.ofKind(Manifests.overlayObjects("full"), "Namespace").getFirst();
        assertThat(namespace.path("metadata").path("labels").path("pod-security.kubernetes.io/enforce").asText()).isEqualTo("restricted");

        JsonNode values = new YAMLMapper().readTree(VALUES.resolve("strimzi-values.yaml").toFile());
        Map<String, String> env = new java.util.LinkedHashMap<>();
        values.path("extraEnvs").forEach(e -> env.put(e.path("name").asText(), e.path("value").asText()));
        assertThat(env).containsEntry("STRIMZI_POD_SECURITY_PROVIDER_CLASS", "restricted");
        List<String> watched = new ArrayList<>();
        values.path("watchNamespaces").forEach(n -> watched.add(n.asText()));
        assertThat(watched).as("Strimzi watches the namespace of the Kafka resource").containsExactly(Manifests.name(namespace));

        assertThat(Files.readString(Manifests.ROOT.resolve("docs/deployment.md")))
                .contains("STRIMZI_POD_SECURITY_PROVIDER_CLASS=restricted").contains("deploy/operators");
    }

    @Test
    void dryRunInstallsBothOperatorsWithTheirValues() {
        Manifests.ProcessResult result = Manifests.ProcessResult.run(List.of("bash", OPERATORS.toString(), "--dry-run"),
                Manifests.ROOT, Map.of(), 60);
        assertThat(result.exitCode()).as(result.stderr()).isZero();
        assertThat(result.stdout())
                .contains("+ kubectl apply -f " + Manifests.K8S.resolve("base/namespace.yaml"))
                .containsPattern("helm upgrade --install strimzi oci://quay.io/strimzi-helm/strimzi-kafka-operator --version \\S+ .*--values "
                        + VALUES.resolve("strimzi-values.yaml"))
                .containsPattern("helm upgrade --install cnpg cloudnative-pg .*--values " + VALUES.resolve("cloudnative-pg-values.yaml"))
                .contains("rollout status deployment/strimzi-cluster-operator")
                .contains("rollout status deployment/cnpg-cloudnative-pg");
        assertThat(result.stdout().indexOf("namespace.yaml")).isLessThan(result.stdout().indexOf("strimzi-kafka-operator"));
    }
}
