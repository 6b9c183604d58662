package dev.orderflow.contracts.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The compiled schema check may only ever say "valid" where the full validator agrees; everything
 * else goes to the full validator, so refusals keep naming the same field.
 */
class SchemaCheckTests {

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final String[] TEXTS = {"", "A", "BTCUSDT", "btcusdt", "B", "0", "1.5", "-1.5", "1.", ".5", "01", "1e5",
            "12345678901234567890X", "ABCDEFGHIJKLMNOPQRSTU", "strat-1:0001", "a b", "x/y_z.w:1-2",
            "1234567890123456789012345678901234567", "2026-11-25T10:15:30.123456Z", "2026-11-25T10:15:30Z",
            "2026-11-25T10:15:30+01:00", "2026-02-30T10:15:30Z", "2026-11-25t10:15:30z", "2026-11-25T24:00:00Z",
            "2026-11-25T10:15:30.Z", "2026-11-25T10:15:30.1234567891Z", "Z", "1Z", "12\n", "BTC\n", "Z\n", "BUY", "SELL",
            "ENTRY", "EXIT", "ALLOW", "BLOCK", "SPREAD", "FILLED", "UP", "DOWN", "é", "\uD83D\uDE00", "bps", "GUARDS_EXPECTED"};

    @ParameterizedTest
    @EnumSource(EventType.class)
    void everySamplePayloadTakesTheCompiledCheckExceptTheCommand(EventType type) {
        SchemaCheck check = SchemaCheck.compile(EventSchemas.schemaDocument(type.schemaResource()));
        if (type == EventType.ORDER_COMMAND) {
            assertThat(check).as("the command's if/then rules are left to the full validator").isNull();
            return;
        }
        assertThat(check).isNotNull();
        assertThat(check.certainlyValid(EventJson.toTree(SamplePayloads.forType(type)))).isTrue();
    }

    @ParameterizedTest
    @EnumSource(EventType.class)
    void theCompiledCheckNeverAcceptsWhatTheSchemaRefuses(EventType type) {
        SchemaCheck check = SchemaCheck.compile(EventSchemas.schemaDocument(type.schemaResource()));
        Random random = new Random(type.ordinal() * 7919L + 17);
        int refused = 0;
        for (int i = 0; i < 3_000; i++) {
            JsonNode document = EventJson.toTree(SamplePayloads.forType(type));
            for (int m = 0, mutations = 1 + random.nextInt(3); m < mutations; m++) {
                document = mutate(document, random, 0);
            }
            List<EventSchemas.Violation> full = EventSchemas.fullValidation(type.schemaResource(), document);
            if (check != null && check.certainlyValid(document)) {
                assertThat(full).as("%s accepted by the compiled check: %s", type, document).isEmpty();
            }
            if (!full.isEmpty()) {
                refused++;
                assertThat(EventSchemas.validate(type, document)).as("%s", document).isEqualTo(full);
            }
        }
        assertThat(refused).as("mutations the schema refuses").isGreaterThan(500);
    }

    @Test
    void aRefusedRecordNamesTheSameFieldAsTheFullValidator() {
        Random random = new Random(42);
        for (EventType type : List.of(EventType.ORDER_FILLED, EventType.ORDER_SUBMITTED, EventType.GUARD_DECISION,
                EventType.ENTRY_SLIPPAGE, EventType.CACHE_HIT)) {
            var event = EventEnvelope.of("/order-gateway", type, "strat-1:0001", SamplePayloads.forType(type));
            for (int i = 0; i < 300; i++) {
                JsonNode document = mutate(EventJson.toTree(event.data()), random, 0);
                List<EventSchemas.Violation> full = EventSchemas.fullValidation(type.schemaResource(), document);
                if (full.isEmpty()) {
                    continue;
                }
                assertThatThrownBy(() -> CloudEventHeaders.decode(CloudEventHeaders.toHeaders(event),
                        document.toString().getBytes(StandardCharsets.UTF_8)))
                        .isInstanceOf(InvalidEventException.class)
                        .hasMessageContaining(full.getFirst().field())
                        .hasMessageContaining(full.getFirst().message());
            }
        }
    }

    @Test
    void handWrittenPatternsFindNoMoreThanTheirRegularExpressions() {
        Random random = new Random(7);
        String alphabet = "0123456789.-ABCXYZabcxyz:/_ \n\r\u2028é";
        Pattern decimal = Pattern.compile("^[0-9]+(\\.[0-9]+)?$");
        Pattern signed = Pattern.compile("^-?[0-9]+(\\.[0-9]+)?$");
        Pattern symbol = Pattern.compile("^[A-Z0-9]{2,20}$");
        Pattern coid = Pattern.compile("^[.A-Za-z0-9:/_-]{1,36}$");
        List<String> samples = new ArrayList<>(List.of(TEXTS));
        for (int i = 0; i < 200_000; i++) {
            StringBuilder s = new StringBuilder();
            for (int n = random.nextInt(random.nextBoolean() ? 6 : 40); n > 0; n--) {
                s.append(alphabet.charAt(random.nextInt(random.nextInt(3) == 0 ? alphabet.length() : 13)));
            }
            samples.add(s.toString());
        }
        for (String s : samples) {
            boolean plain = s.chars().noneMatch(c -> c == '\n' || c == '\r' || c == '\u2028' || c == '\u0085' || c == '\u2029');
            check(s, SchemaCheck.Patterns.decimal(s, false), decimal, plain);
            check(s, SchemaCheck.Patterns.decimal(s, true), signed, plain);
            check(s, SchemaCheck.Patterns.symbol(s), symbol, plain);
            check(s, SchemaCheck.Patterns.clientOrderId(s), coid, plain);
        }
    }

