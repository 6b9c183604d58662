import dev.orderflow.contracts.events.CacheSample;
import dev.orderflow.contracts.events.CloudEventHeaders;
import dev.orderflow.contracts.events.EntrySlippage;
import dev.orderflow.contracts.events.EventEnvelope;
import dev.orderflow.contracts.events.EventJson;
import dev.orderflow.contracts.events.EventType;
import dev.orderflow.contracts.events.GuardDecision;
import dev.orderflow.contracts.events.GuardFinding;
import dev.orderflow.contracts.events.GuardOutcome;
import dev.orderflow.contracts.events.GuardReason;
import dev.orderflow.contracts.events.Intent;
import dev.orderflow.contracts.events.OrderFill;
import dev.orderflow.contracts.events.OrderStateChanged;
import dev.orderflow.contracts.events.OrderStatus;
import dev.orderflow.contracts.events.Side;
import dev.orderflow.telemetry.domain.RecentEventIds;
import dev.orderflow.telemetry.domain.SnapshotCache;
import dev.orderflow.telemetry.domain.TelemetryModel;
import dev.orderflow.telemetry.domain.TelemetrySnapshot;
import dev.orderflow.telemetry.messaging.IngestPipeline;
import dev.orderflow.telemetry.persistence.AuditArchive;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import org.HdrHistogram.Histogram;

/**
 * The telemetry service's ingest path inside one JVM: EventIngest's own IngestPipeline for each
 * poll of 2,000 records (the events rebuilt from their CloudEvents headers and values, schema
 * validation included; the redelivery check, the archive line appended, the figures updated), then
 * the archive flushed and forced to disk, as EventIngest does before it commits. The Kafka consumer and broker are not in the path.
 *
 * Three figures: events/s over a timed run (a mix of lifecycle, fills, slippage, decisions and
 * cache samples across 20 symbols and 5 strategies); heap growth over 1,000,000 fills (heap used
 * after a full GC, before and after); the latency of a served snapshot (GET /api/v1/telemetry's
 * path: the snapshot cache, recomputed every 200 ms) asked 200 times a second while ingesting.
 */
public class TelemetryBench {

    static final int BATCH = 2_000;
    /** Events per second of the whole process's CPU time (every thread, GC included): what a shared machine costs. */
    static double perCpuSecond;
    static IngestPipeline pipeline;
    static final String[] SYMBOLS = new String[20];
    static {
        for (int i = 0; i < SYMBOLS.length; i++) {
            SYMBOLS[i] = "SYM" + i + "USDT";
        }
    }

    record Raw(Map<String, byte[]> headers, byte[] value) {
    }

    public static void main(String[] args) throws Exception {
        int seconds = 20;
        Path write = null;
        for (int i = 0; i < args.length; i++) {
            if (args[i].equals("--write")) {
                write = Path.of(args[++i]);
            } else {
                seconds = Integer.parseInt(args[i].replace("s", ""));
            }
        }
        double loadBefore = ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
        Path dir = Files.createTempDirectory("telemetry-bench");
        TelemetryModel model = new TelemetryModel(Clock.systemUTC(), 500, 50_000);
        RecentEventIds ids = new RecentEventIds(500_000);
        AuditArchive archive = new AuditArchive(dir, 64L << 20, Duration.ofDays(1), 512L << 20, true, Clock.systemUTC());
        archive.open();
        pipeline = new IngestPipeline(model, ids, archive, new IngestPipeline.Outcomes() {
            @Override
            public void rejected(IngestPipeline.Incoming record, RuntimeException why) {
                throw new IllegalStateException("The bench's own event was rejected", why);
            }

            @Override
            public void redelivered(IngestPipeline.Incoming record) {
            }

            @Override
            public void applied(EventEnvelope<?> event) {
            }
        });

        // Pre-encoded records, as they arrive from Kafka; each run gives them fresh ids.
        List<Raw> mix = mix(20_000);
        ingest(model, ids, archive, mix, Duration.ofSeconds(5), null); // JIT warm-up

        SnapshotCache<TelemetrySnapshot> snapshots = new SnapshotCache<>(() -> model.snapshot(Duration.ofSeconds(15)),
                Duration.ofMillis(200), Duration.ofSeconds(1));
        Histogram served = new Histogram(3_600_000_000L, 3);
        AtomicBoolean running = new AtomicBoolean(true);
        Thread reader = new Thread(() -> {
            while (running.get()) {
                long start = System.nanoTime();
                snapshots.get();
                served.recordValue((System.nanoTime() - start) / 1_000);
                sleep(5);
            }
        }, "snapshot-reader");
        reader.start();
        long[] counted = new long[1];
        double perSecond = ingest(model, ids, archive, mix, Duration.ofSeconds(seconds), counted);
        double ingestPerCpuSecond = perCpuSecond;
        running.set(false);
        reader.join();

        Histogram compute = new Histogram(3_600_000_000L, 3);
        for (int i = 0; i < 200; i++) {
            long start = System.nanoTime();
            model.snapshot(Duration.ofSeconds(15));
            compute.recordValue((System.nanoTime() - start) / 1_000);
        }

        // Heap growth over 1,000,000 fills (each an entry submitted and filled, with its slippage).
        List<Raw> fills = fills(30_000);
        ingestCount(model, ids, archive, fills, 200_000); // reach the steady state of every bounded structure
        long heapBefore = heapAfterGc();
        ingestCount(model, ids, archive, fills, 1_000_000);
        long heapAfter = heapAfterGc();
        archive.close();
        deleteAll(dir);

        double loadAfter = ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
        double growthMb = (heapAfter - heapBefore) / 1e6;
        boolean met = perSecond >= 50_000 && growthMb < 10 && served.getValueAtPercentile(99) < 5_000;
        String row = String.format(Locale.ROOT, "| %s | %d | %,d | %,.0f | %,.0f | %.1f | %.1f | %.2f | %.2f | %.2f | %.2f | %.2f -> %.2f | %s |",
                DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'").withZone(ZoneOffset.UTC).format(Instant.now()),
                seconds, counted[0], perSecond, ingestPerCpuSecond, heapBefore / 1e6, growthMb,
                served.getValueAtPercentile(50) / 1000.0, served.getValueAtPercentile(99) / 1000.0,
                compute.getValueAtPercentile(50) / 1000.0, compute.getValueAtPercentile(99) / 1000.0,
                loadBefore, loadAfter, met ? "met" : "not met");
        System.out.println("| measured | seconds | events | events/s | events per CPU s of the process | heap MB after GC | heap growth MB over 1,000,000 fills | served snapshot p50 ms | served p99 ms | computed snapshot p50 ms | computed p99 ms | load avg | target |");
        System.out.println(row);
        if (write != null) {
            writeRow(write, row);
        }
    }

