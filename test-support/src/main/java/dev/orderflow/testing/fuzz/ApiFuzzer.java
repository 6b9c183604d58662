package dev.orderflow.testing.fuzz;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.orderflow.testing.fuzz.Endpoint.Choice;
import dev.orderflow.testing.fuzz.Endpoint.Decimal;
import dev.orderflow.testing.fuzz.Endpoint.ErrorShape;
import dev.orderflow.testing.fuzz.Endpoint.Field;
import dev.orderflow.testing.fuzz.Endpoint.Whole;
import java.io.IOException;
import java.math.BigDecimal;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.function.Predicate;

/**
 * Sends many mutated requests to a running service and checks every answer: never 5xx, never unanswered
 * within the timeout, every 4xx in the endpoint's error shape and naming a reason. Each request is made
 * from its own {@link Random} seeded with the run's seed and the request's index, so a failure printed as
 * {@code seed=S request=I} is sent again alone with {@code -Dfuzz.seed=S -Dfuzz.only=I}.
 *
 * <p>Properties: {@code fuzz.seed} (a number, or {@code random}), {@code fuzz.requests} (count per service),
 * {@code fuzz.only} (one request index).
 */
public final class ApiFuzzer {

    /** The seed the tests use unless told otherwise: the same requests on every run, so a failure is a regression. */
    public static final long DEFAULT_SEED = 19;
    public static final int DEFAULT_REQUESTS = 10_000;

    /** In an example body, replaced by the request's index: a fresh identifier per request, so its rows can be traced. */
    public static final String INDEX = "{n}";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final String[] BAD_CONTENT_TYPES = { "text/plain", "application/xml", "application/x-www-form-urlencoded",
        "multipart/form-data; boundary=x", "application/json; charset=ebcdic", "a/b;;;=", "application/problem+json", "*/*", "" };
    private static final String[] BAD_ACCEPTS = { "text/html", "application/xml", "image/png", "text/plain;q=0", "*/;", "application/*;q=x",
        "text/event-stream", "application/json;q=0", "garbage", "application/json, text/html;q=0.1" };
    private static final String[] ODD_METHODS = { "PATCH", "OPTIONS", "TRACE", "FOO", "PUT", "POST", "DELETE", "GET", "HEAD" };
    private static final String[] ODD_TEXT = { "", " ", "\u0000", "a\u0000b", "\t\r\n", "\u202Eevil", "\uD83D\uDE80\uD83D\uDE80", "\u00e9t\u00e9",
        "\uFEFF", "\\u0000", "'; DROP TABLE orders; --", "../../etc/passwd", "%00", "${jndi:ldap://x}", "<script>", "null", "\u0007\u001b[31m",
        "\uD800", "\uFFFF", "\u4e2d\u6587", "x".repeat(300) };
    private static final String[] ODD_NUMBERS = { "0", "-0", "-1", "-0.00000001", "1e309", "-1e309", "1e-400", "NaN", "Infinity", "-Infinity",
        "99999999999999999999999999999999999999", "0.000000000000000000000000000000000000001", "1E+2147483647", "1e-2147483648", "0x10",
        "1_000", "+1", ".5", "5.", "1,5", "9223372036854775808", "-9223372036854775809", "2147483648", "1." + "0".repeat(5000) + "1" };
    private static final String[] ODD_SEGMENTS = { "%00", "a%00b", "%2F", "..", "%2e%2e", "%20", "%E2%80%AE", "%F0%9F%9A%80", "%C3%A9",
        "%FF%FE", "%C0%AF", "x".repeat(2000), "%25", "a;b=c", "%0d%0aSet-Cookie:x", "%5C", "~", "0", "-1", "null" };

    private final URI base;
    private final List<Endpoint> endpoints;
    private final long seed;
    private final int requests;
    private final Integer only;
    private final Duration timeout;
    private HttpClient client;

    private ApiFuzzer(URI base, List<Endpoint> endpoints, long seed, int requests, Integer only, Duration timeout) {
        this.base = base;
        this.endpoints = List.copyOf(endpoints);
        this.seed = seed;
        this.requests = requests;
        this.only = only;
        this.timeout = timeout;
        this.client = newClient();
    }

    private HttpClient newClient() {
        return HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(timeout).build();
    }

