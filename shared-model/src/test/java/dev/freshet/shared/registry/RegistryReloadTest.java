package dev.freshet.shared.registry;

import dev.freshet.shared.flags.FeatureFlags;
import dev.freshet.shared.flags.Flags;
import dev.freshet.testsupport.PostgresTestResource;
import dev.freshet.testsupport.TestSql;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

@QuarkusTest
@QuarkusTestResource(PostgresTestResource.class)
class RegistryReloadTest {

    @Inject
    Registry registry;
    @Inject
    FeatureFlags flags;

    private final TestSql sql = TestSql.current();

    @AfterEach
    void restore() {
        sql.update("update data_type_registry set ttl_seconds = 86400 where data_type = 'profile'");
        sql.update("update feature_flags set enabled = true, metadata = '{}' where flag_name = 'use_queue_system'");
    }

    @Test
    void loadsTheSeededRegistryAtStart() {
        assertThat(registry.all()).hasSize(18);
        DataType quote = registry.find("quote").orElseThrow();
        assertThat(quote.tableName()).isEqualTo("quotes");
        assertThat(quote.keyColumns()).containsExactly("symbol");
        assertThat(quote.handlerConfig().getJsonObject("batch").getInteger("maxSymbols")).isEqualTo(100);
        assertThat(registry.find("exchange-market-status").orElseThrow().scope()).isEqualTo(Scope.GLOBAL);
    }

    @Test
    void aRegistryChangeMadeAnywhereIsSeenWithinASecond() {
        sql.update("update data_type_registry set ttl_seconds = 1234 where data_type = 'profile'");
        await().atMost(Duration.ofSeconds(1)).until(() -> registry.find("profile").orElseThrow().ttlSeconds() == 1234);
    }

    @Test
    void aFlagFlipIsSeenWithinASecondIncludingPerDataTypeOverrides() {
        assertThat(flags.enabled(Flags.USE_QUEUE_SYSTEM)).isTrue();
        sql.update("update feature_flags set metadata = '{\"dataTypes\": {\"quote\": false}}' where flag_name = 'use_queue_system'");
        await().atMost(Duration.ofSeconds(1)).until(() -> !flags.enabled(Flags.USE_QUEUE_SYSTEM, "quote"));
        assertThat(flags.enabled(Flags.USE_QUEUE_SYSTEM, "profile")).isTrue();
        sql.update("update feature_flags set enabled = false where flag_name = 'use_queue_system'");
        await().atMost(Duration.ofSeconds(1)).until(() -> !flags.enabled(Flags.USE_QUEUE_SYSTEM));
    }

    @Test
    void aBurstOfChangesNeverStopsTheReloads() {
        for (int i = 0; i < 50; i++) {
            sql.update("update data_type_registry set ttl_seconds = ? where data_type = 'profile'", 2000 + i);
        }
        await().atMost(Duration.ofSeconds(2)).until(() -> registry.find("profile").orElseThrow().ttlSeconds() == 2049);
        sql.update("update data_type_registry set ttl_seconds = 777 where data_type = 'profile'");
        await().atMost(Duration.ofSeconds(1)).until(() -> registry.find("profile").orElseThrow().ttlSeconds() == 777);
    }

    @Test
    void anUnknownFlagIsOff() {
        assertThat(flags.enabled("no_such_flag")).isFalse();
    }
}
