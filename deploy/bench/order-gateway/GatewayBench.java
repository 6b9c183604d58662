import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.Reader;
import java.io.Writer;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.stream.Collectors;

/**
 * Driver of the order gateway benchmark (deploy/bench/order-gateway/run starts everything it talks to).
 *
 * <pre>
 * java GatewayBench.java intake  --url U --token T --results F [--threads 8] [--warmup 10] [--seconds 20]
 * java GatewayBench.java latency --url U --token T --results F --schema S [--rate 200] [--warmup 10] [--seconds 30]
 *                                [--pg-host 127.0.0.1] [--pg-port 5432] [--pg-user postgres] [--pg-db gateway_bench]
 *                                [--guards-schema guards] [--reference-from EXCHANGE_URL]
 * java GatewayBench.java report  --results F [--write docs/benchmarks.md]
 * </pre>
 *
 * intake: closed loop, N threads each POST new orders over one keep-alive connection; accepted (201) orders/s.
 * latency: open loop at a fixed rate (sends scheduled by time, answers never awaited before the next send);
 * afterwards each order's first ACKNOWLEDGED/PARTIALLY_FILLED/FILLED transition is read from Postgres (psql)
 * and set against the instant the POST was sent; with --guards-schema (entry guards on, deploy/bench/order-path)
 * the time to SUBMITTING is split at the guards' own decision time, and --reference-from gives each order the
 * book's mid as its reference price, read every 2 s (with the slippage guard on, a fixed reference far from a
 * moving book would have the guards block the entries). report: prints every figure of the results file and, with
 * --write, replaces the order-gateway section of docs/benchmarks.md. Every wait is bounded.
 */
public class GatewayBench {

    private static final int KEPT_RUNS = 4;
    private static final Duration HTTP_TIMEOUT = Duration.ofSeconds(10);
    /** Orders the gateway has not yet settled at the exchange. */
    private static final String OPEN_STATES = "'ACCEPTED','PENDING_GUARDS','SUBMITTING','UNKNOWN'";
    private static final String[][] INSTRUMENTS = {
            // symbol, quantity, reference price: about 12 USDT each, above every minimum notional
            {"BTCUSDT", "0.0002", "60000"}, {"ETHUSDT", "0.004", "3000"}, {"SOLUSDT", "0.08", "150"}};

    public static void main(String[] args) throws Exception {
        String mode = args.length == 0 ? "" : args[0];
        switch (mode) {
            case "intake" -> intake(args);
            case "latency" -> latency(args);
            case "report" -> report(args);
            default -> {
                System.err.println("usage: java GatewayBench.java intake|latency|report [options]");
                System.exit(2);
            }
        }
    }

    // ------------------------------------------------------------------------------------------- intake

