package io.shardlake.engine.current;

import static org.assertj.core.api.Assertions.assertThat;

import io.shardlake.transforms.schema.Column;
import io.shardlake.transforms.schema.ColumnType;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

class CurrentKeyTest {

    private static final List<Column> KEY = List.of(new Column("_shard", ColumnType.STRING), new Column("tenant", ColumnType.STRING),
            new Column("id", ColumnType.BIGINT), new Column("day", ColumnType.DATE), new Column("at", ColumnType.TIMESTAMP),
            new Column("price", ColumnType.decimal(12, 2)));

    @Test
    void aKeyReadsBackAsItWasStoredWhateverItsTypesAndNulls() {
        CurrentKey key = new CurrentKey(new Object[] {"shard01", "a\u00e9b", 42L, LocalDate.of(2026, 12, 7),
                Instant.parse("2026-12-07T10:15:30.123Z"), new BigDecimal("10.50")});
        CurrentKey withNull = new CurrentKey(new Object[] {"shard01", null, -1L, null, null, null});

        assertThat(CurrentKey.decode(key.encode(), KEY)).isEqualTo(key);
        assertThat(CurrentKey.decode(withNull.encode(), KEY)).isEqualTo(withNull);
    }

    @Test
    void keysSortByShardThenEachColumnNullFirstAndAShardAloneBeforeItsKeys() {
        CurrentKey shardOnly = new CurrentKey(new Object[] {"shard02"});
        CurrentKey nullId = new CurrentKey(new Object[] {"shard02", null});
        CurrentKey nine = new CurrentKey(new Object[] {"shard02", 9L});
        CurrentKey ten = new CurrentKey(new Object[] {"shard02", 10L});
        CurrentKey otherShard = new CurrentKey(new Object[] {"shard01", 99L});

        assertThat(List.of(ten, nine, otherShard, nullId, shardOnly).stream().sorted().toList())
                .containsExactly(otherShard, shardOnly, nullId, nine, ten);
    }

    @Test
    void aKeyFallsInTheBucketWithTheGreatestLowerBoundNotAboveIt() {
        // how the updater routes rows: the shard's first bucket starts at the shard alone
        TreeMap<CurrentKey, String> buckets = new TreeMap<>();
        buckets.put(new CurrentKey(new Object[] {"shard01"}), "first");
        buckets.put(new CurrentKey(new Object[] {"shard01", 500L}), "second");

        assertThat(buckets.floorEntry(new CurrentKey(new Object[] {"shard01", 1L})).getValue()).isEqualTo("first");
        assertThat(buckets.floorEntry(new CurrentKey(new Object[] {"shard01", 499L})).getValue()).isEqualTo("first");
        assertThat(buckets.floorEntry(new CurrentKey(new Object[] {"shard01", 500L})).getValue()).isEqualTo("second");
        assertThat(buckets.floorEntry(new CurrentKey(new Object[] {"shard01", Long.MAX_VALUE})).getValue()).isEqualTo("second");
    }
}
