package dev.orderflow.gateway.exchange;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.orderflow.gateway.config.GatewayConfig;
import dev.orderflow.gateway.service.ExecutionTracker;
import dev.orderflow.platform.exchange.ExchangeConfig;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import org.jboss.logging.Logger;

/**
 * The exchange's user data stream: a listen key from {@code POST /api/v3/userDataStream}, kept alive
 * with {@code PUT}, and a WebSocket at {@code exchange.ws-url + /ws/<listenKey>} whose
 * {@code executionReport} messages go to {@link ExecutionTracker#onExecutionReport}, in arrival
 * order (fills are keyed by trade id, so repeated or reordered reports change nothing). Polling
 * open orders stays the fallback: a dropped stream is reconnected by the next check.
 */
@ApplicationScoped
public class UserDataStream {

    private static final Logger LOG = Logger.getLogger(UserDataStream.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final BinanceSpotClient client;
    private final ExchangeConfig exchange;
    private final GatewayConfig config;
    private final ExecutionTracker executions;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private final Counter reports;
    private volatile WebSocket socket;
    private volatile String listenKey;
    private volatile Instant keptAliveAt = Instant.EPOCH;
    private volatile boolean stopped;

    public UserDataStream(BinanceSpotClient client, ExchangeConfig exchange, GatewayConfig config, ExecutionTracker executions,
            MeterRegistry registry) {
        this.client = client;
        this.exchange = exchange;
        this.config = config;
        this.executions = executions;
        this.reports = Counter.builder("orderflow_execution_reports_total").description("Execution reports read from the user data stream")
                .register(registry);
        Gauge.builder("orderflow_user_data_stream_connected", this, s -> s.connected() ? 1 : 0)
                .description("1 while the user data stream WebSocket is open").register(registry);
    }

    public boolean connected() {
        WebSocket current = socket;
        return current != null && !current.isInputClosed() && !current.isOutputClosed();
    }

    /** Connects when not connected, and keeps the listen key alive. */
    @Scheduled(every = "5s", delayed = "1s", concurrentExecution = Scheduled.ConcurrentExecution.SKIP,
            skipExecutionIf = Scheduled.ApplicationNotRunning.class)
    void check() {
        if (stopped || !config.submission().enabled() || !config.executions().userDataStream() || exchange.apiKey().isEmpty()) {
            return;
        }
        try {
            if (!connected()) {
                connect();
            } else if (Instant.now().isAfter(keptAliveAt.plus(config.executions().keepAliveInterval()))) {
                client.keepAliveUserDataStream(listenKey);
                keptAliveAt = Instant.now();
            }
        } catch (RuntimeException e) {
            LOG.warnf("User data stream unavailable (%s); polling covers executions meanwhile", e.getMessage());
        }
    }

    private void connect() {
        String key = client.startUserDataStream();
        URI uri = URI.create(exchange.wsUrl().replaceAll("/+$", "") + "/ws/" + key);
        try {
            socket = http.newWebSocketBuilder().connectTimeout(Duration.ofSeconds(5))
                    .buildAsync(uri, new Listener()).get(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new ExchangeUnavailableException("user data stream connect failed: " + e.getClass().getSimpleName(), e);
        }
        listenKey = key;
        keptAliveAt = Instant.now();
        LOG.infof("User data stream connected to %s", exchange.wsUrl());
    }

    void onMessage(String text) {
        JsonNode message;
        try {
            message = JSON.readTree(text);
        } catch (Exception e) {
            LOG.warnf("Unreadable user data stream message ignored: %s", e.getMessage());
            return;
        }
        if (message.has("data") && message.has("stream")) {
            message = message.get("data"); // combined stream envelope
        }
        if (!"executionReport".equals(message.path("e").asText())) {
            return;
        }
        reports.increment();
        // applied here, in arrival order; the order row lock serialises this with the submission worker
        executions.onExecutionReport(message);
    }

    void onStop(@Observes ShutdownEvent event) {
        stopped = true;
        WebSocket current = socket;
        if (current != null) {
            current.abort();
        }
    }

    private final class Listener implements WebSocket.Listener {
        private final StringBuilder partial = new StringBuilder();

        @Override
        public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
            partial.append(data);
            if (last) {
                String text = partial.toString();
                partial.setLength(0);
                try {
                    onMessage(text);
                } catch (RuntimeException e) {
                    LOG.warnf("Execution report not applied: %s", e.getMessage());
                }
            }
            webSocket.request(1);
            return CompletableFuture.completedFuture(null);
        }

        @Override
        public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
            LOG.warnf("User data stream closed (%d %s); reconnecting on the next check", statusCode, reason);
            return null;
        }

        @Override
        public void onError(WebSocket webSocket, Throwable error) {
            LOG.warnf("User data stream failed: %s; reconnecting on the next check", error.toString());
        }
    }
}
