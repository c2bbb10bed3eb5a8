package io.shardlake.app.demo;

import static io.shardlake.app.demo.DemoVocabulary.CHANNELS;
import static io.shardlake.app.demo.DemoVocabulary.COUNTRIES;
import static io.shardlake.app.demo.DemoVocabulary.CURRENCIES;
import static io.shardlake.app.demo.DemoVocabulary.NOTES;
import static io.shardlake.app.demo.DemoVocabulary.ORDER_STATUSES;
import static io.shardlake.app.demo.DemoVocabulary.TIERS;

import java.math.BigDecimal;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** {@code orders}: a JSON payload with the customer, the channel and 1-5 items; status moves on updates. */
final class OrdersTable implements DemoTable {

    private final int customers;

    /** @param customers customer ids are drawn from {@code 1..customers} */
    OrdersTable(int customers) {
        this.customers = customers;
    }

    @Override
    public String name() {
        return "orders";
    }

    @Override
    public String insertSql() {
        return "INSERT INTO orders (id, customer_id, status, amount, currency, note, payload, created_at, updated_at)"
                + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)";
    }

    @Override
    public void bindInsert(PreparedStatement insert, long id, String createdAt, String updatedAt, DemoRandom random)
            throws SQLException {
        List<Map<String, Object>> items = items(random);
        insert.setLong(1, id);
        insert.setLong(2, random.between(1, customers));
        insert.setString(3, random.pick(ORDER_STATUSES));
        insert.setBigDecimal(4, total(items));
        insert.setString(5, random.pick(CURRENCIES));
        insert.setString(6, random.chance(0.3) ? random.pick(NOTES) : null);
        insert.setString(7, random.json(Json.object(
                "customer", Json.object("tier", random.pick(TIERS), "country", random.pick(COUNTRIES)),
                "channel", random.pick(CHANNELS),
                "items", items)));
        insert.setString(8, createdAt);
        insert.setString(9, updatedAt);
    }

    @Override
    public String updateSql() {
        return "UPDATE orders SET status = ?, updated_at = ? WHERE id = ?";
    }

    @Override
    public void bindUpdate(PreparedStatement update, long id, String updatedAt, DemoRandom random) throws SQLException {
        update.setString(1, random.pick(ORDER_STATUSES));
        update.setString(2, updatedAt);
        update.setLong(3, id);
    }

    private static List<Map<String, Object>> items(DemoRandom random) {
        List<Map<String, Object>> items = new ArrayList<>();
        int count = random.between(1, 5);
        for (int i = 0; i < count; i++) {
            items.add(Json.object(
                    "sku", String.format("SKU-%03d", random.between(1, 999)),
                    "qty", random.between(1, 5),
                    "price", random.money(99, 19_999)));
        }
        return items;
    }

    private static BigDecimal total(List<Map<String, Object>> items) {
        BigDecimal total = BigDecimal.ZERO;
        for (Map<String, Object> item : items) {
            total = total.add(((BigDecimal) item.get("price")).multiply(BigDecimal.valueOf((Integer) item.get("qty"))));
        }
        return total;
    }
}
