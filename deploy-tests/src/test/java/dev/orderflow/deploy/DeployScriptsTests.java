package dev.orderflow.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.orderflow.contracts.alerts.AlertRule;
import dev.orderflow.contracts.flags.RolloutPhase;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

/** deploy/rollout and deploy/rollback, in dry runs and against a recording stand-in for kubectl. */
class DeployScriptsTests {

    private static final Path ROLLOUT = Manifests.ROOT.resolve("deploy/rollout");
    private static final Path ROLLBACK = Manifests.ROOT.resolve("deploy/rollback");

    private static Manifests.ProcessResult run(Path script, Map<String, String> env, String... args) {
        List<String> command = new java.util.ArrayList<>(List.of("bash", script.toString()));
        command.addAll(List.of(args));
        return Manifests.ProcessResult.run(command, Manifests.ROOT, env, 120);
    }

    @ParameterizedTest
    @EnumSource(RolloutPhase.class)
    void dryRunPrintsEveryStepOfThePhase(RolloutPhase phase) {
        String arg = phase == RolloutPhase.FULL ? "full" : String.valueOf(phase.number());
        Manifests.ProcessResult result = run(ROLLOUT, Map.of(), "--dry-run", arg);

        assertThat(result.exitCode()).as(result.stderr()).isZero();
        String out = result.stdout();
        assertThat(out).contains("== Rollout of " + phase.overlay())
                .contains("/q/health/ready")
                .contains("+ check: no open critical alert")
                .contains("+ check: duplicate orders 0 in the last hour")
                .contains("+ check: fill rate within 10% of its baseline")
                .contains("validate rendered.yaml")
                .contains("+ kubectl apply -k " + Manifests.K8S.resolve("overlays/" + phase.overlay()))
                .contains("+ kubectl -n orderflow rollout status deployment/order-gateway")
                .contains("+ kubectl -n orderflow rollout status deployment/reconciler")
                .contains("compare with k8s/overlays/" + phase.overlay() + "/flags.env")
                .contains("== Done: " + phase.overlay())
                .doesNotContain("[PASS]");
        String verification = out.substring(out.indexOf("== 4."));
        switch (phase) {
            case CORE_SAFETY -> assertThat(verification).contains("symbol locks").contains("monitor for 24 hours");
            case ENTRY_GUARDS -> assertThat(verification).contains("guard block reasons").contains("fill rate within 10%")
                    .contains("entry slippage").contains("monitor for 48 hours");
            case TELEMETRY_EXITS -> assertThat(verification).contains("fill telemetry").contains("memory increase below 10 MB")
                    .contains("exit performance");
            case TERMINAL_UI -> assertThat(verification).contains("live monitors").contains("CPU usage increase below 5%")
                    .contains("coloured");
            case FULL -> assertThat(verification).contains("no open critical alert").contains("overall stability");
        }
    }

    @Test
    void paperDryRunAlsoWaitsForThePaperExchange() {
        Manifests.ProcessResult result = run(ROLLOUT, Map.of(), "--dry-run", "paper");
        assertThat(result.exitCode()).isZero();
        assertThat(result.stdout()).contains("rollout status deployment/paper-exchange");
    }

    @ParameterizedTest
    @ValueSource(strings = {"7", "phase-9", ""})
    void unknownPhaseIsAUsageError(String phase) {
        Manifests.ProcessResult result = phase.isEmpty() ? run(ROLLOUT, Map.of()) : run(ROLLOUT, Map.of(), phase);
        assertThat(result.exitCode()).isEqualTo(2);
    }

