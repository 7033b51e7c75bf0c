package io.notiledger.command.notification;

import io.notiledger.api.notification.Priority;
import io.notiledger.command.notification.RetryProperties.PriorityClass;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;
import static org.assertj.core.api.Assertions.assertThatNoException;

class RetryPolicyTest {

    /** 1s, x2, at most 10s, for every priority. */
    private static final PriorityClass SMALL = new PriorityClass(5, Duration.ofSeconds(1), 2.0, Duration.ofSeconds(10));
    private static final Duration TIMEOUT = Duration.ofMinutes(3);

    private static RetryProperties properties(double jitter, Map<Priority, PriorityClass> classes) {
        return new RetryProperties(jitter, TIMEOUT, classes);
    }

    private static RetryPolicy withoutJitter(Map<Priority, PriorityClass> classes) {
        return new RetryPolicy(properties(0.0, classes));
    }

    @Test
    void backoffGrowsExponentially() {
        RetryPolicy policy = withoutJitter(Map.of(Priority.NORMAL,
                new PriorityClass(10, Duration.ofSeconds(2), 3.0, Duration.ofHours(1))));

        assertThat(IntStream.rangeClosed(1, 5).mapToObj(n -> policy.backoffAfter(n, Priority.NORMAL)))
                .containsExactly(Duration.ofSeconds(2), Duration.ofSeconds(6), Duration.ofSeconds(18),
                        Duration.ofSeconds(54), Duration.ofSeconds(162));
    }

    @Test
    void fractionalMultiplierGrowsTheBackoffToo() {
        RetryPolicy policy = withoutJitter(Map.of(Priority.LOW,
                new PriorityClass(10, Duration.ofMillis(1000), 1.5, Duration.ofHours(1))));

        assertThat(policy.backoffAfter(1, Priority.LOW)).isEqualTo(Duration.ofMillis(1000));
        assertThat(policy.backoffAfter(2, Priority.LOW)).isEqualTo(Duration.ofMillis(1500));
        assertThat(policy.backoffAfter(3, Priority.LOW)).isEqualTo(Duration.ofMillis(2250));
    }

    @Test
    void backoffStopsGrowingAtTheCap() {
        RetryPolicy policy = withoutJitter(Map.of(Priority.HIGH, SMALL));

        assertThat(policy.backoffAfter(4, Priority.HIGH)).isEqualTo(Duration.ofSeconds(8));
        assertThat(policy.backoffAfter(5, Priority.HIGH)).isEqualTo(Duration.ofSeconds(10));
        assertThat(policy.backoffAfter(6, Priority.HIGH)).isEqualTo(Duration.ofSeconds(10));
        assertThat(policy.backoffAfter(60, Priority.HIGH)).isEqualTo(Duration.ofSeconds(10));
        assertThat(policy.backoffAfter(5_000, Priority.HIGH)).isEqualTo(Duration.ofSeconds(10));
    }

    @Test
    void lowestRandomValueShortensTheBackoffByTheFullJitter() {
        RetryPolicy policy = new RetryPolicy(properties(0.2, Map.of(Priority.NORMAL, SMALL)), () -> 0.0);

        assertThat(policy.backoffAfter(1, Priority.NORMAL)).isEqualTo(Duration.ofMillis(800));
        assertThat(policy.backoffAfter(3, Priority.NORMAL)).isEqualTo(Duration.ofMillis(3200));
    }

    @Test
    void highestRandomValueLengthensTheBackoffByTheFullJitter() {
        RetryPolicy policy = new RetryPolicy(properties(0.2, Map.of(Priority.NORMAL, SMALL)), () -> 1.0);

        assertThat(policy.backoffAfter(1, Priority.NORMAL)).isEqualTo(Duration.ofMillis(1200));
        assertThat(policy.backoffAfter(3, Priority.NORMAL)).isEqualTo(Duration.ofMillis(4800));
    }

    @Test
    void middleRandomValueLeavesTheBackoffUnchanged() {
        RetryPolicy policy = new RetryPolicy(properties(0.2, Map.of(Priority.NORMAL, SMALL)), () -> 0.5);

        assertThat(policy.backoffAfter(2, Priority.NORMAL)).isEqualTo(Duration.ofSeconds(2));
    }

