package io.notiledger.standalone;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A real SMTP server on a socket of the test's that plays a misbehaving mail vendor: at any step of the
 * dialogue it can answer with a reply the test chose (a 421 greeting, a 450 or 550 to RCPT TO) or answer
 * late (after the client's read timeout). Unscripted, it accepts every mail. A mail counts as received the
 * moment the server decides to accept it, before any late reply: a server that took the mail but answered
 * too late is exactly what makes a client send it again.
 */
final class ScriptedSmtpServer implements AutoCloseable {

    /** The points of the dialogue a script can change. */
    enum Step { GREETING, MAIL, RCPT, END_OF_DATA }

    private static final Map<Step, String> ACCEPT = Map.of(
            Step.GREETING, "220 scripted.test ESMTP",
            Step.MAIL, "250 2.1.0 Ok",
            Step.RCPT, "250 2.1.5 Ok",
            Step.END_OF_DATA, "250 2.0.0 Ok: queued");

    private final ServerSocket socket;
    private final ExecutorService sessions = Executors.newCachedThreadPool(runnable -> {
        Thread thread = new Thread(runnable, "scripted-smtp");
        thread.setDaemon(true);
        return thread;
    });
    private final Set<Socket> open = ConcurrentHashMap.newKeySet();
    private final MailCounter mails = new MailCounter();
    private final AtomicInteger replies = new AtomicInteger();
    private final AtomicInteger connections = new AtomicInteger();
    private volatile Map<Step, String> script = Map.of();
    private volatile Map<Step, Duration> delays = Map.of();
    private volatile Set<String> refusedRecipients = Set.of();
    private volatile String recipientRefusal;

    ScriptedSmtpServer() throws IOException {
        socket = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        sessions.submit(this::acceptConnections);
    }

    int port() {
        return socket.getLocalPort();
    }

    /** From now on, answer this step with this reply (for example {@code 421 4.3.2 try again later}). */
    synchronized ScriptedSmtpServer reply(Step step, String reply) {
        Map<Step, String> next = new EnumMap<>(Step.class);
        next.putAll(script);
        next.put(step, reply);
        script = Map.copyOf(next);
        return this;
    }

    /** From now on, wait this long before answering this step. */
    synchronized ScriptedSmtpServer slow(Step step, Duration delay) {
        Map<Step, Duration> next = new EnumMap<>(Step.class);
        next.putAll(delays);
        next.put(step, delay);
        delays = Map.copyOf(next);
        return this;
    }

    /** From now on, answer RCPT for these recipients (only) with this reply (for example a 5xx). */
    synchronized ScriptedSmtpServer refuseRecipients(Set<String> recipients, String reply) {
        refusedRecipients = Set.copyOf(recipients);
        recipientRefusal = reply;
        return this;
    }

    /** Forget the script: answer at once and accept every mail. */
    synchronized ScriptedSmtpServer acceptAll() {
        script = Map.of();
        delays = Map.of();
        refusedRecipients = Set.of();
        return this;
    }

    /** The mails this server accepted. */
    MailCounter mails() {
        return mails;
    }

    /** How many connections clients opened so far. */
    int connections() {
        return connections.get();
    }

    /** How many scripted (non-accepting) replies it gave so far. */
    int scriptedReplies() {
        return replies.get();
    }

    @Override
    public void close() throws IOException {
        socket.close();
        for (Socket client : open) {
            client.close();
        }
        sessions.shutdownNow();
    }

    private void acceptConnections() {
        while (!socket.isClosed()) {
            try {
                Socket client = socket.accept();
                connections.incrementAndGet();
                open.add(client);
                sessions.submit(() -> converse(client));
            } catch (IOException closed) {
                return;
            }
        }
    }

    private void converse(Socket client) {
        try (client) {
            BufferedReader in = new BufferedReader(new InputStreamReader(client.getInputStream(), StandardCharsets.UTF_8));
            OutputStream out = client.getOutputStream();
            if (!answer(out, Step.GREETING)) {
                return; // a server that refuses at the greeting closes the connection (421) or takes only QUIT
            }
            for (String line = in.readLine(); line != null; line = in.readLine()) {
                String verb = line.length() < 4 ? line.toUpperCase(Locale.ROOT) : line.substring(0, 4).toUpperCase(Locale.ROOT);
                switch (verb) {
                    case "EHLO", "HELO" -> write(out, "250 scripted.test");
                    case "MAIL" -> answer(out, Step.MAIL);
                    case "RCPT" -> {
                        if (refusedRecipients.contains(recipientOf(line))) {
                            answer(out, Step.RCPT, recipientRefusal);
                        } else {
                            answer(out, Step.RCPT);
                        }
                    }
                    case "DATA" -> {
                        write(out, "354 End data with <CR><LF>.<CR><LF>");
                        receive(in, out);
                    }
                    case "RSET", "NOOP" -> write(out, "250 2.0.0 Ok");
                    case "QUIT" -> {
                        write(out, "221 2.0.0 Bye");
                        return;
                    }
                    default -> write(out, "502 5.5.2 Command not recognised");
                }
            }
        } catch (IOException | InterruptedException clientWentAway) {
            // a client that timed out closes its side; nothing more to say to it
        } finally {
            open.remove(client);
        }
    }

    /** Reads a mail up to the lone dot, decides, counts it when accepted, and answers (late, if scripted). */
    private void receive(BufferedReader in, OutputStream out) throws IOException, InterruptedException {
        String messageId = null;
        String notificationId = null;
        boolean inHeaders = true;
        String line;
        for (line = in.readLine(); line != null && !line.equals("."); line = in.readLine()) {
            if (line.isEmpty()) {
                inHeaders = false;
            } else if (inHeaders && line.regionMatches(true, 0, "Message-ID:", 0, 11)) {
                messageId = line.substring(11).strip();
            } else if (inHeaders && line.regionMatches(true, 0, "X-Notification-Id:", 0, 18)) {
                notificationId = line.substring(18).strip();
            }
        }
        if (line == null) {
            return; // the client went away in the middle of the mail (killed): nothing was accepted
        }
        String reply = replyTo(Step.END_OF_DATA);
        if (reply.startsWith("2")) {
            mails.add(messageId, notificationId);
        }
        answer(out, Step.END_OF_DATA, reply);
    }

    /** Answers one step as scripted; returns whether the reply was a positive one. */
    private boolean answer(OutputStream out, Step step) throws IOException, InterruptedException {
        return answer(out, step, replyTo(step));
    }

    private boolean answer(OutputStream out, Step step, String reply) throws IOException, InterruptedException {
        Duration delay = delays.get(step);
        if (delay != null) {
            Thread.sleep(delay.toMillis());
        }
        if (!reply.equals(ACCEPT.get(step))) {
            replies.incrementAndGet();
        }
        write(out, reply);
        return reply.startsWith("2") || reply.startsWith("3");
    }

    /** The address of {@code RCPT TO:<address>}. */
    private static String recipientOf(String line) {
        int open = line.indexOf('<');
        int close = line.indexOf('>', open + 1);
        return open < 0 || close < 0 ? "" : line.substring(open + 1, close).toLowerCase(Locale.ROOT);
    }

    private String replyTo(Step step) {
        return script.getOrDefault(step, ACCEPT.get(step));
    }

    private static void write(OutputStream out, String reply) throws IOException {
        out.write((reply + "\r\n").getBytes(StandardCharsets.UTF_8));
        out.flush();
    }
}
