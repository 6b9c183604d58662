package dev.orderflow.testing.fuzz;

import dev.orderflow.testing.TestTokens;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What the fuzzer knows of one endpoint: method, path (with {@code {name}} segments and an example value
 * for each), a valid body, the kind of each body field and query parameter, and the token a caller that
 * may use it holds. Mutations start from this valid request.
 */
public record Endpoint(String method, String path, Map<String, String> pathValues, String body,
        Map<String, Field> fields, Map<String, Field> query, String token, String wrongScopeToken, ErrorShape errors, int weight) {

    /** The kind of a field or parameter, which decides the mutations it gets. */
    public sealed interface Field {
    }

    /** A decimal: boundary values, precision beyond {@code tick}, non-numbers. */
    public record Decimal(String tick) implements Field {
    }

    /** A whole number. */
    public record Whole() implements Field {
    }

    /** Free text or an identifier. */
    public record Text() implements Field {
    }

    /** One of a few words. */
    public record Choice(List<String> values) implements Field {
    }

    /** How the endpoint's refusals look. */
    public enum ErrorShape {
        /** {@code application/problem+json} naming the reason: every API of ours. */
        PROBLEM_JSON,
        /** Binance's {@code {"code":..,"msg":..}}: the paper exchange's venue API, whose contract it is. */
        BINANCE
    }

    public Endpoint {
        pathValues = Map.copyOf(pathValues);
        fields = new LinkedHashMap<>(fields);
        query = new LinkedHashMap<>(query);
    }

    public static final int DEFAULT_WEIGHT = 10;

    /** The operations endpoints every service has: metrics, flags, OpenAPI (scope ops:read) and health (open). */
    public static List<Endpoint> operations() {
        return List.of(
                of("GET", "/q/metrics").tokens(TestTokens.MONITORING, TestTokens.TRADER).build(),
                of("GET", "/q/flags").tokens(TestTokens.MONITORING, TestTokens.TRADER).build(),
                of("GET", "/q/openapi").tokens(TestTokens.MONITORING, TestTokens.READER).query("format", choice("json", "yaml")).build(),
                of("GET", "/q/health/ready").build());
    }

    public static Builder of(String method, String path) {
        return new Builder(method, path);
    }

    public static Decimal decimal(String tick) {
        return new Decimal(tick);
    }

    public static Whole whole() {
        return new Whole();
    }

    public static Text text() {
        return new Text();
    }

    public static Choice choice(String... values) {
        return new Choice(List.of(values));
    }

    @Override
    public String toString() {
        return method + " " + path;
    }

    public static final class Builder {
        private final String method;
        private final String path;
        private final Map<String, String> pathValues = new LinkedHashMap<>();
        private final Map<String, Field> fields = new LinkedHashMap<>();
        private final Map<String, Field> query = new LinkedHashMap<>();
        private String body;
        private String token;
        private String wrongScopeToken;
        private ErrorShape errors = ErrorShape.PROBLEM_JSON;
        private int weight = DEFAULT_WEIGHT;

        private Builder(String method, String path) {
            this.method = method;
            this.path = path;
        }

        /** The example value of the path segment {@code {name}}. */
        public Builder pathValue(String name, String value) {
            pathValues.put(name, value);
            return this;
        }

        /**
         * A valid JSON body; its top-level fields are mutated by the kinds given with {@link #field}. {@code {n}}
         * in it becomes the request's index.
         */
        public Builder body(String json) {
            this.body = json;
            return this;
        }

        public Builder field(String name, Field kind) {
            fields.put(name, kind);
            return this;
        }

        public Builder query(String name, Field kind) {
            query.put(name, kind);
            return this;
        }

        /** A token with the endpoint's scope, and one known but without it (null: none). */
        public Builder tokens(String token, String wrongScopeToken) {
            this.token = token;
            this.wrongScopeToken = wrongScopeToken;
            return this;
        }

        public Builder errors(ErrorShape shape) {
            this.errors = shape;
            return this;
        }

        /**
         * How often the endpoint is picked against the others ({@value #DEFAULT_WEIGHT} each unless told): lower for one
         * whose valid requests are slow, such as a reconciliation run.
         */
        public Builder weight(int weight) {
            this.weight = weight;
            return this;
        }

        public Endpoint build() {
            return new Endpoint(method, path, pathValues, body, fields, query, token, wrongScopeToken, errors, weight);
        }
    }
}
