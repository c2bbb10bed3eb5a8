package io.shardlake.web.ui;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class AuditLinksTest {

    private static final String RUN = "6f0c1d2e-0000-4000-8000-000000000001";
    private static final String BACKFILL = "0b1e2c3d-0000-4000-8000-000000000002";

    @Test
    void runAndBackfillIdsLinkToTheirPagesAndTheRestStaysText() {
        List<AuditPageController.Part> parts = AuditPageController.Part.split("run " + RUN + " retries shard02 of backfill " + BACKFILL + ".",
                null);

        assertThat(parts).containsExactly(new AuditPageController.Part("run ", null), new AuditPageController.Part(RUN, "/runs/" + RUN),
                new AuditPageController.Part(" retries shard02 of backfill ", null),
                new AuditPageController.Part(BACKFILL, "/backfills/" + BACKFILL), new AuditPageController.Part(".", null));
    }

    @Test
    void aVersionLinksToWhatItChangedOnlyForAPipelineAndNothingElseLooksLikeAnId() {
        assertThat(AuditPageController.Part.split("version 3", "/pipelines/orders/versions")).containsExactly(
                new AuditPageController.Part("version ", null), new AuditPageController.Part("3", "/pipelines/orders/versions?from=2&to=3"),
                new AuditPageController.Part("", null));
        assertThat(AuditPageController.Part.split("version 3", null)).containsExactly(new AuditPageController.Part("version 3", null));
        assertThat(AuditPageController.Part.split("run 12 and version 99999999999", "/v")).extracting(AuditPageController.Part::href)
                .containsOnlyNulls();
    }
}
