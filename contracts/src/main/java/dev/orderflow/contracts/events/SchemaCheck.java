package dev.orderflow.contracts.events;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;
import java.util.regex.Pattern;

/**
 * A payload schema compiled into a direct check of a parsed document, for the consumers' hot path:
 * no error objects, no lists, no paths built when a document is fine. The check is one-sided on
 * purpose: {@link #certainlyValid} answers true only for documents the full validator accepts too,
 * and false for the rest, including whatever it is not sure about (an unusual time form, a number
 * written as 1.0 for an integer). A false answer sends the document to the full validator, which
 * alone decides and names the field; so a document is never accepted that the schema refuses, and
 * a refusal reads exactly as before.
 *
 * Only the keywords the event schemas use are compiled; a schema with any other keyword (the
 * command's if/then rules) is not compiled at all and always goes to the full validator.
 */
final class SchemaCheck {

    /** Keywords that describe and never constrain. */
    private static final Set<String> ANNOTATIONS = Set.of("$schema", "$id", "$comment", "title", "description", "examples",
            "default", "deprecated", "readOnly", "writeOnly");

    private interface Check {
        boolean test(JsonNode node);
    }

    private final Check root;

    private SchemaCheck(Check root) {
        this.root = root;
    }

    /** The compiled schema, or null when it uses a keyword this class does not compile. */
    static SchemaCheck compile(JsonNode schema) {
        Check root = check(schema);
        return root == null ? null : new SchemaCheck(root);
    }

    /** True only when the document matches the schema; false when it does not or this check cannot tell. */
    boolean certainlyValid(JsonNode document) {
        return root.test(document);
    }

    private static Check check(JsonNode schema) {
        if (schema.isBoolean()) {
            return schema.booleanValue() ? node -> true : node -> false;
        }
        if (!schema.isObject()) {
            return null;
        }
        List<Check> checks = new ArrayList<>();
        Map<String, Check> properties = null;
        Check additional = null;
        boolean additionalForbidden = false;
        for (var field : schema.properties()) {
            String keyword = field.getKey();
            JsonNode value = field.getValue();
            if (ANNOTATIONS.contains(keyword)) {
                continue;
            }
            Check check;
            switch (keyword) {
                case "type" -> check = type(value);
                case "enum" -> check = textEnum(value);
                case "const" -> check = value.isTextual() ? textEnum(List.of(value)) : null;
                case "pattern" -> check = value.isTextual() ? pattern(value.textValue()) : null;
                case "minLength" -> check = value.canConvertToExactIntegral() ? minLength(value.intValue()) : null;
                case "minimum" -> check = value.isIntegralNumber() ? bound(value.decimalValue(), true) : null;
                case "maximum" -> check = value.isIntegralNumber() ? bound(value.decimalValue(), false) : null;
                case "format" -> check = "date-time".equals(value.asText()) ? SchemaCheck::dateTime : null;
                case "required" -> check = required(value);
                case "items" -> check = items(value);
                case "properties" -> {
                    properties = new HashMap<>();
                    for (var property : value.properties()) {
                        Check sub = check(property.getValue());
                        if (sub == null) {
                            return null;
                        }
                        properties.put(property.getKey(), sub);
                    }
                    continue;
                }
                case "additionalProperties" -> {
                    if (value.isBoolean() && !value.booleanValue()) {
                        additionalForbidden = true;
                    } else {
                        additional = check(value);
                        if (additional == null) {
                            return null;
                        }
                    }
                    continue;
                }
                default -> check = null;
            }
            if (check == null) {
                return null;
            }
            checks.add(check);
        }
        if (properties != null || additional != null || additionalForbidden) {
            checks.add(members(properties == null ? Map.of() : properties, additionalForbidden ? node -> false : additional));
        }
        Check[] all = checks.toArray(Check[]::new);
        return node -> {
            for (Check check : all) {
                if (!check.test(node)) {
                    return false;
                }
            }
            return true;
        };
    }

    private static Check type(JsonNode value) {
        if (!value.isTextual()) {
            return null;
        }
        return switch (value.textValue()) {
            case "object" -> JsonNode::isObject;
            case "array" -> JsonNode::isArray;
            case "string" -> JsonNode::isTextual;
            case "boolean" -> JsonNode::isBoolean;
            // 1.0 is an integer to JSON Schema; left to the full validator rather than decided here.
            case "integer" -> JsonNode::isIntegralNumber;
            case "number" -> JsonNode::isNumber;
            case "null" -> JsonNode::isNull;
            default -> null;
        };
    }

    private static Check textEnum(Iterable<JsonNode> values) {
        Set<String> allowed = new HashSet<>();
        for (JsonNode value : values) {
            if (!value.isTextual()) {
                return null;
            }
            allowed.add(value.textValue());
        }
        return node -> !node.isTextual() || allowed.contains(node.textValue());
    }

