package io.notiledger.command.web;

import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import io.notiledger.api.error.ErrorCode;
import io.notiledger.api.error.LedgerException;
import io.notiledger.command.apikey.ApiKeyAdminController;
import io.notiledger.command.availability.StoreAvailability;
import io.notiledger.command.history.HistoryExportController;
import io.notiledger.command.redrive.RedriveAdminController;
import io.notiledger.web.json.Rfc3339InstantDeserializer;
import io.notiledger.web.problem.FrameworkProblemHandler;
import io.notiledger.web.problem.Problems;
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
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.ServerWebInputException;

import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeoutException;
import java.util.stream.Collectors;

/**
 * Turns every failure of the command API into an RFC 7807 problem ({@code application/problem+json})
 * with a stable {@code code} and, for validation failures, the fields and reasons. No stack trace
 * reaches a client. What is not the command API's own (framework refusals, defects) goes to web-support's
 * {@link FrameworkProblemHandler}.
 */
@Order(Ordered.HIGHEST_PRECEDENCE)
@RestControllerAdvice(basePackageClasses = {NotificationCommandController.class, ApiKeyAdminController.class,
        RedriveAdminController.class, HistoryExportController.class})
public class CommandProblemHandler {

    private static final Logger log = LoggerFactory.getLogger(CommandProblemHandler.class);

    private final Duration retryAfter;
    private final FrameworkProblemHandler fallback;

    public CommandProblemHandler(CommandApiProperties properties, FrameworkProblemHandler fallback) {
        this.retryAfter = properties.storeRetryAfter();
        this.fallback = fallback;
    }

    @ExceptionHandler(InvalidRequestException.class)
    ResponseEntity<ProblemDetail> invalid(InvalidRequestException e, ServerWebExchange exchange) {
        return problem(ErrorCode.VALIDATION_FAILED, summary(e.violations()), exchange, e.violations());
    }

    @ExceptionHandler(ServerWebInputException.class)
    ResponseEntity<ProblemDetail> unreadable(ServerWebInputException e, ServerWebExchange exchange) {
        FieldViolation violation = describe(e);
        return problem(ErrorCode.VALIDATION_FAILED, violation.field() + " " + violation.reason(), exchange, List.of(violation));
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
        body.setType(Problems.typeOf("COMMAND_TIMEOUT"));
        body.setProperty("code", "COMMAND_TIMEOUT");
        return Problems.response(body);
    }

    @ExceptionHandler(Exception.class)
    ResponseEntity<ProblemDetail> unexpected(Exception e, ServerWebExchange exchange) {
        if (StoreAvailability.isUnavailability(e)) {
            return storeUnavailable(e, exchange);
        }
        return fallback.answer(e, exchange);
    }

    /**
     * The store could not commit for lack of disk space or connection: the command is not stored and the
     * client should come back later. An outage is expected operation, not a defect, so no stack trace;
     * {@code StoreAvailabilityInterceptor} logs the outage's cause once.
     */
    private ResponseEntity<ProblemDetail> storeUnavailable(Throwable e, ServerWebExchange exchange) {
        log.warn("Command refused for {}: the event store cannot take writes ({})",
                exchange.getRequest().getPath(), e.getClass().getSimpleName());
        ProblemDetail body = Problems.of(ErrorCode.STORE_UNAVAILABLE,
                "The ledger cannot store requests right now; nothing was stored. Retry later with the same Idempotency-Key",
                exchange.getRequest().getPath().value());
        return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE)
                .header(HttpHeaders.RETRY_AFTER, Long.toString(Math.max(1, retryAfter.toSeconds())))
                .contentType(MediaType.APPLICATION_PROBLEM_JSON).body(body);
    }

    private static ResponseEntity<ProblemDetail> problem(ErrorCode code, String detail, ServerWebExchange exchange,
                                                         List<FieldViolation> violations) {
        ProblemDetail body = Problems.of(code, detail, exchange.getRequest().getPath().value());
        if (violations != null) {
            body.setProperty("errors", violations);
        }
        return Problems.response(body);
    }

    private static String summary(List<FieldViolation> violations) {
        return violations.stream().map(v -> v.field() + " " + v.reason()).collect(Collectors.joining("; "));
    }

    /**
     * Names the field of a body that could not be read and why: malformed JSON, a field given twice, an
     * unknown field, a wrong type, an unknown enum value, an instant not in RFC 3339.
     */
    static FieldViolation describe(ServerWebInputException e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof UnrecognizedPropertyException unknown) {
                return new FieldViolation(path(unknown), "is not a known field; known fields: "
                        + unknown.getKnownPropertyIds().stream().map(String::valueOf).sorted().toList());
            }
            if (t instanceof InvalidFormatException format && format.getTargetType() != null) {
                if (format.getTargetType().isEnum()) {
                    return new FieldViolation(path(format), "unknown value '" + format.getValue() + "'; expected one of "
                            + Arrays.toString(format.getTargetType().getEnumConstants()));
                }
                if (format.getTargetType() == Instant.class) {
                    return new FieldViolation(path(format), Rfc3339InstantDeserializer.EXPECTED);
                }
            }
            if (t instanceof MismatchedInputException mismatch && !mismatch.getPath().isEmpty()
                    && mismatch.getTargetType() != null) {
                return new FieldViolation(path(mismatch), "must be " + expected(mismatch.getTargetType()));
            }
            if (t instanceof JsonMappingException mapping && !mapping.getPath().isEmpty()) {
                return new FieldViolation(path(mapping), "has the wrong type or format");
            }
            if (t instanceof JsonParseException parse && parse.getOriginalMessage() != null
                    && parse.getOriginalMessage().startsWith("Duplicate field '")) {
                String field = parse.getOriginalMessage().substring("Duplicate field '".length()).replaceFirst("'.*", "");
                return new FieldViolation(field, "appears more than once");
            }
            if (t instanceof JsonProcessingException parse) {
                String where = parse.getLocation() == null ? ""
                        : " at line " + parse.getLocation().getLineNr() + ", column " + parse.getLocation().getColumnNr();
                return new FieldViolation("$", "malformed JSON" + where);
            }
        }
        if (e.getMethodParameter() != null && e.getMethodParameter().getParameterName() != null
                && !e.getMethodParameter().hasParameterAnnotation(RequestBody.class)) {
            return new FieldViolation(e.getMethodParameter().getParameterName(), "is missing or invalid");
        }
        return new FieldViolation("$", "a JSON object is required");
    }

    private static String expected(Class<?> type) {
        if (type == String.class) {
            return "a string";
        }
        if (java.util.Map.class.isAssignableFrom(type)) {
            return "an object of string values";
        }
        if (type.isEnum()) {
            return "one of " + Arrays.toString(type.getEnumConstants());
        }
        return "of type " + type.getSimpleName();
    }

    private static String path(JsonMappingException e) {
        return e.getPath().stream()
                .map(ref -> ref.getFieldName() != null ? ref.getFieldName() : "[" + ref.getIndex() + "]")
                .collect(Collectors.joining("."));
    }
}
