package io.shardlake.connectors.redshift;

/** How a run's Parquet files reach the staging table. */
public enum RedshiftLoadMode {
    /** One {@code COPY ... FORMAT AS PARQUET MANIFEST} of the run's S3 objects: Redshift reads them itself. */
    COPY,
    /**
     * This service reads the files and sends JDBC insert batches: for clusters without an IAM role
     * that may read the lake, and for tests on PostgreSQL. Slow for big runs.
     */
    BATCHED_INSERT;

    /** {@code copy} or {@code batched-insert}, in any case, with {@code -} or {@code _}. */
    public static RedshiftLoadMode parse(String text) {
        String m = text.strip().replace('-', '_');
        for (RedshiftLoadMode value : values()) {
            if (value.name().equalsIgnoreCase(m)) {
                return value;
            }
        }
        throw new IllegalArgumentException("shardlake.redshift.mode: unknown value '" + text + "'; use copy or batched-insert");
    }
}
