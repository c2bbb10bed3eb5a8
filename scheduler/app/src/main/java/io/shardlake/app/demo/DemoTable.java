package io.shardlake.app.demo;

import java.sql.PreparedStatement;
import java.sql.SQLException;

/** One demo source table: how a new row looks and how an existing row changes. */
interface DemoTable {

    String name();

    /** An INSERT with one parameter per column. */
    String insertSql();

    void bindInsert(PreparedStatement insert, long id, String createdAt, String updatedAt, DemoRandom random)
            throws SQLException;

    /** An UPDATE of row {@code id} that sets {@code updated_at} among other columns. */
    String updateSql();

    void bindUpdate(PreparedStatement update, long id, String updatedAt, DemoRandom random) throws SQLException;
}
