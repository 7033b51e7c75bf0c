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
import io.notiledger.api.notification.Channel;
import io.notiledger.api.notification.LedgerMetaData;
import io.notiledger.api.notification.NotificationContent;
import io.notiledger.api.notification.NotificationStatus;
import io.notiledger.api.notification.Priority;
import io.notiledger.api.notification.QueueReason;
import org.axonframework.commandhandling.GenericCommandMessage;
import org.axonframework.deadline.DeadlineManager;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.GenericEventMessage;
import org.axonframework.messaging.MessageHandlerInterceptor;
import org.axonframework.deadline.DeadlineMessage;
import org.axonframework.test.aggregate.AggregateTestFixture;
import org.hamcrest.Description;
import org.hamcrest.Matcher;
import org.hamcrest.TypeSafeMatcher;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Stream;

import static org.hamcrest.Matchers.containsString;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.verifyNoInteractions;
import static org.mockito.Mockito.verifyNoMoreInteractions;

/**
 * The rules of the Notification aggregate, one test per rule. Back-offs are exact: the retry policy
 * has no jitter and the built-in priority classes (HIGH 14 attempts from 1s x2, NORMAL 7 from 5s x3,
 * LOW 4 from 30s x4).
 */
class NotificationAggregateTest {

    private static final String ID = "5f0c8c1e-6a43-3f0e-9d7c-2b8f4b6e0a11";
    private static final String TENANT = "acme";
    private static final String RECIPIENT = "user@example.com";
    private static final String SUBJECT = "Your code";
    private static final String BODY = "Your code is 123456";
    private static final String CORRELATION = "corr-1";
    private static final String KEY = "reset-42";
    private static final String FINGERPRINT = "fp-original";
    private static final String VENDOR = "smtp:localhost:25";
    private static final Duration ATTEMPT_TIMEOUT = Duration.ofMinutes(5);
    private static final Instant T0 = Instant.parse("2025-03-01T09:00:00Z");
    private static final String SCHEDULER = "scheduler";
    private static final Map<String, Object> OWN_TENANT = Map.of(LedgerMetaData.TENANT_ID, TENANT);
    private static final Map<String, Object> BY_OPERATOR = Map.of(LedgerMetaData.ANY_TENANT, true);

    private AggregateTestFixture<Notification> fixture;
    private RetryPolicy policy;

    @BeforeEach
    void setUp() {
        policy = new RetryPolicy(new RetryProperties(0.0, ATTEMPT_TIMEOUT, null));
        fixture = fixtureWith(policy);
    }

    /**
     * The stub deadline manager does not move Axon's event clock when it fires a deadline; this
     * interceptor does, so a timer-caused event is stamped and computed at the simulated time.
     */
    private static AggregateTestFixture<Notification> fixtureWith(RetryPolicy retryPolicy) {
        AggregateTestFixture<Notification> f = new AggregateTestFixture<>(Notification.class);
        f.registerInjectableResource(retryPolicy);
        MessageHandlerInterceptor<DeadlineMessage<?>> atSimulatedTime = (unitOfWork, chain) -> {
            Clock previous = GenericEventMessage.clock;
            GenericEventMessage.clock = Clock.fixed(f.currentTime(), ZoneOffset.UTC);
            try {
                return chain.proceed();
            } finally {
                GenericEventMessage.clock = previous;
            }
        };
        f.registerDeadlineHandlerInterceptor(atSimulatedTime);
        return f;
    }

    // ---------------------------------------------------------------- requesting

    @Test
    void requestIsQueuedAtOnce() {
        fixture.givenCurrentTime(T0)
                .when(request(null, FINGERPRINT))
                .expectSuccessfulHandlerExecution()
                .expectEvents(requested(Priority.NORMAL, null), queued(1, QueueReason.REQUESTED))
                .expectResultMessagePayload(new NotificationAccepted(ID, NotificationStatus.QUEUED, true))
                .expectNoScheduledDeadlines();
    }

    @Test
    void sendAtThatIsNotInTheFutureIsQueuedAtOnce() {
        fixture.givenCurrentTime(T0)
                .when(request(T0, FINGERPRINT))
                .expectEvents(requested(Priority.NORMAL, T0), queued(1, QueueReason.REQUESTED))
                .expectResultMessagePayload(new NotificationAccepted(ID, NotificationStatus.QUEUED, true))
                .expectNoScheduledDeadlines();
    }

    @Test
    void futureSendAtIsScheduledWithADeadline() {
        Instant sendAt = T0.plus(Duration.ofHours(2));
        fixture.givenCurrentTime(T0)
                .when(request(sendAt, FINGERPRINT))
                .expectEvents(requested(Priority.NORMAL, sendAt), new NotificationScheduledEvent(ID, sendAt))
                .expectResultMessagePayload(new NotificationAccepted(ID, NotificationStatus.SCHEDULED, true))
                .expectScheduledDeadline(sendAt, new DeliveryDue(1))
                .expectScheduledDeadlineWithName(sendAt, DeliveryDue.DEADLINE);
    }

    @Test
    void scheduledNotificationIsQueuedWhenDue() {
        Instant sendAt = T0.plus(Duration.ofHours(2));
        fixture.givenCurrentTime(T0)
                .andGivenCommands(request(sendAt, FINGERPRINT))
                .whenThenTimeAdvancesTo(sendAt)
                .expectTriggeredDeadlines(new DeliveryDue(1))
                .expectEventsMatching(causedByTheScheduler(queued(1, QueueReason.SCHEDULE_DUE)));
    }

