package dev.orderflow.guards.domain;

/**
 * Which guards run and how their verdicts combine, as the flags and the mode say.
 *
 * @param consolidated every enabled guard runs on one snapshot and every failure is reported; otherwise
 *                     the guards run one after another and the first failure ends the evaluation
 */
public record GuardPolicy(boolean slippage, boolean spread, boolean depth, boolean consolidated, GuardMode mode) {

    /** While no guard is on, nothing is checked (not even the book's age) and entries are allowed. */
    public boolean anyGuard() {
        return slippage || spread || depth;
    }

    public GuardPolicy withMode(GuardMode newMode) {
        return new GuardPolicy(slippage, spread, depth, consolidated, newMode);
    }
}
