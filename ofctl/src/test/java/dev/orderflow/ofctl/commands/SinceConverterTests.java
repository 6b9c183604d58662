package dev.orderflow.ofctl.commands;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import org.junit.jupiter.api.Test;
import picocli.CommandLine.TypeConversionException;

class SinceConverterTests {

    private static final Instant NOW = Instant.parse("2026-01-05T12:00:00Z");

    @Test
    void agesCountBackFromNowAndInstantsAreTakenAsTheyAre() {
        assertThat(SinceConverter.parse("90s", NOW)).isEqualTo("2026-01-05T11:58:30Z");
        assertThat(SinceConverter.parse("15m", NOW)).isEqualTo("2026-01-05T11:45:00Z");
        assertThat(SinceConverter.parse("2h", NOW)).isEqualTo("2026-01-05T10:00:00Z");
        assertThat(SinceConverter.parse("7d", NOW)).isEqualTo("2025-12-29T12:00:00Z");
        assertThat(SinceConverter.parse("2026-01-01T00:00:00Z", NOW)).isEqualTo("2026-01-01T00:00:00Z");
    }

    @Test
    void anythingElseIsAUsageError() {
        assertThatThrownBy(() -> SinceConverter.parse("yesterday", NOW)).isInstanceOf(TypeConversionException.class)
                .hasMessageContaining("neither an age");
    }
}