    @Test
    void scheduledNotificationIsNotQueuedBeforeItIsDue() {
        Instant sendAt = T0.plus(Duration.ofHours(2));
        fixture.givenCurrentTime(T0)
                .andGivenCommands(request(sendAt, FINGERPRINT))
                .whenThenTimeAdvancesTo(sendAt.minusMillis(1))
                .expectNoEvents()
                .expectScheduledDeadline(sendAt, new DeliveryDue(1));
    }

    @Test
    void repeatedRequestWithSameFingerprintCreatesNothing() {
        fixture.givenCurrentTime(T0)
                .andGiven(requested(Priority.NORMAL, null), queued(1, QueueReason.REQUESTED))
                .when(request(null, FINGERPRINT))
                .expectSuccessfulHandlerExecution()
                .expectNoEvents()
                .expectResultMessagePayload(new NotificationAccepted(ID, NotificationStatus.QUEUED, false))
                .expectNoScheduledDeadlines();
    }

    @Test
    void repeatedRequestAnswersWithTheCurrentStatus() {
        fixture.given(sendingHistory(Priority.NORMAL, 1))
                .andGiven(new NotificationSentEvent(ID, 1, VENDOR, "<" + ID + "@notiledger.local>", Channel.EMAIL))
                .when(request(null, FINGERPRINT))
                .expectNoEvents()
                .expectResultMessagePayload(new NotificationAccepted(ID, NotificationStatus.SENT, false));
    }

    @Test
    void sameIdempotencyKeyWithDifferentContentIsRejected() {
        fixture.given(requested(Priority.NORMAL, null), queued(1, QueueReason.REQUESTED))
                .when(request(null, "fp-different"))
                .expectException(ledgerError(ErrorCode.IDEMPOTENCY_CONFLICT))
                .expectExceptionMessage(containsString(KEY))
                .expectNoEvents();
    }

    // ---------------------------------------------------------------- attempts

    @Test
    void attemptStartReturnsTheDeliveryTicket() {
        fixture.givenCurrentTime(T0)
                .andGiven(requested(Priority.NORMAL, null), queued(1, QueueReason.REQUESTED))
                .when(new StartDeliveryAttemptCommand(ID, 1))
                .expectEvents(new DeliveryAttemptStartedEvent(ID, 1, Channel.EMAIL))
                .expectResultMessagePayloadMatching(ticketWithItsTimeout(
                        new DeliveryTicket(ID, 1, TENANT, content(Priority.NORMAL, null))))
                .expectScheduledDeadline(T0.plus(ATTEMPT_TIMEOUT), new AttemptTimeout(1))
                .expectScheduledDeadlineWithName(ATTEMPT_TIMEOUT, AttemptTimeout.DEADLINE);
    }

    @Test
    void ticketOfARetryCarriesTheRetryAttemptNumber() {
        fixture.given(queuedHistory(Priority.NORMAL, 3))
                .when(new StartDeliveryAttemptCommand(ID, 3))
                .expectEvents(new DeliveryAttemptStartedEvent(ID, 3, Channel.EMAIL))
                .expectResultMessagePayloadMatching(ticketWithItsTimeout(
                        new DeliveryTicket(ID, 3, TENANT, content(Priority.NORMAL, null))))
                .expectScheduledDeadline(ATTEMPT_TIMEOUT, new AttemptTimeout(3));
    }

    @Test
    void secondAttemptWhileOneIsInFlightIsRejected() {
        fixture.given(sendingHistory(Priority.NORMAL, 1))
                .when(new StartDeliveryAttemptCommand(ID, 1))
                .expectException(ledgerError(ErrorCode.ATTEMPT_IN_FLIGHT))
                .expectNoEvents()
                .expectNoScheduledDeadlines();
    }

    @Test
    void staleAttemptNumberIsRejectedForStart() {
        fixture.given(queuedHistory(Priority.NORMAL, 2))
                .when(new StartDeliveryAttemptCommand(ID, 1))
                .expectException(ledgerError(ErrorCode.STALE_ATTEMPT))
                .expectNoEvents()
                .expectNoScheduledDeadlines();
    }

    @Test
    void staleAttemptNumberIsRejectedForSuccess() {
        fixture.given(sendingHistory(Priority.NORMAL, 2))
                .when(new RecordDeliverySuccessCommand(ID, 1, VENDOR, "late-id"))
                .expectException(ledgerError(ErrorCode.STALE_ATTEMPT))
                .expectNoEvents();
    }

    @Test
    void staleAttemptNumberIsRejectedForFailure() {
        fixture.given(sendingHistory(Priority.NORMAL, 2))
                .when(transientFailure(1))
                .expectException(ledgerError(ErrorCode.STALE_ATTEMPT))
                .expectNoEvents()
                .expectNoScheduledDeadlines();
    }

    @Test
    void outcomeOfAnAttemptThatNeverStartedIsRejected() {
        fixture.given(queuedHistory(Priority.NORMAL, 1))
                .when(new RecordDeliverySuccessCommand(ID, 1, VENDOR, "id"))
                .expectException(ledgerError(ErrorCode.STALE_ATTEMPT))
                .expectNoEvents();
    }

    @Test
    void successRecordsSent() {
        fixture.given(sendingHistory(Priority.NORMAL, 1))
                .when(new RecordDeliverySuccessCommand(ID, 1, VENDOR, "<" + ID + "@notiledger.local>"))
                .expectSuccessfulHandlerExecution()
                .expectEvents(new NotificationSentEvent(ID, 1, VENDOR, "<" + ID + "@notiledger.local>", Channel.EMAIL))
                .expectNoScheduledDeadlines();
    }

