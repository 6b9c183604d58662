package dev.orderflow.venue.binance;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpVersion;
import io.vertx.core.http.RequestOptions;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * HTTP/1.1 to the venue over keep-alive connections on the application's Vert.x event loops. The
 * calling worker blocks for the answer while an event loop writes the request and reads the answer:
 * one hand-over each way. (The JDK client took a selector thread and an executor thread on top, and
 * was a fifth of the gateway's submission path's CPU.) Never call it on an event loop.
 *
 * <p>What matters for an order is whether the request may have reached the venue: without a
 * connection nothing was sent ({@link NotSentException}); once a connection carried it, a timeout or a
 * drop leaves the outcome unknown ({@link NoAnswerException}). Nothing is retried here.
 */
public final class VenueHttp {

    public static final int CONNECT_TIMEOUT_MS = 2_000;
    private static final int MAX_CONNECTIONS = 32;
    /**
     * An idle connection is closed by this side well before a venue's own idle timeout would close it
     * under a request being written: such a request could not be told apart from one the venue got.
     */
    private static final int KEEP_ALIVE_SECONDS = 20;

    /**
     * The venue's answer.
     *
     * @param retryAfter the Retry-After header, or null
     * @param usedWeight1m the weight the venue counted for this IP in the current minute
     *        ({@code X-MBX-USED-WEIGHT-1M}), or -1
     */
    public record Answer(int status, String retryAfter, int usedWeight1m, String body) {
    }

    /** No connection to the venue could be had: the request was never sent. */
    public static final class NotSentException extends Exception {
        NotSentException(String message) {
            super(message, null, false, false);
        }
    }

    /** The request went out on a connection and no answer came back: the venue may have acted on it. */
    public static final class NoAnswerException extends Exception {
        private final boolean timedOut;

        NoAnswerException(String message, boolean timedOut) {
            super(message, null, false, false);
            this.timedOut = timedOut;
        }

        public boolean timedOut() {
            return timedOut;
        }
    }

    private final HttpClient http;
    private final long timeoutMs;

    public VenueHttp(Vertx vertx, long timeoutMs) {
        this.timeoutMs = timeoutMs;
        this.http = vertx.createHttpClient(new HttpClientOptions().setProtocolVersion(HttpVersion.HTTP_1_1)
                .setKeepAlive(true).setKeepAliveTimeout(KEEP_ALIVE_SECONDS).setConnectTimeout(CONNECT_TIMEOUT_MS)
                .setMaxPoolSize(MAX_CONNECTIONS));
    }

    public long timeoutMs() {
        return timeoutMs;
    }

    /** Sends a request without a body (Binance takes every parameter in the query) and waits for the answer. */
    public Answer send(String method, String url, Map<String, String> headers) throws NotSentException, NoAnswerException {
        RequestOptions options = new RequestOptions().setMethod(HttpMethod.valueOf(method)).setAbsoluteURI(url)
                .setConnectTimeout(CONNECT_TIMEOUT_MS).setIdleTimeout(timeoutMs);
        headers.forEach(options::putHeader);
        AtomicBoolean connected = new AtomicBoolean();
        CompletableFuture<Answer> answer = http.request(options).compose(request -> {
            connected.set(true);
            return request.send().compose(response -> response.body()
                    .map(body -> new Answer(response.statusCode(), response.getHeader("Retry-After"),
                            usedWeight(response.getHeader("X-MBX-USED-WEIGHT-1M")), body.toString(StandardCharsets.UTF_8))));
        }).toCompletionStage().toCompletableFuture();
        try {
            // the idle timeout ends the request on the event loop; this bound only guards against a lost callback
            return answer.get(CONNECT_TIMEOUT_MS + timeoutMs + 1_000, TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause() == null ? e : e.getCause();
            if (!connected.get()) {
                throw new NotSentException("connect failed: " + describe(cause));
            }
            boolean timedOut = cause instanceof TimeoutException || String.valueOf(cause.getMessage()).contains("timeout");
            throw new NoAnswerException(timedOut ? "timeout after " + timeoutMs + " ms" : "connection dropped: " + describe(cause),
                    timedOut);
        } catch (TimeoutException e) {
            throw new NoAnswerException("timeout after " + timeoutMs + " ms", true);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new NoAnswerException("interrupted while waiting for the venue", false);
        }
    }

    private static int usedWeight(String header) {
        if (header == null) {
            return -1;
        }
        try {
            return Integer.parseInt(header.trim());
        } catch (NumberFormatException e) {
            return -1; // a malformed header is not worth failing a request for
        }
    }

    static String describe(Throwable e) {
        return e.getClass().getSimpleName() + (e.getMessage() == null ? "" : " " + e.getMessage());
    }
}
