import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The deployment guide's load test, 100 parallel identical order requests, repeated: each round sends one
 * new order 100 times at once, each copy on a connection of its own opened at that moment (as 100 strategy
 * processes would), then waits for the order to leave the gateway and counts the orders the exchange holds
 * under its client order id. Connection set-up (TCP connect on loopback) and the request on the open
 * connection are measured apart; a strategy sees their sum.
 *
 * <pre>java DuplicateStorm.java --gateway URL --token T --exchange URL --key K --secret S
 *     [--rounds 20] [--parallel 100] [--warmup-rounds 2] [--symbol BTCUSDT] [--quantity 0.0002]
 *     [--label TEXT] [--write docs/benchmarks.md]</pre>
 */
public class DuplicateStorm {

    static final Duration SETTLE = Duration.ofSeconds(30);
    static final double TARGET_P99_MS = 50.0;

    record Answer(int status, long connectNanos, long requestNanos) {
        long totalNanos() {
            return connectNanos + requestNanos;
        }
    }

    record Round(int created, int replayed, int other, int exchangeOrders, String finalStatus) {
        boolean exactlyOne() {
            return created == 1 && exchangeOrders == 1;
        }
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> opt = options(args);
        URI gateway = URI.create(opt.get("gateway"));
        URI exchange = URI.create(opt.get("exchange"));
        int rounds = Integer.parseInt(opt.getOrDefault("rounds", "20"));
        int parallel = Integer.parseInt(opt.getOrDefault("parallel", "100"));
        int warmupRounds = Integer.parseInt(opt.getOrDefault("warmup-rounds", "2"));
        String symbol = opt.getOrDefault("symbol", "BTCUSDT");
        String quantity = opt.getOrDefault("quantity", "0.0002");
        String token = opt.get("token");
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        String run = Long.toString(System.currentTimeMillis(), 36);
        String loadBefore = loadAverage();

        List<Answer> answers = new ArrayList<>();
        List<Round> measured = new ArrayList<>();
        ExecutorService pool = Executors.newFixedThreadPool(parallel);
        try {
            for (int r = -warmupRounds; r < rounds; r++) {
                String coid = "storm-" + run + "-" + (r < 0 ? "w" + (-r) : Integer.toString(r));
                String reference = midPrice(http, exchange, symbol);
                byte[] request = post(gateway, token, orderJson(coid, symbol, quantity, reference));
                List<Answer> round = storm(pool, gateway, request, parallel);
                String status = settle(http, gateway, token, coid);
                int atExchange = exchangeOrders(http, exchange, opt.get("key"), opt.get("secret"), symbol, coid);
                Round result = new Round(count(round, 201), count(round, 200), parallel - count(round, 201) - count(round, 200),
                        atExchange, status);
                long[] totals = round.stream().mapToLong(Answer::totalNanos).sorted().toArray();
                System.out.printf(Locale.ROOT, "  %s %s: 201 x%d, 200 x%d, other x%d %s; exchange orders %d (%s); total p50 %.1f ms, max %.1f ms%n",
                        r < 0 ? "warm-up" : "round " + (r + 1), coid, result.created(), result.replayed(), result.other(),
                        otherStatuses(round), atExchange, status, ms(percentile(totals, 50)), ms(totals[totals.length - 1]));
                if (r >= 0) {
                    answers.addAll(round);
                    measured.add(result);
                }
            }
        } finally {
            pool.shutdownNow();
        }

        long[] connect = answers.stream().mapToLong(Answer::connectNanos).sorted().toArray();
        long[] requestOnly = answers.stream().mapToLong(Answer::requestNanos).sorted().toArray();
        long[] total = answers.stream().mapToLong(Answer::totalNanos).sorted().toArray();
        long exactlyOne = measured.stream().filter(Round::exactlyOne).count();
        int others = measured.stream().mapToInt(Round::other).sum();
        boolean met = exactlyOne == rounds && others == 0 && ms(percentile(total, 99)) < TARGET_P99_MS;
        String verdict = met ? "met" : "not met";
        String loadAfter = loadAverage();

        System.out.printf(Locale.ROOT, "duplicate storm: %d rounds of %d identical requests, exactly one exchange order in %d of %d rounds, "
                        + "%d answers neither 201 nor 200%n", rounds, parallel, exactlyOne, rounds, others);
        System.out.printf(Locale.ROOT, "  connect  p50 %.2f ms  p99 %.2f ms  max %.2f ms%n", ms(percentile(connect, 50)),
                ms(percentile(connect, 99)), ms(connect[connect.length - 1]));
        System.out.printf(Locale.ROOT, "  request  p50 %.2f ms  p99 %.2f ms  max %.2f ms  (on the open connection)%n",
                ms(percentile(requestOnly, 50)), ms(percentile(requestOnly, 99)), ms(requestOnly[requestOnly.length - 1]));
        System.out.printf(Locale.ROOT, "  total    p50 %.2f ms  p99 %.2f ms  max %.2f ms%n", ms(percentile(total, 50)),
                ms(percentile(total, 99)), ms(total[total.length - 1]));
        System.out.printf(Locale.ROOT, "  target: exactly one exchange order every round and total p99 < %.0f ms: %s%n", TARGET_P99_MS, verdict);

