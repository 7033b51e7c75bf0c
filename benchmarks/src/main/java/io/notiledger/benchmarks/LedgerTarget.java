package io.notiledger.benchmarks;

import io.notiledger.standalone.StandaloneApplication;
import io.notiledger.standalone.embedded.EmbeddedSmtpServer;
import jakarta.mail.MessagingException;
import jakarta.mail.internet.MimeMessage;
import org.springframework.context.ConfigurableApplicationContext;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/** The ledger under load: one started in this process (the standalone defaults), or a running one by URL. */
final class LedgerTarget implements AutoCloseable {

    private final String baseUrl;
    private final String kafka;
    private final Long pid;
    private final ConfigurableApplicationContext embedded;

    private LedgerTarget(String baseUrl, String kafka, Long pid, ConfigurableApplicationContext embedded) {
        this.baseUrl = baseUrl;
        this.kafka = kafka;
        this.pid = pid;
        this.embedded = embedded;
    }

    static LedgerTarget open(BenchmarkOptions options) throws IOException {
        if (options.url() != null) {
            return new LedgerTarget(options.url().replaceAll("/$", ""), options.kafka(), options.ledgerPid(), null);
        }
        Path dataDir = Files.createTempDirectory("ledger-benchmark-");
        ConfigurableApplicationContext context = StandaloneApplication.start(
                "--server.port=0",
                "--ledger.embedded.data-dir=" + dataDir,
                "--ledger.embedded.kafka.port=" + freePort(),
                "--ledger.embedded.kafka.controller-port=" + freePort(),
                "--ledger.embedded.mongo.port=" + freePort(),
                "--ledger.embedded.smtp.port=" + freePort(),
                "--ledger.embedded.smtp.imap-port=" + freePort(),
                "--ledger.embedded.smtp.pop3-port=" + freePort(),
                "--logging.level.root=WARN");
        String port = context.getEnvironment().getProperty("local.server.port");
        return new LedgerTarget("http://127.0.0.1:" + port, context.getEnvironment().getProperty("axon.kafka.bootstrap-servers"),
                ProcessHandle.current().pid(), context);
    }

    String baseUrl() {
        return baseUrl;
    }

    Optional<String> kafka() {
        return Optional.ofNullable(kafka);
    }

    Optional<Long> pid() {
        return Optional.ofNullable(pid);
    }

    String description() {
        return embedded != null ? "standalone ledger started in the benchmark's process (embedded Kafka, H2, MongoDB stand-in, GreenMail)"
                : "running ledger at " + baseUrl;
    }

    /** Mails the embedded SMTP sink received, per notification id (empty when the ledger is not ours). */
    Optional<Map<String, Integer>> mailsPerNotification() {
        if (embedded == null) {
            return Optional.empty();
        }
        Map<String, Integer> counts = new HashMap<>();
        for (MimeMessage mail : embedded.getBean(EmbeddedSmtpServer.class).receivedMessages()) {
            try {
                String id = mail.getHeader("X-Notification-Id", null);
                if (id != null) {
                    counts.merge(id, 1, Integer::sum);
                }
            } catch (MessagingException e) {
                throw new IllegalStateException(e);
            }
        }
        return Optional.of(counts);
    }

    @Override
    public void close() {
        if (embedded != null) {
            embedded.close();
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
