package io.notiledger.query.admin;

import io.notiledger.api.admin.ParkedEventsResponse;
import io.notiledger.api.admin.RetryParkedEventsResponse;
import io.notiledger.api.error.ErrorCode;
import io.notiledger.api.error.LedgerException;
import io.notiledger.projections.parking.ParkedEvents;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * Operators' view of the events the views parked, and their retry once the cause is fixed. Both read and
 * write MongoDB with the blocking driver, so they run on a worker pool, never on an HTTP event-loop thread.
 */
@RestController
@RequestMapping(value = "/admin/v1/parked-events", produces = MediaType.APPLICATION_JSON_VALUE)
public class ParkedEventsController {

    private final ParkedEvents parked;

    public ParkedEventsController(ParkedEvents parked) {
        this.parked = parked;
    }

    @GetMapping
    public Mono<ParkedEventsResponse> list() {
        return Mono.fromCallable(parked::list).subscribeOn(Schedulers.boundedElastic());
    }

    @PostMapping("/retry")
    public Mono<RetryParkedEventsResponse> retry(@RequestParam(required = false) String group,
                                                 @RequestParam(required = false) String notificationId) {
        if (group != null && !parked.groups().contains(group)) {
            // the client's text is not echoed: it would reach logs and dashboards as if the ledger had said it
            return Mono.error(new LedgerException(ErrorCode.VALIDATION_FAILED,
                    "No such view; the views are " + parked.groups()));
        }
        return Mono.fromCallable(() -> parked.retry(group, notificationId)).subscribeOn(Schedulers.boundedElastic());
    }
}
