package io.shardlake.engine.lake;

import static org.assertj.core.api.Assertions.assertThat;

import io.shardlake.transforms.schema.Utf8;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class QuarantineWriterTest {

    @TempDir
    Path dir;

    @Test
    void writesOneJsonDocumentPerLineWithKeyCursorReasonAndTheRowAsRead() throws Exception {
        QuarantineWriter writer = new QuarantineWriter(dir.resolve("q/rows.jsonl"), List.of("id", "amount", "payload"), "shard03", "run-1");
        writer.write(new Object[] {7L}, LocalDateTime.parse("2026-11-23T10:00:00.123"), "column payload: malformed JSON",
                new Object[] {7L, new BigDecimal("1.50"), Utf8.of("{\"a\": ")});
        writer.write(new Object[] {8L}, LocalDateTime.parse("2026-11-23T10:00:01"), "column amount: too many digits",
                new Object[] {8L, null, Utf8.of("Zoë")});

        Path file = writer.finish();

        List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        assertThat(writer.rows()).isEqualTo(2);
        assertThat(lines).hasSize(2);
        assertThat(lines.get(0)).isEqualTo("{\"shard\":\"shard03\",\"run_id\":\"run-1\",\"primary_key\":[\"7\"],"
                + "\"cursor\":\"2026-11-23T10:00:00.123\",\"reason\":\"column payload: malformed JSON\","
                + "\"row\":{\"id\":\"7\",\"amount\":\"1.50\",\"payload\":\"{\\\"a\\\": \"}}");
        assertThat(lines.get(1)).contains("\"primary_key\":[\"8\"]", "\"amount\":null", "\"payload\":\"Zoë\"");
    }

    @Test
    void aWriterThatQuarantinedNothingLeavesNoFile() throws Exception {
        QuarantineWriter writer = new QuarantineWriter(dir.resolve("none.jsonl"), List.of("id"), "shard01", "run-2");

        assertThat(writer.finish()).isNull();
        assertThat(dir.resolve("none.jsonl")).doesNotExist();
    }
}