    /** A fuzzer over the endpoints of the service at {@code base}, seed and count from the system properties. */
    public static ApiFuzzer of(URI base, List<Endpoint> endpoints) {
        String seedProperty = System.getProperty("fuzz.seed", String.valueOf(DEFAULT_SEED));
        long seed = seedProperty.equals("random") ? new Random().nextLong() : Long.parseLong(seedProperty);
        int requests = Integer.getInteger("fuzz.requests", DEFAULT_REQUESTS);
        Integer only = Integer.getInteger("fuzz.only");
        return new ApiFuzzer(base, endpoints, seed, requests, only, Duration.ofSeconds(15));
    }

    public static ApiFuzzer of(URI base, List<Endpoint> endpoints, long seed, int requests) {
        return new ApiFuzzer(base, endpoints, seed, requests, null, Duration.ofSeconds(15));
    }

    /** One request as sent. */
    public record Request(int index, Endpoint endpoint, String mutation, String method, String target, Map<String, String> headers,
            byte[] body) {

        @Override
        public String toString() {
            StringBuilder s = new StringBuilder().append(method).append(' ').append(abbreviate(target, 300));
            headers.forEach((k, v) -> s.append("\n  ").append(k).append(": ").append(abbreviate(v, 200)));
            if (body != null) {
                s.append("\n  body (").append(body.length).append(" bytes): ")
                        .append(abbreviate(new String(body, StandardCharsets.UTF_8), 400));
            }
            return s.toString();
        }
    }

    /** The answer to one request; status 0 when none came. */
    public record Answer(int status, String contentType, String body, String failure) {
    }

    /** One request and its answer. */
    public record Exchange(Request request, Answer answer) {
    }

    /** A broken promise: the request, its answer, and what is wrong with it. */
    public record Finding(long seed, Exchange exchange, String problem) {

        @Override
        public String toString() {
            Answer a = exchange.answer();
            return "seed=" + seed + " request=" + exchange.request().index() + " [" + exchange.request().endpoint() + ", "
                    + exchange.request().mutation() + "]: " + problem + "\n" + exchange.request()
                    + "\n  -> " + (a.status() == 0 ? "no answer: " + a.failure()
                            : a.status() + " " + a.contentType() + " " + abbreviate(a.body(), 400));
        }
    }

    /** Everything a run saw. */
    public record Report(long seed, List<Exchange> exchanges, List<Finding> findings, Duration took) {

        public long count(Predicate<Exchange> which) {
            return exchanges.stream().filter(which).count();
        }

        /** How many answers had each status. */
        public Map<Integer, Long> statuses() {
            Map<Integer, Long> counts = new TreeMap<>();
            exchanges.forEach(e -> counts.merge(e.answer().status(), 1L, Long::sum));
            return counts;
        }

        /** Findings grouped by endpoint, kind of mutation and problem, one example of each in full, for an assertion message. */
        public String describe() {
            StringBuilder s = new StringBuilder().append(findings.size()).append(" of ").append(exchanges.size())
                    .append(" requests broke a promise (seed=").append(seed).append(", statuses ").append(statuses()).append("):\n");
            Map<String, List<Finding>> groups = new TreeMap<>();
            findings.forEach(f -> groups.computeIfAbsent(f.exchange().request().endpoint() + " | "
                    + f.exchange().request().mutation().replaceAll("[0-9]+", "N") + " | " + f.problem(), k -> new ArrayList<>()).add(f));
            groups.forEach((group, members) -> s.append(members.size()).append(" x ").append(group).append('\n'));
            s.append('\n');
            groups.values().stream().limit(40).forEach(members -> s.append(members.getFirst()).append("\n\n"));
            return s.toString();
        }

        @Override
        public String toString() {
            return exchanges.size() + " requests, seed " + seed + ", " + took.toMillis() + " ms, statuses " + statuses();
        }
    }

    public long seed() {
        return seed;
    }

