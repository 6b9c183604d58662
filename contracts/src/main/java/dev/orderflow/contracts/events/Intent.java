package dev.orderflow.contracts.events;

/** Whether an order opens or grows a position (ENTRY) or reduces or closes one (EXIT). Exits skip entry guards. */
public enum Intent {
    ENTRY,
    EXIT
}
