package io.notiledger.projections;

import org.bson.Document;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** One update folded from two must do what the two do one after the other, or not be made. */
class UpdateFoldTest {

    @Test
    void theLaterValueOfAFieldWinsAndAnUnsetRemovesAnEarlierSet() {
        Document earlier = update("$set", new Document("status", "QUEUED").append("attempts", 1), "$unset", new Document("nextAttemptAt", ""));
        Document later = update("$set", new Document("status", "SENT").append("nextAttemptAt", 5), "$unset", new Document("attempts", ""));

        assertThat(UpdateFold.fold(earlier, false, later, false)).contains(
                update("$set", new Document("status", "SENT").append("nextAttemptAt", 5), "$unset", new Document("attempts", "")));
    }

    @Test
    void aLaterSetReplacesAnEarlierSetOnInsertAndALaterSetOnInsertIsDropped() {
        Document earlier = update("$setOnInsert", new Document("status", "REQUESTED").append("tenantId", "t"));
        Document later = update("$set", new Document("status", "QUEUED"), "$setOnInsert", new Document("tenantId", "other"));

        assertThat(UpdateFold.fold(earlier, true, later, true)).contains(
                update("$set", new Document("status", "QUEUED"), "$setOnInsert", new Document("tenantId", "t")));
    }

    @Test
    void incrementsAddUpAndSiblingFieldsStaySeparate() {
        Document earlier = update("$inc", new Document("requested", 1).append("latency.le100", 1), "$set", new Document("inFlight.a", 0L));
        Document later = update("$inc", new Document("requested", 2).append("latencySumMillis", 3_000_000_000L), "$set", new Document("inFlight.b", 4L));

        assertThat(UpdateFold.fold(earlier, true, later, true)).contains(update(
                "$inc", new Document("requested", 3).append("latency.le100", 1).append("latencySumMillis", 3_000_000_000L),
                "$set", new Document("inFlight.a", 0L).append("inFlight.b", 4L)));
    }

    @Test
    void whatWouldNotDoTheSameIsNotFolded() {
        Document set = update("$set", new Document("count", 1));
        assertThat(UpdateFold.fold(set, false, update("$setOnInsert", new Document("x", 1)), true))
                .as("an update then an upsert: the upsert may insert what the update found absent").isEmpty();
        assertThat(UpdateFold.fold(set, false, update("$inc", new Document("count", 1)), false)).as("set then increment").isEmpty();
        assertThat(UpdateFold.fold(update("$inc", new Document("count", 1)), false, set, false)).as("increment then set").isEmpty();
        assertThat(UpdateFold.fold(update("$set", new Document("transitions", new Document())), false,
                update("$set", new Document("transitions.SENT", 1)), false)).as("a field and its sub-field").isEmpty();
        assertThat(UpdateFold.fold(set, false, update("$push", new Document("list", 1)), false)).as("another operator").isEmpty();
    }

    private static Document update(String operator, Document fields) {
        return new Document(operator, fields);
    }

    private static Document update(String operator, Document fields, String other, Document otherFields) {
        return new Document(operator, fields).append(other, otherFields);
    }
}