    private static void check(String s, boolean byHand, Pattern regex, boolean plain) {
        boolean found = regex.matcher(s).find();
        if (plain) {
            assertThat(byHand).as("%s on [%s]", regex, s).isEqualTo(found);
        } else if (byHand) {
            assertThat(found).as("%s on [%s]", regex, s).isTrue();
        }
    }

    @Test
    void utcTimesReadTheProducersFormAsTheJdkDoes() {
        Random random = new Random(11);
        for (int i = 0; i < 100_000; i++) {
            Instant instant = Instant.ofEpochSecond(random.nextLong(-62_167_219_200L, 253_402_300_800L),
                    switch (random.nextInt(4)) {
                        case 0 -> 0;
                        case 1 -> random.nextInt(1000) * 1_000_000;
                        case 2 -> random.nextInt(1_000_000) * 1_000;
                        default -> random.nextInt(1_000_000_000);
                    });
            String text = instant.toString();
            assertThat(UtcTimes.parseStrict(text)).as(text).isEqualTo(instant);
            // Fractions of any length from one to nine digits.
            String trimmed = text.replaceAll("(\\.[0-9]*?)0+Z$", "$1Z").replace(".Z", "Z");
            assertThat(UtcTimes.parseStrict(trimmed)).as(trimmed).isEqualTo(Instant.parse(trimmed));
        }
        for (String text : TEXTS) {
            Instant strict = UtcTimes.parseStrict(text);
            if (strict != null) {
                assertThat(strict).as(text).isEqualTo(Instant.parse(text));
            }
        }
        assertThat(UtcTimes.parseStrict("2024-02-29T00:00:00Z")).isEqualTo(Instant.parse("2024-02-29T00:00:00Z"));
        assertThat(UtcTimes.parseStrict("2026-02-29T00:00:00Z")).isNull();
        assertThat(UtcTimes.parseStrict("2026-11-25T10:15:30+01:00")).isNull();
        assertThat(UtcTimes.parse("2026-11-25T10:15:30+01:00")).isEqualTo(Instant.parse("2026-11-25T10:15:30+01:00"));
        assertThatThrownBy(() -> UtcTimes.parse("2026-02-30T10:15:30Z")).isInstanceOf(DateTimeParseException.class);
    }

    @Test
    void bindingReadsEveryTimeFormAsTheTimeModuleAlone() throws Exception {
        ObjectMapper reference = JsonMapper.builder().addModule(new JavaTimeModule()).build();
        List<JsonNode> values = new ArrayList<>();
        for (String text : TEXTS) {
            values.add(NODES.textNode(text));
            values.add(NODES.textNode(" " + text + " "));
        }
        values.add(NODES.numberNode(1_764_065_730L));
        values.add(NODES.numberNode(new BigDecimal("1764065730.123456")));
        values.add(NODES.textNode("1764065730"));
        values.add(NODES.nullNode());
        for (JsonNode value : values) {
            ObjectNode json = (ObjectNode) EventJson.toTree(SamplePayloads.forType(EventType.CACHE_HIT));
            json.set("at", value);
            Object expected;
            try {
                expected = reference.treeToValue(json, CacheSample.class).at();
            } catch (Exception e) {
                expected = e.getClass();
            }
            Object actual;
            try {
                actual = EventJson.mapper().treeToValue(json, CacheSample.class).at();
            } catch (Exception e) {
                actual = e.getClass();
            }
            assertThat(actual).as("%s", value).isEqualTo(expected);
        }
    }

    /** The document with one random change somewhere in it: a member removed, added or replaced, or an element changed. */
    private static JsonNode mutate(JsonNode node, Random random, int depth) {
        if (node instanceof ObjectNode object && object.size() > 0 && random.nextInt(4) != 0) {
            ObjectNode copy = object.deepCopy();
            List<String> names = new ArrayList<>();
            copy.fieldNames().forEachRemaining(names::add);
            String name = names.get(random.nextInt(names.size()));
            switch (random.nextInt(6)) {
                case 0 -> copy.remove(name);
                case 1 -> copy.set(random.nextBoolean() ? "colour" : name + "X", randomValue(random, depth));
                case 2, 3 -> copy.set(name, mutate(copy.get(name), random, depth + 1));
                default -> copy.set(name, randomValue(random, depth));
            }
            return copy;
        }
        if (node instanceof ArrayNode array && array.size() > 0 && random.nextBoolean()) {
            ArrayNode copy = array.deepCopy();
            int at = random.nextInt(copy.size());
            copy.set(at, mutate(copy.get(at), random, depth + 1));
            return copy;
        }
        return randomValue(random, depth);
    }

    private static JsonNode randomValue(Random random, int depth) {
        return switch (random.nextInt(depth > 2 ? 8 : 10)) {
            case 0, 1, 2 -> NODES.textNode(TEXTS[random.nextInt(TEXTS.length)]);
            case 3 -> NODES.numberNode(random.nextInt(5) - 1);
            case 4 -> NODES.numberNode(new BigDecimal(random.nextBoolean() ? "1.0" : "2.5"));
            case 5 -> NODES.booleanNode(random.nextBoolean());
            case 6 -> NODES.nullNode();
            case 7 -> NODES.numberNode(new java.math.BigInteger("99999999999999999999"));
            case 8 -> NODES.arrayNode().add(randomValue(random, depth + 1));
            default -> NODES.objectNode().set("reason", randomValue(random, depth + 1));
        };
    }
}
