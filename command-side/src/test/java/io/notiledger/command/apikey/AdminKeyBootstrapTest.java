package io.notiledger.command.apikey;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.notiledger.access.AccessProperties;
import io.notiledger.access.Role;
import io.notiledger.access.apikey.ApiKey;
import io.notiledger.access.apikey.ApiKeyAuthenticator;
import io.notiledger.access.apikey.ApiKeyRepository;
import io.notiledger.access.apikey.ApiKeySecrets;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.mockito.ArgumentCaptor;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

/** The operator key at start: taken from the configuration, or made once and shown once, never otherwise logged. */
class AdminKeyBootstrapTest {

    private static final String CONFIGURED = "nl_configured-operator-key-0123456789";

    private final ApiKeyRepository keys = mock(ApiKeyRepository.class);
    private final ListAppender<ILoggingEvent> log = new ListAppender<>();

    @BeforeEach
    void listen() {
        log.start();
        logger().addAppender(log);
    }

    @AfterEach
    void stopListening() {
        logger().detachAppender(log);
    }

    @Test
    void theConfiguredKeyIsStoredAsItsHashAndNeverLogged() {
        bootstrap(CONFIGURED).afterPropertiesSet();

        ApiKey stored = stored();
        assertThat(stored.id()).isEqualTo("admin");
        assertThat(stored.roles()).containsExactly(Role.OPERATOR);
        assertThat(ApiKeySecrets.matches(CONFIGURED, stored.secretHash())).isTrue();
        assertThat(log.list).noneMatch(line -> line.getFormattedMessage().contains(CONFIGURED));
    }

    @Test
    void withoutAConfiguredKeyTheFirstStartMakesOneAndShowsItOnceAtWarn() {
        when(keys.anyLiveOperatorKey()).thenReturn(false);

        bootstrap(null).afterPropertiesSet();

        List<ILoggingEvent> warnings = log.list.stream().filter(line -> line.getLevel() == Level.WARN).toList();
        assertThat(warnings).hasSize(1);
        Matcher secret = Pattern.compile("nl_[A-Za-z0-9_-]{43}").matcher(warnings.get(0).getFormattedMessage());
        assertThat(secret.find()).isTrue();
        assertThat(ApiKeySecrets.matches(secret.group(), stored().secretHash())).isTrue();
    }

    @Test
    void laterStartsMakeNoKeyAndLogNoSecret() {
        when(keys.anyLiveOperatorKey()).thenReturn(true);

        bootstrap("").afterPropertiesSet();

        verify(keys, never()).upsertConfiguredKey(any());
        assertThat(log.list).noneMatch(line -> line.getFormattedMessage().contains("nl_"));
    }

    @Test
    void aShortConfiguredKeyIsRefusedAtStart() {
        assertThatThrownBy(() -> bootstrap("nl_short").afterPropertiesSet())
                .hasMessageContaining("at least 32 characters").hasMessageNotContaining("nl_short");
    }

    private AdminKeyBootstrap bootstrap(String configured) {
        AccessProperties properties = new AccessProperties(configured, Duration.ofSeconds(30), 100);
        return new AdminKeyBootstrap(keys, new ApiKeyAuthenticator(keys, properties), properties, Clock.systemUTC());
    }

    private ApiKey stored() {
        ArgumentCaptor<ApiKey> key = ArgumentCaptor.forClass(ApiKey.class);
        verify(keys).upsertConfiguredKey(key.capture());
        return key.getValue();
    }

    private static Logger logger() {
        return (Logger) LoggerFactory.getLogger(AdminKeyBootstrap.class);
    }
}
