package io.notiledger.command.web;

import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import io.notiledger.api.error.ErrorCode;
import io.notiledger.api.error.LedgerException;
import io.notiledger.command.availability.StoreAvailability;
import org.axonframework.commandhandling.CommandExecutionException;
import org.axonframework.modelling.command.AggregateNotFoundException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.ServerWebInputException;

import java.net.URI;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeoutException;
import java.util.stream.Collectors;

/**
 * Turns every failure of the command API into an RFC 7807 problem ({@code application/problem+json})
 * with a stable {@code code} and, for validation failures, the fields and reasons. No stack trace
 * reaches a client.
 */
@Order(Ordered.HIGHEST_PRECEDENCE)
@RestControllerAdvice(basePackageClasses = NotificationCommandController.class)
public class CommandProblemHandler {

    private static final Logger log = LoggerFactory.getLogger(CommandProblemHandler.class);

    private final Duration retryAfter;

    public CommandProblemHandler(CommandApiProperties properties) {
        this.retryAfter = properties.storeRetryAfter();
    }

    @ExceptionHandler(InvalidRequestException.class)
    ResponseEntity<ProblemDetail> invalid(InvalidRequestException e, ServerWebExchange exchange) {
        return problem(ErrorCode.VALIDATION_FAILED, summary(e.violations()), exchange, e.violations());
    }

    @ExceptionHandler(ServerWebInputException.class)
    ResponseEntity<ProblemDetail> unreadable(ServerWebInputException e, ServerWebExchange exchange) {
        FieldViolation violation = describe(e);
        return problem(ErrorCode.VALIDATION_FAILED, violation.field() + ": " + violation.reason(), exchange, List.of(violation));
    }

    @ExceptionHandler(LedgerException.class)
    ResponseEntity<ProblemDetail> rule(LedgerException e, ServerWebExchange exchange) {
        return problem(e.code(), e.getMessage(), exchange, null);
    }

    /** A distributed command bus wraps domain errors; a local one throws them as they are. */
    @ExceptionHandler(CommandExecutionException.class)
    ResponseEntity<ProblemDetail> wrapped(CommandExecutionException e, ServerWebExchange exchange) {
        Throwable cause = e.getCause();
        if (cause instanceof LedgerException ledger) {
            return rule(ledger, exchange);
        }
        if (cause instanceof AggregateNotFoundException missing) {
            return notFound(missing, exchange);
        }
        return unexpected(e, exchange);
    }

    /**
     * The store could not commit for lack of disk space or connection: the command is not stored and the
     * client should come back later. An outage is expected operation, not a defect, so no stack trace;
     * {@code StoreAvailabilityInterceptor} logs the outage's cause once.
     */
    ResponseEntity<ProblemDetail> storeUnavailable(Throwable e, ServerWebExchange exchange) {
        log.warn("Command refused for {}: the event store cannot take writes ({})",
                exchange.getRequest().getPath(), e.getClass().getSimpleName());
        ResponseEntity<ProblemDetail> answer = problem(ErrorCode.STORE_UNAVAILABLE,
                "The ledger cannot store requests right now; nothing was stored. Retry later with the same Idempotency-Key",
                exchange, null);
        return ResponseEntity.status(answer.getStatusCode()).headers(answer.getHeaders())
                .header(HttpHeaders.RETRY_AFTER, Long.toString(retryAfter.toSeconds()))
                .body(answer.getBody());
    }

    @ExceptionHandler(AggregateNotFoundException.class)
    ResponseEntity<ProblemDetail> notFound(AggregateNotFoundException e, ServerWebExchange exchange) {
        return problem(ErrorCode.NOTIFICATION_NOT_FOUND, "No notification " + e.getAggregateIdentifier(), exchange, null);
    }

