package dev.orderflow.ofctl.dashboard;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.List;

/** A short trend line: one character per value, its height scaled to the largest value of the series. */
public final class Sparkline {

    private static final String BLOCKS = "\u2581\u2582\u2583\u2584\u2585\u2586\u2587\u2588";
    private static final String ASCII = "_.-=*#";

    private Sparkline() {
    }

    /** A value of null (nothing measured in that step) is a blank, zero the lowest mark. */
    public static String of(List<BigDecimal> values, boolean unicode) {
        String marks = unicode ? BLOCKS : ASCII;
        BigDecimal max = values.stream().filter(v -> v != null).max(BigDecimal::compareTo).orElse(BigDecimal.ZERO);
        BigDecimal min = values.stream().filter(v -> v != null).min(BigDecimal::compareTo).orElse(BigDecimal.ZERO).min(BigDecimal.ZERO);
        BigDecimal span = max.subtract(min);
        StringBuilder line = new StringBuilder();
        for (BigDecimal value : values) {
            if (value == null) {
                line.append(' ');
            } else if (span.signum() == 0) {
                line.append(marks.charAt(0));
            } else {
                int level = value.subtract(min).multiply(BigDecimal.valueOf(marks.length() - 1))
                        .divide(span, 0, RoundingMode.HALF_UP).intValue();
                line.append(marks.charAt(level));
            }
        }
        return line.toString();
    }
}
