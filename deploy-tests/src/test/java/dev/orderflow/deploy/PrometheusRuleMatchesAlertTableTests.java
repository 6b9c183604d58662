package dev.orderflow.deploy;

import static dev.orderflow.deploy.Manifests.ofKind;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.orderflow.contracts.alerts.AlertRule;
import dev.orderflow.contracts.events.AlertSeverity;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The PrometheusRule and the dashboard state the alert table of contracts, nothing else. */
class PrometheusRuleMatchesAlertTableTests {

    private static JsonNode alertTableGroup() {
        List<JsonNode> rules = ofKind(Manifests.overlayObjects("full"), "PrometheusRule");
        assertThat(rules).hasSize(1);
        for (JsonNode group : rules.getFirst().path("spec").path("groups")) {
            if (group.path("name").asText().equals("orderflow.alert-table")) {
                return group;
            }
        }
        throw new AssertionError("no group orderflow.alert-table in the PrometheusRule");
    }

    @Test
    void everyRuleOfTheTableHasAWarningAndACriticalAlertWithItsThresholds() {
        List<JsonNode> alerts = new ArrayList<>();
        alertTableGroup().path("rules").forEach(alerts::add);
        assertThat(alerts).hasSize(AlertRule.ALL.size() * 2);
        for (AlertRule rule : AlertRule.ALL) {
            for (AlertSeverity severity : AlertSeverity.values()) {
                List<JsonNode> matching = alerts.stream()
                        .filter(a -> a.path("alert").asText().equals(rule.prometheusAlertName())
                                && a.path("labels").path("severity").asText().equals(severity.name().toLowerCase()))
                        .toList();
                assertThat(matching).as(rule.name() + " " + severity).hasSize(1);
                JsonNode alert = matching.getFirst();
                assertThat(alert.path("expr").asText()).as(rule.name() + " " + severity)
                        .isEqualTo(rule.prometheusExpression(severity));
                String expectedFor = rule.holdFor().equals(Duration.ZERO) ? "" : AlertRule.promqlDuration(rule.holdFor());
                assertThat(alert.path("for").asText("")).as(rule.name() + " for").isEqualTo(expectedFor);
                assertThat(alert.path("annotations").path("action").asText()).isEqualTo(rule.action());
                assertThat(alert.path("annotations").path("summary").asText())
                        .contains(rule.metric()).contains(rule.threshold(severity).toString());
            }
        }
    }

    @Test
    void dashboardChartsEveryRuleOfTheTable() throws Exception {
        JsonNode configMap = ofKind(Manifests.overlayObjects("full"), "ConfigMap").stream()
                .filter(c -> Manifests.name(c).equals("orderflow-grafana-dashboard")).findFirst().orElseThrow();
        assertThat(configMap.path("metadata").path("labels").path("grafana_dashboard").asText()).isEqualTo("1");
        JsonNode dashboard = new ObjectMapper().readTree(configMap.path("data").path("orderflow-dashboard.json").asText());
        List<String> expressions = new ArrayList<>();
        dashboard.path("panels").forEach(p -> p.path("targets").forEach(t -> expressions.add(t.path("expr").asText())));
        for (AlertRule rule : AlertRule.ALL) {
            assertThat(expressions).as(rule.name()).contains(rule.expression());
        }
    }
}
