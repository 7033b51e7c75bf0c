package io.notiledger.access.apikey;

import org.junit.jupiter.api.Test;

import java.util.Base64;
import java.util.HashSet;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

class ApiKeySecretsTest {

    @Test
    void aSecretIsTheRecognisablePrefixAnd256RandomBits() {
        String secret = ApiKeySecrets.newSecret();

        assertThat(secret).startsWith("nl_").matches("nl_[A-Za-z0-9_-]{43}");
        assertThat(Base64.getUrlDecoder().decode(secret.substring(3))).hasSize(32);
    }

    @Test
    void secretsAndIdsNeverRepeat() {
        Set<String> secrets = new HashSet<>();
        Set<String> ids = new HashSet<>();
        for (int i = 0; i < 10_000; i++) {
            secrets.add(ApiKeySecrets.newSecret());
            ids.add(ApiKeySecrets.newId());
        }

        assertThat(secrets).hasSize(10_000);
        assertThat(ids).hasSize(10_000).allMatch(id -> id.matches("key_[A-Za-z0-9_-]{16}"));
    }

    @Test
    void theHashIsSha256AndMatchesOnlyItsOwnSecret() {
        String secret = ApiKeySecrets.newSecret();
        byte[] hash = ApiKeySecrets.hash(secret);

        assertThat(hash).hasSize(32).isEqualTo(ApiKeySecrets.hash(secret));
        assertThat(ApiKeySecrets.matches(secret, hash)).isTrue();
        assertThat(ApiKeySecrets.matches(secret + "x", hash)).isFalse();
        assertThat(ApiKeySecrets.matches(ApiKeySecrets.newSecret(), hash)).isFalse();
    }
}
