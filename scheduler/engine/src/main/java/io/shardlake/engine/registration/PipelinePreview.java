package io.shardlake.engine.registration;

import io.shardlake.connectors.parquet.ParquetSchemas;
import io.shardlake.connectors.source.SourceCatalog;
import io.shardlake.engine.definition.PipelineDefinition;
import io.shardlake.engine.run.PipelinePlan;
import io.shardlake.transforms.RowSink;
import io.shardlake.transforms.TransformContext;
import java.math.BigDecimal;
import java.sql.SQLException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Runs a definition's extract and transform on a few recent rows of one shard, entirely in
 * memory: the same plan (query, transform, partitioning, dedupe) a run compiles, the rows read as
 * a run reads them, and the Parquet schema the writer would write. Nothing is written to the lake,
 * the metadata database or any watermark.
 */
public final class PipelinePreview {

    public static final int DEFAULT_ROWS = 20;
    public static final int MAX_ROWS = 100;
    static final String RUN_ID = "preview";

    private final SourceCatalogs catalogs;
    private final Clock clock;

    public PipelinePreview(SourceCatalogs catalogs, Clock clock) {
        this.catalogs = catalogs;
        this.clock = clock;
    }

    /** @param rows how many source rows to sample, capped at {@link #MAX_ROWS} */
    public PreviewResult run(PipelineDefinition definition, int rows) throws SQLException {
        PipelinePlan plan = PipelinePlan.of(definition);
        String connection = definition.source().connection();
        String shard = catalogs.sampleShardId(connection);
        SourceCatalog catalog = catalogs.catalog(connection);
        List<Object[]> sample = catalog.sample(plan.query(), Math.max(1, Math.min(rows, MAX_ROWS)));

        List<String> sourceColumns = plan.query().selectColumns();
        TransformContext context = new TransformContext(shard, clock.instant(), RUN_ID);
        Collector collector = new Collector(plan, sourceColumns);
        for (Object[] source : sample) {
            collector.current = source;
            plan.transform().apply(source, context, collector);
        }
        List<Object[]> output = plan.deduplicator() == null ? collector.rows : plan.deduplicator().dedupe(collector.rows);
        List<List<String>> texts = new ArrayList<>();
        List<String> partitions = new ArrayList<>();
        for (Object[] row : output) {
            String folder = plan.partitioner().folderOf(row);
            if (folder == null) {
                collector.quarantined.add(new PreviewResult.QuarantinedRow("partition column " + plan.partitioner().column() + " is null",
                        Map.of()));
                continue;
            }
            List<String> values = new ArrayList<>();
            for (Object v : row) {
                values.add(text(v));
            }
            texts.add(values);
            partitions.add(folder);
        }
        List<PreviewResult.OutputColumn> columns = plan.transform().outputSchema().columns().stream()
                .map(c -> new PreviewResult.OutputColumn(c.name(), c.type().toString())).toList();
        return new PreviewResult(shard, sample.size(), columns, texts, partitions, collector.quarantined,
                ParquetSchemas.messageType(plan.transform().outputSchema()).toString());
    }

    /** Output rows and quarantined rows of the sample, as a run's router would see them. */
    private static final class Collector implements RowSink {
        private final PipelinePlan plan;
        private final List<String> sourceColumns;
        private final List<Object[]> rows = new ArrayList<>();
        private final List<PreviewResult.QuarantinedRow> quarantined = new ArrayList<>();
        private Object[] current;

        Collector(PipelinePlan plan, List<String> sourceColumns) {
            this.plan = plan;
            this.sourceColumns = sourceColumns;
        }

        @Override
        public void row(Object[] values) {
            String refusal = plan.sinkRefusal(values);
            if (refusal != null) {
                quarantine(refusal);
                return;
            }
            rows.add(values.clone());
        }

        @Override
        public void quarantine(String reason) {
            Map<String, String> source = new LinkedHashMap<>();
            for (int i = 0; i < sourceColumns.size() && i < current.length; i++) {
                source.put(sourceColumns.get(i), text(current[i]));
            }
            quarantined.add(new PreviewResult.QuarantinedRow(reason, source));
        }
    }

    static String text(Object v) {
        if (v == null) {
            return null;
        }
        if (v instanceof BigDecimal d) {
            return d.toPlainString();
        }
        if (v instanceof byte[] b) {
            return "0x" + HexFormat.of().formatHex(b);
        }
        return v.toString();
    }
}