    static double ingest(TelemetryModel model, RecentEventIds ids, AuditArchive archive, List<Raw> mix, Duration duration,
            long[] counted) throws IOException {
        long end = System.nanoTime() + duration.toNanos();
        long start = System.nanoTime();
        long cpuStart = processCpuNanos();
        long n = 0;
        while (System.nanoTime() < end) {
            n += batch(model, ids, archive, mix, (int) (n % mix.size()));
        }
        double elapsed = (System.nanoTime() - start) / 1e9;
        perCpuSecond = n / ((processCpuNanos() - cpuStart) / 1e9);
        if (counted != null) {
            counted[0] = n;
        }
        return n / elapsed;
    }

    static void ingestCount(TelemetryModel model, RecentEventIds ids, AuditArchive archive, List<Raw> events, long count)
            throws IOException {
        long n = 0;
        while (n < count) {
            n += batch(model, ids, archive, events, (int) (n % events.size()));
        }
    }

    /** One poll's worth: BATCH events from {@code from}, each with a new id, through the pipeline, then flush and force. */
    static int batch(TelemetryModel model, RecentEventIds ids, AuditArchive archive, List<Raw> events, int from) throws IOException {
        List<IngestPipeline.Incoming> poll = new ArrayList<>(BATCH);
        for (int i = 0; i < BATCH; i++) {
            Raw raw = events.get((from + i) % events.size());
            raw.headers().put(CloudEventHeaders.ID, UUID.randomUUID().toString().getBytes());
            raw.headers().put(CloudEventHeaders.TIME, Instant.now().toString().getBytes());
            poll.add(new IngestPipeline.Incoming("bench", 0, i, raw.headers(), raw.value()));
        }
        pipeline.process(poll);
        archive.flush();
        return BATCH;
    }