    @Test
    void sentNotificationIsNeverSentAgain() {
        fixture.given(sendingHistory(Priority.NORMAL, 1))
                .andGiven(new NotificationSentEvent(ID, 1, VENDOR, "vendor-id", Channel.EMAIL))
                .when(new StartDeliveryAttemptCommand(ID, 1))
                .expectException(ledgerError(ErrorCode.NOT_DELIVERABLE))
                .expectNoEvents()
                .expectNoScheduledDeadlines();
    }

    @Test
    void secondOutcomeForASentNotificationIsRejected() {
        fixture.given(sendingHistory(Priority.NORMAL, 1))
                .andGiven(new NotificationSentEvent(ID, 1, VENDOR, "vendor-id", Channel.EMAIL))
                .when(transientFailure(1))
                .expectException(ledgerError(ErrorCode.STALE_ATTEMPT))
                .expectNoEvents();
    }

    @Test
    void cancelledNotificationCannotBeSent() {
        fixture.given(queuedHistory(Priority.NORMAL, 1))
                .andGiven(new NotificationCancelledEvent(ID, "user:7", "changed my mind"))
                .when(new StartDeliveryAttemptCommand(ID, 1))
                .expectException(ledgerError(ErrorCode.NOT_DELIVERABLE))
                .expectNoEvents()
                .expectNoScheduledDeadlines();
    }

    @Test
    void notificationWaitingForARetryCannotBeSentEarly() {
        fixture.given(sendingHistory(Priority.NORMAL, 1))
                .andGiven(failed(1, true), retryScheduled(2, T0, Duration.ofSeconds(5)))
                .when(new StartDeliveryAttemptCommand(ID, 2))
                .expectException(ledgerError(ErrorCode.NOT_DELIVERABLE))
                .expectNoEvents();
    }

    // ---------------------------------------------------------------- failures and retries

    @Test
    void transientFailureSchedulesRetryWithBackoff() {
        fixture.givenCurrentTime(T0)
                .andGiven(sendingHistory(Priority.NORMAL, 1))
                .when(transientFailure(1))
                .expectEvents(failed(1, true), retryScheduled(2, T0.plusSeconds(5), Duration.ofSeconds(5)))
                .expectScheduledDeadline(T0.plusSeconds(5), new DeliveryDue(2))
                .expectScheduledDeadlineWithName(Duration.ofSeconds(5), DeliveryDue.DEADLINE);
    }

    @Test
    void retryIsQueuedWhenBackoffElapses() {
        fixture.givenCurrentTime(T0)
                .andGiven(sendingHistory(Priority.NORMAL, 1))
                .andGivenCommands(transientFailure(1))
                .whenThenTimeElapses(Duration.ofSeconds(5))
                .expectTriggeredDeadlines(new DeliveryDue(2))
                .expectEventsMatching(causedByTheScheduler(queued(2, QueueReason.RETRY_DUE)));
    }

    @Test
    void retryIsNotQueuedBeforeBackoffElapses() {
        fixture.givenCurrentTime(T0)
                .andGiven(sendingHistory(Priority.NORMAL, 1))
                .andGivenCommands(transientFailure(1))
                .whenThenTimeElapses(Duration.ofSeconds(5).minusMillis(1))
                .expectNoEvents()
                .expectScheduledDeadline(T0.plusSeconds(5), new DeliveryDue(2));
    }

    @ParameterizedTest(name = "failure of attempt {0} waits {1} ms")
    @CsvSource({"1, 1000", "2, 3000", "3, 9000", "4, 20000", "5, 20000"})
    void backoffGrowsExponentiallyUpToTheCap(int failedAttempt, long expectedMillis) {
        RetryProperties.PriorityClass capped = new RetryProperties.PriorityClass(8, Duration.ofSeconds(1), 3.0,
                Duration.ofSeconds(20));
        AggregateTestFixture<Notification> cappedFixture = fixtureWith(new RetryPolicy(
                new RetryProperties(0.0, ATTEMPT_TIMEOUT, Map.of(Priority.NORMAL, capped))));
        Duration backoff = Duration.ofMillis(expectedMillis);

        cappedFixture.givenCurrentTime(T0)
                .andGiven(sendingHistory(Priority.NORMAL, failedAttempt))
                .when(transientFailure(failedAttempt))
                .expectEvents(failed(failedAttempt, true), retryScheduled(failedAttempt + 1, T0.plus(backoff), backoff))
                .expectScheduledDeadline(T0.plus(backoff), new DeliveryDue(failedAttempt + 1));
    }

    @ParameterizedTest(name = "{0}: failure of attempt {1} waits {2} s")
    @CsvSource({"HIGH, 1, 1", "HIGH, 2, 2", "HIGH, 4, 8", "NORMAL, 2, 15", "LOW, 1, 30", "LOW, 3, 480"})
    void backoffFollowsThePriorityClass(Priority priority, int failedAttempt, long expectedSeconds) {
        Duration backoff = Duration.ofSeconds(expectedSeconds);
        fixture.givenCurrentTime(T0)
                .andGiven(sendingHistory(priority, failedAttempt))
                .when(transientFailure(failedAttempt))
                .expectEvents(failed(failedAttempt, true), retryScheduled(failedAttempt + 1, T0.plus(backoff), backoff));
    }

