package io.shardlake.connectors.athena;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.shardlake.connectors.athena.AthenaSettings.PartitionRegistration;
import io.shardlake.connectors.athena.SchemaEvolution.SchemaChange;
import io.shardlake.connectors.athena.SchemaEvolution.Widening;
import io.shardlake.transforms.AuditColumns;
import io.shardlake.transforms.PartitionGranularity;
import io.shardlake.transforms.schema.Column;
import io.shardlake.transforms.schema.ColumnType;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SchemaEvolutionTest {

    /** The table as Athena reports it after creating it from {@code table}. */
    static ExistingTable existing(AthenaTable table, AthenaColumn... addedLater) {
        List<AthenaColumn> columns = new ArrayList<>(table.columns());
        columns.addAll(List.of(addedLater));
        return new ExistingTable(table.name(), columns, List.of(new AthenaColumn("dt", "string")),
                AthenaDdl.tableProperties(table, PartitionRegistration.PROJECTION));
    }

    @Test
    void theSameSchemaChangesNothing() {
        assertThat(SchemaEvolution.compare(existing(OrdersTable.table()), OrdersTable.table()).isEmpty()).isTrue();
    }

    @Test
    void newColumnsAfterTheDataColumnsAreAdditionsInSchemaOrder() {
        AthenaTable wider = OrdersTable.table(OrdersTable.dataWith(new Column("channel", ColumnType.STRING),
                new Column("tip", ColumnType.decimal(9, 2))), PartitionGranularity.DAY);

        SchemaChange change = SchemaEvolution.compare(existing(OrdersTable.table()), wider);

        assertThat(change.additions()).containsExactly(new AthenaColumn("channel", "string"), new AthenaColumn("tip", "decimal(9,2)"));
        assertThat(change.widenings()).isEmpty();
    }

    @Test
    void aColumnAddedEarlierSitsAfterTheAuditColumnsInTheTableAndIsNoReordering() {
        AthenaTable once = OrdersTable.table(OrdersTable.dataWith(new Column("channel", ColumnType.STRING)), PartitionGranularity.DAY);
        ExistingTable afterFirstEvolution = existing(OrdersTable.table(), new AthenaColumn("channel", "string"));
        assertThat(SchemaEvolution.compare(afterFirstEvolution, once).isEmpty()).isTrue();

        AthenaTable twice = OrdersTable.table(OrdersTable.dataWith(new Column("channel", ColumnType.STRING),
                new Column("tip", ColumnType.INT)), PartitionGranularity.DAY);
        assertThat(SchemaEvolution.compare(afterFirstEvolution, twice).additions()).containsExactly(new AthenaColumn("tip", "int"));
    }

    @Test
    void aTableCreatedBeforeTheRunSequenceExistedGetsItAppendedAfterItsLaterColumns() {
        List<AthenaColumn> beforeRunSeq = OrdersTable.table().columns().stream()
                .filter(c -> !c.name().equals(AuditColumns.RUN_SEQ)).collect(java.util.stream.Collectors.toCollection(ArrayList::new));
        beforeRunSeq.add(new AthenaColumn("channel", "string"));
        ExistingTable old = new ExistingTable("orders", beforeRunSeq, List.of(new AthenaColumn("dt", "string")),
                AthenaDdl.tableProperties(OrdersTable.table(), PartitionRegistration.PROJECTION));
        AthenaTable now = OrdersTable.table(OrdersTable.dataWith(new Column("channel", ColumnType.STRING)), PartitionGranularity.DAY);

        SchemaChange change = SchemaEvolution.compare(old, now);

        assertThat(change.additions()).containsExactly(new AthenaColumn(AuditColumns.RUN_SEQ, "bigint"));
        assertThat(change.widenings()).isEmpty();
    }

    @Test
    void aNarrowingIsRefusedNamingTheColumnAndBothTypes() {
        List<Column> data = new ArrayList<>(OrdersTable.DATA);
        data.set(0, new Column("order_id", ColumnType.INT));
        data.set(2, new Column("amount", ColumnType.decimal(10, 2)));
        AthenaTable narrower = OrdersTable.table(data, PartitionGranularity.DAY);

        assertThatThrownBy(() -> SchemaEvolution.compare(existing(OrdersTable.table()), narrower))
                .isInstanceOfSatisfying(IncompatibleSchemaException.class, e -> assertThat(e.problems()).containsExactly(
                        "column 'order_id' changed type from bigint to int (a narrowing)",
                        "column 'amount' changed type from decimal(12,2) to decimal(10,2) (a narrowing)"))
                .hasMessageStartingWith("the new schema of table orders is incompatible with the Athena table: "
                        + "column 'order_id' changed type from bigint to int (a narrowing); column 'amount'");
    }

    @Test
    void kindChangesAndDecimalScaleChangesAreRefused() {
        List<Column> data = new ArrayList<>(OrdersTable.DATA);
        data.set(1, new Column("status", ColumnType.BIGINT));
        data.set(2, new Column("amount", ColumnType.decimal(14, 4)));
        assertThatThrownBy(() -> SchemaEvolution.compare(existing(OrdersTable.table()), OrdersTable.table(data, PartitionGranularity.DAY)))
                .isInstanceOfSatisfying(IncompatibleSchemaException.class, e -> assertThat(e.problems()).containsExactly(
                        "column 'status' changed type from string to bigint",
                        "column 'amount' changed type from decimal(12,2) to decimal(14,4)"));
    }

    @Test
    void intToBigintAndMoreDecimalPrecisionAtTheSameScaleAreWidenings() {
        List<Column> data = new ArrayList<>(OrdersTable.DATA);
        data.set(2, new Column("amount", ColumnType.decimal(20, 2)));
        data.set(3, new Column("item_count", ColumnType.BIGINT));

        SchemaChange change = SchemaEvolution.compare(existing(OrdersTable.table()), OrdersTable.table(data, PartitionGranularity.DAY));

        assertThat(change.widenings()).containsExactly(new Widening("amount", "decimal(12,2)", "decimal(20,2)"),
                new Widening("item_count", "int", "bigint"));
        assertThat(change.additions()).isEmpty();
    }

    @Test
    void aRemovedColumnIsRefused() {
        List<Column> data = new ArrayList<>(OrdersTable.DATA);
        data.remove(1);
        assertThatThrownBy(() -> SchemaEvolution.compare(existing(OrdersTable.table()), OrdersTable.table(data, PartitionGranularity.DAY)))
                .isInstanceOfSatisfying(IncompatibleSchemaException.class,
                        e -> assertThat(e.problems()).containsExactly("column 'status' (string) was removed"));
    }

    @Test
    void reorderedColumnsAndNewColumnsBeforeExistingOnesAreRefused() {
        List<Column> swapped = new ArrayList<>(OrdersTable.DATA);
        swapped.set(1, OrdersTable.DATA.get(2));
        swapped.set(2, OrdersTable.DATA.get(1));
        assertThatThrownBy(() -> SchemaEvolution.compare(existing(OrdersTable.table()), OrdersTable.table(swapped, PartitionGranularity.DAY)))
                .isInstanceOfSatisfying(IncompatibleSchemaException.class, e -> assertThat(e.problems()).containsExactly(
                        "column 'amount' moved: it was after 'status' and is now before it; keep the existing column order"));

        List<Column> inserted = new ArrayList<>(OrdersTable.DATA);
        inserted.add(1, new Column("channel", ColumnType.STRING));
        assertThatThrownBy(() -> SchemaEvolution.compare(existing(OrdersTable.table()), OrdersTable.table(inserted, PartitionGranularity.DAY)))
                .isInstanceOfSatisfying(IncompatibleSchemaException.class, e -> assertThat(e.problems()).containsExactly(
                        "new column 'channel' is placed before existing column 'status'; add new columns after 'updated_at'"));
    }

    @Test
    void aChangedPartitionKeyFormatOrPrimaryKeyIsRefused() {
        AthenaTable table = OrdersTable.table();
        ExistingTable otherKeys = new ExistingTable("orders", table.columns(), List.of(new AthenaColumn("day", "date")),
                Map.of(AthenaDdl.PRIMARY_KEY_PROPERTY, "order_id,status", AthenaDdl.PROJECTION_FORMAT, "yyyy-MM-dd-HH"));

        assertThatThrownBy(() -> SchemaEvolution.compare(otherKeys, table))
                .isInstanceOfSatisfying(IncompatibleSchemaException.class, e -> assertThat(e.problems()).containsExactly(
                        "partition key is (day date), expected (dt string)",
                        "partition format changed from yyyy-MM-dd-HH to yyyy-MM-dd (granularity day)",
                        "primary key changed from [order_id,status] to [order_id]"));
    }

    @Test
    void athenasSpellingOfNamesAndTypesIsNormalised() {
        List<AthenaColumn> reported = OrdersTable.table().columns().stream()
                .map(c -> new AthenaColumn(c.name().toUpperCase(), c.type().toUpperCase().replace(",", ", "))).toList();
        ExistingTable shouting = new ExistingTable("orders", reported, List.of(new AthenaColumn("DT", "STRING")), Map.of());
        assertThat(SchemaEvolution.compare(shouting, OrdersTable.table()).isEmpty()).isTrue();
    }
}
