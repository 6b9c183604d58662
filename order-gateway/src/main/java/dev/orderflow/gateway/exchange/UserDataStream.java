package dev.orderflow.gateway.exchange;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.orderflow.gateway.config.GatewayConfig;
import dev.orderflow.gateway.service.ExecutionReports;
import dev.orderflow.platform.exchange.ExchangeConfig;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.scheduler.Scheduled;
import io.vertx.core.Vertx;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketClientOptions;
import io.vertx.core.http.WebSocketConnectOptions;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Instant;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.jboss.logging.Logger;

/**
 * The exchange's user data stream: a listen key from {@code POST /api/v3/userDataStream}, kept alive
 * with {@code PUT}, and a WebSocket at {@code exchange.ws-url + /ws/<listenKey>} whose
 * {@code executionReport} messages are offered to the service layer's {@link ExecutionReports}, in
 * arrival order (fills are keyed by trade id, so repeated or reordered reports change nothing). The socket
 * lives on a Vert.x event loop; the reports are applied on a thread of their own, since applying one
 * writes to Postgres. Polling open orders stays the fallback: a dropped stream is reconnected by the
 * next check.
 */
@ApplicationScoped
public class UserDataStream {

    private static final Logger LOG = Logger.getLogger(UserDataStream.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    /** Reports waiting for the report thread beyond which the socket stops reading (TCP pushes back on the venue). */
    private static final int PAUSE_AT = 1_000;
    private static final int RESUME_AT = 100;

    private final VenueGate venue;
    private final ExchangeConfig exchange;
    private final GatewayConfig config;
    private final ExecutionReports executions;
    private final WebSocketClient sockets;
    private final ExecutorService reportThread = Executors.newSingleThreadExecutor(
            r -> Thread.ofPlatform().name("user-data-stream").daemon().unstarted(r));
    private final AtomicInteger waiting = new AtomicInteger();
    private final Counter reports;
    private volatile WebSocket socket;
    private volatile String listenKey;
    private volatile Instant keptAliveAt = Instant.EPOCH;
    private volatile boolean stopped;

    public UserDataStream(VenueGate venue, ExchangeConfig exchange, GatewayConfig config, ExecutionReports executions, Vertx vertx,
            MeterRegistry registry) {
        this.venue = venue;
        this.sockets = vertx.createWebSocketClient(new WebSocketClientOptions().setConnectTimeout(ExchangeHttp.CONNECT_TIMEOUT_MS)
                .setMaxMessageSize(1 << 20));
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
        return current != null && !current.isClosed();
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
                venue.keepAliveUserDataStream(listenKey);
                keptAliveAt = Instant.now();
            }
        } catch (RuntimeException e) {
            LOG.warnf("User data stream unavailable (%s); polling covers executions meanwhile", e.getMessage());
        }
    }

    private void connect() {
        String key = venue.startUserDataStream();
        WebSocketConnectOptions options = new WebSocketConnectOptions()
                .setAbsoluteURI(exchange.wsUrl().replaceAll("/+$", "") + "/ws/" + key).setTimeout(5_000);
        WebSocket opened;
        try {
            opened = sockets.connect(options).toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ExchangeUnavailableException("interrupted", e);
        } catch (Exception e) {
            throw new ExchangeUnavailableException("user data stream connect failed: " + e.getClass().getSimpleName(), e);
        }
        opened.textMessageHandler(text -> received(opened, text));
        opened.closeHandler(closed -> LOG.warnf("User data stream closed (%s %s); reconnecting on the next check",
                opened.closeStatusCode(), opened.closeReason()));
        opened.exceptionHandler(error -> LOG.warnf("User data stream failed: %s; reconnecting on the next check", error.toString()));
        socket = opened;
        listenKey = key;
        keptAliveAt = Instant.now();
        LOG.infof("User data stream connected to %s", exchange.wsUrl());
    }

    /**
     * On the event loop: hands the message to the report thread, which keeps the arrival order. While
     * too many wait, the socket stops reading, so a burst queues at the venue instead of in this heap.
     */
    private void received(WebSocket from, String text) {
        if (waiting.incrementAndGet() == PAUSE_AT) {
            from.pause();
        }
        onReportThread(() -> {
            try {
                onMessage(text);
            } finally {
                if (waiting.decrementAndGet() == RESUME_AT) {
                    from.resume();
                }
            }
        });
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
        apply(message);
    }

    /**
     * Offered here, in arrival order; a report the service layer keeps until an answer in flight is
     * recorded comes back to this thread after it.
     */
    private void apply(JsonNode report) {
        executions.offer(report, () -> onReportThread(() -> apply(report)));
    }

    private void onReportThread(Runnable task) {
        try {
            reportThread.execute(() -> {
                try {
                    task.run();
                } catch (RuntimeException e) {
                    LOG.warnf("Execution report not applied: %s", e.getMessage());
                }
            });
        } catch (RejectedExecutionException e) {
            LOG.debug("Execution report dropped at shutdown; polling and reconciliation cover it");
        }
    }

    void onStop(@Observes ShutdownEvent event) {
        stopped = true;
        reportThread.shutdownNow();
        WebSocket current = socket;
        if (current != null) {
            current.close();
        }
    }
}