    /** Sends every request, one after the other, and checks each answer. */
    public Report run() {
        long start = System.nanoTime();
        List<Exchange> exchanges = new ArrayList<>();
        List<Finding> findings = new ArrayList<>();
        for (int i = 0; i < requests; i++) {
            if (only != null && only != i) {
                continue;
            }
            Request request = request(i);
            Answer answer = send(request);
            if (refusedByDecoder(answer)) {
                // the server closed the connection without saying so; a new client does not reuse it
                client.close();
                client = newClient();
            }
            Exchange exchange = new Exchange(request, answer);
            exchanges.add(exchange);
            String problem = check(exchange);
            if (problem != null) {
                findings.add(new Finding(seed, exchange, problem));
            }
        }
        return new Report(seed, exchanges, findings, Duration.ofNanos(System.nanoTime() - start));
    }

    /** Request {@code index} of this seed, the same every time. */
    public Request request(int index) {
        Random random = new Random(seed * 1_000_003L + index);
        Endpoint endpoint = pickEndpoint(random);
        Draft draft = new Draft(endpoint, index);
        String mutation = mutate(draft, random);
        return new Request(index, endpoint, mutation, draft.method, draft.target(), draft.headers, draft.bodyBytes());
    }

    private Endpoint pickEndpoint(Random random) {
        if (endpoints.stream().allMatch(e -> e.weight() == endpoints.getFirst().weight())) {
            return endpoints.get(random.nextInt(endpoints.size()));
        }
        int n = random.nextInt(endpoints.stream().mapToInt(Endpoint::weight).sum());
        for (Endpoint e : endpoints) {
            n -= e.weight();
            if (n < 0) {
                return e;
            }
        }
        throw new IllegalStateException("weights changed while picking");
    }

    /** The request being built: starts valid, then mutated. */
    private static final class Draft {
        final Endpoint endpoint;
        String method;
        final Map<String, String> segments = new LinkedHashMap<>();
        final Map<String, String> query = new LinkedHashMap<>();
        String path;
        final Map<String, String> headers = new LinkedHashMap<>();
        JsonNode body;
        String rawBody;

        Draft(Endpoint endpoint, int index) {
            this.endpoint = endpoint;
            this.method = endpoint.method();
            this.path = endpoint.path();
            endpoint.pathValues().forEach((name, value) -> segments.put(name, encode(value)));
            if (endpoint.token() != null) {
                headers.put("Authorization", "Bearer " + endpoint.token());
            }
            headers.put("Accept", "application/json");
            if (endpoint.body() != null) {
                headers.put("Content-Type", "application/json");
                try {
                    body = JSON.readTree(endpoint.body().replace(INDEX, String.valueOf(index)));
                } catch (IOException e) {
                    throw new IllegalArgumentException("the example body of " + endpoint + " is not JSON", e);
                }
            }
        }

        String target() {
            String p = path;
            for (var segment : segments.entrySet()) {
                p = p.replace("{" + segment.getKey() + "}", segment.getValue());
            }
            if (query.isEmpty()) {
                return p;
            }
            StringBuilder q = new StringBuilder();
            query.forEach((k, v) -> q.append(q.isEmpty() ? "?" : "&").append(encode(k)).append('=').append(v));
            return p + q;
        }

        byte[] bodyBytes() {
            if (rawBody != null) {
                return rawBody.getBytes(StandardCharsets.UTF_8);
            }
            return body == null ? null : body.toString().getBytes(StandardCharsets.UTF_8);
        }

        ObjectNode object() {
            if (body instanceof ObjectNode object) {
                return object;
            }
            ObjectNode fresh = NODES.objectNode();
            body = fresh;
            headers.putIfAbsent("Content-Type", "application/json");
            return fresh;
        }
    }

