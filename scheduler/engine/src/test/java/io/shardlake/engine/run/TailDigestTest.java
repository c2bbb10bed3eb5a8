package io.shardlake.engine.run;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.LocalDateTime;
import org.junit.jupiter.api.Test;

class TailDigestTest {

    private static final LocalDateTime T = LocalDateTime.parse("2026-11-23T12:00:00.123");

    @Test
    void containsExactlyTheKeyAndCursorPairsAdded() {
        TailDigest.Builder b = TailDigest.empty().next(T.minusMinutes(10));
        b.add(T, new Object[] {42L});
        b.add(T, new Object[] {43L});
        TailDigest d = b.build();

        assertThat(d.contains(T, new Object[] {42L})).isTrue();
        assertThat(d.contains(T, new Object[] {43L})).isTrue();
        assertThat(d.contains(T, new Object[] {44L})).isFalse();
        assertThat(d.contains(T.plusNanos(1000), new Object[] {42L})).as("same key, other cursor value").isFalse();
    }

    @Test
    void entriesBelowItsStartAreNeitherAddedNorCarriedOver() {
        TailDigest.Builder first = TailDigest.empty().next(T.minusMinutes(10));
        first.add(T.minusMinutes(5), new Object[] {1L});
        first.add(T, new Object[] {2L});
        TailDigest carried = first.build().next(T.minusMinutes(1)).build();

        assertThat(carried.contains(T.minusMinutes(5), new Object[] {1L})).isFalse();
        assertThat(carried.contains(T, new Object[] {2L})).isTrue();
        assertThat(carried.from()).isEqualTo(T.minusMinutes(1));
        assertThat(first.covers(T.minusMinutes(11))).isFalse();
    }

    @Test
    void roundTripsThroughBytesAndDropsDuplicates() {
        TailDigest.Builder b = TailDigest.empty().next(T.minusMinutes(10));
        b.add(T, new Object[] {"a", 1L});
        b.add(T, new Object[] {"a", 1L});
        b.add(T.minusSeconds(1), new Object[] {"b", 2L});
        TailDigest d = b.build();

        TailDigest back = TailDigest.fromBytes(d.from(), d.toBytes());

        assertThat(back.size()).isEqualTo(2);
        assertThat(back.contains(T, new Object[] {"a", 1L})).isTrue();
        assertThat(back.contains(T.minusSeconds(1), new Object[] {"b", 2L})).isTrue();
    }

    @Test
    void compositeKeysAreNotConfusedByConcatenation() {
        TailDigest.Builder b = TailDigest.empty().next(T.minusMinutes(10));
        b.add(T, new Object[] {"ab", "c"});
        TailDigest d = b.build();

        assertThat(d.contains(T, new Object[] {"a", "bc"})).isFalse();
    }

    @Test
    void aCorruptDigestIsRefused() {
        assertThatThrownBy(() -> TailDigest.fromBytes(T, new byte[5])).hasMessageContaining("corrupt tail digest");
    }
}
