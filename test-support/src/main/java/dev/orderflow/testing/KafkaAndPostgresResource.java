package dev.orderflow.testing;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.util.HashMap;
import java.util.Map;

/**
 * Gives a {@code @QuarkusTest} real infrastructure: a Kafka broker and a Postgres database of its
 * own, created for the test run and removed after it. Use with
 * {@code @WithTestResource(KafkaAndPostgresResource.class)}; test classes that share it share one
 * application start. The application accepts the {@link TestTokens}.
 *
 * <p>With the init argument {@code postgres-link=cuttable} the application reaches Postgres through a
 * {@link PostgresLink} that the test cuts and restores ({@link #postgresLink()}) to play a database
 * restart; the test's own connections ({@link #directJdbcUrl()}) stay up.
 */
public class KafkaAndPostgresResource implements QuarkusTestResourceLifecycleManager {

    public static final String POSTGRES_LINK = "postgres-link";

    private static KafkaBroker broker;
    private static volatile PostgresLink link;
    private static volatile String directJdbcUrl;
    private PostgresDatabase database;
    private boolean cuttable;

    @Override
    public void init(Map<String, String> initArgs) {
        cuttable = "cuttable".equals(initArgs.get(POSTGRES_LINK));
    }

    @Override
    public Map<String, String> start() {
        database = PostgresDatabase.create("oftest");
        String bootstrap = sharedBroker().bootstrapServers();
        Map<String, String> config = new HashMap<>(TestTokens.configuration());
        String jdbcUrl = database.jdbcUrl();
        directJdbcUrl = jdbcUrl;
        if (cuttable) {
            var server = java.net.URI.create(jdbcUrl.substring("jdbc:".length()));
            link = PostgresLink.to(server.getHost(), server.getPort() < 0 ? 5432 : server.getPort());
            jdbcUrl = jdbcUrl.replace(server.getHost() + (server.getPort() < 0 ? "" : ":" + server.getPort()), "127.0.0.1:" + link.port());
        }
        config.put("quarkus.datasource.jdbc.url", jdbcUrl);
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

    /** The link between the application and Postgres; only with {@code postgres-link=cuttable}. */
    public static PostgresLink postgresLink() {
        if (link == null) {
            throw new IllegalStateException("Start the resource with @ResourceArg(name = \"" + POSTGRES_LINK + "\", value = \"cuttable\")");
        }
        return link;
    }

    /** The JDBC URL of the application's database that bypasses the link, for the test's own checks. */
    public static String directJdbcUrl() {
        return directJdbcUrl;
    }

    @Override
    public void stop() {
        if (link != null) {
            link.close();
            link = null;
        }
        if (database != null) {
            database.close();
        }
    }
}