    private String mutate(Draft d, Random r) {
        Endpoint e = d.endpoint;
        boolean hasBody = e.body() != null;
        boolean hasFields = !e.fields().isEmpty();
        boolean hasQuery = !e.query().isEmpty();
        boolean hasSegments = !e.pathValues().isEmpty();
        int roll = r.nextInt(100);
        if (roll < 12 && hasFields) {
            return fieldValue(d, r);
        }
        if (roll < 20 && hasFields) {
            String field = pick(r, List.copyOf(e.fields().keySet()));
            d.object().remove(field);
            return "missing field " + field;
        }
        if (roll < 24) {
            String name = pick(r, List.of("extra", "__proto__", "clientOrderId ", "", "\u0000", "a".repeat(1000)));
            d.object().set(name, pick(r, List.of(NODES.textNode("x"), NODES.numberNode(1), NODES.nullNode(), NODES.arrayNode())));
            return "extra field";
        }
        if (roll < 34 && (hasBody || r.nextBoolean())) {
            d.headers.put("Content-Type", "application/json");
            d.rawBody = malformedJson(d, r);
            return "malformed JSON";
        }
        if (roll < 40 && hasFields) {
            String field = pick(r, List.copyOf(e.fields().keySet()));
            d.object().set(field, wrongType(e.fields().get(field), r));
            return "wrong type for " + field;
        }
        if (roll < 44 && hasBody) {
            d.body = pick(r, List.of(NODES.arrayNode(), NODES.textNode("order"), NODES.numberNode(1), NODES.nullNode(), NODES.booleanNode(true),
                    NODES.arrayNode().add(JSON.valueToTree(d.body))));
            return "wrong body shape";
        }
        if (roll < 50 && hasQuery) {
            String name = pick(r, List.copyOf(e.query().keySet()));
            d.query.put(name, encode(oddValue(e.query().get(name), r)));
            return "query " + name;
        }
        if (roll < 56 && hasSegments) {
            String name = pick(r, List.copyOf(e.pathValues().keySet()));
            d.segments.put(name, r.nextBoolean() ? pick(r, List.of(ODD_SEGMENTS)) : encode(pick(r, List.of(ODD_TEXT))));
            return "path segment " + name;
        }
        if (roll < 62) {
            return token(d, r);
        }
        if (roll < 66) {
            String type = pick(r, List.of(BAD_CONTENT_TYPES));
            if (type.isEmpty()) {
                d.headers.remove("Content-Type");
            } else {
                d.headers.put("Content-Type", type);
            }
            if (d.body == null && d.rawBody == null) {
                d.rawBody = "{\"a\":1}";
            }
            return "content type " + type;
        }
        if (roll < 70) {
            d.headers.put("Accept", pick(r, List.of(BAD_ACCEPTS)));
            return "accept " + d.headers.get("Accept");
        }
        if (roll < 74) {
            d.method = pick(r, List.of(ODD_METHODS));
            return "method " + d.method;
        }
        if (roll < 78) {
            d.path = unknownPath(d.path, r);
            return "unknown path";
        }
        if (roll < 81) {
            int size = r.nextInt(1, 64) * 1024;
            d.headers.put(pick(r, List.of("X-Fuzz", "Idempotency-Key", "User-Agent", "Cookie", "Accept-Language")), "h".repeat(size));
            return "huge header " + size / 1024 + " KB";
        }
        if (roll < 83) {
            for (int i = 0; i < r.nextInt(50, 300); i++) {
                d.headers.put("X-Fuzz-" + i, "v" + i);
            }
            return "many headers";
        }
        if (roll < 84) {
            d.headers.put("X-Fuzz", pick(r, List.of("\u00e9\u00ff\u00a0", "caf\u00e9", "\u0080\u0081")));
            return "latin-1 header";
        }
        if (roll < 86) {
            int megabytes = r.nextInt(1, 6);
            d.headers.put("Content-Type", r.nextBoolean() ? "application/json" : "text/plain");
            if (hasFields && r.nextBoolean()) {
                d.object().put(pick(r, List.copyOf(e.fields().keySet())), "x".repeat(megabytes * 1024 * 1024));
            } else {
                d.rawBody = "[" + "1,".repeat(megabytes * 512 * 1024) + "1]";
            }
            return "huge body " + megabytes + " MB";
        }
        if (roll < 88) {
            d.path = d.path + "/" + "p".repeat(r.nextInt(3_000, 20_000));
            return "huge path";
        }
        if (roll < 90) {
            d.query.put("q" + r.nextInt(10), "v".repeat(r.nextInt(3_000, 20_000)));
            return "huge query";
        }
        if (roll < 95 && hasBody) {
            d.rawBody = "";
            return "empty body";
        }
        if (hasFields) {
            return fieldValue(d, r);
        }
        return "as described";
    }

