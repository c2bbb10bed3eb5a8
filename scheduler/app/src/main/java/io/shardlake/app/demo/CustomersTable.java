package io.shardlake.app.demo;

import static io.shardlake.app.demo.DemoVocabulary.COUNTRIES;
import static io.shardlake.app.demo.DemoVocabulary.FIRST_NAMES;
import static io.shardlake.app.demo.DemoVocabulary.LANGUAGES;
import static io.shardlake.app.demo.DemoVocabulary.LAST_NAMES;
import static io.shardlake.app.demo.DemoVocabulary.REFERRERS;
import static io.shardlake.app.demo.DemoVocabulary.TIERS;

import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.text.Normalizer;
import java.util.Locale;
import java.util.Map;

/** {@code customers}: unicode names, optional country, JSON attributes; tier and activity change on updates. */
final class CustomersTable implements DemoTable {

    @Override
    public String name() {
        return "customers";
    }

    @Override
    public String insertSql() {
        return "INSERT INTO customers (id, email, full_name, country, tier, is_active, signup_date, attributes,"
                + " created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";
    }

    @Override
    public void bindInsert(PreparedStatement insert, long id, String createdAt, String updatedAt, DemoRandom random)
            throws SQLException {
        String first = random.pick(FIRST_NAMES);
        insert.setLong(1, id);
        insert.setString(2, emailLocalPart(first) + "." + id + "@example.com");
        insert.setString(3, first + " " + random.pick(LAST_NAMES));
        insert.setString(4, random.chance(0.05) ? null : random.pick(COUNTRIES));
        insert.setString(5, random.pick(TIERS));
        insert.setInt(6, random.chance(0.9) ? 1 : 0);
        insert.setString(7, createdAt.substring(0, "yyyy-MM-dd".length()));
        insert.setString(8, attributes(random));
        insert.setString(9, createdAt);
        insert.setString(10, updatedAt);
    }

    @Override
    public String updateSql() {
        return "UPDATE customers SET tier = ?, is_active = ?, attributes = ?, updated_at = ? WHERE id = ?";
    }

    @Override
    public void bindUpdate(PreparedStatement update, long id, String updatedAt, DemoRandom random) throws SQLException {
        update.setString(1, random.pick(TIERS));
        update.setInt(2, random.chance(0.9) ? 1 : 0);
        update.setString(3, attributes(random));
        update.setString(4, updatedAt);
        update.setLong(5, id);
    }

    private static String attributes(DemoRandom random) {
        if (random.chance(0.1)) {
            return null;
        }
        Map<String, Object> attributes = Json.object(
                "marketing_opt_in", random.chance(0.6),
                "referrer", random.pick(REFERRERS));
        if (random.chance(0.3)) {
            attributes.put("preferred_language", random.pick(LANGUAGES));
        }
        return random.json(attributes);
    }

    /** ASCII letters of the first name ("Zoë" -> "zoe"); "customer" for names in other scripts. */
    private static String emailLocalPart(String firstName) {
        String ascii = Normalizer.normalize(firstName, Normalizer.Form.NFD)
                .replaceAll("\\p{M}", "")
                .toLowerCase(Locale.ROOT)
                .replaceAll("[^a-z]", "");
        return ascii.isEmpty() ? "customer" : ascii;
    }
}
