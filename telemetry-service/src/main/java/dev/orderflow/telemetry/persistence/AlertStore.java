package dev.orderflow.telemetry.persistence;

import dev.orderflow.contracts.events.Alert;
import dev.orderflow.contracts.events.AlertSeverity;
import dev.orderflow.contracts.events.EventEnvelope;
import dev.orderflow.contracts.events.EventJson;
import dev.orderflow.contracts.events.EventType;
import dev.orderflow.telemetry.domain.AlertEvaluator.AlertChange;
import dev.orderflow.telemetry.domain.AlertEvaluator.ChangeKind;
import dev.orderflow.telemetry.domain.AlertEvaluator.OpenAlert;
import dev.orderflow.telemetry.domain.AlertView;
import dev.orderflow.telemetry.domain.Report;
import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;
import io.quarkus.panache.common.Page;
import io.quarkus.panache.common.Sort;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** Alerts in Postgres: every raise, change and resolution, so a restart forgets no open alert. */
@ApplicationScoped
public class AlertStore implements PanacheRepositoryBase<AlertEntity, UUID> {

    /**
     * Stores the change and, in the same transaction, its event for ops.alerts (sent by
     * {@link dev.orderflow.telemetry.messaging.AlertMonitor} until the broker acknowledges it).
     */
    @Transactional
    public void save(AlertChange change, EventEnvelope<Alert> event) {
        UUID id = UUID.fromString(change.alertId());
        AlertEntity row = findById(id);
        if (row == null) {
            row = new AlertEntity();
            row.alertId = id;
            row.rule = change.rule().name();
            row.subject = change.subject();
            row.metric = change.rule().metric();
            row.unit = change.rule().unit();
            row.action = change.rule().action();
            row.raisedAt = change.raisedAt();
        }
        row.severity = change.severity().name();
        row.observed = change.observed();
        row.threshold = change.threshold();
        row.message = change.message();
        row.updatedAt = change.at();
        if (change.kind() == ChangeKind.RESOLVED) {
            row.resolvedAt = change.at();
        }
        persist(row);
        flush(); // the event row refers to the alert row: insert that first, whatever order Hibernate prefers
        AlertEventEntity outbox = new AlertEventEntity();
        outbox.eventId = UUID.fromString(event.id());
        outbox.alertId = id;
        outbox.subject = event.subject();
        outbox.payload = new String(EventJson.toBytes(event.data()), StandardCharsets.UTF_8);
        outbox.createdAt = event.time();
        getEntityManager().persist(outbox);
    }

    /** Alert events the broker has not acknowledged yet, oldest first, as they were first built (same ids). */
    @Transactional
    public List<EventEnvelope<Alert>> unpublished(String source, int limit) {
        return getEntityManager().createQuery("FROM AlertEventEntity e WHERE e.publishedAt IS NULL ORDER BY e.createdAt, e.eventId",
                        AlertEventEntity.class).setMaxResults(limit).getResultList().stream()
                .map(e -> new EventEnvelope<>(e.eventId.toString(), source, EventType.ALERT, e.createdAt, e.subject,
                        EventType.SCHEMA_VERSION, EventJson.fromBytes(e.payload.getBytes(StandardCharsets.UTF_8), Alert.class)))
                .toList();
    }

    @Transactional
    public void published(String eventId, Instant at) {
        getEntityManager().createQuery("UPDATE AlertEventEntity e SET e.publishedAt = :at WHERE e.eventId = :id")
                .setParameter("at", at).setParameter("id", UUID.fromString(eventId)).executeUpdate();
    }

    /** Forgets acknowledged events older than {@code before}: the alert rows keep the history. */
    @Transactional
    public int forgetPublishedBefore(Instant before) {
        return getEntityManager().createQuery("DELETE FROM AlertEventEntity e WHERE e.publishedAt IS NOT NULL AND e.publishedAt < :before")
                .setParameter("before", before).executeUpdate();
    }

    @Transactional
    public List<OpenAlert> openForRestore() {
        return list("resolvedAt is null").stream()
                .map(row -> new OpenAlert(row.alertId.toString(), row.rule, row.subject, AlertSeverity.valueOf(row.severity), row.raisedAt,
                        row.observed))
                .toList();
    }

    @Transactional
    public List<AlertView> open() {
        return find("resolvedAt is null", Sort.by("raisedAt").descending()).list().stream().map(AlertStore::view).toList();
    }

    @Transactional
    public List<AlertView> recentlyResolved(int limit) {
        if (limit == 0) {
            return List.of();
        }
        return find("resolvedAt is not null", Sort.by("resolvedAt").descending()).page(Page.ofSize(limit)).list().stream()
                .map(AlertStore::view).toList();
    }

    /** Alerts raised in [from, to), counted by rule and their last severity (an escalation is not a new alert). */
    @Transactional
    public List<Report.AlertCount> raised(Instant from, Instant to) {
        return getEntityManager().createQuery(
                        "SELECT a.rule, a.severity, count(a) FROM AlertEntity a WHERE a.raisedAt >= :from AND a.raisedAt < :to"
                                + " GROUP BY a.rule, a.severity ORDER BY a.rule, a.severity", Object[].class)
                .setParameter("from", from).setParameter("to", to).getResultList().stream()
                .map(row -> new Report.AlertCount((String) row[0], (String) row[1], (Long) row[2])).toList();
    }

    private static AlertView view(AlertEntity row) {
        return new AlertView(row.alertId.toString(), row.rule, row.subject, row.metric, AlertSeverity.valueOf(row.severity),
                row.resolvedAt == null, row.observed, row.threshold, row.unit, row.action, row.message, row.raisedAt,
                row.updatedAt, row.resolvedAt);
    }
}
