package io.notiledger.web.json;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.core.JsonParseException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.http.converter.json.Jackson2ObjectMapperBuilder;

import java.time.Instant;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class StrictJsonDecodingTest {

    enum Colour { RED, GREEN }

    record Paint(Colour colour, String name, Instant at, Map<String, String> tags) {
    }

    private final ObjectMapper application = Jackson2ObjectMapperBuilder.json().build();
    private final ObjectMapper strict = StrictJsonDecoding.strict(application);

    @Test
    void aWellFormedDocumentIsRead() throws Exception {
        Paint paint = strict.readValue("{\"colour\":\"RED\",\"name\":\"rose\",\"at\":\"2026-03-01T10:00:00.250+01:00\","
                + "\"tags\":{\"a\":\"b\"}}", Paint.class);

        assertThat(paint).isEqualTo(new Paint(Colour.RED, "rose", Instant.parse("2026-03-01T09:00:00.250Z"), Map.of("a", "b")));
    }

    @Test
    void unknownFieldsAreRefused() {
        assertThatThrownBy(() -> strict.readValue("{\"name\":\"rose\",\"bcc\":\"x\"}", Paint.class))
                .isInstanceOf(UnrecognizedPropertyException.class);
    }

    @Test
    void aFieldGivenTwiceIsRefused() {
        assertThatThrownBy(() -> strict.readValue("{\"name\":\"rose\",\"name\":\"tulip\"}", Paint.class))
                .isInstanceOf(JsonParseException.class).hasMessageContaining("Duplicate field 'name'");
    }

    @ParameterizedTest(name = "[{0}]")
    @ValueSource(strings = {"{\"name\":5}", "{\"name\":1.5}", "{\"name\":true}", "{\"tags\":{\"a\":1}}"})
    void noNumberOrBooleanIsTakenForText(String json) {
        assertThatThrownBy(() -> strict.readValue(json, Paint.class)).isInstanceOf(MismatchedInputException.class);
    }

    @Test
    void noNumberIsTakenForAnEnum() {
        assertThatThrownBy(() -> strict.readValue("{\"colour\":0}", Paint.class)).isInstanceOf(InvalidFormatException.class);
    }

    @Test
    void nothingMayFollowTheDocument() {
        assertThatThrownBy(() -> strict.readValue("{\"name\":\"rose\"} {}", Paint.class))
                .isInstanceOf(MismatchedInputException.class);
    }

    @ParameterizedTest(name = "[{0}]")
    @ValueSource(strings = {"-1", "1e300", "0", "\"-999999999-01-01T00:00:00Z\"", "\"+10000-01-01T00:00:00Z\"",
            "\"2030-01-01T00:00:00\"", "\"2030-01-01\"", "\"2026-02-30T00:00:00Z\"", "\"2026-01-01T25:00:00Z\"",
            "\"2026-01-01 00:00:00Z\"", "{}", "[]"})
    void anInstantIsOnlyAnRfc3339StringWithAnOffset(String at) {
        assertThatThrownBy(() -> strict.readValue("{\"at\":" + at + "}", Paint.class))
                .isInstanceOfSatisfying(InvalidFormatException.class, e -> assertThat(e.getTargetType()).isEqualTo(Instant.class));
    }

    @ParameterizedTest(name = "[{0}]")
    @ValueSource(strings = {"2026-03-01T09:00:00Z", "2026-03-01t09:00:00z", "2026-03-01T09:00:00.123456789Z",
            "2026-03-01T11:00:00+02:00", "2026-03-01T04:30:00-04:30"})
    void rfc3339InstantsAreRead(String at) throws Exception {
        assertThat(strict.readValue("{\"at\":\"" + at + "\"}", Paint.class).at()).isNotNull();
    }

    @Test
    void theApplicationMapperStaysLenient() throws Exception {
        assertThat(application.readValue("{\"name\":\"rose\",\"later\":1}", Paint.class).name()).isEqualTo("rose");
    }
}
