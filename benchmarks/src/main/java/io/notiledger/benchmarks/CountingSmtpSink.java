package io.notiledger.benchmarks;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A real SMTP server that keeps nothing but a count of mails per notification (its X-Notification-Id
 * header). The standalone ledger's own sink (GreenMail) keeps and indexes every mail, which under load
 * costs more CPU than the ledger itself; a vendor's SMTP server costs the ledger nothing, and so must
 * the benchmark's.
 */
final class CountingSmtpSink implements AutoCloseable {

    private static final String HEADER = "x-notification-id:";

    private final ServerSocket server;
    private final ExecutorService connections = Executors.newCachedThreadPool(daemon());
    private final Map<String, AtomicInteger> mails = new ConcurrentHashMap<>();
    private final AtomicLong accepted = new AtomicLong();

    CountingSmtpSink() throws IOException {
        server = new ServerSocket(0, 512, InetAddress.getLoopbackAddress());
        Thread acceptor = new Thread(this::accept, "smtp-sink-acceptor");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    int port() {
        return server.getLocalPort();
    }

    Map<String, Integer> mailsPerNotification() {
        Map<String, Integer> counts = new ConcurrentHashMap<>();
        mails.forEach((id, count) -> counts.put(id, count.get()));
        return counts;
    }

    /** SMTP connections accepted so far: the ledger's round trips to its mail server. */
    long connections() {
        return accepted.get();
    }

    private void accept() {
        while (!server.isClosed()) {
            try {
                Socket socket = server.accept();
                accepted.incrementAndGet();
                connections.execute(() -> converse(socket));
            } catch (IOException closed) {
                return;
            }
        }
    }

    /** Just enough SMTP for Jakarta Mail: greeting, EHLO/HELO, MAIL, RCPT, DATA, RSET, NOOP, QUIT. */
    private void converse(Socket socket) {
        try (socket;
             BufferedReader in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.US_ASCII));
             OutputStream out = socket.getOutputStream()) {
            reply(out, "220 benchmark-sink ESMTP");
            String line;
            while ((line = in.readLine()) != null) {
                String command = line.length() >= 4 ? line.substring(0, 4).toUpperCase(Locale.ROOT) : line.toUpperCase(Locale.ROOT);
                switch (command) {
                    case "EHLO" -> reply(out, "250-benchmark-sink\r\n250 8BITMIME");
                    case "HELO", "MAIL", "RCPT", "RSET", "NOOP" -> reply(out, "250 OK");
                    case "DATA" -> {
                        reply(out, "354 go ahead");
                        readMessage(in);
                        reply(out, "250 OK queued");
                    }
                    case "QUIT" -> {
                        reply(out, "221 bye");
                        return;
                    }
                    default -> reply(out, "502 not implemented");
                }
            }
        } catch (IOException dropped) {
            // the client went away; what it delivered is counted
        }
    }

    private void readMessage(BufferedReader in) throws IOException {
        String id = null;
        String line;
        while ((line = in.readLine()) != null && !line.equals(".")) {
            if (id == null && line.regionMatches(true, 0, HEADER, 0, HEADER.length())) {
                id = line.substring(HEADER.length()).trim();
            }
        }
        if (id != null) {
            mails.computeIfAbsent(id, key -> new AtomicInteger()).incrementAndGet();
        }
    }

    private static void reply(OutputStream out, String text) throws IOException {
        out.write((text + "\r\n").getBytes(StandardCharsets.US_ASCII));
        out.flush();
    }

    private static ThreadFactory daemon() {
        AtomicInteger n = new AtomicInteger();
        return runnable -> {
            Thread thread = new Thread(runnable, "smtp-sink-" + n.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
    }

    @Override
    public void close() throws IOException {
        server.close();
        connections.shutdownNow();
    }
}
