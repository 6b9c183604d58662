import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.PrintStream;
import java.math.BigDecimal;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * Load client and invariant checker of deploy/chaos.
 *
 * <pre>
 * java -cp LIBS Chaos.java load     --env FILE --prefix P --seconds N --rate R --out client.csv
 * java -cp LIBS Chaos.java snapshot --env FILE --out baseline.properties
 * java -cp LIBS Chaos.java check    --env FILE --prefix P --client client.csv --baseline baseline.properties
 *                                   [--venue-restarted-at ISO] [--recovered-at ISO] [--report FILE]
 * </pre>
 *
 * The env file (written by deploy/chaos/lib.sh) names the gateway, its token, the exchange and its keys, the
 * gateway's database and the Kafka bootstrap servers.
 *
 * <p>The load: entries on several symbols at a steady rate (MARKET, and every fifth a LIMIT GTC at the touch
 * with a 15 s TTL), an exit for every second entry once the entry filled, each client order id sent again like
 * a strategy would until it is answered 201/200 or refused with a 4xx, for at most 120 s (503 and 429 honour
 * Retry-After; timeouts and refused connections back off from 0.5 to 4 s).
 *
 * <p>The check compares the gateway's orders, transitions and fills (its database), the events on
 * orders.events and the paper exchange's orders, trades and balances, by client order id.
 */
public class Chaos {

    static final ObjectMapper JSON = new ObjectMapper();
    static final List<String> TERMINAL = List.of("FILLED", "CANCELED", "REJECTED", "EXPIRED", "BLOCKED");
    static final Map<String, String> QUANTITY = Map.of("BTCUSDT", "0.0002", "ETHUSDT", "0.003", "SOLUSDT", "0.05");
    static final Map<String, String> BASE = Map.of("BTCUSDT", "BTC", "ETHUSDT", "ETH", "SOLUSDT", "SOL");
    /** The paper exchange's default starting balances (docs/paper-exchange.md), what a restarted venue holds. */
    static final Map<String, String> STARTING = Map.of("BTC", "10", "ETH", "100", "SOL", "1000");

    public static void main(String[] args) throws Exception {
        Map<String, String> opt = options(args);
        Env env = Env.load(Path.of(opt.get("env")));
        int code = switch (args[0]) {
            case "load" -> new Load(env, opt).run();
            case "snapshot" -> snapshot(env, Path.of(opt.get("out")));
            case "check" -> new Check(env, opt).run();
            default -> throw new IllegalArgumentException("unknown command " + args[0]);
        };
        System.exit(code);
    }

    record Env(String gateway, String token, String exchange, String key, String secret, String dbUrl, String dbUser,
            String dbPassword, String kafka) {
        static Env load(Path file) throws IOException {
            Properties p = new Properties();
            try (var in = Files.newInputStream(file)) {
                p.load(in);
            }
            return new Env(p.getProperty("gateway"), p.getProperty("token"), p.getProperty("exchange"), p.getProperty("key"),
                    p.getProperty("secret"), p.getProperty("db.url"), p.getProperty("db.user"), p.getProperty("db.password"),
                    p.getProperty("kafka"));
        }

        Connection db() throws SQLException {
            return DriverManager.getConnection(dbUrl, dbUser, dbPassword);
        }
    }

    // ------------------------------------------------------------------------------------------------ load

    static final class Load {
        final Env env;
        final String prefix;
        final int seconds;
        final double rate;
        final Path out;
        final Path started;
        final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        final Map<String, String[]> touch = new ConcurrentHashMap<>();
        final ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor();
        final AtomicInteger inFlight = new AtomicInteger();
        final List<String> rows = java.util.Collections.synchronizedList(new ArrayList<>());

        Load(Env env, Map<String, String> opt) {
            this.env = env;
            this.prefix = opt.get("prefix");
            this.seconds = Integer.parseInt(opt.getOrDefault("seconds", "60"));
            this.rate = Double.parseDouble(opt.getOrDefault("rate", "5"));
            this.out = Path.of(opt.get("out"));
            this.started = opt.containsKey("started") ? Path.of(opt.get("started")) : null;
        }

