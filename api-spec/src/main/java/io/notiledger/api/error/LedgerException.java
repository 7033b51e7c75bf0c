package io.notiledger.api.error;

/** A business rule refused a message; carries a stable {@link ErrorCode}. */
public class LedgerException extends RuntimeException {

    private final ErrorCode code;

    public LedgerException(ErrorCode code, String message) {
        super(message);
        this.code = code;
    }

    public ErrorCode code() {
        return code;
    }
}
