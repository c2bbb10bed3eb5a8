package io.shardlake.web.ui;

import static org.assertj.core.api.Assertions.assertThat;

import io.shardlake.engine.backfill.BackfillState;
import io.shardlake.engine.coordinator.BackfillOperations;
import io.shardlake.engine.coordinator.RebuildOperations;
import io.shardlake.engine.rebuild.Rebuild;
import io.shardlake.engine.rebuild.RebuildState;
import io.shardlake.web.testing.Browser;
import io.shardlake.web.testing.SharedServiceTest;
import io.shardlake.web.testing.TestUsers;
import java.net.http.HttpResponse;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * Rebuilds on the pages: the pipeline page's "Table versions" section offers a rebuild to
 * operators only; starting one leads to its page, which follows its shards and acts on it; the
 * rebuild is listed on the pipeline page. (Rebuilds end to end: {@code RebuildIntegrationTest}.)
 */
class RebuildPagesTest extends SharedServiceTest {

    @Autowired
    RebuildOperations rebuilds;

    @Autowired
    BackfillOperations backfills;

    @Test
    void anOperatorStartsARebuildFromThePipelinePageAndFollowsPausesAndCancelsItOnItsPage() {
        // a rebuild waits for the pipeline's backfills: other tests of the shared service may have left one
        backfills.list("customers", 500).stream().filter(b -> b.state() == BackfillState.ACTIVE || b.state() == BackfillState.PAUSED)
                .forEach(b -> backfills.cancel(b.id(), "test"));
        rebuilds.list("customers", 500).stream().filter(r -> r.state() == RebuildState.ACTIVE || r.state() == RebuildState.PAUSED)
                .forEach(r -> rebuilds.cancel(r.id(), "test"));

        String asViewer = Browser.loggedIn(port, TestUsers.VIEWER).get("/pipelines/customers").body();
        assertThat(asViewer).contains("Table versions").contains("data-test=\"no-table-versions\"")
                .doesNotContain("data-test=\"rebuild-start\"");

        Browser operator = Browser.loggedIn(port, TestUsers.OPERATOR);
        assertThat(operator.get("/pipelines/customers").body()).contains("data-test=\"rebuild-start\"");
        HttpResponse<String> started = operator.post("/pipelines/customers/rebuilds", Map.of());
        assertThat(started.statusCode()).isEqualTo(302);
        String location = started.headers().firstValue("Location").orElseThrow();
        assertThat(location).contains("/rebuilds/");
        String id = location.substring(location.lastIndexOf('/') + 1);

        String page = operator.get("/rebuilds/" + id).body();
        assertThat(page).contains("data-test=\"rebuild-state\">ACTIVE").contains("data-test=\"progress\"")
                .contains("http-equiv=\"refresh\"").contains("data-test=\"rebuild-pause\"");
        assertThat(page.split("data-test=\"chunk\"", -1)).as("one line per shard").hasSize(3);

        operator.post("/rebuilds/" + id + "/pause", Map.of());
        assertThat(operator.get("/rebuilds/" + id).body()).contains("data-test=\"rebuild-state\">PAUSED")
                .contains("data-test=\"rebuild-resume\"");
        operator.post("/rebuilds/" + id + "/cancel", Map.of());
        assertThat(rebuilds.progress(id).rebuild().state()).isEqualTo(RebuildState.CANCELLED);
        assertThat(Browser.loggedIn(port, TestUsers.VIEWER).get("/rebuilds/" + id).body())
                .contains("data-test=\"rebuild-state\">CANCELLED").doesNotContain("data-test=\"rebuild-actions\"");
        assertThat(operator.get("/pipelines/customers").body()).contains("href=\"/rebuilds/" + id + "\"")
                .contains("data-test=\"table-versions\"");
    }

    @Test
    void aViewerCannotStartARebuildAndAnUnknownRebuildIsNotFound() {
        Browser viewer = Browser.loggedIn(port, TestUsers.VIEWER);
        viewer.get("/pipelines/customers");
        assertThat(viewer.post("/pipelines/customers/rebuilds", Map.of()).statusCode()).isEqualTo(403);
        assertThat(viewer.get("/rebuilds/no-such-rebuild").statusCode()).isEqualTo(404);
        assertThat(rebuilds.list("customers", 500).stream().map(Rebuild::state)).doesNotContain(RebuildState.ACTIVE);
    }
}
