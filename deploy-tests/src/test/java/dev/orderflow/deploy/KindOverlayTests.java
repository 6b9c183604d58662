package dev.orderflow.deploy;

import static dev.orderflow.deploy.Manifests.id;
import static dev.orderflow.deploy.Manifests.ofKind;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/** k8s/ci/kind, what the CI job "kind" applies: the paper overlay, valid, scaled to one node, without the backup store. */
class KindOverlayTests {

    @Test
    void isThePaperOverlayScaledToOneNode() {
        List<JsonNode> kind = Manifests.objects(Manifests.render("ci/kind"));
        List<JsonNode> paper = Manifests.overlayObjects("paper");
        KubernetesSchemas schemas = KubernetesSchemas.load();
        Map<String, List<String>> problems = new TreeMap<>();
        for (JsonNode object : kind) {
            List<String> violations = schemas.knows(object) ? schemas.validate(object) : CustomResources.validate(object);
            if (!violations.isEmpty()) {
                problems.put(id(object), violations);
            }
        }
        assertThat(problems).isEmpty();
        assertThat(kind.stream().map(Manifests::id).toList()).containsExactlyInAnyOrderElementsOf(
                paper.stream().map(Manifests::id).filter(i -> !i.startsWith("ScheduledBackup/")).toList());

        assertThat(ofKind(kind, "KafkaNodePool").getFirst().path("spec").path("replicas").asInt()).isEqualTo(1);
        assertThat(ofKind(kind, "KafkaTopic")).allSatisfy(t -> assertThat(t.path("spec").path("replicas").asInt()).isEqualTo(1));
        JsonNode config = ofKind(kind, "Kafka").getFirst().path("spec").path("kafka").path("config");
        assertThat(config.path("min.insync.replicas").asInt()).isEqualTo(1);
        assertThat(config.path("offsets.topic.replication.factor").asInt()).isEqualTo(1);
        JsonNode cluster = ofKind(kind, "Cluster").getFirst().path("spec");
        assertThat(cluster.path("instances").asInt()).isEqualTo(1);
        assertThat(cluster.has("backup")).isFalse();
        assertThat(ofKind(kind, "Deployment")).allSatisfy(d -> assertThat(d.path("spec").path("replicas").asInt()).isEqualTo(1));
        // the flags and images are the paper overlay's
        assertThat(ofKind(kind, "ConfigMap").stream().map(Manifests::name).toList())
                .containsExactlyInAnyOrderElementsOf(ofKind(paper, "ConfigMap").stream().map(Manifests::name).toList());
        assertThat(ofKind(kind, "Deployment").stream().map(d -> RenderedOverlaysTests.container(d).path("image").asText()).sorted().toList())
                .isEqualTo(ofKind(paper, "Deployment").stream().map(d -> RenderedOverlaysTests.container(d).path("image").asText()).sorted().toList());
    }
}
