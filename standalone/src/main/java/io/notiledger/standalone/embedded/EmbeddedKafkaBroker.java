package io.notiledger.standalone.embedded;

import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.utils.Exit;
import org.apache.kafka.common.utils.Time;
import org.apache.kafka.metadata.storage.Formatter;
import org.apache.kafka.server.common.MetadataVersion;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;

/**
 * A real Kafka broker in this process: one node in KRaft mode (broker and controller), its log kept
 * under the data directory so that a restart finds every record and every consumer offset again.
 */
public class EmbeddedKafkaBroker implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(EmbeddedKafkaBroker.class);

    private final KafkaRaftServer server;
    private final String bootstrapServers;

    public EmbeddedKafkaBroker(Path logDir, EmbeddedProperties.Kafka settings) throws Exception {
        keepTheProcessAliveOnFatalBrokerErrors();
        Files.createDirectories(logDir);
        String dir = logDir.toAbsolutePath().toString();
        Properties config = brokerConfig(dir, settings);
        if (!Files.exists(logDir.resolve("meta.properties"))) {
            format(dir);
        }
        this.bootstrapServers = "127.0.0.1:" + settings.port();
        this.server = new KafkaRaftServer(KafkaConfig.fromProps(config), Time.SYSTEM);
        server.startup();
        awaitReady();
        log.info("Embedded Kafka (KRaft) listening on {}, log in {}", bootstrapServers, dir);
    }

    public String bootstrapServers() {
        return bootstrapServers;
    }

    @Override
    public void close() {
        server.shutdown();
        server.awaitShutdown();
    }

    /**
     * A stand-alone Kafka broker exits or halts its JVM on a fatal error. Embedded, that JVM is the
     * ledger's: it would vanish without a word (a halt does not even flush the log). Instead the error
     * is logged and thrown in the broker thread that hit it; the ledger keeps running, its events wait
     * in the store (the outbox) until a broker takes them again, and a failure while the broker starts
     * fails the ledger's start with that message.
     */
    private static void keepTheProcessAliveOnFatalBrokerErrors() {
        Exit.setExitProcedure((status, message) -> {
            throw fatalBrokerError("exit", status, message);
        });
        Exit.setHaltProcedure((status, message) -> {
            throw fatalBrokerError("halt", status, message);
        });
    }

    private static IllegalStateException fatalBrokerError(String action, int status, String message) {
        IllegalStateException error = new IllegalStateException(
                "The embedded Kafka broker asked to " + action + " the process (status " + status + "): " + message);
        log.error(error.getMessage(), error);
        return error;
    }

    private static Properties brokerConfig(String dir, EmbeddedProperties.Kafka settings) {
        Properties p = new Properties();
        p.put("process.roles", "broker,controller");
        p.put("node.id", "1");
        p.put("controller.quorum.voters", "1@127.0.0.1:" + settings.controllerPort());
        p.put("listeners", "PLAINTEXT://127.0.0.1:" + settings.port() + ",CONTROLLER://127.0.0.1:" + settings.controllerPort());
        p.put("advertised.listeners", "PLAINTEXT://127.0.0.1:" + settings.port());
        p.put("controller.listener.names", "CONTROLLER");
        p.put("inter.broker.listener.name", "PLAINTEXT");
        p.put("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT");
        p.put("log.dirs", dir);
        p.put("num.partitions", Integer.toString(settings.partitions()));
        p.put("default.replication.factor", "1");
        p.put("offsets.topic.replication.factor", "1");
        p.put("offsets.topic.num.partitions", "5");
        p.put("transaction.state.log.replication.factor", "1");
        p.put("transaction.state.log.min.isr", "1");
        p.put("transaction.state.log.num.partitions", "5");
        p.put("group.initial.rebalance.delay.ms", "0");
        p.put("log.retention.ms", "-1");
        return p;
    }

    private static void format(String dir) throws Exception {
        new Formatter()
                .setPrintStream(new PrintStream(OutputStream.nullOutputStream()))
                .setNodeId(1)
                .setClusterId(Uuid.randomUuid().toString())
                .setControllerListenerName("CONTROLLER")
                .setMetadataLogDirectory(dir)
                .addDirectory(dir)
                .setReleaseVersion(MetadataVersion.LATEST_PRODUCTION)
                .run();
    }

    private void awaitReady() throws Exception {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers))) {
            admin.describeCluster().nodes().get(30, TimeUnit.SECONDS);
        }
    }
}
