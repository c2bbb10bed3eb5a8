package io.shardlake.app.observability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.shardlake.engine.run.RunState;
import io.shardlake.engine.run.ShardRunState;
import io.shardlake.engine.run.TriggerKind;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.dataformat.yaml.YAMLMapper;

/**
 * The alerting rules and the Grafana dashboard under {@code deploy/monitoring/} stay true to what
 * the service exports: every metric and label they name exists under its Prometheus name, the
 * rules file has the shape Prometheus loads, and every dashboard panel has a data source, a query
 * and a unit.
 */
class MonitoringFilesTest {

    private static final Path FOLDER = Path.of("../../deploy/monitoring");
    private static final ExportedMetrics EXPORTED = ExportedMetrics.afterRuns();
    private static final Set<String> RULE_KEYS = Set.of("alert", "expr", "for", "keep_firing_for", "labels", "annotations");
    private static final Set<String> SEVERITIES = Set.of("critical", "warning", "info");
    private static final Pattern DURATION = Pattern.compile("(\\d+(ms|[smhdwy]))+");
    private static final Pattern LABEL_VALUES = Pattern.compile("label_values\\(\\s*(\\w+)\\s*,\\s*(\\w+)\\s*\\)");
    // Label values the service writes from enums: a misspelt state matches nothing, silently.
    private static final Map<String, Set<String>> ENUM_LABELS = Map.of(
            "state", lowerNames(Stream.concat(Stream.of(RunState.values()), Stream.of(ShardRunState.values()))),
            "trigger", lowerNames(Stream.of(TriggerKind.values())));

    @Test
    void theAlertingRulesAreRuleGroupsPrometheusLoads() throws Exception {
        JsonNode groups = new YAMLMapper().readTree(FOLDER.resolve("shardlake-alerts.yml").toFile()).path("groups");
        assertThat(groups.isArray() && !groups.isEmpty()).as("a non-empty 'groups' list").isTrue();
        Set<String> groupNames = new HashSet<>();
        Set<String> alerts = new HashSet<>();
        for (JsonNode group : groups) {
            assertThat(group.propertyNames()).as("group keys").isSubsetOf("name", "interval", "limit", "rules");
            assertThat(groupNames.add(group.path("name").asString(""))).as("unique group name %s", group.path("name")).isTrue();
            assertThat(group.path("rules").isArray() && !group.path("rules").isEmpty()).as("rules of %s", group.path("name")).isTrue();
            for (JsonNode rule : group.path("rules")) {
                String alert = rule.path("alert").asString("");
                assertThat(alert).as("alert name").matches("[A-Z][A-Za-z0-9]+");
                assertThat(alerts.add(alert)).as("unique alert %s", alert).isTrue();
                assertThat(rule.propertyNames()).as("keys of %s", alert).isSubsetOf(RULE_KEYS);
                assertThat(rule.path("for").asString("")).as("'for' of %s", alert).matches(DURATION);
                assertThat(rule.path("labels").path("severity").asString("")).as("severity of %s", alert).isIn(SEVERITIES);
                assertThat(rule.path("annotations").path("summary").asString("")).as("summary of %s", alert).isNotBlank();
                assertThat(rule.path("annotations").path("description").asString("")).as("description of %s", alert).isNotBlank();
                assertThat(problems(rule.path("expr").asString(""))).as("expr of %s", alert).isEmpty();
            }
        }
    }

    @Test
    void everyDashboardPanelHasADataSourceAQueryOnExportedMetricsAndAUnit() throws Exception {
        JsonNode dashboard = JsonMapper.builder().build().readTree(FOLDER.resolve("shardlake-dashboard.json").toFile());
        assertThat(dashboard.path("title").asString("")).isNotBlank();
        Set<Integer> ids = new HashSet<>();
        Set<String> charted = new TreeSet<>();
        for (JsonNode panel : dashboard.path("panels")) {
            String title = panel.path("title").asString("");
            assertThat(ids.add(panel.path("id").asInt())).as("unique id of %s", title).isTrue();
            if (panel.path("type").asString("").equals("row")) {
                continue;
            }
            assertThat(panel.path("datasource").path("type").asString("")).as("data source of %s", title).isEqualTo("prometheus");
            assertThat(panel.path("fieldConfig").path("defaults").path("unit").asString("")).as("unit of %s", title).isNotBlank();
            assertThat(panel.path("targets").isArray() && !panel.path("targets").isEmpty()).as("targets of %s", title).isTrue();
            for (JsonNode target : panel.path("targets")) {
                String expr = grafanaVariablesFilledIn(target.path("expr").asString(""));
                assertThat(problems(expr)).as("query of %s: %s", title, expr).isEmpty();
                PromQlReferences.of(expr).selectors().forEach(s -> charted.add(family(s.metric())));
            }
        }
        for (JsonNode variable : dashboard.path("templating").path("list")) {
            String query = variable.path("query").path("query").asString(variable.path("query").asString(""));
            Matcher m = LABEL_VALUES.matcher(query);
            if (m.matches()) {
                assertThat(EXPORTED.labelsBySample().getOrDefault(m.group(1), Set.of())).as("variable %s", variable.path("name"))
                        .contains(m.group(2));
            }
        }
        Set<String> families = new TreeSet<>();
        EXPORTED.names().stream().filter(n -> n.startsWith("shardlake_")).map(MonitoringFilesTest::family).forEach(families::add);
        assertThat(charted).as("every metric of the service is on the dashboard").containsAll(families);
    }

