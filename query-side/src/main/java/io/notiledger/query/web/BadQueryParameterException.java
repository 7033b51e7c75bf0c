package io.notiledger.query.web;

/** A query parameter (or request header) the read API cannot take: answered 400 naming it, with the reason. */
public class BadQueryParameterException extends RuntimeException {

    private final String parameter;
    private final String reason;

    public BadQueryParameterException(String parameter, String reason) {
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
