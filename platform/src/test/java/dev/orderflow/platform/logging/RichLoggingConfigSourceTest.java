package dev.orderflow.platform.logging;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

class RichLoggingConfigSourceTest {

    @Test
    void richLoggingTurnsTheConsoleHumanAndColoured() {
        var source = new RichLoggingConfigSource(Map.of("ENABLE_RICH_LOGGING", "True"));

        assertThat(source.getValue("quarkus.log.console.json.enabled")).isEqualTo("false");
        assertThat(source.getValue("quarkus.console.color")).isEqualTo("true");
        assertThat(source.getValue("quarkus.log.file.json.enabled")).as("file logs stay JSON").isNull();
    }

    @Test
    void withoutTheFlagNothingChanges() {
        assertThat(new RichLoggingConfigSource(Map.of()).getPropertyNames()).isEmpty();
        assertThat(new RichLoggingConfigSource(Map.of("ENABLE_RICH_LOGGING", "false")).getPropertyNames()).isEmpty();
    }

    @Test
    void masterSwitchOffTurnsRichLoggingOff() {
        var source = new RichLoggingConfigSource(Map.of("ENABLE_RICH_LOGGING", "true", "ENABLE_ORDER_FLOW_HARDENING", "false"));

        assertThat(source.getPropertyNames()).isEmpty();
    }

    @Test
    void environmentVariablesStillWin() {
        assertThat(new RichLoggingConfigSource(Map.of()).getOrdinal()).isBetween(251, 299);
    }
}
