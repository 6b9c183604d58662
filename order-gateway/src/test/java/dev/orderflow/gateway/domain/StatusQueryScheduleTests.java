package dev.orderflow.gateway.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class StatusQueryScheduleTests {

    private final StatusQuerySchedule schedule = new StatusQuerySchedule(Duration.ofMillis(500), Duration.ofSeconds(2));

    @Test
    void doublesUpToTheMaximum() {
        assertThat(schedule.nextDelay(0, Duration.ZERO, Duration.ZERO)).isEqualTo(Duration.ofMillis(500));
        assertThat(schedule.nextDelay(1, Duration.ZERO, Duration.ZERO)).isEqualTo(Duration.ofSeconds(1));
        assertThat(schedule.nextDelay(2, Duration.ZERO, Duration.ZERO)).isEqualTo(Duration.ofSeconds(2));
        assertThat(schedule.nextDelay(40, Duration.ZERO, Duration.ZERO)).isEqualTo(Duration.ofSeconds(2));
    }

    @Test
    void neverQueriesBeforeTheVenuesRetryAfter() {
        assertThat(schedule.nextDelay(0, Duration.ofSeconds(7), Duration.ZERO)).isEqualTo(Duration.ofSeconds(7));
        assertThat(schedule.nextDelay(0, Duration.ofSeconds(7), Duration.ofSeconds(1))).isEqualTo(Duration.ofSeconds(7));
    }

    @Test
    void queriesRightWhenTheQueryWindowEnds() {
        assertThat(schedule.nextDelay(5, Duration.ZERO, Duration.ofMillis(300))).isEqualTo(Duration.ofMillis(300));
        assertThat(schedule.nextDelay(5, Duration.ZERO, Duration.ofSeconds(30))).isEqualTo(Duration.ofSeconds(2));
        assertThat(schedule.nextDelay(5, Duration.ZERO, Duration.ofSeconds(-3))).isEqualTo(Duration.ofSeconds(2));
    }

    @Test
    void refusesABackoffThatCannotGrow() {
        assertThatThrownBy(() -> new StatusQuerySchedule(Duration.ZERO, Duration.ofSeconds(1)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new StatusQuerySchedule(Duration.ofSeconds(2), Duration.ofSeconds(1)))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
