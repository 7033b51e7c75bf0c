package io.notiledger.command.web;

import io.notiledger.access.Caller;
import io.notiledger.api.command.CancelNotificationCommand;
import io.notiledger.api.command.NotificationAccepted;
import io.notiledger.api.command.RequestNotificationCommand;
import io.notiledger.api.error.ErrorCode;
import io.notiledger.api.error.LedgerException;
import io.notiledger.api.notification.Channel;
import io.notiledger.api.notification.LedgerMetaData;
import io.notiledger.api.notification.NotificationContent;
import io.notiledger.api.notification.NotificationIdFormat;
import io.notiledger.api.notification.NotificationStatus;
import io.notiledger.api.notification.Priority;
import io.notiledger.command.notification.NotificationIds;
import org.axonframework.commandhandling.GenericCommandMessage;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.messaging.MetaData;
import org.axonframework.modelling.command.ConcurrencyException;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;
import reactor.util.retry.Retry;

import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * Translates the HTTP command API into commands; holds no business rules. The tenant is the caller's key's, and
 * the key's id is the actor the events record.
 */
@RestController
@RequestMapping("/v1/notifications")
public class NotificationCommandController {

    static final String IDEMPOTENCY_HEADER = "Idempotency-Key";
    static final String REPLAYED_HEADER = "Idempotent-Replayed";
    private static final Set<Channel> DELIVERABLE = Set.of(Channel.EMAIL);

    private final CommandGateway commands;
    private final SendNotificationRequestValidator validator;
    private final Duration timeout;

    public NotificationCommandController(CommandGateway commands, SendNotificationRequestValidator validator,
                                         CommandApiProperties properties) {
        this.commands = commands;
        this.validator = validator;
        this.timeout = properties.commandTimeout();
    }

    @PostMapping(consumes = MediaType.APPLICATION_JSON_VALUE, produces = MediaType.APPLICATION_JSON_VALUE)
    public Mono<ResponseEntity<NotificationAcceptedResponse>> request(
            @AuthenticationPrincipal Caller caller,
            @RequestBody SendNotificationRequest request,
            @RequestHeader(value = IDEMPOTENCY_HEADER, required = false) String idempotencyKey) {
        validator.validate(request, idempotencyKey);
        if (!DELIVERABLE.contains(request.channel())) {
            throw new LedgerException(ErrorCode.UNSUPPORTED_CHANNEL,
                    "Channel " + request.channel() + " has no delivery adapter yet; supported: " + DELIVERABLE);
        }
        String tenantId = caller.tenant();
        Priority priority = request.priority() == null ? Priority.NORMAL : request.priority();
        String correlationId = request.correlationId() == null ? UUID.randomUUID().toString() : request.correlationId();
        RequestNotificationCommand command = new RequestNotificationCommand(
                NotificationIds.forRequest(tenantId, idempotencyKey), tenantId,
                new NotificationContent(request.channel(), request.recipient(), request.subject(), request.body(),
                        request.sendAt(), priority, correlationId,
                        request.metadata() == null ? Map.of() : Map.copyOf(request.metadata())),
                idempotencyKey, RequestFingerprint.of(tenantId, request, priority));
        MetaData metaData = MetaData.with(LedgerMetaData.TENANT_ID, tenantId)
                .and(LedgerMetaData.CORRELATION_ID, correlationId)
                .and(LedgerMetaData.ACTOR, caller.keyId());
        return this.<NotificationAccepted>send(command, metaData)
                // two first requests with one key race to create the aggregate: the loser retries and finds it
                .retryWhen(Retry.max(2).filter(NotificationCommandController::isConcurrencyConflict))
                .map(accepted -> ResponseEntity.status(HttpStatus.ACCEPTED)
                        .location(URI.create("/v1/notifications/" + accepted.notificationId()))
                        .header(REPLAYED_HEADER, Boolean.toString(!accepted.created()))
                        .body(new NotificationAcceptedResponse(accepted.notificationId(), accepted.status())));
    }

    @PostMapping(value = "/{id}/cancel", produces = MediaType.APPLICATION_JSON_VALUE)
    public Mono<ResponseEntity<NotificationAcceptedResponse>> cancel(
            @AuthenticationPrincipal Caller caller,
            @PathVariable String id,
            @RequestBody(required = false) CancelNotificationRequest request) {
        if (!NotificationIdFormat.isWellFormed(id)) {
            throw new LedgerException(ErrorCode.NOTIFICATION_NOT_FOUND, "No notification has this id; ids are lowercase UUIDs");
        }
        validator.validateCancel(request);
        String reason = request == null ? null : request.reason();
        // an operator may cancel any tenant's notification; anyone else only their own tenant's (the aggregate checks)
        MetaData metaData = (caller.isOperator()
                ? MetaData.with(LedgerMetaData.ANY_TENANT, true)
                : MetaData.with(LedgerMetaData.TENANT_ID, caller.tenant()))
                .and(LedgerMetaData.ACTOR, caller.keyId());
        return send(new CancelNotificationCommand(id, caller.keyId(), reason), metaData)
                .then(Mono.fromSupplier(() -> ResponseEntity.status(HttpStatus.ACCEPTED)
                        .location(URI.create("/v1/notifications/" + id))
                        .body(new NotificationAcceptedResponse(id, NotificationStatus.CANCELLED))));
    }

    private <R> Mono<R> send(Object command, MetaData metaData) {
        return Mono.defer(() -> Mono.<R>fromFuture(
                        commands.send(GenericCommandMessage.asCommandMessage(command).andMetaData(metaData))))
                .timeout(timeout);
    }

    private static boolean isConcurrencyConflict(Throwable error) {
        for (Throwable t = error; t != null; t = t.getCause()) {
            if (t instanceof ConcurrencyException) {
                return true;
            }
        }
        return false;
    }
}
