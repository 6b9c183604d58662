package dev.orderflow.ofctl.dashboard;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.MissingNode;
import dev.orderflow.contracts.events.EventJson;
import dev.orderflow.ofctl.client.ServiceClient;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Telemetry's dashboard stream ({@code GET /api/v1/dashboard/stream}, server-sent events, one frame per
 * {@code data:} event) read on a thread of its own. When the stream ends, fails or is refused, it says so
 * and connects again after a pause that doubles up to {@link #MAX_BACKOFF}, and back to
 * {@link #FIRST_BACKOFF} once a frame came through.
 */
public final class DashboardFeed implements AutoCloseable {

    static final Duration FIRST_BACKOFF = Duration.ofSeconds(1);
    static final Duration MAX_BACKOFF = Duration.ofSeconds(15);

    /** What the feed reports to the screen. */
    public sealed interface Event permits Frame, Away {
    }

    /** A frame as telemetry sent it. */
    public record Frame(JsonNode frame) implements Event {
    }

    /** No stream since {@code since}: why, and when the next attempt is. */
    public record Away(Instant since, String reason, Instant nextAttempt) implements Event {
    }

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2))
            .version(HttpClient.Version.HTTP_1_1).build();
    private final ServiceClient telemetry;
    private final Consumer<Event> events;
    private final Clock clock;
    private final Object lock = new Object();
    private volatile boolean closed;
    private InputStream current;
    private Thread thread;

    public DashboardFeed(ServiceClient telemetry, Consumer<Event> events, Clock clock) {
        this.telemetry = telemetry;
        this.events = events;
        this.clock = clock;
    }

    public void start() {
        thread = Thread.ofPlatform().daemon().name("ofctl-dashboard-feed").start(this::run);
    }

    /** Drops the current connection (one that stopped sending, for example); the feed connects again. */
    public void reconnect() {
        synchronized (lock) {
            closeQuietly(current);
        }
    }

    @Override
    public void close() {
        closed = true;
        reconnect();
        if (thread != null) {
            thread.interrupt();
        }
    }

    private void run() {
        Duration backoff = FIRST_BACKOFF;
        Instant awaySince = null;
        while (!closed) {
            String reason;
            try {
                boolean gotFrame = stream();
                reason = "the stream ended";
                if (gotFrame) {
                    backoff = FIRST_BACKOFF;
                    awaySince = null;
                }
            } catch (Refused e) {
                reason = e.getMessage();
            } catch (IOException e) {
                reason = "telemetry-service at " + telemetry.base() + " did not answer (" + describe(e) + ")";
            } catch (InterruptedException e) {
                return;
            }
            if (closed) {
                return;
            }
            Instant now = clock.instant();
            if (awaySince == null) {
                awaySince = now;
            }
            events.accept(new Away(awaySince, reason, now.plus(backoff)));
            try {
                Thread.sleep(backoff);
            } catch (InterruptedException e) {
                return;
            }
            backoff = backoff.multipliedBy(2).compareTo(MAX_BACKOFF) > 0 ? MAX_BACKOFF : backoff.multipliedBy(2);
        }
    }

    /** Reads one connection until it ends; true when at least one frame came through it. */
    private boolean stream() throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(telemetry.base().resolve("/api/v1/dashboard/stream"))
                .header("Accept", "text/event-stream").GET();
        telemetry.token().ifPresent(t -> request.header("Authorization", "Bearer " + t));
        HttpResponse<InputStream> response = http.send(request.build(), HttpResponse.BodyHandlers.ofInputStream());
        if (response.statusCode() != 200) {
            byte[] body;
            try (InputStream in = response.body()) {
                body = in.readNBytes(64 * 1024);
            }
            throw new Refused("telemetry-service refused the dashboard stream: "
                    + ServiceClient.describe(new ServiceClient.Answer(response.statusCode(), parse(body), Map.of())));
        }
        synchronized (lock) {
            if (closed) {
                closeQuietly(response.body());
                return false;
            }
            current = response.body();
        }
        boolean gotFrame = false;
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(response.body(), StandardCharsets.UTF_8))) {
            StringBuilder data = new StringBuilder();
            String line;
            while ((line = reader.readLine()) != null) {
                if (line.isEmpty()) {
                    if (!data.isEmpty()) {
                        Optional<JsonNode> frame = frame(data.toString());
                        data.setLength(0);
                        if (frame.isPresent()) {
                            gotFrame = true;
                            events.accept(new Frame(frame.get()));
                        }
                    }
                } else if (line.startsWith("data:")) {
                    if (!data.isEmpty()) {
                        data.append('\n');
                    }
                    data.append(line.startsWith("data: ") ? line.substring(6) : line.substring(5));
                }
                // other fields (event:, id:, retry:) and comments (:) carry nothing the dashboard uses
            }
        } catch (IOException e) {
            if (!gotFrame) {
                throw e;
            }
        } finally {
            synchronized (lock) {
                current = null;
            }
        }
        return gotFrame;
    }

    static Optional<JsonNode> frame(String data) {
        try {
            JsonNode node = EventJson.mapper().reader().with(com.fasterxml.jackson.databind.DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
                    .readTree(data);
            return node != null && node.isObject() ? Optional.of(node) : Optional.empty();
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    private static JsonNode parse(byte[] body) {
        try {
            JsonNode node = EventJson.mapper().readTree(body);
            return node == null ? MissingNode.getInstance() : node;
        } catch (IOException e) {
            return MissingNode.getInstance();
        }
    }

    private static String describe(Throwable e) {
        if (e instanceof java.net.ConnectException) {
            return "connection refused";
        }
        Throwable cause = e;
        while (cause.getCause() != null && (cause.getMessage() == null || cause.getMessage().isBlank())) {
            cause = cause.getCause();
        }
        return cause.getMessage() == null || cause.getMessage().isBlank() ? cause.getClass().getSimpleName() : cause.getMessage();
    }

    private static void closeQuietly(InputStream in) {
        if (in != null) {
            try {
                in.close();
            } catch (IOException e) {
                // closing is all that was wanted
            }
        }
    }

    /** Telemetry answered, but not with the stream: the feed is off, the token wrong. */
    private static final class Refused extends IOException {
        Refused(String message) {
            super(message);
        }
    }
}
