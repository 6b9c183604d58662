package dev.orderflow.ofctl.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SettingsResolverTests {

    @TempDir
    Path dir;

    @Test
    void optionBeatsOfctlVariableBeatsWellKnownVariableBeatsFileBeatsLocalDefault() throws Exception {
        Path file = Files.writeString(dir.resolve("ofctl.properties"),
                "gateway.url=http://file:1\ntelemetry.url=http://file:2\ngateway.token=from-file\nreconciler.url=http://file:3\n");
        Map<String, String> env = Map.of("OFCTL_TELEMETRY_URL", "http://env:2", "ORDERFLOW_OPERATOR_TOKEN", "well-known",
                "OFCTL_RECONCILER_URL", "http://env:3", "OFCTL_EXCHANGE_API_KEY", "key");

        Settings settings = SettingsResolver.resolve(Map.of("reconciler.url", "http://option:3"), Optional.of(file), env);

        assertThat(settings.require(Settings.GATEWAY_URL)).isEqualTo("http://file:1");
        assertThat(settings.require(Settings.TELEMETRY_URL)).isEqualTo("http://env:2");
        assertThat(settings.require(Settings.GATEWAY_TOKEN)).isEqualTo("from-file");
        assertThat(settings.token("reconciler")).hasValue("well-known");
        assertThat(settings.token("gateway")).hasValue("from-file");
        assertThat(settings.origin(Settings.TOKEN)).isEqualTo("$ORDERFLOW_OPERATOR_TOKEN");
        assertThat(settings.require(Settings.RECONCILER_URL)).isEqualTo("http://option:3");
        assertThat(settings.require(Settings.EXCHANGE_API_KEY)).isEqualTo("key");
        assertThat(settings.require(Settings.GUARDS_URL)).isEqualTo("http://127.0.0.1:8081");
    }

    @Test
    void theArchiveFolderComesFromItsVariableWithTheDashKept() {
        Settings settings = SettingsResolver.resolve(Map.of(), Optional.empty(),
                Map.of("HOME", dir.toString(), "OFCTL_TELEMETRY_ARCHIVE_DIR", "/var/lib/orderflow/archive"));

        assertThat(settings.require(Settings.TELEMETRY_ARCHIVE_DIR)).isEqualTo("/var/lib/orderflow/archive");
    }

    @Test
    void theLocalStackFileIsFoundUnderTheCheckoutTheLauncherRunsFrom() throws Exception {
        Files.createDirectories(dir.resolve(".run/local"));
        Files.writeString(dir.resolve(".run/local/ofctl.properties"), "gateway.token=local-token\n");

        Settings settings = SettingsResolver.resolve(Map.of(), Optional.empty(), Map.of("OFCTL_HOME", dir.toString()));

        assertThat(settings.require(Settings.GATEWAY_TOKEN)).isEqualTo("local-token");
    }

    @Test
    void aMissingSettingSaysHowToSetIt() {
        Settings settings = SettingsResolver.resolve(Map.of(), Optional.empty(), Map.of("HOME", dir.toString()), dir);

        assertThatThrownBy(() -> settings.require(Settings.EXCHANGE_API_SECRET))
                .hasMessageContaining("--set exchange.api-secret=...").hasMessageContaining("OFCTL_EXCHANGE_API_SECRET");
    }
}
