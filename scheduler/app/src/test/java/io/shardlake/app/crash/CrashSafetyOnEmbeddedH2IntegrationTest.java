package io.shardlake.app.crash;

/**
 * {@link CrashSafetyContract} on the embedded default: the H2 file database of the shipped
 * {@code application.yml}, with every setting of its URL, in a folder of the test's own.
 */
class CrashSafetyOnEmbeddedH2IntegrationTest extends CrashSafetyContract {

    @Override
    int kills() {
        return 16;
    }

    @Override
    MetadataStore metadataStore() {
        return MetadataStore.embeddedH2(folder);
    }
}
