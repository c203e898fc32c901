package dev.freshet.shared.registry;

import dev.freshet.shared.handler.HttpJsonConfigValidator;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class RefreshLeadTest {

    private static final String CONFIG = """
            {"path": "/stable/profile?symbol={symbol}", "records": "", "columns": {"company_name": {"field": "/companyName", "type": "text"}}%s}""";

    private static JsonObject config(String lead) {
        return new JsonObject(CONFIG.formatted(lead == null ? "" : ", \"refreshLead\": " + lead));
    }

    @Test
    void aLeadFromZeroToBelowOneIsAcceptedAndUsed() {
        assertThat(new HttpJsonConfigValidator().validate(config("0.5"), Map.of("company_name", "text"))).isEmpty();
        assertThat(RefreshLead.of(config("0.5"))).isEqualTo(0.5);
        assertThat(RefreshLead.of(config("0"))).isZero();
        assertThat(RefreshLead.of(config(null))).isEqualTo(RefreshLead.DEFAULT);
    }

    @Test
    void aLeadOutsideZeroToOneIsRefusedWithTheFieldNamed() {
        for (String bad : new String[]{"1", "1.5", "-0.1", "\"soon\""}) {
            assertThat(new HttpJsonConfigValidator().validate(config(bad), Map.of("company_name", "text")))
                    .as(bad).anyMatch(p -> p.contains("handler_config.refreshLead must be a number from 0"));
            assertThat(RefreshLead.of(config(bad))).as("an invalid stored lead falls back to the default").isEqualTo(RefreshLead.DEFAULT);
        }
    }
}
