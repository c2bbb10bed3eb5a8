package io.shardlake.app.schedule;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.shardlake.engine.metadata.MetadataDialect;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Queue;
import java.util.Set;
import java.util.TimeZone;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.stream.Collectors;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.quartz.CronScheduleBuilder;
import org.quartz.CronTrigger;
import org.quartz.Job;
import org.quartz.JobBuilder;
import org.quartz.JobDetail;
import org.quartz.JobExecutionContext;
import org.quartz.JobKey;
import org.quartz.Scheduler;
import org.quartz.SchedulerException;
import org.quartz.SimpleScheduleBuilder;
import org.quartz.Trigger;
import org.quartz.TriggerBuilder;
import org.quartz.TriggerKey;
import org.quartz.impl.SchedulerRepository;
import org.quartz.impl.StdSchedulerFactory;
import org.quartz.impl.jdbcjobstore.JobStoreTX;
import org.quartz.utils.ConnectionProvider;
import org.quartz.utils.DBConnectionManager;

/**
 * Quartz's clustered JDBC job store on the tables of the production migration
 * {@code V3__quartz_tables.sql}, migrated with the production placeholders and run with the driver
 * delegate {@link MetadataDialect#quartzDriverDelegateClass()} names for the database.
 */
abstract class QuartzTablesContract {

    private static final List<String> TABLES = List.of("QRTZ_JOB_DETAILS", "QRTZ_TRIGGERS", "QRTZ_SIMPLE_TRIGGERS",
            "QRTZ_CRON_TRIGGERS", "QRTZ_SIMPROP_TRIGGERS", "QRTZ_BLOB_TRIGGERS", "QRTZ_CALENDARS",
            "QRTZ_PAUSED_TRIGGER_GRPS", "QRTZ_FIRED_TRIGGERS", "QRTZ_SCHEDULER_STATE", "QRTZ_LOCKS");

    /** "scheduler name/trigger name@scheduled fire time" to the ids of the instances that ran it. */
    static final Map<String, Queue<String>> EXECUTIONS = new ConcurrentHashMap<>();

    private final List<Scheduler> schedulers = new ArrayList<>();
    private HikariDataSource pool;
    private MetadataDialect dialect;

    /** The test class's database, migrated or not yet. */
    protected abstract DataSource database();

    @BeforeEach
    void migrateAndPool() {
        DataSource database = database();
        dialect = MetadataDialect.of(database);
        Flyway.configure()
                .dataSource(database)
                .locations("classpath:db/migration")
                .placeholders(dialect.flywayPlaceholders())
                .load()
                .migrate();
        HikariConfig config = new HikariConfig();
        config.setDataSource(database);
        config.setMaximumPoolSize(8);
        config.setMinimumIdle(1);
        config.setPoolName("quartz-tables-test");
        pool = new HikariDataSource(config);
    }

    @AfterEach
    void shutDown() throws SchedulerException {
        for (Scheduler scheduler : schedulers) {
            scheduler.shutdown(true);
        }
        pool.close();
    }

    @Test
    void theMigrationCreatesEveryQuartzTableUnderTheNameQuartzQueries() throws SQLException {
        // Unquoted, as Quartz writes its SQL: PostgreSQL folds both sides to lower case.
        try (Connection c = pool.getConnection(); Statement s = c.createStatement()) {
            for (String table : TABLES) {
                try (ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM " + table + " WHERE SCHED_NAME = 'none'")) {
                    assertThat(rs.next()).as(table).isTrue();
                    assertThat(rs.getLong(1)).as(table).isZero();
                }
            }
        }
    }