        if (opt.containsKey("write")) {
            String row = String.format(Locale.ROOT, "| %s | %s | %d x %d | %d / %d | %d | %.2f / %.2f ms | %.2f / %.2f ms | %.2f / %.2f ms | %.2f ms | %s -> %s | %s |",
                    ZonedDateTime.now(ZoneOffset.UTC).format(DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'")),
                    opt.getOrDefault("label", "n/a"), rounds, parallel, exactlyOne, rounds, others,
                    ms(percentile(connect, 50)), ms(percentile(connect, 99)), ms(percentile(requestOnly, 50)), ms(percentile(requestOnly, 99)),
                    ms(percentile(total, 50)), ms(percentile(total, 99)), ms(total[total.length - 1]), loadBefore, loadAfter, verdict);
            writeRow(Path.of(opt.get("write")), row);
        }
        System.out.println("RESULT duplicate-storm " + verdict);
    }

    /** The copies of one request, each on a new connection, released together. */
    static List<Answer> storm(ExecutorService pool, URI gateway, byte[] request, int parallel) throws Exception {
        CountDownLatch ready = new CountDownLatch(parallel);
        CountDownLatch go = new CountDownLatch(1);
        List<Future<Answer>> futures = new ArrayList<>();
        for (int i = 0; i < parallel; i++) {
            futures.add(pool.submit(() -> {
                ready.countDown();
                go.await();
                return send(gateway, request);
            }));
        }
        ready.await();
        go.countDown();
        List<Answer> answers = new ArrayList<>();
        for (Future<Answer> f : futures) {
            answers.add(f.get());
        }
        return answers;
    }

    static Answer send(URI gateway, byte[] request) {
        long start = System.nanoTime();
        try (Socket socket = new Socket()) {
            socket.setTcpNoDelay(true);
            socket.setSoTimeout(30_000);
            socket.connect(new InetSocketAddress(gateway.getHost(), gateway.getPort()), 5_000);
            long connected = System.nanoTime();
            OutputStream out = socket.getOutputStream();
            out.write(request);
            out.flush();
            int status = readStatus(socket.getInputStream());
            return new Answer(status, connected - start, System.nanoTime() - connected);
        } catch (IOException e) {
            return new Answer(-1, 0, System.nanoTime() - start);
        }
    }

    /** Reads a whole HTTP/1.1 response (Connection: close) and returns its status code. */
    static int readStatus(InputStream in) throws IOException {
        ByteArrayOutputStream all = new ByteArrayOutputStream();
        byte[] buffer = new byte[8192];
        int headerEnd = -1;
        int contentLength = -1;
        while (true) {
            int n = in.read(buffer);
            if (n < 0) {
                break;
            }
            all.write(buffer, 0, n);
            String text = all.toString(StandardCharsets.ISO_8859_1);
            if (headerEnd < 0 && (headerEnd = text.indexOf("\r\n\r\n")) >= 0) {
                Matcher m = Pattern.compile("(?im)^content-length:\\s*(\\d+)").matcher(text.substring(0, headerEnd));
                contentLength = m.find() ? Integer.parseInt(m.group(1)) : -1;
            }
            if (headerEnd >= 0 && contentLength >= 0 && all.size() >= headerEnd + 4 + contentLength) {
                break;
            }
        }
        String head = all.toString(StandardCharsets.ISO_8859_1);
        return head.startsWith("HTTP/1.1 ") ? Integer.parseInt(head.substring(9, 12)) : -1;
    }

    static byte[] post(URI gateway, String token, String json) {
        byte[] body = json.getBytes(StandardCharsets.UTF_8);
        String head = "POST /api/v1/orders HTTP/1.1\r\nHost: " + gateway.getHost() + ":" + gateway.getPort()
                + "\r\nAuthorization: Bearer " + token + "\r\nContent-Type: application/json\r\nAccept: application/json"
                + "\r\nConnection: close\r\nContent-Length: " + body.length + "\r\n\r\n";
        byte[] request = Arrays.copyOf(head.getBytes(StandardCharsets.ISO_8859_1), head.length() + body.length);
        System.arraycopy(body, 0, request, head.length(), body.length);
        return request;
    }

    /** A small MARKET entry priced at the book's mid, which the entry guards let through on the paper book. */
    static String orderJson(String coid, String symbol, String quantity, String referencePrice) {
        return "{\"clientOrderId\":\"" + coid + "\",\"symbol\":\"" + symbol + "\",\"side\":\"BUY\",\"type\":\"MARKET\",\"quantity\":\""
                + quantity + "\",\"intent\":\"ENTRY\",\"referencePrice\":\"" + referencePrice + "\",\"strategyId\":\"duplicate-storm\"}";
    }