    @Test
    void permanentFailureDeadLettersAtOnce() {
        fixture.given(sendingHistory(Priority.HIGH, 1))
                .when(new RecordDeliveryFailureCommand(ID, 1, VENDOR, "SMTP_PERMANENT_REJECT", "550 no such user", false))
                .expectEvents(new DeliveryAttemptFailedEvent(ID, 1, VENDOR, "SMTP_PERMANENT_REJECT", "550 no such user", false),
                        new NotificationDeadLetteredEvent(ID, 1, "SMTP_PERMANENT_REJECT", "Permanent failure: SMTP_PERMANENT_REJECT"))
                .expectNoScheduledDeadlines();
    }

    @Test
    void attemptsExhaustedDeadLetterAtTheLowPriorityLimit() {
        fixture.given(sendingHistory(Priority.LOW, 4))
                .when(transientFailure(4))
                .expectEvents(failed(4, true),
                        new NotificationDeadLetteredEvent(ID, 4, "SMTP_TRANSIENT_REJECT", "Gave up after 4 attempts"))
                .expectNoScheduledDeadlines();
    }

    @Test
    void highPriorityStillRetriesWhereLowPriorityGivesUp() {
        fixture.givenCurrentTime(T0)
                .andGiven(sendingHistory(Priority.HIGH, 4))
                .when(transientFailure(4))
                .expectEvents(failed(4, true), retryScheduled(5, T0.plusSeconds(8), Duration.ofSeconds(8)))
                .expectScheduledDeadline(T0.plusSeconds(8), new DeliveryDue(5));
    }

    @Test
    void attemptsExhaustedDeadLetterAtTheHighPriorityLimit() {
        fixture.given(sendingHistory(Priority.HIGH, 14))
                .when(transientFailure(14))
                .expectEvents(failed(14, true),
                        new NotificationDeadLetteredEvent(ID, 14, "SMTP_TRANSIENT_REJECT", "Gave up after 14 attempts"))
                .expectNoScheduledDeadlines();
    }

    // ---------------------------------------------------------------- attempt timeout

    @Test
    void attemptTimeoutRecordsTheOutcomeAsUnknownAndRetries() {
        Instant timedOutAt = T0.plus(ATTEMPT_TIMEOUT);
        fixture.givenCurrentTime(T0)
                .andGiven(queuedHistory(Priority.HIGH, 1))
                .andGivenCommands(new StartDeliveryAttemptCommand(ID, 1))
                .whenThenTimeElapses(ATTEMPT_TIMEOUT)
                .expectTriggeredDeadlines(new AttemptTimeout(1))
                .expectEventsMatching(causedByTheScheduler(
                        new DeliveryAttemptFailedEvent(ID, 1, null, AttemptTimeout.ERROR_CODE, AttemptTimeout.describe(ATTEMPT_TIMEOUT), true),
                        retryScheduled(2, timedOutAt.plusSeconds(1), Duration.ofSeconds(1))))
                .expectScheduledDeadline(timedOutAt.plusSeconds(1), new DeliveryDue(2));
    }

    @Test
    void attemptTimeoutOfTheLastAllowedAttemptDeadLetters() {
        fixture.givenCurrentTime(T0)
                .andGiven(queuedHistory(Priority.LOW, 4))
                .andGivenCommands(new StartDeliveryAttemptCommand(ID, 4))
                .whenThenTimeElapses(ATTEMPT_TIMEOUT)
                .expectEventsMatching(causedByTheScheduler(
                        new DeliveryAttemptFailedEvent(ID, 4, null, AttemptTimeout.ERROR_CODE, AttemptTimeout.describe(ATTEMPT_TIMEOUT), true),
                        new NotificationDeadLetteredEvent(ID, 4, AttemptTimeout.ERROR_CODE, "Gave up after 4 attempts")));
    }

    @Test
    void attemptTimeoutForAFinishedAttemptChangesNothing() {
        fixture.givenCurrentTime(T0)
                .andGiven(queuedHistory(Priority.NORMAL, 1))
                .andGivenCommands(new StartDeliveryAttemptCommand(ID, 1),
                        new RecordDeliverySuccessCommand(ID, 1, VENDOR, "vendor-id"))
                .whenThenTimeElapses(ATTEMPT_TIMEOUT)
                .expectTriggeredDeadlines(new AttemptTimeout(1))
                .expectNoEvents();
    }

    @Test
    void successCancelsTheAttemptsTimeout() {
        DeadlineManager deadlines = mock(DeadlineManager.class);
        fixture.given(sendingHistory(Priority.NORMAL, 1))
                .whenInvoking(ID, notification -> notification.handle(
                        new RecordDeliverySuccessCommand(ID, 1, VENDOR, "vendor-id", "timeout-of-attempt-1"), deadlines, TENANT))
                .expectSuccessfulHandlerExecution()
                .expectEvents(new NotificationSentEvent(ID, 1, VENDOR, "vendor-id", Channel.EMAIL));
        verify(deadlines).cancelSchedule(AttemptTimeout.DEADLINE, "timeout-of-attempt-1");
        verifyNoMoreInteractions(deadlines);
    }

    @Test
    void failureCancelsTheAttemptsTimeout() {
        DeadlineManager deadlines = mock(DeadlineManager.class);
        fixture.given(sendingHistory(Priority.NORMAL, 1))
                .whenInvoking(ID, notification -> notification.handle(new RecordDeliveryFailureCommand(ID, 1, VENDOR,
                        "SMTP_PERMANENT_REJECT", "550 no such user", false, "timeout-of-attempt-1"), policy, deadlines, TENANT))
                .expectSuccessfulHandlerExecution();
        verify(deadlines).cancelSchedule(AttemptTimeout.DEADLINE, "timeout-of-attempt-1");
        verifyNoMoreInteractions(deadlines);
    }

