package io.shardlake.engine.metadata;

import io.shardlake.engine.run.MetadataDatabases;
import io.shardlake.engine.run.RunRepository;

class H2RunRepositoryTest extends RunRepositoryContract {

    private static final RunRepository RUNS = new JdbcRunRepository(MetadataDatabases.h2("contract"));

    @Override
    protected RunRepository repository() {
        return RUNS;
    }
}
