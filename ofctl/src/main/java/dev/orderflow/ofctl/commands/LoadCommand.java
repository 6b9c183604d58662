package dev.orderflow.ofctl.commands;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.orderflow.contracts.events.EventJson;
import dev.orderflow.ofctl.ExitCodes;
import dev.orderflow.ofctl.client.Service;
import dev.orderflow.ofctl.client.ServiceClient;
import dev.orderflow.ofctl.client.ServiceClient.Answer;
import dev.orderflow.ofctl.config.ConnectionOptions;
import dev.orderflow.ofctl.config.Settings;
import dev.orderflow.ofctl.load.LoadCheck;
import dev.orderflow.ofctl.load.LoadCheck.ExchangeOrder;
import dev.orderflow.ofctl.load.LoadCheck.GatewayOrder;
import dev.orderflow.ofctl.load.MemorySample;
import dev.orderflow.ofctl.output.OutputOptions;
import dev.orderflow.venue.ThrottleListener;
import dev.orderflow.venue.Venue;
import dev.orderflow.venue.VenueOrder;
import dev.orderflow.venue.VenueSettings;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vertx.core.Vertx;
import java.io.IOException;
import java.io.PrintWriter;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.HdrHistogram.ConcurrentHistogram;
import org.HdrHistogram.Histogram;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * The guide's load test: orders sent through the gateway with a fixed number in flight, then every client order
 * id looked up at the gateway and at the exchange, with the gateway's memory before and after.
 */
@Command(name = "load", mixinStandardHelpOptions = true,
        description = {"Load test the gateway: N market orders, --parallel in flight, POST latency percentiles,",
                "then every client order id checked at the exchange (no duplicate, none lost) and the gateway's",
                "heap and RSS before and after. Exit code 3 when the verdict is FAIL.",
                "Orders alternate BUY and SELL so the position returns to where it was; ids are load-<run>-<n>."})
public class LoadCommand implements Callable<Integer> {

    private static final Set<String> FINAL = Set.of("FILLED", "CANCELED", "REJECTED", "EXPIRED", "BLOCKED", "ACKNOWLEDGED", "PARTIALLY_FILLED");

    @Mixin
    ConnectionOptions connection;

    @Mixin
    OutputOptions output;

    @Spec
    CommandSpec spec;

    @Option(names = "--orders", defaultValue = "1000", description = "orders to send (default: ${DEFAULT-VALUE})")
    int orders;

    @Option(names = "--parallel", defaultValue = "100", description = "requests in flight at once (default: ${DEFAULT-VALUE})")
    int parallel;

    @Option(names = "--duplicates", description = "send every order twice at the same moment, as a strategy retrying "
            + "after a timeout would: the second must be answered as a replay, never reach the exchange")
    boolean duplicates;

    @Option(names = "--symbol", defaultValue = "BTCUSDT", description = "(default: ${DEFAULT-VALUE})")
    String symbol;

    @Option(names = "--quantity", defaultValue = "0.001", description = "quantity of each order (default: ${DEFAULT-VALUE})")
    BigDecimal quantity;

    @Option(names = "--run-id", description = "names the client order ids load-<run-id>-<n> (default: random)")
    String runId;

    @Option(names = "--settle-timeout", defaultValue = "300", description = "seconds to wait for every order to settle (default: ${DEFAULT-VALUE})")
    int settleTimeoutSeconds;

    @Option(names = "--gateway-pid", description = "the gateway's process id for its RSS (default: from gateway.pid-file, which the local stack sets)")
    Long gatewayPid;

    @Override
    public Integer call() throws Exception {
        if (orders < 1 || parallel < 1) {
            throw new picocli.CommandLine.ParameterException(spec.commandLine(), "--orders and --parallel must be at least 1");
        }
        Settings settings = connection.settings();
        ServiceClient gateway = ServiceClient.of(settings, Service.GATEWAY);
        VenueSettings venue = venueSettings(settings);
        String run = runId != null ? runId : UUID.randomUUID().toString().substring(0, 8);
        String prefix = "load-" + run + "-";
        OptionalLong pid = gatewayPid != null ? OptionalLong.of(gatewayPid) : pidFromFile(settings);
        PrintWriter err = spec.commandLine().getErr();

        MemorySample before = sample(gateway, pid);
        Instant started = Instant.now();
        Histogram latency = new ConcurrentHistogram(Duration.ofMinutes(5).toNanos() / 1000, 3);
        Map<String, AtomicInteger> answers = new TreeMap<>();
        Set<String> accepted = ConcurrentHashMap.newKeySet();
        Semaphore inFlight = new Semaphore(parallel);
        int copies = duplicates ? 2 : 1;
        try (ExecutorService senders = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int n = 1; n <= orders; n++) {
                String coid = prefix + n;
                Map<String, Object> body = order(coid, n % 2 == 1 ? "BUY" : "SELL");
                for (int copy = 0; copy < copies; copy++) {
                    inFlight.acquire();
                    senders.submit(() -> {
                        try {
                            long start = System.nanoTime();
                            String outcome;
                            try {
                                Answer answer = gateway.send("POST", "/api/v1/orders", body).join();
                                latency.recordValue((System.nanoTime() - start) / 1000);
                                outcome = String.valueOf(answer.status());
                                if (answer.ok()) {
                                    accepted.add(coid);
                                }
                            } catch (RuntimeException e) {
                                outcome = "no answer";
                            }
                            synchronized (answers) {
                                answers.computeIfAbsent(outcome, k -> new AtomicInteger()).incrementAndGet();
                            }
                        } finally {
                            inFlight.release();
                        }
                    });
                }
            }
        }
        Duration sending = Duration.between(started, Instant.now());
        err.printf("Sent %d requests in %.1f s; waiting for the orders to settle%n", orders * copies, sending.toMillis() / 1000.0);
        err.flush();

