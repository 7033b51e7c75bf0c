package io.notiledger.command.notification;

import io.notiledger.api.command.CancelNotificationCommand;
import io.notiledger.api.command.DeliveryTicket;
import io.notiledger.api.command.NotificationAccepted;
import io.notiledger.api.command.RecordDeliveryFailureCommand;
import io.notiledger.api.command.RecordDeliverySuccessCommand;
import io.notiledger.api.command.RedriveNotificationCommand;
import io.notiledger.api.command.RequestNotificationCommand;
import io.notiledger.api.command.StartDeliveryAttemptCommand;
import io.notiledger.api.error.ErrorCode;
import io.notiledger.api.error.LedgerException;
import io.notiledger.api.event.DeliveryAttemptFailedEvent;
import io.notiledger.api.event.DeliveryAttemptStartedEvent;
import io.notiledger.api.event.NotificationCancelledEvent;
import io.notiledger.api.event.NotificationDeadLetteredEvent;
import io.notiledger.api.event.NotificationQueuedEvent;
import io.notiledger.api.event.NotificationRequestedEvent;
import io.notiledger.api.event.NotificationScheduledEvent;
import io.notiledger.api.event.NotificationSentEvent;
import io.notiledger.api.event.RedriveRequestedEvent;
import io.notiledger.api.event.RetryScheduledEvent;
import io.notiledger.api.notification.LedgerMetaData;
import io.notiledger.api.notification.NotificationContent;
import io.notiledger.api.notification.NotificationStatus;
import io.notiledger.api.notification.Priority;
import io.notiledger.api.notification.QueueReason;
import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.deadline.DeadlineManager;
import org.axonframework.deadline.annotation.DeadlineHandler;
import org.axonframework.eventhandling.GenericEventMessage;
import org.axonframework.eventsourcing.EventSourcingHandler;
import org.axonframework.messaging.MetaData;
import org.axonframework.messaging.annotation.MetaDataValue;
import org.axonframework.modelling.command.AggregateCreationPolicy;
import org.axonframework.modelling.command.AggregateIdentifier;
import org.axonframework.modelling.command.CreationPolicy;
import org.axonframework.spring.stereotype.Aggregate;

import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.Objects;
import java.util.Set;

import static org.axonframework.modelling.command.AggregateLifecycle.apply;

/**
 * One notification: one recipient on one channel. Enforces the delivery state machine of DESIGN.md:
 * one attempt in flight at a time, results only for the current attempt, never sent twice, re-drive
 * only of a dead-lettered notification and only by an operator, limits and back-off per priority.
 */
@Aggregate(cache = "notificationCache")
public class Notification {

    /** Events a timer causes name the scheduler as their actor. */
    private static final MetaData BY_SCHEDULER = MetaData.with(LedgerMetaData.ACTOR, "scheduler");

    @AggregateIdentifier
    private String notificationId;
    private NotificationStatus status;
    private String requestFingerprint;
    private Priority priority;
    private String tenantId;
    private NotificationContent content;
    private int currentAttempt;
    private int roundFirstAttempt;
    private final Set<String> redriveRuns = new HashSet<>();

    protected Notification() {
        // for Axon: created empty, then filled by its events
    }

    /**
     * Creates the notification, or, when the id (derived from an idempotency key) exists already,
     * answers with the original if the request is the same and refuses it if it differs.
     */
    @CommandHandler
    @CreationPolicy(AggregateCreationPolicy.CREATE_IF_MISSING)
    public NotificationAccepted handle(RequestNotificationCommand command, DeadlineManager deadlines) {
        if (status != null) {
            if (!tenantId.equals(command.tenantId())
                    || !Objects.equals(requestFingerprint, command.requestFingerprint())) {
                throw new LedgerException(ErrorCode.IDEMPOTENCY_CONFLICT,
                        "Idempotency key '" + command.idempotencyKey() + "' was used before for a different request");
            }
            return new NotificationAccepted(notificationId, status, false);
        }
        apply(new NotificationRequestedEvent(command.notificationId(), command.tenantId(), command.content(),
                command.idempotencyKey(), command.requestFingerprint()));
        Instant sendAt = command.content().sendAt();
        if (sendAt != null && sendAt.isAfter(now())) {
            apply(new NotificationScheduledEvent(notificationId, sendAt));
            deadlines.schedule(sendAt, DeliveryDue.DEADLINE, new DeliveryDue(currentAttempt));
        } else {
            apply(new NotificationQueuedEvent(notificationId, currentAttempt, QueueReason.REQUESTED));
        }
        return new NotificationAccepted(notificationId, status, true);
    }

