package io.shardlake.connectors.redshift;

import io.shardlake.connectors.objectstore.ObjectStore;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The COPY manifest of a run's files: exactly these objects, each mandatory (a missing file fails
 * the COPY instead of loading less), each with its {@code content_length}, which Redshift requires
 * for Parquet. It lives under {@value #ROOT}, outside every table folder; Hive-style readers skip
 * names starting with {@code _}.
 */
final class RedshiftManifest {

    static final String ROOT = "_redshift_manifests";
    private static final Pattern RUN_ID = Pattern.compile("[A-Za-z0-9._-]{1,100}");

    private RedshiftManifest() {
    }

    /** {@code _redshift_manifests/<table>/<runId>.manifest}. */
    static String key(String table, String runId) {
        return ROOT + "/" + table + "/" + requireRunId(runId) + ".manifest";
    }

    /** A run id fit for an object key: what the engine's run ids (UUIDs) are. */
    static String requireRunId(String runId) {
        if (runId == null || !RUN_ID.matcher(runId).matches()) {
            throw new IllegalArgumentException("run id '" + runId + "' may hold only 1-100 letters, digits, '.', '_' and '-'");
        }
        return runId;
    }

    /**
     * The manifest's JSON.
     *
     * @throws IllegalArgumentException when a file is not on S3: Redshift reads only {@code s3://} URLs
     */
    static String json(ObjectStore lake, List<LakeFile> files) {
        StringBuilder json = new StringBuilder("{\"entries\":[");
        for (int i = 0; i < files.size(); i++) {
            LakeFile file = files.get(i);
            json.append(i == 0 ? "" : ",").append("{\"url\":\"").append(escape(s3Uri(lake, file.key())))
                    .append("\",\"mandatory\":true,\"meta\":{\"content_length\":").append(file.bytes()).append("}}");
        }
        return json.append("]}").toString();
    }

    static String s3Uri(ObjectStore lake, String key) {
        String uri = lake.uri(key);
        if (!uri.startsWith("s3://")) {
            throw new IllegalArgumentException("COPY mode needs the lake on S3, but " + key + " is at " + uri
                    + "; set shardlake.redshift.mode=BATCHED_INSERT for a local lake");
        }
        return uri;
    }

    private static String escape(String text) {
        StringBuilder out = new StringBuilder(text.length());
        for (char c : text.toCharArray()) {
            if (c == '"' || c == '\\') {
                out.append('\\').append(c);
            } else if (c < 0x20) {
                out.append(String.format("\\u%04x", (int) c));
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }
}
