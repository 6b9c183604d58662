package dev.orderflow.platform.security;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Bearer tokens and the scope each path needs ({@code orderflow.auth.*}). Every path except
 * {@code /q/health*} needs a token: a path no rule names needs {@link #defaultScope()}.
 */
@ConfigMapping(prefix = "orderflow.auth")
public interface AuthConfig {

    /** Whether tokens are checked at all. Only a throw-away sandbox turns this off. */
    @WithDefault("true")
    boolean enabled();

    /**
     * Accepted tokens: the key is the lower-case hex SHA-256 of the token, the value the space- or
     * comma-separated scopes it grants. Tokens themselves never appear in configuration.
     */
    Map<String, String> tokens();

    /** The scope each path prefix (and optionally method) needs, by rule name. */
    Map<String, Rule> rules();

    /** The scope of a path no rule names: an endpoint added without a rule is an operator's only. */
    @WithDefault("ops:admin")
    String defaultScope();

    interface Rule {

        /** Path prefix, matched by whole segments: {@code /admin} covers {@code /admin/faults}, not {@code /administer}. */
        String path();

        /** HTTP methods the rule covers; none given: every method. A rule naming methods beats one that does not. */
        Optional<List<String>> methods();

        /** The scope a token needs, or {@code none} for a path that authenticates by other means (no bearer token). */
        String scope();
    }
}
