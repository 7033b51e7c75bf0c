package io.notiledger.command.notification;

import io.notiledger.api.notification.Priority;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;

/**
 * Retry tunables ({@code ledger.delivery.retry.*}).
 *
 * @param jitter         the back-off varies by up to this fraction either way (0.2 = ±20%)
 * @param attemptTimeout how long an attempt may stay in flight before its outcome counts as unknown and it is
 *                       retried; longer than any channel's longest send (checked at start)
 */
@ConfigurationProperties("ledger.delivery.retry")
public record RetryProperties(
        @DefaultValue("0.2") double jitter,
        @DefaultValue("60s") Duration attemptTimeout,
        Map<Priority, PriorityClass> priorities) {

    public RetryProperties {
        if (attemptTimeout == null || attemptTimeout.isZero() || attemptTimeout.isNegative()) {
            throw new IllegalArgumentException("ledger.delivery.retry.attempt-timeout must be positive");
        }
        if (!(jitter >= 0 && jitter < 1)) {
            throw new IllegalArgumentException("ledger.delivery.retry.jitter must be in [0, 1)");
        }
    }

    /**
     * Settings per priority; a priority left out of the configuration gets the built-in default. Important mail
     * is retried sooner and for longer: HIGH first retries after 1 s and gives up after about 28 minutes of
     * retries (so it outlasts greylisting and short vendor outages), NORMAL after 5 s and about 25 minutes,
     * LOW after 30 s and about 10 minutes.
     */
    public Map<Priority, PriorityClass> priorityClasses() {
        Map<Priority, PriorityClass> all = new EnumMap<>(Priority.class);
        all.put(Priority.HIGH, new PriorityClass(14, Duration.ofSeconds(1), 2.0, Duration.ofMinutes(5)));
        all.put(Priority.NORMAL, new PriorityClass(7, Duration.ofSeconds(5), 3.0, Duration.ofMinutes(15)));
        all.put(Priority.LOW, new PriorityClass(4, Duration.ofSeconds(30), 4.0, Duration.ofHours(1)));
        if (priorities != null) {
            all.putAll(priorities);
        }
        return all;
    }

    /**
     * @param maxAttempts    attempts in one round (the first send plus its retries) before dead-lettering
     * @param initialBackoff the wait after the first failure
     * @param multiplier     each further wait is this many times longer
     * @param maxBackoff     no wait is longer than this
     */
    public record PriorityClass(int maxAttempts, Duration initialBackoff, double multiplier, Duration maxBackoff) {
        public PriorityClass {
            if (maxAttempts < 1 || !(multiplier >= 1) || initialBackoff == null || maxBackoff == null
                    || initialBackoff.isNegative() || maxBackoff.compareTo(initialBackoff) < 0) {
                throw new IllegalArgumentException("invalid retry settings: " + maxAttempts + " attempts, "
                        + initialBackoff + " x" + multiplier + " up to " + maxBackoff);
            }
        }
    }
}
