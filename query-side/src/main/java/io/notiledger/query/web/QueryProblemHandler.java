package io.notiledger.query.web;

import io.notiledger.api.error.LedgerException;
import io.notiledger.query.admin.ParkedEventsController;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.server.ServerWebExchange;

import java.net.URI;
import java.util.Locale;

/** RFC 7807 problems for the read API; no stack trace reaches a client. */
@Order(Ordered.HIGHEST_PRECEDENCE)
@RestControllerAdvice(basePackageClasses = {NotificationQueryController.class, ParkedEventsController.class})
public class QueryProblemHandler {

    private static final Logger log = LoggerFactory.getLogger(QueryProblemHandler.class);

    @ExceptionHandler(LedgerException.class)
    ResponseEntity<ProblemDetail> rule(LedgerException e, ServerWebExchange exchange) {
        ProblemDetail body = ProblemDetail.forStatusAndDetail(HttpStatus.valueOf(e.code().httpStatus()), e.getMessage());
        body.setTitle(e.code().title());
        body.setType(URI.create("urn:notiledger:problem:" + e.code().name().toLowerCase(Locale.ROOT).replace('_', '-')));
        body.setInstance(URI.create(exchange.getRequest().getPath().value()));
        body.setProperty("code", e.code().name());
        return ResponseEntity.status(e.code().httpStatus()).contentType(MediaType.APPLICATION_PROBLEM_JSON).body(body);
    }

    @ExceptionHandler(Exception.class)
    ResponseEntity<ProblemDetail> unexpected(Exception e, ServerWebExchange exchange) {
        log.error("Query API failed for {}", exchange.getRequest().getPath(), e);
        ProblemDetail body = ProblemDetail.forStatusAndDetail(HttpStatus.INTERNAL_SERVER_ERROR,
                "The ledger could not answer the query; it has been logged");
        body.setTitle("Internal error");
        body.setType(URI.create("urn:notiledger:problem:internal-error"));
        body.setProperty("code", "INTERNAL_ERROR");
        return ResponseEntity.internalServerError().contentType(MediaType.APPLICATION_PROBLEM_JSON).body(body);
    }
}
