package dev.freshet.shared.identifier;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class IdentifiersTest {

    @ParameterizedTest
    @ValueSource(strings = {
            "profiles; drop table x",
            "profiles\"; drop table x; --",
            "\"profiles\"",
            "pro'files",
            "profiles--",
            "public.profiles",
            "Profiles",
            "1profiles",
            "pro files",
            "\u0440rofiles",          // Cyrillic er, looks like a Latin p
            "profi\u200bles",         // zero-width space
            "profil\u0435s",          // Cyrillic ie
            "ｐrofiles",              // full-width p
            "profiles\u0000",
            ""})
    void refusesNamesThatAreNotPlainIdentifiers(String name) {
        assertThat(Identifiers.isValid(name)).isFalse();
        assertThatThrownBy(() -> Identifiers.requireValid("table name", name))
                .isInstanceOf(InvalidIdentifierException.class)
                .hasMessageContaining("table name");
    }

    @Test
    void refusesNamesLongerThanPostgresKeeps() {
        String sixtyFour = "a".repeat(64);
        assertThat(Identifiers.isValid("a".repeat(63))).isTrue();
        assertThat(Identifiers.isValid(sixtyFour)).isFalse();
        assertThatThrownBy(() -> Identifiers.requireValid("column name", sixtyFour))
                .hasMessageContaining("longer than 63");
    }

    @Test
    void refusesMissingNames() {
        assertThat(Identifiers.isValid(null)).isFalse();
        assertThatThrownBy(() -> Identifiers.requireValid("column name", null)).hasMessageContaining("missing");
    }

    @Test
    void quotesValidNamesSoReservedWordsWork() {
        assertThat(Identifiers.quote("open")).isEqualTo("\"open\"");
        assertThat(Identifiers.quote("refreshed_at")).isEqualTo("\"refreshed_at\"");
    }

    @Test
    void neverQuotesAnInvalidName() {
        assertThatThrownBy(() -> Identifiers.quote("x\" or 1=1 --")).isInstanceOf(InvalidIdentifierException.class);
    }

    @Test
    void showsInvisibleCharactersInTheMessage() {
        assertThatThrownBy(() -> Identifiers.requireValid("table name", "profi\u200bles"))
                .hasMessageContaining("\\u200b");
    }
}
