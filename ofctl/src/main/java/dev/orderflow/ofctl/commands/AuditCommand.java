package dev.orderflow.ofctl.commands;

import com.fasterxml.jackson.databind.JsonNode;
import dev.orderflow.contracts.events.EventEnvelope;
import dev.orderflow.contracts.events.EventJson;
import dev.orderflow.contracts.events.EventType;
import dev.orderflow.ofctl.ExitCodes;
import dev.orderflow.ofctl.audit.ArchiveFiles;
import dev.orderflow.ofctl.audit.ArchiveQuery;
import dev.orderflow.ofctl.audit.AuditFilter;
import dev.orderflow.ofctl.audit.AuditReader;
import dev.orderflow.ofctl.config.ConnectionOptions;
import dev.orderflow.ofctl.config.Settings;
import dev.orderflow.ofctl.output.OutputOptions;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** The audit trail: the events themselves, read from Kafka or from the telemetry service's archive. */
@Command(name = "audit", mixinStandardHelpOptions = true,
        description = "Read the audit trail: the events on Kafka (tail), or the telemetry service's archive of them (grep).",
        subcommands = {AuditCommand.Tail.class, AuditCommand.Grep.class})
public class AuditCommand {

    private static final int SUMMARY_WIDTH = 110;

    @Command(name = "tail", mixinStandardHelpOptions = true,
            description = {"Events of orders.events, orders.decisions, orders.commands, ops.alerts and ops.reconciliation",
                    "(with --type: the topics of those types), read from Kafka without a consumer group, oldest first.",
                    "-o json prints one CloudEvent per line (data, type, subject, time...), ready for jq:",
                    "  ofctl audit tail --type ENTRY_SLIPPAGE --since 1d -o json | jq '.data.slippageBps'"})
    static class Tail implements java.util.concurrent.Callable<Integer> {
        @Mixin ConnectionOptions connection;
        @Mixin OutputOptions output;
        @Spec CommandSpec spec;

        @Option(names = "--type", split = ",", paramLabel = "TYPE", description = "only these event types (repeat or comma-separate): ${COMPLETION-CANDIDATES}")
        Set<EventType> types;
        @Option(names = "--symbol", description = "only events of this symbol") String symbol;
        @Option(names = "--coid", paramLabel = "CLIENT_ORDER_ID", description = "only events of this client order id") String coid;
        @Option(names = "--since", converter = SinceConverter.class,
                description = "from this time: an age (90s, 15m, 2h, 7d) or an ISO instant (default: 15m)") Instant since;
        @Option(names = "--from-beginning", description = "from the oldest record Kafka keeps") boolean fromBeginning;
        @Option(names = {"-f", "--follow"}, description = "keep printing new events until Ctrl-C") boolean follow;

        @Override
        public Integer call() {
            AuditFilter filter = new AuditFilter(types, symbol, coid);
            Instant start = fromBeginning ? null : since != null ? since : Instant.now().minus(Duration.ofMinutes(15));
            PrintWriter out = spec.commandLine().getOut();
            PrintWriter err = spec.commandLine().getErr();
            AtomicInteger rejectedCount = new AtomicInteger();
            if (!output.json()) {
                out.printf("%-24s  %-20s  %-22s  %s%n", "TIME", "TYPE", "SUBJECT", "DATA");
            }
            try (AuditReader reader = new AuditReader(connection.settings().require(Settings.BOOTSTRAP_SERVERS))) {
                Thread stopper = new Thread(reader::stop, "ofctl-audit-stop");
                Runtime.getRuntime().addShutdownHook(stopper);
                reader.read(filter.topics(), start, follow, (event, key) -> {
                    if (filter.matches(event, key)) {
                        out.println(output.json() ? EventJson.structured(event).toString() : row(event));
                        out.flush();
                    }
                }, rejected -> {
                    rejectedCount.incrementAndGet();
                    err.println("WARNING " + rejected.topic() + "/" + rejected.partition() + "@" + rejected.offset()
                            + " breaks the contract: " + rejected.problem());
                    err.flush();
                });
                try {
                    Runtime.getRuntime().removeShutdownHook(stopper);
                } catch (IllegalStateException e) {
                    // already shutting down (Ctrl-C during --follow)
                }
            }
            return ExitCodes.OK;
        }

        private static String row(EventEnvelope<?> event) {
            JsonNode data = EventJson.toTree(event.data());
            String summary = data.toString();
            if (summary.length() > SUMMARY_WIDTH) {
                summary = summary.substring(0, SUMMARY_WIDTH - 3) + "...";
            }
            return String.format("%-24s  %-20s  %-22s  %s", event.time(), event.type(), event.subject() == null ? "-" : event.subject(), summary);
        }
    }

