package dev.orderflow.gateway.health;

import dev.orderflow.gateway.config.GatewayConfig;
import dev.orderflow.gateway.messaging.outbox.OutboxRelay;
import io.agroal.api.AgroalDataSource;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/** DOWN while the oldest unpublished outbox event is older than {@code gateway.outbox.max-lag}. */
@Readiness
@ApplicationScoped
public class OutboxLagCheck implements HealthCheck {

    private final AgroalDataSource dataSource;
    private final GatewayConfig config;
    private final OutboxRelay relay;

    public OutboxLagCheck(AgroalDataSource dataSource, GatewayConfig config, OutboxRelay relay) {
        this.dataSource = dataSource;
        this.config = config;
        this.relay = relay;
    }

    @Override
    public HealthCheckResponse call() {
        var response = HealthCheckResponse.named("Outbox relay lag").withData("relayRunning", relay.isRunning())
                .withData("maxLagSeconds", config.outbox().maxLag().toSeconds());
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(
                "SELECT count(*), min(created_at) FROM outbox WHERE published_at IS NULL");
                ResultSet rs = ps.executeQuery()) {
            rs.next();
            long pending = rs.getLong(1);
            var oldest = rs.getTimestamp(2);
            Duration lag = oldest == null ? Duration.ZERO : Duration.between(oldest.toInstant(), Instant.now());
            response.withData("pending", pending).withData("lagMillis", Math.max(0, lag.toMillis()));
            return response.status(lag.compareTo(config.outbox().maxLag()) <= 0).build();
        } catch (SQLException e) {
            return response.withData("error", e.getMessage()).down().build();
        }
    }
}
