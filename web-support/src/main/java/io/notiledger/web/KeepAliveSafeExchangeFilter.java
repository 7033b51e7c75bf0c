package io.notiledger.web;

import org.springframework.core.Ordered;
import org.springframework.http.server.reactive.ServerHttpRequestDecorator;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;
import reactor.netty.Connection;

/**
 * Handles every exchange in a task of its own, never inside the Netty event-loop call that read the request.
 * <p>
 * A client on a kept-alive HTTP/1.1 connection sends its next request the moment it has read a response;
 * Reactor Netty may still be finishing that exchange, and then queues the new request. Reactor Netty
 * 1.2.18 (the version Spring Boot 3.5 brings) stops reading the connection when such a queued request is
 * answered within the very call that took it off the queue (reactor/reactor-netty#4361): a 404 route, a
 * dev endpoint answering at once. Every later request on that connection then waits until the client gives
 * up. Starting the exchange as a new task on the connection's own event loop lets that call return first,
 * so the connection is read again, and the exchange still runs on the thread it would have run on.
 * {@code KeepAliveConnectionTest} in the standalone module reproduces the hang without this filter.
 */
public class KeepAliveSafeExchangeFilter implements WebFilter, Ordered {

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
        return Mono.defer(() -> chain.filter(exchange)).subscribeOn(laterTaskFor(exchange));
    }

    @Override
    public int getOrder() {
        return Ordered.HIGHEST_PRECEDENCE;
    }

    /** A later task on the connection's event loop; a worker thread when the server is not Reactor Netty. */
    private static Scheduler laterTaskFor(ServerWebExchange exchange) {
        Object nativeRequest = ServerHttpRequestDecorator.getNativeRequest(exchange.getRequest());
        if (nativeRequest instanceof Connection connection) {
            return Schedulers.fromExecutor(connection.channel().eventLoop());
        }
        return Schedulers.parallel();
    }
}
