package dev.freshet.admin.security;

import io.smallrye.config.ConfigSourceInterceptorContext;
import io.smallrye.config.ConfigValue;
import org.junit.jupiter.api.Test;

import java.util.Iterator;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class OidcActivationTest {

    private static ConfigSourceInterceptorContext context(Map<String, String> values) {
        return new ConfigSourceInterceptorContext() {
            @Override
            public ConfigValue proceed(String name) {
                String v = values.get(name);
                return v == null ? null : ConfigValue.builder().withName(name).withValue(v).build();
            }

            @Override
            public ConfigValue restart(String name) {
                return proceed(name);
            }

            @Override
            public Iterator<String> iterateNames() {
                return values.keySet().iterator();
            }
        };
    }

    @Test
    void oidcStaysOffWithoutAnIssuerWhateverTheDefaultSays() {
        ConfigValue v = new OidcActivation().getValue(context(Map.of(OidcActivation.TENANT_ENABLED, "true")),
                OidcActivation.TENANT_ENABLED);
        assertThat(v.getValue()).isEqualTo("false");
    }

    @Test
    void oidcFollowsItsOwnSettingOnceAnIssuerIsConfigured() {
        Map<String, String> config = Map.of(OidcActivation.AUTH_SERVER_URL, "https://idp.example/realms/freshet",
                OidcActivation.TENANT_ENABLED, "true");
        assertThat(new OidcActivation().getValue(context(config), OidcActivation.TENANT_ENABLED).getValue()).isEqualTo("true");
        assertThat(new OidcActivation().getValue(context(Map.of(OidcActivation.AUTH_SERVER_URL, "https://idp.example")),
                OidcActivation.TENANT_ENABLED)).isNull();
    }

    @Test
    void otherPropertiesPassThrough() {
        assertThat(new OidcActivation().getValue(context(Map.of("a.b", "c")), "a.b").getValue()).isEqualTo("c");
    }
}