        int run() throws Exception {
            List<String> symbols = List.copyOf(new java.util.TreeSet<>(QUANTITY.keySet()));
            AtomicBoolean running = new AtomicBoolean(true);
            Thread prices = Thread.ofVirtual().start(() -> {
                while (running.get()) {
                    for (String s : symbols) {
                        try {
                            JsonNode t = JSON.readTree(get(env.exchange() + "/api/v3/ticker/bookTicker?symbol=" + s).body());
                            touch.put(s, new String[] {t.get("bidPrice").asText(), t.get("askPrice").asText()});
                        } catch (Exception e) {
                            // the venue may be down in this scenario; keep the last prices
                        }
                    }
                    sleep(1000);
                }
            });
            while (touch.size() < symbols.size()) {
                sleep(100);
            }
            if (started != null) {
                Files.writeString(started, Instant.now().toString());
            }
            long start = System.nanoTime();
            long periodNanos = (long) (1e9 / rate);
            int n = 0;
            while (System.nanoTime() - start < seconds * 1_000_000_000L) {
                long due = start + n * periodNanos;
                long wait = due - System.nanoTime();
                if (wait > 0) {
                    TimeUnit.NANOSECONDS.sleep(wait);
                }
                String symbol = symbols.get(n % symbols.size());
                boolean limit = n % 5 == 4;
                boolean withExit = !limit && n % 2 == 0;
                String coid = prefix + "e" + n;
                int index = n;
                inFlight.incrementAndGet();
                pool.submit(() -> {
                    try {
                        entryAndExit(coid, symbol, limit, withExit, index);
                    } finally {
                        inFlight.decrementAndGet();
                    }
                });
                n++;
            }
            System.out.printf("load: %d entries sent over %d s, waiting for %d clients still retrying%n", n, seconds, inFlight.get());
            long deadline = System.nanoTime() + Duration.ofSeconds(150).toNanos();
            while (inFlight.get() > 0 && System.nanoTime() < deadline) {
                sleep(200);
            }
            running.set(false);
            prices.join();
            pool.shutdownNow();
            List<String> copy;
            synchronized (rows) {
                copy = new ArrayList<>(rows);
            }
            Files.write(out, copy, StandardCharsets.UTF_8);
            Map<String, Long> outcomes = new TreeMap<>();
            copy.forEach(r -> outcomes.merge(r.split(",")[4], 1L, Long::sum));
            System.out.println("load: outcomes " + outcomes + (inFlight.get() > 0 ? ", " + inFlight.get() + " still retrying" : ""));
            return 0;
        }

        void entryAndExit(String coid, String symbol, boolean limit, boolean withExit, int n) {
            String[] bidAsk = touch.get(symbol);
            String quantity = QUANTITY.get(symbol);
            String body = limit
                    ? String.format(Locale.ROOT, "{\"clientOrderId\":\"%s\",\"symbol\":\"%s\",\"side\":\"BUY\",\"type\":\"LIMIT\","
                            + "\"quantity\":\"%s\",\"price\":\"%s\",\"timeInForce\":\"GTC\",\"intent\":\"ENTRY\",\"referencePrice\":\"%s\","
                            + "\"ttlSeconds\":15,\"strategyId\":\"chaos\"}", coid, symbol, quantity, bidAsk[0], bidAsk[0])
                    : String.format(Locale.ROOT, "{\"clientOrderId\":\"%s\",\"symbol\":\"%s\",\"side\":\"BUY\",\"type\":\"MARKET\","
                            + "\"quantity\":\"%s\",\"intent\":\"ENTRY\",\"referencePrice\":\"%s\",\"strategyId\":\"chaos\"}",
                            coid, symbol, quantity, bidAsk[1]);
            String outcome = send(coid, symbol, "BUY", "ENTRY", body);
            if (!withExit || !outcome.startsWith("accepted")) {
                return;
            }
            // the exit follows once the entry filled, as a strategy closing its position would
            long until = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (System.nanoTime() < until) {
                sleep(1000);
                String status = status(coid);
                if ("FILLED".equals(status)) {
                    String exit = prefix + "x" + n;
                    send(exit, symbol, "SELL", "EXIT", String.format(Locale.ROOT,
                            "{\"clientOrderId\":\"%s\",\"symbol\":\"%s\",\"side\":\"SELL\",\"type\":\"MARKET\",\"quantity\":\"%s\","
                                    + "\"intent\":\"EXIT\",\"strategyId\":\"chaos\"}", exit, symbol, quantity));
                    return;
                }
                if (status != null && TERMINAL.contains(status)) {
                    return;
                }
            }
        }

