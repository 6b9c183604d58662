package dev.orderflow.platform.persistence;

import dev.orderflow.platform.config.Flags;
import dev.orderflow.platform.config.ServiceConfig;
import io.agroal.api.AgroalDataSource;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import org.jboss.logging.Logger;

/**
 * Records each start of this service with the flags it runs with, so that "which flags were live
 * when this happened" has an answer during a rollout review.
 */
@ApplicationScoped
public class ServiceRunRecorder {

    private static final Logger LOG = Logger.getLogger(ServiceRunRecorder.class);

    private final AgroalDataSource dataSource;
    private final Flags flags;
    private final ServiceConfig config;

    public ServiceRunRecorder(AgroalDataSource dataSource, Flags flags, ServiceConfig config) {
        this.dataSource = dataSource;
        this.flags = flags;
        this.config = config;
    }

    void onStart(@Observes StartupEvent event) {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement insert = connection.prepareStatement(
                        "INSERT INTO service_run (instance, version, flags_hash, master_switch, flags, started_at) VALUES (?, ?, ?, ?, ?, ?)")) {
            insert.setString(1, config.instance());
            insert.setString(2, config.serviceVersion());
            insert.setString(3, flags.values().hash());
            insert.setBoolean(4, flags.values().masterSwitchOn());
            insert.setString(5, flags.values().toString());
            insert.setTimestamp(6, Timestamp.from(Instant.now()));
            insert.executeUpdate();
        } catch (SQLException e) {
            // Start-up goes on: readiness reports the database, and this row is an audit aid only.
            LOG.warnf("Service start not recorded: %s", e.getMessage());
        }
    }
}
