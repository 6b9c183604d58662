package dev.orderflow.gateway.service;

import dev.orderflow.contracts.events.OrderStatus;
import dev.orderflow.gateway.config.GatewayConfig;
import dev.orderflow.gateway.domain.OrderStateMachine;
import dev.orderflow.gateway.domain.Refusal;
import dev.orderflow.gateway.domain.TradingState;
import dev.orderflow.gateway.persistence.DataAccessException;
import dev.orderflow.gateway.persistence.OrderRepository;
import dev.orderflow.gateway.persistence.StoredOrder;
import dev.orderflow.gateway.persistence.TradingStateRepository;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import org.jboss.logging.Logger;

/**
 * Writes new orders in shared transactions: the orders that arrive while a transaction is being
 * written wait for the next one, so concurrent requests share one commit (one WAL flush), one
 * trading-state read and one transaction instead of each paying for their own. Nothing waits to fill
 * a group: an order that finds a writer idle is written at once, alone.
 *
 * <p>Each order's work runs in the shared transaction in the order of its key (symbol, then client
 * order id), so two groups take their row locks in the same order and cannot deadlock. A work that
 * refuses its order throws {@link Refusal} before writing anything and fails only that order. Any
 * other failure rolls the whole group back and writes each of its orders again in a transaction of
 * its own, so one failing order never fails the others, unless the database is unavailable or an
 * {@link Error} was thrown, which fails them all at once (an Error reaches each caller as it is, and
 * is thrown there). A caller is answered only after its transaction committed.
 *
 * <p>A request whose client order id is known (a strategy's retry, the guide's 100 identical requests) is
 * answered as a replay from the same transaction: its replay and its {@code COID_DUPLICATE} event are
 * written with the group's, so a storm of retries costs a few shared commits, not a transaction and a
 * pooled connection each.
 */
@ApplicationScoped
public class IntakeCommits {

    private static final Logger LOG = Logger.getLogger(IntakeCommits.class);

    /** One new order's part of an intake transaction. */
    public interface NewOrderWork {
        /**
         * The order to insert, decided in the shared transaction before anything of it is written;
         * throws {@link Refusal} to refuse it.
         *
         * @param state the trading state, read once for the transaction
         */
        OrderRepository.NewOrder prepare(TradingState state);

        /** Whether {@link #prepare} reads orders the same transaction wrote before (those are written first). */
        default boolean readsEarlierOrders() {
            return false;
        }

        /** What else the order needs once its row, transition and events are written; the order as stored then. */
        default StoredOrder afterInsert(StoredOrder order) {
            return order;
        }

        /**
         * The order's client order id is known: throws {@link Refusal} when this request may not be answered
         * with that order (other terms, or replays not answered); otherwise it is recorded as a replay.
         */
        default void checkReplay(StoredOrder known) {
        }
    }

    /** An order as written: new, or the known order a replay was answered with (its replay count included). */
    public record Written(StoredOrder order, boolean created) {
    }

    private record Pending(String key, NewOrderWork work, CompletableFuture<Written> answer) {
    }

    private static final Pending STOP = new Pending("", state -> null, new CompletableFuture<>());

    private final TradingStateRepository tradingState;
    private final OrderRepository orders;
    private final EventPublisher events;
    private final GatewayConfig config;
    private final BlockingQueue<Pending> queue = new LinkedBlockingQueue<>();
    private final DistributionSummary groupSize;
    private final Counter rewritten;
    private final List<Thread> writers = new ArrayList<>();
    private volatile boolean running;

    public IntakeCommits(TradingStateRepository tradingState, OrderRepository orders, EventPublisher events, GatewayConfig config,
            MeterRegistry registry) {
        this.tradingState = tradingState;
        this.orders = orders;
        this.events = events;
        this.config = config;
        this.groupSize = DistributionSummary.builder("orderflow_intake_orders_per_commit")
                .description("New orders written by one intake transaction (concurrent requests share a commit)")
                .register(registry);
        this.rewritten = Counter.builder("orderflow_intake_commits_rewritten_total")
                .description("Intake transactions of several orders that failed and were written again, one transaction per order")
                .register(registry);
    }

    void onStart(@Observes StartupEvent event) {
        start();
    }

    void onStop(@Observes ShutdownEvent event) {
        stop();
    }

