package dev.orderflow.venue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.orderflow.venue.binance.BinanceSpotClient;
import dev.orderflow.venue.binance.VenueHttp;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Vertx;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketClientOptions;
import io.vertx.core.http.WebSocketConnectOptions;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.jboss.logging.Logger;

/**
 * The venue's user data stream: a listen key from {@link Venue#startUserDataStream()}, kept alive
 * through the venue's limits, and a WebSocket at {@code wsUrl + /ws/<listenKey>} whose execution
 * reports are handed to {@link Reports}, in arrival order. The socket lives on a Vert.x event loop; the
 * reports are handed over on a thread of their own, since applying one writes to a database. Whoever owns
 * it calls {@link #check} periodically: a dropped stream is reconnected there.
 */
public final class UserDataStream implements AutoCloseable {

    /** Where the execution reports go. */
    public interface Reports {

        /**
         * One report, in arrival order. A receiver that has to keep a report back for a while runs
         * {@code offerAgain} when it is ready for it; the report is then offered once more, on the thread
         * that keeps the reports' order.
         */
        void offer(ExecutionReport report, Runnable offerAgain);
    }

    private static final Logger LOG = Logger.getLogger(UserDataStream.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    /** Reports waiting for the report thread beyond which the socket stops reading (TCP pushes back on the venue). */
    private static final int PAUSE_AT = 1_000;
    private static final int RESUME_AT = 100;

    private final Venue venue;
    private final Reports reports;
    private final WebSocketClient sockets;
    private final ExecutorService reportThread = Executors.newSingleThreadExecutor(
            r -> Thread.ofPlatform().name("user-data-stream").daemon().unstarted(r));
    private final AtomicInteger waiting = new AtomicInteger();
    private final Counter received;
    private volatile WebSocket socket;
    private volatile String listenKey;
    private volatile Instant keptAliveAt = Instant.EPOCH;
    private volatile boolean closed;

    public UserDataStream(Venue venue, Vertx vertx, MeterRegistry registry, Reports reports) {
        this.venue = venue;
        this.reports = reports;
        this.sockets = vertx.createWebSocketClient(new WebSocketClientOptions().setConnectTimeout(VenueHttp.CONNECT_TIMEOUT_MS)
                .setMaxMessageSize(1 << 20));
        this.received = Counter.builder("orderflow_execution_reports_total").description("Execution reports read from the user data stream")
                .register(registry);
        Gauge.builder("orderflow_user_data_stream_connected", this, s -> s.connected() ? 1 : 0)
                .description("1 while the user data stream WebSocket is open").register(registry);
    }

    public boolean connected() {
        WebSocket current = socket;
        return current != null && !current.isClosed();
    }

    /**
     * Connects when not connected, and keeps the listen key alive every {@code keepAlive}.
     *
     * @throws VenueUnavailableException when the venue could not be asked or the socket not opened
     */
    public void check(Duration keepAlive) {
        if (closed) {
            return;
        }
        if (!connected()) {
            connect();
        } else if (Instant.now().isAfter(keptAliveAt.plus(keepAlive))) {
            venue.keepAliveUserDataStream(listenKey);
            keptAliveAt = Instant.now();
        }
    }

    private void connect() {
        String key = venue.startUserDataStream();
        String wsUrl = venue.settings().wsUrl();
        WebSocketConnectOptions options = new WebSocketConnectOptions().setAbsoluteURI(wsUrl + "/ws/" + key).setTimeout(5_000);
        WebSocket opened;
        try {
            opened = sockets.connect(options).toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new VenueUnavailableException("interrupted", e);
        } catch (Exception e) {
            throw new VenueUnavailableException("user data stream connect failed: " + e.getClass().getSimpleName(), e);
        }
        opened.textMessageHandler(text -> received(opened, text));
        opened.closeHandler(done -> LOG.warnf("User data stream closed (%s %s); reconnecting on the next check",
                opened.closeStatusCode(), opened.closeReason()));
        opened.exceptionHandler(error -> LOG.warnf("User data stream failed: %s; reconnecting on the next check", error.toString()));
        socket = opened;
        listenKey = key;
        keptAliveAt = Instant.now();
        LOG.infof("User data stream connected to %s", wsUrl);
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
        BinanceSpotClient.parseExecutionReport(message).ifPresent(report -> {
            received.increment();
            offer(report);
        });
    }

    /** Offered here, in arrival order; a report the receiver keeps back comes back to this thread when it asks. */
    private void offer(ExecutionReport report) {
        reports.offer(report, () -> onReportThread(() -> offer(report)));
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

    @Override
    public void close() {
        closed = true;
        reportThread.shutdownNow();
        WebSocket current = socket;
        if (current != null) {
            current.close();
        }
    }
}
