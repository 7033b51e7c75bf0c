package io.notiledger.access.web;

import org.junit.jupiter.api.Test;
import org.springframework.mock.http.server.reactive.MockServerHttpRequest;
import org.springframework.mock.web.server.MockServerWebExchange;
import org.springframework.security.core.Authentication;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

class BearerKeyConverterTest {

    private final BearerKeyConverter converter = new BearerKeyConverter();

    @Test
    void aBearerKeyIsReadWhateverTheSchemesCase() {
        assertThat(secretOf("Bearer nl_abc")).isEqualTo("nl_abc");
        assertThat(secretOf("bearer nl_abc ")).isEqualTo("nl_abc");
    }

    @Test
    void noHeaderOrAnotherSchemeIsAnonymous() {
        assertThat(convert(null)).isNull();
        assertThat(convert("Basic dXNlcjpwYXNz")).isNull();
        assertThat(convert("Bearer ")).isNull();
        assertThat(convert("Bearernl_abc")).isNull();
    }

    @Test
    void theSecretIsNeverInTheTextOfTheAuthentication() {
        Authentication authentication = convert("Bearer nl_secret");

        assertThat(authentication.toString()).doesNotContain("nl_secret");
        assertThat(authentication.isAuthenticated()).isFalse();
    }

    private String secretOf(String header) {
        return (String) convert(header).getCredentials();
    }

    private Authentication convert(String header) {
        MockServerHttpRequest.BaseBuilder<?> request = MockServerHttpRequest.get("/v1/notifications/x");
        if (header != null) {
            request.header("Authorization", header);
        }
        return converter.convert(MockServerWebExchange.from(request)).block(Duration.ofSeconds(1));
    }
}
