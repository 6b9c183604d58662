package dev.orderflow.contracts.docs;

import static org.assertj.core.api.Assertions.assertThat;

import dev.orderflow.contracts.flags.FeatureFlag;
import dev.orderflow.contracts.topics.Topics;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** The operator documentation names every flag with its default and every topic with its settings. */
class DocumentationTest {

    private static final Path DOCS = Path.of(System.getProperty("orderflow.project.root", "..")).resolve("docs");

    @Test
    void configurationDocumentsEveryFlagWithItsDefault() throws IOException {
        String doc = Files.readString(DOCS.resolve("configuration.md"));
        for (FeatureFlag flag : FeatureFlag.values()) {
            assertThat(doc).as(flag.envName()).containsPattern("\\| `" + flag.envName() + "` \\|[^\\n]*\\| `" + flag.defaultValue() + "` \\|");
        }
    }

    @Test
    void architectureDocumentsEveryTopic() throws IOException {
        String doc = Files.readString(DOCS.resolve("architecture.md"));
        for (Topics.TopicSpec topic : Topics.ALL) {
            assertThat(doc).as(topic.name()).containsPattern("\\| `" + topic.name().replace(".", "\\.") + "` \\| " + topic.partitions() + " \\|");
        }
    }
}
