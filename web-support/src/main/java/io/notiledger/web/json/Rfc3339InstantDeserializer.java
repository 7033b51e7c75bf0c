package io.notiledger.web.json;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.deser.std.StdScalarDeserializer;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;

import java.io.IOException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.regex.Pattern;

/**
 * An instant only as an RFC 3339 date-time string with an offset ({@code 2026-03-01T09:00:00Z},
 * {@code 2026-03-01T10:00:00.250+01:00}). Epoch numbers are refused: {@code -1} or {@code 1e300} would
 * silently mean 1969 or overflow, and a four-digit year keeps every accepted instant in range.
 */
public class Rfc3339InstantDeserializer extends StdScalarDeserializer<Instant> {

    public static final String EXPECTED = "must be an RFC 3339 date-time string with an offset, like 2026-03-01T09:00:00Z";

    private static final Pattern RFC_3339 = Pattern.compile(
            "\\d{4}-\\d{2}-\\d{2}[Tt]\\d{2}:\\d{2}:\\d{2}(\\.\\d{1,9})?([Zz]|[+-]\\d{2}:\\d{2})");

    public Rfc3339InstantDeserializer() {
        super(Instant.class);
    }

    @Override
    public Instant deserialize(JsonParser parser, DeserializationContext context) throws IOException {
        if (parser.currentToken() != JsonToken.VALUE_STRING) {
            throw InvalidFormatException.from(parser, EXPECTED, parser.getText(), Instant.class);
        }
        String text = parser.getText();
        if (text.length() > 40 || !RFC_3339.matcher(text).matches()) {
            throw InvalidFormatException.from(parser, EXPECTED, abbreviated(text), Instant.class);
        }
        try {
            return OffsetDateTime.parse(text, DateTimeFormatter.ISO_OFFSET_DATE_TIME).toInstant();
        } catch (DateTimeParseException e) {
            throw InvalidFormatException.from(parser, EXPECTED, text, Instant.class);
        }
    }

    private static String abbreviated(String text) {
        return text.length() > 40 ? text.substring(0, 40) + "..." : text;
    }
}
