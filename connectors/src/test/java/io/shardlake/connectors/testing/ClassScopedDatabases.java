package io.shardlake.connectors.testing;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * JUnit extension base: fresh databases for one test class, created before its first test and
 * dropped after its last. Register subclasses on a {@code static} field with
 * {@code @RegisterExtension}; {@code @Nested} classes share the outer class's databases.
 *
 * <p>Each database is named {@code <unique prefix><suffix>}, one per suffix given to the constructor.
 */
public abstract class ClassScopedDatabases implements BeforeAllCallback, AfterAllCallback, BeforeEachCallback {

    private final TestDatabaseServer server;
    private final List<String> suffixes;
    private final String area;
    private String ownerContextId;
    private List<String> names = List.of();

    protected ClassScopedDatabases(TestDatabaseServer server, List<String> suffixes) {
        this(server, suffixes, null);
    }

    /** @param area names the databases {@code sl_<area>_<random>} instead of after the test class's initials */
    protected ClassScopedDatabases(TestDatabaseServer server, List<String> suffixes, String area) {
        this.server = server;
        this.suffixes = List.copyOf(suffixes);
        this.area = area;
    }

    @Override
    public void beforeAll(ExtensionContext context) throws SQLException {
        if (ownerContextId != null) {
            return; // a @Nested class: the outer class's databases are in place
        }
        String prefix = DatabaseNames.uniquePrefix(context.getRequiredTestClass(), area);
        List<String> created = new ArrayList<>();
        try {
            for (String suffix : suffixes) {
                String name = prefix + suffix;
                server.createDatabase(name);
                created.add(name);
            }
        } catch (SQLException | RuntimeException e) {
            dropAll(created, e);
            throw e;
        }
        names = List.copyOf(created);
        ownerContextId = context.getUniqueId();
    }

    @Override
    public void afterAll(ExtensionContext context) throws SQLException {
        if (!context.getUniqueId().equals(ownerContextId)) {
            return; // a @Nested class ended; its outer class still runs
        }
        List<String> dropping = names;
        names = List.of();
        ownerContextId = null;
        SQLException failure = dropAll(dropping, null);
        if (failure != null) {
            throw failure;
        }
    }

    @Override
    public void beforeEach(ExtensionContext context) {
        requireStarted();
    }

    /** Names of the databases, in the order of the suffixes. */
    public final List<String> databaseNames() {
        requireStarted();
        return names;
    }

    public final String user() {
        return server.endpoint().user();
    }

    public final String password() {
        return server.endpoint().password();
    }

    protected final String jdbcUrl(int index) {
        return server.jdbcUrl(databaseNames().get(index));
    }

    protected final DataSource dataSource(int index) {
        return server.dataSource(databaseNames().get(index));
    }

    protected final Connection connection(int index) throws SQLException {
        return server.connect(databaseNames().get(index));
    }

    protected final void execute(int index, String sql) throws SQLException {
        try (Connection connection = connection(index); Statement statement = connection.createStatement()) {
            statement.execute(sql);
        }
    }

    private void requireStarted() {
        if (ownerContextId == null) {
            throw new IllegalStateException(getClass().getSimpleName() + " has no databases: register it on a"
                    + " static field (@RegisterExtension static ...) so they are created before all tests");
        }
    }

    /** Drops every database, going on past failures; returns the first failure with the rest suppressed. */
    private SQLException dropAll(List<String> databases, Exception alreadyFailing) {
        SQLException first = null;
        for (String name : databases) {
            try {
                server.dropDatabase(name);
            } catch (SQLException e) {
                if (alreadyFailing != null) {
                    alreadyFailing.addSuppressed(e);
                } else if (first == null) {
                    first = e;
                } else {
                    first.addSuppressed(e);
                }
            }
        }
        return first;
    }
}
