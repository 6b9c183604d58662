package dev.orderflow.testing;

import dev.orderflow.contracts.topics.Topics;
import io.smallrye.reactive.messaging.kafka.companion.test.EmbeddedKafkaBroker;
import java.io.IOException;
import java.net.ServerSocket;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.errors.TopicExistsException;

/**
 * A real single-node KRaft broker in the test JVM, or the broker named by
 * {@code ORDERFLOW_TEST_KAFKA_BOOTSTRAP} (for example the local stack's). Every topic of the system
 * is created with its partition count.
 */
public final class KafkaBroker implements AutoCloseable {

    public static final String BOOTSTRAP_VARIABLE = "ORDERFLOW_TEST_KAFKA_BOOTSTRAP";

    private final EmbeddedKafkaBroker embedded;
    private final String bootstrapServers;

    private KafkaBroker(EmbeddedKafkaBroker embedded, String bootstrapServers) {
        this.embedded = embedded;
        this.bootstrapServers = bootstrapServers;
    }

    public static KafkaBroker start() {
        String external = System.getenv(BOOTSTRAP_VARIABLE);
        KafkaBroker broker;
        if (external != null && !external.isBlank()) {
            broker = new KafkaBroker(null, external);
        } else {
            int[] ports = choosePorts();
            return startOn(ports[0], ports[1]);
        }
        broker.createTopics();
        return broker;
    }

    /** Two distinct free ports for {@link #startOn}: the broker's listener and its controller. */
    public static int[] choosePorts() {
        return freePorts(2);
    }

    /**
     * A broker in the test JVM on these ports, with every topic: for an address services were given before
     * any broker listened on it.
     */
    public static KafkaBroker startOn(int kafkaPort, int controllerPort) {
        EmbeddedKafkaBroker embedded = new EmbeddedKafkaBroker()
                .withNodeId(0)
                .withKafkaPort(kafkaPort)
                .withControllerPort(controllerPort)
                .withDeleteLogDirsOnClose(true)
                .start();
        KafkaBroker broker = new KafkaBroker(embedded, embedded.getAdvertisedListeners());
        broker.createTopics();
        return broker;
    }

    public String bootstrapServers() {
        return bootstrapServers;
    }

    private void createTopics() {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers))) {
            List<NewTopic> topics = Topics.ALL.stream()
                    .map(t -> new NewTopic(t.name(), t.partitions(), (short) 1)
                            .configs(Map.of("retention.ms", String.valueOf(t.retentionMs()))))
                    .toList();
            for (var future : admin.createTopics(topics).values().values()) {
                try {
                    future.get(30, TimeUnit.SECONDS);
                } catch (java.util.concurrent.ExecutionException e) {
                    if (!(e.getCause() instanceof TopicExistsException)) {
                        throw new IllegalStateException("Cannot create topics on " + bootstrapServers, e.getCause());
                    }
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } catch (java.util.concurrent.TimeoutException e) {
            throw new IllegalStateException("Kafka at " + bootstrapServers + " did not answer", e);
        }
    }

    /**
     * Distinct free ports: every socket stays open until all are chosen, since two ports asked for one after
     * the other may be the same one (the kernel hands a just-closed port out again).
     */
    static int[] freePorts(int count) {
        ServerSocket[] sockets = new ServerSocket[count];
        try {
            int[] ports = new int[count];
            for (int i = 0; i < count; i++) {
                sockets[i] = new ServerSocket(0);
                sockets[i].setReuseAddress(true);
                ports[i] = sockets[i].getLocalPort();
            }
            return ports;
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } finally {
            for (ServerSocket socket : sockets) {
                if (socket != null) {
                    try {
                        socket.close();
                    } catch (IOException e) {
                        // the port was read; closing cannot change it
                    }
                }
            }
        }
    }

    static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            socket.setReuseAddress(true);
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        if (embedded != null) {
            embedded.close();
        }
    }
}
