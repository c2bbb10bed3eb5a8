package io.shardlake.engine.registration;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A draft listing more entries than any table needs is refused before anything reads them. */
class DraftLimitsTest {

    @Test
    void aDraftOfThousandsOfShortColumnsIsRefusedNamingTheListAndItsLimit() {
        PipelineDraft d = TestDrafts.orders();
        List<PipelineDraft.Column> columns = new ArrayList<>();
        for (int i = 0; i <= DraftLimits.COLUMNS; i++) {
            columns.add(new PipelineDraft.Column("c" + i, "c" + i, "string", true));
        }
        PipelineDraft many = new PipelineDraft(d.name(), d.description(), d.connection(), d.table(), columns, d.cursor(), d.primaryKey(),
                d.json(), d.partitionColumn(), d.partitionGranularity(), d.schedule(), d.scheduleZone(), d.targetTable(), d.compression(),
                d.fileSizeMb(), d.quarantineMaxFraction(), d.dedupeKey(), d.redshift());

        assertThat(DraftLimits.check(many, null)).containsExactly(new FormError("columns", "lists 1001 entries; at most 1000 are accepted"));
        assertThat(DraftLimits.check(d, null)).as("a real draft").isEmpty();
    }
}