    synchronized void start() {
        if (running) {
            return;
        }
        running = true;
        for (int i = 0; i < config.intake().writers(); i++) {
            writers.add(Thread.ofPlatform().name("intake-writer-" + i).daemon().start(this::loop));
        }
    }

    synchronized void stop() {
        running = false;
        writers.forEach(writer -> queue.add(STOP));
        for (Thread writer : writers) {
            try {
                writer.join(5_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        writers.clear();
        List<Pending> left = new ArrayList<>();
        queue.drainTo(left);
        left.stream().filter(p -> p != STOP).forEach(p -> p.answer().completeExceptionally(shuttingDown()));
    }

    /**
     * Writes a new order (its row, its ACCEPTED transition and its events) in an intake transaction
     * shared with the orders that arrive meanwhile, or, when its client order id is known, a replay of the
     * known order; returns it as stored once that transaction committed. Throws what refused the order or
     * what failed its transaction.
     *
     * @param key orders are written in the order of their keys within a transaction (symbol, then client order id)
     */
    public Written write(String key, NewOrderWork work) {
        if (!running) {
            throw shuttingDown();
        }
        CompletableFuture<Written> answer = new CompletableFuture<>();
        Pending pending = new Pending(key, work, answer);
        queue.add(pending);
        if (!running && queue.remove(pending)) {
            throw shuttingDown(); // stopped between the check and the add: no writer will take it
        }
        try {
            return answer.get();
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException failure) {
                throw failure;
            }
            if (e.getCause() instanceof Error error) {
                throw error;
            }
            throw new IllegalStateException(e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw shuttingDown();
        }
    }

    private void loop() {
        int maxGroup = config.intake().maxOrdersPerCommit();
        while (running) {
            List<Pending> group = new ArrayList<>();
            try {
                group.add(queue.take());
                queue.drainTo(group, maxGroup - 1);
            } catch (InterruptedException e) {
                continue;
            }
            long stops = group.stream().filter(p -> p == STOP).count();
            group.removeIf(p -> p == STOP);
            if (!group.isEmpty()) {
                group.sort(Comparator.comparing(Pending::key));
                writeGroup(group);
            }
            if (stops > 0) {
                for (long i = 1; i < stops; i++) {
                    queue.add(STOP); // another writer's
                }
                return;
            }
        }
    }

    private void writeGroup(List<Pending> group) {
        Map<Pending, Optional<StoredOrder>> results = new HashMap<>();
        Map<Pending, Written> written = new HashMap<>();
        Map<Pending, Refusal> refusals = new HashMap<>();
        try {
            QuarkusTransaction.requiringNew().run(() -> {
                TradingState state = tradingState.current().state();
                Map<Pending, OrderRepository.NewOrder> prepared = new LinkedHashMap<>();
                Map<Pending, String> clientOrderIds = new HashMap<>();
                List<Pending> known = new ArrayList<>();
                for (Pending pending : group) {
                    if (pending.work().readsEarlierOrders()) {
                        insert(prepared, results);
                    }
                    try {
                        OrderRepository.NewOrder order = pending.work().prepare(state);
                        prepared.put(pending, order);
                        clientOrderIds.put(pending, order.state().clientOrderId());
                    } catch (Refusal refusal) {
                        refusals.put(pending, refusal);
                    }
                }
                insert(prepared, results);
                results.forEach((pending, order) -> {
                    if (order.isPresent()) {
                        written.put(pending, new Written(order.get(), true));
                    } else {
                        known.add(pending);
                    }
                });
                replay(known, clientOrderIds, written, refusals);
            });
        } catch (Error error) {
            failWithError(group, error);
            return;
        } catch (RuntimeException failure) {
            Error error = errorIn(failure);
            if (error != null) {
                failWithError(group, error); // the transaction manager wrapped it
                return;
            }
            DataAccessException dataAccess = DataAccessException.in(failure);
            if (group.size() == 1 || dataAccess != null && dataAccess.databaseUnavailable()) {
                // without a database, writing the orders one by one would only fail each again, one after the other
                group.forEach(pending -> pending.answer().completeExceptionally(failure));
                return;
            }
            rewritten.increment();
            LOG.warnf("An intake transaction of %d orders failed (%s); writing each on its own", group.size(), failure.getMessage());
            group.forEach(pending -> writeGroup(List.of(pending)));
            return;
        }
        groupSize.record(written.values().stream().filter(Written::created).count());
        written.forEach((pending, order) -> pending.answer().complete(order));
        refusals.forEach((pending, refusal) -> pending.answer().completeExceptionally(refusal));
    }

    /**
     * Answers the requests whose client order ids are known with those orders, recording a replay and a
     * {@code COID_DUPLICATE} event for each one that may be answered so; a request the order's work
     * refuses (other terms) is refused and leaves nothing.
     */
    private void replay(List<Pending> known, Map<Pending, String> clientOrderIds, Map<Pending, Written> written,
            Map<Pending, Refusal> refusals) {
        if (known.isEmpty()) {
            return;
        }
        Map<String, StoredOrder> orders = this.orders.findAll(known.stream().map(clientOrderIds::get).toList());
        List<Pending> replays = new ArrayList<>();
        for (Pending pending : known) {
            StoredOrder order = orders.get(clientOrderIds.get(pending));
            if (order == null) {
                // an insert that conflicted on a row purged since: the group is written again, each on its own
                throw new IllegalStateException("order " + clientOrderIds.get(pending) + " neither inserted nor found");
            }
            try {
                pending.work().checkReplay(order);
                replays.add(pending);
            } catch (Refusal refusal) {
                refusals.put(pending, refusal);
            }
        }
        if (replays.isEmpty()) {
            return;
        }
        Map<String, Long> counts = this.orders.recordReplays(replays.stream().map(clientOrderIds::get).toList());
        // replays of one order in this group take the counts up to its total, in the group's order
        Map<String, Long> given = new HashMap<>();
        replays.forEach(p -> given.merge(clientOrderIds.get(p), 1L, Long::sum));
        Instant now = Instant.now();
        List<EventPublisher.OrderEvents> announced = new ArrayList<>();
        for (Pending pending : replays) {
            String coid = clientOrderIds.get(pending);
            long count = counts.get(coid) - given.merge(coid, -1L, Long::sum);
            StoredOrder order = orders.get(coid).withReplayCount(count);
            written.put(pending, new Written(order, false));
            announced.add(new EventPublisher.OrderEvents(order.state().symbol(), coid,
                    List.of(OrderStateMachine.replayedEvent(order.state(), count, now))));
        }
        events.publishAll(announced);
    }

    /**
     * An Error (out of memory, a broken class) says nothing about any one order, so none is written again
     * in a process that should not go on; each caller gets the Error itself, on its own thread, and throws it.
     */
    private static void failWithError(List<Pending> group, Error error) {
        group.forEach(pending -> pending.answer().completeExceptionally(error));
    }

    private static Error errorIn(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof Error error) {
                return error;
            }
        }
        return null;
    }

    /** Writes the prepared orders, their transitions and their events, a statement each, and empties {@code prepared}. */
    private void insert(Map<Pending, OrderRepository.NewOrder> prepared, Map<Pending, Optional<StoredOrder>> results) {
        if (prepared.isEmpty()) {
            return;
        }
        Map<String, StoredOrder> inserted = orders.insertAllIfAbsent(List.copyOf(prepared.values()));
        List<OrderRepository.NewTransition> transitions = new ArrayList<>();
        List<EventPublisher.OrderEvents> announced = new ArrayList<>();
        prepared.forEach((pending, order) -> {
            StoredOrder stored = inserted.remove(order.state().clientOrderId()); // a second copy in the group is a replay
            results.put(pending, Optional.ofNullable(stored));
            if (stored != null) {
                transitions.add(new OrderRepository.NewTransition(stored.id(), stored.clientOrderId(), null, OrderStatus.ACCEPTED,
                        order.cause(), order.state().acceptedAt()));
                announced.add(new EventPublisher.OrderEvents(order.state().symbol(), order.state().clientOrderId(),
                        OrderStateMachine.acceptedEvents(order.state(), order.cause(), order.ttlSeconds())));
            }
        });
        if (!transitions.isEmpty()) {
            orders.insertTransitions(transitions);
            events.publishAll(announced);
        }
        prepared.forEach((pending, order) -> results.get(pending).ifPresent(stored ->
                results.put(pending, Optional.of(pending.work().afterInsert(stored)))));
        prepared.clear();
    }

    private Refusal shuttingDown() {
        return Refusal.unavailable("shutting-down", "The gateway is shutting down; retry on another instance",
                config.retryAfterSeconds());
    }
}
