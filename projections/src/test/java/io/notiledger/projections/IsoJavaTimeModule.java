package io.notiledger.projections;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.deser.std.StdScalarDeserializer;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.ser.std.ToStringSerializer;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.function.Function;

/**
 * Writes and reads {@link Instant} and {@link Duration} as ISO-8601 text, as Spring Boot's ObjectMapper does
 * with jackson-datatype-jsr310's JavaTimeModule and WRITE_DATES_AS_TIMESTAMPS/WRITE_DURATIONS_AS_TIMESTAMPS
 * disabled. It stands in for JavaTimeModule because that module is not on this module's classpath (the
 * deployables bring it through spring-boot-starter-json).
 */
public final class IsoJavaTimeModule extends SimpleModule {

    public IsoJavaTimeModule() {
        super("iso-java-time");
        addSerializer(Instant.class, ToStringSerializer.instance);
        addSerializer(Duration.class, ToStringSerializer.instance);
        addDeserializer(Instant.class, new IsoDeserializer<>(Instant.class, Instant::parse));
        addDeserializer(Duration.class, new IsoDeserializer<>(Duration.class, Duration::parse));
    }

    private static final class IsoDeserializer<T> extends StdScalarDeserializer<T> {

        private final transient Function<String, T> parse;

        IsoDeserializer(Class<T> type, Function<String, T> parse) {
            super(type);
            this.parse = parse;
        }

        @Override
        public T deserialize(JsonParser parser, DeserializationContext context) throws IOException {
            return parse.apply(parser.getValueAsString());
        }
    }
}
