package io.shardlake.connectors.source;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class JdbcUrlsTest {

    @Test
    void passwordsInTheUrlAreHidden() {
        assertThat(JdbcUrls.redact("jdbc:mysql://db1:3306/shop?user=etl&password=s3cr3t&useSSL=true"))
                .isEqualTo("jdbc:mysql://db1:3306/shop?user=etl&password=***&useSSL=true");
        assertThat(JdbcUrls.redact("jdbc:mariadb://db1/shop?Password=s3cr3t")).isEqualTo("jdbc:mariadb://db1/shop?Password=***");
        assertThat(JdbcUrls.redact("jdbc:mysql://etl:s3cr3t@db1:3306/shop")).isEqualTo("jdbc:mysql://etl:***@db1:3306/shop");
        assertThat(JdbcUrls.redact("jdbc:h2:mem:x;USER=sa;PASSWORD=s3cr3t")).isEqualTo("jdbc:h2:mem:x;USER=sa;PASSWORD=***");
        assertThat(JdbcUrls.redact("jdbc:mysql://db1:3306/shop")).isEqualTo("jdbc:mysql://db1:3306/shop");
    }

    @Test
    void shardsAndUrlErrorsNeverShowThePassword() {
        assertThat(new Shard("shard01", "jdbc:mysql://db1/shop?password=s3cr3t").toString()).doesNotContain("s3cr3t").contains("shard01");
        assertThatThrownBy(() -> SourceDialects.forUrl("jdbc:oracle:thin:etl/x@db1?password=s3cr3t"))
                .message().doesNotContain("s3cr3t").contains("unsupported source URL");
    }
}
