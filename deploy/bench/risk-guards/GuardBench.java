import dev.orderflow.contracts.events.GuardDecision;
import dev.orderflow.contracts.events.Intent;
import dev.orderflow.contracts.events.OrderIntent;
import dev.orderflow.contracts.events.OrderType;
import dev.orderflow.contracts.events.Side;
import dev.orderflow.guards.GuardMetrics;
import dev.orderflow.guards.domain.BookCache;
import dev.orderflow.guards.domain.BookLevel;
import dev.orderflow.guards.domain.Evaluation;
import dev.orderflow.guards.domain.GuardEvaluator;
import dev.orderflow.guards.domain.GuardMode;
import dev.orderflow.guards.domain.GuardPolicy;
import dev.orderflow.guards.domain.OrderBook;
import dev.orderflow.guards.domain.Thresholds;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import org.HdrHistogram.Histogram;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Decisions per second and latency of the risk-guards decision path with a warm cache: the same
 * steps GuardService.decide takes for an entry (cache lookup, all guards consolidated on one
 * snapshot, the GuardDecision record, metrics into a Micrometer registry), without Kafka and the
 * database. Books have 100 levels a side like the service's default depth request.
 *
 * Usage: java -cp <risk-guards classpath> GuardBench.java [seconds-per-run] [threads...] [--write docs/benchmarks.md]
 */
public class GuardBench {

    static final String[] SYMBOLS = {"BTCUSDT", "ETHUSDT", "SOLUSDT", "BNBUSDT", "XRPUSDT", "ADAUSDT", "DOGEUSDT", "AVAXUSDT"};

    public static void main(String[] args) throws Exception {
        int seconds = 5;
        List<Integer> threads = new ArrayList<>();
        Path write = null;
        for (int i = 0; i < args.length; i++) {
            if (args[i].equals("--write")) {
                write = Path.of(args[++i]);
            } else if (seconds == 5 && threads.isEmpty() && args[i].matches("\\d+s")) {
                seconds = Integer.parseInt(args[i].replace("s", ""));
            } else {
                threads.add(Integer.parseInt(args[i]));
            }
        }
        if (threads.isEmpty()) {
            threads = List.of(1, Runtime.getRuntime().availableProcessors());
        }
        Clock clock = Clock.systemUTC();
        BookCache cache = new BookCache(symbol -> book(symbol, clock.instant()), Duration.ofDays(1), Duration.ofSeconds(2), clock,
                BookCache.Listener.NONE);
        GuardMetrics metrics = new GuardMetrics(new SimpleMeterRegistry());
        GuardEvaluator evaluator = new GuardEvaluator();
        GuardPolicy policy = new GuardPolicy(true, true, true, true, GuardMode.ENFORCE);
        Thresholds thresholds = new Thresholds(new BigDecimal("20"), new BigDecimal("15"), new BigDecimal("50"), new BigDecimal("3"), 3_600_000);
        for (String symbol : SYMBOLS) {
            cache.get(symbol); // warm
        }
        OrderIntent[] intents = intents(4096);
        System.out.printf("risk-guards decision path, warm cache, %d symbols x 100 levels/side, all guards consolidated%n", SYMBOLS.length);
        System.out.printf("JVM %s, %d cores%n", Runtime.version(), Runtime.getRuntime().availableProcessors());
        for (int t : threads) {
            run(cache, evaluator, policy, thresholds, metrics, clock, intents, t, 3, false); // JIT warm-up
        }
        List<String> rows = new ArrayList<>();
        for (int t : threads) {
            Result r = run(cache, evaluator, policy, thresholds, metrics, clock, intents, t, seconds, true);
            String row = String.format(Locale.ROOT, "| %d | %,d | %,.0f | %,.0f | %.1f | %.1f | %.1f | %.1f | %s | %s |", t, r.decisions,
                    r.perSecond, r.perCpuSecond, r.p50 / 1000.0, r.p99 / 1000.0, r.p999 / 1000.0, r.max / 1000.0, r.blockShare, loadAverage());
            System.out.println(row);
            rows.add(row);
        }
        boolean pass = true;
        boolean wallPass = true;
        for (String row : rows) {
            String[] cells = row.split("\\|");
            double perSecond = Double.parseDouble(cells[3].trim().replace(",", ""));
            double perCpuSecond = Double.parseDouble(cells[4].trim().replace(",", ""));
            double p99 = Double.parseDouble(cells[6].trim());
            pass &= perCpuSecond >= 20_000 && p99 < 1000;
            wallPass &= perSecond >= 20_000;
        }
        System.out.println(pass ? "TARGET MET: >= 20,000 decisions per CPU-second and p99 < 1 ms in every run"
                : "TARGET MISSED (decisions per CPU-second < 20,000 or p99 >= 1 ms)");
        System.out.println(wallPass ? "Wall-clock rate >= 20,000 decisions/s in every run"
                : "Wall-clock rate below 20,000 decisions/s in some run (check the load average: the machine is shared)");
        if (write != null) {
            writeSection(write, seconds, rows, pass);
            System.out.println("Section written to " + write);
        }
    }

