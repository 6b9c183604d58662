package dev.orderflow.paper.domain;

/** Limits how much of an order one matching pass may fill (the "partial fills only" fault). */
@FunctionalInterface
public interface FillPolicy {

    /** Largest fraction (0..1] of an order's size one pass may fill on this symbol; 1 = no limit. */
    double maxFillFraction(String symbol);

    FillPolicy UNLIMITED = symbol -> 1.0;
}
