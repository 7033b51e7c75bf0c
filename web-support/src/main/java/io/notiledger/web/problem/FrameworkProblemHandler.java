package io.notiledger.web.problem;

import io.notiledger.api.error.ErrorCode;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.core.codec.DecodingException;
import org.springframework.core.io.buffer.DataBufferLimitException;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.ErrorResponse;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.server.ServerWebExchange;

import java.net.URI;
import java.util.Map;

/**
 * Answers what the framework refuses before or around a controller (no such route, wrong method or media
 * type, an unreadable or oversized body) as the same problem+json every other error of the ledger is, with
 * a {@code code}. Bad input is the client's mistake, so it is logged at DEBUG (an oversized body at WARN),
 * never with a stack trace; only a failure nobody foresaw is a 500 and an ERROR.
 * <p>
 * Runs after the APIs' own handlers ({@code CommandProblemHandler}, {@code QueryProblemHandler}), which hand
 * it what they do not know, and before Spring Boot's problem-details handler, which sets no {@code code}.
 */
@Order(Ordered.HIGHEST_PRECEDENCE + 100)
@RestControllerAdvice
public class FrameworkProblemHandler {

    private static final Logger log = LoggerFactory.getLogger(FrameworkProblemHandler.class);

    private static final Map<Integer, ErrorCode> CODES = Map.of(
            400, ErrorCode.VALIDATION_FAILED,
            404, ErrorCode.ROUTE_NOT_FOUND,
            405, ErrorCode.METHOD_NOT_ALLOWED,
            406, ErrorCode.NOT_ACCEPTABLE,
            413, ErrorCode.PAYLOAD_TOO_LARGE,
            414, ErrorCode.URI_TOO_LONG,
            415, ErrorCode.UNSUPPORTED_MEDIA_TYPE,
            431, ErrorCode.HEADERS_TOO_LARGE);

    /**
     * The problem for any failure: a framework refusal (an {@link ErrorResponse}: 400, 404, 405, 406, 413,
     * 415...) keeps its status and gets a code, as do a body over the codec's in-memory limit (413) and one
     * the codec cannot read (400); anything else is a 500, logged with its stack trace.
     */
    @ExceptionHandler(Exception.class)
    public ResponseEntity<ProblemDetail> answer(Exception e, ServerWebExchange exchange) {
        String path = exchange.getRequest().getPath().value();
        if (e instanceof DataBufferLimitException) {
            log.warn("Refused {} {}: body over the in-memory limit", exchange.getRequest().getMethod(), path);
            return Problems.response(ErrorCode.PAYLOAD_TOO_LARGE, "The request body is larger than the ledger accepts", path);
        }
        if (e instanceof ErrorResponse refusal) {
            return refusal(refusal, e, exchange);
        }
        if (e instanceof DecodingException) {
            log.debug("Refused {} {}: unreadable body ({})", exchange.getRequest().getMethod(), path, e.getClass().getSimpleName());
            return Problems.response(ErrorCode.VALIDATION_FAILED, "The request body could not be read", path);
        }
        log.error("Request failed: {} {}", exchange.getRequest().getMethod(), path, e);
        ProblemDetail body = ProblemDetail.forStatusAndDetail(HttpStatus.INTERNAL_SERVER_ERROR,
                "The ledger could not process the request; it has been logged");
        body.setTitle("Internal error");
        body.setType(Problems.typeOf("INTERNAL_ERROR"));
        body.setProperty("code", "INTERNAL_ERROR");
        return Problems.response(body);
    }

    private static ResponseEntity<ProblemDetail> refusal(ErrorResponse refusal, Exception e, ServerWebExchange exchange) {
        HttpStatusCode status = refusal.getStatusCode();
        String path = exchange.getRequest().getPath().value();
        if (status.is5xxServerError()) {
            log.warn("Answered {} {} with {}: {}", exchange.getRequest().getMethod(), path, status.value(), e.getMessage());
        } else {
            log.debug("Refused {} {}: {} ({})", exchange.getRequest().getMethod(), path, status.value(), e.getClass().getSimpleName());
        }
        ErrorCode code = CODES.get(status.value());
        String detail = refusal.getBody().getDetail();
        ProblemDetail problem;
        if (code != null) {
            problem = Problems.of(code, detail == null || detail.isBlank() ? code.title() : detail, path);
        } else {
            HttpStatus known = HttpStatus.resolve(status.value());
            String name = known == null ? "HTTP_" + status.value() : known.name();
            problem = ProblemDetail.forStatusAndDetail(status, detail);
            problem.setTitle(refusal.getBody().getTitle());
            problem.setType(Problems.typeOf(name));
            problem.setInstance(URI.create(path));
            problem.setProperty("code", name);
        }
        // what the framework tells a client to do next (Allow on a 405, Accept-Post on a 415) stays
        return ResponseEntity.status(status).headers(refusal.getHeaders())
                .contentType(MediaType.APPLICATION_PROBLEM_JSON).body(problem);
    }
}
