package io.shardlake.app.demo;

import static io.shardlake.app.demo.DemoVocabulary.BEST_TIMES;
import static io.shardlake.app.demo.DemoVocabulary.COMMENTS;
import static io.shardlake.app.demo.DemoVocabulary.DIETARY;
import static io.shardlake.app.demo.DemoVocabulary.EVENTS;
import static io.shardlake.app.demo.DemoVocabulary.FIRST_NAMES;
import static io.shardlake.app.demo.DemoVocabulary.HAZARDS;
import static io.shardlake.app.demo.DemoVocabulary.SEVERITIES;
import static io.shardlake.app.demo.DemoVocabulary.SITES;

import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * {@code form_submissions}: answers whose questions depend on the form (a survey, a safety inspection,
 * an event sign-up, a bug report), so the lake sees one JSON column with differing shapes.
 * A row's form follows from its id, so an update can rewrite the answers without reading the row.
 */
final class FormSubmissionsTable implements DemoTable {

    static final int FORMS = 4;

    private final int customers;

    /** @param customers submitter ids are drawn from {@code 1..customers} */
    FormSubmissionsTable(int customers) {
        this.customers = customers;
    }

    static long formOf(long id) {
        return (id - 1) % FORMS + 1;
    }

    @Override
    public String name() {
        return "form_submissions";
    }

    @Override
    public String insertSql() {
        return "INSERT INTO form_submissions (id, form_id, submitted_by, answers, created_at, updated_at)"
                + " VALUES (?, ?, ?, ?, ?, ?)";
    }

    @Override
    public void bindInsert(PreparedStatement insert, long id, String createdAt, String updatedAt, DemoRandom random)
            throws SQLException {
        insert.setLong(1, id);
        insert.setLong(2, formOf(id));
        insert.setLong(3, random.between(1, customers));
        insert.setString(4, answers(formOf(id), random));
        insert.setString(5, createdAt);
        insert.setString(6, updatedAt);
    }

    @Override
    public String updateSql() {
        return "UPDATE form_submissions SET answers = ?, updated_at = ? WHERE id = ?";
    }

    @Override
    public void bindUpdate(PreparedStatement update, long id, String updatedAt, DemoRandom random) throws SQLException {
        update.setString(1, answers(formOf(id), random));
        update.setString(2, updatedAt);
        update.setLong(3, id);
    }

    private static String answers(long form, DemoRandom random) {
        if (random.chance(0.02)) {
            return null; // a submission saved before any question was answered
        }
        Map<String, Object> answers = switch ((int) form) {
            case 1 -> Json.object(
                    "q_satisfaction", random.between(1, 5),
                    "q_comment", random.pick(COMMENTS),
                    "q_recommend", random.chance(0.7));
            case 2 -> Json.object(
                    "q_site", random.pick(SITES),
                    "q_hazards", someOf(HAZARDS, random),
                    "q_signed_by", random.pick(FIRST_NAMES));
            case 3 -> Json.object(
                    "q_event", random.pick(EVENTS),
                    "q_guests", random.between(0, 4),
                    "q_dietary", someOf(DIETARY, random),
                    "q_contact", Json.object("phone", "+55 11 9" + random.between(1000_0000, 9999_9999),
                            "best_time", random.pick(BEST_TIMES)));
            default -> Json.object(
                    "q_severity", random.pick(SEVERITIES),
                    "q_steps", "1. Open \"Reports\"\n2. Click Export\n3. Wait " + random.between(1, 90) + "s",
                    "q_attachments", random.between(0, 3));
        };
        return random.json(answers);
    }

    private static List<Object> someOf(List<String> values, DemoRandom random) {
        List<Object> chosen = new ArrayList<>();
        for (String value : values) {
            if (random.chance(0.3)) {
                chosen.add(value);
            }
        }
        return chosen;
    }
}