    private static String fieldValue(Draft d, Random r) {
        Endpoint e = d.endpoint;
        String field = pick(r, List.copyOf(e.fields().keySet()));
        Field kind = e.fields().get(field);
        JsonNode value = switch (kind) {
            case Decimal decimal -> r.nextInt(3) == 0 ? offTick(decimal, d.body == null ? null : d.body.get(field), r)
                    : oddNumber(r);
            case Whole whole -> oddNumber(r);
            case Choice choice -> NODES.textNode(pick(r, List.of("", "buy", choice.values().getFirst().toLowerCase(Locale.ROOT),
                    choice.values().getFirst() + " ", "\u0000", "UNKNOWN", "1")));
            default -> NODES.textNode(pick(r, List.of(ODD_TEXT)));
        };
        d.object().set(field, value);
        return "value of " + field;
    }

    /** A number that is valid except for one digit more than the tick or step allows. */
    private static JsonNode offTick(Decimal decimal, JsonNode example, Random r) {
        BigDecimal base = example != null && example.isValueNode() ? new BigDecimal(example.asText("1")) : BigDecimal.ONE;
        BigDecimal tick = new BigDecimal(decimal.tick());
        BigDecimal off = base.add(tick.movePointLeft(r.nextInt(1, 4)));
        return r.nextBoolean() ? NODES.textNode(off.toPlainString()) : NODES.numberNode(off);
    }

    private static JsonNode oddNumber(Random r) {
        String n = pick(r, List.of(ODD_NUMBERS));
        if (r.nextBoolean()) {
            return NODES.textNode(n);
        }
        try {
            return NODES.numberNode(new BigDecimal(n));
        } catch (NumberFormatException e) {
            return NODES.textNode(n);
        }
    }

    private static String oddValue(Field kind, Random r) {
        return switch (kind) {
            case Decimal d -> pick(r, List.of(ODD_NUMBERS));
            case Whole w -> pick(r, List.of(ODD_NUMBERS));
            default -> pick(r, List.of(ODD_TEXT));
        };
    }

    private static JsonNode wrongType(Field kind, Random r) {
        List<JsonNode> candidates = new ArrayList<>(List.of(NODES.booleanNode(true), NODES.arrayNode().add(1), NODES.objectNode().put("a", 1),
                NODES.nullNode()));
        candidates.add(kind instanceof Endpoint.Text || kind instanceof Choice ? NODES.numberNode(12.5) : NODES.textNode("twelve"));
        return pick(r, candidates);
    }

    private static String malformedJson(Draft d, Random r) {
        String valid = d.body == null ? "{\"a\":1}" : d.body.toString();
        return switch (r.nextInt(10)) {
            case 0 -> valid.substring(0, r.nextInt(Math.max(1, valid.length())));
            case 1 -> valid + "}";
            case 2 -> valid.replaceFirst("\"", "'");
            case 3 -> valid.replace(":", "=");
            case 4 -> "{".repeat(r.nextInt(100, 5_000));
            case 5 -> "[".repeat(r.nextInt(100, 5_000)) + "]".repeat(r.nextInt(100, 5_000));
            case 6 -> valid.replace("\"", "\\\"");
            case 7 -> new String(randomBytes(r, r.nextInt(1, 200)), StandardCharsets.ISO_8859_1);
            case 8 -> valid + valid;
            default -> "{\"a\":1,}";
        };
    }

    private String token(Draft d, Random r) {
        String which = pick(r, List.of("none", "empty bearer", "unknown", "basic", "wrong scope", "lower-case scheme", "huge", "two tokens"));
        switch (which) {
            case "none" -> d.headers.remove("Authorization");
            case "empty bearer" -> d.headers.put("Authorization", "Bearer ");
            case "unknown" -> d.headers.put("Authorization", "Bearer expired-or-revoked-" + r.nextInt(1000));
            case "basic" -> d.headers.put("Authorization", "Basic dXNlcjpwYXNz");
            case "wrong scope" -> {
                if (d.endpoint.wrongScopeToken() != null) {
                    d.headers.put("Authorization", "Bearer " + d.endpoint.wrongScopeToken());
                } else {
                    d.headers.remove("Authorization");
                }
            }
            case "lower-case scheme" -> d.headers.computeIfPresent("Authorization", (k, v) -> v.toLowerCase(Locale.ROOT));
            case "huge" -> d.headers.put("Authorization", "Bearer " + "t".repeat(r.nextInt(1_000, 16_000)));
            default -> d.headers.put("Authorization", d.headers.getOrDefault("Authorization", "Bearer a") + ", Bearer other");
        }
        return "token " + which;
    }

