package io.notiledger.web.limits;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DataBufferUtils;
import org.springframework.core.io.buffer.DefaultDataBufferFactory;
import org.springframework.http.MediaType;
import org.springframework.mock.http.server.reactive.MockServerHttpRequest;
import org.springframework.mock.web.server.MockServerWebExchange;
import org.springframework.util.unit.DataSize;
import org.springframework.web.server.PayloadTooLargeException;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilterChain;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class HttpLimitsFilterTest {

    private static final HttpLimitsProperties LIMITS =
            new HttpLimitsProperties(100, DataSize.ofBytes(300), DataSize.ofBytes(1000), DataSize.ofKilobytes(64));

    private final ObjectMapper json = new ObjectMapper();
    private final HttpLimitsFilter filter = new HttpLimitsFilter(LIMITS, json);
    private final AtomicBoolean passed = new AtomicBoolean();
    private final WebFilterChain chain = exchange -> {
        passed.set(true);
        return Mono.empty();
    };

    @Test
    void aRequestWithinTheLimitsPasses() {
        MockServerWebExchange exchange = MockServerWebExchange.from(MockServerHttpRequest.post("/v1/notifications")
                .contentType(MediaType.APPLICATION_JSON).body("{}"));

        filter.filter(exchange, chain).block();

        assertThat(passed).isTrue();
        assertThat(exchange.getResponse().getStatusCode()).isNull();
    }

    @Test
    void aLongTargetIs414() throws Exception {
        MockServerWebExchange exchange = MockServerWebExchange.from(MockServerHttpRequest.get("/v1/" + "x".repeat(100)));

        assertProblem(exchange, 414, "URI_TOO_LONG");
    }

    @Test
    void aLongQueryCountsToo() throws Exception {
        MockServerWebExchange exchange = MockServerWebExchange.from(MockServerHttpRequest.get("/v1?q=" + "x".repeat(95)));

        assertProblem(exchange, 414, "URI_TOO_LONG");
    }

    @Test
    void largeHeadersAre431() throws Exception {
        MockServerWebExchange exchange = MockServerWebExchange.from(MockServerHttpRequest.get("/v1")
                .header("X-Padding", "p".repeat(300)));

        assertProblem(exchange, 431, "HEADERS_TOO_LARGE");
    }

    @Test
    void aDeclaredLargeBodyIs413BeforeItIsRead() throws Exception {
        MockServerWebExchange exchange = MockServerWebExchange.from(MockServerHttpRequest.post("/v1")
                .contentLength(1001).contentType(MediaType.APPLICATION_JSON).body("{}"));

        assertProblem(exchange, 413, "PAYLOAD_TOO_LARGE");
    }

    @Test
    void aBodyWithoutALengthFailsWhenItPassesTheLimit() {
        Flux<DataBuffer> chunks = Flux.range(0, 3).map(i -> DefaultDataBufferFactory.sharedInstance.wrap(new byte[400]));
        MockServerWebExchange exchange = MockServerWebExchange.from(MockServerHttpRequest.post("/v1").body(chunks));
        WebFilterChain reading = read -> DataBufferUtils.join(read.getRequest().getBody()).then();

        assertThatThrownBy(() -> filter.filter(exchange, reading).block()).isInstanceOf(PayloadTooLargeException.class);
    }

    private void assertProblem(ServerWebExchange exchange, int status, String code) throws Exception {
        filter.filter(exchange, chain).block();

        assertThat(passed).as("reached the application").isFalse();
        MockServerWebExchange mock = (MockServerWebExchange) exchange;
        assertThat(mock.getResponse().getStatusCode().value()).isEqualTo(status);
        assertThat(mock.getResponse().getHeaders().getContentType()).isEqualTo(MediaType.APPLICATION_PROBLEM_JSON);
        String body = mock.getResponse().getBodyAsString().block();
        JsonNode problem = json.readTree(body.getBytes(StandardCharsets.UTF_8));
        assertThat(problem.get("status").asInt()).isEqualTo(status);
        assertThat(problem.get("code").asText()).isEqualTo(code);
        assertThat(problem.get("type").asText()).startsWith("urn:notiledger:problem:");
        assertThat(problem.get("detail").asText()).isNotBlank();
    }
}
