package io.shardlake.engine.alert;

import io.shardlake.engine.schedule.DataInterval;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import tools.jackson.databind.json.JsonMapper;

/**
 * The message POSTed to a webhook when an incident opens (README "Alerts" shows the JSON).
 *
 * @param runId     the failed run (null for a freshness breach)
 * @param interval  the failed run's data interval (null for a freshness breach or a run without one)
 * @param reason    the run's error, or why freshness is breached
 * @param freshness the pipeline's freshness when the alert was made, null before its first commit
 * @param threshold the freshness threshold breached (null for a run failure)
 */
public record Alert(String pipeline, AlertKind kind, String runId, DataInterval interval, String reason, Duration freshness,
                    Duration threshold, Instant at) {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    public String toJson() {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("pipeline", pipeline);
        body.put("kind", kind.code());
        body.put("run_id", runId);
        if (interval == null) {
            body.put("interval", null);
        } else {
            Map<String, Object> span = new LinkedHashMap<>();
            span.put("start", interval.start().toString());
            span.put("end", interval.end().toString());
            body.put("interval", span);
        }
        body.put("reason", reason);
        body.put("freshness_seconds", freshness == null ? null : freshness.toSeconds());
        body.put("threshold_seconds", threshold == null ? null : threshold.toSeconds());
        body.put("time", at.toString());
        // Chat webhooks (Slack, Mattermost, Google Chat) show "text" as the message.
        body.put("text", text());
        return JSON.writeValueAsString(body);
    }

    /** One line for people. */
    public String text() {
        return switch (kind) {
            case RUN_FAILED -> "shardlake: run " + runId + " of pipeline " + pipeline + (interval == null ? "" : " for " + interval)
                    + " failed: " + reason;
            case FRESHNESS_BREACH -> "shardlake: pipeline " + pipeline + " is stale: " + reason;
            case RECONCILIATION_FAILED -> "shardlake: reconciliation " + runId + " of pipeline " + pipeline + " failed: " + reason;
        };
    }
}
