package dev.orderflow.paper.api;

import java.math.BigDecimal;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.regex.Pattern;

/** Request parameters from the query string and a form body, as Binance reads them. */
public final class Params {

    static final String DECIMAL_RANGE = "^([0-9]{1,20})(\\.[0-9]{1,20})?$";
    private static final Pattern DECIMAL = Pattern.compile(DECIMAL_RANGE);
    private static final Pattern COID = Pattern.compile("^[.A-Z:/a-z0-9_-]{1,36}$");

    private final Map<String, String> values;
    private final String rawBody;

    private Params(Map<String, String> values, String rawBody) {
        this.values = values;
        this.rawBody = rawBody;
    }

    /** The form body as received (for the signature check). */
    public String rawBody() {
        return rawBody == null ? "" : rawBody;
    }

    public static Params parse(String rawQuery, String rawBody) {
        Map<String, String> values = new HashMap<>();
        add(values, rawQuery);
        add(values, rawBody);
        return new Params(values, rawBody);
    }

    private static void add(Map<String, String> values, String raw) {
        if (raw == null || raw.isEmpty()) {
            return;
        }
        for (String pair : raw.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            String key = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
            String value = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
            values.put(key, value);
        }
    }

    public String optional(String name) {
        String value = values.get(name);
        return value == null || value.isEmpty() ? null : value;
    }

    public String required(String name) {
        String value = optional(name);
        if (value == null) {
            throw ApiError.mandatory(name);
        }
        return value;
    }

    public BigDecimal decimal(String name) {
        String value = optional(name);
        if (value == null) {
            return null;
        }
        if (!DECIMAL.matcher(value).matches()) {
            throw ApiError.illegal(name, DECIMAL_RANGE);
        }
        BigDecimal decimal = new BigDecimal(value);
        return decimal.signum() == 0 ? null : decimal;
    }

    public Long longValue(String name) {
        String value = optional(name);
        if (value == null) {
            return null;
        }
        try {
            return Long.parseLong(value);
        } catch (NumberFormatException e) {
            throw ApiError.illegal(name, "^-?[0-9]{1,19}$");
        }
    }

    public int limit(String name, int fallback, int max) {
        Long value = longValue(name);
        if (value == null) {
            return fallback;
        }
        if (value < 1) {
            throw new ApiError(400, -1100, "Illegal characters found in parameter '" + name + "'; legal range is '1-" + max + "'.");
        }
        return (int) Math.min(value, max);
    }

    public String clientOrderId(String name) {
        String value = optional(name);
        if (value != null && !COID.matcher(value).matches()) {
            throw ApiError.illegal(name, "^[\\.A-Z\\:/a-z0-9_-]{1,36}$");
        }
        return value;
    }

    public boolean has(String name) {
        return optional(name) != null;
    }
}
