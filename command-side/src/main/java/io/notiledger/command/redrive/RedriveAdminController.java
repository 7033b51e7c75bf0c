package io.notiledger.command.redrive;

import io.notiledger.access.Caller;
import io.notiledger.api.command.RedriveNotificationCommand;
import io.notiledger.api.error.ErrorCode;
import io.notiledger.api.error.LedgerException;
import io.notiledger.api.notification.LedgerMetaData;
import io.notiledger.api.notification.NotificationIdFormat;
import io.notiledger.api.notification.NotificationStatus;
import io.notiledger.command.web.CommandApiProperties;
import io.notiledger.command.web.FieldViolation;
import io.notiledger.command.web.InvalidRequestException;
import io.notiledger.command.web.NotificationAcceptedResponse;
import org.axonframework.commandhandling.GenericCommandMessage;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.messaging.MetaData;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * An operator re-drives dead-lettered notifications: selects them from the event history (nothing changes), then
 * re-drives each through its aggregate, which records the operator (the key's id), the reason and the run, and
 * refuses a second re-drive by the same run. Pacing and progress belong to the caller (ledger-admin).
 */
@RestController
@RequestMapping(value = "/admin/v1", produces = MediaType.APPLICATION_JSON_VALUE)
public class RedriveAdminController {

    static final int SAMPLE_SIZE = 10;

    private final RedriveSelector selector;
    private final CommandGateway commands;
    private final Duration timeout;

    public RedriveAdminController(RedriveSelector selector, CommandGateway commands, CommandApiProperties properties) {
        this.selector = selector;
        this.commands = commands;
        this.timeout = properties.commandTimeout();
    }

    /** The selection of a re-drive, read from the event store; changes nothing. */
    @PostMapping(value = "/redrive-selections", consumes = MediaType.APPLICATION_JSON_VALUE)
    public Mono<RedriveSelectionResponse> select(@RequestBody(required = false) RedriveSelectionRequest request) {
        RedriveSelection selection = RedriveSelection.of(request);
        return Mono.fromCallable(() -> selector.select(selection))
                .subscribeOn(Schedulers.boundedElastic())
                .map(selected -> new RedriveSelectionResponse(selection.runId(), selected.size(),
                        selected.subList(0, Math.min(SAMPLE_SIZE, selected.size())),
                        selected.stream().map(RedriveCandidate::notificationId).toList()));
    }

    /** Re-drives one notification through its aggregate: 202 once the re-drive is stored. */
    @PostMapping(value = "/notifications/{id}/redrive", consumes = MediaType.APPLICATION_JSON_VALUE)
    public Mono<ResponseEntity<NotificationAcceptedResponse>> redrive(@AuthenticationPrincipal Caller caller,
                                                                      @PathVariable String id,
                                                                      @RequestBody(required = false) RedriveRequest request) {
        if (!NotificationIdFormat.isWellFormed(id)) {
            throw new LedgerException(ErrorCode.NOTIFICATION_NOT_FOUND, "No notification has this id; ids are lowercase UUIDs");
        }
        List<FieldViolation> violations = new ArrayList<>();
        RedriveSelection.checkReason(request == null ? null : request.reason(), violations);
        RedriveSelection.checkRunId(request == null ? null : request.runId(), violations);
        if (!violations.isEmpty()) {
            throw new InvalidRequestException(violations);
        }
        MetaData metaData = MetaData.with(LedgerMetaData.ANY_TENANT, true).and(LedgerMetaData.ACTOR, caller.keyId());
        RedriveNotificationCommand command = new RedriveNotificationCommand(id, caller.keyId(), request.reason().strip(),
                request.runId());
        return Mono.defer(() -> Mono.fromFuture(commands.send(GenericCommandMessage.asCommandMessage(command).andMetaData(metaData))))
                .timeout(timeout)
                .then(Mono.fromSupplier(() -> ResponseEntity.status(HttpStatus.ACCEPTED)
                        .location(URI.create("/v1/notifications/" + id))
                        .body(new NotificationAcceptedResponse(id, NotificationStatus.QUEUED))));
    }
}
