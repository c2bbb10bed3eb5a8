package io.shardlake.app.config;

import io.shardlake.connectors.redshift.RedshiftLoadMode;
import io.shardlake.connectors.redshift.RedshiftSettings;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The legacy Redshift cluster ({@code shardlake.redshift.*}), loaded from the runs of the
 * pipelines whose definition says {@code target.redshift: true}. Unconfigured (no
 * {@code jdbc-url}), such a pipeline's runs fail before writing, saying so.
 *
 * @param iamRoleArn role Redshift assumes to read the lake's files (COPY mode)
 * @param mode       {@code copy} (one COPY ... FORMAT AS PARQUET per run) or {@code batched-insert}
 *                   (JDBC batches, for setups without COPY access)
 */
@ConfigurationProperties("shardlake.redshift")
public record RedshiftProperties(
        String jdbcUrl,
        String user,
        String password,
        String iamRoleArn,
        @DefaultValue(RedshiftSettings.DEFAULT_SCHEMA) String schema,
        @DefaultValue("copy") String mode,
        Integer batchSize,
        @DefaultValue(RedshiftSettings.DEFAULT_STAGING_SUFFIX) String stagingSuffix) {

    public RedshiftProperties {
        // An int cannot be an annotation's text: the settings' default, stated once there.
        batchSize = batchSize == null ? RedshiftSettings.DEFAULT_BATCH_SIZE : batchSize;
    }

    boolean configured() {
        return jdbcUrl != null && !jdbcUrl.isBlank();
    }

    RedshiftSettings settings() {
        return new RedshiftSettings(jdbcUrl, user, password, iamRoleArn, schema, RedshiftLoadMode.parse(mode), batchSize, stagingSuffix);
    }

    /** Never prints the password. */
    @Override
    public String toString() {
        return configured() ? settings().toString() : "RedshiftProperties[not configured]";
    }
}
