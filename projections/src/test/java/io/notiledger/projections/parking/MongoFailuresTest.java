package io.notiledger.projections.parking;

import com.mongodb.MongoBulkWriteException;
import com.mongodb.MongoSocketReadException;
import com.mongodb.MongoWriteConcernException;
import com.mongodb.MongoWriteException;
import com.mongodb.ServerAddress;
import com.mongodb.WriteError;
import com.mongodb.bulk.BulkWriteError;
import com.mongodb.bulk.BulkWriteResult;
import com.mongodb.bulk.WriteConcernError;
import org.bson.BsonDocument;
import org.bson.BsonSerializationException;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;
import org.springframework.dao.DuplicateKeyException;

import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

class MongoFailuresTest {

    private static final ServerAddress SERVER = new ServerAddress("127.0.0.1", 27017);

    @ParameterizedTest
    @ValueSource(ints = {11000, 11001, 10334, 17419, 2, 9, 14, 28, 52, 55, 56, 121})
    void aWriteRefusedForItsDocumentIsTheDocumentsFault(int code) {
        assertThat(MongoFailures.isAboutTheDocument(writeError(code))).isTrue();
        assertThat(MongoFailures.isAboutTheDocument(bulkError(code))).isTrue();
        assertThat(MongoFailures.isAboutTheServer(new DuplicateKeyException("refused", writeError(code)))).isFalse();
    }

    @ParameterizedTest
    // out of disk space, write-concern timeout, write conflict, lock timeouts, an unknown code, not primary, interrupted
    @ValueSource(ints = {14031, 64, 112, 24, 46, 8000, 1, 10107, 11601, 99999})
    void anyOtherWriteErrorIsTheServersFault(int code) {
        assertThat(MongoFailures.isAboutTheDocument(writeError(code))).isFalse();
        assertThat(MongoFailures.isAboutTheDocument(bulkError(code))).isFalse();
        assertThat(MongoFailures.isAboutTheServer(writeError(code))).isTrue();
    }

    @Test
    void aBulkWriteWithOneServerErrorAmongDocumentErrorsIsTheServers() {
        MongoBulkWriteException mixed = new MongoBulkWriteException(BulkWriteResult.unacknowledged(),
                List.of(new BulkWriteError(11000, "dup", new BsonDocument(), 0),
                        new BulkWriteError(14031, "disk full", new BsonDocument(), 1)), null, SERVER, Set.of());

        assertThat(MongoFailures.isAboutTheDocument(mixed)).isFalse();
        assertThat(MongoFailures.isAboutTheServer(mixed)).isTrue();
    }

    @Test
    void aWriteConcernNotMetIsTheServersEvenWithDocumentErrors() {
        WriteConcernError timeout = new WriteConcernError(64, "WriteConcernFailed", "waiting for replication timed out",
                new BsonDocument());
        MongoBulkWriteException bulk = new MongoBulkWriteException(BulkWriteResult.unacknowledged(),
                List.of(new BulkWriteError(11000, "dup", new BsonDocument(), 0)), timeout, SERVER, Set.of());

        assertThat(MongoFailures.isAboutTheDocument(bulk)).isFalse();
        assertThat(MongoFailures.isAboutTheDocument(new MongoWriteConcernException(timeout, null, SERVER))).isFalse();
        assertThat(MongoFailures.isAboutTheServer(new MongoWriteConcernException(timeout, null, SERVER))).isTrue();
    }

    @Test
    void aValueBsonCannotHoldIsTheDocumentsAndAnUnreachableServerIsNot() {
        assertThat(MongoFailures.isAboutTheDocument(new BsonSerializationException("too large"))).isTrue();
        assertThat(MongoFailures.isAboutTheServer(new MongoSocketReadException("reset", SERVER))).isTrue();
        assertThat(MongoFailures.isAboutTheServer(new IllegalArgumentException("long overflow"))).isFalse();
    }

    private static MongoWriteException writeError(int code) {
        return new MongoWriteException(new WriteError(code, "code " + code, new BsonDocument()), SERVER);
    }

    private static MongoBulkWriteException bulkError(int code) {
        return new MongoBulkWriteException(BulkWriteResult.unacknowledged(),
                List.of(new BulkWriteError(code, "code " + code, new BsonDocument(), 0)), null, SERVER, Set.of());
    }
}
