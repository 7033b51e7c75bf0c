package io.notiledger.projections;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.memory.MemoryBackend;
import org.springframework.data.mongodb.core.MongoTemplate;

import java.net.InetSocketAddress;

/**
 * An in-memory MongoDB wire-protocol server on a random local port, reached through the real MongoDB
 * driver. Each instance is its own server, so tests sharing nothing but the class cannot see each other.
 */
public final class MongoStandIn implements AutoCloseable {

    private final MongoServer server;
    private final MongoClient client;

    public MongoStandIn() {
        server = new MongoServer(new MemoryBackend());
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

    @Override
    public void close() {
        client.close();
        server.shutdownNow();
    }
}
