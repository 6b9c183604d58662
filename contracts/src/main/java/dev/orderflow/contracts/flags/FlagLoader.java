package dev.orderflow.contracts.flags;

import static dev.orderflow.contracts.flags.FeatureFlag.*;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Reads flags from environment variables (or any name/value map) and rejects what must not run:
 * a misspelt flag, a value of the wrong type, a refresh period out of range, or a combination of
 * flags that cannot work together.
 */
public final class FlagLoader {

    /** Combinations that cannot work: the first flag needs at least one of the others. */
    private static final List<Requirement> REQUIREMENTS = List.of(
            new Requirement(ENABLE_CONSOLIDATED_ENTRY_GUARDS,
                    List.of(ENABLE_ENTRY_SLIPPAGE_GUARD, ENABLE_SPREAD_GUARD_ENTRY, ENABLE_DEPTH_GUARD_ENTRY),
                    "there is no entry guard to consolidate"),
            new Requirement(ENABLE_LIVE_DASHBOARD, List.of(ENABLE_LIVE_MONITORS),
                    "the dashboard shows the live monitors"),
            new Requirement(ENABLE_CONSOLIDATED_EXITS, List.of(ENABLE_SYMBOL_LOCKS),
                    "capping concurrent exits relies on one in-flight submission per symbol"),
            new Requirement(ENABLE_STARTUP_RECONCILE, List.of(ENABLE_COID_MANAGER),
                    "reconciliation matches exchange orders to the COID registry"));

    private FlagLoader() {
    }

    /** Loads and validates; throws {@link InvalidFlagException} for the first problem found. */
    public static FlagSet load(Map<String, String> environment) {
        List<InvalidFlagException> problems = check(environment);
        if (!problems.isEmpty()) {
            throw problems.getFirst();
        }
        return build(environment);
    }

    /** Every problem in the given variables, in a stable order; empty when they are valid. */
    public static List<InvalidFlagException> check(Map<String, String> environment) {
        List<InvalidFlagException> problems = new ArrayList<>();
        Map<String, String> sorted = new TreeMap<>(environment);
        for (Map.Entry<String, String> variable : sorted.entrySet()) {
            String name = variable.getKey();
            var flag = FeatureFlag.byEnvName(name);
            if (flag.isEmpty()) {
                if (FeatureFlag.looksLikeFlag(name)) {
                    problems.add(new InvalidFlagException(name, "Unknown flag " + name + suggestion(name)
                            + "; known flags: " + Arrays.stream(values()).map(FeatureFlag::envName).toList()));
                }
                continue;
            }
            String problem = valueProblem(flag.get(), variable.getValue());
            if (problem != null) {
                problems.add(new InvalidFlagException(name, problem));
            }
        }
        if (problems.isEmpty()) {
            FlagSet flags = build(environment);
            for (Requirement requirement : REQUIREMENTS) {
                boolean wanted = Boolean.parseBoolean(flags.configuredValue(requirement.flag()));
                boolean satisfied = requirement.needsOneOf().stream()
                        .anyMatch(needed -> Boolean.parseBoolean(flags.configuredValue(needed)));
                if (wanted && !satisfied) {
                    problems.add(new InvalidFlagException(requirement.flag().envName(),
                            "Invalid flag combination: " + requirement.flag().envName() + "=true requires "
                                    + String.join(" or ", requirement.needsOneOf().stream().map(f -> f.envName() + "=true").toList())
                                    + " (" + requirement.why() + ")"));
                }
            }
        }
        return problems;
    }

    private static FlagSet build(Map<String, String> environment) {
        Map<FeatureFlag, String> values = new EnumMap<>(FeatureFlag.class);
        Set<FeatureFlag> explicit = EnumSet.noneOf(FeatureFlag.class);
        for (FeatureFlag flag : FeatureFlag.values()) {
            String raw = environment.get(flag.envName());
            if (raw == null || raw.isBlank()) {
                values.put(flag, flag.defaultValue());
            } else {
                values.put(flag, normalise(flag, raw));
                explicit.add(flag);
            }
        }
        return new FlagSet(values, explicit);
    }

    private static String valueProblem(FeatureFlag flag, String raw) {
        if (raw == null || raw.isBlank()) {
            return null;
        }
        String value = raw.trim();
        if (flag.type() == FlagType.BOOLEAN) {
            String lower = value.toLowerCase(Locale.ROOT);
            return lower.equals("true") || lower.equals("false") ? null
                    : "Invalid value for " + flag.envName() + ": '" + raw + "'; accepted values: " + flag.acceptedValues();
        }
        try {
            BigDecimal seconds = new BigDecimal(value);
            if (seconds.compareTo(MIN_REFRESH_S) < 0 || seconds.compareTo(MAX_REFRESH_S) > 0) {
                return "Invalid value for " + flag.envName() + ": " + raw + " is out of range; accepted values: " + flag.acceptedValues();
            }
            return null;
        } catch (NumberFormatException e) {
            return "Invalid value for " + flag.envName() + ": '" + raw + "' is not a number; accepted values: " + flag.acceptedValues();
        }
    }

    private static String normalise(FeatureFlag flag, String raw) {
        String value = raw.trim();
        return flag.type() == FlagType.BOOLEAN ? value.toLowerCase(Locale.ROOT) : new BigDecimal(value).toPlainString();
    }

    /** The known flag closest to a misspelt name, when it is close enough to be a typo. */
    private static String suggestion(String name) {
        return Arrays.stream(values())
                .min(Comparator.comparingInt(f -> editDistance(f.envName(), name)))
                .filter(f -> editDistance(f.envName(), name) <= 3)
                .map(f -> " (did you mean " + f.envName() + "?)")
                .orElse("");
    }

    static int editDistance(String a, String b) {
        int[] previous = new int[b.length() + 1];
        int[] current = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            previous[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            current[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int substitution = previous[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
                current[j] = Math.min(substitution, Math.min(previous[j] + 1, current[j - 1] + 1));
            }
            int[] swap = previous;
            previous = current;
            current = swap;
        }
        return previous[b.length()];
    }

    private record Requirement(FeatureFlag flag, List<FeatureFlag> needsOneOf, String why) {
    }
}
