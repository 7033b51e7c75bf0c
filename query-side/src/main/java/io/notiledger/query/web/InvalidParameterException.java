package io.notiledger.query.web;

/** A query parameter the read API refuses: answered 400 {@code VALIDATION_FAILED} naming the parameter. */
public class InvalidParameterException extends RuntimeException {

    private final String parameter;
    private final String reason;

    public InvalidParameterException(String parameter, String reason) {
        super(parameter + " " + reason);
        this.parameter = parameter;
        this.reason = reason;
    }

    public String parameter() {
        return parameter;
    }

    public String reason() {
        return reason;
    }
}
