package dev.orderflow.telemetry.domain;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class RecentEventIdsTests {

    @Test
    void aRedeliveredIdIsRecognised() {
        var ids = new RecentEventIds(10);
        String id = UUID.randomUUID().toString();

        assertThat(ids.add(id)).isTrue();
        assertThat(ids.add(id)).isFalse();
        assertThat(ids.add("not-a-uuid-1")).isTrue();
        assertThat(ids.add("not-a-uuid-1")).isFalse();
        assertThat(ids.add("not-a-uuid-2")).isTrue();
    }

    @Test
    void memoryIsBoundedByForgettingTheOldest() {
        var ids = new RecentEventIds(1000);
        List<String> added = new ArrayList<>();
        for (int i = 0; i < 5000; i++) {
            String id = UUID.randomUUID().toString();
            added.add(id);
            assertThat(ids.add(id)).isTrue();
        }

        assertThat(ids.size()).isEqualTo(1000);
        assertThat(added.subList(4000, 5000)).allMatch(ids::contains);
        assertThat(added.subList(0, 4000)).noneMatch(ids::contains);
    }
}
