package dev.orderflow.gateway.exchange;

import dev.orderflow.gateway.config.GatewayConfig;
import dev.orderflow.gateway.service.ExecutionReports;
import dev.orderflow.platform.exchange.ExchangeConfig;
import dev.orderflow.venue.UserDataStream;
import dev.orderflow.venue.Venue;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.scheduler.Scheduled;
import io.vertx.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.jboss.logging.Logger;

/**
 * The venue's user data stream, while submission and {@code gateway.executions.user-data-stream} are on
 * and an API key is set: its execution reports go to the service layer's {@link ExecutionReports} in
 * arrival order. Checked every 5 s (connect, keep alive); polling open orders stays the fallback.
 */
@ApplicationScoped
public class ExecutionStream {

    private static final Logger LOG = Logger.getLogger(ExecutionStream.class);

    private final ExchangeConfig exchange;
    private final GatewayConfig config;
    private final UserDataStream stream;

    public ExecutionStream(Venue venue, ExchangeConfig exchange, GatewayConfig config, ExecutionReports executions, Vertx vertx,
            MeterRegistry registry) {
        this.exchange = exchange;
        this.config = config;
        this.stream = new UserDataStream(venue, vertx, registry, executions::offer);
    }

    public boolean connected() {
        return stream.connected();
    }

    @Scheduled(every = "5s", delayed = "1s", concurrentExecution = Scheduled.ConcurrentExecution.SKIP,
            skipExecutionIf = Scheduled.ApplicationNotRunning.class)
    void check() {
        if (!config.submission().enabled() || !config.executions().userDataStream() || exchange.apiKey().isEmpty()) {
            return;
        }
        try {
            stream.check(config.executions().keepAliveInterval());
        } catch (RuntimeException e) {
            LOG.warnf("User data stream unavailable (%s); polling covers executions meanwhile", e.getMessage());
        }
    }

    void onStop(@Observes ShutdownEvent event) {
        stream.close();
    }
}
