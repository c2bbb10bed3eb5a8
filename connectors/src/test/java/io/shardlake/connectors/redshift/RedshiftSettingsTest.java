package io.shardlake.connectors.redshift;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class RedshiftSettingsTest {

    static final String ROLE = "arn:aws:iam::123456789012:role/shardlake-copy";

    @Test
    void to_string_hides_the_password_and_a_password_in_the_url() {
        RedshiftSettings settings = new RedshiftSettings("jdbc:redshift://cluster:5439/dev?password=urlsecret", "loader",
                "s3cr3t-pw", ROLE, "analytics", RedshiftLoadMode.COPY, 500, "_stg");

        assertThat(settings.toString())
                .doesNotContain("s3cr3t-pw").doesNotContain("urlsecret")
                .contains("password=***", "user=loader", "schema=analytics", "mode=COPY", ROLE, "batchSize=500",
                        "stagingSuffix=_stg");
        assertThat(settings.password()).isEqualTo("s3cr3t-pw");
    }

    @Test
    void defaults_fill_what_is_left_out() {
        RedshiftSettings settings = new RedshiftSettings("jdbc:redshift://cluster:5439/dev", "loader", null, ROLE, null,
                null, 0, null);

        assertThat(settings.mode()).isEqualTo(RedshiftLoadMode.COPY);
        assertThat(settings.schema()).isEqualTo("public");
        assertThat(settings.batchSize()).isEqualTo(1000);
        assertThat(settings.stagingSuffix()).isEqualTo("_staging");
        assertThat(settings.password()).isEmpty();
    }

    @Test
    void the_schema_is_lower_cased_and_checked() {
        assertThat(RedshiftSettings.batchedInsert("jdbc:redshift://c/dev", "u", "", "Analytics").schema())
                .isEqualTo("analytics");
        assertThatThrownBy(() -> RedshiftSettings.batchedInsert("jdbc:redshift://c/dev", "u", "", "bad-schema"))
                .hasMessageContaining("shardlake.redshift.schema 'bad-schema'");
    }

    @Test
    void copy_mode_needs_an_iam_role() {
        assertThatThrownBy(() -> new RedshiftSettings("jdbc:redshift://c/dev", "u", "", null, null, RedshiftLoadMode.COPY, 0, null))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("shardlake.redshift.iam-role-arn is required in COPY mode")
                .hasMessageContaining("BATCHED_INSERT");
    }

    @Test
    void a_role_that_is_not_an_iam_role_arn_is_refused_so_nothing_odd_reaches_the_copy() {
        assertThatThrownBy(() -> new RedshiftSettings("jdbc:redshift://c/dev", "u", "", "arn:aws:iam::123456789012:role/x' --",
                null, RedshiftLoadMode.COPY, 0, null))
                .hasMessageContaining("shardlake.redshift.iam-role-arn")
                .hasMessageContaining("arn:aws:iam::123456789012:role/shardlake-copy");
    }

    @Test
    void bad_values_are_refused_naming_the_key() {
        assertThatThrownBy(() -> new RedshiftSettings("redshift://c", "u", "", ROLE, null, null, 0, null))
                .hasMessageContaining("shardlake.redshift.jdbc-url");
        assertThatThrownBy(() -> new RedshiftSettings("jdbc:redshift://c/dev", " ", "", ROLE, null, null, 0, null))
                .hasMessageContaining("shardlake.redshift.user");
        assertThatThrownBy(() -> new RedshiftSettings("jdbc:redshift://c/dev", "u", "", ROLE, null, null, 100_001, null))
                .hasMessageContaining("shardlake.redshift.batch-size must be 1..100000, was 100001");
        assertThatThrownBy(() -> new RedshiftSettings("jdbc:redshift://c/dev", "u", "", ROLE, null, null, 0, "-tmp"))
                .hasMessageContaining("shardlake.redshift.staging-suffix '-tmp'");
    }

    @Test
    void a_refused_url_is_shown_without_its_password() {
        assertThatThrownBy(() -> new RedshiftSettings("redshift://c?password=hunter2", "u", "", ROLE, null, null, 0, null))
                .hasMessageNotContaining("hunter2");
    }
}
