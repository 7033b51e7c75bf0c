package io.notiledger.command.notification;

import java.time.Duration;

/**
 * Payload of the persistent deadline that ends an attempt whose outcome never arrived, so that no
 * notification stays in SENDING forever. Senders end every send before it fires, so it fires only when the
 * process stopped between claiming the attempt and recording its outcome: the mail may or may not have left,
 * and the audit says exactly that. The next attempt carries the same Message-ID.
 */
public record AttemptTimeout(int attemptNumber) {

    public static final String DEADLINE = "attempt-timeout";
    public static final String ERROR_CODE = "ATTEMPT_OUTCOME_UNKNOWN";

    static String describe(Duration timeout) {
        return "No outcome was recorded within " + timeout + " (the ledger stopped during the attempt?): the mail may"
                + " or may not have been sent; a further attempt carries the same Message-ID, so receivers can drop a"
                + " second copy";
    }
}
