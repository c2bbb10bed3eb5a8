package io.shardlake.engine.run;

/**
 * The places besides the lake where readers find a pipeline's table by its name (the Athena
 * catalog, the Redshift table), switched from one table version to another by a rebuild or a
 * rollback. Each plan names the version in {@link PipelinePlan#live()}, with the definition that
 * version was built with.
 */
public interface VersionPointer {

    /** Nowhere besides the lake. */
    VersionPointer NONE = new VersionPointer() {
        @Override
        public void prepare(PipelinePlan version, boolean fresh) {
        }

        @Override
        public void show(PipelinePlan version, int previous) {
        }

        @Override
        public void drop(PipelinePlan version) {
        }
    };

    /**
     * Before the metadata switch: gets the version ready to be shown, changing nothing readers see.
     *
     * @param fresh whether the version was never live (a rebuild's), rather than a retired one switched back to
     * @throws Exception naming the place and the problem; the switch then does not happen
     */
    void prepare(PipelinePlan version, boolean fresh) throws Exception;

    /** After the metadata switch: the table's name shows the version in place of {@code previous}, atomically for readers. Idempotent. */
    void show(PipelinePlan version, int previous) throws Exception;

    /** A version no longer kept: what it left in these places goes. Idempotent. */
    void drop(PipelinePlan version) throws Exception;
}
