package io.shardlake.app.crash;

import io.shardlake.connectors.testing.SingleDatabase;
import java.nio.file.Path;
import java.util.Properties;
import org.springframework.beans.factory.config.YamlPropertiesFactoryBean;
import org.springframework.core.io.ClassPathResource;

/** Where a {@link CrashLoopNode} keeps its metadata. */
record MetadataStore(String url, String user, String password) {

    static MetadataStore of(SingleDatabase database) {
        return new MetadataStore(database.jdbcUrl(), database.user(), database.password());
    }

    /** The embedded default: the H2 file database of the shipped {@code application.yml}, with every setting of its URL, in {@code folder}. */
    static MetadataStore embeddedH2(Path folder) {
        YamlPropertiesFactoryBean yaml = new YamlPropertiesFactoryBean();
        yaml.setResources(new ClassPathResource("application.yml"));
        Properties shipped = yaml.getObject();
        String url = shipped.getProperty("spring.datasource.url");
        // jdbc:h2:file:<path>;SETTINGS: the same settings, the test's folder.
        return new MetadataStore("jdbc:h2:file:" + folder.resolve("metadata").resolve("shardlake") + url.substring(url.indexOf(';')),
                shipped.getProperty("spring.datasource.username"), shipped.getProperty("spring.datasource.password", ""));
    }
}
