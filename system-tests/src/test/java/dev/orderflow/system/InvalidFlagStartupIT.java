package dev.orderflow.system;

import static org.assertj.core.api.Assertions.assertThat;

import dev.orderflow.testing.KafkaAndPostgresResource;
import dev.orderflow.testing.PostgresDatabase;
import dev.orderflow.testing.ServiceProcess;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * A service with an invalid flag refuses to start; its first error line says which variable is wrong and
 * which values it accepts.
 */
class InvalidFlagStartupIT {

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "ENABLE_COID_MANGER|true|Unknown flag ENABLE_COID_MANGER (did you mean ENABLE_COID_MANAGER?)",
            "ENABLE_SYMBOL_LOCKS|yes|Invalid value for ENABLE_SYMBOL_LOCKS: 'yes'; accepted values: true or false",
            "LIVE_MONITOR_REFRESH_S|0.1|Invalid value for LIVE_MONITOR_REFRESH_S: 0.1 is out of range; accepted values: a number of seconds from 0.25 to 60",
            "ENABLE_LIVE_DASHBOARD|true|Invalid flag combination: ENABLE_LIVE_DASHBOARD=true requires ENABLE_LIVE_MONITORS=true"})
    void serviceRefusesToStart(String variable, String value, String expectedLine) {
        try (PostgresDatabase database = PostgresDatabase.create("ofsys")) {
            Map<String, String> env = new HashMap<>(ServiceProcess.infrastructure(KafkaAndPostgresResource.sharedBroker(), database));
            env.put(variable, value);
            try (ServiceProcess gateway = ServiceProcess.start("order-gateway", env)) {
                int exitCode = gateway.awaitExit(Duration.ofSeconds(90));

                assertThat(exitCode).isNotZero();
                assertThat(gateway.output().lines().filter(line -> line.contains("\"level\":\"ERROR\"")).findFirst())
                        .as("first error of the refused start:%n%s", gateway.output())
                        .hasValueSatisfying(line -> assertThat(line).contains("\"message\":\"" + expectedLine));
            }
        }
    }
}
