package io.shardlake.web.ui;

import io.shardlake.web.testing.Browser;
import io.shardlake.web.testing.TestUsers;
import org.junit.jupiter.api.BeforeEach;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

/** The registration page over HTTP, step by step as a browser without JavaScript posts it. */
@SpringBootTest(classes = io.shardlake.web.api.ApiTestApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class RegistrationPageTest {

    @LocalServerPort
    int port;

    /** Registration is the analyst's job: an ANALYST's session, whose form posts carry the CSRF token. */
    private Browser browser;

    @BeforeEach
    void logIn() {
        browser = Browser.loggedIn(port, TestUsers.ANALYST);
    }

    private HttpResponse<String> get(String path) {
        return browser.get(path);
    }

    private HttpResponse<String> post(String path, List<String[]> form) {
        Map<String, String> fields = new LinkedHashMap<>();
        form.forEach(p -> {
            if (fields.put(p[0], p[1]) != null) {
                throw new IllegalArgumentException("field " + p[0] + " twice: the test browser posts each name once");
            }
        });
        return browser.post(path, fields);
    }

    /** The orders form as a user fills it after picking the table: four columns kept, one JSON path ticked. */
    private static List<String[]> ordersForm(String name, String schedule, String compression) {
        Map<String, String> f = new LinkedHashMap<>();
        f.put("connection", "shop");
        f.put("table", "orders");
        f.put("loadedTable", "orders");
        String[][] columns = {{"id", "order_id", "bigint"}, {"status", "status", "string"}, {"amount", "amount", "decimal(12,2)"},
                {"payload", "payload", "string"}, {"updated_at", "updated_at", "timestamp"}};
        List<String[]> out = new ArrayList<>();
        f.forEach((k, v) -> out.add(new String[] {k, v}));
        for (int i = 0; i < columns.length; i++) {
            out.add(new String[] {"columns[" + i + "].source", columns[i][0]});
            out.add(new String[] {"columns[" + i + "].name", columns[i][1]});
            out.add(new String[] {"columns[" + i + "].type", columns[i][2]});
            out.add(new String[] {"_columns[" + i + "].include", "on"});
            if (i != 3) {
                out.add(new String[] {"columns[" + i + "].include", "true"});
            }
        }
        out.add(new String[] {"cursor", "updated_at"});
        out.add(new String[] {"primaryKey", "id"});
        out.add(new String[] {"json[0].column", "payload"});
        out.add(new String[] {"json[0].fields[0].path", "$.customer.tier"});
        out.add(new String[] {"json[0].fields[0].name", "customer_tier"});
        out.add(new String[] {"json[0].fields[0].type", "string"});
        out.add(new String[] {"json[0].fields[0].include", "true"});
        out.add(new String[] {"_json[0].fields[0].include", "on"});
        out.add(new String[] {"json[0].fields[1].path", "$.items"});
        out.add(new String[] {"json[0].fields[1].name", "items"});
        out.add(new String[] {"json[0].fields[1].type", "int"});
        out.add(new String[] {"json[0].fields[1].function", "length"});
        out.add(new String[] {"_json[0].fields[1].include", "on"});
        out.add(new String[] {"name", name});
        out.add(new String[] {"partitionGranularity", "day"});
        out.add(new String[] {"schedule", schedule});
        out.add(new String[] {"scheduleZone", "UTC"});
        out.add(new String[] {"compression", compression});
        out.add(new String[] {"comment", "from the page"});
        return out;
    }

    @Test
    void theFormOffersConnectionsThenTablesThenColumnsAndJsonPathsByRoundTrips() throws Exception {
        HttpResponse<String> empty = get("/pipelines/new");
        assertThat(empty.statusCode()).isEqualTo(200);
        assertThat(empty.body()).contains("id=\"connection\"", "<option value=\"orders\">orders</option>", "src=\"/js/register.js\"")
                .doesNotContain("<script>", "style=");

        HttpResponse<String> picked = post("/register/refresh", List.of(new String[] {"connection", "shop"}, new String[] {"table", "orders"}));
        assertThat(picked.statusCode()).isEqualTo(200);
        assertThat(picked.body()).contains("id=\"columns-0-include\"", "id=\"columns-2-type\"", "value=\"decimal(12,2)\"",
                "id=\"json-0-fields-0-include\"", "$.customer.tier", "id=\"next-fires\"");
        assertThat(picked.body()).contains("<option value=\"id\" selected=\"selected\">id</option>");
        assertThat(picked.body().split("<li>20").length - 1).as("five fire times").isEqualTo(5);
    }

    @Test
    void anInvalidSaveShowsErrorsNextToTheFieldsAndSavesNothing() throws Exception {
        HttpResponse<String> refused = post("/register/save", ordersForm("orders page", "*/5 * * * *", "lz4"));

        assertThat(refused.statusCode()).isEqualTo(200);
        assertThat(refused.body()).contains("data-test=\"error-schedule\"", "data-test=\"error-name\"", "data-test=\"error-compression\"",
                "Nothing was saved.");
        assertThat(get("/pipelines/orders%20page/versions").statusCode()).isEqualTo(404);
    }

    @Test
    void previewShowsRowsAndTheParquetSchema() throws Exception {
        HttpResponse<String> preview = post("/register/preview", ordersForm("", "", "snappy"));

        assertThat(preview.statusCode()).isEqualTo(200);
        assertThat(preview.body()).contains("data-test=\"parquet-schema\"", "optional binary customer_tier (STRING);", "dt=2026-03-05",
                "malformed JSON");
    }

    @Test
    void saveRedirectsToThePipelineThenEditAndVersionsFollow() throws Exception {
        HttpResponse<String> saved = post("/register/save", ordersForm("orders_page", "*/15 * * * *", "snappy"));
        assertThat(saved.statusCode()).isEqualTo(302);
        assertThat(saved.headers().firstValue("Location").orElse("")).endsWith("/pipelines/orders_page");

        HttpResponse<String> edit = get("/pipelines/orders_page/edit");
        assertThat(edit.statusCode()).isEqualTo(200);
        assertThat(edit.body()).contains("Edit orders_page (version 1)", "id=\"name\"", "readonly", "value=\"customer_tier\"");

        List<String[]> changed = new ArrayList<>(ordersForm("orders_page", "0 * * * *", "zstd"));
        changed.add(new String[] {"editing", "orders_page"});
        changed.add(new String[] {"baseVersion", "1"});
        changed.add(new String[] {"redshift", "true"});
        changed.add(new String[] {"_redshift", "on"});
        HttpResponse<String> again = post("/register/save", changed);
        assertThat(again.statusCode()).isEqualTo(302);
        assertThat(get("/pipelines/orders_page/edit").body()).as("the edit form shows the opt-in").containsPattern("id=\"redshift\"[^>]*checked");

        HttpResponse<String> versions = get("/pipelines/orders_page/versions");
        assertThat(versions.statusCode()).isEqualTo(200);
        assertThat(versions.body()).contains("data-test=\"version-1\"", "data-test=\"version-2\"", "from the page",
                "-  compression: snappy", "+  compression: zstd", "+  redshift: true", "id=\"download-yaml\"");
        HttpResponse<String> yaml = get("/pipelines/orders_page/definition.yaml");
        assertThat(yaml.headers().firstValue("Content-Disposition").orElse("")).contains("orders_page.yaml");
        assertThat(yaml.body()).startsWith("# orders_page.yaml: registered pipeline orders_page, version 2");
        assertThat(get("/pipelines/orders/edit").statusCode()).as("a file's pipeline is edited as a file").isEqualTo(404);
    }

    @Test
    void moreSettingsOfferEveryOtherKeyAndTheirErrorsSitNextToTheRowTheUserFilled() throws Exception {
        HttpResponse<String> empty = get("/pipelines/new");
        assertThat(empty.body()).as("fields from the format's description, a spare row per list").contains(
                "name=\"more[runs.retries]\"", "name=\"more[transform.derived.0.expression]\"", "name=\"more[depends_on]\"",
                "name=\"more[transform.json.0.explode.path]\"", "name=\"more[source.joins.0.aggregates.0.function]\"",
                "name=\"more[alerts.webhook]\"", "name=\"more[source.reconcile.window]\"")
                .doesNotContain("name=\"more[source.table]\"");

        List<String[]> form = new ArrayList<>(ordersForm("orders_more", "*/15 * * * *", "snappy"));
        form.add(new String[] {"more[runs.retries]", "50"});
        form.add(new String[] {"more[transform.derived.0.name]", ""});
        form.add(new String[] {"more[transform.derived.1.name]", "order_date"});
        form.add(new String[] {"more[transform.derived.1.expression]", "date(updated_at)"});
        form.add(new String[] {"more[transform.derived.1.type]", "dat"});
        form.add(new String[] {"more[transform.json.2.column]", "paylod"});
        form.add(new String[] {"more[transform.json.2.explode.path]", "$.items"});
        HttpResponse<String> refused = post("/register/save", form);
        assertThat(refused.statusCode()).isEqualTo(200);
        assertThat(refused.body()).contains("data-test=\"error-runs.retries\"", "must be between 1 and 20",
                "data-test=\"error-transform.derived[1].type\"", "Nothing was saved.",
                "data-test=\"error-transform.json[2].column\"", "&#39;paylod&#39; is not a column of orders");

        form.removeIf(f -> f[0].equals("more[runs.retries]") || f[0].equals("more[transform.derived.1.type]")
                || f[0].startsWith("more[transform.json"));
        form.add(new String[] {"more[runs.retries]", "5"});
        form.add(new String[] {"more[transform.derived.1.type]", "date"});
        form.add(new String[] {"more[depends_on]", "customers"});
        form.add(new String[] {"dedupeKey", "order_id"});
        assertThat(post("/register/save", form).statusCode()).isEqualTo(302);

        HttpResponse<String> yaml = get("/pipelines/orders_more/definition.yaml");
        assertThat(yaml.body()).contains("dedupe_key: [order_id]", "- name: order_date", "depends_on:\n  - customers", "runs:\n  retries: 5");
        assertThat(get("/pipelines/orders_more/edit").body()).as("the edit form shows them again, then a spare row")
                .contains("value=\"order_date\"", "value=\"customers\"", "id=\"more-runs-retries\"", "id=\"more-transform-derived-1-name\"");
        assertThat(post("/register/refresh", List.<String[]>of(new String[] {"more[transform.derived.0.name]", ""})).body())
                .as("a spare row posted blank stays the spare row").contains("id=\"more-transform-derived-0-name\"")
                .doesNotContain("id=\"more-transform-derived-1-name\"");
    }
}
