package io.notiledger.web.json;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.cfg.CoercionAction;
import com.fasterxml.jackson.databind.cfg.CoercionInputShape;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.type.LogicalType;
import org.springframework.boot.web.codec.CodecCustomizer;
import org.springframework.core.Ordered;
import org.springframework.http.codec.CodecConfigurer;
import org.springframework.http.codec.json.Jackson2JsonDecoder;

import java.time.Instant;

/**
 * Reads JSON request bodies strictly, so that what a client meant is never guessed: an unknown field, a
 * field given twice, a number or boolean where text is expected, a number for an enum, anything after the
 * document, and an instant that is not an RFC 3339 string with an offset are all refused (400). Only HTTP
 * input is read this way; the application's {@link ObjectMapper} (events, Kafka records) stays as lenient
 * as its stored history needs.
 */
public class StrictJsonDecoding implements CodecCustomizer, Ordered {

    private final ObjectMapper strict;

    public StrictJsonDecoding(ObjectMapper application) {
        this.strict = strict(application);
    }

    static ObjectMapper strict(ObjectMapper application) {
        ObjectMapper mapper = application.copy()
                .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .enable(DeserializationFeature.FAIL_ON_NUMBERS_FOR_ENUMS)
                .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
                .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
                .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
                .registerModule(new SimpleModule("rfc3339-instants").addDeserializer(Instant.class, new Rfc3339InstantDeserializer()));
        mapper.coercionConfigFor(LogicalType.Textual)
                .setCoercion(CoercionInputShape.Integer, CoercionAction.Fail)
                .setCoercion(CoercionInputShape.Float, CoercionAction.Fail)
                .setCoercion(CoercionInputShape.Boolean, CoercionAction.Fail);
        return mapper;
    }

    @Override
    public void customize(CodecConfigurer configurer) {
        configurer.defaultCodecs().jackson2JsonDecoder(new Jackson2JsonDecoder(strict));
    }

    /** After Spring Boot's own Jackson codec customizer, which this one replaces for decoding. */
    @Override
    public int getOrder() {
        return Ordered.LOWEST_PRECEDENCE;
    }
}
