package dev.orderflow.reconciler.persistence;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.IdClass;
import jakarta.persistence.Table;
import java.io.Serializable;
import java.time.Instant;

/** A row of {@code venue_duplicate}: an order at the exchange that no accepted request asked for, reported once. */
@Entity
@Table(name = "venue_duplicate")
@IdClass(VenueDuplicateEntity.Key.class)
public class VenueDuplicateEntity {

    @Id
    public String symbol;

    @Id
    @Column(name = "exchange_order_id")
    public String exchangeOrderId;

    @Column(name = "client_order_id")
    public String clientOrderId;

    @Column(nullable = false)
    public String kind;

    @Column(name = "first_run_id", nullable = false)
    public String firstRunId;

    @Column(name = "found_at", nullable = false)
    public Instant foundAt;

    /** The exchange's own key of an order. */
    public record Key(String symbol, String exchangeOrderId) implements Serializable {
    }
}