    static String midPrice(HttpClient http, URI exchange, String symbol) throws Exception {
        String body = http.send(HttpRequest.newBuilder(exchange.resolve("/api/v3/ticker/bookTicker?symbol=" + symbol)).build(),
                HttpResponse.BodyHandlers.ofString()).body();
        double bid = Double.parseDouble(field(body, "bidPrice"));
        double ask = Double.parseDouble(field(body, "askPrice"));
        return String.format(Locale.ROOT, "%.2f", (bid + ask) / 2);
    }

    /** Waits until the order has left the gateway's hands (sent and answered, or blocked); its status then. */
    static String settle(HttpClient http, URI gateway, String token, String coid) throws Exception {
        long deadline = System.nanoTime() + SETTLE.toNanos();
        String status = "n/a";
        while (System.nanoTime() < deadline) {
            HttpResponse<String> order = http.send(HttpRequest.newBuilder(gateway.resolve("/api/v1/orders/" + coid))
                    .header("Authorization", "Bearer " + token).build(), HttpResponse.BodyHandlers.ofString());
            if (order.statusCode() == 200) {
                status = field(order.body(), "status");
                if (!List.of("ACCEPTED", "PENDING_GUARDS", "SUBMITTING", "UNKNOWN").contains(status)) {
                    return status;
                }
            }
            Thread.sleep(50);
        }
        return status + " after " + SETTLE.toSeconds() + " s";
    }

    static int exchangeOrders(HttpClient http, URI exchange, String key, String secret, String symbol, String coid) throws Exception {
        String query = "symbol=" + symbol + "&limit=1000&timestamp=" + System.currentTimeMillis();
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        String signature = HexFormat.of().formatHex(mac.doFinal(query.getBytes(StandardCharsets.UTF_8)));
        HttpResponse<String> all = http.send(HttpRequest.newBuilder(exchange.resolve("/api/v3/allOrders?" + query + "&signature=" + signature))
                .header("X-MBX-APIKEY", key).build(), HttpResponse.BodyHandlers.ofString());
        if (all.statusCode() != 200) {
            throw new IllegalStateException("allOrders answered " + all.statusCode() + ": " + all.body());
        }
        Matcher m = Pattern.compile("\"clientOrderId\"\\s*:\\s*\"" + Pattern.quote(coid) + "\"").matcher(all.body());
        int n = 0;
        while (m.find()) {
            n++;
        }
        return n;
    }

    static String field(String json, String name) {
        Matcher m = Pattern.compile("\"" + name + "\"\\s*:\\s*\"?([^\",}]*)").matcher(json);
        if (!m.find()) {
            throw new IllegalStateException(name + " not in " + json);
        }
        return m.group(1);
    }

    /** The statuses of the answers neither 201 nor 200 (-1: no answer), with how many of each. */
    static Map<Integer, Long> otherStatuses(List<Answer> answers) {
        Map<Integer, Long> others = new java.util.TreeMap<>();
        answers.stream().filter(a -> a.status() != 201 && a.status() != 200).forEach(a -> others.merge(a.status(), 1L, Long::sum));
        return others;
    }

    static int count(List<Answer> answers, int status) {
        return (int) answers.stream().filter(a -> a.status() == status).count();
    }

    static long percentile(long[] sorted, double p) {
        int i = (int) Math.ceil(p / 100.0 * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, i))];
    }

    static double ms(long nanos) {
        return nanos / 1e6;
    }

    static String loadAverage() {
        try {
            return Files.readString(Path.of("/proc/loadavg")).split(" ")[0];
        } catch (IOException e) {
            return "n/a";
        }
    }

    /** Adds the row, newest first, under the table of the duplicate-storm section. */
    static void writeRow(Path doc, String row) throws IOException {
        String text = Files.readString(doc);
        String header = "| measured | setting | rounds x requests | exactly one order | other answers | connect p50 / p99 "
                + "| request p50 / p99 | total p50 / p99 | total max | load avg | target |";
        int begin = text.indexOf("<!-- duplicate-storm:begin -->");
        int headerAt = begin < 0 ? -1 : text.indexOf(header, begin);
        if (headerAt < 0) {
            throw new IllegalStateException("the duplicate-storm table is missing from " + doc);
        }
        int afterSeparator = text.indexOf('\n', text.indexOf('\n', headerAt) + 1) + 1;
        Files.writeString(doc, text.substring(0, afterSeparator) + row + "\n" + text.substring(afterSeparator));
    }

    static Map<String, String> options(String[] args) {
        Map<String, String> opt = new LinkedHashMap<>();
        for (int i = 0; i + 1 < args.length; i += 2) {
            opt.put(args[i].replaceFirst("^--", ""), args[i + 1]);
        }
        for (String required : List.of("gateway", "token", "exchange", "key", "secret")) {
            if (!opt.containsKey(required)) {
                throw new IllegalArgumentException("--" + required + " is required");
            }
        }
        return opt;
    }
}
