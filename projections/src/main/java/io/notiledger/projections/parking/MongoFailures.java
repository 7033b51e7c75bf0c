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
 * refuses: parking its event helps) from one of the server (unreachable, timing out, out of disk space, a
 * write concern not met, a write conflict: the batch must wait and be handled again; parking would only fill
 * the queue with healthy events). Only the codes listed here are the document's fault; any other code,
 * including one a newer server invents, is taken for the server's, because parking a healthy event loses it
 * from the view until an operator acts, while retrying a bad one only delays the batch.
 */
public final class MongoFailures {

    /** Write errors that say what is wrong is the document or the update built for it. */
    private static final Set<Integer> DOCUMENT_ERRORS = Set.of(
            11000, 11001,   // DuplicateKey (and its legacy update form)
            10334, 17419,   // BSONObjectTooLarge, document grown too large by an update
            2,              // BadValue
            9,              // FailedToParse
            14,             // TypeMismatch
            28,             // PathNotViable
            52,             // DollarPrefixedFieldName
            55,             // InvalidDBRef
            56,             // EmptyFieldName
            121);           // DocumentValidationFailure

    private MongoFailures() {
    }

    /** A write refused for its document: every write error has a document's code and no write-concern error. */
    public static boolean isAboutTheDocument(Throwable failure) {
        if (failure instanceof MongoBulkWriteException bulk) {
            return bulk.getWriteConcernError() == null && !bulk.getWriteErrors().isEmpty()
                    && bulk.getWriteErrors().stream().map(BulkWriteError::getCode).allMatch(DOCUMENT_ERRORS::contains);
        }
        if (failure instanceof MongoWriteException write) {
            return DOCUMENT_ERRORS.contains(write.getError().getCode());
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