    @CommandHandler
    public DeliveryTicket handle(StartDeliveryAttemptCommand command, RetryPolicy policy, DeadlineManager deadlines,
                                @MetaDataValue(LedgerMetaData.TENANT_ID) String tenant) {
        requireSameTenantIfNamed(tenant);
        if (status == NotificationStatus.SENDING) {
            throw new LedgerException(ErrorCode.ATTEMPT_IN_FLIGHT,
                    "Attempt " + currentAttempt + " of " + notificationId + " is still in flight");
        }
        if (status != NotificationStatus.QUEUED) {
            throw new LedgerException(ErrorCode.NOT_DELIVERABLE, notificationId + " is " + status + ", not QUEUED");
        }
        requireCurrentAttempt(command.attemptNumber());
        apply(new DeliveryAttemptStartedEvent(notificationId, currentAttempt, content.channel()));
        String timeout = deadlines.schedule(policy.attemptTimeout(), AttemptTimeout.DEADLINE,
                new AttemptTimeout(currentAttempt));
        return new DeliveryTicket(notificationId, currentAttempt, tenantId, content, timeout);
    }

    @CommandHandler
    public void handle(RecordDeliverySuccessCommand command, DeadlineManager deadlines,
                       @MetaDataValue(LedgerMetaData.TENANT_ID) String tenant) {
        requireSameTenantIfNamed(tenant);
        requireInFlight(command.attemptNumber());
        apply(new NotificationSentEvent(notificationId, currentAttempt, command.vendor(), command.vendorMessageId(),
                content.channel()));
        cancelAttemptTimeout(command.attemptTimeoutId(), deadlines);
    }

    @CommandHandler
    public void handle(RecordDeliveryFailureCommand command, RetryPolicy policy, DeadlineManager deadlines,
                       @MetaDataValue(LedgerMetaData.TENANT_ID) String tenant) {
        requireSameTenantIfNamed(tenant);
        requireInFlight(command.attemptNumber());
        cancelAttemptTimeout(command.attemptTimeoutId(), deadlines);
        fail(command.vendor(), command.errorCode(), command.errorMessage(), command.retryable(), MetaData.emptyInstance(),
                policy, deadlines);
    }

    @CommandHandler
    public void handle(CancelNotificationCommand command, @MetaDataValue(LedgerMetaData.TENANT_ID) String tenant,
                       @MetaDataValue(LedgerMetaData.ANY_TENANT) Boolean anyTenant) {
        requireTenant(tenant, anyTenant);
        if (!status.isCancellable()) {
            throw new LedgerException(ErrorCode.NOT_CANCELLABLE, notificationId + " is " + status + " and can no longer be cancelled");
        }
        apply(new NotificationCancelledEvent(notificationId, command.actor(), command.reason()), ownTenant());
    }

    @CommandHandler
    public void handle(RedriveNotificationCommand command, @MetaDataValue(LedgerMetaData.TENANT_ID) String tenant,
                       @MetaDataValue(LedgerMetaData.ANY_TENANT) Boolean anyTenant) {
        requireTenant(tenant, anyTenant);
        if (command.operator() == null || command.operator().isBlank()) {
            throw new LedgerException(ErrorCode.OPERATOR_REQUIRED, "A re-drive must name its operator");
        }
        // checked before the status: a notification this run re-drove and that failed again stays with the operator
        if (command.runId() != null && redriveRuns.contains(command.runId())) {
            throw new LedgerException(ErrorCode.ALREADY_REDRIVEN,
                    notificationId + " was re-driven by run " + command.runId() + " already");
        }
        if (status != NotificationStatus.DEAD_LETTERED) {
            throw new LedgerException(ErrorCode.NOT_REDRIVABLE, notificationId + " is " + status + ", not DEAD_LETTERED");
        }
        apply(new RedriveRequestedEvent(notificationId, command.operator(), command.reason(), command.runId()), ownTenant());
        apply(new NotificationQueuedEvent(notificationId, currentAttempt + 1, QueueReason.REDRIVE), ownTenant());
    }

    @DeadlineHandler(deadlineName = DeliveryDue.DEADLINE)
    public void on(DeliveryDue due) {
        if (due.attemptNumber() != currentAttempt) {
            return; // a timer of an earlier round
        }
        if (status == NotificationStatus.SCHEDULED) {
            apply(new NotificationQueuedEvent(notificationId, currentAttempt, QueueReason.SCHEDULE_DUE), BY_SCHEDULER);
        } else if (status == NotificationStatus.RETRY_SCHEDULED) {
            apply(new NotificationQueuedEvent(notificationId, currentAttempt, QueueReason.RETRY_DUE), BY_SCHEDULER);
        }
    }

    @DeadlineHandler(deadlineName = AttemptTimeout.DEADLINE)
    public void on(AttemptTimeout timeout, RetryPolicy policy, DeadlineManager deadlines) {
        if (status == NotificationStatus.SENDING && timeout.attemptNumber() == currentAttempt) {
            fail(null, AttemptTimeout.ERROR_CODE, AttemptTimeout.describe(policy.attemptTimeout()), true, BY_SCHEDULER,
                    policy, deadlines);
        }
    }

