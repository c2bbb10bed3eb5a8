package io.shardlake.connectors.binlog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.shardlake.transforms.schema.Utf8;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class BinlogPositionTest {

    @Test
    void aPositionSurvivesItsStoredText() {
        BinlogPosition p = new BinlogPosition("binlog.000012", 4711, "0-1-57,1-2-3", 7);

        assertThat(BinlogPosition.parse(p.format())).isEqualTo(p);
        assertThat(BinlogPosition.parse("binlog.000001:4;server=1")).isEqualTo(new BinlogPosition("binlog.000001", 4, null, 1));
        assertThatThrownBy(() -> BinlogPosition.parse("nonsense")).hasMessageContaining("not a binlog position");
    }

    @Test
    void positionsCompareByFileThenOffset() {
        BinlogPosition p = new BinlogPosition("binlog.000002", 100, null, 1);

        assertThat(p.atOrAfter("binlog.000002", 100)).isTrue();
        assertThat(p.atOrAfter("binlog.000001", 9999)).isTrue();
        assertThat(p.atOrAfter("binlog.000002", 101)).isFalse();
        assertThat(p.atOrAfter("binlog.000003", 4)).isFalse();
    }

    @Test
    void binlogValuesBecomeWhatTheJdbcReadGives() {
        ZoneId zone = ZoneId.of("America/Sao_Paulo");
        long micros = LocalDateTime.of(2026, 12, 7, 10, 0, 0, 123_000_000).toEpochSecond(ZoneOffset.UTC) * 1_000_000 + 123_000;

        assertThat(BinlogColumn.of("n", "INT", "int(10) unsigned").convert(-1, zone)).isEqualTo(4_294_967_295L);
        assertThat(BinlogColumn.of("n", "tinyint", "tinyint(1)").convert(1, zone)).isEqualTo(true);
        assertThat(BinlogColumn.of("n", "bigint", "bigint(20) unsigned").convert(-1L, zone)).isEqualTo(new BigDecimal("18446744073709551615"));
        assertThat(BinlogColumn.of("s", "varchar", "varchar(20)").convert("é".getBytes(java.nio.charset.StandardCharsets.UTF_8), zone))
                .isEqualTo(Utf8.of("é"));
        assertThat(BinlogColumn.of("d", "datetime", "datetime(3)").convert(micros, zone))
                .isEqualTo(LocalDateTime.of(2026, 12, 7, 10, 0, 0, 123_000_000).atZone(zone).toInstant());
        assertThat(BinlogColumn.of("d", "datetime", "datetime(3)").cursorValue(micros))
                .isEqualTo(LocalDateTime.of(2026, 12, 7, 10, 0, 0, 123_000_000));
        assertThat(BinlogColumn.of("t", "timestamp", "timestamp(3)").convert(micros, zone))
                .isEqualTo(Instant.parse("2026-12-07T10:00:00.123Z"));
        assertThat(BinlogColumn.of("e", "enum", "enum('a','b')").unsupported()).contains("member numbers");
    }
}
