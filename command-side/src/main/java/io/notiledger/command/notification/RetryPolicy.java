package io.notiledger.command.notification;

import io.notiledger.api.notification.Priority;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.DoubleSupplier;

/**
 * Attempt limits and back-off per priority class: exponential back-off capped at a maximum, with
 * jitter so that notifications that failed together do not retry together.
 */
public class RetryPolicy {

    private final Map<Priority, RetryProperties.PriorityClass> classes;
    private final double jitter;
    private final Duration attemptTimeout;
    private final DoubleSupplier random;

    public RetryPolicy(RetryProperties properties) {
        this(properties, () -> ThreadLocalRandom.current().nextDouble());
    }

    RetryPolicy(RetryProperties properties, DoubleSupplier random) {
        this.classes = properties.priorityClasses();
        this.jitter = properties.jitter();
        this.attemptTimeout = properties.attemptTimeout();
        this.random = random;
    }

    public int maxAttempts(Priority priority) {
        return classOf(priority).maxAttempts();
    }

    /** The wait before attempt {@code failedAttemptsInRound + 1}, after {@code failedAttemptsInRound} failures. */
    public Duration backoffAfter(int failedAttemptsInRound, Priority priority) {
        RetryProperties.PriorityClass c = classOf(priority);
        double exponential = c.initialBackoff().toMillis() * Math.pow(c.multiplier(), failedAttemptsInRound - 1);
        double capped = Math.min(exponential, c.maxBackoff().toMillis());
        double spread = capped * jitter * (2 * random.getAsDouble() - 1);
        return Duration.ofMillis(Math.max(0, Math.min(c.maxBackoff().toMillis(), Math.round(capped + spread))));
    }

    /**
     * How long a notification of this priority keeps being retried before it is dead-lettered: the waits
     * between its attempts, without jitter (jitter moves each wait by up to the jitter fraction either way).
     */
    public Duration retryWindow(Priority priority) {
        RetryProperties.PriorityClass c = classOf(priority);
        double millis = 0;
        for (int failures = 1; failures < c.maxAttempts(); failures++) {
            millis += Math.min(c.initialBackoff().toMillis() * Math.pow(c.multiplier(), failures - 1),
                    c.maxBackoff().toMillis());
        }
        return Duration.ofMillis(Math.round(millis));
    }

    public Duration attemptTimeout() {
        return attemptTimeout;
    }

    private RetryProperties.PriorityClass classOf(Priority priority) {
        RetryProperties.PriorityClass c = classes.get(priority);
        if (c == null) {
            throw new IllegalStateException("No retry settings for priority " + priority);
        }
        return c;
    }
}