    private void fail(String vendor, String errorCode, String errorMessage, boolean retryable, MetaData metaData,
                      RetryPolicy policy, DeadlineManager deadlines) {
        int failed = currentAttempt;
        apply(new DeliveryAttemptFailedEvent(notificationId, failed, vendor, errorCode, errorMessage, retryable), metaData);
        int failuresInRound = failed - roundFirstAttempt + 1;
        if (retryable && failuresInRound < policy.maxAttempts(priority)) {
            Duration backoff = policy.backoffAfter(failuresInRound, priority);
            Instant due = now().plus(backoff);
            apply(new RetryScheduledEvent(notificationId, failed + 1, due, backoff), metaData);
            deadlines.schedule(due, DeliveryDue.DEADLINE, new DeliveryDue(failed + 1));
        } else {
            String reason = retryable
                    ? "Gave up after " + failuresInRound + " attempts"
                    : "Permanent failure: " + errorCode;
            apply(new NotificationDeadLetteredEvent(notificationId, failed, errorCode, reason), metaData);
        }
    }

    /**
     * The attempt's outcome is known: its timeout would only fire later to find it over, and load this
     * notification again for nothing. Cancelled by the id the claim handed out (its row is deleted in this
     * command's transaction); without one it is left to fire, which changes nothing.
     */
    private static void cancelAttemptTimeout(String timeoutId, DeadlineManager deadlines) {
        if (timeoutId != null) {
            deadlines.cancelSchedule(AttemptTimeout.DEADLINE, timeoutId);
        }
    }

    /**
     * A command from a client names its tenant, or says that an operator sent it for any tenant: another tenant's
     * notification is answered exactly as an unknown one. The HTTP edge already asks only for the caller's
     * tenant; this holds the rule also for every other way a command may come in.
     */
    private void requireTenant(String tenant, Boolean anyTenant) {
        if (!Boolean.TRUE.equals(anyTenant) && !tenantId.equals(tenant)) {
            throw notFound();
        }
    }

    /** The delivery process's commands carry the tenant of the event they answer, when that event had one. */
    private void requireSameTenantIfNamed(String tenant) {
        if (tenant != null && !tenantId.equals(tenant)) {
            throw notFound();
        }
    }

    private LedgerException notFound() {
        return new LedgerException(ErrorCode.NOTIFICATION_NOT_FOUND, "No notification " + notificationId);
    }

    /** An operator's command names no tenant; what it causes still belongs to the notification's. */
    private MetaData ownTenant() {
        return MetaData.with(LedgerMetaData.TENANT_ID, tenantId);
    }

    private void requireInFlight(int attemptNumber) {
        requireCurrentAttempt(attemptNumber);
        if (status != NotificationStatus.SENDING) {
            throw new LedgerException(ErrorCode.STALE_ATTEMPT,
                    "Attempt " + attemptNumber + " of " + notificationId + " is not in flight (" + status + ")");
        }
    }

    private void requireCurrentAttempt(int attemptNumber) {
        if (attemptNumber != currentAttempt) {
            throw new LedgerException(ErrorCode.STALE_ATTEMPT,
                    "Attempt " + attemptNumber + " is stale: the current attempt of " + notificationId + " is " + currentAttempt);
        }
    }

    private static Instant now() {
        return GenericEventMessage.clock.instant();
    }

    @EventSourcingHandler
    void on(NotificationRequestedEvent event) {
        notificationId = event.notificationId();
        status = NotificationStatus.REQUESTED;
        requestFingerprint = event.requestFingerprint();
        priority = event.content().priority();
        tenantId = event.tenantId();
        content = event.content();
        currentAttempt = 1;
        roundFirstAttempt = 1;
    }

    @EventSourcingHandler
    void on(NotificationScheduledEvent event) {
        status = NotificationStatus.SCHEDULED;
    }

    @EventSourcingHandler
    void on(NotificationQueuedEvent event) {
        status = NotificationStatus.QUEUED;
        currentAttempt = event.attemptNumber();
    }

    @EventSourcingHandler
    void on(DeliveryAttemptStartedEvent event) {
        status = NotificationStatus.SENDING;
    }

    @EventSourcingHandler
    void on(NotificationSentEvent event) {
        status = NotificationStatus.SENT;
    }

    @EventSourcingHandler
    void on(RetryScheduledEvent event) {
        status = NotificationStatus.RETRY_SCHEDULED;
        currentAttempt = event.nextAttemptNumber();
    }

    @EventSourcingHandler
    void on(NotificationDeadLetteredEvent event) {
        status = NotificationStatus.DEAD_LETTERED;
    }

    @EventSourcingHandler
    void on(NotificationCancelledEvent event) {
        status = NotificationStatus.CANCELLED;
    }

    @EventSourcingHandler
    void on(RedriveRequestedEvent event) {
        roundFirstAttempt = currentAttempt + 1;
        if (event.runId() != null) {
            redriveRuns.add(event.runId());
        }
    }
}
