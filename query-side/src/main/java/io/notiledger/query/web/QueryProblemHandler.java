package io.notiledger.query.web;

import com.mongodb.MongoException;
import io.notiledger.api.error.ErrorCode;
import io.notiledger.api.error.LedgerException;
import io.notiledger.projections.parking.ProcessorNotStartedException;
import io.notiledger.query.admin.ParkedEventsController;
import io.notiledger.query.live.NotificationStreamController;
import io.notiledger.query.stats.StatsController;
import io.notiledger.web.problem.Problems;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.server.ServerWebExchange;

import java.util.List;
import java.util.Map;

/**
 * RFC 7807 problems for the read API's own refusals; everything else (framework refusals, defects) is
 * answered by web-support's {@code FrameworkProblemHandler}. No stack trace reaches a client.
 * <p>
 * MongoDB unreachable or a view processor not running is a state of the deployment, not a defect: it is
 * answered 503 {@code VIEWS_UNAVAILABLE} with {@code Retry-After} and logged at WARN without a stack trace
 * (the driver's own log says what it cannot reach).
 */
@Order(Ordered.HIGHEST_PRECEDENCE)
@RestControllerAdvice(basePackageClasses = {NotificationQueryController.class, ParkedEventsController.class,
        StatsController.class, NotificationStreamController.class})
public class QueryProblemHandler {

    private static final Logger log = LoggerFactory.getLogger(QueryProblemHandler.class);
    private static final String RETRY_AFTER_SECONDS = "5";

    @ExceptionHandler(LedgerException.class)
    ResponseEntity<ProblemDetail> rule(LedgerException e, ServerWebExchange exchange) {
        return Problems.response(e.code(), e.getMessage(), exchange.getRequest().getPath().value());
    }

    @ExceptionHandler(BadQueryParameterException.class)
    ResponseEntity<ProblemDetail> badParameter(BadQueryParameterException e, ServerWebExchange exchange) {
        ProblemDetail problem = Problems.of(ErrorCode.VALIDATION_FAILED, e.getMessage(), exchange.getRequest().getPath().value());
        problem.setProperty("errors", List.of(Map.of("field", e.parameter(), "reason", e.reason())));
        return Problems.response(problem);
    }

    @ExceptionHandler({ProcessorNotStartedException.class, MongoException.class, DataAccessResourceFailureException.class})
    ResponseEntity<ProblemDetail> viewsUnavailable(RuntimeException e, ServerWebExchange exchange) {
        String path = exchange.getRequest().getPath().value();
        log.warn("Answered {} {} with 503: the views are unavailable ({})", exchange.getRequest().getMethod(), path,
                e.getClass().getSimpleName());
        ProblemDetail problem = Problems.of(ErrorCode.VIEWS_UNAVAILABLE,
                "The views' database or processors are not available right now; retry later", path);
        return ResponseEntity.status(problem.getStatus()).header(HttpHeaders.RETRY_AFTER, RETRY_AFTER_SECONDS)
                .contentType(MediaType.APPLICATION_PROBLEM_JSON).body(problem);
    }
}
