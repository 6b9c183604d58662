package dev.orderflow.contracts.flags;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FlagFileValidatorTest {

    @TempDir
    Path dir;

    @Test
    void validEnvFilePasses() throws Exception {
        Path file = Files.writeString(dir.resolve("flags.env"), """
                # phase 1
                ENABLE_COID_MANAGER=true
                export ENABLE_SYMBOL_LOCKS="true"
                LIVE_MONITOR_REFRESH_S=2.0
                """);

        List<FlagFileValidator.Report> reports = FlagFileValidator.validate(file);

        assertThat(reports).singleElement().satisfies(r -> {
            assertThat(r.valid()).isTrue();
            assertThat(r.variables()).containsEntry("ENABLE_SYMBOL_LOCKS", "true");
        });
    }

    @Test
    void envFileWithTypoAndBadValueReportsBoth() throws Exception {
        Path file = Files.writeString(dir.resolve("flags.env"), "ENABLE_SPRED_GUARD_ENTRY=true\nENABLE_FILL_TELEMETRY=on\n");

        assertThat(FlagFileValidator.validate(file).getFirst().problems())
                .hasSize(2)
                .anySatisfy(p -> assertThat(p).contains("did you mean ENABLE_SPREAD_GUARD_ENTRY"))
                .anySatisfy(p -> assertThat(p).contains("ENABLE_FILL_TELEMETRY: 'on'"));
    }

    @Test
    void configMapsInRenderedYamlAreCheckedOthersIgnored() throws Exception {
        Path file = Files.writeString(dir.resolve("rendered.yaml"), """
                apiVersion: v1
                kind: Service
                metadata:
                  name: order-gateway
                ---
                apiVersion: v1
                kind: ConfigMap
                metadata:
                  name: orderflow-flags-abc123
                data:
                  ENABLE_COID_MANAGER: "true"
                  ENABLE_LIVE_DASHBOARD: "true"
                ---
                apiVersion: v1
                kind: ConfigMap
                metadata:
                  name: unrelated
                data:
                  SOMETHING: else
                """);

        List<FlagFileValidator.Report> reports = FlagFileValidator.validate(file);

        assertThat(reports).singleElement().satisfies(r -> {
            assertThat(r.source()).endsWith("ConfigMap/orderflow-flags-abc123");
            assertThat(r.problems()).singleElement().asString().contains("ENABLE_LIVE_DASHBOARD=true requires ENABLE_LIVE_MONITORS=true");
        });
    }

    @Test
    void yamlWithoutFlagsIsAnError() throws Exception {
        Path file = Files.writeString(dir.resolve("x.yaml"), "kind: Service\nmetadata:\n  name: a\n");

        assertThat(FlagFileValidator.validate(file).getFirst().valid()).isFalse();
    }
}
