package io.notiledger.command.apikey;

import io.notiledger.access.AccessProperties;
import io.notiledger.access.Role;
import io.notiledger.access.apikey.ApiKey;
import io.notiledger.access.apikey.ApiKeyAuthenticator;
import io.notiledger.access.apikey.ApiKeyRepository;
import io.notiledger.access.apikey.ApiKeySecrets;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.InitializingBean;

import java.time.Clock;
import java.time.temporal.ChronoUnit;
import java.util.Set;

/**
 * Makes sure an operator can get in. With {@code ledger.security.admin-key} (LEDGER_ADMIN_KEY) set, that key is
 * stored under the id {@code admin}. Without it, and with no live operator key in the store (the first start),
 * one is made and its secret logged once at WARN: the only time the ledger ever writes a secret anywhere.
 * Runs before the HTTP port opens, after the migrations made the table.
 */
public class AdminKeyBootstrap implements InitializingBean {

    static final String ADMIN_ID = "admin";
    /** The operator key's tenant; an operator reaches every tenant, so it names none of theirs. */
    static final String ADMIN_TENANT = "operators";
    private static final int MIN_CONFIGURED_LENGTH = 32;
    private static final Logger log = LoggerFactory.getLogger(AdminKeyBootstrap.class);

    private final ApiKeyRepository keys;
    private final ApiKeyAuthenticator authenticator;
    private final AccessProperties properties;
    private final Clock clock;

    public AdminKeyBootstrap(ApiKeyRepository keys, ApiKeyAuthenticator authenticator, AccessProperties properties,
                             Clock clock) {
        this.keys = keys;
        this.authenticator = authenticator;
        this.properties = properties;
        this.clock = clock;
    }

    @Override
    public void afterPropertiesSet() {
        String configured = properties.adminKey();
        if (configured != null && !configured.isBlank()) {
            if (configured.length() < MIN_CONFIGURED_LENGTH || !configured.startsWith(ApiKeySecrets.SECRET_PREFIX)) {
                throw new IllegalStateException("ledger.security.admin-key (LEDGER_ADMIN_KEY) must start with '"
                        + ApiKeySecrets.SECRET_PREFIX + "' and be at least " + MIN_CONFIGURED_LENGTH
                        + " characters long, e.g. nl_ followed by the output of 'openssl rand -base64 32'");
            }
            store(configured);
            log.info("Operator API key '{}' set from ledger.security.admin-key", ADMIN_ID);
        } else if (keys.anyLiveOperatorKey()) {
            log.info("An operator API key exists; set LEDGER_ADMIN_KEY to choose the operator key '{}' yourself", ADMIN_ID);
        } else {
            String secret = ApiKeySecrets.newSecret();
            store(secret);
            log.warn("No operator API key existed, so one was made (id '{}'). It is shown this once and never again; "
                    + "keep it, or set LEDGER_ADMIN_KEY and restart: {}", ADMIN_ID, secret);
        }
    }

    private void store(String secret) {
        keys.upsertConfiguredKey(new ApiKey(ADMIN_ID, ADMIN_TENANT, Set.of(Role.OPERATOR), ApiKeySecrets.hash(secret),
                "operator key from the ledger's configuration", clock.instant().truncatedTo(ChronoUnit.MICROS), null));
        authenticator.forget(ADMIN_ID);
    }
}
