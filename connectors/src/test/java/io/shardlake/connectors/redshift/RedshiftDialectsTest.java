package io.shardlake.connectors.redshift;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class RedshiftDialectsTest {

    private static RedshiftSettings settings(String url, RedshiftLoadMode mode) {
        return new RedshiftSettings(url, "loader", "Secret-99", "arn:aws:iam::123456789012:role/copy", null, mode, 0, null);
    }

    @Test
    void theUrlChoosesTheDialectAndCopyIsRedshiftsOnly() {
        assertThat(RedshiftDialects.of(settings("jdbc:redshift://cluster:5439/dev", RedshiftLoadMode.COPY))).isInstanceOf(Redshift.class);
        assertThat(RedshiftDialects.of(settings("jdbc:postgresql://db:5432/dw", RedshiftLoadMode.BATCHED_INSERT)))
                .isInstanceOf(PostgreSqlDialect.class);

        assertThatThrownBy(() -> RedshiftDialects.of(settings("jdbc:postgresql://db:5432/dw", RedshiftLoadMode.COPY)))
                .hasMessageContaining("shardlake.redshift.mode=batched-insert");
        assertThatThrownBy(() -> RedshiftDialects.of(settings("jdbc:mysql://db:3306/dw?password=Secret-99", RedshiftLoadMode.COPY)))
                .hasMessageContaining("shardlake.redshift.jdbc-url").hasMessageNotContaining("Secret-99");
    }
}
