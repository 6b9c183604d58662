package dev.orderflow.reconciler.persistence;

import com.fasterxml.jackson.core.type.TypeReference;
import dev.orderflow.contracts.events.EventJson;
import dev.orderflow.contracts.events.ReconciliationFinding;
import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;
import io.quarkus.panache.common.Page;
import io.quarkus.panache.common.Sort;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.LockModeType;
import jakarta.transaction.Transactional;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** Reconciliation runs ({@code reconciliation_run}). */
@ApplicationScoped
public class RunRepository implements PanacheRepositoryBase<RunEntity, String> {

    private static final TypeReference<List<ReconciliationFinding>> FINDINGS = new TypeReference<>() {
    };

    /** The answer to "may I run this run id?". */
    public sealed interface Claim {
        /** The run is new, or its earlier attempt failed or went stale ({@code again}): run it. */
        record Run(boolean again) implements Claim {
        }

        /** The run ended before: answer with the stored outcome. */
        record Ended(StoredRun run) implements Claim {
        }

        /** Another attempt is under way. */
        record Running(StoredRun run) implements Claim {
        }
    }

    /**
     * Claims a run id; call inside a transaction. A FINISHED run is answered from the store; a FAILED run,
     * or one left STARTED before {@code staleBefore} (its instance died), is run again under the same id.
     * The claim is an insert that does nothing on a conflict, so two instances asked for one run id at
     * once cannot both run it: the second waits for the first's row lock and then sees its claim.
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public Claim claim(String runId, String kind, String requestedBy, Instant now, Instant staleBefore) {
        int inserted = getEntityManager().createQuery("INSERT INTO RunEntity (runId, kind, phase, requestedBy, startedAt) "
                        + "VALUES (:runId, :kind, 'STARTED', :requestedBy, :now) ON CONFLICT DO NOTHING")
                .setParameter("runId", runId).setParameter("kind", kind).setParameter("requestedBy", requestedBy)
                .setParameter("now", now).executeUpdate();
        if (inserted == 1) {
            return new Claim.Run(false);
        }
        RunEntity existing = findById(runId, LockModeType.PESSIMISTIC_WRITE);
        if ("FINISHED".equals(existing.phase)) {
            return new Claim.Ended(stored(existing));
        }
        if ("STARTED".equals(existing.phase) && existing.startedAt.isAfter(staleBefore)) {
            return new Claim.Running(stored(existing));
        }
        existing.phase = "STARTED";
        existing.startedAt = now;
        existing.finishedAt = null;
        existing.error = null;
        existing.resultEventId = null;
        return new Claim.Run(true);
    }

    /** Stores how a run ended; call inside a transaction. */
    @Transactional(Transactional.TxType.MANDATORY)
    public void end(String runId, String phase, Instant finishedAt, List<ReconciliationFinding> findings, int commandsSent,
            String error, String resultEventId) {
        RunEntity run = findById(runId);
        if (run == null) {
            return;
        }
        run.phase = phase;
        run.finishedAt = finishedAt;
        run.findings = new String(EventJson.toBytes(findings), StandardCharsets.UTF_8);
        run.commandsSent = commandsSent;
        run.error = error;
        run.resultEventId = resultEventId;
    }

    @Transactional
    public Optional<StoredRun> find(String runId) {
        return findByIdOptional(runId).map(RunRepository::stored);
    }

    /** The newest runs first. */
    @Transactional
    public List<StoredRun> recent(int limit) {
        return findAll(Sort.descending("startedAt")).page(Page.ofSize(limit)).list().stream().map(RunRepository::stored).toList();
    }

    /** Deletes up to {@code limit} runs that finished before the cut-off (a run under way is kept); returns how many went. */
    @Transactional
    public int purgeFinished(Instant finishedBefore, int limit) {
        List<String> ids = getEntityManager().createQuery(
                        "SELECT r.runId FROM RunEntity r WHERE r.finishedAt < :before ORDER BY r.finishedAt", String.class)
                .setParameter("before", finishedBefore).setMaxResults(limit).getResultList();
        return ids.isEmpty() ? 0 : (int) delete("runId IN ?1", ids);
    }

    private static StoredRun stored(RunEntity run) {
        List<ReconciliationFinding> findings;
        try {
            findings = EventJson.mapper().readValue(run.findings, FINDINGS);
        } catch (IOException e) {
            throw new IllegalStateException("unreadable findings of run " + run.runId + ": " + e.getMessage(), e);
        }
        return new StoredRun(run.runId, run.kind, run.phase, run.requestedBy, run.startedAt, run.finishedAt, findings,
                run.commandsSent, run.error, run.resultEventId);
    }
}
