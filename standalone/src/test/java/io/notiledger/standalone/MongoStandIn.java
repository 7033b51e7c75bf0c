package io.notiledger.standalone;

import de.bwaldvogel.mongo.MongoBackend;
import de.bwaldvogel.mongo.MongoDatabase;
import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.MongoVersion;
import de.bwaldvogel.mongo.backend.QueryResult;
import de.bwaldvogel.mongo.backend.memory.MemoryBackend;
import de.bwaldvogel.mongo.bson.Document;
import de.bwaldvogel.mongo.exception.MongoServerError;
import de.bwaldvogel.mongo.wire.message.MongoMessage;
import de.bwaldvogel.mongo.wire.message.MongoQuery;
import io.netty.channel.Channel;

import java.time.Clock;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The MongoDB stand-in as an outside server of the test's, to play MongoDB's faults against the ledger:
 * it can go down (its port closed, every connection cut) and come back on the same port with the data it
 * had, or stay up and refuse every write (as a MongoDB out of disk space does) while it still answers reads.
 */
final class MongoStandIn implements AutoCloseable {

    /** The commands that change data; while writes are refused, each of them fails. */
    private static final Set<String> WRITES = Set.of("insert", "update", "delete", "findandmodify",
            "createindexes", "drop", "dropindexes", "dropdatabase", "create", "renamecollection");
    /** MongoDB's code for a write refused for lack of disk space. */
    private static final int OUT_OF_DISK_SPACE = 14031;

    private final int port = TestLedger.freePort();
    private final MongoBackend data = new MemoryBackend();
    private final MongoBackend backend = new Refusable();
    private volatile boolean refusingWrites;
    private volatile long refusedWrites;
    private MongoServer server;

    MongoStandIn up() {
        server = new MongoServer(backend);
        server.bind("127.0.0.1", port);
        return this;
    }

    MongoStandIn down() {
        if (server != null) {
            server.shutdownNow();
            server = null;
        }
        return this;
    }

    MongoStandIn refuseWrites(boolean refuse) {
        refusingWrites = refuse;
        return this;
    }

    /** How many write commands it refused so far. */
    long refusedWrites() {
        return refusedWrites;
    }

    String uri(String database) {
        return "mongodb://127.0.0.1:" + port + "/" + database;
    }

    @Override
    public void close() {
        down();
        data.close();
    }

    private void check(String command) {
        if (refusingWrites && WRITES.contains(command.toLowerCase(Locale.ROOT))) {
            refusedWrites++;
            throw new MongoServerError(OUT_OF_DISK_SPACE, "OutOfDiskSpace", "the test refuses writes: " + command);
        }
    }

    /** The data's backend, with the refusal in front of every command. */
    private final class Refusable implements MongoBackend {

        @Override
        public Document handleCommand(Channel channel, String database, String command, Document query) {
            check(command);
            return data.handleCommand(channel, database, command, query);
        }

        @Override
        public Document handleMessage(MongoMessage message) {
            check(message.getDocument().keySet().iterator().next());
            return data.handleMessage(message);
        }

        @Override
        public void handleClose(Channel channel) {
            data.handleClose(channel);
        }

        @Override
        public QueryResult handleQuery(MongoQuery query) {
            return data.handleQuery(query);
        }

        @Override
        public void dropDatabase(String database) {
            data.dropDatabase(database);
        }

        @Override
        public Collection<Document> getCurrentOperations(MongoQuery query) {
            return data.getCurrentOperations(query);
        }

        @Override
        public Document getServerStatus() {
            return data.getServerStatus();
        }

        @Override
        public void close() {
            // the data outlives each server on top of it; MongoStandIn.close() closes it
        }

        @Override
        public void closeCursors(List<Long> cursorIds) {
            data.closeCursors(cursorIds);
        }

        @Override
        public Clock getClock() {
            return data.getClock();
        }

        @Override
        public void enableOplog() {
            data.enableOplog();
        }

        @Override
        public void disableOplog() {
            data.disableOplog();
        }

        @Override
        public MongoDatabase resolveDatabase(String database) {
            return data.resolveDatabase(database);
        }

        @Override
        public MongoBackend version(MongoVersion version) {
            data.version(version);
            return this;
        }
    }
}
