package dev.orderflow.testing;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.util.HashMap;
import java.util.Map;

/**
 * Gives a {@code @QuarkusTest} real infrastructure: a Kafka broker and a Postgres database of its
 * own, created for the test run and removed after it. Use with
 * {@code @WithTestResource(KafkaAndPostgresResource.class)}; test classes that share it share one
 * application start. The application accepts the {@link TestTokens}.
 */
public class KafkaAndPostgresResource implements QuarkusTestResourceLifecycleManager {

    private static KafkaBroker broker;
    private PostgresDatabase database;

    @Override
    public Map<String, String> start() {
        database = PostgresDatabase.create("oftest");
        String bootstrap = sharedBroker().bootstrapServers();
        Map<String, String> config = new HashMap<>(TestTokens.configuration());
        config.put("quarkus.datasource.jdbc.url", database.jdbcUrl());
        config.put("quarkus.datasource.username", database.username());
        config.put("quarkus.datasource.password", database.password());
        config.put("kafka.bootstrap.servers", bootstrap);
        return config;
    }

    /** One broker per test JVM: starting one takes seconds, and topics are shared by design. */
    public static synchronized KafkaBroker sharedBroker() {
        if (broker == null) {
            broker = KafkaBroker.start();
            Runtime.getRuntime().addShutdownHook(new Thread(broker::close, "kafka-test-broker-stop"));
        }
        return broker;
    }

    @Override
    public void stop() {
        if (database != null) {
            database.close();
        }
    }
}
