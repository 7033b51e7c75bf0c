package io.notiledger.standalone;

import org.awaitility.core.ConditionTimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

import static org.awaitility.Awaitility.await;

/**
 * What one fault did to the notifications it hit, as one line per fault: every fault test logs it and
 * appends it to {@code target/fault-figures.txt}, so a run of the suite leaves its figures side by side.
 * {@code lost} counts accepted notifications that never reached an end state (SENT, CANCELLED,
 * DEAD_LETTERED) within the settle timeout; {@code mails_twice} counts notifications mailed more than once (each copy carries the same Message-ID).
 */
final class FaultFigures {

    private static final Logger log = LoggerFactory.getLogger(FaultFigures.class);

    static final Set<String> TERMINAL = Set.of("SENT", "CANCELLED", "DEAD_LETTERED");

    private final String fault;
    private final Map<String, String> states;
    private long mailsTwice;
    private long parked;

    private FaultFigures(String fault, Map<String, String> states) {
        this.fault = fault;
        this.states = states;
    }

    /**
     * Waits until every accepted notification is in an end state by the status API, or the timeout passes.
     *
     * @param stateOf the state the status API gives a notification, or null while it has none (a failed read
     *                counts as none: the view may be what the fault took down)
     */
    static FaultFigures settle(String fault, Collection<String> accepted, Function<String, String> stateOf, Duration timeout) {
        Map<String, String> states = new LinkedHashMap<>();
        accepted.forEach(id -> states.put(id, null));
        try {
            await().atMost(timeout).pollInterval(Duration.ofMillis(250)).until(() -> {
                states.replaceAll((id, state) -> terminal(state) ? state : read(stateOf, id));
                return states.values().stream().allMatch(FaultFigures::terminal);
            });
        } catch (ConditionTimeoutException notAllSettled) {
            // what did not settle is counted as lost
        }
        return new FaultFigures(fault, states);
    }

    FaultFigures mailsTwice(long count) {
        mailsTwice = count;
        return this;
    }

    FaultFigures parked(long count) {
        parked = count;
        return this;
    }

    long accepted() {
        return states.size();
    }

    long sent() {
        return count("SENT");
    }

    long deadLettered() {
        return count("DEAD_LETTERED");
    }

    long lost() {
        return states.size() - states.values().stream().filter(FaultFigures::terminal).count();
    }

    /** The end state of each accepted notification (null or another state when it did not settle). */
    Map<String, String> states() {
        return states;
    }

    String line() {
        return "fault=%s accepted=%d sent=%d dead_lettered=%d lost=%d mails_twice=%d parked=%d"
                .formatted(fault, accepted(), sent(), deadLettered(), lost(), mailsTwice, parked);
    }

    /** Logs the line, with any figures particular to this fault after it, and appends it to the figures file. */
    FaultFigures report(String... extra) {
        String line = extra.length == 0 ? line() : line() + " " + String.join(" ", extra);
        log.info(line);
        Path file = Path.of(System.getProperty("basedir", "."), "target", "fault-figures.txt");
        try {
            Files.createDirectories(file.getParent());
            Files.writeString(file, line + System.lineSeparator(), StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return this;
    }

    static boolean terminal(String state) {
        return state != null && TERMINAL.contains(state);
    }

    private long count(String state) {
        return states.values().stream().filter(state::equals).count();
    }

    private static String read(Function<String, String> stateOf, String id) {
        try {
            return stateOf.apply(id);
        } catch (RuntimeException unreadable) {
            return null;
        }
    }
}
