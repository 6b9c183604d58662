package dev.orderflow.contracts.events;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.BeanProperty;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.deser.ContextualDeserializer;
import com.fasterxml.jackson.databind.deser.std.StdScalarDeserializer;
import com.fasterxml.jackson.datatype.jsr310.deser.InstantDeserializer;
import java.io.IOException;
import java.time.Instant;

/**
 * Binds an {@link Instant} written in the producers' own form ({@link UtcTimes#parseStrict}) without
 * the general ISO parser; every other token (other text forms, numbers, nulls) goes to the
 * JavaTimeModule's deserializer, set up for the property as it would have been, which decides as before.
 */
final class UtcInstantDeserializer extends StdScalarDeserializer<Instant> implements ContextualDeserializer {

    private final JsonDeserializer<?> fallback;

    UtcInstantDeserializer() {
        this(InstantDeserializer.INSTANT);
    }

    private UtcInstantDeserializer(JsonDeserializer<?> fallback) {
        super(Instant.class);
        this.fallback = fallback;
    }

    @Override
    public JsonDeserializer<?> createContextual(DeserializationContext ctxt, BeanProperty property) throws JsonMappingException {
        JsonDeserializer<?> contextual = fallback instanceof ContextualDeserializer c ? c.createContextual(ctxt, property) : fallback;
        return contextual == fallback ? this : new UtcInstantDeserializer(contextual);
    }

    @Override
    public Instant deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
        if (p.hasToken(JsonToken.VALUE_STRING)) {
            Instant instant = UtcTimes.parseStrict(p.getText());
            if (instant != null) {
                return instant;
            }
        }
        return (Instant) fallback.deserialize(p, ctxt);
    }
}
