package io.shardlake.app.benchmark;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import java.util.regex.Pattern;
import javax.sql.DataSource;
import org.springframework.jdbc.datasource.DelegatingDataSource;

/**
 * Counts the statements the service sends to its metadata database: every {@code execute*} call
 * (a batch counts once: one round trip) on connections of the wrapped pool, by the calling
 * thread's role ({@link ThreadRoles}) and by SQL text, plus commits and rollbacks. Wraps the
 * service's {@code DataSource} bean, so Flyway, Quartz's job store and the run queue are all seen.
 */
final class StatementCounter {

    private static final Set<String> EXECUTE = Set.of("execute", "executeQuery", "executeUpdate", "executeLargeUpdate",
            "executeBatch", "executeLargeBatch");
    private static final Pattern PLACEHOLDER_LIST = Pattern.compile("\\?(\\s*,\\s*\\?)+");
    private static final Pattern SPACES = Pattern.compile("\\s+");

    private final Map<String, LongAdder> byRole = new ConcurrentHashMap<>();
    private final Map<String, LongAdder> bySql = new ConcurrentHashMap<>();
    private final Map<String, String> normalized = new ConcurrentHashMap<>();

    /** Counts so far: statements by role, by SQL text, and commits/rollbacks (key {@code "commit"}/{@code "rollback"}). */
    record Snapshot(Map<String, Long> byRole, Map<String, Long> bySql) {

        long statements() {
            return byRole.entrySet().stream().filter(e -> !e.getKey().startsWith("tx:")).mapToLong(Map.Entry::getValue).sum();
        }

        long transactionEnds() {
            return byRole.entrySet().stream().filter(e -> e.getKey().startsWith("tx:")).mapToLong(Map.Entry::getValue).sum();
        }

        Snapshot minus(Snapshot earlier) {
            return new Snapshot(subtract(byRole, earlier.byRole), subtract(bySql, earlier.bySql));
        }

        private static Map<String, Long> subtract(Map<String, Long> now, Map<String, Long> before) {
            Map<String, Long> out = new TreeMap<>();
            now.forEach((k, v) -> {
                long d = v - before.getOrDefault(k, 0L);
                if (d != 0) {
                    out.put(k, d);
                }
            });
            return out;
        }
    }

    Snapshot snapshot() {
        return new Snapshot(copy(byRole), copy(bySql));
    }

    private static Map<String, Long> copy(Map<String, LongAdder> counts) {
        Map<String, Long> out = new TreeMap<>();
        counts.forEach((k, v) -> out.put(k, v.sum()));
        return out;
    }

    DataSource wrap(DataSource target) {
        return new DelegatingDataSource(target) {
            @Override
            public Connection getConnection() throws SQLException {
                return connection(super.getConnection());
            }

            @Override
            public Connection getConnection(String username, String password) throws SQLException {
                return connection(super.getConnection(username, password));
            }
        };
    }

    private Connection connection(Connection target) {
        return proxy(Connection.class, target, (proxy, method, args) -> {
            String name = method.getName();
            if (name.equals("commit") || name.equals("rollback")) {
                count(byRole, "tx:" + name);
            }
            Object result = invoke(method, target, args);
            if (result instanceof Statement statement && !name.equals("unwrap")) {
                String sql = args != null && args.length > 0 && args[0] instanceof String s ? s : null;
                return statement(statement, sql);
            }
            return result;
        });
    }

    /** A Statement, PreparedStatement or CallableStatement that counts its executions. */
    private Object statement(Statement target, String preparedSql) {
        return Proxy.newProxyInstance(StatementCounter.class.getClassLoader(), interfaces(target), (proxy, method, args) -> {
            if (EXECUTE.contains(method.getName())) {
                String sql = preparedSql != null ? preparedSql
                        : args != null && args.length > 0 && args[0] instanceof String s ? s : "(batch of plain statements)";
                count(byRole, ThreadRoles.of(Thread.currentThread().getName()));
                count(bySql, normalized.computeIfAbsent(sql, StatementCounter::normalize));
            }
            return invoke(method, target, args);
        });
    }

    private static Class<?>[] interfaces(Statement target) {
        if (target instanceof java.sql.CallableStatement) {
            return new Class<?>[] {java.sql.CallableStatement.class};
        }
        if (target instanceof java.sql.PreparedStatement) {
            return new Class<?>[] {java.sql.PreparedStatement.class};
        }
        return new Class<?>[] {Statement.class};
    }

    /** One line, lists of placeholders folded ({@code IN (?, ?, ?)} → {@code IN (?…)}). */
    static String normalize(String sql) {
        return PLACEHOLDER_LIST.matcher(SPACES.matcher(sql.trim()).replaceAll(" ")).replaceAll("?…");
    }

    private static void count(Map<String, LongAdder> counts, String key) {
        counts.computeIfAbsent(key, k -> new LongAdder()).increment();
    }

    @SuppressWarnings("unchecked")
    private static <T> T proxy(Class<T> type, T target, InvocationHandler handler) {
        return (T) Proxy.newProxyInstance(StatementCounter.class.getClassLoader(), new Class<?>[] {type}, handler);
    }

    private static Object invoke(Method method, Object target, Object[] args) throws Throwable {
        try {
            return method.invoke(target, args);
        } catch (InvocationTargetException e) {
            throw e.getCause();
        }
    }
}
