package io.notiledger.access.apikey;

import io.notiledger.access.AccessProperties;
import io.notiledger.access.Caller;
import io.notiledger.access.Role;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.times;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

/** The key lookup: live keys are kept for a while, unknown and revoked ones never, and a forgotten key is read again. */
class ApiKeyAuthenticatorTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(5);

    private final ApiKeyRepository repository = mock(ApiKeyRepository.class);
    private final ApiKeyAuthenticator authenticator = new ApiKeyAuthenticator(repository,
            new AccessProperties(null, Duration.ofMinutes(1), 100));

    @Test
    void aLiveKeyAuthenticatesAsItsCallerAndIsReadOnce() {
        String secret = ApiKeySecrets.newSecret();
        ApiKey key = key("key_a", secret, null);
        when(repository.findBySecretHash(any())).thenReturn(Optional.of(key));

        Caller first = authenticator.authenticate(secret).block(TIMEOUT);
        Caller second = authenticator.authenticate(secret).block(TIMEOUT);

        assertThat(first).isEqualTo(new Caller("key_a", "acme", Set.of(Role.SENDER)));
        assertThat(second).isEqualTo(first);
        verify(repository, times(1)).findBySecretHash(any());
    }

    @Test
    void anUnknownKeyAuthenticatesNobodyAndIsNeverKept() {
        when(repository.findBySecretHash(any())).thenReturn(Optional.empty());
        String guess = ApiKeySecrets.newSecret();

        assertThat(authenticator.authenticate(guess).blockOptional(TIMEOUT)).isEmpty();
        assertThat(authenticator.authenticate(guess).blockOptional(TIMEOUT)).isEmpty();

        verify(repository, times(2)).findBySecretHash(any());
    }

    @Test
    void aRevokedKeyAuthenticatesNobody() {
        String secret = ApiKeySecrets.newSecret();
        when(repository.findBySecretHash(any())).thenReturn(Optional.of(key("key_r", secret, Instant.now())));

        assertThat(authenticator.authenticate(secret).blockOptional(TIMEOUT)).isEmpty();
    }

    @Test
    void aForgottenKeyIsReadAgainAndARevocationSeenAtOnce() {
        String secret = ApiKeySecrets.newSecret();
        when(repository.findBySecretHash(any())).thenReturn(Optional.of(key("key_a", secret, null)));
        assertThat(authenticator.authenticate(secret).blockOptional(TIMEOUT)).isPresent();

        when(repository.findBySecretHash(any())).thenReturn(Optional.of(key("key_a", secret, Instant.now())));
        authenticator.forget("key_a");

        assertThat(authenticator.authenticate(secret).blockOptional(TIMEOUT)).isEmpty();
        verify(repository, times(2)).findBySecretHash(any());
    }

    @Test
    void whatIsNoLedgerKeyIsRefusedWithoutAskingTheDatabase() {
        assertThat(authenticator.authenticate("Basic dXNlcjpwYXNz").blockOptional(TIMEOUT)).isEmpty();

        verify(repository, never()).findBySecretHash(any());
    }

    private static ApiKey key(String id, String secret, Instant revokedAt) {
        return new ApiKey(id, "acme", Set.of(Role.SENDER), ApiKeySecrets.hash(secret), null, Instant.EPOCH, revokedAt);
    }
}
