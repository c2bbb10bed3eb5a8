package io.shardlake.connectors.athena;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.athena.AthenaClient;
import software.amazon.awssdk.services.athena.AthenaClientBuilder;
import software.amazon.awssdk.services.athena.model.ListTableMetadataResponse;
import software.amazon.awssdk.services.athena.model.QueryExecutionContext;
import software.amazon.awssdk.services.athena.model.QueryExecutionState;
import software.amazon.awssdk.services.athena.model.QueryExecutionStatus;
import software.amazon.awssdk.services.athena.model.ResultConfiguration;
import software.amazon.awssdk.services.athena.model.StartQueryExecutionRequest;
import software.amazon.awssdk.services.athena.model.TableMetadata;

/**
 * Runs statements in Athena and reads table metadata. A statement is started with
 * {@code StartQueryExecution} (the settings' workgroup, catalog and database, results under the
 * output location) and {@code GetQueryExecution} is polled every poll interval until it SUCCEEDED,
 * FAILED or was CANCELLED; past the query timeout it is stopped. Time comes from the injected
 * {@link Clock} and waits go through the {@link Sleeper}, so tests never wait.
 *
 * <p>Uses the synchronous client with the Apache HTTP client, as for S3 (the async Netty client
 * conflicts with the Netty Spring Boot pins).
 */
public final class AthenaQueries implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(AthenaQueries.class);

    private final AthenaSettings settings;
    private final AthenaClient athena;
    private final Clock clock;
    private final Sleeper sleeper;
    private final boolean ownsClient;

    /** On a client the caller owns (and closes). */
    public AthenaQueries(AthenaSettings settings, AthenaClient athena, Clock clock, Sleeper sleeper) {
        this(settings, athena, clock, sleeper, false);
    }

    private AthenaQueries(AthenaSettings settings, AthenaClient athena, Clock clock, Sleeper sleeper, boolean ownsClient) {
        this.settings = Objects.requireNonNull(settings, "settings");
        this.athena = Objects.requireNonNull(athena, "athena");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.sleeper = Objects.requireNonNull(sleeper, "sleeper");
        this.ownsClient = ownsClient;
    }

    /** With its own client: the default credentials chain, the settings' region and endpoint. */
    public static AthenaQueries create(AthenaSettings settings, Clock clock) {
        return create(settings, DefaultCredentialsProvider.builder().build(), clock, Sleeper.THREAD);
    }

    /** As {@link #create(AthenaSettings, Clock)} with explicit credentials and sleeper (tests). */
    public static AthenaQueries create(AthenaSettings settings, AwsCredentialsProvider credentials, Clock clock, Sleeper sleeper) {
        AthenaClientBuilder builder = AthenaClient.builder()
                .httpClientBuilder(ApacheHttpClient.builder())
                .credentialsProvider(credentials);
        if (settings.region() != null) {
            builder.region(Region.of(settings.region()));
        }
        if (settings.endpointOverride() != null) {
            builder.endpointOverride(settings.endpointOverride());
        }
        return new AthenaQueries(settings, builder.build(), clock, sleeper, true);
    }

    public AthenaSettings settings() {
        return settings;
    }

    /**
     * Runs one statement to completion.
     *
     * @return Athena's query execution id
     * @throws AthenaQueryException        when it failed or was cancelled (with Athena's reason), or could not be sent
     * @throws AthenaQueryTimeoutException when it ran past the query timeout (it is stopped)
     */
    public String execute(String statement) {
        Instant deadline = clock.instant().plus(settings.queryTimeout());
        String id = start(statement);
        QueryExecutionStatus status = status(statement, id);
        while (!isDone(status.state())) {
            if (!clock.instant().isBefore(deadline)) {
                stop(id);
                throw new AthenaQueryTimeoutException(settings.queryTimeout(), statement, id, status.stateAsString());
            }
            try {
                sleeper.sleep(settings.pollInterval());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                stop(id);
                throw new AthenaQueryException("interrupted while waiting for Athena; stopped the query", statement, id,
                        status.stateAsString(), e);
            }
            status = status(statement, id);
        }
        if (status.state() != QueryExecutionState.SUCCEEDED) {
            String reason = status.stateChangeReason() != null ? status.stateChangeReason()
                    : status.athenaError() != null ? status.athenaError().errorMessage() : "no reason given";
            throw new AthenaQueryException("Athena query " + status.stateAsString() + ": " + reason, statement, id,
                    status.stateAsString(), null);
        }
        log.debug("Athena query {} succeeded: {}", id, statement);
        return id;
    }

    /**
     * The table or view {@code name} of the settings' database as Athena reports it, or empty
     * when there is none. Uses {@code ListTableMetadata} so "missing" is an empty answer rather than
     * an error message to recognise.
     */
    public Optional<ExistingTable> findTable(String name) {
        String token = null;
        do {
            ListTableMetadataResponse page;
            try {
                String next = token;
                page = athena.listTableMetadata(r -> r.catalogName(settings.catalog()).databaseName(settings.database())
                        .expression(name).nextToken(next));
            } catch (SdkException e) {
                throw new AthenaQueryException("could not read table metadata of " + settings.database() + "." + name
                        + ": " + e.getMessage(), "ListTableMetadata " + name, null, null, e);
            }
            for (TableMetadata table : page.tableMetadataList()) {
                if (table.name().equalsIgnoreCase(name)) {
                    return Optional.of(existing(table));
                }
            }
            token = page.nextToken();
        } while (token != null);
        return Optional.empty();
    }

    private static ExistingTable existing(TableMetadata table) {
        return new ExistingTable(table.name(), columns(table.columns()), columns(table.partitionKeys()), table.parameters(),
                table.tableType());
    }

    private static List<AthenaColumn> columns(List<software.amazon.awssdk.services.athena.model.Column> columns) {
        return columns.stream().map(c -> new AthenaColumn(c.name(), c.type() == null ? "" : c.type())).toList();
    }

    private String start(String statement) {
        StartQueryExecutionRequest.Builder request = StartQueryExecutionRequest.builder()
                .queryString(statement)
                .workGroup(settings.workgroup())
                .queryExecutionContext(QueryExecutionContext.builder()
                        .catalog(settings.catalog()).database(settings.database()).build());
        if (settings.outputLocation() != null) {
            request.resultConfiguration(ResultConfiguration.builder().outputLocation(settings.outputLocation()).build());
        }
        try {
            return athena.startQueryExecution(request.build()).queryExecutionId();
        } catch (SdkException e) {
            throw new AthenaQueryException("could not start the Athena query: " + e.getMessage(), statement, null, null, e);
        }
    }

    private QueryExecutionStatus status(String statement, String id) {
        try {
            return athena.getQueryExecution(r -> r.queryExecutionId(id)).queryExecution().status();
        } catch (SdkException e) {
            throw new AthenaQueryException("could not read the state of the Athena query: " + e.getMessage(), statement, id,
                    null, e);
        }
    }

    private void stop(String id) {
        try {
            athena.stopQueryExecution(r -> r.queryExecutionId(id));
        } catch (SdkException e) {
            log.warn("could not stop Athena query {}: {}", id, e.toString());
        }
    }

    private static boolean isDone(QueryExecutionState state) {
        return state == QueryExecutionState.SUCCEEDED || state == QueryExecutionState.FAILED
                || state == QueryExecutionState.CANCELLED;
    }

    @Override
    public void close() {
        if (ownsClient) {
            athena.close();
        }
    }
}
