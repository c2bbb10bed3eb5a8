package io.shardlake.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;

/** A metadata database that would lose acknowledged commits on a kill stops the service at start, naming the key. */
class MetadataStartupTest {

    @TempDir
    Path folder;

    @Test
    void anH2FileDatabaseWithoutWriteDelayZeroIsRefusedBeforeAnythingIsWritten() {
        List<String> args = new ArrayList<>(List.of("--server.port=0", "--shardlake.demo.enabled=false",
                "--shardlake.definitions=target/no-definitions", "--spring.main.banner-mode=off",
                "--spring.datasource.url=jdbc:h2:file:" + folder.resolve("metadata") + ";AUTO_SERVER=FALSE"));
        TestLogins.ADMIN_PROPERTIES.forEach(p -> args.add("--" + p));

        assertThatThrownBy(() -> new SpringApplicationBuilder(ShardlakeApplication.class).web(WebApplicationType.SERVLET)
                .run(args.toArray(String[]::new)).close())
                .satisfies(e -> assertThat(rootMessage(e)).contains("spring.datasource.url", "WRITE_DELAY=0"));
        assertThat(folder.resolve("metadata.mv.db")).as("no database was created").doesNotExist();
    }

    private static String rootMessage(Throwable t) {
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        return t.getMessage();
    }
}
