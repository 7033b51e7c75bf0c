package io.notiledger.standalone;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

/**
 * A client keeps one HTTP/1.1 connection open and sends its next request the moment it has read a
 * response. The server may then still be finishing the previous exchange, so it queues the new request;
 * a queued request whose answer is ready at once (a 404 route, a refused body) must not leave the
 * connection deaf to every request after it. Driven over a raw socket, so that the order on the wire
 * is the test's and not an HTTP client's.
 */
@ExtendWith(SharedLedger.class)
class KeepAliveConnectionTest {

    private static final int READ_TIMEOUT_MILLIS = 10_000;

    static int port;
    static String authorization;

    @BeforeAll
    static void connect(TestLedger shared) {
        port = Integer.parseInt(shared.property("local.server.port"));
        authorization = "Authorization: Bearer " + shared.createKey("keep-alive", "sender") + "\r\n";
    }

    @Test
    void connectionKeepsServingAfterAQueuedRequestIsAnsweredAtOnce() throws IOException {
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout(READ_TIMEOUT_MILLIS);
            // the first answer needs a query on a worker thread; the second is ready at once and waits in the queue
            send(socket, get("/v1/notifications/" + UUID.randomUUID()) + get("/no-such-route"));
            assertThat(readStatus(socket)).isEqualTo(404);
            assertThat(readStatus(socket)).isEqualTo(404);

            send(socket, get("/actuator/health"));
            assertThat(readStatus(socket)).as("the connection still answers").isEqualTo(200);
        }
    }

    @Test
    void connectionKeepsServingAfterARefusedRequestWasQueued() throws IOException {
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout(READ_TIMEOUT_MILLIS);
            send(socket, get("/v1/notifications/" + UUID.randomUUID()) + post("/v1/notifications", "{not json"));
            assertThat(readStatus(socket)).isEqualTo(404);
            assertThat(readStatus(socket)).isEqualTo(400);

            send(socket, get("/v1/notifications/" + UUID.randomUUID()));
            assertThat(readStatus(socket)).as("the connection still answers").isEqualTo(404);
        }
    }

    private static String get(String path) {
        return "GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\n" + authorization + "Accept: application/json\r\n\r\n";
    }

    private static String post(String path, String json) {
        return "POST " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\n" + authorization + "Content-Type: application/json\r\n"
                + "Content-Length: " + json.getBytes(StandardCharsets.UTF_8).length + "\r\n\r\n" + json;
    }

    private static void send(Socket socket, String requests) throws IOException {
        socket.getOutputStream().write(requests.getBytes(StandardCharsets.UTF_8));
        socket.getOutputStream().flush();
    }

    /** Reads one whole response (fixed length or chunked) and returns its status code. */
    private static int readStatus(Socket socket) throws IOException {
        InputStream in = socket.getInputStream();
        try {
            String statusLine = readLine(in);
            int status = Integer.parseInt(statusLine.split(" ")[1]);
            long contentLength = 0;
            boolean chunked = false;
            for (String header = readLine(in); !header.isEmpty(); header = readLine(in)) {
                String lower = header.toLowerCase(Locale.ROOT);
                if (lower.startsWith("content-length:")) {
                    contentLength = Long.parseLong(lower.substring("content-length:".length()).trim());
                } else if (lower.startsWith("transfer-encoding:") && lower.contains("chunked")) {
                    chunked = true;
                }
            }
            if (chunked) {
                for (long size = Long.parseLong(readLine(in).trim(), 16); size > 0; size = Long.parseLong(readLine(in).trim(), 16)) {
                    in.readNBytes((int) size);
                    readLine(in);
                }
                readLine(in);
            } else {
                in.readNBytes((int) contentLength);
            }
            return status;
        } catch (SocketTimeoutException e) {
            return fail("no response within " + READ_TIMEOUT_MILLIS + " ms on a kept-alive connection");
        }
    }

    private static String readLine(InputStream in) throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        for (int b = in.read(); b != '\n'; b = in.read()) {
            if (b == -1) {
                throw new IOException("connection closed by the server");
            }
            if (b != '\r') {
                line.write(b);
            }
        }
        return line.toString(StandardCharsets.UTF_8);
    }
}