    /**
     * A kubectl that records its arguments, cannot reach a cluster (port-forward fails), renders with the real
     * kubectl, writes what {@code apply -f <file>} gets to applied.yaml and reports {@code deployed} as the
     * rollout-phase label of the gateway and {@code partial} as the flags an earlier partial rollback turned off.
     */
    private static Path fakeKubectl(Path dir, String deployed, String partial) throws Exception {
        Path log = dir.resolve("kubectl.log");
        Path kubectl = dir.resolve("kubectl");
        Files.writeString(kubectl, """
                #!/usr/bin/env bash
                echo "$*" >> %s
                case "$*" in
                  *port-forward*) echo "error: unable to connect to the cluster" >&2; exit 1 ;;
                  kustomize*) exec %s "$@" ;;
                  *"get deployment order-gateway"*rollout-phase*) printf '%%s' '%s' ;;
                  *"get deployment order-gateway"*partial-rollback*) printf '%%s' '%s' ;;
                  "apply -f "*) cp "$3" %s ;;
                  *"get backups.postgresql.cnpg.io -o json"*) cat %s 2>/dev/null || echo '{"items":[]}' ;;
                  *) exit 0 ;;
                esac
                """.formatted(log, Manifests.kubectl().map(Path::toString).orElse("false"), deployed, partial, dir.resolve("applied.yaml"),
                dir.resolve("backups.json")));
        Files.setPosixFilePermissions(kubectl, PosixFilePermissions.fromString("rwxr-xr-x"));
        return kubectl;
    }

    private static Path fakeKubectl(Path dir) throws Exception {
        return fakeKubectl(dir, "", "");
    }

    @Test
    void refusesToAdvanceWhileAChecksFailsOrIsNotAvailable(@TempDir Path dir) throws Exception {
        Path kubectl = fakeKubectl(dir);
        Manifests.ProcessResult result = run(ROLLOUT, Map.of("ORDERFLOW_KUBECTL", kubectl.toString()), "2");

        assertThat(result.exitCode()).isEqualTo(1);
        assertThat(result.stdout()).contains("[FAIL]         health of order-gateway")
                .contains("[FAIL]         no open critical alert - telemetry-service /api/v1/alerts")
                .contains("[FAIL]         duplicate orders 0 in the last hour - telemetry-service /api/v1/telemetry")
                .doesNotContain("[PASS]         no open critical alert");
        assertThat(result.stderr()).contains("Refusing to advance to phase-2-entry-guards");
        assertThat(Files.readString(dir.resolve("kubectl.log"))).doesNotContain("apply");
    }

    @Test
    void forceAppliesAndThenReportsTheVerification(@TempDir Path dir) throws Exception {
        Manifests.assumeKubectl();
        Path kubectl = fakeKubectl(dir);
        backups(dir, backup("completed", 2));
        Manifests.ProcessResult result = run(ROLLOUT, Map.of("ORDERFLOW_KUBECTL", kubectl.toString()), "--force", "1");

        assertThat(result.exitCode()).as(result.stdout() + result.stderr()).isEqualTo(3);
        assertThat(result.stdout()).contains("[PASS]         database backup younger than 24 h - orderflow-db, ended at");
        String calls = Files.readString(dir.resolve("kubectl.log"));
        assertThat(calls).contains("apply -k " + Manifests.K8S.resolve("overlays/phase-1-core-safety"))
                .contains("-n orderflow rollout status deployment/order-gateway");
        assertThat(result.stdout()).contains("going on because of --force").contains("== 4. Verification")
                .contains("[MANUAL]       monitor for 24 hours");
    }

    /** A CloudNativePG Backup of the database in this phase that ended that many hours ago. */
    private static String backup(String phase, long hoursAgo) {
        String stopped = java.time.Instant.now().minus(java.time.Duration.ofHours(hoursAgo)).truncatedTo(java.time.temporal.ChronoUnit.SECONDS).toString();
        return """
                {"metadata":{"name":"orderflow-db-%d"},"spec":{"cluster":{"name":"orderflow-db"}},"status":{"phase":"%s","stoppedAt":"%s"}}"""
                .formatted(hoursAgo, phase, stopped);
    }

    private static void backups(Path dir, String... items) throws Exception {
        Files.writeString(dir.resolve("backups.json"), "{\"items\":[" + String.join(",", items) + "]}");
    }