    record Result(long decisions, double perSecond, double perCpuSecond, long p50, long p99, long p999, long max, String blockShare) {
    }

    static Result run(BookCache cache, GuardEvaluator evaluator, GuardPolicy policy, Thresholds thresholds, GuardMetrics metrics,
            Clock clock, OrderIntent[] intents, int threads, int seconds, boolean measure) throws InterruptedException {
        ThreadMXBean mx = ManagementFactory.getThreadMXBean();
        Histogram histogram = new Histogram(TimeUnit.SECONDS.toNanos(10), 3);
        Histogram[] perThread = new Histogram[threads];
        long[] counts = new long[threads];
        long[] cpu = new long[threads];
        AtomicLong blocked = new AtomicLong();
        CountDownLatch done = new CountDownLatch(threads);
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        long started = System.nanoTime();
        for (int t = 0; t < threads; t++) {
            int id = t;
            Thread thread = new Thread(() -> {
                Histogram latencies = new Histogram(TimeUnit.SECONDS.toNanos(10), 3);
                long cpuStart = mx.getCurrentThreadCpuTime();
                long n = 0;
                long localBlocked = 0;
                int i = id * 97;
                while (true) {
                    OrderIntent intent = intents[i++ & (intents.length - 1)];
                    long start = System.nanoTime();
                    BookCache.Lookup lookup = cache.get(intent.symbol());
                    Evaluation evaluation = evaluator.evaluate(intent, lookup.book(), thresholds, policy, clock.instant());
                    long nanos = System.nanoTime() - start;
                    GuardDecision decision = new GuardDecision(intent.clientOrderId(), intent.symbol(), intent.side(), intent.intent(),
                            evaluation.outcome(), false, true, evaluation.findings(), lookup.book().time(), nanos / 1000, clock.instant());
                    metrics.decision(decision, nanos);
                    latencies.recordValue(Math.min(System.nanoTime() - start, TimeUnit.SECONDS.toNanos(10)));
                    n++;
                    if (decision.outcome() != dev.orderflow.contracts.events.GuardOutcome.ALLOW) {
                        localBlocked++;
                    }
                    if ((n & 255) == 0 && System.nanoTime() > end) {
                        break;
                    }
                }
                cpu[id] = mx.getCurrentThreadCpuTime() - cpuStart;
                perThread[id] = latencies;
                counts[id] = n;
                blocked.addAndGet(localBlocked);
                done.countDown();
            }, "bench-" + t);
            thread.start();
        }
        done.await();
        double elapsed = (System.nanoTime() - started) / 1e9;
        long total = Arrays.stream(counts).sum();
        double cpuSeconds = Arrays.stream(cpu).sum() / 1e9;
        for (Histogram h : perThread) {
            histogram.add(h);
        }
        return new Result(total, total / elapsed, total / cpuSeconds, histogram.getValueAtPercentile(50), histogram.getValueAtPercentile(99),
                histogram.getValueAtPercentile(99.9), histogram.getMaxValue(), String.format(Locale.ROOT, "%.0f%%", 100.0 * blocked.get() / total));
    }

    static String loadAverage() {
        try {
            return Files.readString(Path.of("/proc/loadavg")).split(" ")[0];
        } catch (IOException | RuntimeException e) {
            return "n/a";
        }
    }