    static long processCpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime();
    }

    static List<Raw> mix(int orders) {
        List<Raw> raws = new ArrayList<>();
        Instant t = Instant.now();
        for (int i = 0; i < orders / 10; i++) {
            String symbol = SYMBOLS[i % SYMBOLS.length];
            String strategy = "s" + (i % 5);
            String coid = "mix-" + i;
            raws.add(raw(EventType.ORDER_ACCEPTED, coid, state(coid, symbol, strategy, null, OrderStatus.ACCEPTED, t)));
            raws.add(raw(EventType.GUARD_DECISION, coid, decision(coid, symbol, i % 7 == 0 ? GuardOutcome.BLOCK : GuardOutcome.ALLOW, t)));
            raws.add(raw(EventType.ORDER_SUBMITTED, coid, state(coid, symbol, strategy, OrderStatus.ACCEPTED, OrderStatus.SUBMITTING, t)));
            raws.add(raw(EventType.ORDER_ACKNOWLEDGED, coid, state(coid, symbol, strategy, OrderStatus.SUBMITTING, OrderStatus.ACKNOWLEDGED, t)));
            raws.add(raw(EventType.ORDER_PARTIAL, coid, fill(coid, symbol, "0.4", "0.4", t)));
            raws.add(raw(EventType.ORDER_FILLED, coid, fill(coid, symbol, "0.6", "1", t)));
            raws.add(raw(EventType.ENTRY_SLIPPAGE, coid, slippage(coid, symbol, i, t)));
            raws.add(raw(EventType.CACHE_HIT, symbol, new CacheSample(symbol, 12, t, 5)));
            raws.add(raw(EventType.CACHE_MISS, symbol, new CacheSample(symbol, 0, t, 1)));
            raws.add(raw(EventType.ORDER_CANCELED, coid + "x", state(coid + "x", symbol, strategy, OrderStatus.ACKNOWLEDGED, OrderStatus.CANCELED, t)));
        }
        return raws;
    }

    static List<Raw> fills(int orders) {
        List<Raw> raws = new ArrayList<>();
        Instant t = Instant.now();
        for (int i = 0; i < orders; i++) {
            String symbol = SYMBOLS[i % SYMBOLS.length];
            String coid = "fill-" + i;
            raws.add(raw(EventType.ORDER_SUBMITTED, coid, state(coid, symbol, "s" + (i % 5), OrderStatus.ACCEPTED, OrderStatus.SUBMITTING, t)));
            raws.add(raw(EventType.ORDER_FILLED, coid, fill(coid, symbol, "1", "1", t)));
        }
        return raws;
    }

    static OrderStateChanged state(String coid, String symbol, String strategy, OrderStatus from, OrderStatus to, Instant t) {
        return new OrderStateChanged(coid, symbol, Side.BUY, Intent.ENTRY, from, to, "bench", null, BigDecimal.ONE,
                BigDecimal.ZERO, null, strategy, t);
    }

    static OrderFill fill(String coid, String symbol, String quantity, String cumulative, Instant t) {
        return new OrderFill(coid, symbol, Side.BUY, Intent.ENTRY, "x" + coid, "t" + coid + quantity, new BigDecimal("100.5"),
                new BigDecimal(quantity), BigDecimal.ZERO, "USDT", new BigDecimal(cumulative), BigDecimal.ONE,
                new BigDecimal("100.5"), t, t);
    }

    static EntrySlippage slippage(String coid, String symbol, int i, Instant t) {
        return new EntrySlippage(coid, symbol, Side.BUY, new BigDecimal("100"), new BigDecimal("100.05"), BigDecimal.ONE,
                BigDecimal.valueOf(i % 400 - 100, 1), t);
    }

    static GuardDecision decision(String coid, String symbol, GuardOutcome outcome, Instant t) {
        List<GuardFinding> findings = List.of(new GuardFinding(GuardReason.SPREAD, outcome == GuardOutcome.ALLOW,
                new BigDecimal("3.2"), new BigDecimal("5"), "bps", null, null));
        return new GuardDecision(coid, symbol, Side.BUY, Intent.ENTRY, outcome, false, true, findings, t, 90, t);
    }

    static Raw raw(EventType type, String subject, Record data) {
        var event = new EventEnvelope<>(UUID.randomUUID().toString(), "/bench", type, Instant.now(), subject,
                EventType.SCHEMA_VERSION, data);
        return new Raw(new java.util.HashMap<>(CloudEventHeaders.toHeaders(event)), EventJson.toBytes(data));
    }

    static long heapAfterGc() {
        for (int i = 0; i < 3; i++) {
            System.gc();
            sleep(200);
        }
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }

    static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    static void deleteAll(Path dir) throws IOException {
        try (var paths = Files.walk(dir)) {
            paths.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }

    static void writeRow(Path doc, String row) throws IOException {
        String begin = "<!-- telemetry-service:begin -->";
        String end = "<!-- telemetry-service:end -->";
        String header = "| measured | seconds | events | events/s | events per CPU s of the process | heap MB after GC | heap growth MB over 1,000,000 fills | served snapshot p50 ms | served p99 ms | computed snapshot p50 ms | computed p99 ms | load avg | target |\n"
                + "|---|---|---|---|---|---|---|---|---|---|---|---|---|\n";
        String text = Files.readString(doc);
        if (!text.contains(begin)) {
            text = text.stripTrailing() + "\n\n" + begin + "\n## telemetry-service\n\n"
                    + "Ingest path inside one JVM, `deploy/bench/telemetry-service/run`: the service's own ingest pipeline per poll\n"
                    + "of 2,000 records: each event rebuilt from its CloudEvents headers and value (schema validation\n"
                    + "included), checked against the recent ids, appended to the\n"
                    + "audit archive (flushed and forced to disk every 2,000 events, one poll's batch) and applied to the\n"
                    + "figures; the Kafka consumer and broker are not in the path. A mix of lifecycle, fill, slippage,\n"
                    + "guard and cache events over 20 symbols and 5 strategies. Heap growth: heap used after a full GC\n"
                    + "before and after 1,000,000 fills (a submission and a fill each), after 200,000 to reach the\n"
                    + "steady state of the bounded structures. Served snapshot: `GET /api/v1/telemetry`'s path (the\n"
                    + "snapshot cache, recomputed at most every 200 ms) asked every 5 ms while ingesting; computed: one\n"
                    + "full computation. Targets: >= 50,000 events/s, heap growth < 10 MB, served p99 < 5 ms.\n"
                    + "Newest run first.\n\n" + header + "\n" + end + "\n";
        }
        int at = text.indexOf(header, text.indexOf(begin)) + header.length();
        text = text.substring(0, at) + row + "\n" + text.substring(at);
        Files.writeString(doc, text);
    }
}
