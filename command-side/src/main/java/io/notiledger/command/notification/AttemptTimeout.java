package io.notiledger.command.notification;

/**
 * Payload of the persistent deadline that ends an attempt whose outcome never arrived (the process
 * died mid-send, say), so that no notification stays in SENDING forever.
 */
public record AttemptTimeout(int attemptNumber) {

    public static final String DEADLINE = "attempt-timeout";
    public static final String ERROR_CODE = "ATTEMPT_TIMED_OUT";
}
