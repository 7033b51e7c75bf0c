package io.notiledger.query.admin;

import io.notiledger.access.Caller;
import io.notiledger.api.admin.ViewGenerationsResponse;
import io.notiledger.api.admin.ViewRebuildRequest;
import io.notiledger.projections.rebuild.ViewRebuilds;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * Operators rebuild a view blue/green ({@link ViewRebuilds}): {@code POST} starts it and answers 202 at once,
 * {@code GET} shows every view's live generation and the running rebuild's progress. Blocking MongoDB and Kafka
 * calls, so both run on a worker pool.
 */
@RestController
@RequestMapping(value = "/admin/v1/views/rebuilds", produces = MediaType.APPLICATION_JSON_VALUE)
public class ViewRebuildsController {

    private final ViewRebuilds rebuilds;

    public ViewRebuildsController(ViewRebuilds rebuilds) {
        this.rebuilds = rebuilds;
    }

    @GetMapping
    public Mono<ViewGenerationsResponse> status() {
        return Mono.fromCallable(rebuilds::status).subscribeOn(Schedulers.boundedElastic());
    }

    @PostMapping(consumes = MediaType.APPLICATION_JSON_VALUE)
    public Mono<ResponseEntity<ViewGenerationsResponse>> start(@AuthenticationPrincipal Caller caller,
                                                               @RequestBody ViewRebuildRequest request) {
        return Mono.fromCallable(() -> rebuilds.start(request.view(), caller.keyId()))
                .subscribeOn(Schedulers.boundedElastic())
                .map(started -> ResponseEntity.status(HttpStatus.ACCEPTED).body(started));
    }
}