    @ExceptionHandler(TimeoutException.class)
    ResponseEntity<ProblemDetail> timeout(TimeoutException e, ServerWebExchange exchange) {
        log.warn("Command timed out for {}", exchange.getRequest().getPath());
        ProblemDetail body = ProblemDetail.forStatusAndDetail(HttpStatus.SERVICE_UNAVAILABLE,
                "The ledger did not confirm the command in time; retry with the same Idempotency-Key");
        body.setTitle("Command timed out");
        body.setType(URI.create("urn:notiledger:problem:command-timeout"));
        body.setProperty("code", "COMMAND_TIMEOUT");
        return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE).contentType(MediaType.APPLICATION_PROBLEM_JSON).body(body);
    }

    @ExceptionHandler(Exception.class)
    ResponseEntity<ProblemDetail> unexpected(Exception e, ServerWebExchange exchange) {
        if (StoreAvailability.isUnavailability(e)) {
            return storeUnavailable(e, exchange);
        }
        log.error("Command API failed for {}", exchange.getRequest().getPath(), e);
        ProblemDetail body = ProblemDetail.forStatusAndDetail(HttpStatus.INTERNAL_SERVER_ERROR,
                "The ledger could not process the request; it has been logged");
        body.setTitle("Internal error");
        body.setType(URI.create("urn:notiledger:problem:internal-error"));
        body.setProperty("code", "INTERNAL_ERROR");
        return ResponseEntity.internalServerError().contentType(MediaType.APPLICATION_PROBLEM_JSON).body(body);
    }

    private static ResponseEntity<ProblemDetail> problem(ErrorCode code, String detail, ServerWebExchange exchange,
                                                         List<FieldViolation> violations) {
        HttpStatus status = HttpStatus.valueOf(code.httpStatus());
        ProblemDetail body = ProblemDetail.forStatusAndDetail(status, detail);
        body.setTitle(code.title());
        body.setType(URI.create("urn:notiledger:problem:" + code.name().toLowerCase(Locale.ROOT).replace('_', '-')));
        body.setInstance(URI.create(exchange.getRequest().getPath().value()));
        body.setProperty("code", code.name());
        if (violations != null) {
            body.setProperty("errors", violations);
        }
        return ResponseEntity.status(status).contentType(MediaType.APPLICATION_PROBLEM_JSON).body(body);
    }

    private static String summary(List<FieldViolation> violations) {
        return violations.stream().map(v -> v.field() + " " + v.reason()).collect(Collectors.joining("; "));
    }

    /** Names the field of a body that could not be read: malformed JSON, a wrong type, an unknown enum value. */
    private static FieldViolation describe(ServerWebInputException e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof InvalidFormatException format && format.getTargetType() != null
                    && format.getTargetType().isEnum()) {
                return new FieldViolation(path(format), "unknown value '" + format.getValue() + "'; expected one of "
                        + Arrays.toString(format.getTargetType().getEnumConstants()));
            }
            if (t instanceof JsonMappingException mapping && !mapping.getPath().isEmpty()) {
                return new FieldViolation(path(mapping), "has the wrong type or format");
            }
            if (t instanceof com.fasterxml.jackson.core.JsonProcessingException parse) {
                String where = parse.getLocation() == null ? ""
                        : " at line " + parse.getLocation().getLineNr() + ", column " + parse.getLocation().getColumnNr();
                return new FieldViolation("$", "malformed JSON" + where);
            }
        }
        if (e.getMethodParameter() != null && e.getMethodParameter().getParameterName() != null
                && !e.getMethodParameter().hasParameterAnnotation(org.springframework.web.bind.annotation.RequestBody.class)) {
            return new FieldViolation(e.getMethodParameter().getParameterName(), "is missing or invalid");
        }
        return new FieldViolation("$", "a JSON object is required");
    }

    private static String path(JsonMappingException e) {
        return e.getPath().stream()
                .map(ref -> ref.getFieldName() != null ? ref.getFieldName() : "[" + ref.getIndex() + "]")
                .collect(Collectors.joining("."));
    }
}
