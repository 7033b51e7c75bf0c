package io.notiledger.web.limits;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpRequestDecoder;
import io.netty.util.ReferenceCountUtil;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;

class UndecodableRequestHandlerTest {

    private final ObjectMapper json = new ObjectMapper();
    private final EmbeddedChannel channel = new EmbeddedChannel(new HttpRequestDecoder(100, 200, 8192),
            new UndecodableRequestHandler(json));

    @Test
    void aWellFormedRequestPassesOn() {
        channel.writeInbound(bytes("GET /v1/notifications HTTP/1.1\r\nHost: x\r\n\r\n"));

        Object passed = channel.readInbound();
        assertThat(passed).isInstanceOf(HttpRequest.class);
        ReferenceCountUtil.release(passed);
        assertThat((Object) channel.readOutbound()).isNull();
        assertThat(channel.isOpen()).isTrue();
    }

    @Test
    void aRequestLineOverTheDecoderLimitIs414() throws Exception {
        channel.writeInbound(bytes("GET /" + "x".repeat(200) + " HTTP/1.1\r\nHost: x\r\n\r\n"));

        assertAnswered(414, "URI_TOO_LONG");
    }

    @Test
    void headersOverTheDecoderLimitAre431() throws Exception {
        channel.writeInbound(bytes("GET / HTTP/1.1\r\nHost: x\r\nX-Padding: " + "p".repeat(300) + "\r\n\r\n"));

        assertAnswered(431, "HEADERS_TOO_LARGE");
    }

    @Test
    void aBrokenContentLengthIs400() throws Exception {
        channel.writeInbound(bytes("POST / HTTP/1.1\r\nHost: x\r\nContent-Length: abc\r\n\r\n{}"));

        assertAnswered(400, "MALFORMED_REQUEST");
    }

    @Test
    void aTargetThatIsNoUriIs400() throws Exception {
        channel.writeInbound(bytes("GET /v1/{not a uri} HTTP/1.1\r\nHost: x\r\n\r\n"));

        assertAnswered(400, "MALFORMED_REQUEST");
    }

    private void assertAnswered(int status, String code) throws Exception {
        Object passed = channel.readInbound();
        assertThat(passed).as("reached the application").isNull();
        FullHttpResponse response = channel.readOutbound();
        try {
            assertThat(response.status().code()).isEqualTo(status);
            assertThat(response.headers().get("Content-Type")).isEqualTo("application/problem+json");
            assertThat(response.headers().get("Connection")).isEqualTo("close");
            JsonNode problem = json.readTree(response.content().toString(StandardCharsets.UTF_8));
            assertThat(problem.get("status").asInt()).isEqualTo(status);
            assertThat(problem.get("code").asText()).isEqualTo(code);
        } finally {
            response.release();
        }
        assertThat(channel.isOpen()).as("closed after the answer").isFalse();
    }

    private static ByteBuf bytes(String text) {
        return Unpooled.copiedBuffer(text, StandardCharsets.ISO_8859_1);
    }
}
