package dev.orderflow.ofctl.commands;

import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/** {@code --since}: an ISO-8601 instant, or an age such as 90s, 15m, 2h, 7d counted back from now. */
public class SinceConverter implements ITypeConverter<Instant> {

    private static final Pattern AGE = Pattern.compile("(\\d+)([smhd])");

    @Override
    public Instant convert(String value) {
        return parse(value, Instant.now());
    }

    static Instant parse(String value, Instant now) {
        Matcher age = AGE.matcher(value.trim());
        if (age.matches()) {
            long amount = Long.parseLong(age.group(1));
            Duration duration = switch (age.group(2)) {
                case "s" -> Duration.ofSeconds(amount);
                case "m" -> Duration.ofMinutes(amount);
                case "h" -> Duration.ofHours(amount);
                default -> Duration.ofDays(amount);
            };
            return now.minus(duration);
        }
        try {
            return Instant.parse(value.trim());
        } catch (DateTimeParseException e) {
            throw new TypeConversionException("'" + value + "' is neither an age (90s, 15m, 2h, 7d) nor an ISO-8601 instant (2026-01-05T10:00:00Z)");
        }
    }
}
