package io.notiledger.command.notification;

import io.notiledger.command.CommandSideProperties;
import org.axonframework.common.caching.Cache;
import org.axonframework.common.caching.EhCache3Adapter;
import org.ehcache.CacheManager;
import org.ehcache.config.builders.CacheConfigurationBuilder;
import org.ehcache.config.builders.CacheManagerBuilder;
import org.ehcache.config.builders.ResourcePoolsBuilder;
import org.ehcache.core.Ehcache;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Notifications recently handled stay in memory, so that the three or four commands of one notification's
 * life load it from its events once instead of each time. A cached aggregate is still checked by the event
 * store: another instance that appended meanwhile makes the append fail on (aggregate, sequence), the
 * unit of work rolls back and evicts the entry, and the command is retried on fresh state.
 * <p>
 * Bounded by entries ({@code ledger.command.aggregate-cache.entries}, 4,096): a notification holds its
 * body (at most 65,536 characters), so the worst case is a few hundred megabytes, the usual a few megabytes.
 */
@Configuration(proxyBeanMethods = false)
public class AggregateCacheConfiguration {

    @Bean(destroyMethod = "close")
    CacheManager aggregateCacheManager() {
        return CacheManagerBuilder.newCacheManagerBuilder().build(true);
    }

    @Bean
    Cache notificationCache(CacheManager aggregateCacheManager,
                            CommandSideProperties properties) {
        long entries = properties.aggregateCache().entries();
        // Axon's adapter takes Ehcache's implementation class, which every cache the manager creates is
        return new EhCache3Adapter((Ehcache<Object, Object>) aggregateCacheManager.createCache("notifications",
                CacheConfigurationBuilder.newCacheConfigurationBuilder(Object.class, Object.class,
                        ResourcePoolsBuilder.heap(entries))));
    }
}
