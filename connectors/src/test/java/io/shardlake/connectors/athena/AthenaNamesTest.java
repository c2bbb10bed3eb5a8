package io.shardlake.connectors.athena;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class AthenaNamesTest {

    @Test
    void reservedWordsAndNamesStartingWithUnderscoreOrDigitAreBacktickedInDdl() {
        assertThat(AthenaNames.ddl("order_id")).isEqualTo("order_id");
        assertThat(AthenaNames.ddl("date")).isEqualTo("`date`");
        assertThat(AthenaNames.ddl("timestamp")).isEqualTo("`timestamp`");
        assertThat(AthenaNames.ddl("_shard")).isEqualTo("`_shard`");
        assertThat(AthenaNames.ddl("2fa_enabled")).isEqualTo("`2fa_enabled`");
    }

    @Test
    void viewsQuoteEveryNameWithDoubleQuotes() {
        assertThat(AthenaNames.dml("date")).isEqualTo("\"date\"");
    }

    @Test
    void checkNameLowerCasesAndRefusesWhatAthenaCannotHold() {
        assertThat(AthenaNames.checkName("table", "Orders")).isEqualTo("orders");
        assertThatThrownBy(() -> AthenaNames.checkName("table", "orders.v2"))
                .hasMessage("table 'orders.v2' cannot be an Athena name: only letters, digits and underscores are allowed, e.g. order_id");
        assertThatThrownBy(() -> AthenaNames.checkName("column", "")).hasMessageContaining("column is empty");
        assertThatThrownBy(() -> AthenaNames.checkName("column", "a".repeat(256))).hasMessageContaining("at most 255");
    }

    @Test
    void literalsHoldingQuotesOrBackslashesAreRefused() {
        assertThat(AthenaNames.literal("s3://lake/orders/")).isEqualTo("'s3://lake/orders/'");
        assertThatThrownBy(() -> AthenaNames.literal("it's")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> AthenaNames.literal("a\\b")).isInstanceOf(IllegalArgumentException.class);
    }
}
