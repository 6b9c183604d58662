package dev.orderflow.ofctl.client;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.MissingNode;
import dev.orderflow.contracts.events.EventJson;
import dev.orderflow.ofctl.config.Settings;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Collectors;

/** JSON over HTTP to one service, with its bearer token when one is configured. */
public final class ServiceClient {

    private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(10);

    /** For https:// services, made on first use. */
    private static final class Tls {
        static final HttpClient HTTP = builder().build();
    }

    /**
     * For http:// services (the local stack, a port-forward), made on first use. The JDK's client loads the
     * default TLS context, trust store included, when it is built, about a quarter of a second of a command
     * that otherwise starts in half a second; a plain HTTP client never uses it.
     */
    private static final class Plain {
        static final HttpClient HTTP = builder().sslContext(PlainHttpOnly.CONTEXT).build();
    }

    private static HttpClient.Builder builder() {
        return HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).version(HttpClient.Version.HTTP_1_1);
    }

    private HttpClient http() {
        return "https".equalsIgnoreCase(base.getScheme()) ? Tls.HTTP : Plain.HTTP;
    }

    private final Service service;
    private final URI base;
    private final Optional<String> token;

    public ServiceClient(Service service, URI base, Optional<String> token) {
        this.service = service;
        this.base = base;
        this.token = token;
    }

    public static ServiceClient of(Settings settings, Service service) {
        return new ServiceClient(service, settings.url(service.urlKey()), settings.token(service.settingPrefix()));
    }

    public Service service() {
        return service;
    }

    public URI base() {
        return base;
    }

    public Optional<String> token() {
        return token;
    }

    /** An answer of any status; the body is {@link MissingNode} when it is empty or not JSON. */
    public record Answer(int status, JsonNode body, Map<String, java.util.List<String>> headers) {

        public boolean ok() {
            return status >= 200 && status < 300;
        }
    }

    /** The raw text of a GET (Prometheus metrics, for example); fails unless 2xx. */
    public String text(String path) {
        HttpRequest.Builder request = HttpRequest.newBuilder(base.resolve(path)).timeout(REQUEST_TIMEOUT).GET();
        token.ifPresent(t -> request.header("Authorization", "Bearer " + t));
        try {
            HttpResponse<String> response = http().send(request.build(), HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() / 100 != 2) {
                Answer answer = new Answer(response.statusCode(), parse(response.body().getBytes(StandardCharsets.UTF_8)), response.headers().map());
                throw new ServiceException(service.serviceName() + " refused GET " + path + ": " + describe(answer), response.statusCode());
            }
            return response.body();
        } catch (IOException e) {
            throw unreachable(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ServiceException("interrupted", 0);
        }
    }

    /** GET that must succeed (2xx). */
    public JsonNode get(String path) {
        return expectOk("GET", path, send("GET", path, null).join());
    }

    public JsonNode put(String path, Object body) {
        return expectOk("PUT", path, send("PUT", path, body).join());
    }

    public JsonNode post(String path, Object body) {
        return expectOk("POST", path, send("POST", path, body).join());
    }

    public JsonNode delete(String path) {
        return expectOk("DELETE", path, send("DELETE", path, null).join());
    }

    /** Any answer, asynchronously; fails only when the service does not answer. */
    public CompletableFuture<Answer> send(String method, String path, Object body) {
        HttpRequest.Builder request = HttpRequest.newBuilder(base.resolve(path)).timeout(REQUEST_TIMEOUT)
                .header("Accept", "application/json");
        token.ifPresent(t -> request.header("Authorization", "Bearer " + t));
        if (body == null) {
            request.method(method, HttpRequest.BodyPublishers.noBody());
        } else {
            request.header("Content-Type", "application/json")
                    .method(method, HttpRequest.BodyPublishers.ofByteArray(EventJson.toBytes(body)));
        }
        return http().sendAsync(request.build(), HttpResponse.BodyHandlers.ofByteArray())
                .thenApply(response -> new Answer(response.statusCode(), parse(response.body()), response.headers().map()))
                .exceptionallyCompose(e -> CompletableFuture.failedFuture(unreachable(e)));
    }

    private ServiceException unreachable(Throwable e) {
        Throwable cause = e.getCause() != null ? e.getCause() : e;
        String reason = cause.getMessage() == null || cause.getMessage().isBlank() ? cause.getClass().getSimpleName() : cause.getMessage();
        return new ServiceException(service.serviceName() + " at " + base + " did not answer (" + reason + ")", 0);
    }

    private JsonNode expectOk(String method, String path, Answer answer) {
        if (answer.ok()) {
            return answer.body();
        }
        throw new ServiceException(service.serviceName() + " refused " + method + " " + path + ": " + describe(answer), answer.status());
    }

    /** HTTP status with the problem's title, detail and field errors when the body is problem+json. */
    public static String describe(Answer answer) {
        JsonNode body = answer.body();
        StringBuilder text = new StringBuilder("HTTP ").append(answer.status());
        if (body.hasNonNull("title")) {
            text.append(' ').append(body.get("title").asText());
        }
        if (body.hasNonNull("detail")) {
            text.append(": ").append(body.get("detail").asText());
        }
        if (body.has("errors")) {
            body.get("errors").forEach(error -> text.append("; ").append(error.path("field").asText())
                    .append(' ').append(error.path("message").asText()));
        }
        if (answer.status() == 401 || answer.status() == 403) {
            text.append(" (set token, the operator's bearer token: the local stack's is .run/local/tokens/operator)");
        }
        return text.toString();
    }

    private static JsonNode parse(byte[] body) {
        if (body == null || body.length == 0) {
            return MissingNode.getInstance();
        }
        try {
            return EventJson.mapper().readTree(body);
        } catch (IOException e) {
            return MissingNode.getInstance();
        }
    }

    /** The answer of an asynchronous call, or empty when the service did not answer at all. */
    public static Optional<Answer> await(CompletableFuture<Answer> call) {
        try {
            return Optional.of(call.join());
        } catch (java.util.concurrent.CompletionException e) {
            if (e.getCause() instanceof ServiceException) {
                return Optional.empty();
            }
            throw e;
        }
    }

    public static String query(Map<String, ?> parameters) {
        String joined = parameters.entrySet().stream()
                .filter(e -> e.getValue() != null)
                .map(e -> e.getKey() + "=" + URLEncoder.encode(String.valueOf(e.getValue()), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
        return joined.isEmpty() ? "" : "?" + joined;
    }

    public static String encode(String pathSegment) {
        return URLEncoder.encode(pathSegment, StandardCharsets.UTF_8).replace("+", "%20");
    }
}
