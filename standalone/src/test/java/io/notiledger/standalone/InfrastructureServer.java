package io.notiledger.standalone;

import io.notiledger.standalone.embedded.EmbeddedKafkaBroker;
import io.notiledger.standalone.embedded.EmbeddedMongoServer;
import io.notiledger.standalone.embedded.EmbeddedProperties;

import org.slf4j.LoggerFactory;

import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;

/**
 * One piece of the ledger's infrastructure in a JVM of its own, for tests that run the sides as separate
 * processes: the standalone's Kafka broker ({@code kafka <log dir> <port> <controller port>}) or its MongoDB
 * stand-in in memory ({@code mongo <port>}). It runs until SIGTERM.
 */
public final class InfrastructureServer {

    private InfrastructureServer() {
    }

    public static void main(String[] args) throws Exception {
        AutoCloseable server = switch (args[0]) {
            case "kafka" -> new EmbeddedKafkaBroker(Path.of(args[1]),
                    new EmbeddedProperties.Kafka(true, Integer.parseInt(args[2]), Integer.parseInt(args[3]), 4));
            case "mongo" -> new EmbeddedMongoServer(Path.of("unused"),
                    new EmbeddedProperties.Mongo(true, Integer.parseInt(args[1]), true));
            default -> throw new IllegalArgumentException("kafka or mongo, not " + args[0]);
        };
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                server.close();
            } catch (Exception e) {
                LoggerFactory.getLogger(InfrastructureServer.class).warn("Stopping {} failed", args[0], e);
            }
            stopped.countDown();
        }));
        // the parent process reads this line from our standard output to know the server listens
        System.out.println("READY " + args[0]);
        stopped.await();
    }
}