    private static String unknownPath(String path, Random r) {
        return switch (r.nextInt(5)) {
            case 0 -> path + "/unknown";
            case 1 -> "/api/v9/" + r.nextInt(100);
            case 2 -> path.replace("/api/", "/API/");
            case 3 -> "/q/" + pick(r, List.of("nothing", "health/../flags", "metrics/x", "openapi.exe", "dev"));
            default -> path + "//" + "%2e%2e/" + "x";
        };
    }

    private Answer send(Request request) {
        HttpRequest http;
        try {
            HttpRequest.Builder builder = HttpRequest.newBuilder(base.resolve(request.target()))
                    .timeout(timeout)
                    .method(request.method(), request.body() == null ? HttpRequest.BodyPublishers.noBody()
                            : HttpRequest.BodyPublishers.ofByteArray(request.body()));
            request.headers().forEach(builder::header);
            http = builder.build();
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException("the fuzzer made a request the HTTP client cannot send: " + request, e);
        }
        try {
            HttpResponse<byte[]> response = client.send(http, HttpResponse.BodyHandlers.ofByteArray());
            return new Answer(response.statusCode(), response.headers().firstValue("Content-Type").orElse(""),
                    new String(response.body(), StandardCharsets.UTF_8), null);
        } catch (HttpTimeoutException e) {
            return new Answer(0, "", "", "no answer within " + timeout.toSeconds() + " s");
        } catch (IOException e) {
            return new Answer(0, "", "", e.getClass().getSimpleName() + ": " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** What is wrong with an answer, or null. */
    static String check(Exchange exchange) {
        Answer a = exchange.answer();
        Request request = exchange.request();
        if (a.status() == 0) {
            return "not answered";
        }
        if (a.status() >= 500) {
            return "answered " + a.status();
        }
        if (a.status() < 400 || request.method().equals("HEAD") || refusedByDecoder(a)) {
            return null;
        }
        boolean binance = request.endpoint().errors() == ErrorShape.BINANCE;
        JsonNode body;
        try {
            body = JSON.readTree(a.body());
        } catch (IOException e) {
            body = null;
        }
        if (body == null || !body.isObject()) {
            return a.status() + " without a JSON body";
        }
        if (binance && a.contentType().startsWith("application/json") && body.path("code").isIntegralNumber()
                && !body.path("msg").asText().isBlank()) {
            return null;
        }
        if (!a.contentType().startsWith("application/problem+json")) {
            return a.status() + " with Content-Type '" + a.contentType() + "'" + (binance ? ", not Binance's error shape" : "");
        }
        if (body.path("status").asInt() != a.status()) {
            return "problem status " + body.path("status") + " differs from " + a.status();
        }
        if (body.path("detail").asText().isBlank() || body.path("type").asText().isBlank()) {
            return "problem without a type or detail";
        }
        return null;
    }

    /**
     * A request line or header block over the HTTP decoder's limits ({@code quarkus.http.limits.max-initial-line-length},
     * {@code max-header-size}): Vert.x answers 414 or 431 with no body and closes the connection before any route
     * runs, and no service code can shape that answer. Accepted as it is; docs/reliability.md says so.
     */
    static boolean refusedByDecoder(Answer a) {
        return (a.status() == 414 || a.status() == 431) && a.body().isEmpty();
    }

    private static byte[] randomBytes(Random r, int n) {
        byte[] bytes = new byte[n];
        r.nextBytes(bytes);
        return bytes;
    }

    private static <T> T pick(Random r, List<T> values) {
        return values.get(r.nextInt(values.size()));
    }

    static String encode(String raw) {
        StringBuilder s = new StringBuilder();
        for (byte b : raw.getBytes(StandardCharsets.UTF_8)) {
            int c = b & 0xff;
            if (Character.isLetterOrDigit(c) && c < 128 || "-._~".indexOf(c) >= 0) {
                s.append((char) c);
            } else {
                s.append('%').append(String.format("%02X", c));
            }
        }
        return s.toString();
    }

    private static String abbreviate(String s, int max) {
        if (s == null) {
            return "";
        }
        String visible = s.replace("\u0000", "\\u0000");
        return visible.length() <= max ? visible : visible.substring(0, max) + "... (" + s.length() + " chars)";
    }
}
