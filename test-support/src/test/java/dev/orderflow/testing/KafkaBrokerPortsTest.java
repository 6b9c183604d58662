package dev.orderflow.testing;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class KafkaBrokerPortsTest {

    @Test
    void brokerAndControllerPortsAreNeverTheSame() {
        for (int i = 0; i < 200; i++) {
            int[] ports = KafkaBroker.freePorts(2);
            assertThat(ports[0]).isNotEqualTo(ports[1]).isPositive();
            assertThat(ports[1]).isPositive();
        }
    }
}
