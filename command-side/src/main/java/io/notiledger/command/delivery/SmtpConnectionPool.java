package io.notiledger.command.delivery;

import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.Transport;

import java.net.Socket;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;

/**
 * Open SMTP connections kept between batches, so that many mails share one connection instead of paying a
 * connect, greeting and EHLO each. A connection is handed to one sending thread at a time; one that has been
 * idle longer than {@code maxIdle} is closed rather than reused (servers drop idle clients), and a reused one
 * must answer a NOOP first. Connections are opened on the borrowing thread, inside its {@link SendDeadline}
 * run, so the deadline can close them too.
 */
final class SmtpConnectionPool implements AutoCloseable {

    private final Session session;
    private final SendDeadline deadline;
    private final int maxIdleConnections;
    private final Duration maxIdle;
    private final Deque<SmtpConnection> idle = new ArrayDeque<>();
    private boolean closed;

    SmtpConnectionPool(Session session, SendDeadline deadline, int maxIdleConnections, Duration maxIdle) {
        this.session = session;
        this.deadline = deadline;
        this.maxIdleConnections = maxIdleConnections;
        this.maxIdle = maxIdle;
    }

    /** An idle connection that still answers, or a new one. */
    SmtpConnection borrow() throws MessagingException {
        for (SmtpConnection reused = takeIdle(); reused != null; reused = takeIdle()) {
            deadline.watch(reused.socket());
            if (reused.idleFor().compareTo(maxIdle) <= 0 && reused.transport().isConnected()) {
                return reused;
            }
            reused.close();
        }
        Transport transport = session.getTransport("smtp");
        transport.connect();
        return new SmtpConnection(transport, deadline.openedByThisThread());
    }

    /** Back to the pool when it is still open and there is room; closed otherwise. */
    void release(SmtpConnection connection) {
        synchronized (idle) {
            if (!closed && idle.size() < maxIdleConnections && connection.isOpen()) {
                connection.markIdle();
                idle.push(connection);
                return;
            }
        }
        connection.close();
    }

    private SmtpConnection takeIdle() {
        synchronized (idle) {
            return idle.poll();
        }
    }

    @Override
    public void close() {
        synchronized (idle) {
            closed = true;
            idle.forEach(SmtpConnection::close);
            idle.clear();
        }
    }

    /** One open SMTP connection and the socket under it (what the send deadline closes). */
    static final class SmtpConnection {
        private final Transport transport;
        private final Socket socket;
        private long idleSince = System.nanoTime();

        SmtpConnection(Transport transport, Socket socket) {
            this.transport = transport;
            this.socket = socket;
        }

        Transport transport() {
            return transport;
        }

        Socket socket() {
            return socket;
        }

        /** Without a round trip: whether the socket is still open on our side. */
        boolean isOpen() {
            return socket != null && !socket.isClosed() && socket.isConnected();
        }

        Duration idleFor() {
            return Duration.ofNanos(System.nanoTime() - idleSince);
        }

        void markIdle() {
            idleSince = System.nanoTime();
        }

        void close() {
            try {
                transport.close();
            } catch (MessagingException alreadyBroken) {
                // QUIT is a courtesy: a connection that cannot say it is closed anyway
            }
        }
    }
}
