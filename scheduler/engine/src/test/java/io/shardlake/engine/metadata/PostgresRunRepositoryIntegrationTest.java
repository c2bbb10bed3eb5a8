package io.shardlake.engine.metadata;

import io.shardlake.connectors.testing.PostgresDatabase;
import io.shardlake.engine.run.MetadataDatabases;
import io.shardlake.engine.run.RunRepository;
import org.junit.jupiter.api.extension.RegisterExtension;

class PostgresRunRepositoryIntegrationTest extends RunRepositoryContract {

    @RegisterExtension
    static PostgresDatabase database = PostgresDatabase.create();

    private static RunRepository runs;

    @Override
    protected RunRepository repository() {
        if (runs == null) {
            runs = new JdbcRunRepository(MetadataDatabases.migrated(database.dataSource()));
        }
        return runs;
    }
}
