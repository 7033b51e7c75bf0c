package io.notiledger.command.delivery;

import javax.net.SocketFactory;
import java.io.IOException;
import java.net.InetAddress;
import java.net.Socket;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BooleanSupplier;

/**
 * Bounds the whole of one batch of SMTP sends, not just each read: Jakarta Mail's timeouts apply per connect,
 * read and write, so a server that answers slowly, a line at a time, could keep an attempt open for as long as
 * it likes. An attempt that outlived the ledger's attempt timeout would be retried while it is still
 * sending, and the mail would go out twice. Here the socket the sending thread works on (one Jakarta Mail
 * opened through {@link #socketFactory()} on that thread, or a reused connection's it {@link #watch watches})
 * is closed when the deadline passes, which ends the send with an I/O error.
 */
final class SendDeadline implements AutoCloseable {

    private final Duration limit;
    private final Map<Thread, Socket> socketOfSender = new ConcurrentHashMap<>();
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(runnable -> {
        Thread thread = new Thread(runnable, "smtp-send-deadline");
        thread.setDaemon(true);
        return thread;
    });

    SendDeadline(Duration limit) {
        this.limit = limit;
    }

    Duration limit() {
        return limit;
    }

    /**
     * Runs sends; when they take longer than the limit, the socket they work on is closed under them. They may
     * look at whether their time is up, so that they start no further mail once it is.
     *
     * @return what the sends returned, and whether the deadline cut them off
     */
    <T> Bounded<T> run(Sends<T> send) throws Exception {
        AtomicBoolean expired = new AtomicBoolean();
        Thread sender = Thread.currentThread();
        ScheduledFuture<?> cutOff = timer.schedule(() -> {
            expired.set(true);
            closeSocketOf(sender);
        }, limit.toMillis(), TimeUnit.MILLISECONDS);
        try {
            T result = send.call(expired::get);
            return new Bounded<>(result, expired.get());
        } finally {
            cutOff.cancel(false);
            socketOfSender.remove(sender);
        }
    }

    /** What Jakarta Mail uses to open the SMTP connection ({@code mail.smtp.socketFactory}). */
    SocketFactory socketFactory() {
        return new SocketFactory() {
            @Override
            public Socket createSocket() {
                return remember(new Socket());
            }

            @Override
            public Socket createSocket(String host, int port) throws IOException {
                return remember(new Socket(host, port));
            }

            @Override
            public Socket createSocket(String host, int port, InetAddress localHost, int localPort) throws IOException {
                return remember(new Socket(host, port, localHost, localPort));
            }

            @Override
            public Socket createSocket(InetAddress host, int port) throws IOException {
                return remember(new Socket(host, port));
            }

            @Override
            public Socket createSocket(InetAddress address, int port, InetAddress localAddress, int localPort) throws IOException {
                return remember(new Socket(address, port, localAddress, localPort));
            }
        };
    }

    /** The socket the current thread opened last within its run, to {@link #watch} again when it is reused. */
    Socket openedByThisThread() {
        return socketOfSender.get(Thread.currentThread());
    }

    /** The current thread's run goes on over an open connection's socket: the deadline closes that one. */
    void watch(Socket socket) {
        socketOfSender.put(Thread.currentThread(), socket);
    }

    private Socket remember(Socket socket) {
        socketOfSender.put(Thread.currentThread(), socket);
        return socket;
    }

    private void closeSocketOf(Thread sender) {
        Socket socket = socketOfSender.remove(sender);
        if (socket != null) {
            try {
                socket.close();
            } catch (IOException ignored) {
                // closing is all we wanted; the send fails either way
            }
        }
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }

    /** Sends that can ask whether the deadline has passed. */
    @FunctionalInterface
    interface Sends<T> {
        T call(BooleanSupplier expired) throws Exception;
    }

    /** A send's result, and whether the deadline closed its connection before it ended. */
    record Bounded<T>(T result, boolean expired) {
    }
}