    @Test
    void aPhaseChangeNeedsARecentCompletedBackupOfTheDatabase(@TempDir Path dir) throws Exception {
        Manifests.assumeKubectl();
        Path kubectl = fakeKubectl(dir);
        backups(dir, backup("completed", 30), backup("failed", 1));
        Manifests.ProcessResult stale = run(ROLLOUT, Map.of("ORDERFLOW_KUBECTL", kubectl.toString()), "--force", "1");

        assertThat(stale.exitCode()).as(stale.stdout() + stale.stderr()).isEqualTo(1);
        assertThat(stale.stdout()).contains("[FAIL]         database backup younger than 24 h");
        assertThat(stale.stderr()).contains("Refusing to advance to phase-1-core-safety without a recent database backup: "
                + "the newest completed backup of orderflow-db ended at").contains("30 h ago").contains("--no-backup-check");
        assertThat(Files.readString(dir.resolve("kubectl.log"))).doesNotContain("apply");

        backups(dir);
        Manifests.ProcessResult none = run(ROLLOUT, Map.of("ORDERFLOW_KUBECTL", kubectl.toString()), "--force", "1");
        assertThat(none.exitCode()).isEqualTo(1);
        assertThat(none.stderr()).contains("no completed backup of orderflow-db");

        Manifests.ProcessResult unchecked = run(ROLLOUT, Map.of("ORDERFLOW_KUBECTL", kubectl.toString()), "--force", "--no-backup-check", "1");
        assertThat(unchecked.exitCode()).as(unchecked.stdout() + unchecked.stderr()).isEqualTo(3);
        assertThat(unchecked.stdout()).contains("database backup: not checked (--no-backup-check)");
        assertThat(Files.readString(dir.resolve("kubectl.log"))).contains("apply -k");
    }

    @Test
    void checksUseTheAlertTableExpressions() throws Exception {
        String lib = Files.readString(Manifests.ROOT.resolve("deploy/lib/k8s.sh"));
        assertThat(lib).contains("PROMQL_DUPLICATES='" + AlertRule.DUPLICATE_ORDERS.expression() + "'")
                .contains("PROMQL_FILL_RATE='" + AlertRule.FILL_RATE.expression() + "'")
                .contains("PROMQL_SLIPPAGE='" + AlertRule.ENTRY_SLIPPAGE.expression() + "'")
                .contains("PROMQL_CPU_INCREASE='" + AlertRule.CPU_USAGE_INCREASE.expression() + "'");
    }

    @Test
    void rollbackHelpIsTheDecisionMatrixAndTheRunbookHasIt() throws Exception {
        Manifests.ProcessResult help = run(ROLLBACK, Map.of(), "--help");
        assertThat(help.exitCode()).isZero();
        List<String> matrix = help.stdout().lines().filter(l -> l.startsWith("| ")).toList();
        assertThat(matrix).hasSize(7);
        assertThat(String.join("\n", matrix)).contains("Duplicate Orders | Critical | Immediate stop")
                .contains("Fill Rate <70%   | High     | Disable guards")
                .contains("High CPU (>25%)").contains("Memory Leak").contains("Minor Errors");
        String runbook = Files.readString(Manifests.ROOT.resolve("docs/runbook.md"));
        for (String row : matrix) {
            assertThat(runbook).as("docs/runbook.md has the row").contains(row);
        }
    }

    @Test
    void partialRollbackTurnsTheNamedFeaturesOffOnTopOfTheDeployedOverlay() {
        Manifests.assumeKubectl();
        Manifests.ProcessResult result = run(ROLLBACK, Map.of("ORDERFLOW_CURRENT_OVERLAY", "phase-2-entry-guards"),
                "--dry-run", "--partial", "guards");
        assertThat(result.exitCode()).as(result.stderr()).isZero();
        assertThat(result.stdout()).contains("#   - ").contains("k8s/overlays/phase-2-entry-guards")
                .contains("- ENABLE_ENTRY_SLIPPAGE_GUARD=false").contains("- ENABLE_SPREAD_GUARD_ENTRY=false")
                .contains("- ENABLE_DEPTH_GUARD_ENTRY=false").contains("- ENABLE_CONSOLIDATED_ENTRY_GUARDS=false")
                .contains("validate rendered.yaml")
                .contains("+ kubectl apply -f ")
                .contains("+ kubectl -n orderflow rollout status deployment/order-gateway");

        assertThat(run(ROLLBACK, Map.of(), "--dry-run", "--partial", "ENABLE_SPRED_GUARD_ENTRY").exitCode()).isEqualTo(2);
        assertThat(run(ROLLBACK, Map.of(), "--dry-run", "--partial", "ENABLE_ORDER_FLOW_HARDENING").stderr()).contains("--emergency");
    }

