package io.notiledger.projections.parking;

import com.mongodb.MongoBulkWriteException;
import com.mongodb.MongoException;
import com.mongodb.MongoWriteException;
import com.mongodb.bulk.BulkWriteError;
import org.bson.BsonSerializationException;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.dao.TransientDataAccessException;

import java.util.Set;

/**
 * Tells a MongoDB failure that concerns one document (a unique index it breaks, a size or a value MongoDB
 * refuses: parking its event helps) from one of the server (unreachable, timing out, refusing every write:
 * the batch must wait and be handled again, parking would only fill the queue with healthy events).
 */
public final class MongoFailures {

    /** Write errors that say the server is unavailable for now, not that the document is wrong. */
    private static final Set<Integer> TRANSIENT_WRITE_ERRORS = Set.of(
            6, 7, 89, 91, 189, 262, 9001, 10107, 11600, 11602, 13435, 13436, 50);

    private MongoFailures() {
    }

    /** A write refused for its document: one write error per refused write and no write-concern error. */
    public static boolean isAboutTheDocument(Throwable failure) {
        if (failure instanceof MongoBulkWriteException bulk) {
            return bulk.getWriteConcernError() == null && !bulk.getWriteErrors().isEmpty()
                    && bulk.getWriteErrors().stream().map(BulkWriteError::getCode).noneMatch(TRANSIENT_WRITE_ERRORS::contains);
        }
        if (failure instanceof MongoWriteException write) {
            return !TRANSIENT_WRITE_ERRORS.contains(write.getError().getCode());
        }
        return failure instanceof BsonSerializationException;
    }

    /** Whether the failure, or one of its causes, is MongoDB being unavailable rather than an event's content. */
    public static boolean isAboutTheServer(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause() == cause ? null : cause.getCause()) {
            if (isAboutTheDocument(cause)) {
                return false;
            }
            if (cause instanceof MongoException || cause instanceof DataAccessResourceFailureException
                    || cause instanceof TransientDataAccessException) {
                return true;
            }
        }
        return false;
    }
}
