package io.shardlake.app.crash;

/** {@link CdcCrashSafetyContract} on the embedded default metadata store (see {@link MetadataStore#embeddedH2}). */
class CdcCrashSafetyOnEmbeddedH2IntegrationTest extends CdcCrashSafetyContract {

    @Override
    MetadataStore metadataStore() {
        return MetadataStore.embeddedH2(folder);
    }

    /** The store every newcomer runs on gets the most kills. */
    @Override
    int kills() {
        return 8;
    }
}