    @Test
    void twoClusteredSchedulersRunEveryFireExactlyOnce() throws Exception {
        String name = schedulerName("cluster");
        Scheduler first = scheduler(name, "node-a");
        Scheduler second = scheduler(name, "node-b");
        first.start();
        second.start();

        long start = System.currentTimeMillis() / 1000 * 1000 + 2_000;
        int triggers = 3;
        int fires = 5;
        long interval = 1_000;
        Set<String> expected = new TreeSet<>();
        for (int t = 0; t < triggers; t++) {
            JobDetail job = JobBuilder.newJob(RecordingJob.class).withIdentity("job-" + t, "pipelines")
                    .usingJobData("pipeline", "orders-" + t).build();
            Trigger trigger = TriggerBuilder.newTrigger().withIdentity("trigger-" + t, "pipelines")
                    .startAt(new Date(start))
                    .withSchedule(SimpleScheduleBuilder.simpleSchedule()
                            .withIntervalInMilliseconds(interval).withRepeatCount(fires - 1))
                    .build();
            (t % 2 == 0 ? first : second).scheduleJob(job, trigger);
            for (int f = 0; f < fires; f++) {
                expected.add(name + "/trigger-" + t + "@" + (start + f * interval));
            }
        }

        // A fired trigger stays in QRTZ_FIRED_TRIGGERS until its job has returned, and a simple
        // trigger is deleted after its last fire: once both are gone, every execution is recorded.
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200)).untilAsserted(() -> {
            for (int t = 0; t < triggers; t++) {
                assertThat(first.checkExists(TriggerKey.triggerKey("trigger-" + t, "pipelines"))).isFalse();
            }
            assertThat(count("SELECT COUNT(*) FROM QRTZ_FIRED_TRIGGERS WHERE SCHED_NAME = ?", name)).isZero();
        });

        Map<String, Queue<String>> ran = EXECUTIONS.entrySet().stream()
                .filter(e -> e.getKey().startsWith(name + "/"))
                .collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue));
        assertThat(ran.keySet()).containsExactlyInAnyOrderElementsOf(expected);
        assertThat(ran).allSatisfy((fire, instances) -> assertThat(instances).as(fire).hasSize(1));
        assertThat(count("SELECT COUNT(*) FROM QRTZ_SCHEDULER_STATE WHERE SCHED_NAME = ?", name))
                .as("both instances checked in to the cluster").isEqualTo(2);
        assertThat(count("SELECT COUNT(*) FROM QRTZ_JOB_DETAILS WHERE SCHED_NAME = ?", name))
                .as("non-durable jobs removed with their last trigger").isZero();
    }

    @Test
    void aCronTriggerKeepsItsTimeZoneAndJobDataAcrossARestart() throws Exception {
        String name = schedulerName("restart");
        // Not the test JVM's zone (America/Sao_Paulo), and without daylight saving time.
        TimeZone kolkata = TimeZone.getTimeZone("Asia/Kolkata");
        TriggerKey triggerKey = TriggerKey.triggerKey("orders", "pipelines");
        JobKey jobKey = JobKey.jobKey("orders", "pipelines");

        Scheduler before = scheduler(name, "node-a");
        before.start();
        before.scheduleJob(
                JobBuilder.newJob(RecordingJob.class).withIdentity(jobKey).usingJobData("pipeline", "orders").build(),
                TriggerBuilder.newTrigger().withIdentity(triggerKey)
                        .withSchedule(CronScheduleBuilder.cronSchedule("0 30 9 ? * MON-FRI").inTimeZone(kolkata))
                        .build());
        Date nextFire = before.getTrigger(triggerKey).getNextFireTime();
        before.shutdown(true);

        Scheduler after = scheduler(name, "node-a");
        after.start();
        CronTrigger trigger = (CronTrigger) after.getTrigger(triggerKey);
        assertThat(trigger.getCronExpression()).isEqualTo("0 30 9 ? * MON-FRI");
        assertThat(trigger.getTimeZone().getID()).isEqualTo("Asia/Kolkata");
        assertThat(trigger.getNextFireTime()).isEqualTo(nextFire);
        assertThat(trigger.getNextFireTime().toInstant().atZone(ZoneId.of("Asia/Kolkata")).toLocalTime())
                .isEqualTo(LocalTime.of(9, 30));
        assertThat(after.getJobDetail(jobKey).getJobDataMap().getString("pipeline")).isEqualTo("orders");
        assertThat(after.getJobDetail(jobKey).getJobClass()).isEqualTo(RecordingJob.class);
    }

    /**
     * The Quartz properties this contract proves, for {@code spring.quartz.properties}; the data
     * source is handed to Quartz as a connection provider, as Spring's LocalDataSourceJobStore does.
     */
    private Scheduler scheduler(String name, String instanceId) throws SchedulerException {
        String dataSourceName = name + "-" + instanceId + "-" + UUID.randomUUID();
        DBConnectionManager.getInstance().addConnectionProvider(dataSourceName, new PoolProvider(pool));
        Properties p = new Properties();
        p.setProperty("org.quartz.scheduler.instanceName", name);
        p.setProperty("org.quartz.scheduler.instanceId", instanceId);
        p.setProperty("org.quartz.scheduler.idleWaitTime", "1000");
        p.setProperty("org.quartz.threadPool.threadCount", "2");
        p.setProperty("org.quartz.jobStore.class", JobStoreTX.class.getName());
        p.setProperty("org.quartz.jobStore.dataSource", dataSourceName);
        p.setProperty("org.quartz.jobStore.driverDelegateClass", dialect.quartzDriverDelegateClass());
        p.setProperty("org.quartz.jobStore.tablePrefix", "QRTZ_");
        p.setProperty("org.quartz.jobStore.useProperties", "true");
        p.setProperty("org.quartz.jobStore.isClustered", "true");
        p.setProperty("org.quartz.jobStore.clusterCheckinInterval", "1000");
        p.setProperty("org.quartz.jobStore.acquireTriggersWithinLock", "true");
        Scheduler scheduler = new StdSchedulerFactory(p).getScheduler();
        // Quartz keeps one scheduler per name in a JVM-wide repository; two cluster nodes in one JVM
        // share a name, so unbind it as Spring's SchedulerFactoryBean does.
        SchedulerRepository.getInstance().remove(name);
        schedulers.add(scheduler);
        return scheduler;
    }

    private static String schedulerName(String test) {
        return "shardlake-" + test + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    private long count(String sql, String schedulerName) throws SQLException {
        try (Connection c = pool.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, schedulerName);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    /** Records which instance ran which fire. */
    public static class RecordingJob implements Job {
        @Override
        public void execute(JobExecutionContext context) {
            try {
                String fire = context.getScheduler().getSchedulerName() + "/" + context.getTrigger().getKey().getName()
                        + "@" + context.getScheduledFireTime().getTime();
                EXECUTIONS.computeIfAbsent(fire, k -> new ConcurrentLinkedQueue<>())
                        .add(context.getScheduler().getSchedulerInstanceId());
            } catch (SchedulerException e) {
                throw new IllegalStateException(e);
            }
        }
    }

    /** The test's pool for Quartz; the test closes it, not Quartz. */
    private record PoolProvider(DataSource dataSource) implements ConnectionProvider {
        @Override
        public Connection getConnection() throws SQLException {
            return dataSource.getConnection();
        }

        @Override
        public void shutdown() {
        }

        @Override
        public void initialize() {
        }
    }
}
