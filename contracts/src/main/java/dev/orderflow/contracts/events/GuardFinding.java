package dev.orderflow.contracts.events;

import java.math.BigDecimal;

/**
 * One guard's verdict and the numbers behind it.
 *
 * @param unit what observed and threshold are measured in: {@code bps}, {@code ms} or {@code x} (multiple of order size)
 */
public record GuardFinding(
        GuardReason reason,
        boolean passed,
        BigDecimal observed,
        BigDecimal threshold,
        String unit,
        Integer levelsUsed,
        String detail) {
}
