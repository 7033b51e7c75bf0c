package io.notiledger.access;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

import java.time.Duration;

/**
 * {@code ledger.security.*}: the operator key given at start, and how long a process trusts a key it looked up.
 *
 * @param adminKey      the operator key (id {@code admin}), usually from {@code LEDGER_ADMIN_KEY}; when absent and
 *                      no operator key exists, the command side makes one at start and logs it once
 * @param keyCacheTtl   how long a looked-up key is trusted without asking the database again: a revocation reaches
 *                      the process that revoked at once, and every other process within this time
 * @param keyCacheSize  how many keys a process keeps at most (only keys that exist are kept)
 */
@ConfigurationProperties("ledger.security")
public record AccessProperties(String adminKey,
                               @DefaultValue("30s") Duration keyCacheTtl,
                               @DefaultValue("10000") int keyCacheSize) {
}