    /** A book around a price with 100 levels a side, 1 bp apart, growing quantities. */
    static OrderBook book(String symbol, Instant time) {
        BigDecimal mid = new BigDecimal(100 + Math.abs(symbol.hashCode() % 60000));
        List<BookLevel> bids = new ArrayList<>();
        List<BookLevel> asks = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            BigDecimal offset = mid.multiply(new BigDecimal(i + 1)).divide(new BigDecimal(10000));
            BigDecimal qty = new BigDecimal("0.5").add(new BigDecimal(i).multiply(new BigDecimal("0.15")));
            bids.add(new BookLevel(mid.subtract(offset), qty));
            asks.add(new BookLevel(mid.add(offset), qty));
        }
        return new OrderBook(symbol, bids, asks, time, 1);
    }

    /** Entries of varied size: most pass, the largest fail depth and slippage. */
    static OrderIntent[] intents(int n) {
        SplittableRandom random = new SplittableRandom(42);
        String[] sizes = {"0.01", "0.1", "0.5", "1", "2", "5", "20", "200"};
        OrderIntent[] out = new OrderIntent[n];
        for (int i = 0; i < n; i++) {
            String symbol = SYMBOLS[random.nextInt(SYMBOLS.length)];
            Side side = random.nextBoolean() ? Side.BUY : Side.SELL;
            out[i] = new OrderIntent("bench:" + i, symbol, side, OrderType.MARKET, new BigDecimal(sizes[random.nextInt(sizes.length)]),
                    null, null, Intent.ENTRY, null, "bench", null, Instant.now());
        }
        return out;
    }

    static void writeSection(Path file, int seconds, List<String> rows, boolean pass) throws IOException {
        String begin = "<!-- risk-guards:begin -->";
        String end = "<!-- risk-guards:end -->";
        StringBuilder section = new StringBuilder();
        section.append(begin).append('\n');
        section.append("## risk-guards\n\n");
        section.append("Decision path of the entry guards with a warm market-data cache, measured inside the JVM by\n");
        section.append("`deploy/bench/risk-guards/run.sh` (").append(seconds).append(" s per run after a JIT warm-up): cache lookup, all three guards\n");
        section.append("plus the stale-book check consolidated on one snapshot (100 levels a side), the `GuardDecision` record and\n");
        section.append("the Micrometer metrics, for a mix of order sizes across ").append(SYMBOLS.length).append(" symbols. Kafka and Postgres are not in this path\n");
        section.append("(see docs/guards.md for the end-to-end flow). Target: >= 20,000 decisions/s and p99 < 1 ms.\n\n");
        section.append("Run ").append(Instant.now().toString(), 0, 10).append(" on JVM ").append(Runtime.version().feature()).append(", ")
                .append(Runtime.getRuntime().availableProcessors()).append(" cores (shared machine).\n\n");
        section.append("| threads | decisions | decisions/s (wall) | decisions per CPU-second | p50 µs | p99 µs | p99.9 µs | max µs | blocked | load avg |\n");
        section.append("|---|---|---|---|---|---|---|---|---|---|\n");
        rows.forEach(r -> section.append(r).append('\n'));
        section.append('\n').append(pass ? "Target met in every run." : "Target NOT met in at least one run.").append('\n');
        section.append("\nThe machine is shared: *load avg* is the 1-minute load when the run ended. Under load the wall-clock rate and the\n");
        section.append("tail percentiles include time the benchmark threads spent waiting for a CPU; *decisions per CPU-second* is the\n");
        section.append("cost of the path itself (thread CPU time) and is what one free core sustains.\n");
        section.append(end).append('\n');
        String text = Files.exists(file) ? Files.readString(file) : "# Benchmarks\n\nFigures measured on the project's build machine; each module's driver writes its own section.\n\n";
        int b = text.indexOf(begin);
        int e = text.indexOf(end);
        if (b >= 0 && e > b) {
            text = text.substring(0, b) + section + text.substring(e + end.length() + (text.startsWith("\n", e + end.length()) ? 1 : 0));
        } else {
            text = text + (text.endsWith("\n\n") ? "" : "\n") + section;
        }
        Files.createDirectories(file.toAbsolutePath().getParent());
        Files.writeString(file, text);
    }
}
