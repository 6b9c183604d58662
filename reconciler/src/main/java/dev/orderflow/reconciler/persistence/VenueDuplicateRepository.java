package dev.orderflow.reconciler.persistence;

import dev.orderflow.contracts.events.ReconciliationFinding;
import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** Venue duplicates reported so far ({@code venue_duplicate}), so that each is counted once. */
@ApplicationScoped
public class VenueDuplicateRepository implements PanacheRepositoryBase<VenueDuplicateEntity, VenueDuplicateEntity.Key> {

    /**
     * Remembers the venue duplicates among these findings; call inside a transaction. Returns the ones
     * reported for the first time (an order found by an earlier run again is not among them). Each is an
     * insert that does nothing on a conflict, so two runs finding one order at once count it once.
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public List<ReconciliationFinding> recordFirstReports(String runId, List<ReconciliationFinding> findings, Instant foundAt) {
        List<ReconciliationFinding> firstReported = new ArrayList<>();
        for (ReconciliationFinding finding : findings) {
            if (!finding.venueDuplicate() || finding.exchangeOrderId() == null) {
                continue;
            }
            int inserted = getEntityManager().createQuery("INSERT INTO VenueDuplicateEntity "
                            + "(symbol, exchangeOrderId, clientOrderId, kind, firstRunId, foundAt) "
                            + "VALUES (:symbol, :exchangeOrderId, :clientOrderId, :kind, :runId, :foundAt) ON CONFLICT DO NOTHING")
                    .setParameter("symbol", finding.symbol()).setParameter("exchangeOrderId", finding.exchangeOrderId())
                    .setParameter("clientOrderId", finding.clientOrderId()).setParameter("kind", finding.kind())
                    .setParameter("runId", runId).setParameter("foundAt", foundAt).executeUpdate();
            if (inserted == 1) {
                firstReported.add(finding);
            }
        }
        return firstReported;
    }
}
