package io.notiledger.query.web;

import io.notiledger.api.error.LedgerException;
import io.notiledger.query.admin.ParkedEventsController;
import io.notiledger.web.problem.Problems;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.server.ServerWebExchange;

/**
 * RFC 7807 problems for the read API's own refusals; everything else (framework refusals, defects) is
 * answered by web-support's {@code FrameworkProblemHandler}. No stack trace reaches a client.
 */
@Order(Ordered.HIGHEST_PRECEDENCE)
@RestControllerAdvice(basePackageClasses = {NotificationQueryController.class, ParkedEventsController.class})
public class QueryProblemHandler {

    @ExceptionHandler(LedgerException.class)
    ResponseEntity<ProblemDetail> rule(LedgerException e, ServerWebExchange exchange) {
        return Problems.response(e.code(), e.getMessage(), exchange.getRequest().getPath().value());
    }
}
