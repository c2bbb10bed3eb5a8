package io.shardlake.engine.history;

import java.util.List;

/**
 * One page of the pipeline list.
 *
 * @param page    the page number, from 1
 * @param matched how many pipelines match the search and filter over all pages
 */
public record OverviewPage(List<PipelineSummary> rows, int page, int pageSize, int matched) {

    public OverviewPage {
        rows = List.copyOf(rows);
    }

    public boolean hasNext() {
        return (long) page * pageSize < matched;
    }

    public int pages() {
        return Math.max(1, (matched + pageSize - 1) / pageSize);
    }
}
