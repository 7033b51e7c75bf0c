package io.notiledger.query.admin;

import com.mongodb.MongoTimeoutException;
import io.notiledger.api.admin.ParkedEventsResponse;
import io.notiledger.projections.parking.ParkedEvents;
import io.notiledger.projections.parking.ProcessorNotStartedException;
import io.notiledger.query.web.QueryProblemHandler;
import org.junit.jupiter.api.Test;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

/** The operators' endpoints answer what the views cannot do right now as problems, never as a 500. */
class ParkedEventsControllerTest {

    private final ParkedEvents parked = mock(ParkedEvents.class);
    private final WebTestClient http = WebTestClient.bindToController(new ParkedEventsController(parked))
            .controllerAdvice(new QueryProblemHandler()).build();

    @Test
    void mongoUnreachableAnswers503ViewsUnavailableWithRetryAfter() {
        when(parked.list()).thenThrow(new MongoTimeoutException("Timed out while waiting for a server"));

        http.get().uri("/admin/v1/parked-events").exchange()
                .expectStatus().isEqualTo(503)
                .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .expectHeader().valueEquals("Retry-After", "5")
                .expectBody()
                .jsonPath("$.code").isEqualTo("VIEWS_UNAVAILABLE")
                .jsonPath("$.detail").value(detail -> assertThat((String) detail)
                        .doesNotContain("Timed out"));
    }

    @Test
    void aRetryBeforeTheProcessorHasStartedAnswers503ViewsUnavailable() {
        when(parked.groups()).thenReturn(List.of("notification-status"));
        when(parked.retry(any(), any())).thenThrow(new ProcessorNotStartedException("notification-status"));

        http.post().uri("/admin/v1/parked-events/retry?group=notification-status").exchange()
                .expectStatus().isEqualTo(503)
                .expectBody().jsonPath("$.code").isEqualTo("VIEWS_UNAVAILABLE");
    }

    @Test
    void anUnknownViewAnswers400WithoutEchoingTheClientsText() {
        when(parked.groups()).thenReturn(List.of("notification-status", "notification-audit"));

        http.post().uri("/admin/v1/parked-events/retry?group=<script>alert(1)</script>").exchange()
                .expectStatus().isBadRequest()
                .expectBody()
                .jsonPath("$.code").isEqualTo("VALIDATION_FAILED")
                .jsonPath("$.detail").isEqualTo("No such view; the views are [notification-status, notification-audit]");
    }

    @Test
    void theListingIsAnsweredAsItIs() {
        when(parked.list()).thenReturn(new ParkedEventsResponse(List.of()));

        http.get().uri("/admin/v1/parked-events").exchange()
                .expectStatus().isOk()
                .expectBody().jsonPath("$.groups").isEmpty();
    }
}
