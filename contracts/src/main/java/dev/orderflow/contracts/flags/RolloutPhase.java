package dev.orderflow.contracts.flags;

import java.util.Arrays;
import java.util.Optional;

/** The rollout phases of the deployment guide, in order. Each phase includes every earlier one. */
public enum RolloutPhase {
    CORE_SAFETY(1, "phase-1-core-safety", "Core Safety"),
    ENTRY_GUARDS(2, "phase-2-entry-guards", "Entry Guards"),
    TELEMETRY_EXITS(3, "phase-3-telemetry-exits", "Telemetry & Exits"),
    TERMINAL_UI(4, "phase-4-terminal-ui", "Terminal UI"),
    FULL(5, "full", "Full Production");

    private final int number;
    private final String overlay;
    private final String title;

    RolloutPhase(int number, String overlay, String title) {
        this.number = number;
        this.overlay = overlay;
        this.title = title;
    }

    public int number() {
        return number;
    }

    /** Name of the kustomize overlay under {@code k8s/overlays/}. */
    public String overlay() {
        return overlay;
    }

    public String title() {
        return title;
    }

    /** Accepts {@code 1..4}, {@code full} or an overlay name. */
    public static Optional<RolloutPhase> parse(String text) {
        String value = text == null ? "" : text.trim().toLowerCase();
        return Arrays.stream(values())
                .filter(p -> value.equals(String.valueOf(p.number)) && p != FULL
                        || value.equals(p.overlay)
                        || value.equals(p.name().toLowerCase()))
                .findFirst();
    }
}