    @Command(name = "grep", mixinStandardHelpOptions = true,
            description = {"Search the telemetry service's audit archive (JSON lines, sessions/<UTC start>/events-<n>.jsonl),",
                    "every session and rotated file in the order written. PATTERN is a regular expression found anywhere",
                    "in a line (omit it to take every line the filters let through). -o json prints the archive's lines",
                    "unchanged, ready for jq:",
                    "  ofctl audit grep --type ENTRY_SLIPPAGE --since 1d -o json | jq .slippage_bps",
                    "The archive folder is --archive, else the setting telemetry.archive-dir (the local stack sets it)."})
    static class Grep implements java.util.concurrent.Callable<Integer> {
        /** A file last written this long before --since may still hold a line stamped after it (clocks differ). */
        private static final Duration CLOCK_SKEW = Duration.ofMinutes(5);

        @Mixin ConnectionOptions connection;
        @Mixin OutputOptions output;
        @Spec CommandSpec spec;

        @Parameters(paramLabel = "PATTERN", arity = "0..1", description = "regular expression (Java syntax) to find in each line")
        String pattern;
        @Option(names = {"-i", "--ignore-case"}, description = "match PATTERN regardless of case") boolean ignoreCase;
        @Option(names = {"-F", "--fixed-strings"}, description = "PATTERN is plain text, not a regular expression") boolean fixed;
        @Option(names = "--type", split = ",", paramLabel = "TYPE", description = "only these event types (repeat or comma-separate): ${COMPLETION-CANDIDATES}")
        Set<EventType> types;
        @Option(names = "--symbol", description = "only events of this symbol") String symbol;
        @Option(names = "--coid", paramLabel = "CLIENT_ORDER_ID", description = "only events of this client order id") String coid;
        @Option(names = "--since", converter = SinceConverter.class,
                description = "only events from this time: an age (90s, 15m, 2h, 7d) or an ISO instant (default: all)") Instant since;
        @Option(names = "--archive", paramLabel = "DIR", description = "the archive folder (default: the setting telemetry.archive-dir)")
        Path archive;

        @Override
        public Integer call() {
            ArchiveQuery query = new ArchiveQuery(compile(), types, symbol, coid, since);
            Path dir = archive != null ? archive : Path.of(connection.settings().require(Settings.TELEMETRY_ARCHIVE_DIR));
            List<Path> files = ArchiveFiles.in(dir);
            PrintWriter out = spec.commandLine().getOut();
            PrintWriter err = spec.commandLine().getErr();
            if (!output.json()) {
                out.printf("%-24s  %-20s  %-22s  %s%n", "TIME", "TYPE", "SUBJECT", "DATA");
            }
            long matched = 0;
            int read = 0;
            for (Path file : files) {
                if (since != null && lastWritten(file).isBefore(since.minus(CLOCK_SKEW))) {
                    continue;
                }
                read++;
                matched += grep(file, query, out, err);
            }
            if (!output.json()) {
                out.println(matched + " matching events in " + read + " of " + files.size() + " archive files under " + dir);
            }
            out.flush();
            return ExitCodes.OK;
        }

        private long grep(Path file, ArchiveQuery query, PrintWriter out, PrintWriter err) {
            long matched = 0;
            try (BufferedReader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
                String text;
                long number = 0;
                while ((text = reader.readLine()) != null) {
                    number++;
                    if (text.isBlank() || !query.textMatches(text)) {
                        continue;
                    }
                    JsonNode line;
                    try {
                        line = EventJson.mapper().readTree(text);
                    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
                        // a torn last line after a crash, or a file that is not the archive's
                        err.println("WARNING " + file + ":" + number + " is not an archive line: " + e.getOriginalMessage());
                        err.flush();
                        continue;
                    }
                    if (query.matches(line)) {
                        matched++;
                        out.println(output.json() ? text : row(line));
                    }
                }
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
            }
            out.flush();
            return matched;
        }

        private Pattern compile() {
            if (pattern == null || pattern.isEmpty()) {
                return null;
            }
            int flags = ignoreCase ? Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE : 0;
            try {
                return Pattern.compile(fixed ? Pattern.quote(pattern) : pattern, flags);
            } catch (PatternSyntaxException e) {
                throw new ParameterException(spec.commandLine(), "PATTERN is not a regular expression (-F takes it as plain text): "
                        + e.getDescription() + " near index " + e.getIndex());
            }
        }

        private static Instant lastWritten(Path file) {
            try {
                return Files.getLastModifiedTime(file).toInstant();
            } catch (IOException e) {
                return Instant.MAX;
            }
        }

        private static String row(JsonNode line) {
            String summary = line.path("data").toString();
            if (summary.length() > SUMMARY_WIDTH) {
                summary = summary.substring(0, SUMMARY_WIDTH - 3) + "...";
            }
            String subject = line.path("subject").asText(line.path("clientOrderId").asText("-"));
            return String.format("%-24s  %-20s  %-22s  %s", line.path("ts").asText(), line.path("event").asText(), subject, summary);
        }
    }
}
