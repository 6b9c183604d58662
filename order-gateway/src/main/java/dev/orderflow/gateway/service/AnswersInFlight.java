package dev.orderflow.gateway.service;

import dev.orderflow.venue.VenueOrder;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Predicate;

/**
 * This instance's submissions waiting for the exchange's answer, and the answers recorded lately.
 *
 * <p>The exchange sends its execution reports while it answers a submission, so they usually arrive
 * while the answer is still on its way. Applied then, they would record the acknowledgement and the
 * fills in transactions of their own, racing the answer for the order's row, and the answer would
 * then find nothing left to record: three locking transactions for what one says. A report for an
 * order in flight therefore waits for the answer to be recorded, and is dropped when the answer
 * already says what it says; anything else it reports is applied as usual.
 */
@ApplicationScoped
public class AnswersInFlight {

    /** What to do with an execution report. */
    public enum Verdict {
        /** No answer of this instance covers it: apply it. */
        APPLY,
        /** The recorded answer already says it: drop it. */
        COVERED,
        /** The answer is on its way: the report has been queued and is handed back once it is recorded. */
        WAITING
    }

    private static final class Entry {
        private final long sentNanos = System.nanoTime();
        private final List<Runnable> waiting = new ArrayList<>();
        private boolean answered;
        private VenueOrder answer;
        private long answeredNanos;
    }

    private final Map<String, Entry> entries = new ConcurrentHashMap<>();

    /** A submission of the order is about to leave. */
    public void sending(String clientOrderId) {
        entries.put(clientOrderId, new Entry());
    }

    /**
     * The submission's answer has been recorded, or there is none usable ({@code answer} null: a
     * timeout, a rejection, a failure to record it); the reports that waited for it are handed back, in
     * arrival order.
     */
    public void answered(String clientOrderId, VenueOrder answer) {
        Entry entry = entries.get(clientOrderId);
        if (entry == null) {
            return;
        }
        List<Runnable> handBack;
        synchronized (entry) {
            entry.answered = true;
            entry.answer = answer;
            entry.answeredNanos = System.nanoTime();
            handBack = List.copyOf(entry.waiting);
            entry.waiting.clear();
        }
        handBack.forEach(Runnable::run);
    }

    /**
     * The verdict on a report of the order: {@code covered} tells whether a recorded answer says what the
     * report says; {@code retry} is run once the answer is recorded when the verdict is {@link Verdict#WAITING}.
     */
    public Verdict check(String clientOrderId, Predicate<VenueOrder> covered, Runnable retry) {
        Entry entry = entries.get(clientOrderId);
        if (entry == null) {
            return Verdict.APPLY;
        }
        synchronized (entry) {
            if (!entry.answered) {
                entry.waiting.add(retry);
                return Verdict.WAITING;
            }
            return entry.answer != null && covered.test(entry.answer) ? Verdict.COVERED : Verdict.APPLY;
        }
    }

    /**
     * Forgets answers recorded longer than {@code age} ago. A submission still unanswered after
     * {@code stuck} (its worker died) hands its waiting reports back to be applied as usual.
     */
    public void expire(Duration age, Duration stuck) {
        long now = System.nanoTime();
        entries.forEach((coid, entry) -> {
            boolean hung;
            synchronized (entry) {
                if (entry.answered && now - entry.answeredNanos > age.toNanos()) {
                    entries.remove(coid, entry);
                    return;
                }
                hung = !entry.answered && now - entry.sentNanos > stuck.toNanos();
            }
            if (hung) {
                answered(coid, null);
            }
        });
    }

    /** Submissions in flight and answers kept. */
    public int size() {
        return entries.size();
    }
}
