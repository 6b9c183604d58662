package dev.orderflow.contracts.events;

public enum GuardOutcome {
    ALLOW,
    BLOCK,
    /** Shadow (observe) mode: the guards would have blocked, the order goes through. */
    SHADOW_BLOCK
}
