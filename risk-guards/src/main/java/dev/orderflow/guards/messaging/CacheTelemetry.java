package dev.orderflow.guards.messaging;

import dev.orderflow.contracts.events.CacheSample;
import dev.orderflow.contracts.events.EventEnvelope;
import dev.orderflow.contracts.events.EventType;
import dev.orderflow.guards.GuardMetrics;
import dev.orderflow.platform.config.ServiceConfig;
import dev.orderflow.platform.messaging.CloudEventMessages;
import io.quarkus.scheduler.Scheduled;
import jakarta.inject.Singleton;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAccumulator;
import java.util.concurrent.atomic.LongAdder;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Emitter;
import org.eclipse.microprofile.reactive.messaging.OnOverflow;
import org.jboss.logging.Logger;

/**
 * Publishes the cache's lookups on {@code ops.telemetry} with the guide's event names, cheaply:
 * every CACHE_MISS is published as it happens (misses are rare: at most a burst per symbol per TTL),
 * while hits are counted per symbol and published as one CACHE_HIT per symbol per
 * {@code guards.cache.hit-report-interval} whose {@code lookups} says how many hits it stands for
 * and whose {@code ageMs} is the oldest book served in that interval. Summing {@code lookups} gives
 * the exact hit and miss counts. Publishing never blocks or fails a decision: when the broker is
 * slow the event is dropped and counted.
 */
@Singleton
public class CacheTelemetry {

    private static final Logger LOG = Logger.getLogger(CacheTelemetry.class);

    private record Hits(LongAdder count, LongAccumulator maxAge) {
        Hits() {
            this(new LongAdder(), new LongAccumulator(Math::max, 0));
        }
    }

    private final Emitter<byte[]> emitter;
    private final GuardMetrics metrics;
    private final String source;
    private final String key;
    private final Map<String, Hits> hits = new ConcurrentHashMap<>();

    public CacheTelemetry(@Channel("telemetry") @OnOverflow(value = OnOverflow.Strategy.BUFFER, bufferSize = 4096) Emitter<byte[]> emitter,
            GuardMetrics metrics, ServiceConfig config) {
        this.emitter = emitter;
        this.metrics = metrics;
        this.source = "/" + config.serviceName();
        this.key = config.serviceName();
    }

    public void lookup(String symbol, boolean hit, long ageMs) {
        if (hit) {
            Hits counted = hits.computeIfAbsent(symbol, s -> new Hits());
            counted.count().increment();
            counted.maxAge().accumulate(ageMs);
        } else {
            publish(EventType.CACHE_MISS, new CacheSample(symbol, ageMs, Instant.now(), 1));
        }
    }

    /** Publishes the hits counted since the last report, one event per symbol. */
    @Scheduled(every = "${guards.cache.hit-report-interval:1s}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP,
            skipExecutionIf = Scheduled.ApplicationNotRunning.class)
    public void reportHits() {
        Instant now = Instant.now();
        hits.forEach((symbol, counted) -> {
            long count = counted.count().sumThenReset();
            long maxAge = counted.maxAge().getThenReset();
            if (count > 0) {
                publish(EventType.CACHE_HIT, new CacheSample(symbol, maxAge, now, (int) Math.min(Integer.MAX_VALUE, count)));
            }
        });
    }

    private void publish(EventType type, CacheSample sample) {
        try {
            emitter.send(CloudEventMessages.toMessage(EventEnvelope.of(source, type, sample.symbol(), sample), key));
        } catch (RuntimeException e) {
            metrics.telemetryDropped();
            LOG.debugf("%s for %s not published: %s", type, sample.symbol(), e.getMessage());
        }
    }
}
