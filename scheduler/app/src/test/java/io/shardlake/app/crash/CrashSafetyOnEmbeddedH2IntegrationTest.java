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
    String metadataUrl() {
        String shipped = shipped().getProperty("spring.datasource.url");
        // jdbc:h2:file:<path>;SETTINGS: the same settings, the test's folder.
        return "jdbc:h2:file:" + folder.resolve("metadata").resolve("shardlake") + shipped.substring(shipped.indexOf(';'));
    }

    @Override
    String metadataUser() {
        return shipped().getProperty("spring.datasource.username");
    }

    @Override
    String metadataPassword() {
        return shipped().getProperty("spring.datasource.password", "");
    }

    private static Properties shipped() {
        YamlPropertiesFactoryBean yaml = new YamlPropertiesFactoryBean();
        yaml.setResources(new ClassPathResource("application.yml"));
        return yaml.getObject();
    }
}
