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
        ShardlakeProperties.Warehouse w = properties.warehouse();
        if (w.type() == ShardlakeProperties.Warehouse.Type.LOCAL) {
            return new LocalObjectStore(w.localRoot().toAbsolutePath());
        }
        ShardlakeProperties.S3 s3 = w.s3();
        if (s3.bucket() == null || s3.bucket().isBlank()) {
            throw new IllegalStateException("shardlake.warehouse.s3.bucket is required when shardlake.warehouse.type=s3");
        }
        S3ObjectStore store = S3ObjectStore.create(new S3Settings(s3.bucket(), s3.prefix(), s3.region(),
                s3.endpoint() == null || s3.endpoint().isBlank() ? null : URI.create(s3.endpoint()),
                s3.pathStyle(), s3.partSizeBytes()));
        if (s3.createBucket()) {
            store.ensureBucket();
        }
        return store;
    }
}
