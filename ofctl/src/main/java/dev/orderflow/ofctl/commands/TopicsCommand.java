package dev.orderflow.ofctl.commands;

import dev.orderflow.contracts.topics.Topics;
import java.io.PrintWriter;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** Creates the system's topics with their partitions and retention, or lists them. Safe to run again. */
@Command(name = "topics", mixinStandardHelpOptions = true,
        description = "create: create every topic of the system that does not exist yet; list: show them with partitions.")
public class TopicsCommand implements Callable<Integer> {

    @Parameters(index = "0", paramLabel = "ACTION", description = "create or list")
    String action;

    @Option(names = "--bootstrap-servers", defaultValue = "${KAFKA_BOOTSTRAP_SERVERS:-127.0.0.1:9092}",
            description = "Kafka bootstrap servers (default: ${DEFAULT-VALUE})")
    String bootstrapServers;

    @Option(names = "--replication-factor", defaultValue = "1")
    short replicationFactor;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        try (Admin admin = Admin.create(Map.of(
                AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, "30000"))) {
            Set<String> existing = admin.listTopics().names().get(30, TimeUnit.SECONDS);
            if ("create".equals(action)) {
                List<NewTopic> missing = Topics.ALL.stream()
                        .filter(t -> !existing.contains(t.name()))
                        .map(t -> new NewTopic(t.name(), t.partitions(), replicationFactor)
                                .configs(Map.of("retention.ms", String.valueOf(t.retentionMs()))))
                        .toList();
                admin.createTopics(missing).all().get(30, TimeUnit.SECONDS);
                out.printf("Created %d topics, %d already existed%n", missing.size(), Topics.ALL.size() - missing.size());
            } else if (!"list".equals(action)) {
                spec.commandLine().getErr().println("Unknown action '" + action + "'; accepted values: create, list");
                return 2;
            }
            Map<String, TopicDescription> descriptions = admin.describeTopics(
                    Topics.ALL.stream().map(Topics.TopicSpec::name).filter(n -> "create".equals(action) || existing.contains(n)).toList())
                    .allTopicNames().get(30, TimeUnit.SECONDS);
            for (Topics.TopicSpec topic : Topics.ALL) {
                TopicDescription description = descriptions.get(topic.name());
                out.printf("%-20s %s%n", topic.name(), description == null ? "missing"
                        : description.partitions().size() + " partitions, retention " + topic.retention().toHours() + " h");
            }
            return 0;
        } catch (ExecutionException | TimeoutException e) {
            spec.commandLine().getErr().println("Kafka at " + bootstrapServers + " did not answer: " + e.getMessage());
            return 1;
        }
    }
}