        Map<String, GatewayOrder> gatewayOrders = settle(gateway, prefix, started, accepted.size());
        List<ExchangeOrder> exchangeOrders = new ArrayList<>();
        for (VenueOrder order : ordersAtExchange(venue, symbol, started.minusSeconds(5))) {
            String coid = order.clientOrderId();
            if (coid != null && coid.startsWith(prefix)) {
                exchangeOrders.add(new ExchangeOrder(coid, Long.parseLong(order.exchangeOrderId()), order.venueStatus()));
            }
        }
        MemorySample after = sample(gateway, pid);
        LoadCheck.Outcome outcome = LoadCheck.check(accepted, gatewayOrders, exchangeOrders);
        int failedRequests = answers.entrySet().stream().filter(e -> !e.getKey().startsWith("2")).mapToInt(e -> e.getValue().get()).sum();
        boolean passed = outcome.passed() && failedRequests == 0;

        ObjectNode report = report(run, sending, latency, answers, gatewayOrders, exchangeOrders, outcome, before, after, passed);
        PrintWriter out = spec.commandLine().getOut();
        if (output.json()) {
            OutputOptions.printJson(out, report);
        } else {
            printReport(out, report, outcome);
        }
        out.flush();
        return passed ? ExitCodes.OK : ExitCodes.CHECK_FAILED;
    }

    /** The exchange settings are checked before any order is sent: a missing key must not leave a load unchecked. */
    private static VenueSettings venueSettings(Settings settings) {
        // a minute of recvWindow: the operator's clock may be off from the venue's more than a service's is
        return new VenueSettings("exchange", settings.url(Settings.EXCHANGE_URL).toString(), null,
                Optional.of(settings.require(Settings.EXCHANGE_API_KEY)), Optional.of(settings.require(Settings.EXCHANGE_API_SECRET)),
                60_000, Duration.ofSeconds(30), BigDecimal.ONE, Optional.empty());
    }

    /**
     * The account's orders in the symbol since {@code since}, through the venue module (its signing, rate limiter
     * and Retry-After). Its Vert.x is made here and closed after, so that no other command pays for starting it.
     */
    private static List<VenueOrder> ordersAtExchange(VenueSettings settings, String symbol, Instant since) throws Exception {
        Vertx vertx = Vertx.vertx();
        try {
            return new Venue(settings, vertx, new SimpleMeterRegistry(), ThrottleListener.NONE).ordersSince(symbol, since);
        } finally {
            vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        }
    }

    private Map<String, Object> order(String coid, String side) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("clientOrderId", coid);
        body.put("symbol", symbol);
        body.put("side", side);
        body.put("type", "MARKET");
        body.put("quantity", quantity.toPlainString());
        body.put("intent", "ENTRY");
        body.put("strategyId", "ofctl-load");
        return body;
    }

    /** Polls the gateway's list of this run's orders until each is settled or the timeout passes. */
    private Map<String, GatewayOrder> settle(ServiceClient gateway, String prefix, Instant since, int expected) throws InterruptedException {
        Instant deadline = Instant.now().plusSeconds(settleTimeoutSeconds);
        Map<String, GatewayOrder> orders = new HashMap<>();
        while (true) {
            orders.clear();
            for (JsonNode order : OrdersCommand.list(gateway, symbol, null, since.minusSeconds(5), Integer.MAX_VALUE)) {
                String coid = order.path("clientOrderId").asText();
                if (coid.startsWith(prefix)) {
                    orders.put(coid, new GatewayOrder(coid, order.path("status").asText(), order.path("exchangeOrderId").asText(null)));
                }
            }
            boolean settled = orders.size() >= expected && orders.values().stream().allMatch(o -> FINAL.contains(o.status()));
            if (settled || Instant.now().isAfter(deadline)) {
                return orders;
            }
            Thread.sleep(1000);
        }
    }

    private static MemorySample sample(ServiceClient gateway, OptionalLong pid) {
        OptionalLong heap;
        try {
            heap = MemorySample.heapFromMetrics(gateway.text("/q/metrics"));
        } catch (RuntimeException e) {
            heap = OptionalLong.empty();
        }
        return new MemorySample(heap, pid.isPresent() ? MemorySample.rssOf(pid.getAsLong()) : OptionalLong.empty());
    }

    private static OptionalLong pidFromFile(Settings settings) {
        return settings.find(Settings.GATEWAY_PID_FILE).map(Path::of).filter(Files::isReadable).map(file -> {
            try {
                return OptionalLong.of(Long.parseLong(Files.readString(file).trim()));
            } catch (IOException | NumberFormatException e) {
                return OptionalLong.empty();
            }
        }).orElse(OptionalLong.empty());
    }

    private ObjectNode report(String run, Duration sending, Histogram latency, Map<String, AtomicInteger> answers,
            Map<String, GatewayOrder> gatewayOrders, List<ExchangeOrder> exchangeOrders, LoadCheck.Outcome outcome,
            MemorySample before, MemorySample after, boolean passed) {
        ObjectNode report = EventJson.mapper().createObjectNode();
        report.put("runId", run);
        report.put("orders", orders);
        report.put("parallel", parallel);
        report.put("duplicates", duplicates);
        report.put("sendingSeconds", sending.toMillis() / 1000.0);
        report.put("requestsPerSecond", Math.round(latency.getTotalCount() * 1000.0 / Math.max(1, sending.toMillis())));
        ObjectNode ms = report.putObject("latencyMs");
        for (double p : new double[] {50, 90, 99, 99.9}) {
            ms.put("p" + (p == Math.rint(p) ? String.valueOf((int) p) : String.valueOf(p)), latency.getValueAtPercentile(p) / 1000.0);
        }
        ms.put("max", latency.getMaxValue() / 1000.0);
        ObjectNode statuses = report.putObject("answers");
        answers.forEach((k, v) -> statuses.put(k, v.get()));
        ObjectNode states = report.putObject("gatewayStatuses");
        new TreeMap<>(gatewayOrders.values().stream().collect(java.util.stream.Collectors.groupingBy(GatewayOrder::status,
                java.util.stream.Collectors.counting()))).forEach(states::put);
        report.put("ordersAtExchange", exchangeOrders.size());
        report.set("check", EventJson.toTree(outcome));
        ObjectNode memory = report.putObject("gatewayMemory");
        memory.set("before", memoryNode(before));
        memory.set("after", memoryNode(after));
        report.put("verdict", passed ? "PASS" : "FAIL");
        return report;
    }

    private static ObjectNode memoryNode(MemorySample sample) {
        ObjectNode node = EventJson.mapper().createObjectNode();
        sample.heapBytes().ifPresent(b -> node.put("heapBytes", b));
        sample.rssBytes().ifPresent(b -> node.put("rssBytes", b));
        return node;
    }

    private static void printReport(PrintWriter out, ObjectNode r, LoadCheck.Outcome outcome) {
        out.printf("Load run %s: %d orders, %d in flight%s%n", r.get("runId").asText(), r.get("orders").asInt(), r.get("parallel").asInt(),
                r.get("duplicates").asBoolean() ? ", each sent twice at once" : "");
        out.printf("Sent in %.1f s (%d requests/s)%n", r.get("sendingSeconds").asDouble(), r.get("requestsPerSecond").asLong());
        JsonNode ms = r.get("latencyMs");
        out.printf("POST latency ms: p50 %.1f  p90 %.1f  p99 %.1f  p99.9 %.1f  max %.1f%n", ms.get("p50").asDouble(), ms.get("p90").asDouble(),
                ms.get("p99").asDouble(), ms.get("p99.9").asDouble(), ms.get("max").asDouble());
        out.println("Answers: " + r.get("answers"));
        out.println("Gateway statuses: " + r.get("gatewayStatuses"));
        out.println("Orders at the exchange: " + r.get("ordersAtExchange").asInt());
        out.println("Duplicates at the exchange: " + (outcome.duplicated().isEmpty() ? "none" : outcome.duplicated()));
        out.println("Lost: " + (outcome.lost().isEmpty() ? "none" : outcome.lost()));
        if (!outcome.unexpected().isEmpty()) {
            out.println("At the exchange without the gateway having sent them: " + outcome.unexpected());
        }
        if (!outcome.unsettled().isEmpty()) {
            out.println("Not settled in time: " + outcome.unsettled().size() + " " + outcome.unsettled().subList(0, Math.min(10, outcome.unsettled().size())));
        }
        JsonNode before = r.get("gatewayMemory").get("before");
        JsonNode after = r.get("gatewayMemory").get("after");
        out.println("Gateway heap: " + mb(before, "heapBytes") + " -> " + mb(after, "heapBytes") + "   RSS: " + mb(before, "rssBytes")
                + " -> " + mb(after, "rssBytes") + (before.has("rssBytes") ? "" : " (RSS needs the gateway's pid: --gateway-pid or gateway.pid-file)"));
        out.println("Verdict: " + r.get("verdict").asText());
    }

    private static String mb(JsonNode node, String field) {
        return node.has(field) ? String.format("%.1f MB", node.get(field).asLong() / 1048576.0) : "n/a";
    }
}
