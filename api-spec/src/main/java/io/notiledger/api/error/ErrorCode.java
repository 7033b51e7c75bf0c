package io.notiledger.api.error;

/**
 * Stable codes for business errors. They travel inside exceptions and become RFC 7807 problem
 * responses at the HTTP edge; the HTTP status belongs to the code so every edge maps it the same way.
 */
public enum ErrorCode {
    VALIDATION_FAILED(400, "The request is not valid"),
    NOTIFICATION_NOT_FOUND(404, "No such notification"),
    IDEMPOTENCY_CONFLICT(409, "Idempotency key reused with a different request"),
    NOT_CANCELLABLE(409, "The notification can no longer be cancelled"),
    ATTEMPT_IN_FLIGHT(409, "A delivery attempt is already in flight"),
    STALE_ATTEMPT(409, "The attempt number is not the current attempt"),
    NOT_DELIVERABLE(409, "The notification is not waiting for delivery"),
    NOT_REDRIVABLE(409, "Only a dead-lettered notification can be re-driven"),
    ALREADY_REDRIVEN(409, "This re-drive run has re-driven the notification already"),
    REBUILD_RUNNING(409, "A rebuild of this view runs already"),
    OPERATOR_REQUIRED(422, "A re-drive must name the operator who asked for it"),
    UNSUPPORTED_CHANNEL(422, "The channel has no delivery adapter yet"),
    API_KEY_NOT_FOUND(404, "No such API key"),
    RATE_LIMITED(429, "Too many requests for this tenant; retry after the time given"),
    STORE_UNAVAILABLE(503, "The store of record cannot take writes right now"),
    KEYS_UNAVAILABLE(503, "API keys cannot be checked right now"),
    VIEWS_UNAVAILABLE(503, "The views cannot be read or changed right now"),
    // what the HTTP edge refuses before a request reaches the ledger's own API
    ROUTE_NOT_FOUND(404, "No such resource"),
    METHOD_NOT_ALLOWED(405, "The resource does not support this method"),
    NOT_ACCEPTABLE(406, "The resource cannot answer in an accepted media type"),
    PAYLOAD_TOO_LARGE(413, "The request body is too large"),
    URI_TOO_LONG(414, "The request URI is too long"),
    UNSUPPORTED_MEDIA_TYPE(415, "The request body's media type is not supported"),
    HEADERS_TOO_LARGE(431, "The request headers are too large"),
    MALFORMED_REQUEST(400, "The request is not well-formed HTTP"),
    UNAUTHENTICATED(401, "A valid API key is required (Authorization: Bearer <key>)"),
    FORBIDDEN(403, "This API key's roles do not allow this request");

    private final int httpStatus;
    private final String title;

    ErrorCode(int httpStatus, String title) {
        this.httpStatus = httpStatus;
        this.title = title;
    }

    public int httpStatus() {
        return httpStatus;
    }

    public String title() {
        return title;
    }
}
