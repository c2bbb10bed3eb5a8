package io.shardlake.app.config;

import io.shardlake.connectors.objectstore.LocalObjectStore;
import io.shardlake.connectors.objectstore.ObjectStore;
import io.shardlake.connectors.objectstore.S3ObjectStore;
import io.shardlake.connectors.objectstore.S3Settings;
import java.net.URI;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The lake's object store: a local folder by default, or S3 ({@code shardlake.warehouse.type=s3}). */
@Configuration(proxyBeanMethods = false)
class ObjectStoreConfiguration {

    @Bean
    ObjectStore objectStore(ShardlakeProperties properties) throws java.io.IOException {
        ShardlakeProperties.Warehouse w = properties.getWarehouse();
        if (w.getType() == ShardlakeProperties.Warehouse.Type.LOCAL) {
            return new LocalObjectStore(w.getPath().toAbsolutePath());
        }
        ShardlakeProperties.S3 s3 = w.getS3();
        if (s3.getBucket() == null || s3.getBucket().isBlank()) {
            throw new IllegalStateException("shardlake.warehouse.s3.bucket is required when shardlake.warehouse.type=s3");
        }
        S3ObjectStore store = S3ObjectStore.create(new S3Settings(s3.getBucket(), s3.getPrefix(), s3.getRegion(),
                s3.getEndpoint() == null || s3.getEndpoint().isBlank() ? null : URI.create(s3.getEndpoint()),
                s3.isPathStyle(), s3.getPartSizeBytes()));
        if (s3.isCreateBucket()) {
            store.ensureBucket();
        }
        return store;
    }
}
