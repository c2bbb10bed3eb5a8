package io.shardlake.app.crash;

import java.util.Properties;
import org.springframework.beans.factory.config.YamlPropertiesFactoryBean;
import org.springframework.core.io.ClassPathResource;

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
        Properties shipped = shipped();
        String url = shipped.getProperty("spring.datasource.url");
        // jdbc:h2:file:<path>;SETTINGS: the same settings, the test's folder.
        return new MetadataStore("jdbc:h2:file:" + folder.resolve("metadata").resolve("shardlake") + url.substring(url.indexOf(';')),
                shipped.getProperty("spring.datasource.username"), shipped.getProperty("spring.datasource.password", ""));
    }

    private static Properties shipped() {
        YamlPropertiesFactoryBean yaml = new YamlPropertiesFactoryBean();
        yaml.setResources(new ClassPathResource("application.yml"));
        return yaml.getObject();
    }
}