    private static Check minLength(int min) {
        // Length in code points, as JSON Schema counts it.
        return node -> !node.isTextual() || node.textValue().codePointCount(0, node.textValue().length()) >= min;
    }

    private static Check bound(BigDecimal limit, boolean minimum) {
        long exact = limit.longValue();
        boolean fitsLong = BigDecimal.valueOf(exact).compareTo(limit) == 0;
        return node -> {
            if (!node.isNumber()) {
                return true;
            }
            if (!node.isIntegralNumber()) {
                return false;
            }
            int comparison = fitsLong && node.canConvertToLong() ? Long.compare(node.longValue(), exact)
                    : new BigDecimal(node.bigIntegerValue()).compareTo(limit);
            return minimum ? comparison >= 0 : comparison <= 0;
        };
    }

    private static Check required(JsonNode value) {
        if (!value.isArray()) {
            return null;
        }
        String[] names = new String[value.size()];
        for (int i = 0; i < names.length; i++) {
            names[i] = value.get(i).asText();
        }
        return node -> {
            if (!node.isObject()) {
                return true;
            }
            for (String name : names) {
                if (!node.has(name)) {
                    return false;
                }
            }
            return true;
        };
    }

    private static Check items(JsonNode value) {
        Check item = check(value);
        if (item == null) {
            return null;
        }
        return node -> {
            if (!node.isArray()) {
                return true;
            }
            for (JsonNode element : node) {
                if (!item.test(element)) {
                    return false;
                }
            }
            return true;
        };
    }

    private static Check members(Map<String, Check> properties, Check additional) {
        return node -> {
            if (!node.isObject()) {
                return true;
            }
            for (var member : node.properties()) {
                Check check = properties.get(member.getKey());
                if (check == null) {
                    check = additional;
                }
                if (check != null && !check.test(member.getValue())) {
                    return false;
                }
            }
            return true;
        };
    }

    /** The patterns of the event schemas, matched by hand; any other goes through java.util.regex as the validator does. */
    private static Check pattern(String regex) {
        return switch (regex) {
            case "^[0-9]+(\\.[0-9]+)?$" -> text(s -> Patterns.decimal(s, false));
            case "^-?[0-9]+(\\.[0-9]+)?$" -> text(s -> Patterns.decimal(s, true));
            case "^[A-Z0-9]{2,20}$" -> text(Patterns::symbol);
            case "^[.A-Za-z0-9:/_-]{1,36}$" -> text(Patterns::clientOrderId);
            case "Z$" -> text(s -> !s.isEmpty() && s.charAt(s.length() - 1) == 'Z');
            default -> {
                Pattern compiled = Pattern.compile(regex);
                yield text(s -> compiled.matcher(s).find());
            }
        };
    }

    private static Check text(Predicate<String> test) {
        return node -> !node.isTextual() || test.test(node.textValue());
    }

    private static boolean dateTime(JsonNode node) {
        return !node.isTextual() || UtcTimes.parseStrict(node.textValue()) != null;
    }

    /**
     * Hand-written forms of the schemas' patterns. Each accepts a subset of what its regular
     * expression finds: a text ending in a line break (which {@code $} lets through) is refused here
     * and left to the regular expression.
     */
    static final class Patterns {

        private Patterns() {
        }

        /** {@code ^[0-9]+(\.[0-9]+)?$}, or with {@code -?} in front when signed. */
        static boolean decimal(String s, boolean signed) {
            int i = 0;
            int n = s.length();
            if (signed && n > 0 && s.charAt(0) == '-') {
                i = 1;
            }
            int start = i;
            while (i < n && isDigit(s.charAt(i))) {
                i++;
            }
            if (i == start) {
                return false;
            }
            if (i == n) {
                return true;
            }
            if (s.charAt(i) != '.') {
                return false;
            }
            int fraction = ++i;
            while (i < n && isDigit(s.charAt(i))) {
                i++;
            }
            return i > fraction && i == n;
        }

        /** {@code ^[A-Z0-9]{2,20}$}. */
        static boolean symbol(String s) {
            int n = s.length();
            if (n < 2 || n > 20) {
                return false;
            }
            for (int i = 0; i < n; i++) {
                char c = s.charAt(i);
                if (!(isDigit(c) || (c >= 'A' && c <= 'Z'))) {
                    return false;
                }
            }
            return true;
        }

        /** {@code ^[.A-Za-z0-9:/_-]{1,36}$}. */
        static boolean clientOrderId(String s) {
            int n = s.length();
            if (n < 1 || n > 36) {
                return false;
            }
            for (int i = 0; i < n; i++) {
                char c = s.charAt(i);
                if (!(isDigit(c) || (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || c == '.' || c == ':' || c == '/'
                        || c == '_' || c == '-')) {
                    return false;
                }
            }
            return true;
        }

        private static boolean isDigit(char c) {
            return c >= '0' && c <= '9';
        }
    }
}