    @Test
    void aReferenceToAMetricOrLabelTheServiceDoesNotExportIsAProblem() {
        assertThat(problems("sum by (pipeline) (increase(shardlake_runs_total{state=\"failed\"}[1h])) > 0")).isEmpty();
        assertThat(problems("increase(shardlake_run_total[1h]) > 0")).singleElement().asString().contains("shardlake_run_total");
        assertThat(problems("shardlake_freshness_seconds{shard=\"shard01\"} > 60")).singleElement().asString().contains("shard");
        assertThat(problems("sum by (node) (shardlake_freshness_seconds)")).singleElement().asString().contains("node");
        assertThat(problems("shardlake_runs_total{state=~\"failed|faild\"}")).singleElement().asString().contains("faild");
        assertThat(problems("shardlake_runs_total{trigger=\"cron\"}")).singleElement().asString().contains("cron");
        assertThatThrownBy(() -> PromQlReferences.of("sum(rate(shardlake_runs_total[5m])")).hasMessageContaining("without ')'");
        assertThatThrownBy(() -> PromQlReferences.of("rates(shardlake_runs_total[5m])")).hasMessageContaining("unknown function rates");
    }

    /** What in {@code expr} the service does not export, or why it cannot be read; empty if all is well. */
    private static List<String> problems(String expr) {
        PromQlReferences refs;
        try {
            refs = PromQlReferences.of(expr);
        } catch (IllegalArgumentException e) {
            return List.of(e.getMessage());
        }
        List<String> problems = new ArrayList<>();
        Set<String> labelsOfTheMetrics = new HashSet<>();
        for (PromQlReferences.Selector s : refs.selectors()) {
            Set<String> labels = EXPORTED.labelsBySample().get(s.metric());
            if (labels == null) {
                problems.add("no metric " + s.metric() + " is exported; there are " + EXPORTED.names());
                continue;
            }
            labelsOfTheMetrics.addAll(labels);
            for (PromQlReferences.Matcher m : s.matchers()) {
                if (!labels.contains(m.label())) {
                    problems.add(s.metric() + " has no label " + m.label() + "; it has " + labels);
                } else if (ENUM_LABELS.containsKey(m.label())) {
                    m.values().stream().filter(v -> !ENUM_LABELS.get(m.label()).contains(v))
                            .forEach(v -> problems.add(m.label() + " is never " + v + "; it is one of " + ENUM_LABELS.get(m.label())));
                }
            }
        }
        refs.groupingLabels().stream().filter(l -> !labelsOfTheMetrics.isEmpty() && !labelsOfTheMetrics.contains(l))
                .forEach(l -> problems.add("grouping by " + l + ", a label none of its metrics has"));
        return problems;
    }

    /** Grafana's variables as a query sent to Prometheus would have them. */
    private static String grafanaVariablesFilledIn(String expr) {
        return expr.replace("$__rate_interval", "5m").replace("$__range", "1d").replace("$__interval", "1m")
                .replace("$pipeline", ".*");
    }

    /** The metric a sample belongs to: {@code x_seconds_count}, {@code _sum} and {@code _max} are x_seconds. */
    private static String family(String sample) {
        return sample.replaceAll("_(total|count|sum|max|bucket)$", "");
    }

    private static Set<String> lowerNames(Stream<? extends Enum<?>> values) {
        Set<String> names = new TreeSet<>();
        values.forEach(v -> names.add(v.name().toLowerCase(Locale.ROOT)));
        return names;
    }
}