        /** Sends one client order id until it is taken or refused for good; one CSV row with the outcome. */
        String send(String coid, String symbol, String side, String intent, String body) {
            Instant first = Instant.now();
            long giveUp = System.nanoTime() + Duration.ofSeconds(120).toNanos();
            long backoff = 500;
            int attempts = 0;
            String outcome;
            int status = -1;
            while (true) {
                attempts++;
                long retryAfterMs = -1;
                try {
                    HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(env.gateway() + "/api/v1/orders"))
                            .timeout(Duration.ofSeconds(10)).header("Authorization", "Bearer " + env.token())
                            .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                            HttpResponse.BodyHandlers.ofString());
                    status = r.statusCode();
                    if (status == 201 || status == 200) {
                        outcome = "accepted";
                        break;
                    }
                    if (status != 503 && status != 429 && status < 500) {
                        outcome = "refused-" + status + problemType(r.body());
                        break;
                    }
                    retryAfterMs = r.headers().firstValue("Retry-After").map(v -> Long.parseLong(v.trim()) * 1000).orElse(-1L);
                } catch (IOException e) {
                    status = -1; // refused connection or timeout: the gateway may be down
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    outcome = "interrupted";
                    break;
                }
                if (System.nanoTime() > giveUp) {
                    outcome = "gave-up-" + status;
                    break;
                }
                sleep(retryAfterMs > 0 ? retryAfterMs : backoff);
                backoff = Math.min(4000, backoff * 2);
            }
            rows.add(String.join(",", coid, symbol, side, intent, outcome, Integer.toString(status), Integer.toString(attempts),
                    first.toString(), Instant.now().toString()));
            return outcome;
        }

        String status(String coid) {
            try {
                HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(env.gateway() + "/api/v1/orders/" + coid))
                        .timeout(Duration.ofSeconds(5)).header("Authorization", "Bearer " + env.token()).build(),
                        HttpResponse.BodyHandlers.ofString());
                return r.statusCode() == 200 ? JSON.readTree(r.body()).path("status").asText(null) : null;
            } catch (Exception e) {
                return null;
            }
        }

        HttpResponse<String> get(String url) throws IOException, InterruptedException {
            return http.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(5)).build(),
                    HttpResponse.BodyHandlers.ofString());
        }

        static String problemType(String body) {
            try {
                String type = JSON.readTree(body).path("type").asText("");
                return type.isEmpty() ? "" : "-" + type.substring(type.lastIndexOf('/') + 1);
            } catch (IOException e) {
                return "";
            }
        }
    }

    // ------------------------------------------------------------------------------------------- snapshot

    /** Gateway positions and exchange balances of the base assets, taken while nothing of the load is in flight. */
    static int snapshot(Env env, Path out) throws Exception {
        Properties p = new Properties();
        Map<String, BigDecimal> positions = positions(env);
        Map<String, BigDecimal> balances = new Venue(env).balances();
        for (String symbol : QUANTITY.keySet()) {
            p.setProperty("position." + symbol, positions.getOrDefault(symbol, BigDecimal.ZERO).toPlainString());
            p.setProperty("balance." + symbol, balances.getOrDefault(BASE.get(symbol), BigDecimal.ZERO).toPlainString());
        }
        p.setProperty("at", Instant.now().toString());
        try (var w = Files.newBufferedWriter(out)) {
            p.store(w, "deploy/chaos baseline");
        }
        return 0;
    }

    /**
     * What one fill moved the account's base asset by, as the exchange books it and the gateway's positions
     * count it: a commission paid in the base asset is taken from what a buy brings and added to what a sell takes.
     */
    static BigDecimal baseMoved(String symbol, String side, BigDecimal quantity, BigDecimal commission, String commissionAsset) {
        BigDecimal fee = commission != null && BASE.get(symbol).equals(commissionAsset) ? commission : BigDecimal.ZERO;
        return side.equals("BUY") ? quantity.subtract(fee) : quantity.add(fee).negate();
    }

    static Map<String, BigDecimal> positions(Env env) throws SQLException {
        Map<String, BigDecimal> positions = new HashMap<>();
        try (Connection c = env.db(); ResultSet rs = c.createStatement().executeQuery("SELECT symbol, quantity FROM gateway.positions")) {
            while (rs.next()) {
                positions.put(rs.getString(1), rs.getBigDecimal(2));
            }
        }
        return positions;
    }

    // ------------------------------------------------------------------------------------------------ venue

    record VenueOrder(long orderId, String coid, String symbol, String status, BigDecimal executed) {}

    record VenueTrade(long orderId, String symbol, BigDecimal qty, BigDecimal commission, String commissionAsset, boolean buyer,
            Instant time) {}

    static final class Venue {
        final Env env;
        final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

        Venue(Env env) {
            this.env = env;
        }

        /** A signed GET; a 429 or 418 is waited out (Retry-After) and asked again, at most 10 times. */
        JsonNode signed(String path, String query) throws Exception {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(env.secret().getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            for (int attempt = 0; ; attempt++) {
                String q = query + (query.isEmpty() ? "" : "&") + "recvWindow=60000&timestamp=" + System.currentTimeMillis();
                String sig = HexFormat.of().formatHex(mac.doFinal(q.getBytes(StandardCharsets.UTF_8)));
                HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(env.exchange() + path + "?" + q + "&signature=" + sig))
                        .timeout(Duration.ofSeconds(10)).header("X-MBX-APIKEY", env.key()).build(), HttpResponse.BodyHandlers.ofString());
                if (r.statusCode() == 200) {
                    return JSON.readTree(r.body());
                }
                if ((r.statusCode() == 429 || r.statusCode() == 418) && attempt < 10) {
                    sleep(r.headers().firstValue("Retry-After").map(Long::parseLong).orElse(5L) * 1000 + 200);
                    continue;
                }
                throw new IllegalStateException(path + " answered " + r.statusCode() + ": " + r.body());
            }
        }

        Map<String, BigDecimal> balances() throws Exception {
            Map<String, BigDecimal> b = new HashMap<>();
            for (JsonNode n : signed("/api/v3/account", "").path("balances")) {
                b.put(n.get("asset").asText(), new BigDecimal(n.get("free").asText()).add(new BigDecimal(n.get("locked").asText())));
            }
            return b;
        }

        List<VenueOrder> orders(String symbol) throws Exception {
            List<VenueOrder> all = new ArrayList<>();
            long from = 0;
            while (true) {
                JsonNode page = signed("/api/v3/allOrders", "symbol=" + symbol + "&limit=1000&orderId=" + from);
                for (JsonNode o : page) {
                    all.add(new VenueOrder(o.get("orderId").asLong(), o.get("clientOrderId").asText(), symbol, o.get("status").asText(),
                            new BigDecimal(o.get("executedQty").asText())));
                }
                if (page.size() < 1000) {
                    return all;
                }
                from = page.get(page.size() - 1).get("orderId").asLong() + 1;
            }
        }

        List<VenueTrade> trades(String symbol) throws Exception {
            List<VenueTrade> all = new ArrayList<>();
            long from = 0;
            while (true) {
                JsonNode page = signed("/api/v3/myTrades", "symbol=" + symbol + "&limit=1000&fromId=" + from);
                for (JsonNode t : page) {
                    all.add(new VenueTrade(t.get("orderId").asLong(), symbol, new BigDecimal(t.get("qty").asText()),
                            new BigDecimal(t.get("commission").asText()), t.get("commissionAsset").asText(), t.get("isBuyer").asBoolean(),
                            Instant.ofEpochMilli(t.get("time").asLong())));
                }
                if (page.size() < 1000) {
                    return all;
                }
                from = page.get(page.size() - 1).get("id").asLong() + 1;
            }
        }
    }

    // ------------------------------------------------------------------------------------------------ check

    record GatewayOrder(String coid, String symbol, String side, String status, String cause, String exchangeOrderId,
            BigDecimal executed, Instant acceptedAt) {}

    static final class Check {
        final Env env;
        final String prefix;
        final Path client;
        final Properties baseline = new Properties();
        final Instant venueRestartedAt;
        final Instant recoveredAt;
        final PrintStream out = System.out;
        final StringBuilder report = new StringBuilder();
        final Map<String, String> opt;

        Check(Env env, Map<String, String> opt) throws IOException {
            this.env = env;
            this.opt = opt;
            this.prefix = opt.get("prefix");
            this.client = Path.of(opt.get("client"));
            try (var in = Files.newBufferedReader(Path.of(opt.get("baseline")))) {
                baseline.load(in);
            }
            this.venueRestartedAt = opt.containsKey("venue-restarted-at") ? Instant.parse(opt.get("venue-restarted-at")) : null;
            this.recoveredAt = opt.containsKey("recovered-at") ? Instant.parse(opt.get("recovered-at")) : null;
        }

        void line(String format, Object... args) {
            String s = String.format(Locale.ROOT, format, args);
            out.println(s);
            report.append(s).append('\n');
        }

        int run() throws Exception {
            // what the strategy was told
            Map<String, String[]> sent = new LinkedHashMap<>();
            for (String row : Files.readAllLines(client)) {
                String[] f = row.split(",");
                sent.put(f[0], f);
            }
            Set<String> accepted = new HashSet<>();
            Map<String, Long> outcomes = new TreeMap<>();
            sent.forEach((coid, f) -> {
                outcomes.merge(f[4], 1L, Long::sum);
                if (f[4].equals("accepted")) {
                    accepted.add(coid);
                }
            });

            // the gateway's orders, transitions and fills
            Map<String, GatewayOrder> orders = new LinkedHashMap<>();
            Map<String, Set<String>> transitions = new HashMap<>();
            Map<String, Instant> submittedAt = new HashMap<>();
            Map<String, Integer> fillRows = new HashMap<>();
            Map<String, BigDecimal> fillSums = new HashMap<>();
            Map<String, BigDecimal> fillsSinceRestart = new HashMap<>();
            try (Connection c = env.db()) {
                try (PreparedStatement s = c.prepareStatement("SELECT client_order_id, symbol, side, status, status_cause, exchange_order_id,"
                        + " executed_quantity, accepted_at FROM gateway.orders WHERE client_order_id LIKE ? ORDER BY id")) {
                    s.setString(1, prefix + "%");
                    try (ResultSet rs = s.executeQuery()) {
                        while (rs.next()) {
                            orders.put(rs.getString(1), new GatewayOrder(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4),
                                    rs.getString(5), rs.getString(6), rs.getBigDecimal(7), rs.getTimestamp(8).toInstant()));
                        }
                    }
                }
                try (PreparedStatement s = c.prepareStatement(
                        "SELECT client_order_id, to_status, at FROM gateway.order_transition WHERE client_order_id LIKE ?")) {
                    s.setString(1, prefix + "%");
                    try (ResultSet rs = s.executeQuery()) {
                        while (rs.next()) {
                            transitions.computeIfAbsent(rs.getString(1), k -> new HashSet<>()).add(rs.getString(2));
                            if (rs.getString(2).equals("SUBMITTING")) {
                                submittedAt.merge(rs.getString(1), rs.getTimestamp(3).toInstant(), (a, b) -> a.isBefore(b) ? a : b);
                            }
                        }
                    }
                }
                try (PreparedStatement s = c.prepareStatement("SELECT f.client_order_id, f.quantity FROM gateway.fills f"
                        + " WHERE f.client_order_id LIKE ?")) {
                    s.setString(1, prefix + "%");
                    try (ResultSet rs = s.executeQuery()) {
                        while (rs.next()) {
                            fillRows.merge(rs.getString(1), 1, Integer::sum);
                            fillSums.merge(rs.getString(1), rs.getBigDecimal(2), BigDecimal::add);
                        }
                    }
                }
                if (venueRestartedAt != null) {
                    try (PreparedStatement s = c.prepareStatement("SELECT f.symbol, o.side, f.quantity, f.commission, f.commission_asset"
                            + " FROM gateway.fills f JOIN gateway.orders o ON o.id = f.order_id WHERE f.executed_at >= ?")) {
                        s.setTimestamp(1, java.sql.Timestamp.from(venueRestartedAt));
                        try (ResultSet rs = s.executeQuery()) {
                            while (rs.next()) {
                                fillsSinceRestart.merge(rs.getString(1), baseMoved(rs.getString(1), rs.getString(2), rs.getBigDecimal(3),
                                        rs.getBigDecimal(4), rs.getString(5)), BigDecimal::add);
                            }
                        }
                    }
                }
            }
            Map<String, BigDecimal> positions = positions(env);

            // the venue's orders, trades and balances
            Venue venue = new Venue(env);
            Map<String, List<VenueOrder>> venueOrders = new HashMap<>();
            Map<Long, String> coidOfOrder = new HashMap<>();
            Map<String, Integer> venueTrades = new HashMap<>();
            Map<String, BigDecimal> baseCommission = new HashMap<>();
            for (String symbol : QUANTITY.keySet()) {
                for (VenueOrder o : venue.orders(symbol)) {
                    if (o.coid().startsWith(prefix)) {
                        venueOrders.computeIfAbsent(o.coid(), k -> new ArrayList<>()).add(o);
                        coidOfOrder.put(o.orderId(), o.coid());
                    }
                }
                Instant since = Instant.parse(baseline.getProperty("at"));
                for (VenueTrade t : venue.trades(symbol)) {
                    String coid = coidOfOrder.get(t.orderId());
                    if (coid != null) {
                        venueTrades.merge(coid, 1, Integer::sum);
                    }
                    if (t.commissionAsset().equals(BASE.get(symbol)) && t.time().isAfter(venueRestartedAt != null ? venueRestartedAt : since)) {
                        baseCommission.merge(symbol, t.commission(), BigDecimal::add);
                    }
                }
            }
            Map<String, BigDecimal> balances = venue.balances();

            // the events on orders.events
            Map<String, Set<String>> events = events(prefix);

            // --- the invariants
            List<String> lost = new ArrayList<>();
            List<String> forgotten = new ArrayList<>();
            for (String coid : accepted) {
                GatewayOrder o = orders.get(coid);
                boolean reachedVenue = o != null && (o.exchangeOrderId() != null || o.executed().signum() > 0);
                if (o == null) {
                    lost.add(coid + " (accepted, not in the gateway)");
                } else if (reachedVenue && !venueOrders.containsKey(coid)) {
                    Instant sub = submittedAt.get(coid);
                    if (venueRestartedAt != null && sub != null && sub.isBefore(venueRestartedAt)) {
                        forgotten.add(coid);
                    } else {
                        lost.add(coid + " (gateway " + o.status() + " with exchange order " + o.exchangeOrderId() + ", none at the exchange)");
                    }
                }
            }
            List<String> orphans = new ArrayList<>();
            venueOrders.keySet().stream().filter(c -> !orders.containsKey(c)).forEach(c -> orphans.add(c + " (at the exchange, unknown to the gateway)"));

            List<String> multiple = new ArrayList<>();
            venueOrders.forEach((coid, list) -> {
                if (list.size() > 1) {
                    multiple.add(coid + " x" + list.size());
                }
            });

            List<String> doubled = new ArrayList<>();
            List<String> missed = new ArrayList<>();
            List<String> unsettled = new ArrayList<>();
            List<String> disagreeing = new ArrayList<>();
            for (GatewayOrder o : orders.values()) {
                List<VenueOrder> vs = venueOrders.getOrDefault(o.coid(), List.of());
                BigDecimal venueExecuted = vs.stream().map(VenueOrder::executed).reduce(BigDecimal.ZERO, BigDecimal::add);
                int gwRows = fillRows.getOrDefault(o.coid(), 0);
                int vRows = venueTrades.getOrDefault(o.coid(), 0);
                boolean forgot = forgotten.contains(o.coid());
                if (!forgot && (o.executed().compareTo(venueExecuted) > 0 || gwRows > vRows
                        || fillSums.getOrDefault(o.coid(), BigDecimal.ZERO).compareTo(o.executed()) != 0)) {
                    doubled.add(o.coid() + " (gateway " + o.executed().stripTrailingZeros().toPlainString() + " in " + gwRows
                            + " fills, exchange " + venueExecuted.stripTrailingZeros().toPlainString() + " in " + vRows + " trades)");
                } else if (!forgot && o.executed().compareTo(venueExecuted) < 0) {
                    missed.add(o.coid() + " (gateway " + o.executed().stripTrailingZeros().toPlainString() + ", exchange "
                            + venueExecuted.stripTrailingZeros().toPlainString() + ")");
                }
                String venueStatus = vs.isEmpty() ? null : vs.get(vs.size() - 1).status();
                boolean agrees = forgot || agrees(o, venueStatus);
                if (!TERMINAL.contains(o.status()) && !agrees) {
                    unsettled.add(o.coid() + " (gateway " + o.status() + ", exchange " + venueStatus + ")");
                } else if (!agrees) {
                    disagreeing.add(o.coid() + " (gateway " + o.status() + " " + o.cause() + ", exchange " + venueStatus + ")");
                }
            }

            List<String> silent = new ArrayList<>();
            transitions.forEach((coid, statuses) -> {
                for (String status : statuses) {
                    String type = eventType(status);
                    if (!events.getOrDefault(coid, Set.of()).contains(type)) {
                        silent.add(coid + " " + status + " (no " + type + ")");
                    }
                }
            });

            List<String> positionDiffs = new ArrayList<>();
            Map<String, String> positionLines = new TreeMap<>();
            for (String symbol : QUANTITY.keySet()) {
                BigDecimal gwDelta;
                BigDecimal venueDelta;
                BigDecimal balance = balances.getOrDefault(BASE.get(symbol), BigDecimal.ZERO);
                if (venueRestartedAt != null) {
                    gwDelta = fillsSinceRestart.getOrDefault(symbol, BigDecimal.ZERO);
                    venueDelta = balance.subtract(new BigDecimal(STARTING.get(BASE.get(symbol))));
                } else {
                    gwDelta = positions.getOrDefault(symbol, BigDecimal.ZERO).subtract(new BigDecimal(baseline.getProperty("position." + symbol)));
                    venueDelta = balance.subtract(new BigDecimal(baseline.getProperty("balance." + symbol)));
                }
                BigDecimal commission = baseCommission.getOrDefault(symbol, BigDecimal.ZERO);
                positionLines.put(symbol, String.format(Locale.ROOT, "%s: gateway %s, exchange %s, base-asset commission %s", symbol,
                        plain(gwDelta), plain(venueDelta), plain(commission)));
                if (gwDelta.compareTo(venueDelta) != 0) {
                    positionDiffs.add(symbol + " (gateway " + plain(gwDelta) + ", exchange " + plain(venueDelta) + ", difference "
                            + plain(gwDelta.subtract(venueDelta)) + ", commission in " + BASE.get(symbol) + " " + plain(commission) + ")");
                }
            }

            // --- the report
            Map<String, Long> statuses = new TreeMap<>();
            orders.values().forEach(o -> statuses.merge(o.status() + (o.status().equals("BLOCKED") && o.cause() != null
                    ? "(" + o.cause().replaceAll("[: ].*", "") + ")" : ""), 1L, Long::sum));
            line("client: %d client order ids sent (%s)", sent.size(), outcomes);
            line("gateway: %d orders (%s), %d at the exchange under %d client order ids", orders.size(), statuses,
                    venueOrders.values().stream().mapToInt(List::size).sum(), venueOrders.size());
            if (venueRestartedAt != null) {
                line("venue restarted at %s: %d orders sent before it are gone from its memory (not counted below)", venueRestartedAt,
                        forgotten.size());
            }
            positionLines.values().forEach(l -> line("position change %s", l));
            // not an invariant (nothing is lost or doubled) but the promise after a restart: an entry sent
            // more than 5 s after every service is ready again gets a decision in time
            List<GatewayOrder> guardTimeouts = orders.values().stream()
                    .filter(o -> o.status().equals("BLOCKED") && o.cause() != null && o.cause().startsWith("GUARD_TIMEOUT")).toList();
            long lateGuardTimeouts = recoveredAt == null ? 0
                    : guardTimeouts.stream().filter(o -> o.acceptedAt().isAfter(recoveredAt.plusSeconds(5))).count();
            long acceptedLate = recoveredAt == null ? 0
                    : orders.values().stream().filter(o -> o.acceptedAt().isAfter(recoveredAt.plusSeconds(5))).count();
            line("guard timeouts: %d entries BLOCKED with GUARD_TIMEOUT; of the %d orders accepted more than 5 s after recovery (%s), %d",
                    guardTimeouts.size(), acceptedLate, recoveredAt == null ? "not given" : recoveredAt, lateGuardTimeouts);
            int failures = 0;
            failures += invariant("accepted orders lost", lost);
            failures += invariant("intents with more than one exchange order", multiple);
            failures += invariant("fills counted twice", doubled);
            failures += invariant("fills missed (exchange executed more than the gateway recorded)", missed);
            failures += invariant("orders neither terminal nor reconciled", unsettled);
            failures += invariant("terminal orders whose status the exchange contradicts", disagreeing);
            failures += invariant("exchange orders the gateway does not know", orphans);
            failures += invariant("stored transitions with no event on orders.events", silent);
            failures += invariant("positions that differ from the exchange's balances", positionDiffs);
            line("COUNTS %s sent=%d accepted=%d lost=%d multiple=%d doubled=%d missed=%d unsettled=%d contradicted=%d unknown=%d silent=%d positions=%d"
                    + " guard_timeouts=%d guard_timeouts_after_recovery=%d",
                    opt.getOrDefault("scenario", "-"), sent.size(), accepted.size(), lost.size(), multiple.size(), doubled.size(), missed.size(),
                    unsettled.size(), disagreeing.size(), orphans.size(), silent.size(), positionDiffs.size(), guardTimeouts.size(),
                    lateGuardTimeouts);
            line("RESULT %s", failures == 0 ? "every invariant holds" : failures + " invariant(s) broken");
            if (opt.containsKey("report")) {
                Files.writeString(Path.of(opt.get("report")), report.toString(), StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING);
            }
            return failures == 0 ? 0 : 1;
        }

        int invariant(String name, List<String> found) {
            line("  %-68s %d%s", name, found.size(), found.isEmpty() ? "" : "   e.g. " + String.join("; ", found.subList(0, Math.min(3, found.size()))));
            return found.isEmpty() ? 0 : 1;
        }

        static boolean agrees(GatewayOrder o, String venueStatus) {
            if (venueStatus == null) {
                // never at the exchange: blocked, rejected, or canceled before it was sent
                return List.of("BLOCKED", "REJECTED", "CANCELED").contains(o.status()) && o.executed().signum() == 0;
            }
            return switch (venueStatus) {
                case "NEW" -> o.status().equals("ACKNOWLEDGED");
                case "PARTIALLY_FILLED" -> o.status().equals("PARTIALLY_FILLED");
                default -> o.status().equals(venueStatus);
            };
        }

        static String eventType(String status) {
            return switch (status) {
                case "PARTIALLY_FILLED" -> "ORDER_PARTIAL";
                case "SUBMITTING" -> "ORDER_SUBMITTED";
                default -> "ORDER_" + status;
            };
        }

        /** Types of the events on orders.events per subject (client order id) with the prefix, read from the beginning. */
        Map<String, Set<String>> events(String prefix) {
            Properties p = new Properties();
            p.put("bootstrap.servers", env.kafka());
            p.put("key.deserializer", StringDeserializer.class.getName());
            p.put("value.deserializer", StringDeserializer.class.getName());
            p.put("enable.auto.commit", "false");
            Map<String, Set<String>> bySubject = new HashMap<>();
            try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(p)) {
                List<TopicPartition> partitions = consumer.partitionsFor("orders.events").stream()
                        .map(i -> new TopicPartition(i.topic(), i.partition())).toList();
                consumer.assign(partitions);
                consumer.seekToBeginning(partitions);
                Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
                long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
                while (partitions.stream().anyMatch(tp -> consumer.position(tp) < end.get(tp)) && System.nanoTime() < deadline) {
                    for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(500))) {
                        String subject = header(r, "ce_subject");
                        if (subject != null && subject.startsWith(prefix)) {
                            bySubject.computeIfAbsent(subject, k -> new HashSet<>()).add(header(r, "ce_type"));
                        }
                    }
                }
            }
            return bySubject;
        }

        static String header(ConsumerRecord<String, String> r, String name) {
            Header h = r.headers().lastHeader(name);
            return h == null ? null : new String(h.value(), StandardCharsets.UTF_8);
        }
    }

    static String plain(BigDecimal d) {
        return d.signum() == 0 ? "0" : d.stripTrailingZeros().toPlainString();
    }

    static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    static Map<String, String> options(String[] args) {
        Map<String, String> opt = new LinkedHashMap<>();
        for (int i = 1; i + 1 < args.length; i += 2) {
            opt.put(args[i].replaceFirst("^--", ""), args[i + 1]);
        }
        return opt;
    }
}
