package dev.orderflow.platform.security;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Who may call what: the scope a request's path and method need, and whether a bearer token grants
 * it. Plain Java, no I/O; {@link BearerTokenFilter} applies it to every HTTP request.
 */
public final class AccessRules {

    /** The scope of a path that takes no bearer token because it authenticates by other means. */
    public static final String NO_TOKEN = "none";
    /** Probes must always reach health, whatever the rules say. */
    public static final String HEALTH_PATH = "/q/health";

    public record Rule(String path, Set<String> methods, String scope) {

        public Rule {
            path = path.length() > 1 && path.endsWith("/") ? path.substring(0, path.length() - 1) : path;
            methods = methods.stream().map(m -> m.trim().toUpperCase(Locale.ROOT)).filter(m -> !m.isEmpty())
                    .collect(Collectors.toUnmodifiableSet());
        }

        boolean covers(String method, String requestPath) {
            return (methods.isEmpty() || methods.contains(method)) && underPrefix(requestPath, path);
        }
    }

    /** The outcome for one request. */
    public sealed interface Access {
    }

    /** No token needed (health, or a path that authenticates by other means). */
    public record Open() implements Access {
    }

    /** The token grants the scope; {@code principal} names the token without revealing it. */
    public record Granted(String principal) implements Access {
    }

    /** No token, or one that is not known: 401. */
    public record Unauthenticated(String detail) implements Access {
    }

    /** A known token without the scope: 403. */
    public record Forbidden(String scope) implements Access {
    }

    private static final Comparator<Rule> MOST_SPECIFIC_FIRST = Comparator
            .comparingInt((Rule r) -> r.path().length()).reversed()
            .thenComparing(r -> r.methods().isEmpty());

    private final boolean enabled;
    private final Map<String, Set<String>> scopesByTokenHash;
    private final List<Rule> rules;
    private final String defaultScope;

    public AccessRules(boolean enabled, Map<String, String> tokens, List<Rule> rules, String defaultScope) {
        this.enabled = enabled;
        Map<String, Set<String>> byHash = new HashMap<>();
        tokens.forEach((hash, scopes) -> byHash.computeIfAbsent(hash.trim().toLowerCase(Locale.ROOT), h -> new HashSet<>())
                .addAll(Arrays.stream(scopes.split("[,\\s]+")).filter(s -> !s.isBlank()).toList()));
        byHash.replaceAll((hash, scopes) -> Set.copyOf(scopes));
        this.scopesByTokenHash = Map.copyOf(byHash);
        this.rules = rules.stream().sorted(MOST_SPECIFIC_FIRST).toList();
        this.defaultScope = defaultScope;
    }

    public static AccessRules of(AuthConfig config) {
        List<Rule> rules = config.rules().values().stream()
                .map(r -> new Rule(r.path(), Set.copyOf(r.methods().orElse(List.of())), r.scope().trim()))
                .toList();
        return new AccessRules(config.enabled(), config.tokens(), rules, config.defaultScope());
    }

    /** The scope a request needs: {@link #NO_TOKEN} for health and paths that authenticate otherwise. */
    public String requiredScope(String method, String path) {
        if (underPrefix(path, HEALTH_PATH)) {
            return NO_TOKEN;
        }
        String upper = method.toUpperCase(Locale.ROOT);
        return rules.stream().filter(r -> r.covers(upper, path)).findFirst().map(Rule::scope).orElse(defaultScope);
    }

    /**
     * Decides one request. {@code authorization} is the raw {@code Authorization} header, possibly
     * null; {@code path} must already be normalised (no {@code ..}, no doubled slashes).
     */
    public Access decide(String method, String path, String authorization) {
        String scope = requiredScope(method, path);
        if (!enabled || scope.equals(NO_TOKEN)) {
            return new Open();
        }
        Optional<String> token = bearerToken(authorization);
        if (token.isEmpty()) {
            return new Unauthenticated("A bearer token is required");
        }
        String hash = sha256(token.get());
        Set<String> granted = scopesByTokenHash.get(hash);
        if (granted == null) {
            return new Unauthenticated("The bearer token is not valid");
        }
        if (!granted.contains(scope)) {
            return new Forbidden(scope);
        }
        return new Granted(principal(hash));
    }

    /** How a token is named in logs and records: the first 12 hex digits of its hash. */
    public static String principal(String tokenHash) {
        return "token:" + tokenHash.substring(0, 12);
    }

    static Optional<String> bearerToken(String authorization) {
        if (authorization == null || authorization.length() <= 7 || !authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return Optional.empty();
        }
        String token = authorization.substring(7).trim();
        return token.isEmpty() ? Optional.empty() : Optional.of(token);
    }

    static boolean underPrefix(String path, String prefix) {
        if (prefix.equals("/")) {
            return true;
        }
        return path.startsWith(prefix) && (path.length() == prefix.length() || path.charAt(prefix.length()) == '/');
    }

    /** Lower-case hex SHA-256 of a token, the form configuration holds. */
    public static String sha256(String token) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
