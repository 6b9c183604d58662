package dev.orderflow.system;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.orderflow.contracts.events.EventJson;
import dev.orderflow.testing.Cleanup;
import dev.orderflow.testing.KafkaBroker;
import dev.orderflow.testing.PostgresDatabase;
import dev.orderflow.testing.ServiceProcess;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Every service that uses Kafka, started while its broker is not there yet (a Kafka outage during a
 * rollout): it reports started, so the kubelet leaves it alone, and not ready, with the reason, both
 * promptly; once the broker is up on that address it becomes ready without a restart.
 */
class KafkaOutageStartupIT {

    /** The kubelet's probe timeout in k8s/base is 2 s for startup and 3 s for readiness. */
    private static final Duration PROBE_ANSWER = Duration.ofSeconds(2);
    private static final List<String> MODULES = List.of("order-gateway", "risk-guards", "reconciler", "telemetry-service");
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private final List<AutoCloseable> started = new ArrayList<>();

    @AfterEach
    void stop() {
        Cleanup.closeAll(started.reversed());
    }

    @Test
    void servicesStartWithoutKafkaReportNotReadyAndBecomeReadyWhenItArrives() throws Exception {
        int[] ports = KafkaBroker.choosePorts();
        PostgresDatabase database = PostgresDatabase.create("outage");
        started.add(database);
        Map<String, String> environment = new HashMap<>();
        environment.put("KAFKA_BOOTSTRAP_SERVERS", "127.0.0.1:" + ports[0]);
        environment.put("ORDERFLOW_DB_URL", database.jdbcUrl());
        environment.put("ORDERFLOW_DB_USER", database.username());
        environment.put("ORDERFLOW_DB_PASSWORD", database.password());
        environment.put("TELEMETRY_ARCHIVE_DIR", java.nio.file.Files.createTempDirectory("outage-archive").toString());
        Map<String, ServiceProcess> services = new LinkedHashMap<>();
        for (String module : MODULES) {
            ServiceProcess service = ServiceProcess.start(module, environment);
            started.add(service);
            services.put(module, service);
        }
        for (ServiceProcess service : services.values()) {
            awaitListening(service, Duration.ofSeconds(150));
        }

        for (var service : services.entrySet()) {
            Answer startedAnswer = get(service.getValue(), "/q/health/started");
            Answer ready = get(service.getValue(), "/q/health/ready");
            assertThat(startedAnswer.status()).as("%s started while Kafka is away: %s", service.getKey(), startedAnswer.body()).isEqualTo(200);
            assertThat(startedAnswer.took()).as("%s started answered in", service.getKey()).isLessThan(PROBE_ANSWER);
            assertThat(ready.status()).as("%s ready while Kafka is away: %s", service.getKey(), ready.body()).isEqualTo(503);
            assertThat(ready.took()).as("%s ready answered in", service.getKey()).isLessThan(PROBE_ANSWER);
            assertThat(kafkaReason(ready)).as("%s readiness says why", service.getKey()).contains("Kafka unreachable");
        }

        Instant brokerStarted = Instant.now();
        KafkaBroker broker = KafkaBroker.startOn(ports[0], ports[1]);
        started.add(broker);
        for (var service : services.entrySet()) {
            service.getValue().awaitReady(Duration.ofSeconds(60));
        }
        System.out.printf("Every service ready %d ms after the broker started%n", Duration.between(brokerStarted, Instant.now()).toMillis());
    }

    private record Answer(int status, String body, Duration took) {
    }

    private static Answer get(ServiceProcess service, String path) throws IOException, InterruptedException {
        Instant start = Instant.now();
        HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create(service.baseUrl() + path))
                .timeout(Duration.ofSeconds(10)).GET().build(), HttpResponse.BodyHandlers.ofString());
        return new Answer(response.statusCode(), response.body(), Duration.between(start, Instant.now()));
    }

    private static String kafkaReason(Answer ready) throws IOException {
        for (JsonNode check : EventJson.mapper().readTree(ready.body()).path("checks")) {
            if (check.path("name").asText().equals("Kafka")) {
                return check.path("status").asText() + " " + check.path("data").path("reason").asText();
            }
        }
        return "(no Kafka check in " + ready.body() + ")";
    }

    /** Until the service answers HTTP at all: the JVM and Quarkus take a while on a busy machine. */
    private static void awaitListening(ServiceProcess service, Duration timeout) throws InterruptedException {
        Instant deadline = Instant.now().plus(timeout);
        while (Instant.now().isBefore(deadline)) {
            assertThat(service.isAlive()).as("%s is running:%n%s", service.baseUrl(), service.output()).isTrue();
            try {
                get(service, "/q/health/live");
                return;
            } catch (IOException e) {
                Thread.sleep(250);
            }
        }
        throw new AssertionError(service.baseUrl() + " never answered:\n" + service.output());
    }
}
