package io.shardlake.connectors.redshift;

import io.shardlake.connectors.source.JdbcUrls;
import java.util.regex.Pattern;

/**
 * Where and how the legacy Redshift sink loads (proposed keys {@code shardlake.redshift.*}).
 *
 * @param jdbcUrl       {@code jdbc:redshift://host:5439/db}; required
 * @param user          database user; required
 * @param password      database password; may be empty (IAM or trust setups); never shown by {@link #toString()}
 * @param iamRoleArn    role Redshift assumes to read the lake in {@link RedshiftLoadMode#COPY} mode, such as
 *                      {@code arn:aws:iam::123456789012:role/shardlake-copy}; required for COPY
 * @param schema        target schema; {@code null} or blank means {@value #DEFAULT_SCHEMA}; lower-cased
 * @param mode          COPY or BATCHED_INSERT; {@code null} means COPY
 * @param batchSize     rows per JDBC batch in BATCHED_INSERT mode; 0 means {@value #DEFAULT_BATCH_SIZE}
 * @param stagingSuffix appended to the target table's name for its temporary staging table;
 *                      {@code null} or blank means {@value #DEFAULT_STAGING_SUFFIX}
 */
public record RedshiftSettings(String jdbcUrl, String user, String password, String iamRoleArn, String schema,
                               RedshiftLoadMode mode, int batchSize, String stagingSuffix) {

    public static final String DEFAULT_SCHEMA = "public";
    public static final int DEFAULT_BATCH_SIZE = 1000;
    public static final int MAX_BATCH_SIZE = 100_000;
    public static final String DEFAULT_STAGING_SUFFIX = "_staging";

    /** Partition (aws, aws-cn, aws-us-gov), 12-digit account, role path and name; no quote can slip into the SQL. */
    private static final Pattern ROLE_ARN = Pattern.compile("arn:aws[a-z-]*:iam::\\d{12}:role/[A-Za-z0-9+=,.@_/-]+");
    private static final Pattern SUFFIX = Pattern.compile("[a-z0-9_]{1,32}");

    public RedshiftSettings {
        if (jdbcUrl == null || !jdbcUrl.strip().startsWith("jdbc:")) {
            throw new IllegalArgumentException("shardlake.redshift.jdbc-url must be a JDBC URL such as "
                    + "jdbc:redshift://examplecluster.abc123.eu-west-1.redshift.amazonaws.com:5439/dev, was "
                    + (jdbcUrl == null ? "missing" : "'" + JdbcUrls.redact(jdbcUrl) + "'"));
        }
        jdbcUrl = jdbcUrl.strip();
        if (user == null || user.isBlank()) {
            throw new IllegalArgumentException("shardlake.redshift.user is missing");
        }
        password = password == null ? "" : password;
        mode = mode == null ? RedshiftLoadMode.COPY : mode;
        iamRoleArn = iamRoleArn == null || iamRoleArn.isBlank() ? null : iamRoleArn.strip();
        if (iamRoleArn != null && !ROLE_ARN.matcher(iamRoleArn).matches()) {
            throw new IllegalArgumentException("shardlake.redshift.iam-role-arn '" + iamRoleArn + "' is not an IAM role ARN "
                    + "such as arn:aws:iam::123456789012:role/shardlake-copy");
        }
        if (mode == RedshiftLoadMode.COPY && iamRoleArn == null) {
            throw new IllegalArgumentException("shardlake.redshift.iam-role-arn is required in COPY mode (Redshift reads "
                    + "the lake with that role), such as arn:aws:iam::123456789012:role/shardlake-copy; or set "
                    + "shardlake.redshift.mode=BATCHED_INSERT");
        }
        schema = schema == null || schema.isBlank() ? DEFAULT_SCHEMA
                : RedshiftIdentifiers.normalize(schema, "shardlake.redshift.schema", Redshift.MAX_IDENTIFIER_LENGTH);
        if (batchSize == 0) {
            batchSize = DEFAULT_BATCH_SIZE;
        }
        if (batchSize < 1 || batchSize > MAX_BATCH_SIZE) {
            throw new IllegalArgumentException("shardlake.redshift.batch-size must be 1.." + MAX_BATCH_SIZE + ", was " + batchSize);
        }
        stagingSuffix = stagingSuffix == null || stagingSuffix.isBlank() ? DEFAULT_STAGING_SUFFIX : stagingSuffix.strip();
        if (!SUFFIX.matcher(stagingSuffix).matches()) {
            throw new IllegalArgumentException("shardlake.redshift.staging-suffix '" + stagingSuffix + "' may hold only "
                    + "1-32 lower-case letters, digits and '_', such as _staging");
        }
    }

    /** Settings for BATCHED_INSERT with defaults: what tests and clusters without a COPY role use. */
    public static RedshiftSettings batchedInsert(String jdbcUrl, String user, String password, String schema) {
        return new RedshiftSettings(jdbcUrl, user, password, null, schema, RedshiftLoadMode.BATCHED_INSERT, 0, null);
    }

    /** Everything but the password (and any password inside the URL). */
    @Override
    public String toString() {
        return "RedshiftSettings[jdbcUrl=" + JdbcUrls.redact(jdbcUrl) + ", user=" + user + ", password="
                + (password.isEmpty() ? "" : "***") + ", iamRoleArn=" + iamRoleArn + ", schema=" + schema + ", mode=" + mode
                + ", batchSize=" + batchSize + ", stagingSuffix=" + stagingSuffix + "]";
    }
}
