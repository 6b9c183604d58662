package dev.orderflow.guards.domain;

/** What the guards do with a failing check. */
public enum GuardMode {
    /** Block the entry (outcome BLOCK). */
    ENFORCE,
    /** Observe: compute everything, publish SHADOW_BLOCK and let the entry through (the guide's observe mode). */
    SHADOW
}
