package io.shardlake.engine.backfill;

import io.shardlake.engine.definition.AllowedWindow;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.shardlake.transforms.PartitionGranularity;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class BackfillRequestValidatorTest {

    private static final Instant NOW = Instant.parse("2026-11-24T13:05:00Z");
    private static final List<String> SHARDS = List.of("shard01", "shard02", "shard03");
    private final BackfillRequestValidator validator = new BackfillRequestValidator(Clock.fixed(NOW, ZoneOffset.UTC));

    private static BackfillInput input(String from, String to) {
        return new BackfillInput(from, to, null, null, null, null, null);
    }

    private BackfillRequest valid(BackfillInput input, PartitionGranularity g) {
        return validator.validate(input, SHARDS, g);
    }

    private List<FieldError> errors(BackfillRequestValidator v, BackfillInput input, PartitionGranularity g) {
        InvalidBackfillException e = catchThrowableOfType(InvalidBackfillException.class, () -> v.validate(input, SHARDS, g));
        assertThat(e).as("expected the request to be refused").isNotNull();
        return e.errors();
    }

    private List<FieldError> errors(BackfillInput input, PartitionGranularity g) {
        return errors(validator, input, g);
    }

    @Test
    void datesAreWholeUtcDaysAndTheDefaultsApply() {
        BackfillRequest r = valid(input("2026-11-01", "2026-11-03"), PartitionGranularity.DAY);

        assertThat(r.from()).isEqualTo(Instant.parse("2026-11-01T00:00:00Z"));
        assertThat(r.to()).as("exclusive: the 1st and the 2nd").isEqualTo(Instant.parse("2026-11-03T00:00:00Z"));
        assertThat(r.shards()).as("every shard of the source").isEqualTo(SHARDS);
        assertThat(r.maxConcurrency()).isEqualTo(2);
        assertThat(r.allowedWindow()).isNull();
        assertThat(r.dryRun()).isFalse();
    }

    @Test
    void everyFieldIsParsedFromItsJsonText() {
        BackfillRequest r = valid(new BackfillInput("2026-11-20T06:00:00Z", "2026-11-20T09:00:00Z", List.of("shard03", "shard01"), "4",
                "22:00-06:00", "Europe/Berlin", "true"), PartitionGranularity.HOUR);

        assertThat(r.from()).isEqualTo(Instant.parse("2026-11-20T06:00:00Z"));
        assertThat(r.to()).isEqualTo(Instant.parse("2026-11-20T09:00:00Z"));
        assertThat(r.shards()).as("in the source's order").containsExactly("shard01", "shard03");
        assertThat(r.maxConcurrency()).isEqualTo(4);
        assertThat(r.allowedWindow()).isEqualTo(new AllowedWindow(LocalTime.of(22, 0), LocalTime.of(6, 0), ZoneId.of("Europe/Berlin")));
        assertThat(r.dryRun()).isTrue();
    }

    @Test
    void instantsWithAnOffsetAreTakenAsTheUtcInstantTheyName() {
        BackfillRequest r = valid(input("2026-11-20T07:00:00+01:00", "2026-11-20T10:00:00+01:00"), PartitionGranularity.HOUR);

        assertThat(r.from()).isEqualTo(Instant.parse("2026-11-20T06:00:00Z"));
    }

    @Test
    void aWindowWithoutAZoneIsInUtc() {
        BackfillRequest r = valid(new BackfillInput("2026-11-01", "2026-11-02", null, null, "01:00-05:00", null, "false"), PartitionGranularity.DAY);

        assertThat(r.allowedWindow().zone()).isEqualTo(ZoneOffset.UTC);
    }

    @Test
    void aBackfillMayEndNowButNotLater() {
        BackfillRequest r = valid(input("2026-11-23", "2026-11-24"), PartitionGranularity.DAY);

        assertThat(r.to()).isEqualTo(Instant.parse("2026-11-24T00:00:00Z"));
    }

    @Test
    void everyProblemIsReportedAtOnceWithTheFieldAndAValidExample() {
        List<FieldError> errors = errors(new BackfillInput("yesterday", "2026-11-01T06:00", List.of("shard01", "shard13", "shard01", " "), "0",
                "10pm-6am", "Berlin", "yes"), PartitionGranularity.DAY);

        assertThat(errors).extracting(FieldError::toString).containsExactly(
                "from: 'yesterday' is not a date or an instant; use a date such as 2026-11-01 (a whole UTC day) or an instant such as"
                        + " 2026-11-01T06:00:00Z",
                "to: '2026-11-01T06:00' has no zone; partitions are UTC, so give an instant such as 2026-11-01T06:00Z (UTC) or with an"
                        + " offset, 2026-11-01T06:00+01:00",
                "shards[1]: 'shard13' is not a shard of this pipeline's source; use one of shard01, shard02, shard03, or omit shards for"
                        + " all of them",
                "shards[2]: 'shard01' is listed twice; list each shard once",
                "shards[3]: is empty; use one of shard01, shard02, shard03, or omit shards for all of them",
                "max_concurrency: 0 is out of range; use 1 to 8, e.g. 2 (shards reloaded at once; each also counts against its replica"
                        + " host's limit)",
                "allowed_window_zone: 'Berlin' is not a time zone; use a region such as Europe/Berlin, or UTC",
                "allowed_window: '10pm-6am' is not a time range; use HH:mm-HH:mm, e.g. 22:00-06:00",
                "dry_run: 'yes' is not a boolean; use true (plan and estimate only) or false");
    }

    static Stream<Arguments> badRanges() {
        return Stream.of(
                Arguments.of(PartitionGranularity.DAY, "2026-11-02", "2026-11-02", new String[] {
                        "to: 2026-11-02T00:00:00Z is not after from 2026-11-02T00:00:00Z; to is exclusive: from 2026-11-01 to 2026-11-02"
                                + " is the day of 2026-11-01"}),
                Arguments.of(PartitionGranularity.DAY, "2026-11-20", "2026-11-25", new String[] {
                        "to: 2026-11-25T00:00:00Z is in the future (now is 2026-11-24T13:05:00Z); a backfill replaces complete partitions"
                                + " only (scheduled runs still write the current one), e.g. to 2026-11-24"}),
                Arguments.of(PartitionGranularity.HOUR, "2026-11-24T12:00:00Z", "2026-11-24T14:00:00Z", new String[] {
                        "to: 2026-11-24T14:00:00Z is in the future (now is 2026-11-24T13:05:00Z); a backfill replaces complete partitions"
                                + " only (scheduled runs still write the current one), e.g. to 2026-11-24T13:00:00Z"}),
                Arguments.of(PartitionGranularity.DAY, "2026-11-25", "2026-11-26", new String[] {
                        "from: 2026-11-25T00:00:00Z is in the future (now is 2026-11-24T13:05:00Z)",
                        "to: 2026-11-26T00:00:00Z is in the future (now is 2026-11-24T13:05:00Z); a backfill replaces complete partitions"
                                + " only (scheduled runs still write the current one), e.g. to 2026-11-24"}),
                Arguments.of(PartitionGranularity.DAY, "2025-01-01", "2026-02-06", new String[] {
                        "to: [2025-01-01T00:00:00Z, 2026-02-06T00:00:00Z) spans 401 days; a backfill may span at most 400 days: split it"
                                + " into several, e.g. from 2025-01-01 to 2026-02-05"}),
                Arguments.of(PartitionGranularity.DAY, "2026-11-20T06:00:00Z", "2026-11-21T18:30:00Z", new String[] {
                        "from: 2026-11-20T06:00:00Z is inside partition dt=2026-11-20; a backfill replaces whole day partitions (UTC) and"
                                + " does not widen a range; to reload every partition this range touches, use from 2026-11-20 to 2026-11-22"
                                + " ([2026-11-20T00:00:00Z, 2026-11-22T00:00:00Z))",
                        "to: 2026-11-21T18:30:00Z is inside partition dt=2026-11-21; a backfill replaces whole day partitions (UTC) and"
                                + " does not widen a range; to reload every partition this range touches, use from 2026-11-20 to 2026-11-22"
                                + " ([2026-11-20T00:00:00Z, 2026-11-22T00:00:00Z))"}),
                Arguments.of(PartitionGranularity.MONTH, "2026-09-01", "2026-10-15", new String[] {
                        "to: 2026-10-15T00:00:00Z is inside partition dt=2026-10; a backfill replaces whole month partitions (UTC) and"
                                + " does not widen a range; to reload every partition this range touches, use from 2026-09-01 to 2026-11-01"
                                + " ([2026-09-01T00:00:00Z, 2026-11-01T00:00:00Z))"}),
                Arguments.of(PartitionGranularity.HOUR, "2026-11-20T06:30:00Z", "2026-11-20T08:00:00Z", new String[] {
                        "from: 2026-11-20T06:30:00Z is inside partition dt=2026-11-20-06; a backfill replaces whole hour partitions (UTC)"
                                + " and does not widen a range; to reload every partition this range touches, use from 2026-11-20T06:00:00Z"
                                + " to 2026-11-20T08:00:00Z ([2026-11-20T06:00:00Z, 2026-11-20T08:00:00Z))"}));
    }

    @ParameterizedTest(name = "[{1}, {2}) by {0}")
    @MethodSource("badRanges")
    void rangesThatAreEmptyInTheFutureTooLongOrNotOnPartitionBoundariesAreRefused(PartitionGranularity g, String from, String to,
                                                                                  String[] expected) {
        assertThat(errors(input(from, to), g)).extracting(FieldError::toString).containsExactly(expected);
    }

    @Test
    void theLongestAllowedSpanIsAccepted() {
        assertThat(valid(input("2025-01-01", "2026-02-05"), PartitionGranularity.DAY).to()).isEqualTo(Instant.parse("2026-02-05T00:00:00Z"));
    }

    @Test
    void theMaximumSpanAndConcurrencyCapAreConfigurable() {
        BackfillRequestValidator strict = new BackfillRequestValidator(Clock.fixed(NOW, ZoneOffset.UTC), Duration.ofDays(7), 1);

        assertThat(errors(strict, new BackfillInput("2026-11-01", "2026-11-09", null, "2", null, null, null), PartitionGranularity.DAY))
                .extracting(FieldError::toString).containsExactly(
                        "to: [2026-11-01T00:00:00Z, 2026-11-09T00:00:00Z) spans 8 days; a backfill may span at most 7 days: split it"
                                + " into several, e.g. from 2026-11-01 to 2026-11-08",
                        "max_concurrency: 2 is out of range; use 1 to 1, e.g. 1 (shards reloaded at once; each also counts against its"
                                + " replica host's limit)");
        assertThat(strict.validate(input("2026-11-01", "2026-11-08"), SHARDS, PartitionGranularity.DAY).maxConcurrency())
                .as("the default never exceeds the cap").isEqualTo(1);
    }

    @Test
    void missingBoundsAnEmptyShardListAndAZoneWithoutAWindowAreNamed() {
        List<FieldError> errors = errors(new BackfillInput(null, " ", List.of(), "two", null, "Europe/Berlin", null), PartitionGranularity.DAY);

        assertThat(errors).extracting(FieldError::toString).containsExactly(
                "from: is required; use a date such as 2026-11-01 (a whole UTC day) or an instant such as 2026-11-01T06:00:00Z",
                "to: is required; use a date such as 2026-11-01 (a whole UTC day) or an instant such as 2026-11-01T06:00:00Z",
                "shards: is empty; omit shards to backfill every shard, or list some, e.g. [shard01]",
                "max_concurrency: 'two' is not a whole number; use 1 to 8, e.g. 2",
                "allowed_window_zone: is given without allowed_window; add one, e.g. allowed_window 22:00-06:00, or omit allowed_window_zone");
    }

    @Test
    void valuesAreReadStrictlyNotGuessed() {
        List<FieldError> errors = errors(new BackfillInput("2026-11-01\u0000", "2026-11-02", null, "+5", "24:00-01:00", null, "true"),
                PartitionGranularity.DAY);

        assertThat(errors).extracting(FieldError::toString).containsExactly(
                "from: '2026-11-01U+0000' contains the control character U+0000 at position 11; remove it; use a date such as"
                        + " 2026-11-01 (a whole UTC day) or an instant such as 2026-11-01T06:00:00Z",
                "max_concurrency: '+5' is not a whole number; use 1 to 8, e.g. 2",
                "allowed_window: '24:00-01:00' has an invalid time; use HH:mm-HH:mm from 00:00 to 23:59, e.g. 22:00-06:00");
    }

    @Test
    void theExceptionMessageListsEveryProblem() {
        InvalidBackfillException e = catchThrowableOfType(InvalidBackfillException.class,
                () -> validator.validate(new BackfillInput("2026-11-01", "2026-11-02", null, "9", "22:00-22:00", null, null), SHARDS,
                        PartitionGranularity.DAY));

        assertThat(e.errors()).extracting(FieldError::field).containsExactly("max_concurrency", "allowed_window");
        assertThat(e).hasMessageContaining("max_concurrency: 9 is out of range").hasMessageContaining("; allowed_window: '22:00-22:00'");
    }
}
