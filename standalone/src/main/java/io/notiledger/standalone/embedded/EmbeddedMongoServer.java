package io.notiledger.standalone.embedded;

import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.h2.H2Backend;
import de.bwaldvogel.mongo.backend.memory.MemoryBackend;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A MongoDB wire-protocol server in this process (mongo-java-server), file-backed by default so that
 * the views survive a restart. The ledger talks to it through the ordinary MongoDB driver only.
 */
public class EmbeddedMongoServer implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(EmbeddedMongoServer.class);

    private final MongoServer server;

    public EmbeddedMongoServer(Path file, EmbeddedProperties.Mongo settings) throws Exception {
        if (settings.inMemory()) {
            server = new MongoServer(new MemoryBackend());
        } else {
            Files.createDirectories(file.getParent());
            server = new MongoServer(new H2Backend(file.toAbsolutePath().toString()));
        }
        try {
            server.bind("127.0.0.1", settings.port());
        } catch (RuntimeException e) {
            // its backend and event loops are running already: left alone they would keep a failed start's JVM alive
            server.shutdownNow();
            throw e;
        }
        log.info("Embedded MongoDB stand-in listening on 127.0.0.1:{} ({})", settings.port(),
                settings.inMemory() ? "in memory" : file.toAbsolutePath());
    }

    @Override
    public void close() {
        server.shutdown();
    }
}
