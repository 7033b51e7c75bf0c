package io.notiledger.projections;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.memory.MemoryBackend;
import de.bwaldvogel.mongo.bson.Document;
import de.bwaldvogel.mongo.exception.MongoServerError;
import io.netty.channel.Channel;
import org.springframework.data.mongodb.core.MongoTemplate;

import java.net.InetSocketAddress;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * An in-memory MongoDB wire-protocol server on a random local port, reached through the real MongoDB
 * driver. Each instance is its own server, so tests sharing nothing but the class cannot see each other.
 * A test can make it refuse writes to chosen collections, answering them with a server error as a failing
 * MongoDB would, or answer each update with a write error of a chosen code (as MongoDB out of disk space
 * answers {@code 14031} per write). It counts the update statements each collection received, so a test can
 * tell how many document writes a view sent.
 */
public final class MongoStandIn implements AutoCloseable {

    private final RefusingBackend backend = new RefusingBackend();
    private final MongoServer server;
    private final MongoClient client;

    public MongoStandIn() {
        server = new MongoServer(backend);
        server.bind("127.0.0.1", 0);
        client = MongoClients.create(uri());
    }

    /** {@code mongodb://127.0.0.1:<port>} */
    public String uri() {
        InetSocketAddress address = server.getLocalAddress();
        return "mongodb://" + address.getHostString() + ":" + address.getPort();
    }

    public MongoTemplate template(String database) {
        return new MongoTemplate(client, database);
    }

    /** From now on, inserts, updates and deletes on these collections fail with a server error. */
    public void refuseWritesTo(String... collections) {
        backend.refused.addAll(Set.of(collections));
    }

    /** From now on, the first update of every update command on this collection fails with a write error of this code. */
    public void failUpdatesTo(String collection, int writeErrorCode) {
        backend.failedUpdates.put(collection, writeErrorCode);
    }

    public void acceptAllWrites() {
        backend.refused.clear();
        backend.failedUpdates.clear();
    }

    /** How many update statements (one per document write, in single or bulk update commands) reached this collection. */
    public int updateStatementsTo(String collection) {
        return backend.updateStatements.getOrDefault(collection, 0);
    }

    /** How many write commands were refused so far. */
    public int refusedWrites() {
        return backend.refusals.get();
    }

    @Override
    public void close() {
        client.close();
        server.shutdownNow();
    }

    private static final class RefusingBackend extends MemoryBackend {

        private static final Set<String> WRITE_COMMANDS = Set.of("insert", "update", "delete", "findAndModify", "findandmodify");

        private final Set<String> refused = ConcurrentHashMap.newKeySet();
        private final Map<String, Integer> failedUpdates = new ConcurrentHashMap<>();
        private final AtomicInteger refusals = new AtomicInteger();
        private final Map<String, Integer> updateStatements = new ConcurrentHashMap<>();

        @Override
        public Document handleCommand(Channel channel, String database, String command, Document query) {
            if (WRITE_COMMANDS.contains(command) && refused.contains(String.valueOf(query.get(command)))) {
                refusals.incrementAndGet();
                throw new MongoServerError(1, "InternalError", "writes to " + query.get(command) + " are refused by the test");
            }
            if ("update".equals(command) && query.get("updates") instanceof List<?> updates) {
                updateStatements.merge(String.valueOf(query.get(command)), updates.size(), Integer::sum);
            }
            Integer writeError = "update".equals(command) ? failedUpdates.get(String.valueOf(query.get(command))) : null;
            if (writeError != null) {
                refusals.incrementAndGet();
                // an ordered write stops at its first error: nothing of the command was written
                return new Document("n", 0).append("nModified", 0)
                        .append("writeErrors", List.of(new Document("index", 0).append("code", writeError)
                                .append("errmsg", "write error " + writeError + " made by the test")))
                        .append("ok", 1.0);
            }
            return super.handleCommand(channel, database, command, query);
        }
    }
}
