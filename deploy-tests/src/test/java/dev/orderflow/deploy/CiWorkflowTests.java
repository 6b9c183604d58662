package dev.orderflow.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The GitHub Actions workflow cannot run here; its structure is checked instead. */
class CiWorkflowTests {

    private static JsonNode workflow() throws Exception {
        return new YAMLMapper().readTree(Manifests.ROOT.resolve(".github/workflows/ci.yml").toFile());
    }

    @Test
    void workflowHasTheFourJobsOfThePipeline() throws Exception {
        JsonNode workflow = workflow();
        assertThat(workflow.path("name").asText()).isNotBlank();
        assertThat(workflow.has("on")).isTrue();
        List<String> jobs = new ArrayList<>();
        workflow.path("jobs").fieldNames().forEachRemaining(jobs::add);
        assertThat(jobs).containsExactly("build", "manifests", "images", "smoke", "kind");
    }

    @Test
    void everyJobIsWellFormed() throws Exception {
        JsonNode jobs = workflow().path("jobs");
        List<String> names = new ArrayList<>();
        jobs.fieldNames().forEachRemaining(names::add);
        jobs.properties().forEach(e -> {
            JsonNode job = e.getValue();
            assertThat(job.path("runs-on").asText()).as(e.getKey()).isNotBlank();
            assertThat(job.path("steps").isArray()).as(e.getKey()).isTrue();
            job.path("steps").forEach(step -> assertThat(step.has("uses") ^ step.has("run"))
                    .as(e.getKey() + " step " + step).isTrue());
            job.path("needs").forEach(need -> assertThat(names).as(e.getKey() + " needs").contains(need.asText()));
        });
    }

    @Test
    void kindJobDeploysThePaperOverlayAndFillsAnOrderThroughTheScriptTestedHere() throws Exception {
        JsonNode kind = workflow().path("jobs").path("kind");
        String steps = kind.path("steps").toString();
        assertThat(steps).contains("helm/kind-action").contains("azure/setup-helm").contains("deploy/kind-smoke --tag");

        Manifests.assumeKubectl();
        Manifests.ProcessResult dryRun = Manifests.ProcessResult.run(
                List.of("bash", Manifests.ROOT.resolve("deploy/kind-smoke").toString(), "--dry-run", "--tag", "ci-3f2a9c1d7e4b"),
                Manifests.ROOT, java.util.Map.of(), 120);
        assertThat(dryRun.exitCode()).as(dryRun.stderr()).isZero();
        assertThat(dryRun.stdout())
                .contains("-Dquarkus.container-image.tag=ci-3f2a9c1d7e4b")
                .contains("+ kind load docker-image ghcr.io/").contains(":ci-3f2a9c1d7e4b --name kind")
                .contains("helm upgrade --install strimzi").contains("helm upgrade --install cnpg")
                .contains("stripped-down-crds.yaml")
                .contains("create secret generic orderflow-db").contains("create secret generic orderflow-api-tokens")
                .containsPattern("#   - \\S*k8s/ci/kind").contains("newTag: \"ci-3f2a9c1d7e4b\"")
                .contains("wait kafka/orderflow-kafka --for=condition=Ready")
                .contains("rollout status deployment/paper-exchange")
                .contains("POST http://order-gateway:8080/api/v1/orders").contains("until status FILLED");
    }

    @Test
    void pipelineRunsTheProjectsOwnCommands() throws Exception {
        String text = workflow().toString();
        assertThat(text).contains("bash .ci/run")
                .contains("kubectl kustomize")
                .contains("-pl deploy-tests -am verify")
                .contains("deploy/images --push --tag")
                .contains("deploy/local/up --phase 1")
                .contains("/q/health/ready");
    }
}