    @ParameterizedTest(name = "random {0} -> {1} ms")
    @CsvSource({"0.0, 7000", "0.25, 8500", "0.5, 10000", "0.75, 11500", "0.999, 12994"})
    void jitterSpreadsTheBackoffLinearlyOverItsRange(double random, long expectedMillis) {
        RetryPolicy policy = new RetryPolicy(properties(0.3, Map.of(Priority.NORMAL,
                new PriorityClass(5, Duration.ofSeconds(10), 2.0, Duration.ofMinutes(10)))), () -> random);

        assertThat(policy.backoffAfter(1, Priority.NORMAL)).isEqualTo(Duration.ofMillis(expectedMillis));
    }

    @Test
    void jitteredBackoffStaysWithinItsBoundsWithARealRandomSource() {
        RetryPolicy policy = new RetryPolicy(properties(0.2, Map.of(Priority.NORMAL, SMALL)));

        for (int i = 0; i < 1_000; i++) {
            assertThat(policy.backoffAfter(2, Priority.NORMAL))
                    .isBetween(Duration.ofMillis(1600), Duration.ofMillis(2400));
        }
    }

    /**
     * {@link PriorityClass#maxBackoff()} is documented as "no wait is longer than this"; jitter must
     * not push a capped wait beyond it.
     */
    @Test
    void jitterNeverPushesAWaitBeyondTheCap() {
        RetryPolicy policy = new RetryPolicy(properties(0.2, Map.of(Priority.NORMAL, SMALL)), () -> 1.0);

        assertThat(policy.backoffAfter(10, Priority.NORMAL)).isLessThanOrEqualTo(SMALL.maxBackoff());
    }

    @Test
    void zeroInitialBackoffRetriesAtOnce() {
        RetryPolicy policy = new RetryPolicy(properties(0.5, Map.of(Priority.NORMAL,
                new PriorityClass(3, Duration.ZERO, 2.0, Duration.ZERO))), () -> 0.0);

        assertThat(policy.backoffAfter(1, Priority.NORMAL)).isEqualTo(Duration.ZERO);
        assertThat(policy.backoffAfter(3, Priority.NORMAL)).isEqualTo(Duration.ZERO);
    }

    @Test
    void defaultPriorityClassesApplyWhenNoneAreConfigured() {
        RetryPolicy policy = withoutJitter(null);

        assertThat(policy.maxAttempts(Priority.HIGH)).isEqualTo(14);
        assertThat(policy.maxAttempts(Priority.NORMAL)).isEqualTo(7);
        assertThat(policy.maxAttempts(Priority.LOW)).isEqualTo(4);
        assertThat(policy.backoffAfter(1, Priority.HIGH)).isEqualTo(Duration.ofSeconds(1));
        assertThat(policy.backoffAfter(2, Priority.HIGH)).isEqualTo(Duration.ofSeconds(2));
        assertThat(policy.backoffAfter(1, Priority.NORMAL)).isEqualTo(Duration.ofSeconds(5));
        assertThat(policy.backoffAfter(2, Priority.NORMAL)).isEqualTo(Duration.ofSeconds(15));
        assertThat(policy.backoffAfter(1, Priority.LOW)).isEqualTo(Duration.ofSeconds(30));
        assertThat(policy.backoffAfter(2, Priority.LOW)).isEqualTo(Duration.ofMinutes(2));
        assertThat(policy.backoffAfter(50, Priority.HIGH)).isEqualTo(Duration.ofMinutes(5));
        assertThat(policy.backoffAfter(50, Priority.NORMAL)).isEqualTo(Duration.ofMinutes(15));
        assertThat(policy.backoffAfter(50, Priority.LOW)).isEqualTo(Duration.ofHours(1));
    }

    @Test
    void configuredPriorityClassReplacesOnlyItsOwnDefault() {
        RetryPolicy policy = withoutJitter(Map.of(Priority.LOW, SMALL));

        assertThat(policy.maxAttempts(Priority.LOW)).isEqualTo(5);
        assertThat(policy.backoffAfter(1, Priority.LOW)).isEqualTo(Duration.ofSeconds(1));
        assertThat(policy.maxAttempts(Priority.HIGH)).isEqualTo(14);
        assertThat(policy.maxAttempts(Priority.NORMAL)).isEqualTo(7);
        assertThat(policy.backoffAfter(1, Priority.NORMAL)).isEqualTo(Duration.ofSeconds(5));
    }