    static void intake(String[] args) throws Exception {
        URI base = URI.create(arg(args, "--url", "http://127.0.0.1:18080"));
        String token = arg(args, "--token", null);
        int threads = Integer.parseInt(arg(args, "--threads", "8"));
        int warmup = Integer.parseInt(arg(args, "--warmup", "10"));
        int seconds = Integer.parseInt(arg(args, "--seconds", "20"));
        Path results = Path.of(arg(args, "--results", "gateway-bench.properties"));
        Cpu cpu = new Cpu(arg(args, "--cpu", ""));
        String run = runId();

        String loadBefore = loadAverage();
        List<Map<String, Long>> cpuAtWarmupEnd = new java.util.concurrent.CopyOnWriteArrayList<>();
        Thread.ofPlatform().daemon().start(() -> {
            // CPU time over the measured window only
            LockSupport.parkNanos(warmup * 1_000_000_000L);
            cpuAtWarmupEnd.add(cpu.snapshot());
        });
        long warmupEnd = System.nanoTime() + warmup * 1_000_000_000L;
        long end = warmupEnd + seconds * 1_000_000_000L;
        long[][] samples = new long[threads][];
        int[] counts = new int[threads];
        AtomicLong errors = new AtomicLong();
        AtomicLong warmupAccepted = new AtomicLong();
        List<Thread> workers = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            int id = t;
            workers.add(Thread.ofPlatform().name("intake-" + t).start(() -> {
                long[] mine = new long[1 << 20];
                int n = 0;
                long i = 0;
                Connection connection = null;
                try {
                    while (System.nanoTime() < end) {
                        try {
                            if (connection == null) {
                                connection = new Connection(base.getHost(), base.getPort());
                            }
                            String coid = "i" + run + "-" + id + "-" + i;
                            byte[] body = orderJson(coid, (int) (i++ % 6)).getBytes(StandardCharsets.UTF_8);
                            byte[] head = ("POST /api/v1/orders HTTP/1.1\r\nHost: " + base.getHost() + ":" + base.getPort()
                                    + "\r\nAuthorization: Bearer " + token + "\r\nContent-Type: application/json\r\nAccept: application/json"
                                    + "\r\nContent-Length: " + body.length + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII);
                            long start = System.nanoTime();
                            int status = connection.exchange(head, body);
                            long elapsed = System.nanoTime() - start;
                            if (status != 201) {
                                if (errors.incrementAndGet() <= 5) {
                                    System.err.println("intake: HTTP " + status + " " + connection.lastBody);
                                }
                            } else if (start < warmupEnd) {
                                warmupAccepted.incrementAndGet();
                            } else if (n < mine.length) {
                                mine[n++] = elapsed;
                            }
                        } catch (IOException e) {
                            if (errors.incrementAndGet() <= 5) {
                                System.err.println("intake: client " + id + ": " + e);
                            }
                            closeQuietly(connection);
                            connection = null;
                            LockSupport.parkNanos(50_000_000L);
                        }
                    }
                } finally {
                    closeQuietly(connection);
                    samples[id] = mine;
                    counts[id] = n;
                }
            }));
        }
        for (Thread worker : workers) {
            // a request in progress at the end may take up to the socket timeout
            worker.join(Math.max(1, (end - System.nanoTime()) / 1_000_000L) + HTTP_TIMEOUT.toMillis() + 5_000);
            if (worker.isAlive()) {
                System.err.println("intake: " + worker.getName() + " still blocked; its samples are lost");
            }
        }
        long[] all = merge(samples, counts);
        double rate = all.length / (double) seconds;
        Map<String, Long> cpuAtEnd = cpu.snapshot();
        Map<String, Long> cpuBefore = cpuAtWarmupEnd.isEmpty() ? Map.of() : cpuAtWarmupEnd.get(0);
        Properties p = load(results);
        long gatewayCpu = cpuAtEnd.getOrDefault("gateway", -1L) - cpuBefore.getOrDefault("gateway", 0L);
        p.setProperty("intake.cpuPerOrder", gatewayCpu < 0 || !cpuBefore.containsKey("gateway") || all.length == 0 ? "n/a"
                : String.format(Locale.ROOT, "%.2f", gatewayCpu / (double) all.length));
        p.setProperty("intake.cpu", Cpu.shares(cpuBefore, cpuAtEnd, seconds * 1000.0));
        p.setProperty("intake.threads", String.valueOf(threads));
        p.setProperty("intake.warmup", String.valueOf(warmup));
        p.setProperty("intake.seconds", String.valueOf(seconds));
        p.setProperty("intake.accepted", String.valueOf(all.length));
        p.setProperty("intake.warmupAccepted", String.valueOf(warmupAccepted.get()));
        p.setProperty("intake.rate", fmt1(rate));
        p.setProperty("intake.errors", String.valueOf(errors.get()));
        p.setProperty("intake.p50", ms(percentile(all, 50)));
        p.setProperty("intake.p99", ms(percentile(all, 99)));
        p.setProperty("intake.max", ms(all.length == 0 ? 0 : all[all.length - 1]));
        p.setProperty("intake.load", loadBefore + " -> " + loadAverage());
        store(p, results);
        System.out.printf(Locale.ROOT, "intake: threads=%d seconds=%d accepted=%d orders/s=%.1f POST p50=%sms p99=%sms max=%sms errors=%d"
                        + " gateway CPU per order=%s ms load=%s%n  CPU over the measured window (cores): %s%n",
                threads, seconds, all.length, rate, p.getProperty("intake.p50"), p.getProperty("intake.p99"),
                p.getProperty("intake.max"), errors.get(), p.getProperty("intake.cpuPerOrder"), p.getProperty("intake.load"),
                p.getProperty("intake.cpu"));
        if (all.length == 0) {
            System.exit(1);
        }
    }

    /** One keep-alive HTTP/1.1 connection: the lightest client, so the figures are the server's. */
    static final class Connection implements AutoCloseable {
        private final Socket socket;
        private final OutputStream out;
        private final InputStream in;
        String lastBody = "";

        Connection(String host, int port) throws IOException {
            socket = new Socket();
            socket.connect(new java.net.InetSocketAddress(host, port), 5_000);
            socket.setTcpNoDelay(true);
            socket.setSoTimeout((int) HTTP_TIMEOUT.toMillis());
            out = socket.getOutputStream();
            in = new BufferedInputStream(socket.getInputStream(), 65536);
        }

        int exchange(byte[] head, byte[] body) throws IOException {
            out.write(head);
            out.write(body);
            out.flush();
            String statusLine = line();
            if (statusLine.length() < 12) {
                throw new IOException("bad status line '" + statusLine + "'");
            }
            int status = Integer.parseInt(statusLine.substring(9, 12));
            int length = -1;
            boolean chunked = false;
            boolean close = false;
            for (String header = line(); !header.isEmpty(); header = line()) {
                int colon = header.indexOf(':');
                if (colon <= 0) {
                    continue;
                }
                String name = header.substring(0, colon).trim().toLowerCase(Locale.ROOT);
                String value = header.substring(colon + 1).trim();
                switch (name) {
                    case "content-length" -> length = Integer.parseInt(value);
                    case "transfer-encoding" -> chunked = value.toLowerCase(Locale.ROOT).contains("chunked");
                    case "connection" -> close = value.equalsIgnoreCase("close");
                    default -> {
                    }
                }
            }
            byte[] content;
            if (chunked) {
                ByteArrayOutputStream buffer = new ByteArrayOutputStream();
                while (true) {
                    String size = line();
                    int semicolon = size.indexOf(';');
                    int n = Integer.parseInt((semicolon >= 0 ? size.substring(0, semicolon) : size).trim(), 16);
                    if (n == 0) {
                        while (!line().isEmpty()) {
                            // trailers
                        }
                        break;
                    }
                    buffer.write(in.readNBytes(n));
                    line();
                }
                content = buffer.toByteArray();
            } else {
                content = in.readNBytes(Math.max(0, length));
            }
            if (status >= 300) {
                lastBody = new String(content, StandardCharsets.UTF_8);
            }
            if (close) {
                throw new IOException("server closed the connection after HTTP " + status);
            }
            return status;
        }

        private String line() throws IOException {
            StringBuilder line = new StringBuilder(64);
            int c;
            while ((c = in.read()) != -1 && c != '\n') {
                if (c != '\r') {
                    line.append((char) c);
                }
            }
            if (c == -1 && line.isEmpty()) {
                throw new IOException("connection closed");
            }
            return line.toString();
        }

        @Override
        public void close() throws IOException {
            socket.close();
        }
    }

    // ------------------------------------------------------------------------------------------ latency

    static void latency(String[] args) throws Exception {
        URI base = URI.create(arg(args, "--url", "http://127.0.0.1:18080"));
        String token = arg(args, "--token", null);
        int rate = Integer.parseInt(arg(args, "--rate", "200"));
        int warmup = Integer.parseInt(arg(args, "--warmup", "10"));
        int seconds = Integer.parseInt(arg(args, "--seconds", "30"));
        int settleSeconds = Integer.parseInt(arg(args, "--settle", "30"));
        String schema = arg(args, "--schema", "gateway");
        String guardsSchema = arg(args, "--guards-schema", null);
        String referenceFrom = arg(args, "--reference-from", null);
        if (referenceFrom != null) {
            followMids(URI.create(referenceFrom));
        }
        Path results = Path.of(arg(args, "--results", "gateway-bench.properties"));
        Psql psql = new Psql(arg(args, "--pg-host", "127.0.0.1"), arg(args, "--pg-port", "5432"),
                arg(args, "--pg-user", "postgres"), arg(args, "--pg-db", "gateway_bench"));
        Cpu cpu = new Cpu(arg(args, "--cpu", ""));
        String run = runId();
        String prefix = "l" + run + "-";

        // The warm-up ramps from a tenth of the rate to all of it over its first two thirds, then holds the
        // full rate: the JIT compiles the hot paths without a backlog built while it did, and the measured
        // window follows a full-rate stretch, so a backlog the gateway cannot work off is still there.
        long period = 1_000_000_000L / rate;
        long warmupNanos = warmup * 1_000_000_000L;
        List<Long> offsets = new ArrayList<>();
        double due = 0;
        for (long t = 0; t < warmupNanos; t += 1_000_000L) {
            due += rate * Math.min(1.0, 0.1 + 0.9 * t / (warmupNanos * 2.0 / 3)) / 1000.0;
            for (; due >= 1; due -= 1) {
                offsets.add(t);
            }
        }
        int warmupCount = offsets.size();
        for (int i = 0; i < rate * seconds; i++) {
            offsets.add(warmupNanos + i * period);
        }
        int total = offsets.size();
        long[] sentNanos = new long[total];
        long[] sentMicros = new long[total];
        long[] postNanos = new long[total];
        int[] status = new int[total];
        String[] failure = new String[total];
        @SuppressWarnings("unchecked")
        CompletableFuture<Void>[] futures = new CompletableFuture[total];
        ExecutorService callbacks = Executors.newFixedThreadPool(2, r -> Thread.ofPlatform().daemon().name("http").unstarted(r));
        HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(5)).executor(callbacks).build();
        URI orders = base.resolve("/api/v1/orders");

        String loadBefore = loadAverage();
        long maxLag = 0;
        long t0 = System.nanoTime() + 100_000_000L;
        Map<String, Long> cpuBefore = Map.of();
        PgWaits waits = null;
        for (int i = 0; i < total; i++) {
            if (i == warmupCount) {
                cpuBefore = cpu.snapshot();
                waits = new PgWaits(psql);
            }
            long target = t0 + offsets.get(i);
            for (long now = System.nanoTime(); now < target; now = System.nanoTime()) {
                LockSupport.parkNanos(target - now);
            }
            String body = orderJson(prefix + i, i % 6);
            HttpRequest request = HttpRequest.newBuilder(orders).timeout(HTTP_TIMEOUT)
                    .header("Authorization", "Bearer " + token).header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(body)).build();
            int index = i;
            Instant wall = Instant.now();
            long sent = System.nanoTime();
            maxLag = Math.max(maxLag, sent - target);
            sentNanos[i] = sent;
            sentMicros[i] = ChronoUnit.MICROS.between(Instant.EPOCH, wall);
            futures[i] = client.sendAsync(request, HttpResponse.BodyHandlers.ofString()).handle((response, error) -> {
                postNanos[index] = System.nanoTime() - sent;
                if (error != null) {
                    status[index] = -1;
                    failure[index] = error.toString();
                } else {
                    status[index] = response.statusCode();
                    if (response.statusCode() != 201) {
                        failure[index] = response.body();
                    }
                }
                return null;
            });
        }
        long sendEnd = System.nanoTime();
        Map<String, Long> cpuAfter = cpu.snapshot();
        try {
            CompletableFuture.allOf(futures).get(HTTP_TIMEOUT.toSeconds() + 10, TimeUnit.SECONDS);
        } catch (TimeoutException e) {
            System.err.println("latency: some POSTs had no answer in time; they count as errors");
        }
        String pgWaits = waits == null ? "n/a" : waits.stop();
        String loadAfter = loadAverage();

        // measured window: orders sent after the warm-up
        int measured = total - warmupCount;
        int created = 0;
        int httpErrors = 0;
        List<Long> postSamples = new ArrayList<>();
        Map<String, Integer> indexOf = new HashMap<>();
        Map<String, Integer> failures = new HashMap<>();
        for (int i = warmupCount; i < total; i++) {
            if (futures[i].isDone() && status[i] == 201) {
                created++;
                postSamples.add(postNanos[i]);
                indexOf.put(prefix + i, i);
            } else {
                httpErrors++;
                String reason = !futures[i].isDone() ? "no answer" : status[i] == -1 ? failure[i] : "HTTP " + status[i];
                failures.merge(reason.length() > 120 ? reason.substring(0, 120) : reason, 1, Integer::sum);
            }
        }
        failures.forEach((reason, n) -> System.err.println("latency: " + n + " x " + reason));

        // wait (bounded) until the gateway has settled every order of this run at the exchange
        String like = prefix.replace("_", "\\_") + "%";
        long settleDeadline = System.nanoTime() + settleSeconds * 1_000_000_000L;
        String open = "?";
        while (System.nanoTime() < settleDeadline) {
            open = psql.query("SELECT count(*) FROM " + schema + ".orders WHERE client_order_id LIKE '" + like
                    + "' AND status IN (" + OPEN_STATES + ")").trim();
            if (open.equals("0")) {
                break;
            }
            Thread.sleep(1000);
        }

        // what the submission path sustained while the measured orders were sent
        double sendWindow = (sentMicros[total - 1] - sentMicros[warmupCount]) / 1e6;
        String submitted = psql.query("SELECT count(*) FROM " + schema + ".order_transition WHERE to_status = 'SUBMITTING' AND at"
                + " BETWEEN to_timestamp(" + sentMicros[warmupCount] / 1e6 + ") AND to_timestamp(" + sentMicros[total - 1] / 1e6 + ")").trim();

        // first transition that means "the exchange has the order", as recorded by the gateway
        String rows = psql.query("""
                SELECT o.client_order_id, o.status,
                       (extract(epoch FROM o.accepted_at) * 1000000)::bigint,
                       coalesce((extract(epoch FROM s.at) * 1000000)::bigint, -1),
                       coalesce((extract(epoch FROM a.recorded_at) * 1000000)::bigint, -1),
                       coalesce((extract(epoch FROM a.at) * 1000000)::bigint, -1),
                       %3$s
                FROM %1$s.orders o
                LEFT JOIN LATERAL (SELECT at FROM %1$s.order_transition t WHERE t.order_id = o.id
                                   AND t.to_status = 'SUBMITTING' ORDER BY t.id LIMIT 1) s ON true
                LEFT JOIN LATERAL (SELECT recorded_at, at FROM %1$s.order_transition t WHERE t.order_id = o.id
                                   AND t.to_status IN ('ACKNOWLEDGED', 'PARTIALLY_FILLED', 'FILLED') ORDER BY t.id LIMIT 1) a ON true
                %4$s
                WHERE o.client_order_id LIKE '%2$s'
                """.formatted(schema, like,
                guardsSchema == null ? "-1" : "coalesce((extract(epoch FROM d.decided_at) * 1000000)::bigint, -1)",
                guardsSchema == null ? "" : "LEFT JOIN " + guardsSchema + ".guard_decision d ON d.client_order_id = o.client_order_id"));
        List<Long> e2e = new ArrayList<>();
        List<Long> intakeLeg = new ArrayList<>();
        List<Long> queueLeg = new ArrayList<>();
        List<Long> venueLeg = new ArrayList<>();
        List<Long> toGuardsLeg = new ArrayList<>();
        List<Long> fromGuardsLeg = new ArrayList<>();
        Map<String, Integer> finalStates = new HashMap<>();
        int acked = 0;
        int seen = 0;
        for (String line : rows.split("\n")) {
            String[] f = line.split("\\|");
            if (f.length < 7 || !indexOf.containsKey(f[0])) {
                continue; // warm-up order, or one whose POST failed
            }
            seen++;
            int i = indexOf.get(f[0]);
            long sent = sentMicros[i];
            long accepted = Long.parseLong(f[2]);
            long submitting = Long.parseLong(f[3]);
            long ack = Long.parseLong(f[4]);
            finalStates.merge(f[1], 1, Integer::sum);
            intakeLeg.add((accepted - sent) * 1000);
            long decided = Long.parseLong(f[6]);
            if (submitting > 0) {
                queueLeg.add((submitting - accepted) * 1000);
                if (decided > 0) {
                    toGuardsLeg.add((decided - accepted) * 1000);
                    fromGuardsLeg.add((submitting - decided) * 1000);
                }
            }
            if (ack > 0) {
                acked++;
                e2e.add((ack - sent) * 1000);
                if (submitting > 0) {
                    venueLeg.add((ack - submitting) * 1000);
                }
            }
        }
        // an accepted order never acknowledged in time counts as infinitely late
        long[] latencies = new long[created];
        Arrays.fill(latencies, Long.MAX_VALUE);
        for (int i = 0; i < e2e.size(); i++) {
            latencies[i] = e2e.get(i);
        }
        Arrays.sort(latencies);
        long[] post = sorted(postSamples);
        Map<String, String> metrics = gatewayMetrics(base, token);

        Properties p = load(results);
        p.setProperty("latency.rate", String.valueOf(rate));
        p.setProperty("latency.warmup", String.valueOf(warmup));
        p.setProperty("latency.seconds", String.valueOf(seconds));
        p.setProperty("latency.settle", String.valueOf(settleSeconds));
        p.setProperty("latency.sent", String.valueOf(measured));
        p.setProperty("latency.created", String.valueOf(created));
        p.setProperty("latency.httpErrors", String.valueOf(httpErrors));
        p.setProperty("latency.acked", String.valueOf(acked));
        p.setProperty("latency.unsettled", open);
        p.setProperty("latency.finalStates", new java.util.TreeMap<>(finalStates).toString().replaceAll("[{}]", ""));
        p.setProperty("latency.achievedRate", fmt1(measured / ((sendEnd - sentNanos[warmupCount]) / 1e9)));
        p.setProperty("latency.maxSendLag", ms(maxLag));
        p.setProperty("latency.submittedRate", fmt1(Long.parseLong(submitted) / sendWindow));
        for (int q : new int[] {50, 90, 99}) {
            p.setProperty("latency.p" + q, latencies.length == 0 ? "n/a" : msOrInf(percentile(latencies, q)));
        }
        p.setProperty("latency.max", latencies.length == 0 ? "n/a" : msOrInf(latencies[latencies.length - 1]));
        p.setProperty("latency.post.p50", post.length == 0 ? "n/a" : ms(percentile(post, 50)));
        p.setProperty("latency.post.p99", post.length == 0 ? "n/a" : ms(percentile(post, 99)));
        long[] intakeSorted = sorted(intakeLeg);
        long[] queueSorted = sorted(queueLeg);
        long[] venueSorted = sorted(venueLeg);
        p.setProperty("latency.leg.intake", leg(intakeSorted));
        p.setProperty("latency.leg.queue", leg(queueSorted));
        p.setProperty("latency.leg.venue", leg(venueSorted));
        if (guardsSchema != null) {
            p.setProperty("latency.leg.toGuards", leg(sorted(toGuardsLeg)));
            p.setProperty("latency.leg.fromGuards", leg(sorted(fromGuardsLeg)));
        }
        p.setProperty("latency.lockTimeouts", metrics.getOrDefault("orderflow_symbol_lock_timeouts_total", "0"));
        p.setProperty("latency.lockWaitMean", metricMean(metrics, "orderflow_symbol_lock_wait_seconds"));
        p.setProperty("latency.unknown", metrics.getOrDefault("orderflow_orders_unknown_total", "0"));
        p.setProperty("latency.rateLimitWaits", metrics.getOrDefault("orderflow_rate_limit_waits_total", "0"));
        p.setProperty("latency.load", loadBefore + " -> " + loadAfter);
        p.setProperty("latency.pgWaits", pgWaits);
        double window = (sendEnd - sentNanos[warmupCount]) / 1e6;
        p.setProperty("latency.cpu", Cpu.shares(cpuBefore, cpuAfter, window));
        p.setProperty("latency.cpuShare", cpuBefore.containsKey("gateway") && cpuAfter.containsKey("gateway")
                ? String.format(Locale.ROOT, "%.2f", (cpuAfter.get("gateway") - cpuBefore.get("gateway")) / window) : "n/a");
        store(p, results);
        System.out.printf(Locale.ROOT,
                "latency: rate=%d/s (achieved %s/s, max send lag %s ms) seconds=%d sent=%d created=%d acked=%d http-errors=%d"
                        + " unsettled=%s states={%s}%n  orders moved to SUBMITTING while the measured orders were sent: %s/s%n"
                        + "  POST->ACK p50=%sms p90=%sms p99=%sms max=%sms | POST p50=%sms p99=%sms%n"
                        + "  legs p50/p99: send->accepted_at %s ms, accepted_at->SUBMITTING %s ms, SUBMITTING->ACK recorded %s ms%n"
                        + "  symbol lock timeouts=%s, mean lock wait=%s ms, rate-limit waits=%s, unknown outcomes=%s,"
                        + " gateway CPU=%s cores, load=%s%n  CPU over the measured window (cores): %s%n"
                        + "  Postgres waits while the measured orders were sent (every 20 ms): %s%n",
                rate, p.getProperty("latency.achievedRate"), p.getProperty("latency.maxSendLag"), seconds, measured, created,
                acked, httpErrors, open, p.getProperty("latency.finalStates"), p.getProperty("latency.submittedRate"),
                p.getProperty("latency.p50"),
                p.getProperty("latency.p90"), p.getProperty("latency.p99"), p.getProperty("latency.max"),
                p.getProperty("latency.post.p50"), p.getProperty("latency.post.p99"), p.getProperty("latency.leg.intake"),
                p.getProperty("latency.leg.queue"), p.getProperty("latency.leg.venue"), p.getProperty("latency.lockTimeouts"),
                p.getProperty("latency.lockWaitMean"), p.getProperty("latency.rateLimitWaits"), p.getProperty("latency.unknown"),
                p.getProperty("latency.cpuShare"), p.getProperty("latency.load"), p.getProperty("latency.cpu"),
                pgWaits);
        if (guardsSchema != null) {
            System.out.printf(Locale.ROOT, "  guards p50/p99: accepted_at->decided (intent relayed, Kafka, decision) %s ms,"
                    + " decided->SUBMITTING (decision back over Kafka, hand-off, symbol lock) %s ms%n",
                    p.getProperty("latency.leg.toGuards"), p.getProperty("latency.leg.fromGuards"));
        }
        if (seen < created) {
            System.err.println("latency: " + (created - seen) + " accepted orders were not found in " + schema + ".orders");
        }
        callbacks.shutdownNow();
        // nothing accepted because the gateway was overloaded (timeouts, 503) is a result; anything else a broken run
        boolean overloaded = failures.keySet().stream()
                .allMatch(r -> r.contains("HttpTimeoutException") || r.equals("no answer") || r.equals("HTTP 503"));
        if (created == 0 && !overloaded) {
            System.exit(1);
        }
    }

    /** psql as a child process, one query at a time, each bounded. */
    record Psql(String host, String port, String user, String db) {
        String query(String sql) throws IOException, InterruptedException {
            Process process = new ProcessBuilder("psql", "-X", "-q", "-At", "-F", "|", "-v", "ON_ERROR_STOP=1",
                    "-h", host, "-p", port, "-U", user, "-d", db, "-c", sql).redirectErrorStream(false).start();
            CompletableFuture<String> out = CompletableFuture.supplyAsync(() -> readAll(process.getInputStream()));
            CompletableFuture<String> err = CompletableFuture.supplyAsync(() -> readAll(process.getErrorStream()));
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new IOException("psql did not answer within 60 s");
            }
            if (process.exitValue() != 0) {
                throw new IOException("psql failed: " + err.join());
            }
            return out.join();
        }

        private static String readAll(InputStream in) {
            try (in) {
                return new String(in.readAllBytes(), StandardCharsets.UTF_8);
            } catch (IOException e) {
                return "";
            }
        }
    }

    /** A few counters of the gateway's Prometheus endpoint (summed over their labels); empty if unreachable. */
    static Map<String, String> gatewayMetrics(URI base, String token) {
        Map<String, String> values = new HashMap<>();
        try {
            HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
            String text = client.send(HttpRequest.newBuilder(base.resolve("/q/metrics")).header("Authorization", "Bearer " + token)
                    .timeout(HTTP_TIMEOUT).build(),
                    HttpResponse.BodyHandlers.ofString()).body();
            Map<String, Double> sums = new HashMap<>();
            for (String line : text.split("\n")) {
                if (line.startsWith("#") || line.isBlank()) {
                    continue;
                }
                int space = line.lastIndexOf(' ');
                int brace = line.indexOf('{');
                String name = line.substring(0, brace > 0 && brace < space ? brace : space);
                try {
                    sums.merge(name, Double.parseDouble(line.substring(space + 1)), Double::sum);
                } catch (NumberFormatException e) {
                    // not a sample
                }
            }
            sums.forEach((name, value) -> values.put(name, value == Math.rint(value) ? String.valueOf(value.longValue()) : String.valueOf(value)));
        } catch (IOException | InterruptedException | RuntimeException e) {
            System.err.println("metrics not read: " + e);
        }
        return values;
    }

    static String metricMean(Map<String, String> metrics, String timer) {
        try {
            double count = Double.parseDouble(metrics.getOrDefault(timer + "_count", "0"));
            double sum = Double.parseDouble(metrics.getOrDefault(timer + "_sum", "0"));
            return count == 0 ? "n/a" : String.format(Locale.ROOT, "%.2f", sum / count * 1000);
        } catch (NumberFormatException e) {
            return "n/a";
        }
    }

    // ------------------------------------------------------------------------------------------- report

    static void report(String[] args) throws IOException {
        Properties p = load(Path.of(arg(args, "--results", "gateway-bench.properties")));
        String write = arg(args, "--write", null);
        String when = p.getProperty("run.at", Instant.now().toString().substring(0, 16).replace('T', ' ') + " UTC");

        // one results file per client count of the intake phase (--intake-results), or the intake figures in the main file
        List<Properties> intakes = new ArrayList<>();
        String intakeFiles = arg(args, "--intake-results", null);
        if (intakeFiles == null) {
            intakes.add(p);
        } else {
            for (String file : intakeFiles.split(",")) {
                intakes.add(load(Path.of(file)));
            }
        }
        intakes.removeIf(ip -> !ip.containsKey("intake.rate"));
        boolean intakeMet = !intakes.isEmpty() && intakes.stream().allMatch(GatewayBench::intakeMet);
        double p50 = parseMs(p.getProperty("latency.p50"));
        double p99 = parseMs(p.getProperty("latency.p99"));
        boolean latencyMet = p50 < 10 && p99 < 40 && "0".equals(p.getProperty("latency.httpErrors"));

        String latencyVerdict = latencyMet ? "met" : "not met";
        boolean intakeRan = !intakes.isEmpty();
        boolean latencyRan = p.containsKey("latency.rate");
        for (Properties ip : intakes) {
            System.out.printf(Locale.ROOT, "intake, %s clients: gateway %s orders/s vs pgbench %s tps = %.2fx (target >= %.1fx): %s%n",
                    ip.getProperty("intake.threads"), ip.getProperty("intake.rate"), ip.getProperty("pgbench.tps", "n/a"), intakeRatio(ip),
                    intakeTarget(ip), intakeMet(ip) ? "MET" : "NOT MET");
        }
        if (latencyRan) {
            System.out.printf(Locale.ROOT, "latency: POST->ACK p50 %s ms (target < 10), p99 %s ms (target < 40) at %s orders/s: %s%n",
                    p.getProperty("latency.p50"), p.getProperty("latency.p99"), p.getProperty("latency.rate"),
                    latencyVerdict.toUpperCase(Locale.ROOT));
        }
        if (write == null) {
            return;
        }
        if (!intakeRan || !latencyRan) {
            throw new IllegalStateException("the doc's rows need both phases; run without --only to write them");
        }

        String placement = p.getProperty("placement", "shared");
        String intakeRow = intakes.stream().map(ip -> String.format(Locale.ROOT,
                "| %s | %s | %s | %s | %s | %s | %.2fx | %s ms | %s ms | %s ms | %s | %s | %s |",
                when, placement, ip.getProperty("intake.threads"), ip.getProperty("intake.accepted"), ip.getProperty("intake.rate"),
                ip.getProperty("pgbench.tps", "n/a"), intakeRatio(ip), ip.getProperty("intake.p50"), ip.getProperty("intake.p99"),
                ip.getProperty("intake.cpuPerOrder"), ip.getProperty("intake.errors"),
                ip.getProperty("intake.load") + " / " + ip.getProperty("pgbench.load", "n/a"),
                intakeMet(ip) ? "met" : "not met")).collect(Collectors.joining("\n"));
        String latencyRow = String.format(Locale.ROOT, "| %s | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s |",
                when, placement, p.getProperty("latency.rate"), p.getProperty("latency.sent"), p.getProperty("latency.acked"),
                cell(p.getProperty("latency.p50")), cell(p.getProperty("latency.p90")), cell(p.getProperty("latency.p99")),
                cell(p.getProperty("latency.max")), cell(p.getProperty("latency.post.p50")), cell(p.getProperty("latency.post.p99")),
                p.getProperty("latency.leg.queue"), p.getProperty("latency.leg.venue"), p.getProperty("latency.lockTimeouts"),
                p.getProperty("latency.cpuShare"), p.getProperty("latency.pgWaits", "n/a"), p.getProperty("latency.load"),
                latencyVerdict);
        String intakeHeader = "| measured | CPUs | threads | accepted | gateway orders/s | pgbench tps | ratio | POST p50 | POST p99 | gateway CPU per order | errors | load avg (gateway / pgbench) | target |";
        String latencyHeader = "| measured | CPUs | orders/s | sent | acknowledged | p50 | p90 | p99 | max | POST p50 | POST p99 | accepted -> SUBMITTING p50 / p99 (ms) | SUBMITTING -> ACK p50 / p99 (ms) | lock timeouts | gateway CPU (cores) | Postgres waits | load avg | target |";

        String intakeNote = "Latest run: " + (intakeMet ? "target met" : "target **not met**") + ": "
                + intakes.stream().map(ip -> String.format(Locale.ROOT, "%s clients %.2fx (target >= %.1fx, %s; CPU over the gateway's measured window, in cores: %s)",
                        ip.getProperty("intake.threads"), intakeRatio(ip), intakeTarget(ip), intakeMet(ip) ? "met" : "not met",
                        ip.getProperty("intake.cpu", "n/a"))).collect(Collectors.joining("; ")) + ".";
        String latencyNote = (latencyMet
                ? String.format(Locale.ROOT, "Latest run: target met (p50 %s ms, p99 %s ms).", p.getProperty("latency.p50"), p.getProperty("latency.p99"))
                : String.format(Locale.ROOT, "Latest run: target **not met**: p50 %s (target < 10 ms), p99 %s (target < 40 ms)%s.",
                        cell(p.getProperty("latency.p50")), cell(p.getProperty("latency.p99")),
                        "0".equals(p.getProperty("latency.httpErrors")) ? "" : ", " + p.getProperty("latency.httpErrors") + " POSTs failed"))
                + String.format(Locale.ROOT, " %s of the %s measured orders were acknowledged; final states %s. While they were sent"
                        + " the gateway moved %s orders/s to SUBMITTING. CPU over the measured window, in cores: %s.",
                        p.getProperty("latency.acked"), p.getProperty("latency.sent"), p.getProperty("latency.finalStates"),
                        p.getProperty("latency.submittedRate"), p.getProperty("latency.cpu", "n/a"));

        String section = """
                ## order-gateway

                `deploy/bench/order-gateway/run` starts on loopback ports a private single-node Kafka broker (KRaft,
                `deploy/kafka/kafka`), the packaged paper exchange and the packaged gateway, on a fresh database
                `gateway_bench` of the local PostgreSQL %s, then runs the driver `GatewayBench.java` and `pgbench`.
                Gateway: `-Xms256m -Xmx256m -XX:+UseSerialGC` (the heap and collector of `k8s/base/config.env`), the
                flags of `k8s/overlays/phase-1-core-safety/flags.env` (master switch, COID manager and symbol locks on,
                entry guards off) except `ENABLE_STARTUP_RECONCILE=false` since no reconciler runs, %s submission
                workers, everything else at its default. Paper exchange: rate limits off and large balances; it
                publishes limits of 100,000 orders per 10 s, as the gateway's own tests do, because with the Binance
                figure it publishes by default (100 per 10 s) the gateway's venue limiter (`venue-binance`'s `RequestLimiter`) holds submissions to 10
                orders/s and 200 orders/s cannot be offered at all. Orders: small MARKET orders (about 12 USDT)
                cycling BTCUSDT, ETHUSDT and SOLUSDT, buys (ENTRY) then sells (EXIT), a new `clientOrderId` each.
                *CPUs*: `shared`, every process on all of the machine's CPUs; `split` (`--split-cpus`), Postgres (the
                postmaster and every backend) and the Kafka broker on CPU 0, the gateway, the paper exchange, the driver
                and pgbench's client on the others, in the gateway's run and in pgbench's alike: the database gets the
                same CPU in both, as when it runs on hosts of its own (in the gateway's run it also carries Kafka).

                ### Intake throughput

                %s client threads (a run for each count, a fresh gateway each) in a closed loop each `POST /api/v1/orders` over one keep-alive connection; %s s
                warm-up, then %s s measured (the warm-up lets the JIT finish the hot paths: after 10 s the gateway was
                still compiling through the measured window, at twice the CPU per order); *accepted* counts the 201 answers. The gateway runs with
                `gateway.submission.enabled=false`: orders are validated, stored with their transition and outbox row
                and relayed to Kafka, but never sent to the exchange, so this is the intake alone. The gateway writes
                the orders that arrive while its intake writers (`gateway.intake.writers`, 2) are busy in one shared
                transaction, a statement per table for all of them (docs/order-gateway.md, "Intake transactions").
                The yardstick is `pgbench -M prepared` with as many clients, the same warm-up and duration, in a schema
                of its own holding the gateway's migrations, running `intake.sql`: the statements the gateway sends
                for an order that shares its transaction with no other, copied from `IntakeCommits`, `OrderRepository`,
                `TradingStateRepository` and `OutboxWriter` (in one transaction the trading-state read, `INSERT INTO
                orders .. SELECT .. FROM unnest(..) ON CONFLICT DO NOTHING RETURNING` the stored row, the transition row,
                the outbox row with an event taken from the gateway's own outbox, commit), with random client order
                ids: one order per transaction, what Postgres does for orders written one by one. The rows up to
                2026-11-26 03:48 UTC were measured against the gateway of then, which wrote every order in a
                transaction of its own after an idempotency lookup, and against that SQL in pgbench. *Gateway CPU per order*:
                user + system CPU time of the gateway process over the measured window divided by the accepted
                orders (what one order costs the gateway, whatever else runs on the machine).
                Each phase starts right after a `CHECKPOINT`, so that Postgres's timed checkpoint (every 5 minutes)
                and the full-page writes after it do not fall into one of the two runs only; before this, pgbench's
                figure alone swung between 760 and 2,240 tps from run to run. The gateway's own figure swings too:
                one build measured 454 and 890 orders/s on two runs, so one row says little and the spread of the rows more.
                The rows of 2026-11-25 and the first of 2026-11-26 were measured while other work loaded the machine:
                pgbench's figures beside them (760 to 1,870 tps, against 3,100 to 4,000 on the quiet machine) show how much.
                Target: gateway >= 0.5x pgbench with 1 client, >= 1.0x with 64 (where orders share transactions the
                gateway commits less often than pgbench's one commit per order), >= 0.5x with other counts. The rows up
                to 2026-11-26 05:48 UTC measured 8 clients only.

                %s
                |---|---|---|---|---|---|---|---|---|---|---|---|---|
                %s

                %s

                ### POST-to-ACK latency

                Open loop: sends are scheduled at a fixed %s orders/s whatever the answers (asynchronous
                `java.net.http.HttpClient`) after a %s s warm-up, then %s s measured, with submission on against the
                paper exchange over HTTP. The warm-up ramps from a tenth of the rate to the full rate over its first
                two thirds and holds the full rate for the last third: at the full rate from the first second, the
                gateway was overloaded while the JIT was still compiling (compiler threads took 0.4 cores after a
                minute) and measured the backlog of its own warm-up. Per order, latency = `order_transition.recorded_at` of its first ACKNOWLEDGED,
                PARTIALLY_FILLED or FILLED transition minus the instant the driver sent the POST (same machine clock).
                `recorded_at` is stamped by Postgres when the gateway's transaction recording the exchange's answer
                starts, so the figure stops just before that transaction commits. An accepted order without such a
                transition %s s after the POSTs were answered counts as infinitely late, a failed POST as a failure. The legs
                split the time at the gateway's own timestamps: `accepted_at` -> SUBMITTING (whose time is taken once
                the symbol lock is held) is the hand-off, the worker queue and the symbol-lock wait; SUBMITTING -> ACK
                is the exchange round trip and the recording of the answer. *lock timeouts*:
                `orderflow_symbol_lock_timeouts_total` (submissions that waited %s for their symbol and were left to
                the sweep); *gateway CPU*: the gateway's CPU time over the measured window divided by its duration;
                *Postgres waits*: while the measured orders are sent, the driver samples every 20 ms through one psql
                session what the database's busy backends wait for (`pg_stat_activity`): *WAL flush* is a commit
                waiting for its WAL to reach the disk (`IO WALSync`, or `LWLock WALWrite` while another backend
                flushes for it), *row lock* a transaction waiting for another to end (the same symbol's position or
                lease row); and how long a `COMMIT` was seen waiting for the WAL at the most. Every order commits
                twice, each after a flush of the WAL, before the transaction recording its acknowledgement starts
                (the intake, and SUBMITTING, which holds the symbol until the exchange has answered), so when a flush
                takes tens of milliseconds every order in flight waits for it, and each symbol's one-at-a-time
                submissions then work off the orders that queued meanwhile. Recording the answer takes a commit more
                on the worker after the symbol is given back: with 4 submission workers for the three symbols, each
                symbol's next order also waited for a free worker then, and p99 was 50-130 ms instead of 17-27 ms.
                Target: p50 < 10 ms, p99 < 40 ms.

                %s
                |---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|
                %s

                %s

                Last run: %s, %s cores, %s memory, Java %s, PostgreSQL %s, Kafka %s. Driver, gateway, paper
                exchange, Kafka and Postgres share the machine's cores; the load average (start -> end of a phase)
                counts every process on the machine, and the figures fall as it rises. Newest run first.
                """.formatted(
                p.getProperty("pg.version", "?"), p.getProperty("gateway.workers", "4"),
                intakes.stream().map(ip -> ip.getProperty("intake.threads")).collect(Collectors.joining(", ")),
                intakes.getFirst().getProperty("intake.warmup"), intakes.getFirst().getProperty("intake.seconds"),
                intakeHeader, intakeRow, intakeNote,
                p.getProperty("latency.rate"), p.getProperty("latency.warmup"), p.getProperty("latency.seconds"),
                p.getProperty("latency.settle", "30"), p.getProperty("gateway.lockMaxWait", "2s"),
                latencyHeader, latencyRow, latencyNote,
                when, p.getProperty("machine.cores", String.valueOf(Runtime.getRuntime().availableProcessors())),
                p.getProperty("machine.memory", "?"), p.getProperty("machine.java", System.getProperty("java.version")),
                p.getProperty("pg.version", "?"), p.getProperty("kafka.version", "?"));
        writeSection(Path.of(write), section, List.of(intakeHeader, latencyHeader));
        System.out.println("wrote the order-gateway section of " + write);
    }

    static double intakeRatio(Properties ip) {
        double pgbench = Double.parseDouble(ip.getProperty("pgbench.tps", "0"));
        return pgbench > 0 ? Double.parseDouble(ip.getProperty("intake.rate", "0")) / pgbench : 0;
    }

    /** 1 client: half of pgbench; 64 or more: at least pgbench, since orders arriving together share a commit. */
    static double intakeTarget(Properties ip) {
        return Integer.parseInt(ip.getProperty("intake.threads", "8")) >= 64 ? 1.0 : 0.5;
    }

    static boolean intakeMet(Properties ip) {
        return intakeRatio(ip) >= intakeTarget(ip);
    }

    /**
     * Replaces (or appends) the section between the order-gateway markers, keeping under each new row the
     * previous runs' rows (the last {@value #KEPT_RUNS}) of the table with the same header.
     */
    static void writeSection(Path file, String section, List<String> headers) throws IOException {
        String begin = "<!-- order-gateway:begin -->";
        String finish = "<!-- order-gateway:end -->";
        String text = Files.exists(file) ? Files.readString(file) : "# Benchmarks\n\n";
        int a = text.indexOf(begin);
        int b = text.indexOf(finish);
        boolean present = a >= 0 && b > a;
        if (present) {
            String old = text.substring(a, b);
            for (String header : headers) {
                List<String> columns = cells(header);
                // the table as the file has it: with this header, or with an older one lacking some columns
                List<String> lines = old.lines().toList();
                int h = -1;
                List<String> oldColumns = List.of();
                for (int i = 0; i < lines.size() && h < 0; i++) {
                    List<String> candidate = cells(lines.get(i));
                    if (lines.get(i).startsWith("| measured |") && columns.containsAll(candidate) && candidate.size() >= columns.size() - 2) {
                        h = i;
                        oldColumns = candidate;
                    }
                }
                if (h < 0) {
                    continue;
                }
                List<String> from = oldColumns;
                List<String> previous = lines.subList(h + 2, lines.size()).stream().takeWhile(l -> l.startsWith("|"))
                        .filter(l -> l.matches("\\| \\d{4}-\\d{2}-\\d{2} .*")).limit(KEPT_RUNS)
                        .map(l -> upgradeRow(cells(l), from, columns)).toList();
                int n = section.indexOf(header);
                int rowEnd = section.indexOf("\n", section.indexOf("\n", n) + 1); // end of the separator line
                while (section.startsWith("\n|", rowEnd)) { // past this run's rows
                    rowEnd = section.indexOf("\n", rowEnd + 1);
                }
                section = section.substring(0, rowEnd) + previous.stream().map(l -> "\n" + l).reduce("", String::concat)
                        + section.substring(rowEnd);
            }
        }
        String block = begin + "\n" + section + finish + "\n";
        if (present) {
            text = text.substring(0, a) + block + text.substring(b + finish.length()).replaceFirst("^\n", "");
        } else {
            text = text + (text.endsWith("\n\n") ? "" : text.endsWith("\n") ? "\n" : "\n\n") + block;
        }
        Files.writeString(file, text);
    }

    /** The cells of a Markdown table row. */
    static List<String> cells(String row) {
        String inner = row.strip();
        if (!inner.startsWith("|") || !inner.endsWith("|")) {
            return List.of();
        }
        return Arrays.stream(inner.substring(1, inner.length() - 1).split("\\|", -1)).map(String::strip).toList();
    }

    /**
     * A row recorded under an older header, laid out under the current one: a column it did not have reads
     * "shared" for the CPUs (every run shared them before the column existed) and "n/a" otherwise.
     */
    static String upgradeRow(List<String> values, List<String> from, List<String> to) {
        StringBuilder row = new StringBuilder("|");
        for (String column : to) {
            int i = from.indexOf(column);
            String value = i >= 0 && i < values.size() ? values.get(i) : column.equals("CPUs") ? "shared" : "n/a";
            row.append(' ').append(value).append(" |");
        }
        return row.toString();
    }

    // ------------------------------------------------------------------------------------------ helpers

    /** Small MARKET orders, about 12 USDT: kind 0-5 cycles the three symbols, buys then sells. */
    static String orderJson(String coid, int kind) {
        String[] instrument = INSTRUMENTS[kind % 3];
        boolean buy = kind < 3;
        String reference = MIDS[kind % 3] != null ? MIDS[kind % 3] : instrument[2];
        return "{\"clientOrderId\":\"" + coid + "\",\"symbol\":\"" + instrument[0] + "\",\"side\":\"" + (buy ? "BUY" : "SELL")
                + "\",\"type\":\"MARKET\",\"quantity\":\"" + instrument[1] + "\",\"intent\":\"" + (buy ? "ENTRY" : "EXIT")
                + "\",\"referencePrice\":\"" + reference + "\",\"strategyId\":\"bench\"}";
    }

    /** The books' mids, by instrument, when --reference-from is given; null: the instrument's fixed reference. */
    private static final String[] MIDS = new String[INSTRUMENTS.length];

    /** Reads each instrument's mid from the exchange's bookTicker now and every 2 s after, on a thread of its own. */
    static void followMids(URI exchange) throws InterruptedException {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        Runnable read = () -> {
            for (int i = 0; i < INSTRUMENTS.length; i++) {
                try {
                    String body = http.send(HttpRequest.newBuilder(exchange.resolve("/api/v3/ticker/bookTicker?symbol=" + INSTRUMENTS[i][0]))
                            .timeout(Duration.ofSeconds(2)).build(), HttpResponse.BodyHandlers.ofString()).body();
                    java.math.BigDecimal bid = new java.math.BigDecimal(field(body, "bidPrice"));
                    java.math.BigDecimal ask = new java.math.BigDecimal(field(body, "askPrice"));
                    MIDS[i] = bid.add(ask).divide(java.math.BigDecimal.TWO).stripTrailingZeros().toPlainString();
                } catch (Exception e) {
                    System.err.println("reference: no book for " + INSTRUMENTS[i][0] + ": " + e);
                }
            }
        };
        read.run();
        Thread.ofPlatform().daemon().name("mids").start(() -> {
            while (true) {
                try {
                    Thread.sleep(2000);
                } catch (InterruptedException e) {
                    return;
                }
                read.run();
            }
        });
    }

    private static String field(String json, String name) {
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("\"" + name + "\"\\s*:\\s*\"([0-9.]+)\"").matcher(json);
        if (!m.find()) {
            throw new IllegalStateException(name + " not in " + json);
        }
        return m.group(1);
    }

    /** User + system CPU time of a process in milliseconds (/proc/PID/stat, clock ticks of 10 ms); -1 when unknown. */
    static long cpuMillis(String pid) {
        if (pid == null) {
            return -1;
        }
        try {
            String stat = Files.readString(Path.of("/proc", pid, "stat"));
            String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            return (Long.parseLong(f[11]) + Long.parseLong(f[12])) * 10;
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }

    /**
     * CPU time of the processes taking part, from /proc: {@code --cpu gateway=PID,postgres=PID+,...} (a trailing
     * + adds the process's children, e.g. Postgres backends); the driver itself is always counted.
     */
    /**
     * What the database's busy backends wait for, sampled every 20 ms through one psql session while the
     * measured orders are sent: a commit waits for its WAL to be flushed to disk (IO WALSync, or LWLock
     * WALWrite while another backend flushes for it), a row lock for another transaction to end. The
     * longest a COMMIT was seen waiting for the WAL tells how long the disk held every commit up.
     */
    static final class PgWaits {
        private static final String SAMPLE = "SELECT wait_event_type, wait_event, query = 'COMMIT',"
                + " (extract(epoch FROM clock_timestamp() - state_change) * 1000)::bigint FROM pg_stat_activity"
                + " WHERE datname = current_database() AND state = 'active' AND pid <> pg_backend_pid()"
                + " AND wait_event IS NOT NULL;\n\\echo END\n";
        private final Process psql;
        private final Thread thread;
        private final Map<String, Integer> waits = new java.util.TreeMap<>();
        private int samples;
        private long longestWalCommit;
        private volatile boolean running = true;

        PgWaits(Psql db) throws IOException {
            psql = new ProcessBuilder("psql", "-X", "-q", "-At", "-F", "|", "-h", db.host(), "-p", db.port(), "-U", db.user(),
                    "-d", db.db()).redirectError(ProcessBuilder.Redirect.DISCARD).start();
            thread = Thread.ofPlatform().daemon().name("pg-waits").start(this::run);
        }

        private void run() {
            try (Writer in = new java.io.OutputStreamWriter(psql.getOutputStream(), StandardCharsets.UTF_8);
                    java.io.BufferedReader out = new java.io.BufferedReader(
                            new java.io.InputStreamReader(psql.getInputStream(), StandardCharsets.UTF_8))) {
                while (running) {
                    long next = System.nanoTime() + 20_000_000L;
                    in.write(SAMPLE);
                    in.flush();
                    List<String[]> rows = new ArrayList<>();
                    for (String line = out.readLine(); line != null && !line.equals("END"); line = out.readLine()) {
                        rows.add(line.split("\\|", -1));
                    }
                    synchronized (this) {
                        samples++;
                        for (String[] row : rows) {
                            if (row.length < 4) {
                                continue;
                            }
                            String kind = kind(row[0], row[1]);
                            waits.merge(kind, 1, Integer::sum);
                            if (kind.equals("WAL flush") && row[2].equals("t")) {
                                longestWalCommit = Math.max(longestWalCommit, Long.parseLong(row[3]));
                            }
                        }
                    }
                    LockSupport.parkNanos(next - System.nanoTime());
                }
            } catch (IOException | RuntimeException e) {
                System.err.println("Postgres wait sampling stopped: " + e);
            }
        }

        private static String kind(String type, String event) {
            if (type.equals("IO") && event.startsWith("WAL") || type.equals("LWLock") && event.startsWith("WAL")) {
                return "WAL flush";
            }
            if (type.equals("Lock")) {
                return "row lock";
            }
            return type.equals("Client") ? "client" : "other";
        }

        /** Stops sampling; "1,279 WAL flush, 89 row lock, ... in 1,402 samples; a COMMIT waited up to 95 ms for the WAL". */
        String stop() throws InterruptedException {
            running = false;
            thread.join(5_000);
            psql.destroy();
            synchronized (this) {
                if (samples == 0) {
                    return "n/a";
                }
                StringBuilder text = new StringBuilder();
                waits.forEach((kind, n) -> text.append(text.isEmpty() ? "" : ", ").append(n).append(' ').append(kind));
                return String.format(Locale.ROOT, "%s waiting backends in %d samples; a COMMIT waited up to %d ms for the WAL",
                        text.isEmpty() ? "no" : text.toString(), samples, longestWalCommit);
            }
        }
    }

    static final class Cpu {
        private final Map<String, String> specs = new java.util.LinkedHashMap<>();

        Cpu(String spec) {
            for (String part : spec.split(",")) {
                int eq = part.indexOf('=');
                if (eq > 0 && eq < part.length() - 1) {
                    specs.put(part.substring(0, eq).trim(), part.substring(eq + 1).trim());
                }
            }
            specs.put("driver", String.valueOf(ProcessHandle.current().pid()));
        }

        Map<String, Long> snapshot() {
            Map<String, Long> out = new java.util.LinkedHashMap<>();
            specs.forEach((name, spec) -> {
                boolean children = spec.endsWith("+");
                String pid = children ? spec.substring(0, spec.length() - 1) : spec;
                long total = cpuMillis(pid);
                if (total >= 0 && children) {
                    total += ProcessHandle.of(Long.parseLong(pid)).stream().flatMap(ProcessHandle::children)
                            .mapToLong(c -> Math.max(0, cpuMillis(String.valueOf(c.pid())))).sum();
                }
                if (total >= 0) {
                    out.put(name, total);
                }
            });
            return out;
        }

        /** "gateway 0.98, postgres 0.41, ..." in cores over the window. */
        static String shares(Map<String, Long> before, Map<String, Long> after, double windowMillis) {
            List<String> parts = new ArrayList<>();
            after.forEach((name, value) -> {
                if (before.containsKey(name)) {
                    parts.add(String.format(Locale.ROOT, "%s %.2f", name, Math.max(0, value - before.get(name)) / windowMillis));
                }
            });
            return parts.isEmpty() ? "n/a" : String.join(", ", parts);
        }
    }

    static String runId() {
        return Long.toString(System.currentTimeMillis() / 1000 % 100_000_000L, 36);
    }

    static long[] merge(long[][] samples, int[] counts) {
        long[] all = new long[Arrays.stream(counts).sum()];
        int pos = 0;
        for (int t = 0; t < samples.length; t++) {
            if (samples[t] != null) {
                System.arraycopy(samples[t], 0, all, pos, counts[t]);
                pos += counts[t];
            }
        }
        Arrays.sort(all);
        return all;
    }

    static long[] sorted(List<Long> values) {
        long[] a = values.stream().mapToLong(Long::longValue).toArray();
        Arrays.sort(a);
        return a;
    }

    static long percentile(long[] sorted, double p) {
        if (sorted.length == 0) {
            return 0;
        }
        int index = (int) Math.ceil(p / 100.0 * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, index))];
    }

    static String ms(long nanos) {
        return String.format(Locale.ROOT, "%.2f", nanos / 1_000_000.0);
    }

    static String msOrInf(long nanos) {
        return nanos == Long.MAX_VALUE ? "inf" : ms(nanos);
    }

    /** "p50 / p99" in milliseconds, "n/a" without samples. */
    static String leg(long[] sorted) {
        return sorted.length == 0 ? "n/a" : ms(percentile(sorted, 50)) + " / " + ms(percentile(sorted, 99));
    }

    /** A table cell for a figure in milliseconds ("inf" and "n/a" stay as they are). */
    static String cell(String ms) {
        return ms == null || ms.equals("inf") || ms.equals("n/a") ? String.valueOf(ms) : ms + " ms";
    }

    /** Milliseconds; no figure (nothing measured) counts as infinitely late. */
    static double parseMs(String value) {
        if (value == null || value.equals("inf") || value.equals("n/a")) {
            return Double.POSITIVE_INFINITY;
        }
        return Double.parseDouble(value);
    }

    static String fmt1(double value) {
        return String.format(Locale.ROOT, "%.1f", value);
    }

    static String loadAverage() {
        try {
            return Files.readString(Path.of("/proc/loadavg")).split(" ")[0];
        } catch (IOException | RuntimeException e) {
            return "n/a";
        }
    }

    static Properties load(Path file) throws IOException {
        Properties p = new Properties();
        if (Files.exists(file)) {
            try (Reader reader = Files.newBufferedReader(file)) {
                p.load(reader);
            }
        }
        return p;
    }

    static void store(Properties p, Path file) throws IOException {
        try (Writer writer = Files.newBufferedWriter(file)) {
            p.store(writer, "order-gateway benchmark");
        }
    }

    static void closeQuietly(AutoCloseable closeable) {
        if (closeable != null) {
            try {
                closeable.close();
            } catch (Exception e) {
                // nothing to do
            }
        }
    }

    static String arg(String[] args, String name, String fallback) {
        for (int i = 0; i < args.length - 1; i++) {
            if (args[i].equals(name)) {
                return args[i + 1];
            }
        }
        return fallback;
    }
}
