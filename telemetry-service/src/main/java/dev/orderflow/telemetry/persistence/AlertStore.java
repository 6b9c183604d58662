package dev.orderflow.telemetry.persistence;

import dev.orderflow.contracts.events.AlertSeverity;
import dev.orderflow.telemetry.domain.AlertEvaluator.AlertChange;
import dev.orderflow.telemetry.domain.AlertEvaluator.ChangeKind;
import dev.orderflow.telemetry.domain.AlertEvaluator.OpenAlert;
import dev.orderflow.telemetry.domain.AlertView;
import dev.orderflow.telemetry.domain.Report;
import java.time.Instant;
import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;
import io.quarkus.panache.common.Page;
import io.quarkus.panache.common.Sort;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.util.List;
import java.util.UUID;

/** Alerts in Postgres: every raise, change and resolution, so a restart forgets no open alert. */
@ApplicationScoped
public class AlertStore implements PanacheRepositoryBase<AlertEntity, UUID> {

    @Transactional
    public void save(AlertChange change) {
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