    @Test
    void staleOutcomeCancelsNoTimeout() {
        DeadlineManager deadlines = mock(DeadlineManager.class);
        fixture.given(sendingHistory(Priority.NORMAL, 2))
                .whenInvoking(ID, notification -> notification.handle(
                        new RecordDeliverySuccessCommand(ID, 1, VENDOR, "vendor-id", "timeout-of-attempt-1"), deadlines, TENANT))
                .expectException(ledgerError(ErrorCode.STALE_ATTEMPT));
        verifyNoInteractions(deadlines);
    }

    @Test
    void attemptTimeoutOfAFailedAttemptDoesNotFailItAgain() {
        // attempt 1 failed at T0 (retry due at T0+5s); its timeout fires at T0+5m, after the retry was queued
        fixture.givenCurrentTime(T0)
                .andGiven(queuedHistory(Priority.NORMAL, 1))
                .andGivenCommands(new StartDeliveryAttemptCommand(ID, 1), transientFailure(1))
                .whenThenTimeElapses(ATTEMPT_TIMEOUT)
                .expectTriggeredDeadlines(new DeliveryDue(2), new AttemptTimeout(1))
                .expectEventsMatching(causedByTheScheduler(queued(2, QueueReason.RETRY_DUE)));
    }

    @Test
    void attemptTimeoutOfAnEarlierAttemptDoesNotEndTheAttemptInFlight() {
        DeadlineManager deadlines = mock(DeadlineManager.class);
        fixture.given(sendingHistory(Priority.NORMAL, 2))
                .whenInvoking(ID, notification -> notification.on(new AttemptTimeout(1), policy, deadlines))
                .expectSuccessfulHandlerExecution()
                .expectNoEvents();
        verifyNoInteractions(deadlines);
    }

    // ---------------------------------------------------------------- cancelling

