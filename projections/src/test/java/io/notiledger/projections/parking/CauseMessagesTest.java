package io.notiledger.projections.parking;

import com.mongodb.MongoWriteException;
import com.mongodb.ServerAddress;
import com.mongodb.WriteError;
import org.bson.BsonDocument;
import org.axonframework.messaging.deadletter.ThrowableCause;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class CauseMessagesTest {

    @Test
    void aDuplicateKeyErrorKeepsWhatBrokeWhichIndexButNotTheKeysValues() {
        MongoWriteException duplicate = new MongoWriteException(new WriteError(11000,
                "E11000 duplicate key error collection: ledger.notification_status index: one_per_correlation "
                        + "dup key: { correlationId: \"jane.doe@example.com {x}\", tenant: { id: \"t-1\" } }",
                BsonDocument.parse("{keyValue: {correlationId: 'jane.doe@example.com'}}")), new ServerAddress("127.0.0.1", 27017));

        ThrowableCause cause = CauseMessages.of(duplicate);

        assertThat(cause.type()).isEqualTo(MongoWriteException.class.getName());
        assertThat(cause.message()).contains("E11000 duplicate key error", "index: one_per_correlation", "dup key: {...}")
                .doesNotContain("jane", "t-1", "correlationId: \"");
    }

    @Test
    void eMailAddressesAnywhereInAMessageAreMaskedAsInTheViews() {
        assertThat(CauseMessages.mask("Cannot deliver to jane.doe@example.com or to jöhn@exämple.com."))
                .isEqualTo("Cannot deliver to j***e@example.com or to j***n@exämple.com.");
    }

    @Test
    void aLongMessageIsCutToWhatTheQueueStoresAndNoMessageStaysNone() {
        assertThat(CauseMessages.mask("x".repeat(5000))).hasSize(ThrowableCause.TRUNCATED_MESSAGE_SIZE);
        assertThat(CauseMessages.mask(null)).isNull();
        assertThat(CauseMessages.mask("Failed to convert Instant to Date: long overflow"))
                .isEqualTo("Failed to convert Instant to Date: long overflow");
    }
}
