package io.notiledger.projections;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;

class RecipientMaskTest {

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({
            "jane.doe@example.com, j***e@example.com",
            "abc@example.com, a***c@example.com",
            "John.Smith@mail.example.org, J***h@mail.example.org",
    })
    void emailKeepsFirstAndLastCharacterOfTheLocalPartAndTheWholeDomain(String recipient, String masked) {
        assertThat(RecipientMask.mask(recipient)).isEqualTo(masked);
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({
            "ab@example.com, a***@example.com",
            "a@example.com, a***@example.com",
    })
    void emailWithAShortLocalPartShowsOnlyItsFirstCharacter(String recipient, String masked) {
        assertThat(RecipientMask.mask(recipient)).isEqualTo(masked);
    }

    @Test
    void emailMaskDoesNotRevealTheLocalPartsLength() {
        assertThat(RecipientMask.mask("jo@example.com")).isEqualTo(RecipientMask.mask("j@example.com"));
    }

    @Test
    void onlyTheLastAtSignSplitsLocalPartAndDomain() {
        assertThat(RecipientMask.mask("\"odd@local\"@example.com")).isEqualTo("\"***\"@example.com");
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({
            "+15551234567, ***4567",
            "+44 20 7946 0958, ***0958",
            "0612345678, ***5678",
    })
    void phoneNumberKeepsItsLastFourCharacters(String recipient, String masked) {
        assertThat(RecipientMask.mask(recipient)).isEqualTo(masked);
    }

    @Test
    void shortNonEmailRecipientNeverShowsMoreThanHalfOfItself() {
        assertThat(RecipientMask.mask("123456")).isEqualTo("***456");
        assertThat(RecipientMask.mask("12")).isEqualTo("***2");
        assertThat(RecipientMask.mask("7")).isEqualTo("***");
    }

    @Test
    void maskedValueNeverContainsTheWholeRecipient() {
        for (String recipient : new String[] {"jane.doe@example.com", "+15551234567", "device-token-abcdef", "x"}) {
            assertThat(RecipientMask.mask(recipient)).doesNotContain(recipient).startsWith(recipient.contains("@") ? recipient.substring(0, 1) : "***");
        }
    }

    @Test
    void nullStaysNull() {
        assertThat(RecipientMask.mask(null)).isNull();
    }

    @Test
    void emptyStaysEmpty() {
        assertThat(RecipientMask.mask("")).isEmpty();
    }
}