    @Test
    void partialRollbackAppliesTheDeployedOverlayWithTheFeaturesOff(@TempDir Path dir) throws Exception {
        Manifests.assumeKubectl();
        Path kubectl = fakeKubectl(dir, "phase-4-terminal-ui", "");
        Manifests.ProcessResult result = run(ROLLBACK, Map.of("ORDERFLOW_KUBECTL", kubectl.toString()), "--partial", "ui");

        assertThat(result.exitCode()).as(result.stdout() + result.stderr()).isZero();
        var applied = Manifests.objects(Files.readString(dir.resolve("applied.yaml")));
        var flags = Manifests.ofKind(applied, "ConfigMap").stream()
                .filter(c -> Manifests.name(c).startsWith("orderflow-flags-")).toList();
        assertThat(flags).hasSize(1);
        var data = flags.getFirst().path("data");
        assertThat(data.path("ENABLE_LIVE_MONITORS").asText()).isEqualTo("false");
        assertThat(data.path("ENABLE_RICH_LOGGING").asText()).isEqualTo("false");
        assertThat(data.path("ENABLE_LIVE_DASHBOARD").asText()).isEqualTo("false");
        assertThat(data.path("ENABLE_LIVE_HEARTBEAT").asText()).isEqualTo("true");
        assertThat(data.path("ENABLE_COID_MANAGER").asText()).isEqualTo("true");
        for (var deployment : Manifests.ofKind(applied, "Deployment")) {
            assertThat(RenderedOverlaysTests.container(deployment).path("envFrom").toString()).contains(Manifests.name(flags.getFirst()));
        }
        assertThat(Files.readString(dir.resolve("kubectl.log"))).contains("rollout status deployment/order-gateway");
    }

    @Test
    void emergencyHaltsTradingFirstThenUndoesAndTurnsTheMasterSwitchOff() {
        Manifests.ProcessResult result = run(ROLLBACK, Map.of(), "--dry-run", "--emergency");
        assertThat(result.exitCode()).isZero();
        String out = result.stdout();
        assertThat(out).contains("+ PUT http://order-gateway:8080/api/v1/trading-state {\"state\":\"HALTED\"")
                .contains("+ kubectl -n orderflow rollout undo deployment/order-gateway")
                .contains("+ kubectl -n orderflow set env deployment -l app.kubernetes.io/part-of=order-flow-hardening ENABLE_ORDER_FLOW_HARDENING=false")
                .contains("state HALTED").contains("masterSwitch false");
        assertThat(out.indexOf("trading-state")).isLessThan(out.indexOf("rollout undo"));
        assertThat(out.indexOf("rollout undo")).isLessThan(out.indexOf("ENABLE_ORDER_FLOW_HARDENING=false"));

        Manifests.ProcessResult noUndo = run(ROLLBACK, Map.of(), "--dry-run", "--emergency", "--no-undo");
        assertThat(noUndo.stdout()).doesNotContain("rollout undo").contains("HALTED").contains("ENABLE_ORDER_FLOW_HARDENING=false");
    }

    @Test
    void partialRollbackRefusesAFlagSetTheServicesWouldRefuseToStartWith(@TempDir Path dir) throws Exception {
        Manifests.assumeKubectl();
        Path kubectl = fakeKubectl(dir, "phase-1-core-safety", "");
        // the alert table's action for duplicate orders, alone: ENABLE_STARTUP_RECONCILE needs the COID manager
        Manifests.ProcessResult result = run(ROLLBACK, Map.of("ORDERFLOW_KUBECTL", kubectl.toString()), "--partial", "ENABLE_COID_MANAGER");

        assertThat(result.exitCode()).as(result.stdout() + result.stderr()).isEqualTo(1);
        assertThat(result.stderr()).contains("Refusing the partial rollback")
                .contains("ENABLE_STARTUP_RECONCILE=true requires ENABLE_COID_MANAGER=true");
        assertThat(Files.readString(dir.resolve("kubectl.log"))).doesNotContain("apply").doesNotContain("rollout status");

        Manifests.ProcessResult both = run(ROLLBACK, Map.of("ORDERFLOW_KUBECTL", kubectl.toString()),
                "--partial", "ENABLE_COID_MANAGER,ENABLE_STARTUP_RECONCILE,ENABLE_SYMBOL_LOCKS");
        assertThat(both.exitCode()).as(both.stdout() + both.stderr()).isZero();
        assertThat(both.stdout()).contains("the resulting flags pass the start-up rules");
    }