    @Test
    void retryWindowIsTheSumOfTheWaitsBetweenAttempts() {
        RetryPolicy policy = withoutJitter(Map.of(Priority.LOW, SMALL));

        // SMALL: 5 attempts, waits 1, 2, 4, 8 s (capped at 10 s)
        assertThat(policy.retryWindow(Priority.LOW)).isEqualTo(Duration.ofSeconds(15));
    }

    @Test
    void importantMailIsRetriedSoonerAndAtLeastAsLongAsAnyOther() {
        RetryPolicy policy = withoutJitter(null);

        assertThat(policy.backoffAfter(1, Priority.HIGH)).isLessThan(policy.backoffAfter(1, Priority.NORMAL));
        assertThat(policy.backoffAfter(1, Priority.NORMAL)).isLessThan(policy.backoffAfter(1, Priority.LOW));
        assertThat(policy.retryWindow(Priority.HIGH))
                .isGreaterThanOrEqualTo(policy.retryWindow(Priority.NORMAL))
                .isGreaterThanOrEqualTo(policy.retryWindow(Priority.LOW))
                // outlasts greylisting (typically 5 to 15 minutes) with room to spare
                .isGreaterThan(Duration.ofMinutes(20));
        assertThat(policy.retryWindow(Priority.NORMAL)).isGreaterThan(Duration.ofMinutes(20));
    }

    @Test
    void attemptTimeoutComesFromTheProperties() {
        assertThat(withoutJitter(null).attemptTimeout()).isEqualTo(TIMEOUT);
    }

    @Test
    void priorityWithoutSettingsIsAnError() {
        Map<Priority, PriorityClass> withNullEntry = new EnumMap<>(Priority.class);
        withNullEntry.put(Priority.HIGH, null);
        RetryPolicy policy = withoutJitter(withNullEntry);

        assertThatIllegalStateException().isThrownBy(() -> policy.maxAttempts(Priority.HIGH))
                .withMessageContaining("HIGH");
    }

    @ParameterizedTest(name = "jitter {0}")
    @ValueSource(doubles = {-0.01, -1.0, 1.0, 1.5})
    void jitterOutsideZeroToOneIsRejected(double jitter) {
        assertThatIllegalArgumentException().isThrownBy(() -> properties(jitter, null))
                .withMessageContaining("jitter");
    }

    @ParameterizedTest(name = "jitter {0}")
    @ValueSource(doubles = {0.0, 0.5, 0.99})
    void jitterFromZeroToBelowOneIsAccepted(double jitter) {
        assertThatNoException().isThrownBy(() -> properties(jitter, null));
    }

    @Test
    void jitterThatIsNotANumberIsRejected() {
        assertThatIllegalArgumentException().isThrownBy(() -> properties(Double.NaN, null));
    }

    @Test
    void zeroAttemptsAreRejected() {
        assertThatIllegalArgumentException()
                .isThrownBy(() -> new PriorityClass(0, Duration.ofSeconds(1), 2.0, Duration.ofSeconds(10)));
    }

    @Test
    void shrinkingMultiplierIsRejected() {
        assertThatIllegalArgumentException()
                .isThrownBy(() -> new PriorityClass(3, Duration.ofSeconds(1), 0.5, Duration.ofSeconds(10)));
    }

    @Test
    void multiplierThatIsNotANumberIsRejected() {
        assertThatIllegalArgumentException()
                .isThrownBy(() -> new PriorityClass(3, Duration.ofSeconds(1), Double.NaN, Duration.ofSeconds(10)));
    }

    @Test
    void negativeInitialBackoffIsRejected() {
        assertThatIllegalArgumentException()
                .isThrownBy(() -> new PriorityClass(3, Duration.ofSeconds(-1), 2.0, Duration.ofSeconds(10)));
    }

    @Test
    void capBelowTheInitialBackoffIsRejected() {
        assertThatIllegalArgumentException()
                .isThrownBy(() -> new PriorityClass(3, Duration.ofSeconds(10), 2.0, Duration.ofSeconds(9)))
                .withMessageContaining("invalid retry settings");
    }

    @Test
    void singleAttemptWithConstantBackoffIsAccepted() {
        assertThatNoException()
                .isThrownBy(() -> new PriorityClass(1, Duration.ofSeconds(10), 1.0, Duration.ofSeconds(10)));
    }
}
