package io.notiledger.command.web;

import org.axonframework.commandhandling.CommandExecutionException;
import org.axonframework.eventsourcing.eventstore.EventStoreException;
import io.notiledger.web.problem.FrameworkProblemHandler;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.mock.http.server.reactive.MockServerHttpRequest;
import org.springframework.mock.web.server.MockServerWebExchange;

import java.sql.SQLException;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

class CommandProblemHandlerTest {

    private final CommandProblemHandler handler =
            new CommandProblemHandler(new CommandApiProperties(Duration.ofSeconds(10), Duration.ofSeconds(5)),
                    new FrameworkProblemHandler());
    private final MockServerWebExchange exchange =
            MockServerWebExchange.from(MockServerHttpRequest.post("/v1/notifications"));

    @Test
    void aFullDiskIsA503WithRetryAfter() {
        var diskFull = new EventStoreException("append failed", new SQLException("could not extend file", "53100"));

        ResponseEntity<ProblemDetail> answer = handler.unexpected(diskFull, exchange);

        assertStoreUnavailable(answer);
    }

    @Test
    void aLostConnectionWrappedByTheCommandBusIsA503() {
        var lost = new CommandExecutionException("failed", new SQLException("connection refused", "08001"));

        ResponseEntity<ProblemDetail> answer = handler.wrapped(lost, exchange);

        assertStoreUnavailable(answer);
    }

    @Test
    void anyOtherFailureStaysAn500() {
        ResponseEntity<ProblemDetail> answer = handler.unexpected(new IllegalStateException("bug"), exchange);

        assertThat(answer.getStatusCode().value()).isEqualTo(500);
        assertThat(answer.getHeaders().getFirst(HttpHeaders.RETRY_AFTER)).isNull();
        assertThat(answer.getBody().getProperties()).containsEntry("code", "INTERNAL_ERROR");
    }

    private static void assertStoreUnavailable(ResponseEntity<ProblemDetail> answer) {
        assertThat(answer.getStatusCode().value()).isEqualTo(503);
        assertThat(answer.getHeaders().getContentType()).isEqualTo(MediaType.APPLICATION_PROBLEM_JSON);
        assertThat(answer.getHeaders().getFirst(HttpHeaders.RETRY_AFTER)).isEqualTo("5");
        assertThat(answer.getBody().getStatus()).isEqualTo(503);
        assertThat(answer.getBody().getProperties()).containsEntry("code", "STORE_UNAVAILABLE");
    }
}