    static Stream<Arguments> cancellableHistories() {
        Instant sendAt = T0.plus(Duration.ofDays(1));
        return Stream.of(
                Arguments.of(NotificationStatus.REQUESTED, List.of(requested(Priority.NORMAL, null))),
                Arguments.of(NotificationStatus.SCHEDULED, List.of(requested(Priority.NORMAL, sendAt),
                        new NotificationScheduledEvent(ID, sendAt))),
                Arguments.of(NotificationStatus.QUEUED, queuedHistory(Priority.NORMAL, 1)),
                Arguments.of(NotificationStatus.RETRY_SCHEDULED, concat(sendingHistory(Priority.NORMAL, 1),
                        failed(1, true), retryScheduled(2, T0.plusSeconds(5), Duration.ofSeconds(5)))));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cancellableHistories")
    void cancelIsAllowedFromRequestedScheduledQueuedRetryScheduled(NotificationStatus status, List<Object> history) {
        fixture.given(history)
                .when(new CancelNotificationCommand(ID, "user:7", "changed my mind"), OWN_TENANT)
                .expectSuccessfulHandlerExecution()
                .expectEvents(new NotificationCancelledEvent(ID, "user:7", "changed my mind"));
    }

    static Stream<Arguments> uncancellableHistories() {
        return Stream.of(
                Arguments.of(NotificationStatus.SENDING, sendingHistory(Priority.NORMAL, 1)),
                Arguments.of(NotificationStatus.SENT, concat(sendingHistory(Priority.NORMAL, 1),
                        new NotificationSentEvent(ID, 1, VENDOR, "vendor-id", Channel.EMAIL))),
                Arguments.of(NotificationStatus.DEAD_LETTERED, deadLetteredHistory(Priority.NORMAL, 1)),
                Arguments.of(NotificationStatus.CANCELLED, concat(queuedHistory(Priority.NORMAL, 1),
                        new NotificationCancelledEvent(ID, "user:7", "first cancel"))));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("uncancellableHistories")
    void cancelIsRefusedWhenSendingSentDeadLetteredOrCancelled(NotificationStatus status, List<Object> history) {
        fixture.given(history)
                .when(new CancelNotificationCommand(ID, "user:7", "too late"), OWN_TENANT)
                .expectException(ledgerError(ErrorCode.NOT_CANCELLABLE))
                .expectNoEvents();
    }

    @Test
    void anotherTenantsCancelIsAnsweredAsNotFound() {
        fixture.given(queuedHistory(Priority.NORMAL, 1))
                .when(new CancelNotificationCommand(ID, "key_b", "not mine"), Map.of(LedgerMetaData.TENANT_ID, "other"))
                .expectException(ledgerError(ErrorCode.NOTIFICATION_NOT_FOUND))
                .expectNoEvents();
    }

    @Test
    void cancelNamingNoTenantIsAnsweredAsNotFound() {
        fixture.given(queuedHistory(Priority.NORMAL, 1))
                .when(new CancelNotificationCommand(ID, "key_b", "whose?"))
                .expectException(ledgerError(ErrorCode.NOTIFICATION_NOT_FOUND))
                .expectNoEvents();
    }

    @Test
    void operatorCancelsAnyTenantsNotificationAndTheEventKeepsTheNotificationsTenant() {
        fixture.given(queuedHistory(Priority.NORMAL, 1))
                .when(new CancelNotificationCommand(ID, "admin", "abuse"), BY_OPERATOR)
                .expectEvents(new NotificationCancelledEvent(ID, "admin", "abuse"))
                .expectEventsMatching(ofTenant(TENANT));
    }

    @Test
    void deliveryCommandOfAnotherTenantIsAnsweredAsNotFound() {
        fixture.given(queuedHistory(Priority.NORMAL, 1))
                .when(new StartDeliveryAttemptCommand(ID, 1), Map.of(LedgerMetaData.TENANT_ID, "other"))
                .expectException(ledgerError(ErrorCode.NOTIFICATION_NOT_FOUND))
                .expectNoEvents();
    }

    @Test
    void repeatedRequestOfAnotherTenantIsRefused() {
        fixture.given(requested(Priority.NORMAL, null))
                .when(new RequestNotificationCommand(ID, "other", new NotificationContent(Channel.EMAIL, RECIPIENT,
                        SUBJECT, BODY, null, Priority.NORMAL, CORRELATION, Map.of()), KEY, FINGERPRINT))
                .expectException(ledgerError(ErrorCode.IDEMPOTENCY_CONFLICT))
                .expectNoEvents();
    }

    @Test
    void scheduledDeadlineOfACancelledNotificationQueuesNothing() {
        Instant sendAt = T0.plus(Duration.ofHours(1));
        fixture.givenCurrentTime(T0)
                .andGivenCommands(request(sendAt, FINGERPRINT), GenericCommandMessage.asCommandMessage(
                        new CancelNotificationCommand(ID, "user:7", "no longer needed")).andMetaData(OWN_TENANT))
                .whenThenTimeAdvancesTo(sendAt)
                .expectTriggeredDeadlines(new DeliveryDue(1))
                .expectNoEvents();
    }

    // ---------------------------------------------------------------- re-drive

    @Test
    void redriveRequeuesDeadLetteredWithAFreshAttemptBudget() {
        fixture.given(deadLetteredHistory(Priority.LOW, 4))
                .when(new RedriveNotificationCommand(ID, "ops:alice", "SMTP vendor back", null), BY_OPERATOR)
                .expectSuccessfulHandlerExecution()
                .expectEvents(new RedriveRequestedEvent(ID, "ops:alice", "SMTP vendor back"),
                        queued(5, QueueReason.REDRIVE));
    }

    @Test
    void firstFailureAfterARedriveIsRetried() {
        // LOW allows 4 attempts per round: attempts 1-4 are used up, the re-drive opens a new round
        fixture.givenCurrentTime(T0)
                .andGiven(redrivenHistory(Priority.LOW, 4))
                .when(transientFailure(5))
                .expectEvents(failed(5, true), retryScheduled(6, T0.plusSeconds(30), Duration.ofSeconds(30)))
                .expectScheduledDeadline(T0.plusSeconds(30), new DeliveryDue(6));
    }

    @Test
    void redrivenNotificationDeadLettersAfterAFullNewRound() {
        List<Object> history = redrivenHistory(Priority.LOW, 4);
        for (int attempt = 5; attempt <= 7; attempt++) {
            history.addAll(List.of(failed(attempt, true), retryScheduled(attempt + 1, T0, Duration.ZERO),
                    queued(attempt + 1, QueueReason.RETRY_DUE), new DeliveryAttemptStartedEvent(ID, attempt + 1, Channel.EMAIL)));
        }
        fixture.given(history)
                .when(transientFailure(8))
                .expectEvents(failed(8, true),
                        new NotificationDeadLetteredEvent(ID, 8, "SMTP_TRANSIENT_REJECT", "Gave up after 4 attempts"))
                .expectNoScheduledDeadlines();
    }

    @Test
    void redrivenNotificationIsRetriedUntilTheNewRoundEnds() {
        List<Object> history = redrivenHistory(Priority.LOW, 4);
        for (int attempt = 5; attempt <= 6; attempt++) {
            history.addAll(List.of(failed(attempt, true), retryScheduled(attempt + 1, T0, Duration.ZERO),
                    queued(attempt + 1, QueueReason.RETRY_DUE), new DeliveryAttemptStartedEvent(ID, attempt + 1, Channel.EMAIL)));
        }
        Duration third = Duration.ofSeconds(480);
        fixture.givenCurrentTime(T0)
                .andGiven(history)
                .when(transientFailure(7))
                .expectEvents(failed(7, true), retryScheduled(8, T0.plus(third), third));
    }

    @ParameterizedTest(name = "operator [{0}]")
    @NullAndEmptySource
    @ValueSource(strings = {"   ", "\t"})
    void redriveRequiresAnOperator(String operator) {
        fixture.given(deadLetteredHistory(Priority.NORMAL, 1))
                .when(new RedriveNotificationCommand(ID, operator, "please", null), BY_OPERATOR)
                .expectException(ledgerError(ErrorCode.OPERATOR_REQUIRED))
                .expectNoEvents();
    }

    static Stream<Arguments> notRedrivableHistories() {
        Instant sendAt = T0.plus(Duration.ofDays(1));
        return Stream.of(
                Arguments.of(NotificationStatus.SCHEDULED, List.of(requested(Priority.NORMAL, sendAt),
                        new NotificationScheduledEvent(ID, sendAt))),
                Arguments.of(NotificationStatus.QUEUED, queuedHistory(Priority.NORMAL, 1)),
                Arguments.of(NotificationStatus.SENDING, sendingHistory(Priority.NORMAL, 1)),
                Arguments.of(NotificationStatus.SENT, concat(sendingHistory(Priority.NORMAL, 1),
                        new NotificationSentEvent(ID, 1, VENDOR, "vendor-id", Channel.EMAIL))),
                Arguments.of(NotificationStatus.RETRY_SCHEDULED, concat(sendingHistory(Priority.NORMAL, 1),
                        failed(1, true), retryScheduled(2, T0.plusSeconds(5), Duration.ofSeconds(5)))),
                Arguments.of(NotificationStatus.CANCELLED, concat(queuedHistory(Priority.NORMAL, 1),
                        new NotificationCancelledEvent(ID, "user:7", "cancelled"))));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("notRedrivableHistories")
    void redriveOnlyFromDeadLettered(NotificationStatus status, List<Object> history) {
        fixture.given(history)
                .when(new RedriveNotificationCommand(ID, "ops:alice", "just because", null), BY_OPERATOR)
                .expectException(ledgerError(ErrorCode.NOT_REDRIVABLE))
                .expectNoEvents();
    }

    @Test
    void redriveRecordsItsRun() {
        fixture.given(deadLetteredHistory(Priority.NORMAL, 1))
                .when(new RedriveNotificationCommand(ID, "ops:alice", "SMTP vendor back", "run-1"), BY_OPERATOR)
                .expectEvents(new RedriveRequestedEvent(ID, "ops:alice", "SMTP vendor back", "run-1"),
                        queued(2, QueueReason.REDRIVE));
    }

    @Test
    void aRunCannotRedriveTheSameNotificationTwiceEvenAfterItFailedAgain() {
        List<Object> deadLetteredAgain = concat(deadLetteredHistory(Priority.NORMAL, 1),
                new RedriveRequestedEvent(ID, "ops:alice", "SMTP vendor back", "run-1"),
                queued(2, QueueReason.REDRIVE), new DeliveryAttemptStartedEvent(ID, 2, Channel.EMAIL), failed(2, false),
                new NotificationDeadLetteredEvent(ID, 2, "SMTP_TRANSIENT_REJECT", "Permanent failure"));
        fixture.given(deadLetteredAgain)
                .when(new RedriveNotificationCommand(ID, "ops:bob", "SMTP vendor back", "run-1"), BY_OPERATOR)
                .expectException(ledgerError(ErrorCode.ALREADY_REDRIVEN))
                .expectNoEvents();
    }

    @Test
    void anotherRunMayRedriveWhatAnEarlierRunRedrove() {
        List<Object> deadLetteredAgain = concat(deadLetteredHistory(Priority.NORMAL, 1),
                new RedriveRequestedEvent(ID, "ops:alice", "SMTP vendor back", "run-1"),
                queued(2, QueueReason.REDRIVE), new DeliveryAttemptStartedEvent(ID, 2, Channel.EMAIL), failed(2, false),
                new NotificationDeadLetteredEvent(ID, 2, "SMTP_TRANSIENT_REJECT", "Permanent failure"));
        fixture.given(deadLetteredAgain)
                .when(new RedriveNotificationCommand(ID, "ops:bob", "vendor really back", "run-2"), BY_OPERATOR)
                .expectEvents(new RedriveRequestedEvent(ID, "ops:bob", "vendor really back", "run-2"),
                        queued(3, QueueReason.REDRIVE));
    }

    // ---------------------------------------------------------------- stale timers

    @Test
    void staleDeliveryDueDeadlineIsIgnored() {
        // attempt 3 waits for its retry; a timer left over from attempt 2's round fires
        List<Object> waitingForAttempt3 = concat(sendingHistory(Priority.NORMAL, 2),
                failed(2, true), retryScheduled(3, T0.plusSeconds(15), Duration.ofSeconds(15)));
        fixture.given(waitingForAttempt3)
                .whenInvoking(ID, notification -> notification.on(new DeliveryDue(2)))
                .expectSuccessfulHandlerExecution()
                .expectNoEvents();
    }

    @Test
    void currentDeliveryDueDeadlineQueuesTheRetry() {
        List<Object> waitingForAttempt3 = concat(sendingHistory(Priority.NORMAL, 2),
                failed(2, true), retryScheduled(3, T0.plusSeconds(15), Duration.ofSeconds(15)));
        fixture.given(waitingForAttempt3)
                .whenInvoking(ID, notification -> notification.on(new DeliveryDue(3)))
                .expectEventsMatching(causedByTheScheduler(queued(3, QueueReason.RETRY_DUE)));
    }

    @Test
    void deliveryDueForANotificationThatIsNotWaitingChangesNothing() {
        fixture.given(sendingHistory(Priority.NORMAL, 1))
                .whenInvoking(ID, notification -> notification.on(new DeliveryDue(1)))
                .expectSuccessfulHandlerExecution()
                .expectNoEvents();
    }

    // ---------------------------------------------------------------- messages and histories

    private static RequestNotificationCommand request(Instant sendAt, String fingerprint) {
        return new RequestNotificationCommand(ID, TENANT, content(Priority.NORMAL, sendAt), KEY, fingerprint);
    }

    private static NotificationRequestedEvent requested(Priority priority, Instant sendAt) {
        return new NotificationRequestedEvent(ID, TENANT, content(priority, sendAt), KEY, FINGERPRINT);
    }

    private static NotificationContent content(Priority priority, Instant sendAt) {
        return new NotificationContent(Channel.EMAIL, RECIPIENT, SUBJECT, BODY, sendAt, priority, CORRELATION,
                Map.of("campaign", "spring"));
    }

    private static NotificationQueuedEvent queued(int attempt, QueueReason reason) {
        return new NotificationQueuedEvent(ID, attempt, reason);
    }

    private static DeliveryAttemptFailedEvent failed(int attempt, boolean retryable) {
        return new DeliveryAttemptFailedEvent(ID, attempt, VENDOR, "SMTP_TRANSIENT_REJECT", "451 try again later", retryable);
    }

    /** The ticket as expected, with the id of the attempt's timeout, which the deadline manager chose. */
    private static Matcher<DeliveryTicket> ticketWithItsTimeout(DeliveryTicket expected) {
        return new TypeSafeMatcher<>() {
            @Override
            protected boolean matchesSafely(DeliveryTicket ticket) {
                return ticket.attemptTimeoutId() != null && expected.equals(new DeliveryTicket(ticket.notificationId(),
                        ticket.attemptNumber(), ticket.tenantId(), ticket.content()));
            }

            @Override
            public void describeTo(Description description) {
                description.appendText(expected + " with the id of its attempt timeout");
            }
        };
    }

    private static RecordDeliveryFailureCommand transientFailure(int attempt) {
        return new RecordDeliveryFailureCommand(ID, attempt, VENDOR, "SMTP_TRANSIENT_REJECT", "451 try again later", true);
    }

    private static RetryScheduledEvent retryScheduled(int nextAttempt, Instant at, Duration backoff) {
        return new RetryScheduledEvent(ID, nextAttempt, at, backoff);
    }

    /** Requested, then attempts 1 .. attempt-1 failed transiently and were retried; attempt is QUEUED. */
    private static List<Object> queuedHistory(Priority priority, int attempt) {
        List<Object> events = new ArrayList<>();
        events.add(requested(priority, null));
        events.add(queued(1, QueueReason.REQUESTED));
        for (int n = 1; n < attempt; n++) {
            events.add(new DeliveryAttemptStartedEvent(ID, n, Channel.EMAIL));
            events.add(failed(n, true));
            events.add(retryScheduled(n + 1, T0, Duration.ZERO));
            events.add(queued(n + 1, QueueReason.RETRY_DUE));
        }
        return events;
    }

    /** As {@link #queuedHistory} and attempt is in flight (SENDING). */
    private static List<Object> sendingHistory(Priority priority, int attempt) {
        return concat(queuedHistory(priority, attempt), new DeliveryAttemptStartedEvent(ID, attempt, Channel.EMAIL));
    }

    /** As {@link #sendingHistory} and attempt failed for the last time. */
    private static List<Object> deadLetteredHistory(Priority priority, int attempt) {
        return concat(sendingHistory(priority, attempt), failed(attempt, true),
                new NotificationDeadLetteredEvent(ID, attempt, "SMTP_TRANSIENT_REJECT", "Gave up after " + attempt + " attempts"));
    }

    /** Dead-lettered after attempt, re-driven by an operator, and attempt+1 is in flight. */
    private static List<Object> redrivenHistory(Priority priority, int deadLetteredAttempt) {
        return concat(deadLetteredHistory(priority, deadLetteredAttempt),
                new RedriveRequestedEvent(ID, "ops:alice", "SMTP vendor back"),
                queued(deadLetteredAttempt + 1, QueueReason.REDRIVE),
                new DeliveryAttemptStartedEvent(ID, deadLetteredAttempt + 1, Channel.EMAIL));
    }

    private static List<Object> concat(List<Object> history, Object... more) {
        List<Object> events = new ArrayList<>(history);
        events.addAll(Arrays.asList(more));
        return events;
    }

    // ---------------------------------------------------------------- matchers

    private static Matcher<Object> ledgerError(ErrorCode code) {
        return new TypeSafeMatcher<>(Object.class) {
            @Override
            protected boolean matchesSafely(Object item) {
                return item instanceof LedgerException e && e.code() == code;
            }

            @Override
            public void describeTo(Description description) {
                description.appendText("a LedgerException with code ").appendValue(code);
            }

            @Override
            protected void describeMismatchSafely(Object item, Description mismatch) {
                if (item instanceof LedgerException e) {
                    mismatch.appendText("code was ").appendValue(e.code()).appendText(": ").appendText(e.getMessage());
                } else {
                    mismatch.appendText("was ").appendValue(item);
                }
            }
        };
    }

    /** Events that all carry this tenant in their meta-data. */
    private static Matcher<List<EventMessage<?>>> ofTenant(String tenant) {
        return new TypeSafeMatcher<>(List.class) {
            @Override
            protected boolean matchesSafely(List<EventMessage<?>> events) {
                return !events.isEmpty() && events.stream().allMatch(e -> tenant.equals(e.getMetaData().get(LedgerMetaData.TENANT_ID)));
            }

            @Override
            public void describeTo(Description description) {
                description.appendText("events with meta-data tenantId=").appendValue(tenant);
            }
        };
    }

    /** Exactly these payloads, in order, each with the scheduler named as the actor. */
    private static Matcher<List<EventMessage<?>>> causedByTheScheduler(Object... payloads) {
        return new TypeSafeMatcher<>(List.class) {
            @Override
            protected boolean matchesSafely(List<EventMessage<?>> events) {
                if (events.size() != payloads.length) {
                    return false;
                }
                for (int i = 0; i < payloads.length; i++) {
                    EventMessage<?> event = events.get(i);
                    if (!Objects.equals(payloads[i], event.getPayload())
                            || !SCHEDULER.equals(event.getMetaData().get(LedgerMetaData.ACTOR))) {
                        return false;
                    }
                }
                return true;
            }

            @Override
            public void describeTo(Description description) {
                description.appendText("events ").appendValueList("[", ", ", "]", payloads)
                        .appendText(" with meta-data actor=").appendValue(SCHEDULER);
            }

            @Override
            protected void describeMismatchSafely(List<EventMessage<?>> events, Description mismatch) {
                mismatch.appendText("were ");
                for (EventMessage<?> event : events) {
                    mismatch.appendValue(event.getPayload()).appendText(" ").appendValue(event.getMetaData()).appendText("; ");
                }
            }
        };
    }
}
