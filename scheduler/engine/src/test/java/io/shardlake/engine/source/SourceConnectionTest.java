package io.shardlake.engine.source;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.shardlake.connectors.source.Shard;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;

class SourceConnectionTest {

    @Test
    void aShardUrlOfAnUnsupportedDatabaseIsRefusedAtConfigurationNamingTheShard() {
        assertThatThrownBy(() -> new SourceConnection("shop", List.of(new Shard("shard01", "jdbc:mysql://r1:3306/shop_01"),
                new Shard("shard02", "jdbc:oracle:thin:@r2:1521/shop")), ZoneOffset.UTC, "u", "p", 2, null))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("source 'shop' shard shard02")
                .hasMessageContaining("unsupported source URL");
    }

    @Test
    void credentialsNeverAppearInItsTextForm() {
        SourceConnection c = new SourceConnection("shop", List.of(new Shard("shard01", "jdbc:mysql://r1:3306/shop_01")),
                ZoneOffset.UTC, "etl_reader", "s3cr3t", 2, null);

        assertThat(c.toString()).doesNotContain("s3cr3t").doesNotContain("etl_reader").contains("shop");
    }

    @Test
    void aSourceNeedsShardsAndAPositiveHostBudget() {
        assertThatThrownBy(() -> new SourceConnection("shop", List.of(), ZoneOffset.UTC, "u", "p", 2, null))
                .hasMessageContaining("has no shards");
        assertThatThrownBy(() -> new SourceConnection("shop", List.of(new Shard("s1", "jdbc:mysql://r1/db")), ZoneOffset.UTC, "u", "p", 0, null))
                .hasMessageContaining("at least 1");
    }
}
