package dev.orderflow.contracts.alerts;

import java.math.BigDecimal;

/** How an observed value is compared with a threshold: an alert fires when the comparison holds. */
public enum Comparison {
    /** Fires when the observed value is strictly greater than the threshold. */
    ABOVE(">"),
    /** Fires when the observed value is strictly less than the threshold. */
    BELOW("<");

    private final String operator;

    Comparison(String operator) {
        this.operator = operator;
    }

    /** The PromQL comparison operator. */
    public String operator() {
        return operator;
    }

    public boolean holds(BigDecimal observed, BigDecimal threshold) {
        int order = observed.compareTo(threshold);
        return this == ABOVE ? order > 0 : order < 0;
    }
}
