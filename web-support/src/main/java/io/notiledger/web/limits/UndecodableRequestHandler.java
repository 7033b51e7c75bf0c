package io.notiledger.web.limits;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.DecoderResult;
import io.netty.handler.codec.TooLongFrameException;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.TooLongHttpHeaderException;
import io.netty.handler.codec.http.TooLongHttpLineException;
import io.netty.util.ReferenceCountUtil;
import io.notiledger.api.error.ErrorCode;
import io.notiledger.web.problem.Problems;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.URI;
import java.net.URISyntaxException;

/**
 * Answers, with a problem+json, the requests that never reach the application: those Netty could not decode
 * (a request line or headers over its decoder limit, a broken Content-Length, garbage instead of HTTP) and
 * those whose target is not a URI. Without it Reactor Netty and Spring answer them with an empty 400, 414 or
 * 431. The connection is closed after the answer: what follows on it cannot be trusted to be a request.
 * One instance per connection.
 */
public class UndecodableRequestHandler extends ChannelInboundHandlerAdapter {

    private static final Logger log = LoggerFactory.getLogger(UndecodableRequestHandler.class);

    private final ObjectMapper json;
    private boolean refused;

    public UndecodableRequestHandler(ObjectMapper json) {
        this.json = json;
    }

    @Override
    public void channelRead(ChannelHandlerContext context, Object message) {
        if (refused) {
            ReferenceCountUtil.release(message);
            return;
        }
        if (message instanceof HttpRequest request) {
            DecoderResult result = request.decoderResult();
            if (result.isFailure()) {
                refuse(context, message, failureOf(result.cause()));
                return;
            }
            if (!isUri(request.uri())) {
                refuse(context, message, new Refusal(ErrorCode.MALFORMED_REQUEST, "The request target is not a valid URI"));
                return;
            }
        } else if (message instanceof HttpContent content && content.decoderResult().isFailure()) {
            refuse(context, message, failureOf(content.decoderResult().cause()));
            return;
        }
        context.fireChannelRead(message);
    }

    private static Refusal failureOf(Throwable cause) {
        if (cause instanceof TooLongHttpLineException) {
            return new Refusal(ErrorCode.URI_TOO_LONG, "The request line is longer than the ledger reads");
        }
        if (cause instanceof TooLongHttpHeaderException || cause instanceof TooLongFrameException) {
            return new Refusal(ErrorCode.HEADERS_TOO_LARGE, "The request headers are larger than the ledger reads");
        }
        return new Refusal(ErrorCode.MALFORMED_REQUEST, "The request is not well-formed HTTP/1.1");
    }

    private static boolean isUri(String target) {
        try {
            new URI(target);
            return true;
        } catch (URISyntaxException e) {
            return false;
        }
    }

    private void refuse(ChannelHandlerContext context, Object message, Refusal refusal) {
        refused = true;
        ReferenceCountUtil.release(message);
        log.warn("Refused a request that could not be read: {}", refusal.detail());
        byte[] body;
        try {
            body = json.writeValueAsBytes(Problems.members(Problems.of(refusal.code(), refusal.detail(), null)));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Cannot write a problem", e);
        }
        FullHttpResponse response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1,
                HttpResponseStatus.valueOf(refusal.code().httpStatus()), Unpooled.wrappedBuffer(body));
        response.headers().set(HttpHeaderNames.CONTENT_TYPE, "application/problem+json")
                .setInt(HttpHeaderNames.CONTENT_LENGTH, body.length)
                .set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
        context.writeAndFlush(response).addListener(ChannelFutureListener.CLOSE);
    }

    private record Refusal(ErrorCode code, String detail) {
    }
}
