package io.notiledger.projections.rebuild;

import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Updates;
import io.notiledger.projections.MongoStandIn;
import io.notiledger.projections.audit.AuditEntryView;
import io.notiledger.projections.audit.NotificationAuditProjection;
import io.notiledger.projections.status.NotificationStatusProjection;
import io.notiledger.projections.status.NotificationStatusView;
import org.bson.Document;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.data.mongodb.core.MongoTemplate;

import java.util.Date;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatNoException;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The views' generations against the MongoDB stand-in: which collection a view class resolves to, the claim that
 * lets one rebuild run per view, and the check that keeps a live processor's batch out of a generation it must not
 * write.
 */
class ViewGenerationsTest {

    private static final String STATUS = NotificationStatusProjection.PROCESSING_GROUP;
    private static final String AUDIT = NotificationAuditProjection.PROCESSING_GROUP;

    private MongoStandIn mongoServer;
    private MongoTemplate plain;
    private ViewGenerations generations;
    private GenerationalMongoTemplate mongo;

    @BeforeEach
    void startMongo() {
        mongoServer = new MongoStandIn();
        plain = mongoServer.template("generations-test");
        generations = new ViewGenerations(plain.getCollection(ViewGenerations.COLLECTION));
        mongo = new GenerationalMongoTemplate(plain.getMongoDatabaseFactory(), plain.getConverter(), generations);
    }

    @AfterEach
    void stopMongo() {
        ViewGenerations.buildOnThisThread(null);
        mongoServer.close();
    }

    @Test
    void aViewWithoutGenerationsReadsItsFirstCollectionsAndOtherCollectionsAreLeftAsTheyAre() {
        assertThat(mongo.getCollectionName(NotificationStatusView.class)).isEqualTo("notification_status");
        assertThat(mongo.getCollectionName(AuditEntryView.class)).isEqualTo("notification_audit");
        assertThat(generations.resolve("parked_events")).isEqualTo("parked_events");
    }

    @Test
    void onlyOneRebuildOfAViewIsClaimedAndTheBuildingThreadWritesItsGeneration() {
        assertThat(generations.claim(STATUS, 0, 1, "op", 10)).isTrue();
        assertThat(generations.claim(STATUS, 0, 1, "other-op", 10)).isFalse();
        assertThat(generations.claim(AUDIT, 0, 1, "op", 10)).isTrue();
        assertThat(generations.read(STATUS).operator()).isEqualTo("op");

        assertThat(mongo.getCollectionName(NotificationStatusView.class)).isEqualTo("notification_status");
        ViewGenerations.buildOnThisThread(new ViewGenerations.Building(STATUS, 1));
        assertThat(mongo.getCollectionName(NotificationStatusView.class)).isEqualTo("notification_status_1");
        assertThat(mongo.getCollectionName(AuditEntryView.class)).isEqualTo("notification_audit");
        assertThatNoException().isThrownBy(() -> generations.checkLiveWrites(List.of("notification_status_1")));
    }

    @Test
    void aRebuildWhoseInstanceStoppedWritingProgressLongAgoMayBeReplaced() {
        assertThat(generations.claim(STATUS, 0, 1, "op", 10)).isTrue();
        plain.getCollection(ViewGenerations.COLLECTION).updateOne(Filters.eq("_id", STATUS), Updates.set("updatedAt",
                new Date(System.currentTimeMillis() - ViewGenerations.ABANDONED_AFTER.toMillis() - 1000)));

        assertThat(generations.claim(STATUS, 0, 1, "next-op", 10)).isTrue();
        assertThat(generations.read(STATUS).operator()).isEqualTo("next-op");
    }

    @Test
    void aLiveBatchIsRefusedWhileTheViewHandsOverAndWhenItWroteTheGenerationThatIsNoLongerLive() {
        generations.claim(STATUS, 0, 1, "op", 10);
        assertThatNoException().isThrownBy(() -> generations.checkLiveWrites(List.of("notification_status", "notification_audit")));

        generations.handOver(STATUS);
        assertThatThrownBy(() -> generations.checkLiveWrites(List.of("notification_status")))
                .isInstanceOf(ViewGenerationChangingException.class);
        assertThatNoException().isThrownBy(() -> generations.checkLiveWrites(List.of("notification_audit")));

        generations.switchTo(STATUS, 1);
        assertThatThrownBy(() -> generations.checkLiveWrites(List.of("notification_status")))
                .isInstanceOf(ViewGenerationChangingException.class);
        assertThatNoException().isThrownBy(() -> generations.checkLiveWrites(List.of("notification_status_1")));
        // the check read the switch: this instance now reads the new generation at once
        assertThat(mongo.getCollectionName(NotificationStatusView.class)).isEqualTo("notification_status_1");
        assertThat(generations.read(STATUS).rebuilding()).isFalse();
    }

    @Test
    void aHandOverLeftByAnInstanceThatIsGoneNoLongerHoldsTheLiveProcessors() {
        generations.claim(STATUS, 0, 1, "op", 10);
        generations.handOver(STATUS);
        plain.getCollection(ViewGenerations.COLLECTION).updateOne(Filters.eq("_id", STATUS), Updates.set("handingOverSince",
                new Date(System.currentTimeMillis() - ViewRebuild.HANDOVER_LIMIT.toMillis() * 2 - 1000)));

        assertThatNoException().isThrownBy(() -> generations.checkLiveWrites(List.of("notification_status")));
    }

    @Test
    void aRebuildGivenUpKeepsTheLiveGenerationAndSaysWhy() {
        generations.claim(STATUS, 0, 1, "op", 10);
        generations.abandon(STATUS, "the rebuild failed: MongoTimeoutException");

        ViewGenerations.State state = generations.read(STATUS);
        assertThat(state.live()).isZero();
        assertThat(state.rebuilding()).isFalse();
        assertThat(state.error()).isEqualTo("the rebuild failed: MongoTimeoutException");
        Document stored = plain.getCollection(ViewGenerations.COLLECTION).find(Filters.eq("_id", STATUS)).first();
        assertThat(stored).doesNotContainKeys("building", "phase");
        assertThat(generations.claim(STATUS, 0, 1, "op", 10)).isTrue();
        assertThat(generations.read(STATUS).error()).isNull();
    }
}
