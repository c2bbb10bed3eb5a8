package io.shardlake.app.browser;

import static io.shardlake.app.browser.BrowserSession.byTest;
import static org.assertj.core.api.Assertions.assertThat;

import io.shardlake.app.TestLogins;
import io.shardlake.app.TestServices;
import io.shardlake.connectors.testing.DuckDbLake;
import io.shardlake.connectors.testing.MySqlShards;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.security.crypto.bcrypt.BCryptPasswordEncoder;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The UI end to end in headless Chromium, as its users meet it: an anonymous visitor sees only the
 * login page; an ANALYST registers a pipeline over the MariaDB test shards through the form
 * (catalog, columns, JSON paths, schedule with its next fire times), previews it, trips over a
 * validation error that saves nothing, and saves; an OPERATOR triggers it and watches the run
 * succeed with its row counts; the ANALYST cannot backfill and a VIEWER cannot change anything;
 * the audit page shows who did what; last, the ANALYST registers a second pipeline with a derived
 * column, an explode, a dependency and retry settings from "More settings", meeting an out-of-range
 * retry count next to its field first; an operator follows a backfill and a rebuild on their pages
 * to the end. Screenshots of each page land in {@code target/screenshots/}, and the last step checks
 * that every page route of the UI's controllers has one. The steps build on each other, so they run
 * in order on one service.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@DirtiesContext
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class RegisterAndRunInBrowserTest {

    private static final String PIPELINE = "lab_orders";
    private static final List<String> USERS = List.of("analyst", "operator", "viewer");

    @RegisterExtension
    static MySqlShards shards = MySqlShards.create(2);

    @TempDir
    static Path data;

    @LocalServerPort
    int port;

    @DynamicPropertySource
    static void serviceOnTheTestShards(DynamicPropertyRegistry registry) {
        TestServices.onTestShards(registry, data, "lab", shards);
        registry.add("shardlake.warehouse.path", () -> data.resolve("warehouse").toString());
        // Cost 4 keeps logins fast; the service checks these hashes exactly as it checks real ones.
        BCryptPasswordEncoder bcrypt = new BCryptPasswordEncoder(4);
        for (int i = 0; i < USERS.size(); i++) {
            String user = USERS.get(i);
            registry.add("shardlake.security.users[" + i + "].name", () -> user);
            registry.add("shardlake.security.users[" + i + "].password", () -> "{bcrypt}" + bcrypt.encode(password(user)));
            registry.add("shardlake.security.users[" + i + "].roles", () -> user.toUpperCase());
        }
    }

    private static String password(String user) {
        return user + "-browser";
    }

    @BeforeAll
    static void ordersOnTheShards() throws Exception {
        java.nio.file.Files.createDirectories(data.resolve("definitions"));
        LabOrders.create(shards);
    }

    private BrowserSession browserAs(String user) {
        BrowserSession browser = new BrowserSession("http://localhost:" + port);
        browser.login(user, password(user));
        assertThat(browser.currentPath()).as("after login").doesNotStartWith("/login");
        browser.open("/audit");
        assertThat(browser.test("current-user").getText()).isEqualTo(user);
        return browser;
    }

    @Test
    @Order(1)
    void anAnonymousVisitorSeesOnlyTheLoginPage() throws Exception {
        try (BrowserSession browser = new BrowserSession("http://localhost:" + port)) {
            for (String page : List.of("/", "/pipelines", "/pipelines/new", "/audit", "/pipelines/" + PIPELINE, "/runs/1")) {
                browser.open(page);
                assertThat(browser.currentPath()).as(page).isEqualTo("/login");
            }
            assertThat(browser.findAll(By.cssSelector("nav a"))).as("no navigation before login").isEmpty();
            browser.screenshot("login");

            browser.login("viewer", "wrong password");
            assertThat(browser.test("login-error").isDisplayed()).isTrue();
        }
        assertThat(api("GET", "/api/pipelines", null).statusCode()).isEqualTo(401);
        assertThat(api("GET", "/actuator/health", null).statusCode()).isEqualTo(200);
    }

    @Test
    @Order(2)
    void anAnalystRegistersAPipelineThroughTheForm() {
        try (BrowserSession browser = browserAs("analyst")) {
            browser.open("/pipelines/new");
            browser.screenshot("register-start");
            browser.selectAndAwaitReload("connection", "lab");
            browser.selectAndAwaitReload("table", "orders");

            // The columns come from the shard's catalog, with their types.
            assertThat(browser.find(By.id("columns-0-name")).getAttribute("value")).isEqualTo("id");
            assertThat(browser.find(By.id("columns-0-type")).getAttribute("value")).isEqualTo("bigint");
            assertThat(browser.find(By.id("columns-2-type")).getAttribute("value")).isEqualTo("decimal(12,2)");
            browser.select("cursor", "updated_at");
            browser.select("primaryKey", "id");

            // The JSON paths are offered from a sample row: keep the customer's tier.
            WebElement tier = jsonFieldIn(browser, "$.customer.tier");
            browser.tick(tier.getAttribute("id"));

            browser.type("name", PIPELINE);
            browser.type("description", "Orders of the lab shards, with the customer's tier");
            browser.type("schedule", "*/5 * * * *");
            browser.screenshot("register-form");

            // Too often for an analyst: the error sits next to the field, and nothing is saved.
            browser.clickAndWait(By.id("save"));
            assertThat(browser.test("error-schedule").getText()).contains("15 minutes");
            assertThat(browser.test("errors").isDisplayed()).isTrue();
            browser.screenshot("register-errors");
            assertThat(api("GET", "/api/pipelines/" + PIPELINE + "/versions", "analyst").statusCode()).isEqualTo(404);

            // A daily schedule (so it never fires during the test) shows its next five fire times.
            browser.type("schedule", "0 3 * * *");
            browser.clickAndWait(By.id("refresh"));
            List<WebElement> fires = browser.findAll(By.cssSelector("#next-fires li"));
            assertThat(fires).hasSize(5);
            assertThat(fires.get(0).getText()).contains("03:00");

            // The preview runs extract and transform on a sample of one shard before anything is saved.
            browser.clickAndWait(By.id("preview"));
            assertThat(browser.findAll(By.cssSelector("#preview-rows tbody tr"))).hasSize(LabOrders.GOOD_ROWS_PER_SHARD);
            assertThat(browser.find(By.id("preview-rows")).getText()).contains("gold", "silver");
            assertThat(browser.findAll(By.cssSelector("#preview-quarantined li"))).hasSize(1);
            assertThat(browser.test("parquet-schema").getText()).contains("customer_tier", "updated_at");
            browser.screenshot("register-preview");
            assertThat(api("GET", "/api/pipelines/" + PIPELINE + "/versions", "analyst").statusCode()).isEqualTo(404);

            browser.clickAndWait(By.id("save"));
            assertThat(browser.currentPath()).isEqualTo("/pipelines/" + PIPELINE);
            assertThat(api("GET", "/api/pipelines/" + PIPELINE + "/versions", "analyst").body()).contains("\"version\":1");

            browser.open("/pipelines/" + PIPELINE + "/versions");
            assertThat(browser.findAll(byTest("version-1"))).hasSize(1);
            assertThat(browser.test("version-1").getText()).contains("analyst");
            browser.screenshot("pipeline-versions");
        }
    }

    /** The row of the JSON path offered for {@code path}: its include box. */
    private static WebElement jsonFieldIn(BrowserSession browser, String path) {
        return browser.findAll(By.cssSelector("input[type='checkbox'][id^='json-0-fields-'][id$='-include']")).stream()
                .filter(box -> box.findElement(By.xpath("./ancestor::tr")).getText().contains(path))
                .findFirst().orElseThrow(() -> new AssertionError("no JSON path " + path + " offered"));
    }

    @Test
    @Order(3)
    void anAnalystCannotBackfillOrTrigger() {
        try (BrowserSession browser = browserAs("analyst")) {
            browser.open("/pipelines/" + PIPELINE);
            assertThat(browser.findAll(byTest("backfill-form"))).isEmpty();
            assertThat(browser.findAll(byTest("trigger"))).isEmpty();

            browser.forgePost("/pipelines/" + PIPELINE + "/backfills", Map.of("from", "2026-01-01", "to", "2026-01-02"));
            assertThat(browser.test("forbidden").isDisplayed()).isTrue();
            browser.screenshot("forbidden");
        }
    }

    @Test
    @Order(4)
    void anOperatorSeesTheFirstLoadThenTriggersARunAndSeesItSucceedWithItsRowCounts() throws Exception {
        int shardCount = shards.count();
        try (BrowserSession browser = browserAs("operator")) {
            // A newly saved pipeline's first (full) load is queued by the scheduler within seconds.
            browser.open("/pipelines/" + PIPELINE);
            browser.open(awaitRunLink(browser));
            awaitText(browser, "run-state", "SUCCEEDED");
            assertThat(browser.findAll(byTest("shard-task"))).hasSize(shardCount);
            assertThat(texts(browser, "task-rows-written")).containsOnly(String.valueOf(LabOrders.GOOD_ROWS_PER_SHARD));
            assertThat(browser.test("run-rows").getText()).contains(String.valueOf(LabOrders.GOOD_ROWS_PER_SHARD * shardCount));
            browser.screenshot("run-detail");

            // Two new orders per shard, then "Trigger now": the run reads exactly those.
            for (String shard : shards.shardIds()) {
                long base = (shards.shardIds().indexOf(shard) + 1) * 1000L + 100;
                shards.execute(shard, "INSERT INTO orders (id, status, amount, payload, updated_at) VALUES"
                        + " (" + base + ", 'new', 1.00, '{\"customer\":{\"tier\":\"gold\"}}', UTC_TIMESTAMP(3) - INTERVAL 3 SECOND),"
                        + " (" + (base + 1) + ", 'new', 2.00, '{\"customer\":{\"tier\":\"gold\"}}', UTC_TIMESTAMP(3) - INTERVAL 3 SECOND)");
            }
            browser.open("/pipelines/" + PIPELINE);
            browser.clickAndWait(byTest("trigger"));
            String notice = browser.test("notice").getText();
            java.util.regex.Matcher queued = java.util.regex.Pattern.compile("Run (\\S+) queued").matcher(notice);
            assertThat(queued.find()).as(notice).isTrue();
            browser.open("/runs/" + queued.group(1));
            awaitText(browser, "run-state", "SUCCEEDED");
            assertThat(texts(browser, "task-rows-written")).containsOnly("2");
            browser.screenshot("run-triggered");

            browser.open("/pipelines/" + PIPELINE);
            assertThat(browser.findAll(byTest("grid-cell"))).hasSize(2 * shardCount);
            assertThat(browser.findAll(byTest("quarantine-row"))).hasSize(shardCount);
            browser.screenshot("pipeline-detail");

            browser.open("/pipelines");
            WebElement row = browser.find(By.cssSelector("[data-test='pipeline-row'][data-pipeline='" + PIPELINE + "']"));
            assertThat(row.findElement(byTest("last-run-state")).getText()).contains("SUCCEEDED");
            assertThat(row.findElement(byTest("last-run-rows")).getText()).contains(String.valueOf(2 * shardCount));
            browser.screenshot("pipelines");
        }
        // The lake holds exactly the parsed rows; the malformed ones are quarantined, not lost.
        assertThat(DuckDbLake.count(data.resolve("warehouse"), PIPELINE)).isEqualTo((long) (LabOrders.GOOD_ROWS_PER_SHARD + 2) * shardCount);
    }

    private static List<String> texts(BrowserSession browser, String name) {
        return browser.findAll(byTest(name)).stream().map(WebElement::getText).toList();
    }

    @Test
    @Order(5)
    void aViewerSeesEverythingAndCannotChangeAnything() {
        try (BrowserSession browser = browserAs("viewer")) {
            browser.open("/pipelines/" + PIPELINE);
            for (String control : List.of("trigger", "pause", "resume", "cancel", "backfill-form")) {
                assertThat(browser.findAll(byTest(control))).as(control).isEmpty();
            }
            assertThat(browser.findAll(byTest("grid-cell"))).isNotEmpty();

            browser.forgePost("/pipelines/" + PIPELINE + "/actions/trigger", Map.of());
            assertThat(browser.test("forbidden").isDisplayed()).isTrue();

            browser.open("/pipelines/new");
            assertThat(browser.test("forbidden").isDisplayed()).isTrue();
            assertThat(browser.findAll(By.id("save"))).isEmpty();
        }
        assertThat(api("POST", "/api/pipelines/" + PIPELINE + "/runs", "viewer").statusCode()).isEqualTo(403);
    }

    @Test
    @Order(6)
    void theAuditPageShowsWhoDidWhat() {
        try (BrowserSession browser = browserAs("viewer")) {
            browser.open("/audit");
            List<String> rows = browser.findAll(byTest("audit-row")).stream().map(WebElement::getText).toList();
            assertThat(rows).anySatisfy(r -> assertThat(r).contains("analyst", "pipeline.register", PIPELINE));
            assertThat(rows).anySatisfy(r -> assertThat(r).contains("operator", "pipeline.trigger", PIPELINE));
            assertThat(rows).anySatisfy(r -> assertThat(r).contains("viewer", "login.success"));
            assertThat(rows).noneSatisfy(r -> assertThat(r).contains("viewer", "pipeline.trigger"));
            browser.screenshot("audit");
        }
    }

    @Test
    @Order(7)
    void anAnalystRegistersDerivedColumnsAnExplodeADependencyAndRetriesThroughTheForm() throws Exception {
        String pipeline = "lab_order_items";
        try (BrowserSession browser = browserAs("analyst")) {
            browser.open("/pipelines/new");
            browser.selectAndAwaitReload("connection", "lab");
            browser.selectAndAwaitReload("table", "orders");
            browser.type("name", pipeline);
            browser.type("schedule", "0 3 * * *");

            // "More settings" come from the format's description: each list has a spare row to fill.
            browser.type("more-transform-derived-0-name", "status_upper");
            browser.type("more-transform-derived-0-expression", "upper(status)");
            browser.type("more-transform-derived-0-type", "string");
            browser.type("more-transform-json-0-column", "payload");
            browser.type("more-transform-json-0-explode-path", "$.items");
            browser.type("more-transform-json-0-explode-index_as", "item_index");
            browser.type("more-transform-json-0-explode-value_as", "item");
            browser.type("more-transform-json-0-explode-value_type", "bigint");
            browser.type("more-depends_on", PIPELINE);
            browser.type("more-runs-retries", "50");
            browser.type("more-runs-retry_backoff", "10s");
            browser.select("more-runs-catchup", "all");
            browser.screenshot("register-more-settings");

            // Out of range: the error names the field and sits next to it; nothing is saved.
            browser.clickAndWait(By.id("save"));
            WebElement error = browser.test("error-runs.retries");
            assertThat(error.getText()).contains("between 1 and 20");
            assertThat(error.findElement(By.xpath("..")).findElements(By.id("more-runs-retries"))).as("next to its input").hasSize(1);
            assertThat(browser.find(By.id("more-transform-derived-0-expression")).getAttribute("value")).as("kept").isEqualTo("upper(status)");
            browser.screenshot("register-more-settings-error");
            assertThat(api("GET", "/api/pipelines/" + pipeline + "/versions", "analyst").statusCode()).isEqualTo(404);

            browser.type("more-runs-retries", "5");
            browser.clickAndWait(By.id("save"));
            assertThat(browser.currentPath()).isEqualTo("/pipelines/" + pipeline);

            // The edit form opens on what was saved, "More settings" included.
            browser.open("/pipelines/" + pipeline + "/edit");
            assertThat(browser.find(By.id("more-transform-derived-0-expression")).getAttribute("value")).isEqualTo("upper(status)");
            assertThat(browser.find(By.id("more-runs-retries")).getAttribute("value")).isEqualTo("5");
            browser.screenshot("edit-form");
        }

        // The registered version binds to what was filled in.
        String body = api("GET", "/api/pipelines/" + pipeline + "/versions/1", "analyst").body();
        String yaml = tools.jackson.databind.json.JsonMapper.builder().build().readTree(body).path("yaml").asString();
        io.shardlake.engine.definition.PipelineDefinition d = new io.shardlake.engine.definition.DefinitionParser(java.util.Set.of("lab"))
                .parse("form", yaml);
        assertThat(d.transform().derived()).singleElement().satisfies(x -> assertThat(x.expression()).isEqualTo("upper(status)"));
        assertThat(d.transform().json()).singleElement().satisfies(j -> {
            assertThat(j.explode().path()).isEqualTo("$.items");
            assertThat(j.explode().indexAs()).isEqualTo("item_index");
        });
        assertThat(d.transform().dedupeKey()).as("the key plus the element's index").containsExactly("id", "item_index");
        assertThat(d.runs().dependsOn()).containsExactly(PIPELINE);
        assertThat(d.runs().retryAttempts()).isEqualTo(5);
        assertThat(d.runs().retryBackoff()).isEqualTo(Duration.ofSeconds(10));
        assertThat(d.runs().catchup()).isEqualTo(io.shardlake.engine.definition.RunPolicy.Catchup.ALL);
    }

    @Test
    @Order(8)
    void anOperatorFollowsABackfillOnItsPageToTheEnd() throws Exception {
        // Three rows per shard dated two days ago, written after the first load: below every watermark, so only a backfill loads them.
        for (String shard : shards.shardIds()) {
            long base = (shards.shardIds().indexOf(shard) + 1) * 1000L + 500;
            shards.execute(shard, "INSERT INTO orders (id, status, amount, payload, updated_at) VALUES"
                    + " (" + base + ", 'late', 1.00, '{\"customer\":{\"tier\":\"gold\"}}', UTC_TIMESTAMP(3) - INTERVAL 2 DAY),"
                    + " (" + (base + 1) + ", 'late', 2.00, '{\"customer\":{\"tier\":\"gold\"}}', UTC_TIMESTAMP(3) - INTERVAL 2 DAY),"
                    + " (" + (base + 2) + ", 'late', 3.00, '{\"customer\":{\"tier\":\"gold\"}}', UTC_TIMESTAMP(3) - INTERVAL 2 DAY)");
        }
        java.time.LocalDate today = java.time.LocalDate.now(java.time.ZoneOffset.UTC);
        try (BrowserSession browser = browserAs("operator")) {
            assertThat(browser.findAll(byTest("nav-register"))).as("an operator is not offered Register").isEmpty();
            browser.open("/pipelines/" + PIPELINE);
            browser.type("backfill-from", today.minusDays(2).toString());
            browser.type("backfill-to", today.toString());
            browser.type("backfill-concurrency", "2");
            browser.clickAndWait(byTest("backfill-plan-button"));
            assertThat(browser.test("plan-chunks").getText()).isEqualTo("2");
            browser.screenshot("backfill-plan");

            browser.clickAndWait(byTest("backfill-start"));
            assertThat(browser.currentPath()).startsWith("/backfills/");
            assertThat(browser.test("notice").getText()).contains("2 chunk(s) queued");
            // No reload by the test: the page refreshes itself until the backfill has ended.
            String state = awaitSelfRefreshed(browser, "backfill-state", "SUCCEEDED");
            assertThat(state).isEqualTo("SUCCEEDED");
            assertThat(texts(browser, "chunk-state")).containsExactly("SUCCEEDED", "SUCCEEDED");
            assertThat(texts(browser, "chunk-rows")).containsExactly(String.valueOf(3 * shards.count()), "0");
            assertThat(browser.test("progress-summary").getText()).isEqualTo("2 of 2 chunk(s) ended (100%)");
            assertThat(browser.findAll(byTest("auto-refresh"))).as("an ended backfill's page stays").isEmpty();
            browser.screenshot("backfill");

            browser.clickAndWait(byTest("chunk-run"));
            assertThat(browser.test("run-trigger").getText()).isEqualTo("BACKFILL");
            assertThat(browser.findAll(byTest("run-backfill"))).hasSize(1);
            browser.screenshot("run-backfill-chunk");

            // The chunks are a filter away on the pipeline page; its last run stays the triggered one.
            browser.open("/pipelines/" + PIPELINE);
            assertThat(browser.test("last-run-state").getText()).isEqualTo("SUCCEEDED");
            assertThat(browser.test("grid-description").getText()).isEqualTo("scheduled and manual");
            browser.select("runs", "backfill");
            browser.clickAndWait(byTest("run-filter-apply"));
            assertThat(browser.findAll(byTest("grid-run"))).hasSize(2);
            browser.screenshot("pipeline-backfill-chunks");
        }
        assertThat(DuckDbLake.count(data.resolve("warehouse"), PIPELINE))
                .isEqualTo((long) (LabOrders.GOOD_ROWS_PER_SHARD + 2 + 3) * shards.count());
    }

    @Test
    @Order(9)
    void everyPageWithItsChartsInTheViewersZone() {
        try (BrowserSession browser = browserAs("viewer")) {
            assertThat(browser.findAll(byTest("nav-register"))).as("a viewer is not offered Register").isEmpty();
            browser.open("/pipelines/" + PIPELINE);
            for (String chart : List.of("chart-duration", "chart-rows", "chart-freshness")) {
                WebElement figure = browser.test(chart);
                assertThat(figure.findElements(By.cssSelector("svg circle"))).as(chart).isNotEmpty();
                assertThat(figure.findElements(By.cssSelector("svg text.axis-title"))).as(chart).hasSize(2);
            }
            assertThat(browser.test("next-run").getText()).endsWith("UTC");
            browser.screenshot("pipeline-charts");

            browser.type("viewer-zone", "Asia/Tokyo");
            browser.clickAndWait(byTest("zone-set"));
            assertThat(browser.currentPath()).isEqualTo("/pipelines/" + PIPELINE);
            assertThat(browser.test("next-run").getText()).endsWith("JST");
            browser.screenshot("pipeline-tokyo");
            browser.open("/pipelines/" + PIPELINE + "/versions");
            assertThat(browser.test("version-when").getText()).as("version times too").endsWith("JST");

            browser.open("/fleet");
            assertThat(browser.test("chart-fleet").findElements(By.cssSelector("svg rect.bar.SUCCEEDED"))).hasSizeGreaterThan(1);
            browser.screenshot("fleet");

            browser.open("/pipelines/" + PIPELINE + "/reconciliations");
            assertThat(browser.findAll(byTest("no-reconcile"))).hasSize(1);
            browser.screenshot("reconciliations");

            browser.open("/audit");
            assertThat(browser.findAll(byTest("audit-detail-link"))).isNotEmpty();
            browser.screenshot("audit-links");
        }
        // The zone is the user's choice, kept with the service: another browser signed in as the viewer shows it too.
        try (BrowserSession elsewhere = browserAs("viewer")) {
            elsewhere.open("/pipelines/" + PIPELINE);
            assertThat(elsewhere.test("next-run").getText()).endsWith("JST");
        }
        try (BrowserSession operator = browserAs("operator")) {
            operator.open("/pipelines/" + PIPELINE);
            assertThat(operator.test("next-run").getText()).as("another user's pages stay in UTC").endsWith("UTC");
        }
    }

    @Test
    @Order(10)
    void anOperatorRebuildsTheTableFromTheSourceAndFollowsItToTheSwitch() throws Exception {
        try (BrowserSession browser = browserAs("operator")) {
            browser.open("/pipelines/" + PIPELINE);
            assertThat(browser.findAll(byTest("no-table-versions"))).as("never rebuilt").hasSize(1);
            browser.clickAndWait(byTest("rebuild-start"));
            assertThat(browser.currentPath()).startsWith("/rebuilds/");
            assertThat(browser.test("notice").getText()).contains("table version 2");
            // No reload by the test: the page refreshes itself until the new version is live.
            assertThat(awaitSelfRefreshed(browser, "rebuild-state", "LIVE")).isEqualTo("LIVE");
            assertThat(texts(browser, "chunk-state")).as("one REBUILD run per shard, then the switch run")
                    .containsOnly("SUCCEEDED").hasSize(shards.count() + 1);
            assertThat(browser.findAll(byTest("auto-refresh"))).as("an ended rebuild's page stays").isEmpty();
            browser.screenshot("rebuild");

            browser.open("/pipelines/" + PIPELINE);
            assertThat(browser.findAll(By.cssSelector("[data-test='table-versions'] tr[data-state]")).stream()
                    .map(row -> row.getAttribute("data-state")).toList()).containsExactlyInAnyOrder("LIVE", "RETIRED");
            assertThat(browser.findAll(By.cssSelector("[data-test='rebuilds'] a[href^='/rebuilds/']"))).hasSize(1);
            browser.screenshot("pipeline-table-versions");
        }
        // Readers see the new version: every row loaded again from the shards, none lost or doubled.
        assertThat(DuckDbLake.count(data.resolve("warehouse"), PIPELINE))
                .isEqualTo((long) (LabOrders.GOOD_ROWS_PER_SHARD + 2 + 3) * shards.count());
    }

    /** Pages no screenshot needs: a redirect, and a file download. */
    private static final Map<String, String> NOT_PAGES = Map.of(
            "/", "redirects to /pipelines",
            "/pipelines/{name}/definition.yaml", "a YAML download, not a page");

    @Test
    @Order(11)
    void everyPageOfTheUiHasAScreenshot(@org.springframework.beans.factory.annotation.Autowired
                                        @org.springframework.beans.factory.annotation.Qualifier("requestMappingHandlerMapping")
                                        org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping mappings) {
        List<org.springframework.web.util.pattern.PathPattern> pages = mappings.getHandlerMethods().entrySet().stream()
                .filter(e -> e.getValue().getBeanType().getPackageName().startsWith("io.shardlake.web"))
                .filter(e -> !e.getValue().getBeanType().isAnnotationPresent(org.springframework.web.bind.annotation.RestController.class))
                .filter(e -> e.getKey().getMethodsCondition().getMethods().contains(org.springframework.web.bind.annotation.RequestMethod.GET))
                .flatMap(e -> e.getKey().getPathPatternsCondition().getPatterns().stream())
                .filter(p -> !NOT_PAGES.containsKey(p.getPatternString()))
                .toList();
        assertThat(pages).as("the UI's GET routes").hasSizeGreaterThanOrEqualTo(12);
        for (org.springframework.web.util.pattern.PathPattern page : pages) {
            assertThat(BrowserSession.SHOT_PATHS).as("a screenshot of " + page.getPatternString())
                    .anyMatch(shot -> page.matches(org.springframework.http.server.PathContainer.parsePath(shot)));
        }
    }

    /**
     * Waits, without reloading, for the element {@code data-test=name} to read {@code expected}:
     * the page's own refresh must bring it. Answers what it read last.
     */
    private static String awaitSelfRefreshed(BrowserSession browser, String name, String expected) {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(120));
        String seen = "";
        while (Instant.now().isBefore(deadline)) {
            try {
                seen = browser.test(name).getText();
                if (seen.equals(expected)) {
                    return seen;
                }
            } catch (org.openqa.selenium.WebDriverException reloading) {
                // read between two documents: try again
            }
            pause();
        }
        return seen;
    }

    /** Reloads the pipeline page until its grid links to a run. */
    private static String awaitRunLink(BrowserSession browser) {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(60));
        while (Instant.now().isBefore(deadline)) {
            List<WebElement> links = browser.findAll(By.cssSelector("a[href*='/runs/']"));
            if (!links.isEmpty()) {
                return URI.create(links.get(0).getAttribute("href")).getPath();
            }
            pause();
            browser.open("/pipelines/" + PIPELINE);
        }
        throw new AssertionError("no run shown on the pipeline page within a minute");
    }

    /** Reloads the page until the element {@code data-test=name} reads {@code expected}. */
    private static void awaitText(BrowserSession browser, String name, String expected) {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(90));
        String path = browser.currentPath();
        String seen = "";
        while (Instant.now().isBefore(deadline)) {
            seen = browser.test(name).getText();
            if (seen.equals(expected)) {
                return;
            }
            assertThat(seen).as(name).isIn("QUEUED", "RUNNING");
            pause();
            browser.open(path);
        }
        throw new AssertionError(name + " still " + seen + " after 90 s, expected " + expected);
    }

    private static void pause() {
        try {
            Thread.sleep(500);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    private HttpResponse<String> api(String method, String path, String user) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
                .method(method, HttpRequest.BodyPublishers.noBody());
        if (user != null) {
            request.header("Authorization", TestLogins.basic(user, password(user)));
        }
        try {
            return HttpClient.newHttpClient().send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (Exception e) {
            throw new AssertionError(method + " " + path, e);
        }
    }
}
