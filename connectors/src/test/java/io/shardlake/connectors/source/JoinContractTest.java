package io.shardlake.connectors.source;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.Types;
import org.junit.jupiter.api.Test;

/** Which join columns compare without a conversion: by kind, whatever the exact type. */
class JoinContractTest {

    private final JoinContract contract = new JoinContract(null, new MySqlDialect(), "join product (products): ", "");

    @Test
    void columnsOfOneKindCompareWhateverTheirWidthOrAnUnlistedTypesName() {
        assertThatCode(() -> contract.requireComparable(new JoinContract.ColumnKind(Types.INTEGER, "INT"), "orders.product_id",
                new JoinContract.ColumnKind(Types.BIGINT, "BIGINT"), "products.id")).doesNotThrowAnyException();
        assertThatCode(() -> contract.requireComparable(new JoinContract.ColumnKind(Types.OTHER, "UUID"), "orders.product_id",
                new JoinContract.ColumnKind(Types.OTHER, "uuid"), "products.id")).doesNotThrowAnyException();
    }

    @Test
    void anIntegerAgainstTextIsRefusedNamingBothColumns() {
        assertThatThrownBy(() -> contract.requireComparable(new JoinContract.ColumnKind(Types.VARCHAR, "VARCHAR"), "orders.product_id",
                new JoinContract.ColumnKind(Types.BIGINT, "BIGINT"), "products.id"))
                .isInstanceOf(SourceContractException.class)
                .hasMessage("join product (products): orders.product_id is VARCHAR but products.id is BIGINT: a join compares columns of one"
                        + " kind (both integers, both text, ...); change the join columns");
    }
}
