package io.shardlake.engine.metadata;

import io.shardlake.connectors.testing.MySqlDatabase;
import io.shardlake.engine.run.MetadataDatabases;
import io.shardlake.engine.run.RunRepository;
import org.junit.jupiter.api.extension.RegisterExtension;

class MariaDbRunRepositoryIntegrationTest extends RunRepositoryContract {

    @RegisterExtension
    static MySqlDatabase database = MySqlDatabase.create();

    private static RunRepository runs;

    @Override
    protected RunRepository repository() {
        if (runs == null) {
            runs = new JdbcRunRepository(MetadataDatabases.migrated(database.dataSource()));
        }
        return runs;
    }
}