    @Test
    void partialRollbacksAccumulate(@TempDir Path dir) throws Exception {
        Manifests.assumeKubectl();
        String guards = "ENABLE_ENTRY_SLIPPAGE_GUARD,ENABLE_SPREAD_GUARD_ENTRY,ENABLE_DEPTH_GUARD_ENTRY,ENABLE_CONSOLIDATED_ENTRY_GUARDS";
        Path kubectl = fakeKubectl(dir, "phase-4-terminal-ui", guards);
        Manifests.ProcessResult result = run(ROLLBACK, Map.of("ORDERFLOW_KUBECTL", kubectl.toString()), "--partial", "ui");

        assertThat(result.exitCode()).as(result.stdout() + result.stderr()).isZero();
        var applied = Manifests.objects(Files.readString(dir.resolve("applied.yaml")));
        var data = Manifests.ofKind(applied, "ConfigMap").stream()
                .filter(c -> Manifests.name(c).startsWith("orderflow-flags-")).findFirst().orElseThrow().path("data");
        for (String flag : (guards + ",ENABLE_LIVE_MONITORS,ENABLE_RICH_LOGGING,ENABLE_LIVE_DASHBOARD").split(",")) {
            assertThat(data.path(flag).asText()).as(flag).isEqualTo("false");
        }
        assertThat(data.path("ENABLE_FILL_TELEMETRY").asText()).isEqualTo("true");
        var gateway = Manifests.ofKind(applied, "Deployment").stream().filter(d -> Manifests.name(d).equals("order-gateway")).findFirst().orElseThrow();
        assertThat(gateway.path("metadata").path("annotations").path("orderflow.dev/partial-rollback").asText())
                .isEqualTo(guards + ",ENABLE_LIVE_MONITORS,ENABLE_RICH_LOGGING,ENABLE_LIVE_DASHBOARD");
    }

    @Test
    void rollbackToAPhaseAppliesItsOverlayAndClearsAnEmergencyOverride() {
        Manifests.ProcessResult result = run(ROLLBACK, Map.of(), "--dry-run", "--to", "1");
        assertThat(result.exitCode()).isZero();
        assertThat(result.stdout()).contains("ENABLE_ORDER_FLOW_HARDENING-")
                .containsPattern("#   - \\S*k8s/overlays/phase-1-core-safety").contains("+ kubectl apply -k ");
        assertThat(run(ROLLBACK, Map.of(), "--dry-run", "--to", "9").exitCode()).isEqualTo(2);
    }

    @Test
    void scriptsThatHoldTheLocalStackLockDoNotHandItToTheStack() throws java.io.IOException {
        // Without -o, flock hands the lock's descriptor to every process the script starts: the stack's daemons
        // kept the lock after a benchmark with --keep-up ended, and the next chaos run waited on it.
        List<String> flockLines;
        try (var files = Files.walk(Manifests.ROOT.resolve("deploy"))) {
            flockLines = files.filter(Files::isRegularFile).flatMap(file -> {
                try {
                    return Files.readAllLines(file).stream().map(String::strip)
                            .filter(line -> !line.startsWith("#") && line.matches(".*\\bflock\\s.*"))
                            .map(line -> Manifests.ROOT.relativize(file) + ": " + line);
                } catch (java.io.IOException | java.io.UncheckedIOException e) {
                    return java.util.stream.Stream.empty(); // not text
                }
            }).toList();
        }
        assertThat(flockLines).as("scripts taking the stack lock").hasSizeGreaterThanOrEqualTo(3)
                .allSatisfy(line -> assertThat(line).contains("flock -o"));
    }
}
